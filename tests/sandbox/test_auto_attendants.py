"""Auto attendants over HTTP: `/telephony/config/...autoAttendants`."""

from __future__ import annotations

from typing import Any

import pytest
import requests

from callplan_provider.sandbox.bootstrap import OrgHandle, create_activated_org
from callplan_provider.sandbox.server import SandboxServer


def menu(*keys: dict[str, Any]) -> dict[str, Any]:
    configurations = list(keys) or [{"key": "0", "action": "EXIT"}]
    return {"greeting": "DEFAULT", "extensionEnabled": True, "keyConfigurations": configurations}


def aa_body(name: str = "Front Desk", **fields: Any) -> dict[str, Any]:
    body = {
        "name": name,
        "extension": "2000",
        "businessSchedule": "Office Hours",
        "businessHoursMenu": menu(),
        "afterHoursMenu": menu(),
    }
    return {k: v for k, v in (body | fields).items() if v is not None}


def aas_url(org: OrgHandle) -> str:
    return f"{org.api_url}/telephony/config/locations/{org.location_id}/autoAttendants"


def create_aa(api: requests.Session, org: OrgHandle, **fields: Any) -> requests.Response:
    return api.post(aas_url(org), json=aa_body(**fields))


def created_aa(api: requests.Session, org: OrgHandle, **fields: Any) -> str:
    response = create_aa(api, org, **fields)
    assert response.status_code == 201, response.text
    aa_id: str = response.json()["id"]
    return aa_id


def number_row(api: requests.Session, org: OrgHandle, phone_number: str) -> dict[str, Any]:
    rows = api.get(f"{org.api_url}/telephony/config/numbers", params={"phoneNumber": phone_number}).json()
    row: dict[str, Any] = rows["phoneNumbers"][0]
    return row


def error_code(response: requests.Response) -> int:
    code: int = response.json()["errors"][0]["errorCode"]
    return code


@pytest.fixture
def office_hours(api: requests.Session, org: OrgHandle) -> str:
    """A business-hours schedule named "Office Hours" in the org's location."""
    event = {"name": "all day", "startDate": "2025-01-06", "endDate": "2025-01-06", "allDayEnabled": True}
    url = f"{org.api_url}/telephony/config/locations/{org.location_id}/schedules"
    response = api.post(url, json={"type": "businessHours", "name": "Office Hours", "events": [event]})
    assert response.status_code == 201, response.text
    return "Office Hours"


@pytest.fixture
def holidays(api: requests.Session, org: OrgHandle) -> str:
    event = {"name": "new year", "startDate": "2026-01-01", "endDate": "2026-01-01", "allDayEnabled": True}
    url = f"{org.api_url}/telephony/config/locations/{org.location_id}/schedules"
    response = api.post(url, json={"type": "holidays", "name": "Holidays", "events": [event]})
    assert response.status_code == 201, response.text
    return "Holidays"


def test_create_auto_attendant_returns_201_with_id(api, org, office_hours):
    response = create_aa(api, org, phoneNumber=org.numbers[0])
    assert response.status_code == 201
    assert set(response.json()) == {"id"}


def test_get_auto_attendant_returns_what_was_written(api, org, office_hours, holidays):
    keys = menu(
        {"key": "1", "action": "TRANSFER_WITHOUT_PROMPT", "description": "sales", "value": "+14155550199"}
    )
    aa_id = created_aa(api, org, phoneNumber=org.numbers[0], holidaySchedule=holidays, businessHoursMenu=keys)
    body = api.get(f"{aas_url(org)}/{aa_id}").json()
    assert body["id"] == aa_id
    assert (body["name"], body["phoneNumber"], body["extension"]) == ("Front Desk", org.numbers[0], "2000")
    assert (body["businessSchedule"], body["holidaySchedule"]) == ("Office Hours", "Holidays")
    assert body["businessHoursMenu"] == keys
    assert body["locationId"] == org.location_id
    assert body["tollFreeNumber"] is False


def test_get_auto_attendant_always_has_a_caller_id_name(api, org, office_hours):
    aa_id = created_aa(api, org)
    body = api.get(f"{aas_url(org)}/{aa_id}").json()
    assert (body["firstName"], body["lastName"]) == ("Front Desk", "")
    assert (
        api.put(f"{aas_url(org)}/{aa_id}", json={"firstName": "Front", "lastName": "Desk"}).status_code == 204
    )
    body = api.get(f"{aas_url(org)}/{aa_id}").json()
    assert (body["firstName"], body["lastName"]) == ("Front", "Desk")


