"""The sandbox's OpenAPI document: deterministic, complete, and committed up to date."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from callplan_provider.sandbox.openapi import openapi_json

COMMITTED = Path(__file__).resolve().parents[2] / "schemas" / "openapi.json"


@pytest.fixture(scope="module")
def generated() -> str:
    return openapi_json()


def test_openapi_json_is_deterministic(generated):
    assert openapi_json() == generated


def test_openapi_lists_core_paths(generated):
    paths = json.loads(generated)["paths"]
    for path in (
        "/v1/people",
        "/v1/people/{personId}",
        "/v1/licenses/users",
        "/v1/telephony/config/numbers",
        "/v1/telephony/config/locations/{locationId}",
        "/v1/telephony/config/actions/validateNumbers/invoke",
        "/_sandbox/orgs",
        "/_sandbox/faults",
    ):
        assert path in paths, path


def test_committed_openapi_json_is_current():
    """Fails when `schemas/openapi.json` is stale: run `make schemas` (callplan schemas write)."""
    assert COMMITTED.exists(), "schemas/openapi.json is missing: run `make schemas`"
    assert COMMITTED.read_text(encoding="utf-8") == openapi_json(), (
        "schemas/openapi.json is stale: run `make schemas`"
    )
