"""The one home of offline number validation: E.164, toll-free, extensions, emergency codes."""

from __future__ import annotations

from importlib import import_module

import pytest

from callplan_provider import numbering
from callplan_provider.numbering import (
    is_toll_free,
    normalise_e164,
    normalise_extension,
    normalise_plan_number,
)
from callplan_provider.resources import KINDS, provider_classes


def test_normalise_e164_writes_a_spaced_number_in_e164() -> None:
    assert normalise_e164(" +1 (415) 555-0100 ") == "+14155550100"


@pytest.mark.parametrize("value", ["4155550100", "+1415", "+999 555 0100", "call me", ""])
def test_normalise_e164_refuses_what_is_not_a_full_number(value: str) -> None:
    with pytest.raises(ValueError, match=r"E\.164"):
        normalise_e164(value)


@pytest.mark.parametrize("value", ["+1 415 555 0101 ext. 5", "+14155550101;ext=5", "+1 415 555 0101 x5"])
def test_normalise_e164_refuses_a_number_with_an_extension(value: str) -> None:
    with pytest.raises(ValueError, match="an extension is not part of a phone number"):
        normalise_e164(value)


def test_normalise_e164_accepts_a_toll_free_number() -> None:
    assert is_toll_free(normalise_e164("+1 800 555 0100"))


def test_normalise_plan_number_refuses_a_toll_free_number() -> None:
    with pytest.raises(ValueError, match="toll-free"):
        normalise_plan_number("+1 888 555 0100")


def test_normalise_plan_number_accepts_a_local_number() -> None:
    assert normalise_plan_number("+44 20 7946 0018") == "+442079460018"


@pytest.mark.parametrize("extension", ["911", "112", "999", "000"])
def test_normalise_extension_refuses_the_universal_emergency_numbers(extension: str) -> None:
    with pytest.raises(ValueError, match="emergency"):
        normalise_extension(extension)


@pytest.mark.parametrize("extension", ["101", "100", "110", "988", "9110"])
def test_normalise_extension_leaves_country_specific_codes_to_the_api(extension: str) -> None:
    assert normalise_extension(extension) == extension


@pytest.mark.parametrize("extension", ["1", "1234567", "12a", "\uff11\uff12\uff13", " "])
def test_normalise_extension_refuses_other_than_2_to_6_ascii_digits(extension: str) -> None:
    with pytest.raises(ValueError, match="2 to 6 digits"):
        normalise_extension(extension)


def test_normalise_extension_strips_spaces() -> None:
    assert normalise_extension(" 201 ") == "201"


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_kinds_validate_numbers_with_the_one_home(kind: str) -> None:
    module = import_module(provider_classes()[kind].__module__)
    for name in ("normalise_e164", "normalise_plan_number", "normalise_extension", "EMERGENCY_NUMBERS"):
        assert getattr(module, name, getattr(numbering, name)) is getattr(numbering, name), (kind, name)
    for name in ("PhoneNumber", "PlanNumber", "ExtensionDigits"):
        assert getattr(module, name, getattr(numbering, name)) == getattr(numbering, name), (kind, name)


@pytest.mark.parametrize(
    ("kind", "inputs"),
    [
        ("Extension", {"user_id": "p1", "extension": "101"}),
        ("MainNumber", {"extension": "101"}),
        (
            "PhoneMenu",
            {
                "name": "Front desk",
                "extension": "101",
                "business_hours": {"mon": ["09:00-17:00"]},
                "business_hours_menu": {"keys": {"1": {"action": "transfer", "extension": "100"}}},
            },
        ),
    ],
)
def test_check_accepts_a_country_specific_short_code_as_extension(kind: str, inputs: dict) -> None:
    assert provider_classes()[kind]().check({}, inputs).failures == []
