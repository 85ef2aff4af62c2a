"""User: check, diff and the mapping to the people API, without HTTP."""

from __future__ import annotations

from typing import Any

import pytest
from pulumi.output import Unknown

from callplan_provider.models.people import Person
from callplan_provider.resources.base import email_address
from callplan_provider.resources.user import UserProvider, _live

ANN = {"email": " Ann@Example.COM ", "first_name": "Ann", "last_name": "Lee"}


def test_check_lowercases_email_and_fills_display_name() -> None:
    result = UserProvider().check({}, ANN)
    assert result.failures == []
    assert result.inputs == {
        "email": "ann@example.com",
        "first_name": "Ann",
        "last_name": "Lee",
        "display_name": "Ann Lee",
    }


def test_check_keeps_an_explicit_display_name() -> None:
    assert UserProvider().check({}, {**ANN, "display_name": "Annie"}).inputs["display_name"] == "Annie"


def failed(news: dict[str, Any]) -> dict[str, str]:
    return {f.property: f.reason for f in UserProvider().check({}, news).failures}


def test_check_refuses_a_default_display_name_longer_than_128_characters() -> None:
    reasons = failed({**ANN, "first_name": "A" * 100, "last_name": "B" * 28})
    assert list(reasons) == ["display_name"]
    assert "129 characters" in reasons["display_name"]
    assert "give a shorter display_name" in reasons["display_name"]


def test_check_accepts_a_default_display_name_of_128_characters() -> None:
    assert failed({**ANN, "first_name": "A" * 100, "last_name": "B" * 27}) == {}


def test_check_refuses_a_malformed_email() -> None:
    assert failed({**ANN, "email": "ann.example.com"}) == {
        "email": "'ann.example.com' is not an e-mail address; write one such as ann@example.com"
    }


def test_check_refuses_an_email_that_is_not_text() -> None:
    assert failed({**ANN, "email": 7}) == {"email": "must be text: write it as a string in quotes"}


def test_check_email_message_is_the_one_port_order_gives() -> None:
    """One e-mail rule (base.email_address) for the User and the PortOrder's signer."""
    with pytest.raises(ValueError) as refused:
        email_address("ann")
    assert failed({**ANN, "email": "ann"})["email"] == str(refused.value)


def test_check_refuses_blank_names() -> None:
    assert failed({**ANN, "first_name": "  ", "last_name": ""}) == {
        "first_name": "must not be empty; give a value",
        "last_name": "must not be empty; give a value",
    }


def test_check_refuses_a_name_that_is_not_text() -> None:
    assert failed({**ANN, "first_name": 7}) == {"first_name": "must be text: write it as a string in quotes"}


def test_check_refuses_a_name_too_long() -> None:
    assert failed({**ANN, "last_name": "L" * 129}) == {
        "last_name": "must be at most 128 characters; shorten it"
    }


def test_check_refuses_adopt_that_is_not_a_boolean() -> None:
    assert failed({**ANN, "adopt": "maybe"}) == {"adopt": "must be true or false"}


def test_check_unknown_first_name_leaves_display_name_for_later() -> None:
    unknown = Unknown()
    result = UserProvider().check({}, {**ANN, "first_name": unknown})
    assert result.failures == []
    assert result.inputs["first_name"] is unknown
    assert "display_name" not in result.inputs
    assert result.inputs["email"] == "ann@example.com"


def test_diff_email_change_replaces() -> None:
    provider = UserProvider()
    olds = provider.check({}, ANN).inputs
    news = provider.check({}, {**ANN, "email": "ann@new.example.com"}).inputs
    result = provider.diff("p1", olds, news)
    assert (result.changes, result.replaces) == (True, ["email"])


def test_diff_name_change_updates_in_place() -> None:
    provider = UserProvider()
    olds = {**provider.check({}, ANN).inputs, "invite_pending": True, "created": "2026-01-01T00:00:00.000Z"}
    news = provider.check({}, {**ANN, "last_name": "Smith"}).inputs
    result = provider.diff("p1", olds, news)
    assert (result.changes, result.replaces) == (True, [])


def test_diff_default_display_name_follows_the_names() -> None:
    provider = UserProvider()
    olds = provider.check({}, ANN).inputs
    news = provider.check({}, {**ANN, "first_name": "Anna"}).inputs
    assert news["display_name"] == "Anna Lee"
    assert provider.diff("p1", olds, news).changes is True


def test_diff_no_change_for_the_same_program() -> None:
    provider = UserProvider()
    inputs = provider.check({}, ANN).inputs
    outs = {**inputs, "invite_pending": True, "created": "2026-01-01T00:00:00.000Z"}
    assert provider.diff("p1", outs, provider.check(inputs, ANN).inputs).changes is False


def test_live_maps_person_fields_to_properties_spelled_as_inputs() -> None:
    person = Person(
        id="p1",
        emails=["Ann@Example.com"],
        first_name="Ann",
        last_name="Lee",
        display_name="Ann Lee",
        invite_pending=True,
        created="2026-01-01T00:00:00.000Z",
    )
    assert UserProvider().spelled_as_inputs(_live(person)) == {
        "email": "ann@example.com",
        "first_name": "Ann",
        "last_name": "Lee",
        "display_name": "Ann Lee",
        "invite_pending": True,
        "created": "2026-01-01T00:00:00.000Z",
    }
