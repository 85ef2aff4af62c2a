"""The main number's ownership rules (`callplan_provider.ownership`), without HTTP."""

from __future__ import annotations

import pytest

from callplan_provider.ownership import (
    Holding,
    LineNumbers,
    line_numbers,
    menu_number,
    own_number,
    person_holding,
    refusal,
)

MAIN, OWN, OTHER = "+14155550100", "+14155550101", "+14155550102"


def test_a_person_with_a_direct_number_gets_the_main_number_as_an_alternate() -> None:
    assert person_holding(OWN, MAIN) is Holding.ALTERNATE


def test_a_person_with_only_an_extension_gets_it_as_their_work_number() -> None:
    assert person_holding(None, MAIN) is Holding.WORK_NUMBER
    assert person_holding(MAIN, MAIN) is Holding.WORK_NUMBER


def test_the_main_number_is_nobodys_own_number() -> None:
    assert own_number(MAIN, MAIN) is None
    assert own_number(OWN, MAIN) == OWN
    assert own_number(OWN, None) == OWN


def test_refusal_names_the_route_to_use() -> None:
    reason = refusal("PhoneMenu", MAIN, MAIN)
    assert reason is not None and "route_to_menu(menu)" in reason and "belongs to MainNumber" in reason
    assert refusal("Extension", OWN, MAIN) is None


def test_a_line_keeps_the_main_number_routed_to_it() -> None:
    assert line_numbers(None, MAIN, MAIN) == LineNumbers(MAIN)
    assert line_numbers(OWN, MAIN, MAIN) == LineNumbers(OWN, main_to_alternate=True)
    assert line_numbers(OTHER, OWN, MAIN) == LineNumbers(OTHER)
    assert line_numbers(None, OWN, MAIN) == LineNumbers(None)


def test_a_menu_keeps_the_main_number_and_refuses_a_second_number() -> None:
    assert menu_number(None, MAIN, MAIN) == MAIN
    assert menu_number(OWN, OTHER, MAIN) == OWN
    assert menu_number(None, OTHER, MAIN) is None
    with pytest.raises(ValueError, match="a menu has one number"):
        menu_number(OWN, MAIN, MAIN)


def test_a_line_finishes_a_move_of_the_main_number_stopped_between_its_two_writes() -> None:
    stopped = line_numbers(OWN, OWN, MAIN, previous=None, main_rings_nobody=True)
    assert stopped == LineNumbers(OWN, main_to_alternate=True)
    assert line_numbers(OWN, OWN, MAIN, previous=None, main_rings_nobody=False) == LineNumbers(OWN)
    assert line_numbers(OWN, OWN, MAIN, previous=OWN, main_rings_nobody=True) == LineNumbers(OWN)
    assert line_numbers(OWN, OWN, MAIN, previous=OTHER, main_rings_nobody=True) == LineNumbers(OWN)
