"""The sandbox's control bodies (`/_sandbox/...`) refuse unknown fields; the API's wire models do not.

The test session sets `CALLPLAN_STRICT_MODELS=1`, which makes every model strict and would hide a
control body that tolerates a misspelt field. So these tests run a `callplan sandbox serve` of
their own without it: the configuration a user runs.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest
import requests

from callplan_provider.sandbox.bootstrap import create_activated_org
from tests.sandbox.helpers import assert_error, served_sandbox

TIMEOUT = 10

# Every control route that takes a body: a known field, plus one that is not (the last item).
CONTROL_BODIES = [
    ("post", "/_sandbox/faults", {"path": "/v1/people", "mode": "latency", "seconds": 0.5}, "seconds"),
    ("put", "/_sandbox/rate-limit", {"requestsPerSecond": 5, "burst": 10}, "burst"),
    ("post", "/_sandbox/orgs", {"country": "US", "licences": 5}, "licences"),
    ("post", "/_sandbox/orgs/{orgId}/activate", {"activationCode": "123456", "code": "1"}, "code"),
    ("post", "/_sandbox/clock/advance", {"days": 1, "weeks": 1}, "weeks"),
    ("put", "/_sandbox/clock", {"frozen": True, "at": "2026-01-01T00:00:00Z"}, "at"),
    (
        "post",
        "/_sandbox/portOrders/{portOrderId}/exception",
        {"code": "PIN_INVALID", "numbers": ["+14155550100"]},
        "numbers",
    ),
    ("post", "/_sandbox/portOrders/{portOrderId}/advance", {"to": "COMPLETED", "until": "x"}, "until"),
    ("put", "/_sandbox/orgs/{orgId}/licenses", {"totalUnits": 5, "count": 5}, "count"),
    ("post", "/_sandbox/partners", {"orgIds": [], "customers": []}, "customers"),
]


@pytest.fixture(scope="module")
def tolerant_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A sandbox served as users run it: wire models tolerate unknown fields."""
    env = {k: v for k, v in os.environ.items() if k != "CALLPLAN_STRICT_MODELS"}
    with served_sandbox(tmp_path_factory.mktemp("tolerant") / "sandbox.db", env) as (_, url):
        yield url


def _concrete(path: str) -> str:
    return path.replace("{orgId}", "no-such-org").replace("{portOrderId}", "no-such-order")


def _body_schemas(document: dict[str, Any], prefix: str) -> dict[tuple[str, str], dict[str, Any]]:
    """(method, path) → the resolved JSON Schema of the request body, for paths under `prefix`."""
    schemas = document["components"]["schemas"]

    def resolve(schema: dict[str, Any]) -> dict[str, Any]:
        if "$ref" in schema:
            return resolve(schemas[schema["$ref"].rsplit("/", 1)[-1]])
        objects = [s for s in schema.get("anyOf", []) if s.get("type") != "null"]
        return resolve(objects[0]) if objects else schema

    found = {}
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            body = operation.get("requestBody", {}).get("content", {}).get("application/json")
            if path.startswith(prefix) and body:
                found[(method, path)] = resolve(body["schema"])
    return found


@pytest.mark.parametrize(("method", "path", "body", "unknown"), CONTROL_BODIES)
def test_control_body_with_an_unknown_field_is_refused_naming_it(tolerant_url, method, path, body, unknown):
    response = requests.request(method, tolerant_url + _concrete(path), json=body, timeout=TIMEOUT)
    error = assert_error(response, 400)
    assert f"{unknown}:" in error["message"]


def test_add_fault_with_an_unknown_field_adds_no_rule(tolerant_url):
    body = {"path": "/v1/people", "mode": "latency", "seconds": 0.5}
    assert requests.post(f"{tolerant_url}/_sandbox/faults", json=body, timeout=TIMEOUT).status_code == 400
    assert requests.get(f"{tolerant_url}/_sandbox/faults", timeout=TIMEOUT).json()["items"] == []


def test_add_fault_with_known_fields_still_works(tolerant_url):
    body = {"path": "/v1/people", "mode": "latency", "latencyMs": 500}
    response = requests.post(f"{tolerant_url}/_sandbox/faults", json=body, timeout=TIMEOUT)
    assert response.status_code == 201, response.text
    assert response.json()["latencyMs"] == 500
    requests.delete(f"{tolerant_url}/_sandbox/faults", timeout=TIMEOUT).raise_for_status()


def test_every_control_body_refuses_unknown_fields(tolerant_url):
    document = requests.get(f"{tolerant_url}/openapi.json", timeout=TIMEOUT).json()
    bodies = _body_schemas(document, "/_sandbox/")
    assert set(bodies) == {(method, path) for method, path, _, _ in CONTROL_BODIES}  # a new one is listed
    assert {key: schema.get("additionalProperties") for key, schema in bodies.items()} == dict.fromkeys(
        bodies, False
    )


def test_api_bodies_still_accept_unknown_fields(tolerant_url):
    document = requests.get(f"{tolerant_url}/openapi.json", timeout=TIMEOUT).json()
    bodies = _body_schemas(document, "/v1/")
    assert bodies
    assert [key for key, schema in bodies.items() if schema.get("additionalProperties") is False] == []


def test_api_request_with_an_unknown_field_is_still_accepted(tolerant_url):
    org = create_activated_org(tolerant_url)
    with org.session() as http:
        response = http.post(
            f"{org.api_url}/telephony/config/locations/{org.location_id}/schedules",
            json={"type": "businessHours", "name": "Open", "events": [], "colour": "blue"},
            timeout=TIMEOUT,
        )
    assert response.status_code == 201, response.text
