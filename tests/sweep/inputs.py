"""Inputs for the bad-input sweep: near-valid and random inputs of every kind.

`inputs_for(kind, facts)` draws one kind's inputs: a valid program for the organisation `facts`
describes, with zero to three of its properties replaced by an awkward value of that property
(boundary lengths, padding, look-alike digits, other countries' numbers, emergency and toll-free
numbers, dates around today, the organisation's own objects used where they do not fit...), or a
property dropped; offline, now and then random junk or an unknown instead. A kind without a
near-valid strategy here (one added since) gets random inputs only (`random_inputs`).

Values that must not clash between examples on one organisation (e-mails, menu names, numbers to
port, extensions) are fresh from a counter; the rest of the example is hypothesis's.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from hypothesis import strategies as st
from pulumi.output import Unknown

from callplan_provider import menu
from callplan_provider.resources import provider_classes

DROP = object()  # an awkward "value": the property is left out

PDF = b"%PDF-1.4\n% sweep bill\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + bytes(17)


@dataclass
class Files:
    """Document files: a bill (PDF), a PNG, and paths check must refuse."""

    bill: Path
    png: Path
    text: Path
    empty: Path
    folder: Path
    missing: Path

    @classmethod
    def make(cls, root: Path) -> Files:
        root.mkdir(parents=True, exist_ok=True)
        files = cls(
            root / "bill.pdf", root / "bill.png", root / "bill.txt", root / "empty.pdf", root, root / "no.pdf"
        )
        files.bill.write_bytes(PDF)
        files.png.write_bytes(PNG)
        files.text.write_bytes(b"not a PDF, whatever its name says\n")
        files.empty.write_bytes(b"")
        return files


@dataclass
class OrgFacts:
    """What a valid input may reference: the organisation's objects (made-up ones offline)."""

    location_id: str
    owner_email: str
    main_number: str
    free_numbers: list[str]  # in the inventory, held by nobody
    line_users: list[tuple[str, str]]  # (person id, extension) with a calling line
    bare_users: list[str]  # people without a calling line
    menus: list[tuple[str, str]]  # (auto attendant id, extension)
    files: Files
    today: date
    offline: bool = True
    location_name: str = "Main Office"  # the location the plan came with
    fresh: Iterator[int] = field(default_factory=lambda: itertools.count(1))

    def next(self) -> int:
        return next(self.fresh)


# --- awkward values, per kind of property ---------------------------------------------------------

# Text: empty, spacing, control characters, combining and astral characters, boundary lengths.
TEXT_EDGES = [
    "",
    " ",
    "  Ann  ",
    "\t",
    "A",
    "Ann\nLee",
    "Ann\x00",
    "O'Brien",
    "Zoë",
    "李",
    "😀" * 3,
    "A\u0301",
    "\u200b",
    *("x" * n for n in (74, 75, 80, 81, 128, 129, 255, 256)),
    "é" * 128,
    "é" * 129,
]
EMAIL_EDGES = [
    "Ann.Lee+tag@Example.COM",
    " sweep@example.com ",
    "ann@example",
    "ann@@example.com",
    "@example.com",
    "ann@",
    "ann lee@example.com",
    "änn@example.com",
    "ann@exämple.com",
    "ann@example.com\n",
    "a@b.c",
    "x" * 250 + "@e.co",
    "ann@example..com",
    "<ann@example.com>",
    "ann@example.com,bo@example.com",
    "mailto:ann@example.com",
]
EXTENSION_EDGES = [
    "",
    "1",
    "12",
    "123456",
    "1234567",
    "911",
    "112",
    "999",
    "000",
    "933",
    "988",
    "101",
    "0201",
    "00",
    "\u0662\u0660\u0661",  # Arabic-Indic digits
    "\uff11\uff12\uff13",  # full-width digits
    "²⁰¹",
    " 2011 ",
    "20 11",
    "+2011",
    "2011#",
    "*2011",
    "1e3",
]
NUMBER_EDGES = [
    "+18005550100",
    "+18885550100",
    "+19005550100",
    "+1415555",
    "+1415555010",
    "+15555550100",
    "+999123",
    "+",
    "14155550100",
    "4155550100",
    "(415) 555-0100",
    "+442071838750",
    "+14165550100",
    "+1 415 555 0101 ext. 5",
    "tel:+1-415-555-0101",
    "\uff0b\uff11\uff14\uff11\uff15\uff15\uff15\uff15\uff10\uff11\uff10\uff11",  # full-width
    "+1 415 555 0101\n",
]
TIME_ZONES = [
    "America/New_York",
    "UTC",
    "Etc/GMT+5",
    "EST5EDT",
    "US/Pacific",
    "Factory",
    "america/new_york",
    " America/New_York",
    "Mars/Base",
    "",
    "localtime",
]
LANGUAGES = ["en_us", "en-US", "EN_us", "fr_ca", "xx_yy", "english", "en", "en_usa", "", " en_us "]
RANGES = [
    "09:00-17:00",
    "9:00-17:00",
    "09:00 - 17:00",
    "09:00\u201317:00",
    "00:00-23:59",
    "00:00-24:00",
    "09:00-09:00",
    "17:00-09:00",
    "09:00-09:01",
    "23:58-23:59",
    "09:00-12:00",
    "12:00-17:00",
    "11:00-13:00",
    "9-17",
    "09:00",
    "",
    "09:60-10:00",
    "\u0660\u0669:\u0660\u0660-\u0661\u0667:\u0660\u0660",  # Arabic-Indic digits
    " 09:00-17:00 ",
]
DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun", "Monday", "MON", " mon ", "mo", "holiday", ""]
MENU_KEYS = [*menu.MENU_KEYS, "10", "A", " 1", "", "**"]
PINS = [
    "1234",
    "12345678",
    "1234567890",
    "12345678901",
    "123",
    "abcd",
    "ABCD1234",
    " 1234 ",
    "12 34",
    "12-34",
    "\u0661\u0662\u0663\u0664",  # Arabic-Indic digits
    "\uff21\uff22\uff23\uff24",  # full-width letters
]
COUNTRIES = ["US", "us", " us ", "USA", "XX", "ZZ", "GB", "U", "", "12"]
JUNK = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**40), 2**40) | st.floats() | st.text(max_size=12),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3),
    max_leaves=6,
)


