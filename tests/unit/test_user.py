"""User: check, diff and the mapping to the people API, without HTTP."""

from __future__ import annotations

from pulumi.output import Unknown

from callplan_provider.models.people import Person
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
        "adopt": False,
    }


def test_check_keeps_an_explicit_display_name() -> None:
    assert UserProvider().check({}, {**ANN, "display_name": "Annie"}).inputs["display_name"] == "Annie"


def test_check_refuses_a_malformed_email() -> None:
    result = UserProvider().check({}, {**ANN, "email": "ann.example.com"})
    assert [f.property for f in result.failures] == ["email"]


def test_check_refuses_blank_names() -> None:
    result = UserProvider().check({}, {**ANN, "first_name": "  ", "last_name": ""})
    assert sorted(f.property for f in result.failures) == ["first_name", "last_name"]


def test_check_refuses_a_name_that_is_not_text() -> None:
    result = UserProvider().check({}, {**ANN, "first_name": 7})
    assert [f.property for f in result.failures] == ["first_name"]


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


def test_live_maps_person_fields_to_properties() -> None:
    person = Person(
        id="p1",
        emails=["Ann@Example.com"],
        first_name="Ann",
        last_name="Lee",
        display_name="Ann Lee",
        invite_pending=True,
        created="2026-01-01T00:00:00.000Z",
    )
    assert _live(person) == {
        "email": "ann@example.com",
        "first_name": "Ann",
        "last_name": "Lee",
        "display_name": "Ann Lee",
        "invite_pending": True,
        "created": "2026-01-01T00:00:00.000Z",
    }
