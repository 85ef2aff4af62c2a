"""A client written only from the public Webex API reference works against the sandbox unchanged.

Plain `requests` calls: Webex paths, camelCase fields, list wrappers, status codes, and `Link`
headers parsed the way a hand-written client would (both `;rel` and `; rel` accepted).
"""

from __future__ import annotations

import re

import requests

LINK_NEXT = re.compile(r'<([^>]+)>\s*;\s*rel="next"')


def webex_list(session: requests.Session, url: str, wrapper: str, **params) -> list[dict]:
    items: list[dict] = []
    response = session.get(url, params=params)
    while True:
        response.raise_for_status()
        items += response.json()[wrapper]
        match = LINK_NEXT.search(response.headers.get("Link", ""))
        if match is None:
            return items
        response = session.get(match.group(1))


def test_people_numbers_and_locations_as_documented(org):
    base = org.api_url
    webex = requests.Session()
    webex.headers.update({"Authorization": f"Bearer {org.admin_token}", "Content-Type": "application/json"})

    licenses = webex_list(webex, f"{base}/licenses", "items")
    calling = next(lic for lic in licenses if lic["name"] == "Webex Calling - Professional")
    location_id = webex_list(webex, f"{base}/locations", "items")[0]["id"]
    number = next(
        n["phoneNumber"]
        for n in webex_list(
            webex,
            f"{base}/telephony/config/numbers",
            "phoneNumbers",
            locationId=location_id,
            available="true",
        )
        if not n["mainNumber"]
    )

    # Create a Webex Calling user in one call: licenses + locationId + extension + work number.
    created = webex.post(
        f"{base}/people",
        params={"callingData": "true"},
        json={
            "emails": ["reference.user@example.com"],
            "displayName": "Reference User",
            "firstName": "Reference",
            "lastName": "User",
            "phoneNumbers": [{"type": "work", "value": number}],
            "extension": "4321",
            "locationId": location_id,
            "licenses": [calling["id"]],
        },
    )
    assert created.status_code == 200
    person_id = created.json()["id"]

    found = webex_list(
        webex, f"{base}/people", "items", email="reference.user@example.com", callingData="true"
    )
    assert [(p["id"], p["extension"], p["locationId"]) for p in found] == [(person_id, "4321", location_id)]

    (row,) = webex_list(webex, f"{base}/telephony/config/numbers", "phoneNumbers", ownerId=person_id)
    assert (row["phoneNumber"], row["extension"], row["owner"]["type"]) == (number, "4321", "PEOPLE")

    checked = webex.post(
        f"{base}/telephony/config/locations/{location_id}/actions/validateExtensions/invoke",
        json={"extensions": ["4321"]},
    ).json()
    assert checked["extensionStatus"][0]["state"] == "DUPLICATE"
    numbers_check = webex.post(
        f"{base}/telephony/config/actions/validateNumbers/invoke", json={"phoneNumbers": [number]}
    ).json()
    assert numbers_check["status"] == "ERRORS"

    # The main number is the location's callingLineId.phoneNumber.
    other_number = next(
        n["phoneNumber"]
        for n in webex_list(webex, f"{base}/telephony/config/numbers", "phoneNumbers", available="true")
        if not n["mainNumber"]
    )
    put = webex.put(
        f"{base}/telephony/config/locations/{location_id}",
        json={"callingLineId": {"phoneNumber": other_number}},
    )
    assert put.status_code == 204
    details = webex.get(f"{base}/telephony/config/locations/{location_id}").json()
    assert details["callingLineId"]["phoneNumber"] == other_number
    assert webex_list(webex, f"{base}/telephony/config/locations", "locations")[0]["id"] == location_id

    # Full-replace update: GET, modify, PUT.
    person = webex.get(f"{base}/people/{person_id}").json()
    person["displayName"] = "Reference U."
    updated = webex.put(f"{base}/people/{person_id}", json=person)
    assert (updated.status_code, updated.json()["displayName"]) == (200, "Reference U.")

    # Remove the calling licence, then the person.
    removed = webex.patch(
        f"{base}/licenses/users",
        json={"personId": person_id, "licenses": [{"id": calling["id"], "operation": "remove"}]},
    )
    assert removed.status_code == 200
    assert webex.delete(f"{base}/people/{person_id}").status_code == 204
    missing = webex.get(f"{base}/people/{person_id}")
    assert missing.status_code == 404
    assert set(missing.json()) >= {"message", "errors", "trackingId"}


def test_link_header_with_space_before_rel_is_also_followed():
    assert LINK_NEXT.search('<http://x/v1/people?max=1&start=1>; rel="next"').group(1).endswith("start=1")
    assert LINK_NEXT.search('<http://x/v1/people?max=1&start=1>;rel="next"').group(1).endswith("start=1")
