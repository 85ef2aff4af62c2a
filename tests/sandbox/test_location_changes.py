"""Locations over HTTP: creating one in Webex's shape, changing its emergency address, deleting it."""

from __future__ import annotations

from typing import Any

import requests

from callplan_provider.sandbox.bootstrap import OrgHandle
from tests.sandbox.helpers import assert_error, calling_license_id, create_person, number_rows

ESA = {
    "address1": "1 Elm St",
    "address2": "Suite 2",
    "city": "Austin",
    "state": "TX",
    "postalCode": "73301",
    "country": "US",
}


def new_location(api: requests.Session, org: OrgHandle, name: str = "Branch", **fields: Any) -> str:
    body = {
        "name": name,
        "timeZone": "America/Chicago",
        "preferredLanguage": "en_us",
        "announcementLanguage": "en_us",
        "address": ESA,
        **fields,
    }
    response = api.post(f"{org.api_url}/locations", json=body)
    assert response.status_code == 201, response.text
    location_id: str = response.json()["id"]
    return location_id


def location(api: requests.Session, org: OrgHandle, location_id: str) -> dict[str, Any]:
    response = api.get(f"{org.api_url}/locations/{location_id}")
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def put_location(api: requests.Session, org: OrgHandle, location_id: str, body: dict[str, Any]):
    return api.put(f"{org.api_url}/locations/{location_id}", json=body)


# --- create ------------------------------------------------------------------------------------


def test_create_location_keeps_its_address_as_given(org, api):
    location_id = new_location(api, org, latitude="30.26", notes="the branch")
    body = location(api, org, location_id)
    assert (body["address"], body["announcementLanguage"], body["notes"]) == (ESA, "en_us", "the branch")


def test_create_location_without_state_is_refused(org, api):
    address = {k: v for k, v in ESA.items() if k != "state"}
    response = api.post(
        f"{org.api_url}/locations",
        json={
            "name": "Branch",
            "timeZone": "America/Chicago",
            "preferredLanguage": "en_us",
            "announcementLanguage": "en_us",
            "address": address,
        },
    )
    assert "state" in assert_error(response, 400)["message"]


def test_create_location_without_languages_is_refused(org, api):
    response = api.post(
        f"{org.api_url}/locations", json={"name": "Branch", "timeZone": "America/Chicago", "address": ESA}
    )
    message = assert_error(response, 400)["message"]
    assert "preferredLanguage" in message and "announcementLanguage" in message


def test_create_location_with_a_name_in_use_409(org, api):
    new_location(api, org, "Branch")
    response = api.post(
        f"{org.api_url}/locations",
        json={
            "name": "branch",
            "timeZone": "America/Chicago",
            "preferredLanguage": "en_us",
            "announcementLanguage": "en_us",
            "address": ESA,
        },
    )
    assert_error(response, 409, 25440)


# --- update ------------------------------------------------------------------------------------


def test_update_location_changes_name_time_zone_language_and_address(org, api):
    location_id = new_location(api, org)
    moved = {**ESA, "address1": "9 Oak Ave", "address2": "Floor 3"}
    change = {"name": "Austin", "timeZone": "America/Denver", "preferredLanguage": "fr_ca", "address": moved}
    response = put_location(api, org, location_id, change)
    assert response.status_code == 204, response.text
    body = location(api, org, location_id)
    assert (body["name"], body["timeZone"], body["preferredLanguage"], body["address"]) == (
        "Austin",
        "America/Denver",
        "fr_ca",
        moved,
    )


def test_update_location_leaves_out_fields_it_does_not_name(org, api):
    location_id = new_location(api, org)
    assert put_location(api, org, location_id, {"timeZone": "America/Denver"}).status_code == 204
    body = location(api, org, location_id)
    assert (body["name"], body["address"]) == ("Branch", ESA)


def test_update_location_address_replaces_the_whole_address(org, api):
    location_id = new_location(api, org)
    without_suite = {k: v for k, v in ESA.items() if k != "address2"}
    assert put_location(api, org, location_id, {"address": without_suite}).status_code == 204
    assert location(api, org, location_id)["address"] == without_suite


def test_update_location_address_missing_a_field_400(org, api):
    location_id = new_location(api, org)
    response = put_location(api, org, location_id, {"address": {"address1": "9 Oak Ave"}})
    message = assert_error(response, 400)["message"]
    assert "city" in message and "postal_code" in message
    assert location(api, org, location_id)["address"] == ESA