def _offline_extras(facts: OrgFacts) -> st.SearchStrategy[Any]:
    """Offline only: an unknown (preview) or junk of the wrong type."""
    return st.just(Unknown()) | JUNK if facts.offline else st.nothing()


def text(facts: OrgFacts, valid: st.SearchStrategy[str] | None = None) -> st.SearchStrategy[Any]:
    # No lone surrogates: the engine cannot carry them (protobuf strings are UTF-8).
    plain = st.text(max_size=140) | st.sampled_from(TEXT_EDGES)
    return (valid | plain if valid is not None else plain) | _offline_extras(facts)


def emails(facts: OrgFacts) -> st.SearchStrategy[Any]:
    return st.sampled_from(EMAIL_EDGES) | st.emails() | text(facts)


def extensions(facts: OrgFacts) -> st.SearchStrategy[Any]:
    taken = [ext for _, ext in facts.line_users] + [ext for _, ext in facts.menus]
    return (
        st.sampled_from(EXTENSION_EDGES + taken)
        | st.from_regex(r"[0-9]{1,8}", fullmatch=True)
        | st.integers(0, 10**7)
        | _offline_extras(facts)
    )


def numbers(facts: OrgFacts, *, toll_free_ok: bool = False) -> st.SearchStrategy[Any]:
    free = facts.free_numbers
    spelled = [f"+1 ({n[2:5]}) {n[5:8]}-{n[8:]}" for n in free[:1]] + [f" {n} " for n in free[:1]]
    ok = ["+18005550100"] if toll_free_ok else []
    return st.sampled_from(NUMBER_EDGES + free + spelled + ok + [facts.main_number]) | _offline_extras(facts)


def dates(facts: OrgFacts) -> st.SearchStrategy[Any]:
    around = st.integers(-45, 45).map(lambda days: (facts.today + timedelta(days=days)).isoformat())
    spelled = st.sampled_from(
        ["2026-02-30", "20260101", "2026-1-5", "today", f"{facts.today.isoformat()}T00:00:00", "", "  "]
    )
    return around | spelled | st.integers(0, 2**31) | _offline_extras(facts)


def _least(facts: OrgFacts) -> int:
    """On the sandbox every example changes something: its examples are few and dear."""
    return 0 if facts.offline else 1


def fresh_extension(facts: OrgFacts) -> str:
    """An extension nobody has on the organisation: 4 digits from a counter."""
    return str(5000 + facts.next() % 4000)


# --- the kinds -------------------------------------------------------------------------------------

Awkward = Mapping[str, st.SearchStrategy[Any]]  # "property" or "property.sub" → awkward values


