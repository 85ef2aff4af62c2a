"""The number inventory, extensions and the two validation endpoints."""

from __future__ import annotations

import pytest

from tests.sandbox.helpers import assert_error, create_calling_user, number_rows


def _add(api, org, *numbers):
    return api.post(
        f"{org.api_url}/telephony/config/locations/{org.location_id}/numbers",
        json={"phoneNumbers": list(numbers)},
    )


def test_list_numbers_shows_unassigned_rows_without_owner(org, api):
    rows = number_rows(api, org)
    assert {r["phoneNumber"] for r in rows} == {*org.numbers, org.main_number}
    row = next(r for r in rows if r["phoneNumber"] == org.numbers[0])
    assert "owner" not in row
    assert row["state"] == "ACTIVE" and row["tollFreeNumber"] is False and row["mainNumber"] is False
    assert row["location"]["id"] == org.location_id


def test_list_numbers_shows_owner_of_assigned_number(org, api):
    person = create_calling_user(api, org, "ann@example.com", "1001", org.numbers[0])
    (row,) = number_rows(api, org, phoneNumber=org.numbers[0])
    assert row["extension"] == "1001"
    assert row["owner"] == {
        "id": person["id"],
        "type": "PEOPLE",
        "firstName": "Ann",
        "lastName": "Test",
        "displayName": "Ann Test",
    }


def test_list_numbers_shows_extension_only_row_without_phone_number(org, api):
    create_calling_user(api, org, "bob@example.com", "1002")
    (row,) = number_rows(api, org, extension="1002")
    assert "phoneNumber" not in row
    assert row["owner"]["type"] == "PEOPLE"


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"available": "true"}, "unowned numbers"),
        ({"numberType": "EXTENSION"}, "extension only"),
        ({"numberType": "NUMBER"}, "with numbers"),
    ],
)
def test_list_numbers_filters(org, api, params, expected):
    person = create_calling_user(api, org, "cat@example.com", "1003", org.numbers[0])
    create_calling_user(api, org, "dan@example.com", "1004")
    rows = number_rows(api, org, **params)
    if expected == "unowned numbers":
        assert {r["phoneNumber"] for r in rows} == {org.numbers[1], org.main_number}
    elif expected == "extension only":
        assert [r["extension"] for r in rows] == ["1004"]
    else:
        assert {r["phoneNumber"] for r in rows} == {*org.numbers, org.main_number}
    assert person["id"]


def test_list_numbers_filters_by_owner(org, api):
    person = create_calling_user(api, org, "eve@example.com", "1005", org.numbers[1])
    assert [r["phoneNumber"] for r in number_rows(api, org, ownerId=person["id"])] == [org.numbers[1]]


def test_add_numbers_answers_201_and_joins_inventory(org, api):
    response = _add(api, org, "+14155550800")
    assert response.status_code == 201
    assert [r["phoneNumber"] for r in number_rows(api, org, phoneNumber="+14155550800")] == ["+14155550800"]


def test_add_numbers_toll_free_is_refused(org, api):
    assert_error(_add(api, org, "+18005550100"), 400, 25403)


def test_add_numbers_invalid_is_refused(org, api):
    assert_error(_add(api, org, "+1555"), 400, 8362)


def test_add_numbers_of_another_country_is_refused(org, api):
    assert_error(_add(api, org, "+442079460000"), 400, 25415)


def test_remove_owned_number_is_refused(org, api):
    create_calling_user(api, org, "fay@example.com", "1006", org.numbers[0])
    response = api.delete(
        f"{org.api_url}/telephony/config/locations/{org.location_id}/numbers",
        json={"phoneNumbers": [org.numbers[0]]},
    )
    assert_error(response, 409, 25407)


def test_remove_unassigned_number_answers_204(org, api):
    response = api.delete(
        f"{org.api_url}/telephony/config/locations/{org.location_id}/numbers",
        json={"phoneNumbers": [org.numbers[1]]},
    )
    assert response.status_code == 204
    assert number_rows(api, org, phoneNumber=org.numbers[1]) == []


