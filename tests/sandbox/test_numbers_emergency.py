"""Emergency extensions are decided per location country (libphonenumber's short-number metadata)."""

from __future__ import annotations

import pytest

from callplan_provider.sandbox.backend.numbers import is_emergency_extension
from callplan_provider.sandbox.bootstrap import create_activated_org
from tests.sandbox.helpers import assert_error, calling_license_id, create_calling_user


@pytest.mark.parametrize(
    ("extension", "country"),
    [
        ("911", "US"),
        ("112", "US"),
        ("933", "US"),
        ("988", "US"),
        ("911", "CA"),
        ("999", "GB"),
        ("112", "GB"),
        ("101", "IN"),
        ("100", "IN"),
        ("102", "IN"),
        ("108", "IN"),
        ("000", "AU"),
        ("110", "DE"),
        ("17", "FR"),
        ("119", "JP"),
        ("999", "gb"),
    ],
)
def test_is_emergency_extension_refuses_the_country_s_emergency_numbers(extension, country):
    assert is_emergency_extension(extension, country)


@pytest.mark.parametrize(
    ("extension", "country"),
    [
        ("101", "US"),
        ("100", "US"),
        ("102", "US"),
        ("108", "US"),
        ("999", "US"),
        ("000", "US"),
        ("9110", "US"),
        ("911", "GB"),
        ("101", "GB"),
        ("911", "IN"),
        ("999", "DE"),
        ("101", "AU"),
        ("933", "GB"),
        ("911", "ZZ"),
    ],
)
def test_is_emergency_extension_accepts_other_countries_numbers(extension, country):
    assert not is_emergency_extension(extension, country)


@pytest.mark.parametrize("extension", ["101", "100", "102", "108"])
def test_create_calling_user_with_101_like_extension_in_the_us_is_accepted(org, api, extension):
    person = create_calling_user(api, org, f"u{extension}@example.com", extension)
    assert person["extension"] == extension


@pytest.mark.parametrize("extension", ["911", "933", "112"])
def test_create_calling_user_with_us_emergency_extension_is_refused(org, api, extension):
    body = {
        "emails": ["em@example.com"],
        "displayName": "Em",
        "licenses": [calling_license_id(api, org)],
        "locationId": org.location_id,
        "extension": extension,
    }
    assert_error(api.post(f"{org.api_url}/people", json=body), 400, 4911)


@pytest.mark.parametrize(("country", "refused", "accepted"), [("GB", "999", "911"), ("IN", "101", "911")])
def test_validate_extensions_follows_the_location_country(sandbox, country, refused, accepted):
    org = create_activated_org(sandbox.url, country=country)
    url = f"{org.api_url}/telephony/config/locations/{org.location_id}/actions/validateExtensions/invoke"
    with org.session() as api:
        result = api.post(url, json={"extensions": [refused, accepted]}).json()
    states = [(e["extension"], e["state"], e.get("errorCode")) for e in result["extensionStatus"]]
    assert states == [(refused, "INVALID", 4911), (accepted, "VALID", None)]


def test_create_calling_user_with_999_in_gb_is_refused(sandbox):
    org = create_activated_org(sandbox.url, country="GB")
    with org.session() as api:
        body = {
            "emails": ["gb@example.com"],
            "displayName": "Gb",
            "licenses": [calling_license_id(api, org)],
            "locationId": org.location_id,
            "extension": "999",
        }
        assert_error(api.post(f"{org.api_url}/people", json=body), 400, 4911)
        assert create_calling_user(api, org, "us-style@example.com", "911")["extension"] == "911"
