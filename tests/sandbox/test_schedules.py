"""Location schedules over HTTP: `/telephony/config/locations/{id}/schedules`."""

from __future__ import annotations

from typing import Any

import requests

from callplan_provider.sandbox.bootstrap import OrgHandle, create_activated_org
from callplan_provider.sandbox.server import SandboxServer


def weekday_event(name: str = "weekdays", start: str = "09:00", end: str = "17:00") -> dict[str, Any]:
    days = {d: d not in ("saturday", "sunday") for d in ("sunday", "monday", "tuesday", "wednesday")}
    days |= {"thursday": True, "friday": True, "saturday": False}
    return {
        "name": name,
        "startDate": "2025-01-06",
        "endDate": "2025-01-06",
        "startTime": start,
        "endTime": end,
        "allDayEnabled": False,
        "recurrence": {"recurForEver": True, "recurWeekly": days},
    }


def schedules_url(org: OrgHandle) -> str:
    return f"{org.api_url}/telephony/config/locations/{org.location_id}/schedules"


def create_schedule(
    api: requests.Session,
    org: OrgHandle,
    name: str = "Office Hours",
    type_: str = "businessHours",
    **extra: Any,
) -> requests.Response:
    body = {"type": type_, "name": name, "events": [weekday_event()]} | extra
    return api.post(schedules_url(org), json=body)


def created_schedule(
    api: requests.Session, org: OrgHandle, name: str = "Office Hours", type_: str = "businessHours"
) -> str:
    response = create_schedule(api, org, name, type_)
    assert response.status_code == 201, response.text
    schedule_id: str = response.json()["id"]
    return schedule_id


def create_menu(api: requests.Session, org: OrgHandle, schedule: str, extension: str = "2100") -> str:
    menu = {
        "greeting": "DEFAULT",
        "extensionEnabled": True,
        "keyConfigurations": [{"key": "0", "action": "EXIT"}],
    }
    body = {
        "name": "Front Desk",
        "extension": extension,
        "businessSchedule": schedule,
        "businessHoursMenu": menu,
        "afterHoursMenu": menu,
    }
    response = api.post(
        f"{org.api_url}/telephony/config/locations/{org.location_id}/autoAttendants", json=body
    )
    assert response.status_code == 201, response.text
    aa_id: str = response.json()["id"]
    return aa_id


def events_of(api: requests.Session, org: OrgHandle, schedule_id: str) -> list[dict[str, Any]]:
    """The schedule's events as read, without their ids."""
    events = api.get(f"{schedules_url(org)}/businessHours/{schedule_id}").json()["events"]
    return [{k: v for k, v in event.items() if k != "id"} for event in events]


def error_code(response: requests.Response) -> int:
    code: int = response.json()["errors"][0]["errorCode"]
    return code


def test_create_schedule_returns_201_with_id(api, org):
    response = create_schedule(api, org)
    assert response.status_code == 201
    assert set(response.json()) == {"id"}


def test_get_schedule_returns_name_type_and_events(api, org):
    schedule_id = created_schedule(api, org)
    body = api.get(f"{schedules_url(org)}/businessHours/{schedule_id}").json()
    assert body["name"] == "Office Hours"
    assert body["type"] == "businessHours"
    assert events_of(api, org, schedule_id) == [weekday_event()]


def test_get_schedule_gives_each_event_an_id(api, org):
    schedule_id = created_schedule(api, org)
    (event,) = api.get(f"{schedules_url(org)}/businessHours/{schedule_id}").json()["events"]
    assert event["id"].startswith(
        "Y2lzY29zcGFyazovL3VzL1NDSEVEVUxFX0VWRU5U"
    )  # ciscospark://us/SCHEDULE_EVENT


def test_update_schedule_renames_an_event_by_its_new_name_which_is_never_returned(api, org):
    schedule_id = created_schedule(api, org)
    url = f"{schedules_url(org)}/businessHours/{schedule_id}"
    renamed = weekday_event() | {"newName": "office days"}
    assert api.put(url, json={"name": "Office Hours", "events": [renamed]}).status_code == 200
    (event,) = api.get(url).json()["events"]
    assert event["name"] == "office days"
    assert "newName" not in event
    assert events_of(api, org, schedule_id) == [weekday_event("office days")]


def test_list_schedules_wraps_items_in_schedules(api, org):
    schedule_id = created_schedule(api, org)
    body = api.get(schedules_url(org)).json()
    assert [(s["id"], s["name"], s["type"]) for s in body["schedules"]] == [
        (schedule_id, "Office Hours", "businessHours")
    ]
    assert body["schedules"][0]["locationId"] == org.location_id


def test_list_schedules_filters_by_type(api, org):
    created_schedule(api, org, "Office Hours", "businessHours")
    created_schedule(api, org, "Public Holidays", "holidays")
    body = api.get(schedules_url(org), params={"type": "holidays"}).json()
    assert [s["name"] for s in body["schedules"]] == ["Public Holidays"]


def test_list_schedules_filters_by_part_of_the_name(api, org):
    created_schedule(api, org, "Office Hours")
    created_schedule(api, org, "Warehouse Shifts")
    body = api.get(schedules_url(org), params={"name": "office"}).json()
    assert [s["name"] for s in body["schedules"]] == ["Office Hours"]