def test_assign_number_owned_by_another_is_conflict_8363(org, api):
    create_calling_user(api, org, "gus@example.com", "1007", org.numbers[0])
    license_id = api.get(f"{org.api_url}/licenses").json()["items"][0]["id"]
    body = {
        "emails": ["hal@example.com"],
        "displayName": "Hal",
        "licenses": [license_id],
        "locationId": org.location_id,
        "extension": "1008",
        "phoneNumbers": [{"type": "work", "value": org.numbers[0]}],
    }
    error = assert_error(api.post(f"{org.api_url}/people", json=body), 409, 8363)
    assert error["errorCode"] == 25223


def test_validate_numbers_reports_each_state(org, api):
    body = {"phoneNumbers": ["+14155550700", org.numbers[0], "+14155550700", "+1555", "+18005550100"]}
    response = api.post(f"{org.api_url}/telephony/config/actions/validateNumbers/invoke", json=body)
    assert response.status_code == 200
    result = response.json()
    assert result["status"] == "ERRORS"
    assert [n["state"] for n in result["phoneNumbers"]] == [
        "Available",
        "Duplicate",
        "Duplicate In List",
        "Invalid",
        "Unavailable",
    ]
    assert result["phoneNumbers"][4]["tollFreeNumber"] is True


def test_validate_numbers_all_available_is_ok(org, api):
    body = {"phoneNumbers": ["+14155550701"]}
    result = api.post(f"{org.api_url}/telephony/config/actions/validateNumbers/invoke", json=body).json()
    assert result == {
        "status": "OK",
        "phoneNumbers": [
            {"phoneNumber": "+14155550701", "state": "Available", "tollFreeNumber": False, "detail": []}
        ],
    }


def test_validate_extensions_reports_each_state(org, api):
    create_calling_user(api, org, "ivy@example.com", "2001")
    body = {"extensions": ["2002", "2001", "2002", "12a", "911", "1"]}
    url = f"{org.api_url}/telephony/config/locations/{org.location_id}/actions/validateExtensions/invoke"
    result = api.post(url, json=body).json()
    assert result["status"] == "ERRORS"
    states = [(e["extension"], e["state"], e.get("errorCode")) for e in result["extensionStatus"]]
    assert states == [
        ("2002", "VALID", None),
        ("2001", "DUPLICATE", 9495),
        ("2002", "DUPLICATE_IN_LIST", 9498),
        ("12a", "INVALID", 4910),
        ("911", "INVALID", 4911),
        ("1", "INVALID", 4910),
    ]


@pytest.mark.parametrize(
    ("extension", "code"), [("12a", 4910), ("1234567", 4910), ("7", 4910), ("112", 4911)]
)
def test_create_calling_user_with_bad_extension_is_refused(org, api, extension, code):
    license_id = api.get(f"{org.api_url}/licenses").json()["items"][0]["id"]
    body = {
        "emails": ["jo@example.com"],
        "displayName": "Jo",
        "licenses": [license_id],
        "locationId": org.location_id,
        "extension": extension,
    }
    assert_error(api.post(f"{org.api_url}/people", json=body), 400, code)


def test_create_calling_user_with_taken_extension_is_conflict(org, api):
    create_calling_user(api, org, "kim@example.com", "3001")
    license_id = api.get(f"{org.api_url}/licenses").json()["items"][0]["id"]
    body = {
        "emails": ["lee@example.com"],
        "displayName": "Lee",
        "licenses": [license_id],
        "locationId": org.location_id,
        "extension": "3001",
    }
    assert_error(api.post(f"{org.api_url}/people", json=body), 409, 9495)
    assert api.get(f"{org.api_url}/people", params={"email": "lee@example.com"}).json()["items"] == []
