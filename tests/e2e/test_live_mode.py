"""Live mode, proven: the suite run against a second, separately started sandbox given only as an
endpoint and a token, as a real organisation would be.

The sandbox is another process (`callplan sandbox serve`) whose controls need a control token
that the live run is never given, so a test that reached for a control would fail instead of
quietly using it. The live run is pytest in a subprocess with `CALLPLAN_TEST_*` set, on a
representative subset: the user, extension and phone-menu provider tests through the provider
host, the client tests, and the customer-office example under the real engine. One test is made
to fail after it created its person (a plugin of this test's own), so the sweep after a failure
is exercised too. Afterwards: the control-plane tests were skipped saying what they need, the rest
passed, and the organisation holds nothing that carries the run's prefix. A second, smaller run
does the same with a partner administrator's token and `CALLPLAN_TEST_ORG_ID`: everything happens
in the customer's organisation, nothing in the partner's own.
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
from callplan_provider.sandbox.bootstrap import OrgHandle, PartnerHandle, create_activated_org, create_partner
from tests import live
from tests.conftest import seed_numbers

pytestmark = pytest.mark.sandbox_only("starts a sandbox of its own")

REPO = Path(__file__).resolve().parents[2]
SUBSET = [
    "tests/provider/test_user_host.py",
    "tests/provider/test_extension_host.py",
    "tests/provider/test_phone_menu_host.py",
    "tests/provider/test_client.py",
    "tests/e2e/test_customer_office.py",
]
PARTNER_SUBSET = ["tests/provider/test_user_host.py", "tests/e2e/test_customer_office.py"]
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
def partner_given(other_sandbox: tuple[str, str]) -> tuple[PartnerHandle, OrgHandle]:
    url, control_token = other_sandbox
    customer = create_activated_org(url, numbers=seed_numbers(1), control_token=control_token)
    return create_partner(url, [customer.org_id], control_token=control_token), customer


@pytest.fixture(scope="module")
def live_runs(
    pulumi_engine: Path,
    given: OrgHandle,
    partner_given: tuple[PartnerHandle, OrgHandle],
    tmp_path_factory: pytest.TempPathFactory,
) -> dict[str, dict]:
    """Both live runs, side by side: the subset against `given` (endpoint + admin token), and a
    smaller one by a partner's token in its customer's org (`CALLPLAN_TEST_ORG_ID`)."""
    partner, customer = partner_given
    admin_settings = {
        live.ENDPOINT_ENV: given.api_url,
        live.TOKEN_ENV: given.admin_token,
        live.LOCATION_ENV: given.location_id,
        live.NUMBERS_ENV: ",".join(given.numbers),
    }
    partner_settings = {
        live.ENDPOINT_ENV: partner.api_url,
        live.TOKEN_ENV: partner.admin_token,
        live.ORG_ENV: customer.org_id,
        live.LOCATION_ENV: customer.location_id,
        live.NUMBERS_ENV: ",".join(customer.numbers),
    }
    runs = {
        "admin": LiveRun(tmp_path_factory.mktemp("live-run"), admin_settings, SUBSET, fail_one=True),
        "partner": LiveRun(tmp_path_factory.mktemp("partner-live-run"), partner_settings, PARTNER_SUBSET),
    }
    return {name: run.result() for name, run in runs.items()}


@pytest.fixture(scope="module")
def live_run(live_runs: dict[str, dict]) -> dict:
    return live_runs["admin"]


@pytest.fixture(scope="module")
def partner_live_run(live_runs: dict[str, dict]) -> dict:
    return live_runs["partner"]


class LiveRun:
    """pytest on `subset` in a subprocess with only `settings` (and a fresh run id) to find the org."""

    def __init__(self, work: Path, settings: dict[str, str], subset: list[str], *, fail_one: bool = False):
        self.run_id = secrets.token_hex(3)
        env = {k: v for k, v in os.environ.items() if not k.startswith(SETTINGS)}
        pythonpath = os.pathsep.join([str(work), str(REPO)])
        env.update({**settings, live.RUN_ID_ENV: self.run_id, "PYTHONPATH": pythonpath})
        self.report = work / "report.xml"
        command = [sys.executable, "-m", "pytest", *subset, "-p", "no:cacheprovider", "-q"]
        command += ["--junitxml", str(self.report), "--basetemp", str(work / "tmp")]
        if fail_one:
            (work / "fail_on_purpose.py").write_text(FAILING_PLUGIN)
            command += ["-p", "fail_on_purpose"]
        self.process = subprocess.Popen(
            command, cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
        )

    def result(self) -> dict:
        try:
            output, _ = self.process.communicate(timeout=240)
        except subprocess.TimeoutExpired:
            self.process.kill()
            output, _ = self.process.communicate()
        return {"run_id": self.run_id, "outcomes": junit_outcomes(self.report), "output": output[-6000:]}


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


def test_a_partner_token_with_an_org_id_runs_live_in_the_customer_org(
    partner_live_run: dict, partner_given: tuple[PartnerHandle, OrgHandle]
) -> None:
    partner, customer = partner_given
    outcomes = partner_live_run["outcomes"]
    failed = [n for n, (o, _) in outcomes.items() if o in ("failure", "error")]

    assert failed == [], partner_live_run["output"]
    assert outcomes["test_the_example_in_the_given_org_comes_and_goes_leaving_nothing"][0] == "passed"
    assert outcomes["test_update_renames_the_person"][0] == "passed"
    customers_own = CallingPlanApi(customer.api_url, customer.admin_token)
    assert list(live.describe(live.leftovers(customers_own, "callplan-test-"))) == []
    partners_own = CallingPlanApi(partner.api_url, partner.admin_token)
    assert [p.emails for p in partners_own.people.list()] == [["partner-admin@example.com"]]
