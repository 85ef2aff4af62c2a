"""The request log (`/_sandbox/requests`): what tests and benchmarks count API calls with."""

from __future__ import annotations

import requests

from callplan_provider.sandbox.bootstrap import OrgHandle
from callplan_provider.sandbox.server import SandboxServer


def log_page(sandbox: SandboxServer, since: int = 0) -> dict:
    response = requests.get(f"{sandbox.url}/_sandbox/requests", params={"since": since}, timeout=10)
    assert response.status_code == 200, response.text
    page: dict = response.json()
    return page


def test_every_api_request_is_logged_with_its_status_and_org(sandbox: SandboxServer, org: OrgHandle, api):
    since = len(sandbox.requests)
    api.get(f"{org.api_url}/people")
    api.get(f"{org.api_url}/people/nobody")
    requests.get(f"{org.api_url}/people", timeout=10)  # no token: 401, before any org is known
    page = log_page(sandbox, since)
    assert [(e["method"], e["path"], e["status"]) for e in page["items"]] == [
        ("GET", "/v1/people", 200),
        ("GET", "/v1/people/nobody", 404),
        ("GET", "/v1/people", 401),
    ]
    assert [e.get("orgId") for e in page["items"]] == [org.org_id, org.org_id, None]
    assert page["counts"] == {"GET /v1/people": 2, "GET /v1/people/nobody": 1}


def test_controls_are_not_logged_and_delete_empties_the_log(sandbox: SandboxServer, org: OrgHandle, api):
    api.get(f"{org.api_url}/people")
    requests.get(f"{sandbox.url}/_sandbox/clock", timeout=10)
    assert all(not e.path.startswith("/_sandbox") for e in sandbox.requests.entries())
    assert requests.delete(f"{sandbox.url}/_sandbox/requests", timeout=10).status_code == 204
    assert log_page(sandbox) == {"total": 0, "items": [], "counts": {}}
