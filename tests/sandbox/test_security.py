"""Tokens per org and scope: no token 401, read-only write 403, another org's object 404."""

from __future__ import annotations

import requests

from callplan_provider.sandbox.bootstrap import create_activated_org
from tests.sandbox.helpers import assert_error, create_person


def test_request_without_token_is_unauthorized(org):
    assert_error(requests.get(f"{org.api_url}/people"), 401)


def test_request_with_unknown_token_is_unauthorized(org):
    assert_error(requests.get(f"{org.api_url}/people", headers={"Authorization": "Bearer nope"}), 401)


def test_request_with_wrong_scheme_is_unauthorized(org):
    assert_error(
        requests.get(f"{org.api_url}/people", headers={"Authorization": f"Basic {org.admin_token}"}), 401
    )


def test_read_only_token_reads(org):
    assert org.session(read_only=True).get(f"{org.api_url}/people").status_code == 200


def test_read_only_token_write_is_forbidden(org):
    response = org.session(read_only=True).post(
        f"{org.api_url}/people", json={"emails": ["r@example.com"], "displayName": "R"}
    )
    assert_error(response, 403)
    assert org.session().get(f"{org.api_url}/people", params={"email": "r@example.com"}).json()["items"] == []


def test_other_orgs_person_is_not_found(org, api, sandbox):
    other = create_activated_org(sandbox.url)
    theirs = create_person(other.session(), other, "theirs@example.com")
    assert_error(api.get(f"{org.api_url}/people/{theirs['id']}"), 404)
    assert_error(api.delete(f"{org.api_url}/people/{theirs['id']}"), 404)


def test_other_orgs_location_is_not_found(org, api, sandbox):
    other = create_activated_org(sandbox.url)
    assert_error(api.get(f"{org.api_url}/locations/{other.location_id}"), 404)
    assert_error(api.get(f"{org.api_url}/telephony/config/locations/{other.location_id}"), 404)


def test_other_orgs_people_are_not_listed(org, api, sandbox):
    other = create_activated_org(sandbox.url, owner_email="someone@else.example")
    assert api.get(f"{org.api_url}/people", params={"email": "someone@else.example"}).json()["items"] == []
    assert other.owner_email


def test_tokens_are_not_stored_in_plain_text(org, sandbox):
    db = sandbox.store.path
    files = [db, db.with_name(db.name + "-wal")]
    raw = b"".join(f.read_bytes() for f in files if f.exists())
    assert org.admin_token.encode() not in raw
    assert org.read_token.encode() not in raw


def test_tracking_id_is_echoed(org, api):
    response = api.get(f"{org.api_url}/people", headers={"TrackingID": "MINE_123"})
    assert response.headers["TrackingID"] == "MINE_123"


def test_unknown_endpoint_answers_webex_error_body(org, api):
    assert_error(api.get(f"{org.api_url}/no/such/thing"), 404)
    assert_error(api.patch(f"{org.api_url}/people"), 405)
