"""Small helpers for the sandbox tests: error-body checks and common calls."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import requests

from callplan_provider.sandbox.bootstrap import OrgHandle


def assert_error(response: requests.Response, status: int, error_code: int | None = None) -> dict[str, Any]:
    """The response is a Webex error body with this status (and errorCode); returns the body."""
    assert response.status_code == status, response.text
    body: dict[str, Any] = response.json()
    assert body["message"]
    assert body["trackingId"] == response.headers["TrackingID"]
    if error_code is not None:
        assert body["errors"][0]["errorCode"] == error_code, body
    return body


def calling_license_id(api: requests.Session, org: OrgHandle) -> str:
    items = api.get(f"{org.api_url}/licenses").json()["items"]
    return str(next(i["id"] for i in items if i["name"].startswith("Webex Calling")))


def create_person(api: requests.Session, org: OrgHandle, email: str, **fields: Any) -> dict[str, Any]:
    body = {"emails": [email], "firstName": email.split("@")[0].title(), "lastName": "Test", **fields}
    response = api.post(f"{org.api_url}/people", json=body, params={"callingData": "true"})
    assert response.status_code == 200, response.text
    person: dict[str, Any] = response.json()
    return person


def create_calling_user(
    api: requests.Session, org: OrgHandle, email: str, extension: str | None, phone_number: str | None = None
) -> dict[str, Any]:
    fields: dict[str, Any] = {"licenses": [calling_license_id(api, org)], "locationId": org.location_id}
    if extension:
        fields["extension"] = extension
    if phone_number:
        fields["phoneNumbers"] = [{"type": "work", "value": phone_number}]
    return create_person(api, org, email, **fields)


def number_rows(api: requests.Session, org: OrgHandle, **params: Any) -> list[dict[str, Any]]:
    response = api.get(f"{org.api_url}/telephony/config/numbers", params=params)
    assert response.status_code == 200, response.text
    rows: list[dict[str, Any]] = response.json()["phoneNumbers"]
    return rows


@contextmanager
def served_sandbox(
    db: Path, env: dict[str, str] | None = None, *options: str
) -> Iterator[tuple[subprocess.Popen[str], str]]:
    """`callplan sandbox serve --port 0 --db DB [options]` as a process: yields it and its URL;
    SIGTERM on exit."""
    command = [
        sys.executable,
        "-m",
        "callplan_provider.cli",
        "sandbox",
        "serve",
        "--port",
        "0",
        "--db",
        str(db),
        *options,
    ]
    env = {**(os.environ if env is None else env), "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env)
    try:
        assert process.stdout is not None
        first = process.stdout.readline()
        assert "listening on " in first, first
        yield process, first.split("listening on ")[1].split()[0]
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=20)