def test_get_auto_attendant_defaults_time_zone_and_language_from_location(api, org, office_hours):
    aa_id = created_aa(api, org)
    body = api.get(f"{aas_url(org)}/{aa_id}").json()
    location = api.get(f"{org.api_url}/locations/{org.location_id}").json()
    assert body["timeZone"] == location["timeZone"]
    assert body["languageCode"] == "en_us"
    assert (body["extensionDialing"], body["nameDialing"]) == ("ENTERPRISE", "ENTERPRISE")


def test_list_auto_attendants_wraps_items_in_auto_attendants(api, org, office_hours):
    aa_id = created_aa(api, org, phoneNumber=org.numbers[0])
    items = api.get(f"{org.api_url}/telephony/config/autoAttendants").json()["autoAttendants"]
    assert [(a["id"], a["name"], a["locationId"]) for a in items] == [(aa_id, "Front Desk", org.location_id)]
    assert (items[0]["phoneNumber"], items[0]["extension"], items[0]["tollFreeNumber"]) == (
        org.numbers[0],
        "2000",
        False,
    )
    assert "businessHoursMenu" not in items[0]


def test_list_auto_attendants_filters_by_name_and_phone_number(api, org, office_hours):
    created_aa(api, org, name="Sales Line", extension="2001")
    support_id = created_aa(api, org, name="Support Line", extension="2002", phoneNumber=org.numbers[1])
    url = f"{org.api_url}/telephony/config/autoAttendants"
    assert [a["name"] for a in api.get(url, params={"name": "sales"}).json()["autoAttendants"]] == [
        "Sales Line"
    ]
    by_number = api.get(url, params={"phoneNumber": org.numbers[1]}).json()["autoAttendants"]
    assert [a["id"] for a in by_number] == [support_id]


def test_list_auto_attendants_filters_by_location(api, org, office_hours):
    created_aa(api, org)
    url = f"{org.api_url}/telephony/config/autoAttendants"
    assert api.get(url, params={"locationId": "elsewhere"}).json()["autoAttendants"] == []
    assert len(api.get(url, params={"locationId": org.location_id}).json()["autoAttendants"]) == 1


def test_list_auto_attendants_pages_with_link_header(api, org, office_hours):
    for index, name in enumerate(("A", "B", "C")):
        created_aa(api, org, name=name, extension=f"300{index}")
    first = api.get(f"{org.api_url}/telephony/config/autoAttendants", params={"max": 2})
    second = api.get(first.links["next"]["url"])
    assert [a["name"] for a in first.json()["autoAttendants"]] == ["A", "B"]
    assert [a["name"] for a in second.json()["autoAttendants"]] == ["C"]


def test_numbers_list_shows_the_auto_attendant_as_owner(api, org, office_hours):
    aa_id = created_aa(api, org, phoneNumber=org.numbers[0])
    owner = number_row(api, org, org.numbers[0])["owner"]
    assert (owner["id"], owner["type"]) == (aa_id, "AUTO_ATTENDANT")


def test_create_auto_attendant_without_number_or_extension_400(api, org, office_hours):
    response = create_aa(api, org, extension=None)
    assert response.status_code == 400
    assert error_code(response) == 25511


def test_create_auto_attendant_without_business_schedule_400(api, org):
    response = create_aa(api, org, businessSchedule=None)
    assert response.status_code == 400


def test_create_auto_attendant_duplicate_name_409(api, org, office_hours):
    created_aa(api, org)
    response = create_aa(api, org, extension="2001")
    assert response.status_code == 409
    assert error_code(response) == 25510


def test_create_auto_attendant_number_outside_inventory_400(api, org, office_hours):
    response = create_aa(api, org, phoneNumber="+14155559876")
    assert response.status_code == 400
    assert error_code(response) == 25404


def test_create_auto_attendant_number_owned_by_another_409_8363(api, org, office_hours):
    created_aa(api, org, phoneNumber=org.numbers[0])
    response = create_aa(api, org, name="Second", extension="2001", phoneNumber=org.numbers[0])
    assert response.status_code == 409
    assert error_code(response) == 8363


