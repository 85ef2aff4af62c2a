"""A client written only from the public Webex API reference drives schedules and auto attendants.

Nothing from this package but the server and the bootstrap: plain `requests`, the documented
paths, wrappers (`schedules`, `autoAttendants`), status codes (201 `{"id"}` on create, 204 on
auto-attendant update and delete) and the minimal auto attendant the reference accepts.
"""

from __future__ import annotations

import requests


def test_webex_reference_client_manages_a_phone_menu(org):
    base = org.api_url
    headers = {"Authorization": f"Bearer {org.admin_token}", "Content-Type": "application/json"}
    http = requests.Session()
    http.headers.update(headers)
    location_id = http.get(f"{base}/locations").json()["items"][0]["id"]

    schedule = {
        "type": "businessHours",
        "name": "Weekdays",
        "events": [
            {
                "name": "Monday",
                "startDate": "2025-01-06",
                "endDate": "2025-01-06",
                "startTime": "09:00",
                "endTime": "17:00",
                "recurrence": {"recurForEver": True, "recurWeekly": {"monday": True}},
            }
        ],
    }
    created = http.post(f"{base}/telephony/config/locations/{location_id}/schedules", json=schedule)
    assert created.status_code == 201
    schedule_id = created.json()["id"]
    listed = http.get(
        f"{base}/telephony/config/locations/{location_id}/schedules", params={"type": "businessHours"}
    )
    assert [s["id"] for s in listed.json()["schedules"]] == [schedule_id]

    menu = {
        "greeting": "DEFAULT",
        "extensionEnabled": True,
        "keyConfigurations": [{"key": "0", "action": "EXIT"}],
    }
    auto_attendant = {
        "name": "Main Menu",
        "extension": "4000",
        "businessSchedule": "Weekdays",
        "businessHoursMenu": menu,
        "afterHoursMenu": menu,
    }
    created = http.post(
        f"{base}/telephony/config/locations/{location_id}/autoAttendants", json=auto_attendant
    )
    assert created.status_code == 201
    aa_id = created.json()["id"]
    aa_url = f"{base}/telephony/config/locations/{location_id}/autoAttendants/{aa_id}"

    found = http.get(f"{base}/telephony/config/autoAttendants", params={"name": "Main Menu"}).json()
    assert [a["id"] for a in found["autoAttendants"]] == [aa_id]

    details = http.get(aa_url).json()
    details["businessHoursMenu"]["keyConfigurations"] = [
        {"key": "1", "action": "TRANSFER_WITHOUT_PROMPT", "value": "+14155550123"},
        {"key": "0", "action": "EXIT"},
    ]
    for server_owned in (
        "id",
        "locationName",
        "locationId",
        "enabled",
        "tollFreeNumber",
        "language",
        "esn",
        "routingPrefix",
    ):
        details.pop(server_owned, None)  # what a reference client strips before a PUT
    assert http.put(aa_url, json=details).status_code == 204
    assert http.get(aa_url).json()["businessHoursMenu"] == details["businessHoursMenu"]

    assert http.delete(aa_url).status_code == 204
    assert http.get(aa_url).status_code == 404
    schedule_url = f"{base}/telephony/config/locations/{location_id}/schedules/businessHours/{schedule_id}"
    assert http.delete(schedule_url).status_code == 204
    assert http.get(schedule_url).status_code == 404
