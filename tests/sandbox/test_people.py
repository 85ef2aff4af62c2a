"""People and their calling line (`PATCH /licenses/users`, `PUT ...?callingData=true`)."""

from __future__ import annotations

import pytest

from callplan_provider.sandbox.bootstrap import create_activated_org
from tests.sandbox.helpers import (
    assert_error,
    calling_license_id,
    create_calling_user,
    create_person,
    number_rows,
)


def _patch_license(api, org, person_id, operation="add", **properties):
    body = {
        "personId": person_id,
        "licenses": [{"id": calling_license_id(api, org), "operation": operation, "properties": properties}],
    }
    return api.patch(f"{org.api_url}/licenses/users", json=body)


def test_create_person_answers_200_with_invite_pending(org, api):
    response = api.post(f"{org.api_url}/people", json={"emails": ["ann@example.com"], "displayName": "Ann"})
    assert response.status_code == 200
    person = response.json()
    assert person["invitePending"] is True
    assert person["emails"] == ["ann@example.com"]
    assert person["created"].endswith("Z") and len(person["created"]) == len("2026-01-31T09:30:00.000Z")


def test_create_person_without_email_is_refused(org, api):
    assert_error(api.post(f"{org.api_url}/people", json={"emails": [], "displayName": "Nobody"}), 400)


def test_create_person_without_any_name_is_refused(org, api):
    assert_error(api.post(f"{org.api_url}/people", json={"emails": ["x@example.com"]}), 400)


def test_create_person_with_existing_email_is_conflict(org, api):
    create_person(api, org, "dup@example.com")
    assert_error(
        api.post(f"{org.api_url}/people", json={"emails": ["dup@example.com"], "displayName": "D"}),
        409,
        25409,
    )


def test_create_person_with_unknown_license_is_refused(org, api):
    body = {"emails": ["lic@example.com"], "displayName": "L", "licenses": ["bogus"]}
    assert_error(api.post(f"{org.api_url}/people", json=body), 400, 400000)


def test_list_people_filters_by_email_and_display_name(org, api):
    create_person(api, org, "zoe@example.com", displayName="Zoe Alpha")
    create_person(api, org, "zack@example.com", displayName="Zack Beta")
    by_email = api.get(f"{org.api_url}/people", params={"email": "zoe@example.com"}).json()["items"]
    by_name = api.get(f"{org.api_url}/people", params={"displayName": "Za"}).json()["items"]
    assert [p["emails"][0] for p in by_email] == ["zoe@example.com"]
    assert [p["emails"][0] for p in by_name] == ["zack@example.com"]


def test_list_people_filters_by_id_list(org, api):
    a = create_person(api, org, "a@example.com")
    create_person(api, org, "b@example.com")
    body = api.get(f"{org.api_url}/people", params={"id": f"{a['id']},missing"}).json()
    assert [p["id"] for p in body["items"]] == [a["id"]]
    assert body["notFoundIds"] == ["missing"]


def test_get_person_calling_fields_only_with_calling_data(org, api):
    person = create_calling_user(api, org, "cal@example.com", "1001", org.numbers[0])
    plain = api.get(f"{org.api_url}/people/{person['id']}").json()
    full = api.get(f"{org.api_url}/people/{person['id']}", params={"callingData": "true"}).json()
    assert "extension" not in plain and "locationId" not in plain
    assert (full["extension"], full["locationId"]) == ("1001", org.location_id)
    assert {"type": "work", "value": org.numbers[0], "primary": True} in full["phoneNumbers"]


def test_update_person_is_full_replace(org, api):
    person = create_person(api, org, "old@example.com", displayName="Old", title="Boss")
    body = {"emails": ["new@example.com"], "displayName": "New", "firstName": "New"}
    updated = api.put(f"{org.api_url}/people/{person['id']}", json=body).json()
    assert (updated["emails"], updated["displayName"]) == (["new@example.com"], "New")
    assert "title" not in updated and "lastName" not in updated


def test_update_person_without_display_name_is_refused(org, api):
    person = create_person(api, org, "nodn@example.com")
    assert_error(api.put(f"{org.api_url}/people/{person['id']}", json={"emails": ["nodn@example.com"]}), 400)


def test_update_person_calling_data_changes_extension_and_number(org, api):
    person = create_calling_user(api, org, "mov@example.com", "1001", org.numbers[0])
    body = {**person, "extension": "1002", "phoneNumbers": [{"type": "work", "value": org.numbers[1]}]}
    response = api.put(f"{org.api_url}/people/{person['id']}", params={"callingData": "true"}, json=body)
    assert response.status_code == 200, response.text
    assert response.json()["extension"] == "1002"
    assert [r["phoneNumber"] for r in number_rows(api, org, ownerId=person["id"])] == [org.numbers[1]]
    assert "owner" not in number_rows(api, org, phoneNumber=org.numbers[0])[0]


