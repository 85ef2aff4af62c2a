"""The `callplan sandbox` command line, against the session's sandbox (and one real `serve`)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys

import requests
from click.testing import CliRunner

from callplan_provider.cli import main
from tests.sandbox.helpers import create_calling_user


def _run(*args: str):
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result


def test_init_json_prints_token_and_location(sandbox):
    result = _run("sandbox", "init", "--url", sandbox.url, "--number", "+14155550950", "--format", "json")
    assert result.exit_code == 0, result.output
    body = json.loads(result.output)
    assert body["numbers"] == ["+14155550950"]
    headers = {"Authorization": f"Bearer {body['CALLPLAN_TOKEN']}"}
    location = requests.get(
        f"{body['CALLPLAN_ENDPOINT']}/locations/{body['CALLPLAN_LOCATION_ID']}", headers=headers
    )
    assert location.status_code == 200


def test_init_env_prints_provider_settings(sandbox):
    result = _run("sandbox", "init", "--url", sandbox.url + "/v1", "--format", "env", "--licenses", "3")
    keys = [line.split("=", 1)[0] for line in result.output.splitlines()]
    assert keys == ["CALLPLAN_ENDPOINT", "CALLPLAN_TOKEN", "CALLPLAN_LOCATION_ID"]


def test_init_in_country_without_plan_fails_cleanly(sandbox):
    result = CliRunner().invoke(main, ["sandbox", "init", "--url", sandbox.url, "--country", "PH"])
    assert result.exit_code == 1
    assert "not offered in PH" in result.output


def test_show_lists_numbers_people_and_owners(org, api, sandbox):
    create_calling_user(api, org, "shown@example.com", "1234", org.numbers[0])
    result = _run("sandbox", "show", "--url", sandbox.url, "--token", org.admin_token)
    assert result.exit_code == 0, result.output
    assert f"{org.numbers[0]}" in result.output and "ext 1234" in result.output
    assert "Shown Test (person)" in result.output
    assert "<shown@example.com>" in result.output
    assert "main" in result.output


def test_clock_advance_prints_new_time(sandbox):
    requests.put(f"{sandbox.url}/_sandbox/clock", json={"frozen": True, "now": "2026-02-02T08:00:00Z"})
    result = _run("sandbox", "clock", "--url", sandbox.url, "advance", "--days", "1")
    assert "2026-02-03T08:00:00.000Z" in result.output


def test_fault_add_list_clear(sandbox):
    added = _run("sandbox", "fault", "--url", sandbox.url, "add", "GET /v1/people fail_after_commit count=3")
    listed = _run("sandbox", "fault", "--url", sandbox.url)
    cleared = _run("sandbox", "fault", "--url", sandbox.url, "clear")
    assert added.output.startswith("added fault-")
    assert "GET /v1/people  fail_after_commit  (3 left)" in listed.output
    assert cleared.exit_code == 0
    assert requests.get(f"{sandbox.url}/_sandbox/faults").json()["items"] == []


def test_rate_limit_set_and_off(sandbox):
    _run("sandbox", "rate-limit", "--url", sandbox.url, "50")
    assert requests.get(f"{sandbox.url}/_sandbox/rate-limit").json() == {"requestsPerSecond": 50}
    _run("sandbox", "rate-limit", "--url", sandbox.url, "off")
    assert requests.get(f"{sandbox.url}/_sandbox/rate-limit").json() == {"requestsPerSecond": None}


def test_serve_prints_url_and_stops_on_sigterm(tmp_path):
    command = [
        sys.executable,
        "-m",
        "callplan_provider.cli",
        "sandbox",
        "serve",
        "--port",
        "0",
        "--db",
        str(tmp_path / "s.db"),
    ]
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, text=True, env={**os.environ, "PYTHONUNBUFFERED": "1"}
    )
    try:
        assert process.stdout is not None
        first = process.stdout.readline()
        url = first.split("listening on ")[1].split()[0]
        assert requests.post(f"{url}/_sandbox/orgs", json={}).status_code == 201
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=20)
    assert process.returncode == 0
