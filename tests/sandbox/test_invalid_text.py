"""Valid JSON that is not valid text (a lone UTF-16 surrogate such as "\\ud800") gets a 400 with
Webex's error body on every route, the controls included: never a 500 or a dropped connection."""

from __future__ import annotations

import pytest
import requests

from tests.sandbox.helpers import assert_error, calling_license_id

LONE = "\\ud800"  # as it arrives on the wire: a JSON escape, so the body itself is valid UTF-8


def _send(session: requests.Session, method: str, url: str, raw_json: str) -> requests.Response:
    return session.request(method, url, data=raw_json.encode(), headers={"Content-Type": "application/json"})


@pytest.mark.parametrize(
    ("method", "path", "raw_json", "where"),
    [
        ("POST", "/people", '{"emails": ["a@example.com"], "firstName": "%s"}', "body.firstName"),
        ("POST", "/people", '{"emails": ["%s@example.com"], "firstName": "A"}', "body.emails.0"),
        ("POST", "/telephony/config/actions/validateNumbers/invoke", '{"phoneNumbers": ["%s"]}', "body"),
        (
            "POST",
            "/telephony/config/locations/{location}/schedules",
            '{"type": "holidays", "name": "%s"}',
            "body",
        ),
        ("PATCH", "/licenses/users", '{"email": "o@example.com", "licenses": [{"%s": 1}]}', "body.licenses"),
    ],
)
def test_lone_surrogate_in_an_api_body_is_a_400(org, api, method, path, raw_json, where):
    url = org.api_url + path.replace("{location}", org.location_id)
    body = assert_error(_send(api, method, url, raw_json % LONE), 400, 25008)
    assert "lone UTF-16 surrogate" in body["message"] and where in body["message"]
    assert [p["emails"] for p in api.get(f"{org.api_url}/people").json()["items"]] == [[org.owner_email]]


def test_lone_surrogate_in_a_person_update_is_a_400_and_changes_nothing(org, api):
    url = f"{org.api_url}/people/{org.owner_id}"
    raw = f'{{"emails": ["{org.owner_email}"], "displayName": "Owner {LONE}"}}'
    assert_error(_send(api, "PUT", url, raw), 400, 25008)
    assert api.get(url).json()["displayName"] == "Account Owner"


def test_lone_surrogate_in_a_calling_line_is_a_400(org, api):
    line = f'{{"id": "{calling_license_id(api, org)}", "properties": {{"extension": "{LONE}"}}}}'
    raw = f'{{"personId": "{org.owner_id}", "licenses": [{line}]}}'
    assert_error(_send(api, "PATCH", f"{org.api_url}/licenses/users", raw), 400, 25008)


def test_lone_surrogate_in_a_control_body_is_a_400(sandbox):
    before = requests.get(f"{sandbox.url}/_sandbox/orgs").json()["items"]
    raw = f'{{"ownerEmail": "{LONE}@example.com"}}'
    assert_error(_send(requests.Session(), "POST", f"{sandbox.url}/_sandbox/orgs", raw), 400, 25008)
    assert requests.get(f"{sandbox.url}/_sandbox/orgs").json()["items"] == before


def test_paired_surrogates_are_ordinary_text(org, api):
    raw = '{"emails": ["emoji@example.com"], "firstName": "\\ud83d\\ude00"}'
    response = _send(api, "POST", f"{org.api_url}/people", raw)
    assert response.status_code == 200, response.text
    assert response.json()["firstName"] == "\U0001f600"


@pytest.mark.parametrize(
    "raw",
    [
        b'{"emails": ["raw@example.com"], "firstName": "\xed\xa0\x80"}',  # a surrogate's bytes, not UTF-8
        b'{"emails": ["raw@example.com"], "firstName": "\xff"}',
    ],
)
def test_body_that_is_not_utf8_is_a_400(org, api, raw):
    response = api.post(f"{org.api_url}/people", data=raw, headers={"Content-Type": "application/json"})
    assert_error(response, 400, 25008)
    assert api.get(f"{org.api_url}/people", params={"email": "raw@example.com"}).json()["items"] == []