def near_valid(
    valid: st.SearchStrategy[dict[str, Any]], awkward: Awkward, *, least: int = 0
) -> st.SearchStrategy[dict[str, Any]]:
    """A valid input with `least` to three of `awkward`'s properties replaced (or dropped)."""
    replacements = {path: values | st.just(DROP) for path, values in awkward.items()}
    chosen = st.lists(st.sampled_from(sorted(awkward)), min_size=least, max_size=3, unique=True)

    @st.composite
    def draw_one(draw: st.DrawFn) -> dict[str, Any]:
        inputs = draw(valid)
        for path in draw(chosen):
            _set(inputs, path.split("."), draw(replacements[path]))
        return inputs

    return draw_one()


def _set(inputs: dict[str, Any], path: list[str], value: Any) -> None:
    head, *rest = path
    if rest:
        inner = inputs.get(head)
        if not isinstance(inner, dict):
            return  # the container itself was replaced
        _set(inner, rest, value)
    elif value is DROP:
        inputs.pop(head, None)
    else:
        inputs[head] = value


def user_inputs(facts: OrgFacts) -> st.SearchStrategy[dict[str, Any]]:
    names = st.sampled_from(["Ann", "Bo", "Zoë", "Mary-Jane", "李"])
    valid = st.builds(
        lambda first, last: {
            "email": f"sweep{facts.next()}@example.com",
            "first_name": first,
            "last_name": last,
        },
        names,
        names,
    )
    awkward = {
        "email": emails(facts),
        "first_name": text(facts, names),
        "last_name": text(facts, names),
        "display_name": text(facts, names),
        "adopt": st.booleans() | _offline_extras(facts),
    }
    return near_valid(valid, awkward, least=_least(facts))


def extension_inputs(facts: OrgFacts) -> st.SearchStrategy[dict[str, Any]]:
    def valid(user_id: str, phone_number: str | None, call_recording: bool | None) -> dict[str, Any]:
        line: dict[str, Any] = {"user_id": user_id, "extension": fresh_extension(facts)}
        if call_recording is not None:  # left out: the line's recording is not managed
            line["call_recording"] = call_recording
        return {**line, "phone_number": phone_number} if phone_number else line

    valid_inputs = st.builds(
        valid,
        st.sampled_from(facts.bare_users),
        st.sampled_from([*facts.free_numbers, None]),
        st.none() | st.booleans(),
    )
    people = [user for user, _ in facts.line_users] + facts.bare_users
    awkward = {
        "user_id": st.sampled_from([*people, "", " ", "Y2lzY29zcGFyazovL3VzL1BFT1BMRS9ub2JvZHk"])
        | text(facts),
        "extension": extensions(facts),
        "phone_number": numbers(facts),
        "location_id": st.sampled_from([facts.location_id, "", "Y2lzY29zcGFyazovL3VzL0xPQ0FUSU9OL25vbmU"])
        | _offline_extras(facts),
        "call_recording": st.booleans() | _offline_extras(facts),
        "adopt": st.booleans(),
    }
    return near_valid(valid_inputs, awkward, least=_least(facts))


def menu_key_actions(facts: OrgFacts) -> st.SearchStrategy[Any]:
    line_extensions = [ext for _, ext in facts.line_users]
    users = [user for user, _ in facts.line_users] + facts.bare_users[:1] + ["no-such-person"]
    descriptions = st.none() | st.sampled_from(["sales", "", "x" * 80, "x" * 81, "Zoë's desk"])
    targeted = st.sampled_from([menu.transfer_to_extension, menu.operator, menu.voicemail])
    return st.one_of(
        st.builds(
            lambda f, e, d: f(e, d),
            targeted,
            st.sampled_from(line_extensions) | extensions(facts),
            descriptions,
        ),
        st.builds(menu.transfer_to_number, numbers(facts, toll_free_ok=True), descriptions),
        st.builds(menu.transfer_to_user, st.sampled_from(users), descriptions, prompt=st.booleans()),
        st.builds(menu.dial_by_extension, descriptions),
        st.builds(menu.dial_by_name, descriptions),
        st.builds(menu.repeat_menu, descriptions),
        st.builds(menu.exit_menu, descriptions),
        st.fixed_dictionaries(
            {"action": st.sampled_from(["transfer", "fax", ""])}, optional={"prompt": JUNK}
        ),
    )


