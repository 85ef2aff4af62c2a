"""Why apply refused an input that check let through, and whether check could have known.

`classify(kind, inputs, error)` → a `Refusal`:
- `OFFLINE`: a rule that needs nothing but the input (format, length, digits, universal emergency
  numbers, toll-free, a document's content, numbers of several countries in one order...): check
  must refuse it at preview. A refusal of this class fails the sweep.
- `ORGANISATION`: a rule that needs the organisation's state (a number owned by someone else or
  outside the inventory, an extension taken, a person without a line, the location's country and
  its emergency codes, the plan's tier, the account owner...): preview learns these from an
  organisation snapshot, not from the input alone.
- `SUBMISSION`: a rule about the day the order is submitted (the bill at most 30 days old, the
  requested date a future business day of the location's country): deliberately left to apply, so
  that a preview a month later does not start failing.
- `UNCLASSIFIED`: a refusal no rule here explains (a new error code, a crash, a 5xx): it fails
  the sweep until someone adds it to the right class.

API refusals are classified by errorCode (`sandbox/errors.py`), the provider's own by message.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import phonenumbers

from callplan_provider.client.session import ApiError
from callplan_provider.resources.base import CallplanError

OFFLINE = "offline"
ORGANISATION = "organisation"
SUBMISSION = "submission"
UNCLASSIFIED = "unclassified"

# errorCode → (class, the rule), for the API's 400s; every 404 and 409 is the organisation's.
API_RULES: dict[int, tuple[str, str]] = {
    8362: (OFFLINE, "a valid phone number"),
    25403: (OFFLINE, "no toll-free number in a calling plan"),
    4910: (OFFLINE, "an extension of 2 to 6 digits"),
    25511: (OFFLINE, "a phone menu needs a number or an extension"),
    25513: (OFFLINE, "each menu key once"),
    25514: (OFFLINE, "a transfer needs a destination"),
    25503: (OFFLINE, "well-formed schedule events"),
    25520: (OFFLINE, "a document is a PDF or a PNG by content"),
    25521: (OFFLINE, "a document of at most 10 MB"),
    25525: (OFFLINE, "a PIN of 4 to 10 letters or digits"),
    25008: (OFFLINE, "a well-formed request"),
    400411: (OFFLINE, "a calling line needs an extension or a number"),
    4911: (ORGANISATION, "not an emergency number of the location's country"),
    25401: (ORGANISATION, "a calling plan in the location's country"),
    25402: (ORGANISATION, "call recording needs the BUSINESS tier"),
    25404: (ORGANISATION, "the number is in the location's inventory"),
    25405: (ORGANISATION, "the number is active"),
    25408: (ORGANISATION, "a free calling licence"),
    25411: (ORGANISATION, "a calling user's location cannot change"),
    25412: (ORGANISATION, "the person has no other calling line"),
    25416: (ORGANISATION, "the person has a calling line"),
    25512: (ORGANISATION, "the schedule exists in the location"),
    25515: (ORGANISATION, "a transfer to an extension in use in the location"),
    25419: (ORGANISATION, "an alternate number is neither primary nor the person's own"),
    25522: (ORGANISATION, "the document exists"),
    25524: (ORGANISATION, "the letter of agency is signed by the account owner"),
    400000: (ORGANISATION, "the licence exists"),
    25523: (SUBMISSION, "the bill is at most 30 days old at submission"),
}

# The provider's own refusals (a `CallplanError` with no API error behind it): it asked the
# organisation first. Anything else it raises at apply is unclassified.
PROVIDER_RULES: list[tuple[str, str, str]] = [
    (r"invalid inputs:", OFFLINE, "apply validates the inputs as check does"),
    (r"already exists \(id .*adopt=True", ORGANISATION, "the natural key is free (or adopt=True)"),
    (r"is the location's main number", ORGANISATION, "not the location's main number (MainNumber's)"),
    (r"named in a menu key does not exist", ORGANISATION, "a menu key's user exists"),
    (r"has no extension or number yet", ORGANISATION, "a menu key's user has a line"),
    (r"has no calling line", ORGANISATION, "the main number's user has a line"),
    (r"nobody has extension", ORGANISATION, "the main number's extension is in use"),
    (r"already has its own number", ORGANISATION, "the main number's menu has no number of its own"),
    (r"a menu has one number", ORGANISATION, "a menu the main number rings gets no second number"),
    (r"is the own number of", ORGANISATION, "a new main number is a number nobody has"),
    (
        r"has no extension: (their line|without the main)",
        ORGANISATION,
        "the main number's holder keeps a way in",
    ),
    (r"needs the BUSINESS tier", ORGANISATION, "call recording needs the BUSINESS tier"),
    (r"has several locations|has no location", ORGANISATION, "a location to default to"),
    (r"cannot be cancelled any more", ORGANISATION, "a port order can be cancelled until 48 h before FOC"),
]


@dataclass(frozen=True)
class Refusal:
    category: str
    rule: str
    message: str


def classify(kind: str, inputs: Mapping[str, Any], error: BaseException) -> Refusal:
    if not isinstance(error, CallplanError):
        return Refusal(UNCLASSIFIED, f"{kind} crashed with {type(error).__name__}", repr(error))
    api_error = _api_error(error)
    if api_error is not None:
        category, rule = _api_rule(inputs, api_error)
        return Refusal(category, rule, str(error))
    for pattern, category, rule in PROVIDER_RULES:
        if re.search(pattern, str(error)):
            return Refusal(category, rule, str(error))
    return Refusal(UNCLASSIFIED, f"a {kind} refusal no rule here explains", str(error))


def _api_error(error: BaseException) -> ApiError | None:
    """The API error behind a provider's `CallplanError` (raised `from None`: kept as the context)."""
    seen: BaseException | None = error
    while seen is not None:
        if isinstance(seen, ApiError):
            return seen
        seen = seen.__cause__ or seen.__context__
    return None