def test_create_auto_attendant_toll_free_number_400(api, org, office_hours):
    response = create_aa(api, org, phoneNumber="+18002752273")
    assert response.status_code == 400
    assert error_code(response) == 25403


def test_create_auto_attendant_extension_in_use_409(api, org, office_hours):
    created_aa(api, org)
    response = create_aa(api, org, name="Second")
    assert response.status_code == 409
    assert error_code(response) == 9495


@pytest.mark.parametrize(("extension", "code"), [("20a0", 4910), ("1", 4910), ("911", 4911)])
def test_create_auto_attendant_bad_extension_400(api, org, office_hours, extension, code):
    response = create_aa(api, org, extension=extension)
    assert response.status_code == 400
    assert error_code(response) == code


def test_create_auto_attendant_unknown_business_schedule_400(api, org, office_hours):
    response = create_aa(api, org, businessSchedule="Nope")
    assert response.status_code == 400
    assert error_code(response) == 25512


def test_create_auto_attendant_unknown_holiday_schedule_400(api, org, office_hours):
    response = create_aa(api, org, holidaySchedule="Office Hours")  # a businessHours schedule, not holidays
    assert response.status_code == 400
    assert error_code(response) == 25512


def test_create_auto_attendant_duplicate_key_400(api, org, office_hours):
    keys = menu({"key": "1", "action": "EXIT"}, {"key": "1", "action": "REPEAT_MENU"})
    response = create_aa(api, org, afterHoursMenu=keys)
    assert response.status_code == 400
    assert error_code(response) == 25513


def test_create_auto_attendant_unknown_key_400(api, org, office_hours):
    response = create_aa(api, org, businessHoursMenu=menu({"key": "A", "action": "EXIT"}))
    assert response.status_code == 400


def test_create_auto_attendant_unknown_action_400(api, org, office_hours):
    response = create_aa(api, org, businessHoursMenu=menu({"key": "1", "action": "DANCE"}))
    assert response.status_code == 400


def test_create_auto_attendant_transfer_without_value_400(api, org, office_hours):
    response = create_aa(api, org, businessHoursMenu=menu({"key": "1", "action": "TRANSFER_WITH_PROMPT"}))
    assert response.status_code == 400
    assert error_code(response) == 25514


def test_create_auto_attendant_transfer_to_unknown_extension_400(api, org, office_hours):
    keys = menu({"key": "1", "action": "TRANSFER_TO_OPERATOR", "value": "4321"})
    response = create_aa(api, org, businessHoursMenu=keys)
    assert response.status_code == 400
    assert error_code(response) == 25515


def test_create_auto_attendant_transfer_to_invalid_number_400(api, org, office_hours):
    keys = menu({"key": "1", "action": "TRANSFER_TO_MAILBOX", "value": "+1555"})
    response = create_aa(api, org, businessHoursMenu=keys)
    assert response.status_code == 400
    assert error_code(response) == 8362


def test_create_auto_attendant_transfer_to_existing_extension_is_accepted(api, org, office_hours):
    created_aa(api, org, name="Operator", extension="2001")
    keys = menu({"key": "0", "action": "TRANSFER_TO_OPERATOR", "value": "2001"})
    assert create_aa(api, org, businessHoursMenu=keys).status_code == 201


def test_update_auto_attendant_returns_204_and_keeps_fields_left_out(api, org, office_hours):
    keys = menu({"key": "5", "action": "REPEAT_MENU"})
    aa_id = created_aa(api, org, businessHoursMenu=keys)
    response = api.put(f"{aas_url(org)}/{aa_id}", json={"name": "Reception"})
    body = api.get(f"{aas_url(org)}/{aa_id}").json()
    assert response.status_code == 204
    assert (body["name"], body["extension"], body["businessHoursMenu"]) == ("Reception", "2000", keys)


def test_update_auto_attendant_replaces_key_configurations(api, org, office_hours):
    aa_id = created_aa(api, org)
    keys = menu({"key": "#", "action": "NAME_DIALING"}, {"key": "*", "action": "EXTENSION_DIALING"})
    api.put(f"{aas_url(org)}/{aa_id}", json={"afterHoursMenu": keys})
    assert api.get(f"{aas_url(org)}/{aa_id}").json()["afterHoursMenu"] == keys


