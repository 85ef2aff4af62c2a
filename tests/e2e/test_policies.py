"""The callplan policy pack under the real engine: `pulumi preview --policy-pack "$(callplan policy-path)"`.

The examples pass the pack as shipped. `programs/policy-breaker` breaks each rule once; with a
stack policy config that makes every policy advisory, the preview passes and reports each
breach, and with the levels as shipped each mandatory policy fails the preview on its own. Only
previews: no stack is ever deployed, so each case costs one `pulumi preview` (the engine stops at
the first resource a mandatory policy refuses, so the cases that must fail are run one at a time,
with the other policies disabled in the stack's policy config).
"""

from __future__ import annotations

import datetime
import json
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.conftest import OFFICE_NUMBERS, Deployment, new_org, start_stack
from tests.e2e.pulumi_cli import EXAMPLES, REPO, Run

pytestmark = [pytest.mark.e2e, pytest.mark.sandbox_only("a fresh organisation with the demo's numbers")]

BREAKER = REPO / "tests" / "e2e" / "programs" / "policy-breaker"
BREACHES = {  # policy → the resource it reports in the breaker (None: the stack as a whole)
    "main-number-protected": ("mandatory", "main-number"),
    "after-hours-menu-does-something": ("mandatory", "weekend-menu"),
    "menu-keys-reach-extensions": ("mandatory", "weekend-menu"),
    "users-have-extensions": ("advisory", "eve"),
    "port-order-pin-secret": ("mandatory", "port-in"),
    "calling-lines-within-licenses": ("mandatory", None),
    "business-hours-open-on-a-weekday": ("advisory", "weekend-menu"),
}
RESOURCE_MANDATORY = ["main-number-protected", "after-hours-menu-does-something", "port-order-pin-secret"]
ONE_LICENCE = {"calling-lines-within-licenses": {"licenses": 1}}
# Within the 30 days preview checks by the API's clock (the sandbox's runs with the real one here).
BILL_DATE = (datetime.datetime.now(datetime.UTC).date() - datetime.timedelta(days=2)).isoformat()


@pytest.fixture(scope="module")
def org(e2e_sandbox: Any) -> Any:
    return new_org(e2e_sandbox, OFFICE_NUMBERS)


@pytest.fixture(scope="module")
def pack(pulumi_engine: Path) -> str:
    from callplan_provider.policy import pack_path

    return str(pack_path())


@pytest.fixture(scope="module")
def configs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("policy-config")


def policy_config(folder: Path, name: str, config: dict[str, Any]) -> str:
    """A stack's policy config file (`--policy-pack-config`)."""
    path = folder / f"{name}.json"
    path.write_text(json.dumps(config))
    return str(path)


def start(name: str, e2e_sandbox: Any, org: Any, pulumi_home: Path, tmp: Any, **kw: Any) -> Deployment:
    return start_stack(name, tmp.mktemp(name), e2e_sandbox, org, pulumi_home, **kw)


def breaches(run: Run) -> set[tuple[str, str, str | None]]:
    """(policy, level, resource name) of each violation the engine reported."""
    found = set()
    for event in run.policy_violations():
        urn = event.resource_urn or ""
        resource = urn.rsplit("::", 1)[-1] if "::pulumi:pulumi:Stack::" not in urn else None
        found.add((event.policy_name, event.enforcement_level, resource or None))
    return found


@pytest.fixture(scope="module")
def breaker(
    pulumi_engine: Path, pulumi_home: Path, e2e_sandbox: Any, org: Any, tmp_path_factory: Any
) -> Deployment:
    config = {
        "billFile": str(EXAMPLES / "port-in" / "bill.pdf"),
        "billDate": BILL_DATE,
    }
    return start(
        "policy-breaker",
        e2e_sandbox,
        org,
        pulumi_home,
        tmp_path_factory,
        config=config,
        secrets={},
        source=BREAKER,
    )


# --- the examples pass --------------------------------------------------------------------------------


def test_small_office_passes_the_pack(
    pulumi_engine: Path,
    pulumi_home: Path,
    e2e_sandbox: Any,
    org: Any,
    tmp_path_factory: Any,
    pack: str,
    configs: Path,
) -> None:
    office = start("small-office", e2e_sandbox, org, pulumi_home, tmp_path_factory, config={}, secrets={})
    licences = policy_config(configs, "office", {"calling-lines-within-licenses": {"licenses": 10}})

    run = office.project.preview("--policy-pack", pack, "--policy-pack-config", licences)

    assert (run.returncode, breaches(run)) == (0, set())
    assert "callplan@v0.1.0" in run.output  # the pack ran


def test_port_in_passes_the_pack(
    pulumi_engine: Path, pulumi_home: Path, e2e_sandbox: Any, org: Any, tmp_path_factory: Any, pack: str
) -> None:
    config = {"billDate": BILL_DATE, "signerEmail": org.owner_email}
    port_in = start(
        "port-in", e2e_sandbox, org, pulumi_home, tmp_path_factory, config=config, secrets={"pin": "93718264"}
    )

    run = port_in.project.preview("--policy-pack", pack)

    assert (run.returncode, breaches(run)) == (0, set())
    assert "callplan@v0.1.0" in run.output


# --- each policy catches the breaker ------------------------------------------------------------------------


def test_stack_policy_config_turns_every_policy_advisory_and_each_reports_its_breach(
    breaker: Deployment, pack: str, configs: Path
) -> None:
    all_advisory = {policy: "advisory" for policy in BREACHES}
    all_advisory["calling-lines-within-licenses"] = {"enforcementLevel": "advisory", "licenses": 1}

    run = breaker.project.preview(
        "--policy-pack", pack, "--policy-pack-config", policy_config(configs, "advisory", all_advisory)
    )

    assert run.returncode == 0
    assert breaches(run) == {(policy, "advisory", resource) for policy, (_, resource) in BREACHES.items()}


@pytest.mark.parametrize("policy", RESOURCE_MANDATORY)
def test_mandatory_resource_policy_fails_the_preview(
    breaker: Deployment, pack: str, configs: Path, policy: str
) -> None:
    only = {other: "disabled" for other in BREACHES if other != policy}

    run = breaker.project.preview(
        "--policy-pack", pack, "--policy-pack-config", policy_config(configs, policy, only), check=False
    )

    assert run.returncode != 0
    assert breaches(run) == {(policy, "mandatory", BREACHES[policy][1])}


def test_mandatory_stack_policies_fail_the_preview_and_advisory_ones_warn(
    breaker: Deployment, pack: str, configs: Path
) -> None:
    shipped = {**ONE_LICENCE, **{policy: "disabled" for policy in RESOURCE_MANDATORY}}

    run = breaker.project.preview(
        "--policy-pack", pack, "--policy-pack-config", policy_config(configs, "shipped", shipped), check=False
    )

    assert run.returncode != 0
    assert breaches(run) == {
        (policy, level, resource)
        for policy, (level, resource) in BREACHES.items()
        if policy not in RESOURCE_MANDATORY
    }
    assert "3 calling lines" not in run.output and "2 calling lines" in run.output