def test_list_schedules_pages_with_link_header(api, org):
    for name in ("A", "B", "C"):
        created_schedule(api, org, name)
    first = api.get(schedules_url(org), params={"max": 2})
    second = api.get(first.links["next"]["url"])
    assert [s["name"] for s in first.json()["schedules"]] == ["A", "B"]
    assert [s["name"] for s in second.json()["schedules"]] == ["C"]
    assert "next" not in second.links


def test_create_schedule_duplicate_name_409(api, org):
    created_schedule(api, org)
    response = create_schedule(api, org)
    assert response.status_code == 409
    assert error_code(response) == 25501


def test_create_schedule_same_name_other_type_is_accepted(api, org):
    created_schedule(api, org, "Closed", "businessHours")
    assert create_schedule(api, org, "Closed", "holidays").status_code == 201


def test_create_schedule_event_without_times_400(api, org):
    event = weekday_event() | {"startTime": None, "endTime": None}
    response = create_schedule(api, org, events=[event])
    assert response.status_code == 400
    assert error_code(response) == 25503


def test_create_schedule_all_day_event_needs_no_times(api, org):
    event = {"name": "new year", "startDate": "2026-01-01", "endDate": "2026-01-01", "allDayEnabled": True}
    assert create_schedule(api, org, "Holidays", "holidays", events=[event]).status_code == 201


def test_create_schedule_event_ending_before_it_starts_400(api, org):
    response = create_schedule(api, org, events=[weekday_event(start="17:00", end="09:00")])
    assert response.status_code == 400
    assert error_code(response) == 25503


def test_create_schedule_duplicate_event_names_400(api, org):
    response = create_schedule(api, org, events=[weekday_event("x"), weekday_event("x")])
    assert response.status_code == 400
    assert error_code(response) == 25503


def test_create_schedule_unknown_type_400(api, org):
    assert create_schedule(api, org, type_="daily").status_code == 400


def test_create_schedule_in_unknown_location_404(api, org):
    url = f"{org.api_url}/telephony/config/locations/nowhere/schedules"
    response = api.post(url, json={"type": "businessHours", "name": "x", "events": []})
    assert response.status_code == 404


def test_update_schedule_replaces_events(api, org):
    schedule_id = created_schedule(api, org)
    late = weekday_event("late", "12:00", "20:00")
    response = api.put(
        f"{schedules_url(org)}/businessHours/{schedule_id}", json={"name": "Office Hours", "events": [late]}
    )
    assert response.status_code == 200
    assert response.json() == {"id": schedule_id}
    assert events_of(api, org, schedule_id) == [late]


def test_update_schedule_rename_changes_the_id(api, org):
    old_id = created_schedule(api, org)
    response = api.put(f"{schedules_url(org)}/businessHours/{old_id}", json={"name": "Opening Hours"})
    new_id = response.json()["id"]
    assert new_id != old_id
    assert api.get(f"{schedules_url(org)}/businessHours/{new_id}").json()["name"] == "Opening Hours"
    assert api.get(f"{schedules_url(org)}/businessHours/{old_id}").status_code == 404


def test_update_schedule_rename_follows_into_auto_attendants(api, org):
    old_id = created_schedule(api, org)
    aa_id = create_menu(api, org, "Office Hours")
    api.put(f"{schedules_url(org)}/businessHours/{old_id}", json={"name": "Opening Hours"})
    aa = api.get(f"{org.api_url}/telephony/config/locations/{org.location_id}/autoAttendants/{aa_id}").json()
    assert aa["businessSchedule"] == "Opening Hours"


def test_update_schedule_rename_to_a_taken_name_409(api, org):
    created_schedule(api, org, "A")
    b_id = created_schedule(api, org, "B")
    response = api.put(f"{schedules_url(org)}/businessHours/{b_id}", json={"name": "A"})
    assert response.status_code == 409
    assert error_code(response) == 25501


def test_update_schedule_type_change_400(api, org):
    schedule_id = created_schedule(api, org)
    response = api.put(f"{schedules_url(org)}/businessHours/{schedule_id}", json={"type": "holidays"})
    assert response.status_code == 400


def test_delete_schedule_returns_204_and_forgets_it(api, org):
    schedule_id = created_schedule(api, org)
    assert api.delete(f"{schedules_url(org)}/businessHours/{schedule_id}").status_code == 204
    assert api.get(f"{schedules_url(org)}/businessHours/{schedule_id}").status_code == 404


def test_delete_schedule_used_by_auto_attendant_409(api, org):
    schedule_id = created_schedule(api, org)
    create_menu(api, org, "Office Hours")
    response = api.delete(f"{schedules_url(org)}/businessHours/{schedule_id}")
    assert response.status_code == 409
    assert error_code(response) == 25502


def test_get_schedule_under_the_wrong_type_404(api, org):
    schedule_id = created_schedule(api, org)
    assert api.get(f"{schedules_url(org)}/holidays/{schedule_id}").status_code == 404


def test_get_schedule_of_another_org_404(api, org, sandbox: SandboxServer):
    schedule_id = created_schedule(api, org)
    other = create_activated_org(sandbox.url)
    with other.session() as other_api:
        assert other_api.get(f"{schedules_url(other)}/businessHours/{schedule_id}").status_code == 404
        assert other_api.get(f"{schedules_url(org)}/businessHours/{schedule_id}").status_code == 404


def test_create_schedule_with_read_only_token_403(org):
    with org.session(read_only=True) as reader:
        assert create_schedule(reader, org).status_code == 403


def test_list_schedules_without_token_401(org):
    assert requests.get(schedules_url(org), timeout=10).status_code == 401
