"""Locations, their calling details and the main number."""

from __future__ import annotations

from tests.sandbox.helpers import assert_error, number_rows

BRANCH = {
    "name": "Branch",
    "timeZone": "America/Chicago",
    "preferredLanguage": "en_us",
    "announcementLanguage": "en_us",
    "address": {
        "address1": "1 Elm St",
        "city": "Austin",
        "state": "TX",
        "postalCode": "73301",
        "country": "US",
    },
}


def _calling(api, org):
    return api.get(f"{org.api_url}/telephony/config/locations/{org.location_id}").json()


def test_list_locations_wraps_items(org, api):
    (location,) = api.get(f"{org.api_url}/locations").json()["items"]
    assert location["id"] == org.location_id
    assert location["address"]["country"] == "US"
    assert location["timeZone"]


def test_get_location_returns_address(org, api):
    body = api.get(f"{org.api_url}/locations/{org.location_id}").json()
    assert set(body["address"]) >= {"address1", "city", "state", "postalCode", "country"}


def test_get_location_unknown_is_not_found(org, api):
    assert_error(api.get(f"{org.api_url}/locations/nope"), 404, 4008)


def test_create_location_answers_201_with_id(org, api):
    body = {
        "name": "Branch",
        "timeZone": "America/Chicago",
        "preferredLanguage": "en_us",
        "announcementLanguage": "en_us",
        "address": {
            "address1": "1 Elm St",
            "city": "Austin",
            "state": "TX",
            "postalCode": "73301",
            "country": "US",
        },
    }
    response = api.post(f"{org.api_url}/locations", json=body)
    assert response.status_code == 201
    assert api.get(f"{org.api_url}/locations/{response.json()['id']}").json()["name"] == "Branch"


def test_create_location_in_country_without_plan_is_refused(org, api):
    body = {
        "name": "Jakarta",
        "timeZone": "Asia/Jakarta",
        "preferredLanguage": "en_us",
        "announcementLanguage": "en_us",
        "address": {
            "address1": "Jl. 1",
            "city": "Jakarta",
            "state": "JK",
            "postalCode": "10110",
            "country": "ID",
        },
    }
    assert_error(api.post(f"{org.api_url}/locations", json=body), 400, 25401)


def test_list_telephony_locations_wraps_locations(org, api):
    (location,) = api.get(f"{org.api_url}/telephony/config/locations").json()["locations"]
    assert location["callingLineId"]["phoneNumber"] == org.main_number


def test_list_telephony_locations_sends_a_null_main_number_when_there_is_none(org, api):
    branch = api.post(f"{org.api_url}/locations", json=BRANCH).json()["id"]
    listed = api.get(f"{org.api_url}/telephony/config/locations").json()["locations"]
    assert next(loc for loc in listed if loc["id"] == branch)["callingLineId"] == {
        "name": "Sandbox Org",
        "phoneNumber": None,
    }
    assert (
        api.get(f"{org.api_url}/telephony/config/locations/{branch}").json()["callingLineId"]["phoneNumber"]
        is None
    )


def test_get_telephony_location_has_every_field_webex_always_sends(org, api):
    body = _calling(api, org)
    assert body["externalCallerIdName"] == "Main Office"
    assert body["userLimit"] == 10
    assert body["routingPrefix"] == ""
    assert body["defaultDomain"].endswith(".calling.sandbox.example.com")
    assert "connection" not in body  # a calling plan's location has no trunk or route group


def test_update_location_external_caller_id_name_and_routing_prefix(org, api):
    url = f"{org.api_url}/telephony/config/locations/{org.location_id}"
    assert api.put(url, json={"externalCallerIdName": "Acme", "routingPrefix": "812"}).status_code == 204
    body = _calling(api, org)
    assert (body["externalCallerIdName"], body["routingPrefix"]) == ("Acme", "812")


def test_update_location_main_number_answers_204(org, api):
    new_main = org.numbers[0]
    response = api.put(
        f"{org.api_url}/telephony/config/locations/{org.location_id}",
        json={"callingLineId": {"phoneNumber": new_main}},
    )
    assert response.status_code == 204
    assert _calling(api, org)["callingLineId"]["phoneNumber"] == new_main
    assert [r["phoneNumber"] for r in number_rows(api, org, phoneNumber=new_main) if r["mainNumber"]] == [
        new_main
    ]


def test_update_location_partial_keeps_main_number(org, api):
    response = api.put(
        f"{org.api_url}/telephony/config/locations/{org.location_id}",
        json={"callingLineId": {"name": "Reception"}},
    )
    assert response.status_code == 204
    assert _calling(api, org)["callingLineId"] == {"name": "Reception", "phoneNumber": org.main_number}


def test_update_location_main_number_outside_inventory_is_refused(org, api):
    response = api.put(
        f"{org.api_url}/telephony/config/locations/{org.location_id}",
        json={"callingLineId": {"phoneNumber": "+14155559999"}},
    )
    assert_error(response, 400, 25404)


def test_update_location_toll_free_main_number_is_refused(org, api):
    response = api.put(
        f"{org.api_url}/telephony/config/locations/{org.location_id}",
        json={"callingLineId": {"phoneNumber": "+18005550100"}},
    )
    assert_error(response, 400, 25403)


def test_delete_main_number_is_refused(org, api):
    response = api.delete(
        f"{org.api_url}/telephony/config/locations/{org.location_id}/numbers",
        json={"phoneNumbers": [org.main_number]},
    )
    assert_error(response, 409, 25406)


def test_update_location_inactive_main_number_is_refused(org, api):
    api.post(
        f"{org.api_url}/telephony/config/locations/{org.location_id}/numbers",
        json={"phoneNumbers": ["+14155550880"], "state": "INACTIVE"},
    )
    response = api.put(
        f"{org.api_url}/telephony/config/locations/{org.location_id}",
        json={"callingLineId": {"phoneNumber": "+14155550880"}},
    )
    assert_error(response, 400, 25405)