def test_update_person_without_calling_data_keeps_line(org, api):
    person = create_calling_user(api, org, "keep@example.com", "1001")
    body = {"emails": ["keep@example.com"], "displayName": "Kept", "extension": "1999"}
    api.put(f"{org.api_url}/people/{person['id']}", json=body)
    assert (
        api.get(f"{org.api_url}/people/{person['id']}", params={"callingData": "true"}).json()["extension"]
        == "1001"
    )


def test_update_person_location_change_is_refused(org, api):
    person = create_calling_user(api, org, "loc@example.com", "1001")
    body = {**person, "locationId": "elsewhere"}
    response = api.put(f"{org.api_url}/people/{person['id']}", params={"callingData": "true"}, json=body)
    assert_error(response, 400, 25411)


def test_delete_person_frees_line_license_extension_and_number(org, api):
    person = create_calling_user(api, org, "bye@example.com", "1001", org.numbers[0])
    assert api.delete(f"{org.api_url}/people/{person['id']}").status_code == 204
    assert api.get(f"{org.api_url}/licenses").json()["items"][0]["consumedUnits"] == 0
    assert "owner" not in number_rows(api, org, phoneNumber=org.numbers[0])[0]
    create_calling_user(api, org, "next@example.com", "1001", org.numbers[0])


def test_delete_person_unknown_is_not_found(org, api):
    assert_error(api.delete(f"{org.api_url}/people/nobody"), 404)


def test_delete_account_owner_is_refused(org, api):
    assert_error(api.delete(f"{org.api_url}/people/{org.owner_id}"), 409, 25410)


def test_patch_licenses_add_assigns_calling_line(org, api):
    person = create_person(api, org, "line@example.com")
    response = _patch_license(
        api, org, person["id"], locationId=org.location_id, extension="1500", phoneNumber=org.numbers[0]
    )
    assert response.status_code == 200, response.text
    assert response.json()["personId"] == person["id"]
    full = api.get(f"{org.api_url}/people/{person['id']}", params={"callingData": "true"}).json()
    assert (full["extension"], full["locationId"]) == ("1500", org.location_id)
    assert number_rows(api, org, phoneNumber=org.numbers[0])[0]["owner"]["id"] == person["id"]


def test_patch_licenses_add_twice_with_same_line_is_idempotent(org, api):
    person = create_person(api, org, "twice@example.com")
    first = _patch_license(api, org, person["id"], locationId=org.location_id, extension="1501")
    second = _patch_license(api, org, person["id"], locationId=org.location_id, extension="1501")
    assert (first.status_code, second.status_code) == (200, 200)


def test_patch_licenses_add_other_line_is_conflict(org, api):
    person = create_person(api, org, "other@example.com")
    _patch_license(api, org, person["id"], locationId=org.location_id, extension="1502")
    assert_error(
        _patch_license(api, org, person["id"], locationId=org.location_id, extension="1503"), 409, 25412
    )


def test_patch_licenses_add_without_properties_is_refused(org, api):
    person = create_person(api, org, "noprops@example.com")
    assert_error(_patch_license(api, org, person["id"]), 400, 400411)


@pytest.mark.parametrize(
    "body",
    [
        {"licenses": [{"id": "any"}]},  # nobody named
        {"personId": "any", "licenses": "all"},
        {"personId": "any", "licenses": [{"operation": "add"}]},
    ],
)
def test_patch_licenses_malformed_answers_the_documented_code(org, api, body):
    assert_error(api.patch(f"{org.api_url}/licenses/users", json=body), 400, 400)


def test_patch_licenses_with_unknown_location_is_unable_to_find_it(org, api):
    person = create_person(api, org, "nowhere@example.com")
    error = assert_error(
        _patch_license(api, org, person["id"], locationId="nope", extension="1505"), 400, 400
    )
    assert error["message"] == "Unable to find location: nope"


def test_patch_licenses_remove_frees_the_line(org, api):
    person = create_calling_user(api, org, "rm@example.com", "1504", org.numbers[0])
    assert _patch_license(api, org, person["id"], operation="remove").status_code == 200
    full = api.get(f"{org.api_url}/people/{person['id']}", params={"callingData": "true"}).json()
    assert "extension" not in full and full["licenses"] == []
    assert number_rows(api, org, extension="1504") == []


def test_patch_licenses_without_free_license_is_refused(sandbox):
    org = create_activated_org(sandbox.url, licenses=1)
    api = org.session()
    create_calling_user(api, org, "first@example.com", "1001")
    second = create_person(api, org, "second@example.com")
    assert_error(
        _patch_license(api, org, second["id"], locationId=org.location_id, extension="1002"), 400, 25408
    )


def test_patch_licenses_by_email(org, api):
    create_person(api, org, "mail@example.com")
    body = {
        "email": "mail@example.com",
        "licenses": [
            {
                "id": calling_license_id(api, org),
                "properties": {"locationId": org.location_id, "extension": "1600"},
            }
        ],
    }
    assert api.patch(f"{org.api_url}/licenses/users", json=body).status_code == 200
