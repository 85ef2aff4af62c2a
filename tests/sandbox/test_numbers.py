"""The number inventory, extensions and the two validation endpoints."""

from __future__ import annotations

import pytest

from callplan_provider.client import ApiError, CallingPlanApi
from callplan_provider.sandbox.bootstrap import create_activated_org
from tests.conftest import seed_numbers
from tests.sandbox.helpers import assert_error, create_calling_user, number_rows


def _add(api, org, *numbers):
    return api.post(
        f"{org.api_url}/telephony/config/locations/{org.location_id}/numbers",
        json={"phoneNumbers": list(numbers)},
    )


def _validate(api, org, *numbers):
    url = f"{org.api_url}/telephony/config/actions/validateNumbers/invoke"
    response = api.post(url, json={"phoneNumbers": list(numbers)})
    assert response.status_code == 200, response.text
    return response.json()


def refused_numbers(response) -> dict[str, int]:
    """A 400 whose list body gives each refused number with its errors → {number: errorCode}."""
    assert response.status_code == 400, response.text
    assert response.headers["TrackingID"]
    body = response.json()
    assert isinstance(body, list), body
    return {item["phoneNumber"]: item["errors"][0]["errorCode"] for item in body}


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
    assert (row["state"], row["phoneNumberType"], row["includedTelephonyTypes"]) == (
        "ACTIVE",
        "PRIMARY",
        "PSTN_NUMBER",
    )


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
    assert refused_numbers(_add(api, org, "+18005550100")) == {"+18005550100": 25403}


def test_add_numbers_invalid_is_refused(org, api):
    assert refused_numbers(_add(api, org, "+1555")) == {"+1555": 8362}


def test_add_numbers_of_another_country_is_refused(org, api):
    assert refused_numbers(_add(api, org, "+442079460000")) == {"+442079460000": 25415}


def test_add_numbers_refuses_each_bad_number_in_a_list_and_adds_none(org, api, sandbox):
    other = create_activated_org(sandbox.url, numbers=seed_numbers(1))
    good = seed_numbers(1)[0]
    response = _add(api, org, good, "12", "+18005550100", other.numbers[0])
    assert refused_numbers(response) == {"12": 8362, "+18005550100": 25403, other.numbers[0]: 8361}
    assert (
        response.json()[-1]["errors"][0]["description"]
        == f"[Error 8361] DN is unavailable : {other.numbers[0]}"
    )
    assert number_rows(api, org, phoneNumber=good) == []


def test_add_numbers_of_another_org_is_refused_even_its_main_number(org, api, sandbox):
    other = create_activated_org(sandbox.url, numbers=seed_numbers(1))
    for number in (other.numbers[0], other.main_number):
        assert refused_numbers(_add(api, org, number)) == {number: 8361}
        assert number_rows(api, org, phoneNumber=number) == []
    assert [
        r["location"]["id"] for r in number_rows(other.session(), other, phoneNumber=other.main_number)
    ] == [other.location_id]


def test_add_numbers_refusal_reads_per_number_through_the_client(org, sandbox):
    other = create_activated_org(sandbox.url, numbers=seed_numbers(1))
    client = CallingPlanApi(org.api_url, org.admin_token)
    with pytest.raises(ApiError) as refused:
        client.numbers.add(org.location_id, ["+18005550100", other.numbers[0]])
    assert refused.value.status == 400
    assert refused.value.code == 25403
    assert "+18005550100" in str(refused.value)
    assert f"DN is unavailable : {other.numbers[0]}" in str(refused.value)


def test_add_numbers_already_in_the_location_are_ignored_while_validate_calls_them_duplicate(org, api):
    """Both as Webex documents them: adding is idempotent; validation says the org has the number."""
    assert _add(api, org, org.numbers[0]).status_code == 201
    assert len(number_rows(api, org, phoneNumber=org.numbers[0])) == 1
    assert _validate(api, org, org.numbers[0])["phoneNumbers"][0]["state"] == "Duplicate"


def test_validate_numbers_of_another_org_is_unavailable(org, api, sandbox):
    other = create_activated_org(sandbox.url, numbers=seed_numbers(1))
    result = _validate(api, org, other.numbers[0], other.main_number)
    assert result["status"] == "ERRORS"
    assert [(n["phoneNumber"], n["state"], n["detail"]) for n in result["phoneNumbers"]] == [
        (number, "Unavailable", [f"[Error 8361] DN is unavailable : {number}"])
        for number in (other.numbers[0], other.main_number)
    ]


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
