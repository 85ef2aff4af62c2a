"""Offline validation of phone numbers and extensions: the one home every resource kind uses.

- `normalise_e164(value)`: a valid number written with `+` and its country code, returned in E.164
  (`"+1 (415) 555-0100"` → `"+14155550100"`); validity is phonenumbers' metadata for that country.
  A number with an extension (`"+1 415 555 0101 ext. 5"`) is refused: E.164 has no room for it.
- `is_toll_free(e164)`: phonenumbers' number type is TOLL_FREE.
- `country_of(e164)`: the country (ISO 3166 alpha-2) the number belongs to, e.g. US or CA for +1.
- `normalise_plan_number(value)`: E.164 and not toll-free (a calling plan holds no toll-free
  numbers: the inventory, a line's direct number, a menu's own number, a ported number).
- `normalise_extension(value)`: 2 to 6 ASCII digits, not one of `EMERGENCY_NUMBERS`.

For pydantic models: `PhoneNumber` (E.164, toll-free allowed: e.g. a transfer to a supplier's
free-phone line), `PlanNumber` and `ExtensionDigits`; each raises `ValueError` with a message that
says what to write instead. A number given where text is expected (`extension=201`) is refused with
"write it as a string": turning it into digits would silently drop a leading zero (YAML reads
`0201` as 201).

What is left to the API, because it depends on the organisation or the country: whether a number
is in the inventory, in which location, and which short codes besides the universal ones a
country reserves (the sandbox refuses those, e.g. "101" in the UK, with a 400 at apply time).
No network, no state: safe in `check`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

import phonenumbers
from pydantic import AfterValidator, BeforeValidator

# Emergency codes refused as extensions in every country (North America, the EU/GSM, the UK and
# others, Australia). Country-specific ones are the API's to refuse.
EMERGENCY_NUMBERS = frozenset({"911", "112", "999", "000"})
EXTENSION_DIGITS = (2, 6)


def normalise_e164(value: str) -> str:
    """A valid phone number in E.164 form, e.g. '+14155550100'."""
    text = value.strip()
    try:
        parsed = phonenumbers.parse(text, None)
    except phonenumbers.NumberParseException:
        parsed = None
    if parsed is None or not text.startswith("+") or not phonenumbers.is_valid_number(parsed):
        raise ValueError(f"{value!r} is not a valid phone number in E.164 form (e.g. '+14155550100')")
    if parsed.extension:
        raise ValueError(
            f"{value!r} has an extension ({parsed.extension}): an extension is not part of a phone "
            "number; give the number alone, and the extension where an extension is asked for"
        )
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def is_toll_free(e164: str) -> bool:
    return phonenumbers.number_type(phonenumbers.parse(e164, None)) == phonenumbers.PhoneNumberType.TOLL_FREE


def country_of(e164: str) -> str | None:
    return phonenumbers.region_code_for_number(phonenumbers.parse(e164, None))


def normalise_plan_number(value: str) -> str:
    """E.164, and not toll-free: a calling plan holds no toll-free numbers."""
    e164 = normalise_e164(value)
    if is_toll_free(e164):
        raise ValueError(f"{e164} is toll-free; a calling plan has no toll-free numbers, use a local one")
    return e164


def normalise_extension(value: str) -> str:
    """2 to 6 digits, not an emergency number."""
    extension = value.strip()
    low, high = EXTENSION_DIGITS
    if not (extension.isascii() and extension.isdigit() and low <= len(extension) <= high):
        raise ValueError(f"extension {value!r} must be {low} to {high} digits, e.g. '201'")
    if extension in EMERGENCY_NUMBERS:
        raise ValueError(f"extension {extension} is an emergency number; pick another one")
    return extension


def refuse_numbers(what: str, example: str) -> Callable[[Any], Any]:
    """A before-validator refusing an int or float where text is meant, saying how to write it."""

    def text_only(value: Any) -> Any:
        if isinstance(value, int | float) and not isinstance(value, bool):
            raise ValueError(f"{what} {value!r} is a number: write it as a string, e.g. {example}")
        return value

    return text_only


_NUMBER_AS_TEXT = BeforeValidator(refuse_numbers("phone number", "'+14155550100'"))
PhoneNumber = Annotated[str, AfterValidator(normalise_e164), _NUMBER_AS_TEXT]
PlanNumber = Annotated[str, AfterValidator(normalise_plan_number), _NUMBER_AS_TEXT]
ExtensionDigits = Annotated[
    str,
    AfterValidator(normalise_extension),
    BeforeValidator(refuse_numbers("extension", "'201' (quotes keep a leading zero)")),
]