def _api_rule(inputs: Mapping[str, Any], error: ApiError) -> tuple[str, str]:
    if error.status in (404, 409):
        return ORGANISATION, f"{error.status}: the organisation's objects ({error.code})"
    if error.status is None or error.status >= 500:
        return UNCLASSIFIED, f"the API answered {error.status}: a sandbox fault"
    refine = _REFINED.get(error.code or 0)
    if refine is not None:
        return refine(inputs, error)
    return API_RULES.get(error.code or 0, (UNCLASSIFIED, f"errorCode {error.code} is not classified"))


def _wrong_country(inputs: Mapping[str, Any], error: ApiError) -> tuple[str, str]:
    """One order's numbers of several countries are wrong for any location; one country, for this one."""
    countries = {_country_of(n) for n in inputs.get("phone_numbers") or []}
    if len(countries) > 1:
        return OFFLINE, "the numbers of one port order are of one country"
    return ORGANISATION, "the numbers are of the location's country"


def _country_of(number: Any) -> str | None:
    try:
        return phonenumbers.region_code_for_number(phonenumbers.parse(str(number), None))
    except phonenumbers.NumberParseException:
        return None


def _invalid_port_order(inputs: Mapping[str, Any], error: ApiError) -> tuple[str, str]:
    text = str(error)
    if "requestedPortDate" in text:
        return SUBMISSION, "the requested date is a future business day of the location's country"
    if "more than once" in text:
        return OFFLINE, "each number once in a port order"
    return UNCLASSIFIED, "an invalid port order the sweep cannot explain"


_REFINED: dict[int, Callable[[Mapping[str, Any], ApiError], tuple[str, str]]] = {
    25415: _wrong_country,
    25531: _invalid_port_order,
}


@dataclass(frozen=True)
class KnownGap:
    """A check gap someone else is fixing: counted by the sweep, not failed, until it is gone."""

    kind: str
    what: str
    matches: Callable[[Mapping[str, Any]], bool]


KNOWN_GAPS = [
    KnownGap(
        "User",
        "display_name defaulted to first + last over 128 characters passes check",
        lambda inputs: isinstance(inputs.get("display_name"), str) and len(inputs["display_name"]) > 128,
    ),
]


def known_gap(kind: str, inputs: Mapping[str, Any]) -> KnownGap | None:
    return next((gap for gap in KNOWN_GAPS if gap.kind == kind and gap.matches(inputs)), None)
