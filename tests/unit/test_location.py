"""Location: check, diff and the mapping to the locations API, without HTTP."""

from __future__ import annotations

from typing import Any

from pulumi.output import Unknown

from callplan_provider.models.locations import Address
from callplan_provider.models.locations import Location as WireLocation
from callplan_provider.resources.location import LocationProvider, _live

PROVIDER = LocationProvider()
ESA = {"address1": "1 Elm St", "city": "Austin", "state": "TX", "postal_code": "73301", "country": "us"}
BRANCH = {"name": " Branch ", "address": ESA, "time_zone": "America/Chicago"}


def failed(news: dict[str, Any], olds: dict[str, Any] | None = None) -> dict[str, str]:
    return {f.property: f.reason for f in PROVIDER.check(olds or {}, news).failures}


def test_check_normalises_and_fills_the_languages() -> None:
    result = PROVIDER.check({}, BRANCH)
    assert result.failures == []
    assert result.inputs == {
        "name": "Branch",
        "address": {**ESA, "country": "US"},
        "time_zone": "America/Chicago",
        "language": "en_us",
        "email_language": "en_us",
    }


def test_check_needs_the_whole_emergency_address() -> None:
    address = {k: v for k, v in ESA.items() if k not in ("state", "postal_code")}
    assert failed({**BRANCH, "address": address}) == {"address": "address.state: is required"}


def test_check_refuses_a_country_that_is_not_a_code() -> None:
    reason = failed({**BRANCH, "address": {**ESA, "country": "USA"}})["address"]
    assert "'USA' is not a two-letter country code" in reason


def test_check_refuses_a_time_zone_and_a_language_it_does_not_know() -> None:
    reasons = failed({**BRANCH, "time_zone": "Central", "language": "english"})
    assert reasons == {
        "time_zone": "'Central' is not an IANA time zone; write e.g. 'America/New_York'",
        "language": "'english' is not a language code; write e.g. 'en_us' or 'fr_ca'",
    }


def test_check_refuses_a_name_longer_than_80() -> None:
    assert "at most 80 characters" in failed({**BRANCH, "name": "x" * 81})["name"]


def test_check_refuses_a_new_country_naming_the_fix() -> None:
    olds = PROVIDER.check({}, BRANCH).inputs
    moved = {**BRANCH, "address": {**ESA, "country": "CA", "state": "ON"}}
    reason = failed(moved, olds)["address"]
    assert "cannot change from US to CA" in reason and "new Location" in reason


def test_check_tolerates_an_unknown_name() -> None:
    assert failed({**BRANCH, "name": Unknown()}) == {}


def test_check_tolerates_an_unknown_address_or_country_before_and_after_a_deploy() -> None:
    olds = PROVIDER.check({}, BRANCH).inputs

    assert failed({**BRANCH, "address": Unknown()}) == {}
    assert failed({**BRANCH, "address": Unknown()}, olds) == {}
    assert failed({**BRANCH, "address": {**ESA, "country": Unknown()}}, olds) == {}


def test_diff_of_a_new_address_is_an_update_not_a_replace() -> None:
    olds = PROVIDER.check({}, BRANCH).inputs
    news = PROVIDER.check(olds, {**BRANCH, "address": {**ESA, "address2": "Suite 2"}}).inputs
    diff = PROVIDER.diff("loc-1", olds, news)
    assert (diff.changes, diff.replaces) == (True, [])


def test_diff_of_the_same_inputs_is_no_change() -> None:
    olds = PROVIDER.check({}, BRANCH).inputs
    assert PROVIDER.diff("loc-1", olds, PROVIDER.check(olds, BRANCH).inputs).changes is False


def test_live_is_in_the_form_check_gives() -> None:
    wire = WireLocation(
        id="loc-1",
        name="Branch",
        time_zone="America/Chicago",
        preferred_language="en_us",
        announcement_language="en_us",
        address=Address(address1="1 Elm St", city="Austin", state="TX", postal_code="73301", country="US"),
    )
    checked = PROVIDER.check({}, BRANCH).inputs
    assert _live(wire) == {k: v for k, v in checked.items() if k != "adopt"}
