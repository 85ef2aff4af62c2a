"""Live mode, proven: the suite run against a second, separately started sandbox given only as an
endpoint and a token, as a real organisation would be.

The sandbox is another process (`callplan sandbox serve`) whose controls need a control token
that the live run is never given, so a test that reached for a control would fail instead of
quietly using it. The live run is pytest in a subprocess with `CALLPLAN_TEST_*` set, on a
representative subset: the user and phone-menu provider tests through the provider host, the
client tests, and the customer-office example under the real engine. One test is made to fail
after it created its person (a plugin of this test's own), so the sweep after a failure is
exercised too. Afterwards: the control-plane tests were skipped saying what they need, the rest
passed, and the organisation holds nothing that carries the run's prefix.
"""

from __future__ import annotations

import os
import re
import secrets
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest

from callplan_provider.client import CallingPlanApi
from callplan_provider.sandbox.bootstrap import OrgHandle, create_activated_org
from tests import live
from tests.conftest import seed_numbers

pytestmark = pytest.mark.sandbox_only("starts a sandbox of its own")

REPO = Path(__file__).resolve().parents[2]
SUBSET = [
    "tests/provider/test_user_host.py",
    "tests/provider/test_phone_menu_host.py",
    "tests/provider/test_client.py",
    "tests/e2e/test_customer_office.py",
]
FAILS_ON_PURPOSE = "test_create_with_secret_token_in_config_invites_the_person"
FAILING_PLUGIN = f'''
import pytest


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_call(item):
    yield
    if item.name == "{FAILS_ON_PURPOSE}":
        raise AssertionError("failed on purpose, after the test made its person")
'''
SETTINGS = ("CALLPLAN_", "WEBEX_", "PULUMI_")


@pytest.fixture(scope="module")
def other_sandbox(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    """A sandbox in its own process: (its URL, its control token)."""
    control_token = secrets.token_urlsafe(16)
    db = tmp_path_factory.mktemp("other-sandbox") / "sandbox.db"
    process = subprocess.Popen(
        [sys.executable, "-m", "callplan_provider.cli", "sandbox", "serve", "--port", "0", "--db", str(db)],
        env={**os.environ, "CALLPLAN_SANDBOX_CONTROL_TOKEN": control_token},
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert process.stdout is not None
        first_line = process.stdout.readline()
        found = re.search(r"listening on (http://\S+)", first_line)
        assert found, f"the sandbox did not start: {first_line!r}"
        yield found.group(1), control_token
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture(scope="module")
def given(other_sandbox: tuple[str, str]) -> OrgHandle:
    url, control_token = other_sandbox
    return create_activated_org(url, numbers=seed_numbers(2), control_token=control_token)


@pytest.fixture(scope="module")
def live_run(pulumi_engine: Path, given: OrgHandle, tmp_path_factory: pytest.TempPathFactory) -> dict:
    """Run the subset in live mode against `given`; returns its outcome per test and its run id."""
    work = tmp_path_factory.mktemp("live-run")
    (work / "fail_on_purpose.py").write_text(FAILING_PLUGIN)
    run_id = secrets.token_hex(3)
    env = {k: v for k, v in os.environ.items() if not k.startswith(SETTINGS)}
    env.update(
        {
            live.ENDPOINT_ENV: given.api_url,
            live.TOKEN_ENV: given.admin_token,
            live.LOCATION_ENV: given.location_id,
            live.NUMBERS_ENV: ",".join(given.numbers),
            live.RUN_ID_ENV: run_id,
            "PYTHONPATH": os.pathsep.join([str(work), str(REPO)]),
        }
    )
    report = work / "report.xml"
    command = [sys.executable, "-m", "pytest", *SUBSET, "-p", "fail_on_purpose", "-p", "no:cacheprovider"]
    command += ["-q", "--junitxml", str(report), "--basetemp", str(work / "tmp")]
    done = subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True, timeout=240)
    outcomes = junit_outcomes(report)
    return {"run_id": run_id, "outcomes": outcomes, "output": done.stdout[-4000:] + done.stderr[-2000:]}


def junit_outcomes(report: Path) -> dict[str, tuple[str, str]]:
    """Test name → (outcome, message) from a JUnit XML report."""
    outcomes = {}
    for case in ET.parse(report).getroot().iter("testcase"):
        verdict = next((child for child in case if child.tag in ("skipped", "failure", "error")), None)
        name = case.get("name", "")
        if verdict is None:
            outcomes[name] = ("passed", "")
        else:
            outcomes[name] = (verdict.tag, verdict.get("message", ""))
    return outcomes


def test_the_live_run_never_used_the_sandbox_controls_and_passed(live_run: dict) -> None:
    failed = {n: m for n, (o, m) in live_run["outcomes"].items() if o in ("failure", "error")}

    assert list(failed) == [FAILS_ON_PURPOSE], live_run["output"]
    assert "failed on purpose" in failed[FAILS_ON_PURPOSE]
    passed = [n for n, (o, _) in live_run["outcomes"].items() if o == "passed"]
    assert "test_lifecycle_create_read_update_delete" in passed
    assert "test_the_example_in_the_given_org_comes_and_goes_leaving_nothing" in passed
    assert "no_secret_leaked" in passed


def test_the_control_plane_tests_were_skipped_saying_what_they_need(live_run: dict) -> None:
    outcomes = live_run["outcomes"]

    assert outcomes["test_create_after_a_dropped_reply_does_not_duplicate"] == (
        "skipped",
        "live mode: needs the sandbox (faults)",
    )
    assert outcomes["test_each_customer_gets_its_own_people_and_menu"] == (
        "skipped",
        "live mode: needs the sandbox (partners)",
    )
    skipped = [n for n, (o, m) in outcomes.items() if o == "skipped"]
    assert all(outcomes[n][1].startswith("live mode: needs the sandbox (") for n in skipped)


def test_nothing_with_the_prefix_is_left_behind(live_run: dict, given: OrgHandle) -> None:
    client = CallingPlanApi(given.api_url, given.admin_token)
    prefix = f"callplan-test-{live_run['run_id']}"

    assert list(live.describe(live.leftovers(client, prefix))) == []
    assert list(live.describe(live.leftovers(client, "callplan-test-"))) == []
    assert [p.emails for p in client.people.list()] == [[given.owner_email]]
