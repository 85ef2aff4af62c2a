"""The `callplan sandbox` command line, against the session's sandbox (and one real `serve`)."""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys

import pytest
import requests
from click.testing import CliRunner

from callplan_provider.cli import CONTROL_TOKEN_ENV, main
from tests.conftest import seed_numbers
from tests.sandbox.helpers import create_calling_user, served_sandbox


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


def test_partner_prints_a_token_that_acts_in_the_orgs_given(org, sandbox):
    result = _run("sandbox", "partner", "--url", sandbox.url, "--org", org.org_id)
    assert result.exit_code == 0, result.output
    token = re.search(r"partner admin token:\s+(\S+)", result.output)
    assert token and org.org_id in result.output
    people = requests.get(
        f"{org.api_url}/people",
        params={"orgId": org.org_id},
        headers={"Authorization": f"Bearer {token.group(1)}"},
    )
    assert [p["emails"] for p in people.json()["items"]] == [[org.owner_email]]


def test_partner_of_an_unknown_org_fails_cleanly(sandbox):
    line = _one_error_line(_run("sandbox", "partner", "--url", sandbox.url, "--org", "no-such-org"))
    assert line.startswith("Error: the sandbox refused (404): ")


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


def _closed_url() -> str:
    """A loopback URL where nothing listens (a port just released)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}"


def _one_error_line(result) -> str:
    """The command failed with exit status 1 and a single `Error: ...` line, no traceback."""
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    [line] = result.output.strip().splitlines()
    assert line.startswith("Error: ")
    return line


def test_show_with_a_bad_token_prints_the_api_message_and_tracking_id(sandbox):
    token = "not-a-valid-token-4711"
    line = _one_error_line(_run("sandbox", "show", "--url", sandbox.url, "--token", token))
    assert "(401): The request requires a valid access token" in line
    assert re.search(r"\(trackingId SANDBOX_[0-9a-f-]+\)$", line), line
    assert "Client Error" not in line and token not in line


def test_show_with_a_read_only_token_still_works(org, sandbox):
    result = _run("sandbox", "show", "--url", sandbox.url, "--token", org.read_token)
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize(
    "command",
    [
        ["init"],
        ["clock"],
        ["clock", "advance", "--days", "1"],
        ["fault"],
        ["fault", "add", "POST /v1/people latency latency_ms=5"],
        ["rate-limit", "off"],
        ["reset"],
        ["show", "--token", "any-token"],
    ],
)
def test_command_with_nothing_listening_says_it_cannot_reach_the_sandbox(command):
    url = _closed_url()
    subcommand, *rest = command
    line = _one_error_line(_run("sandbox", subcommand, "--url", url, *rest))
    assert line == f"Error: cannot reach the sandbox at {url}: connection refused"


def test_rate_limit_refused_prints_the_sandbox_message_and_tracking_id(sandbox):
    line = _one_error_line(_run("sandbox", "rate-limit", "--url", sandbox.url, "--", "-5"))
    assert line.startswith("Error: the sandbox refused (400): ")
    assert "requestsPerSecond" in line and "trackingId SANDBOX_" in line


def test_show_in_a_real_process_fails_with_one_line(sandbox):
    env = {**os.environ, "CALLPLAN_TOKEN": "not-a-valid-token-4711"}
    command = [sys.executable, "-m", "callplan_provider.cli", "sandbox", "show", "--url", sandbox.url]
    done = subprocess.run(command, capture_output=True, text=True, env=env, timeout=60)
    assert done.returncode == 1
    assert done.stdout == ""
    [line] = done.stderr.strip().splitlines()
    assert line.startswith("Error: the API refused GET ") and "trackingId" in line


def test_serve_prints_url_and_stops_on_sigterm(tmp_path):
    with served_sandbox(tmp_path / "s.db") as (process, url):
        assert requests.post(f"{url}/_sandbox/orgs", json={}).status_code == 201
    assert process.returncode == 0


def test_init_cannot_seed_one_number_into_two_orgs(sandbox):
    number = seed_numbers(1)[0]
    first = _run("sandbox", "init", "--url", sandbox.url, "--number", number, "--format", "json")
    assert first.exit_code == 0, first.output
    line = _one_error_line(_run("sandbox", "init", "--url", sandbox.url, "--number", number))
    assert line.endswith(f"answered 400: [Error 8361] DN is unavailable : {number}")


def test_serve_refuses_a_non_loopback_host_without_a_control_token(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != CONTROL_TOKEN_ENV}
    command = [sys.executable, "-m", "callplan_provider.cli", "sandbox", "serve", "--host", "0.0.0.0"]
    done = subprocess.run(
        [*command, "--db", str(tmp_path / "s.db")], capture_output=True, text=True, env=env, timeout=60
    )
    assert done.returncode == 2
    assert "without a control token" in done.stderr
    assert not (tmp_path / "s.db").exists()


def test_served_with_a_control_token_the_commands_send_it(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != CONTROL_TOKEN_ENV}
    with served_sandbox(tmp_path / "s.db", env, "--control-token", "s3cret-control") as (_, url):
        assert requests.post(f"{url}/_sandbox/orgs", json={}).status_code == 401
        refused = _one_error_line(_run("sandbox", "init", "--url", url))
        assert "401" in refused and "X-Sandbox-Control-Token" in refused
        token = ["--control-token", "s3cret-control"]
        created = _run("sandbox", "init", "--url", url, *token, "--format", "json")
        assert created.exit_code == 0, created.output
        assert _run("sandbox", "clock", "--url", url, *token).output.startswith("sandbox time ")
        assert _run("sandbox", "fault", "--url", url, *token, "clear").exit_code == 0
        with_env = CliRunner(env={CONTROL_TOKEN_ENV: "s3cret-control"})
        assert with_env.invoke(main, ["sandbox", "reset", "--url", url]).output == "sandbox reset\n"