def test_update_location_country_cannot_change(org, api):
    response = put_location(api, org, org.location_id, {"address": {**ESA, "country": "CA", "state": "ON"}})
    assert "cannot change" in assert_error(response, 400, 25443)["message"]


def test_update_location_with_another_locations_name_409(org, api):
    location_id = new_location(api, org)
    main_name = location(api, org, org.location_id)["name"]
    assert_error(put_location(api, org, location_id, {"name": main_name}), 409, 25440)


def test_update_location_unknown_404(org, api):
    assert_error(put_location(api, org, "nope", {"name": "X"}), 404)


def test_update_location_with_read_only_token_403(org):
    with org.session(read_only=True) as reader:
        assert_error(put_location(reader, org, org.location_id, {"name": "X"}), 403)


def test_update_calling_announcement_language_shows_on_the_location(org, api):
    response = api.put(
        f"{org.api_url}/telephony/config/locations/{org.location_id}", json={"announcementLanguage": "es_es"}
    )
    assert response.status_code == 204
    assert location(api, org, org.location_id)["announcementLanguage"] == "es_es"


# --- a second location in use ------------------------------------------------------------------


def test_second_location_has_its_own_numbers_and_extensions(org, api):
    branch = new_location(api, org)
    added = api.post(
        f"{org.api_url}/telephony/config/locations/{branch}/numbers", json={"phoneNumbers": ["+15125550100"]}
    )
    assert added.status_code == 201, added.text
    fields = {"licenses": [calling_license_id(api, org)], "locationId": branch, "extension": "201"}
    create_person(api, org, "first@example.com", **{**fields, "locationId": org.location_id})
    create_person(
        api, org, "branch@example.com", **fields, phoneNumbers=[{"type": "work", "value": "+15125550100"}]
    )
    (row,) = number_rows(api, org, locationId=branch)
    assert (row["phoneNumber"], row["extension"], row["location"]["id"]) == ("+15125550100", "201", branch)


# --- delete ------------------------------------------------------------------------------------


def test_delete_empty_location_204_and_its_schedules_go(org, api):
    location_id = new_location(api, org)
    schedules = f"{org.api_url}/telephony/config/locations/{location_id}/schedules"
    api.post(schedules, json={"type": "businessHours", "name": "Open", "events": []}).raise_for_status()
    assert api.delete(f"{org.api_url}/locations/{location_id}").status_code == 204
    assert_error(api.get(f"{org.api_url}/locations/{location_id}"), 404)
    assert_error(api.get(schedules), 404)


def test_delete_location_with_numbers_people_and_menus_409_naming_them(org, api):
    branch = new_location(api, org)
    api.post(
        f"{org.api_url}/telephony/config/locations/{branch}/numbers", json={"phoneNumbers": ["+15125550101"]}
    ).raise_for_status()
    fields = {"licenses": [calling_license_id(api, org)], "locationId": branch, "extension": "301"}
    create_person(api, org, "left@example.com", **fields)
    schedules = f"{org.api_url}/telephony/config/locations/{branch}/schedules"
    api.post(schedules, json={"type": "businessHours", "name": "Open", "events": []}).raise_for_status()
    menu = {"name": "Branch menu", "extension": "300", "businessSchedule": "Open"}
    menus = f"{org.api_url}/telephony/config/locations/{branch}/autoAttendants"
    api.post(menus, json=menu).raise_for_status()

    message = assert_error(api.delete(f"{org.api_url}/locations/{branch}"), 409, 25441)["message"]

    assert "1 number (+15125550101)" in message
    assert "1 person (left@example.com)" in message
    assert "1 phone menu ('Branch menu')" in message
    assert location(api, org, branch)["name"] == "Branch"


def test_delete_first_location_with_its_main_number_409(org, api):
    new_location(api, org)
    message = assert_error(api.delete(f"{org.api_url}/locations/{org.location_id}"), 409, 25441)["message"]
    assert org.main_number in message


def test_delete_only_location_409(sandbox):
    from callplan_provider.sandbox.bootstrap import create_activated_org

    lone = create_activated_org(sandbox.url, licenses=1)
    with lone.session() as api:
        assert_error(api.delete(f"{lone.api_url}/locations/{lone.location_id}"), 409, 25442)


def test_delete_location_unknown_404(org, api):
    assert_error(api.delete(f"{org.api_url}/locations/nope"), 404)