def test_update_auto_attendant_moves_its_number(api, org, office_hours):
    aa_id = created_aa(api, org, phoneNumber=org.numbers[0])
    api.put(f"{aas_url(org)}/{aa_id}", json={"phoneNumber": org.numbers[1]})
    assert "owner" not in number_row(api, org, org.numbers[0])
    assert number_row(api, org, org.numbers[1])["owner"]["id"] == aa_id


def test_update_auto_attendant_null_number_releases_it(api, org, office_hours):
    aa_id = created_aa(api, org, phoneNumber=org.numbers[0])
    assert api.put(f"{aas_url(org)}/{aa_id}", json={"phoneNumber": None}).status_code == 204
    assert "owner" not in number_row(api, org, org.numbers[0])
    assert "phoneNumber" not in api.get(f"{aas_url(org)}/{aa_id}").json()


def test_update_auto_attendant_clearing_number_and_extension_400(api, org, office_hours):
    aa_id = created_aa(api, org)
    response = api.put(f"{aas_url(org)}/{aa_id}", json={"extension": None})
    assert response.status_code == 400
    assert error_code(response) == 25511


def test_update_auto_attendant_to_a_taken_name_409(api, org, office_hours):
    created_aa(api, org, name="A", extension="2001")
    b_id = created_aa(api, org, name="B", extension="2002")
    response = api.put(f"{aas_url(org)}/{b_id}", json={"name": "A"})
    assert response.status_code == 409
    assert error_code(response) == 25510


def test_update_auto_attendant_refused_leaves_it_unchanged(api, org, office_hours):
    aa_id = created_aa(api, org, phoneNumber=org.numbers[0])
    api.put(f"{aas_url(org)}/{aa_id}", json={"phoneNumber": org.numbers[1], "businessSchedule": "Nope"})
    assert api.get(f"{aas_url(org)}/{aa_id}").json()["phoneNumber"] == org.numbers[0]
    assert "owner" not in number_row(api, org, org.numbers[1])


def test_delete_auto_attendant_releases_number_and_extension(api, org, office_hours):
    aa_id = created_aa(api, org, phoneNumber=org.numbers[0])
    assert api.delete(f"{aas_url(org)}/{aa_id}").status_code == 204
    assert "owner" not in number_row(api, org, org.numbers[0])
    assert create_aa(api, org, name="Again", phoneNumber=org.numbers[0]).status_code == 201


def test_delete_auto_attendant_keeps_the_main_number_in_inventory(api, org, office_hours):
    aa_id = created_aa(api, org, phoneNumber=org.main_number)
    api.delete(f"{aas_url(org)}/{aa_id}")
    row = number_row(api, org, org.main_number)
    assert row["mainNumber"] is True
    assert "owner" not in row


def test_get_auto_attendant_after_delete_404(api, org, office_hours):
    aa_id = created_aa(api, org)
    api.delete(f"{aas_url(org)}/{aa_id}")
    assert api.get(f"{aas_url(org)}/{aa_id}").status_code == 404


def test_get_auto_attendant_of_another_org_404(api, org, office_hours, sandbox: SandboxServer):
    aa_id = created_aa(api, org)
    other = create_activated_org(sandbox.url)
    with other.session() as other_api:
        url = f"{other.api_url}/telephony/config/locations/{other.location_id}/autoAttendants/{aa_id}"
        assert other_api.get(url).status_code == 404
        assert other_api.delete(f"{aas_url(org)}/{aa_id}").status_code == 404
        assert (
            other_api.get(f"{other.api_url}/telephony/config/autoAttendants").json()["autoAttendants"] == []
        )


def test_update_auto_attendant_with_read_only_token_403(org, api, office_hours):
    aa_id = created_aa(api, org)
    with org.session(read_only=True) as reader:
        assert reader.put(f"{aas_url(org)}/{aa_id}", json={"name": "x"}).status_code == 403
        assert reader.get(f"{aas_url(org)}/{aa_id}").status_code == 200


def test_list_auto_attendants_phone_number_filter_tolerates_an_unescaped_plus(api, org, office_hours):
    aa_id = created_aa(api, org, phoneNumber=org.numbers[0])
    url = f"{org.api_url}/telephony/config/autoAttendants?phoneNumber={org.numbers[0]}"  # `+` becomes a space
    assert [a["id"] for a in api.get(url).json()["autoAttendants"]] == [aa_id]
