"""Lost replies under the real engine: `pulumi up` fails, `pulumi up` again converges, nothing doubled.

The double fault of a create: its reply is lost (502 after the change), and the look-up that
follows fails too (`after=` lets the reads made before the create through). The first
`pulumi up` fails saying to run it again; the second takes over what the first made (no
`adopt=True`), and then nothing is duplicated or left over, and a preview shows no change. Each
example gets a fresh org on this module's own sandbox; the faults are set through the sandbox's
control plane, as a tester would.
"""

from __future__ import annotations

import datetime
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import requests

from tests.e2e.conftest import OFFICE_NUMBERS, PORT_IN_NUMBERS, Deployment, new_org, start_stack

pytestmark = [pytest.mark.e2e, pytest.mark.sandbox_only("faults")]

AGAIN = "Run `pulumi up` again"


def add_fault(deployment: Deployment, **rule: Any) -> None:
    reply = requests.post(f"{deployment.server.url}/_sandbox/faults", json=rule, timeout=10)
    reply.raise_for_status()


def clear_faults(deployment: Deployment) -> None:
    requests.delete(f"{deployment.server.url}/_sandbox/faults", timeout=10).raise_for_status()


def fails_then_converges(deployment: Deployment) -> str:
    """`pulumi up` fails (its output returned), then, with the faults gone, succeeds."""
    first = deployment.project.up(check=False)
    assert first.returncode != 0, first.output
    clear_faults(deployment)
    deployment.project.up()
    deployment.project.preview("--expect-no-changes")
    return first.output


def test_menu_whose_create_reply_and_look_up_were_lost_is_taken_over(
    pulumi_engine: Path, pulumi_home: Path, e2e_sandbox: Any, tmp_path: Path
) -> None:
    org = new_org(e2e_sandbox, OFFICE_NUMBERS)
    office = start_stack("small-office", tmp_path, e2e_sandbox, org, pulumi_home, config={}, secrets={})
    add_fault(office, method="POST", path="/v1/people", mode="drop_after_commit")  # recovered at once
    add_fault(
        office,
        method="POST",
        path="/v1/telephony/config/locations/*/autoAttendants",
        mode="fail_after_commit",
    )
    add_fault(
        office,
        method="GET",
        path="/v1/telephony/config/autoAttendants",
        mode="fail_before_commit",
        after=1,  # the list check reads once (menu names); the create writes before any look-up
        count=None,
    )

    output = fails_then_converges(office)

    menus = office.view.menus()
    assert [m["name"] for m in menus] == ["Main menu"]
    assert [s["name"] for s in office.view.schedules()] == ["Main menu hours"]
    assert office.view.number(office.view.main_number() or "")["owner"]["id"] == menus[0]["id"]
    emails = Counter(p["emails"][0] for p in office.view.people())
    assert [e for e, n in emails.items() if n > 1] == []
    assert len(emails) == 5  # the four declared and the account owner
    assert AGAIN in output


def test_port_order_whose_submission_reply_and_look_up_were_lost_is_taken_over(
    pulumi_engine: Path, pulumi_home: Path, e2e_sandbox: Any, tmp_path: Path
) -> None:
    org = new_org(e2e_sandbox, [])
    now = requests.get(f"{e2e_sandbox.url}/_sandbox/clock", timeout=10).json()["now"]
    today = datetime.date.fromisoformat(now[:10])
    config = {"billDate": today.isoformat(), "signerEmail": org.owner_email}
    port_in = start_stack(
        "port-in", tmp_path, e2e_sandbox, org, pulumi_home, config=config, secrets={"pin": "4826"}
    )
    add_fault(port_in, method="POST", path="/v1/telephony/config/portDocuments", mode="drop_after_commit")
    add_fault(
        port_in, method="POST", path="/v1/telephony/config/locations/*/portOrders", mode="fail_after_commit"
    )
    add_fault(
        port_in,
        method="GET",
        path="/v1/telephony/config/portOrders",
        mode="fail_before_commit",
        after=2,  # the list check reads once (open orders), and the create's look-up
        count=None,
    )

    output = fails_then_converges(port_in)

    (order,) = port_in.view.port_orders()
    assert (sorted(order["phoneNumbers"]), order["status"]) == (sorted(PORT_IN_NUMBERS), "SUBMITTED")
    documents = port_in.view.get("/telephony/config/portDocuments")["portDocuments"]
    assert [(d["id"], d["portOrderIds"]) for d in documents] == [(order["billDocumentId"], [order["id"]])]
    assert AGAIN in output
