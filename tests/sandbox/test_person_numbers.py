"""A person's numbers over HTTP: `GET /people/{id}/features/numbers` and their alternate numbers,
`PUT /telephony/config/people/{id}/numbers` (ADD/DELETE, not primary, with a ring pattern)."""

from __future__ import annotations

from typing import Any

import requests

from callplan_provider.sandbox.bootstrap import OrgHandle
from tests.sandbox.helpers import assert_error, create_calling_user, create_person, number_rows


def numbers_of(api: requests.Session, org: OrgHandle, person_id: str, e164: bool = True) -> dict[str, Any]:
    params = {"preferE164Format": "true"} if e164 else {}
    response = api.get(f"{org.api_url}/people/{person_id}/features/numbers", params=params)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def change(
    api: requests.Session, org: OrgHandle, person_id: str, *items: dict[str, Any]
) -> requests.Response:
    url = f"{org.api_url}/telephony/config/people/{person_id}/numbers"
    return api.put(url, json={"phoneNumbers": list(items)})


def add(number: str | None, ring: str | None = None) -> dict[str, Any]:
    item: dict[str, Any] = {"primary": False, "action": "ADD", "external": number}
    return item | ({"ringPattern": ring} if ring else {})


def test_numbers_list_the_direct_number_first_then_the_alternates(org, api):
    ann = create_calling_user(api, org, "ann@example.com", "1001", org.numbers[0])
    assert change(api, org, ann["id"], add(org.main_number, "LONG_LONG")).status_code == 204
    body = numbers_of(api, org, ann["id"])
    primary, alternate = body["phoneNumbers"]
    assert (primary["primary"], primary["directNumber"], primary["extension"]) == (
        True,
        org.numbers[0],
        "1001",
    )
    assert alternate == {"primary": False, "directNumber": org.main_number, "ringPattern": "LONG_LONG"}


def test_an_alternate_number_is_owned_by_the_person_and_listed_as_alternate(org, api):
    ann = create_calling_user(api, org, "ann@example.com", "1001", org.numbers[0])
    change(api, org, ann["id"], add(org.numbers[1]))
    (row,) = number_rows(api, org, phoneNumber=org.numbers[1])
    assert (row["owner"]["id"], row["phoneNumberType"]) == (ann["id"], "ALTERNATE")
    assert numbers_of(api, org, ann["id"])["phoneNumbers"][1]["ringPattern"] == "NORMAL"


def test_a_number_is_owned_by_one_thing_at_a_time(org, api):
    ann = create_calling_user(api, org, "ann@example.com", "1001", org.numbers[0])
    bo = create_calling_user(api, org, "bo@example.com", "1002")
    assert_error(change(api, org, bo["id"], add(org.numbers[0])), 409, 8363)  # Ann's direct number
    change(api, org, ann["id"], add(org.numbers[1]))
    assert_error(change(api, org, bo["id"], add(org.numbers[1])), 409, 8363)  # Ann's alternate
    assert numbers_of(api, org, bo["id"])["phoneNumbers"][1:] == []


def test_a_change_is_applied_whole_or_not_at_all(org, api):
    ann = create_calling_user(api, org, "ann@example.com", "1001")
    bo = create_calling_user(api, org, "bo@example.com", "1002", org.numbers[0])
    refused = change(api, org, ann["id"], add(org.numbers[1]), add(org.numbers[0]))
    assert_error(refused, 409, 8363)
    assert numbers_of(api, org, ann["id"])["phoneNumbers"][1:] == []
    assert "owner" not in number_rows(api, org, phoneNumber=org.numbers[1])[0]
    assert bo["id"]


def test_primary_bad_ring_pattern_and_own_number_are_refused(org, api):
    ann = create_calling_user(api, org, "ann@example.com", "1001", org.numbers[0])
    assert_error(change(api, org, ann["id"], add(org.numbers[1]) | {"primary": True}), 400, 25419)
    assert_error(change(api, org, ann["id"], add(org.numbers[1], "LOUD")), 400, 25008)
    assert_error(change(api, org, ann["id"], add(org.numbers[0])), 400, 25419)
    assert_error(change(api, org, ann["id"], add("+18005550100")), 400)  # toll-free


def test_delete_releases_the_number_and_keeps_the_direct_number(org, api):
    ann = create_calling_user(api, org, "ann@example.com", "1001", org.numbers[0])
    change(api, org, ann["id"], add(org.main_number))
    delete = {"primary": False, "action": "DELETE", "external": org.main_number}
    assert change(api, org, ann["id"], delete).status_code == 204
    assert change(api, org, ann["id"], delete).status_code == 204  # again: nothing to do
    assert [n["directNumber"] for n in numbers_of(api, org, ann["id"])["phoneNumbers"]] == [org.numbers[0]]
    assert "owner" not in number_rows(api, org, phoneNumber=org.main_number)[0]


def test_removing_the_line_releases_the_alternate_numbers(org, api):
    ann = create_calling_user(api, org, "ann@example.com", "1001", org.numbers[0])
    change(api, org, ann["id"], add(org.numbers[1]))
    assert api.delete(f"{org.api_url}/people/{ann['id']}").status_code == 204
    assert "owner" not in number_rows(api, org, phoneNumber=org.numbers[1])[0]


def test_a_person_without_a_line_has_no_numbers(org, api):
    cy = create_person(api, org, "cy@example.com")
    assert_error(api.get(f"{org.api_url}/people/{cy['id']}/features/numbers"), 400, 25416)
    assert_error(change(api, org, cy["id"], add(org.numbers[0])), 400, 25416)


def test_an_alternate_that_becomes_the_direct_number_is_no_longer_an_alternate(org, api):
    ann = create_calling_user(api, org, "ann@example.com", "1001")
    change(api, org, ann["id"], add(org.numbers[1]))
    person = api.get(f"{org.api_url}/people/{ann['id']}", params={"callingData": "true"}).json()
    person["phoneNumbers"] = [{"type": "work", "value": org.numbers[1]}]
    updated = api.put(f"{org.api_url}/people/{ann['id']}", json=person, params={"callingData": "true"})
    assert updated.status_code == 200, updated.text
    assert [n["directNumber"] for n in numbers_of(api, org, ann["id"])["phoneNumbers"]] == [org.numbers[1]]


def test_numbers_are_in_the_legacy_format_unless_e164_is_asked_for(org, api):
    """As Webex documents it: without `preferE164Format=true` a US number reads as its ten digits."""
    ann = create_calling_user(api, org, "ann@example.com", "1001", org.numbers[0])
    change(api, org, ann["id"], add(org.main_number))
    legacy = [n["directNumber"] for n in numbers_of(api, org, ann["id"], e164=False)["phoneNumbers"]]
    assert legacy == [org.numbers[0].removeprefix("+1"), org.main_number.removeprefix("+1")]
    e164 = [n["directNumber"] for n in numbers_of(api, org, ann["id"])["phoneNumbers"]]
    assert e164 == [org.numbers[0], org.main_number]


def test_a_change_without_phone_numbers_is_refused(org, api):
    """`phoneNumbers` is required in Webex's `UserNumbersPatch`."""
    ann = create_calling_user(api, org, "ann@example.com", "1001", org.numbers[0])
    url = f"{org.api_url}/telephony/config/people/{ann['id']}/numbers"
    assert_error(api.put(url, json={"enableDistinctiveRingPattern": False}), 400, 25008)
    assert numbers_of(api, org, ann["id"])["distinctiveRingEnabled"] is True
