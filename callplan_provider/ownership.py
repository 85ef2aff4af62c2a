"""Who owns the location's main number, and how the kinds share the fields that can hold it.

Pure rules (no Pulumi, no HTTP), called by `MainNumber`, `Extension` and `PhoneMenu`:

- Only `MainNumber` sets the main number and where it rings. The others never take it as their
  own number (`refusal`), ignore it on refresh when it was routed to them (`own_number`), and
  keep it when they rewrite the field that holds it (`line_numbers`, `menu_number`).
- How the target holds it (`person_holding`), as Webex models it: a person who has a direct
  number keeps it as their primary number and gets the main number as an *alternate* number
  (ringing with `MAIN_NUMBER_RING_PATTERN`, so they hear it is a call to the business); a person
  with only an extension gets it as their direct (work) number, so their calls also show it; a
  phone menu gets it as its phone number.
- `SHARED_FIELDS`: the wire fields two kinds write, and which part of the field each owns (the
  ownership test checks that every field written by two kinds is listed here, by exactly them).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

MAIN_NUMBER_RING_PATTERN = "LONG_LONG"


class Holding(Enum):
    """How the main number's target holds it."""

    WORK_NUMBER = "the person's direct (work) number"
    ALTERNATE = "an alternate number of the person"
    MENU_NUMBER = "the phone menu's number"


def person_holding(direct_number: str | None, main_number: str) -> Holding:
    """A person with a direct number of their own gets the main number as an alternate number."""
    if direct_number is None or direct_number == main_number:
        return Holding.WORK_NUMBER
    return Holding.ALTERNATE


def own_number(number: str | None, main_number: str | None) -> str | None:
    """A kind's own number as it reads it: the main number, routed there by MainNumber, is not."""
    return None if number is not None and number == main_number else number


def refusal(kind: str, number: str | None, main_number: str | None) -> str | None:
    """Why `kind` may not declare `number` as its own (None: it may)."""
    if number is None or number != main_number:
        return None
    route = {"Extension": "route_to_user(line)", "PhoneMenu": "route_to_menu(menu)"}.get(kind, "a route")
    return (
        f"phone_number {number} is the location's main number, which belongs to MainNumber: leave "
        f"phone_number out and make the main number ring this {kind} with MainNumber(..., **{route})"
    )


def held_number_refusal(number: str, holder: str) -> str:
    """Why MainNumber may not make `number`, which `holder` has as their own, the main number."""
    return (
        f"phone_number {number} is the own number of {holder}: making it the main number would take "
        "it from them. Give the main number a number of the inventory nobody has, or remove it from "
        "its holder first"
    )


@dataclass(frozen=True)
class LineNumbers:
    """What a line's update writes: its work number, and whether the main number becomes an alternate."""

    work_number: str | None
    main_to_alternate: bool = False


def line_numbers(
    wanted: str | None,
    current_work: str | None,
    main_number: str | None,
    *,
    previous: str | None = None,
    main_rings_nobody: bool = False,
) -> LineNumbers:
    """The work number an Extension writes, keeping the main number routed to the person.

    When MainNumber made the main number this person's work number and the line now gets a
    direct number of its own, the main number moves to the person's alternate numbers, as
    MainNumber would have routed it to a person with a direct number. That move is two writes:
    an update stopped between them (the line has its new number, the state still holds none,
    `previous`, and the main number rings nobody) is finished when it runs again.
    """
    routed_main = current_work is not None and current_work == main_number
    if not routed_main:
        stopped_move = (
            main_rings_nobody and previous is None and wanted is not None and wanted == current_work
        )
        return LineNumbers(wanted, main_to_alternate=stopped_move)
    if wanted is None or wanted == current_work:
        return LineNumbers(current_work)
    return LineNumbers(wanted, main_to_alternate=True)


def menu_number(wanted: str | None, current: str | None, main_number: str | None) -> str | None:
    """The number a PhoneMenu writes: the main number, routed to it, stays (a menu has one number).

    ValueError when the program gives the menu a number of its own while the main number rings it.
    """
    routed_main = current is not None and current == main_number
    if not routed_main or wanted is None or wanted == current:
        return current if routed_main else wanted
    raise ValueError(
        f"the main number {current} rings this phone menu, and a menu has one number: route the main "
        f"number elsewhere (MainNumber) before giving the menu its own number {wanted}"
    )


@dataclass(frozen=True)
class Share:
    kind: str
    part: str


MAIN_NUMBER_ONLY = "only the location's main number"
ANY_OTHER_NUMBER = "any number but the location's main number"
SHARED_FIELDS: dict[str, tuple[Share, ...]] = {
    "person.phoneNumbers[work]": (
        Share("Extension", ANY_OTHER_NUMBER),
        Share("MainNumber", MAIN_NUMBER_ONLY + ", for a person without a direct number"),
    ),
    "person.alternateNumbers": (
        Share("MainNumber", MAIN_NUMBER_ONLY + ", for a person with a direct number"),
        Share("Extension", MAIN_NUMBER_ONLY + ", moved there from the work number when the line gets one"),
    ),
    "autoAttendant.phoneNumber": (
        Share("PhoneMenu", ANY_OTHER_NUMBER),
        Share("MainNumber", MAIN_NUMBER_ONLY),
    ),
}