def menus(facts: OrgFacts, actions: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    keys = st.dictionaries(st.sampled_from(MENU_KEYS), actions, max_size=4)
    listed = st.lists(
        st.builds(lambda k, a: {"key": k, **a}, st.sampled_from(MENU_KEYS), actions), max_size=3
    )
    return st.fixed_dictionaries(
        {},
        optional={
            "greeting": st.sampled_from(["DEFAULT", "CUSTOM", "default", "LOUD"]),
            "extension_enabled": st.booleans(),
            "keys": keys | listed,
        },
    ) | _offline_extras(facts)


def hours(facts: OrgFacts) -> st.SearchStrategy[Any]:
    day_ranges = st.lists(st.sampled_from(RANGES), min_size=1, max_size=3) | st.sampled_from(RANGES)
    return st.dictionaries(st.sampled_from(DAYS), day_ranges, max_size=4) | _offline_extras(facts)


def phone_menu_inputs(facts: OrgFacts) -> st.SearchStrategy[dict[str, Any]]:
    line_extensions = [ext for _, ext in facts.line_users]

    def valid(sales: str) -> dict[str, Any]:
        return {
            "name": f"Sweep menu {facts.next()}",
            "extension": fresh_extension(facts),
            "business_hours": {"mon": ["09:00-12:00", "13:00-17:00"], "fri": ["09:00-15:00"]},
            "business_hours_menu": menu.menu_options(
                {"1": menu.transfer_to_extension(sales, "sales"), "0": menu.exit_menu()}
            ),
            "after_hours_menu": menu.menu_options({"1": menu.voicemail(line_extensions[0])}),
        }

    free = facts.free_numbers
    actions = menu_key_actions(facts)
    a_menu = menus(facts, actions)
    awkward = {
        "name": text(facts),
        "extension": extensions(facts),
        "phone_number": numbers(facts) | st.sampled_from(free),
        "business_hours": hours(facts),
        "time_zone": st.sampled_from(TIME_ZONES) | _offline_extras(facts),
        "language": st.sampled_from(LANGUAGES) | _offline_extras(facts),
        "location_id": st.sampled_from([facts.location_id, "", "nowhere"]),
        "business_hours_menu": a_menu,
        "after_hours_menu": a_menu,
        "business_hours_menu.keys.1": actions,
        "adopt": st.booleans(),
    }
    return near_valid(st.builds(valid, st.sampled_from(line_extensions)), awkward, least=_least(facts))


def main_number_inputs(facts: OrgFacts) -> st.SearchStrategy[dict[str, Any]]:
    user = facts.line_users[0][0]
    menu_id, menu_extension = facts.menus[0]
    targets = [{"user_id": u} for u, _ in facts.line_users] + [{"extension": e} for _, e in facts.line_users]
    valid = st.builds(
        lambda target, number: {"phone_number": number, **target},
        st.sampled_from([*targets, {"phone_menu_id": menu_id}, {}]),
        st.sampled_from([facts.main_number, *facts.free_numbers]),
    )
    ids = st.sampled_from([user, *facts.bare_users[:1], menu_id, "", "nobody"]) | _offline_extras(facts)
    awkward = {
        "phone_number": numbers(facts),
        "location_id": st.sampled_from([facts.location_id, "", "nowhere"]),
        "user_id": ids,
        "extension": extensions(facts) | st.just(menu_extension),
        "phone_menu_id": ids,
    }
    return near_valid(valid, awkward, least=_least(facts))


def fresh_port_number(facts: OrgFacts) -> str:
    """A valid US number outside any inventory (area code 212: no test seeds it)."""
    return f"+1212555{facts.next() % 10000:04d}"


def port_order_inputs(facts: OrgFacts) -> st.SearchStrategy[dict[str, Any]]:
    files = facts.files

    def valid(pin: str, bill_age: int) -> dict[str, Any]:
        number = fresh_port_number(facts)
        return {
            "phone_numbers": [number],
            "losing_carrier": {
                "name": "Old Telco",
                "account_number": "ACC-1",
                "pin": pin,
                "billing_telephone_number": number,
            },
            "account_holder": {
                "name": "Sweep Ltd",
                "service_address": {
                    "address1": "1 Main St",
                    "city": "San Jose",
                    "state": "CA",
                    "postal_code": "95134",
                    "country": "US",
                },
            },
            "bill_file": str(files.bill),
            "bill_date": (facts.today - timedelta(days=bill_age)).isoformat(),
            "loa": {"signer_name": "Account Owner", "signer_email": facts.owner_email},
        }

    fresh = st.builds(fresh_port_number, st.just(facts))
    documents = [files.bill, files.png, files.text, files.empty, files.folder, files.missing]
    paths = st.sampled_from([*map(str, documents), "~no-such-user-zz/bill.pdf", "x" * 300])
    numbers_lists = (
        st.lists(fresh, min_size=2, max_size=3)
        | fresh.map(lambda n: [n, n])
        | fresh.map(lambda n: [n, f" {n} "])
        | fresh.map(lambda n: [n, "+14165550100"])
        | fresh.map(lambda n: [n, "+18005550100"])
        | st.sampled_from([["+14165550100"], ["+442071838750"], facts.free_numbers[:1], []])
        | st.lists(numbers(facts), max_size=2)
    )
    awkward = {
        "phone_numbers": numbers_lists | _offline_extras(facts),
        "losing_carrier.name": text(facts),
        "losing_carrier.account_number": text(facts),
        "losing_carrier.pin": st.sampled_from(PINS) | _offline_extras(facts),
        "losing_carrier.billing_telephone_number": numbers(facts, toll_free_ok=True),
        "account_holder.name": text(facts),
        "account_holder.service_address.address1": text(facts),
        "account_holder.service_address.address2": text(facts),
        "account_holder.service_address.city": text(facts),
        "account_holder.service_address.postal_code": text(facts),
        "account_holder.service_address.country": st.sampled_from(COUNTRIES) | _offline_extras(facts),
        "bill_file": paths | _offline_extras(facts),
        "bill_date": dates(facts),
        "csr_file": paths,
        "loa.signer_name": text(facts),
        "loa.signer_email": st.sampled_from([facts.owner_email.upper(), "someone@example.com"])
        | emails(facts),
        "requested_date": dates(facts),
        "location_id": st.sampled_from([facts.location_id, "", "nowhere"]),
    }
    pins = st.sampled_from(["8642", "97531", "ab12cd34"])
    return near_valid(st.builds(valid, pins, st.integers(0, 20)), awkward, least=_least(facts))


ADDRESS = {"address1": "1 Elm St", "city": "Austin", "state": "TX", "postal_code": "73301", "country": "US"}
POSTAL_CODES = ["73301", "73301-0001", "SW1A 1AA", "K1A 0B1", "0", "7330", "ABCDE", " 73301 "]


def location_inputs(facts: OrgFacts) -> st.SearchStrategy[dict[str, Any]]:
    valid = st.builds(
        lambda time_zone: {
            "name": f"Sweep site {facts.next()}",
            "address": dict(ADDRESS),
            "time_zone": time_zone,
        },
        st.sampled_from(["America/Chicago", "America/New_York"]),
    )
    languages = st.sampled_from(LANGUAGES) | _offline_extras(facts)
    awkward = {
        "name": text(facts) | st.just(facts.location_name),
        "address": st.just({**ADDRESS, "suite": "2"}) | st.just({}) | _offline_extras(facts),
        "address.address1": text(facts),
        "address.address2": text(facts),
        "address.city": text(facts),
        "address.state": text(facts) | st.sampled_from(["TX", "tx", "Texas", "ON"]),
        "address.postal_code": st.sampled_from(POSTAL_CODES) | text(facts),
        "address.country": st.sampled_from(COUNTRIES) | _offline_extras(facts),
        "time_zone": st.sampled_from(TIME_ZONES) | _offline_extras(facts),
        "language": languages,
        "email_language": languages,
        "adopt": st.booleans() | _offline_extras(facts),
    }
    return near_valid(valid, awkward, least=_least(facts))


NEAR_VALID: dict[str, Callable[[OrgFacts], st.SearchStrategy[dict[str, Any]]]] = {
    "Location": location_inputs,
    "User": user_inputs,
    "Extension": extension_inputs,
    "PhoneMenu": phone_menu_inputs,
    "MainNumber": main_number_inputs,
    "PortOrder": port_order_inputs,
}


def random_inputs(kind: str) -> st.SearchStrategy[dict[str, Any]]:
    """Any property of the kind (or a misspelt one), any value."""
    names = list(provider_classes()[kind].args_model.model_fields)
    keys = st.sampled_from(names) | st.text(max_size=8)
    return st.dictionaries(keys, JUNK | st.just(Unknown()), max_size=len(names) + 2)


def inputs_for(kind: str, facts: OrgFacts) -> st.SearchStrategy[dict[str, Any]]:
    """Near-valid inputs (offline, random ones now and then); random ones for a kind with no strategy."""
    near = NEAR_VALID.get(kind)
    if near is None:
        return random_inputs(kind)
    near_inputs = near(facts)
    if facts.offline:
        return st.one_of(near_inputs, near_inputs, near_inputs, random_inputs(kind))
    return near_inputs
