"""The port-in example under the real engine: submit, secrets kept out of state, follow, destroy.

One stack, deployed once by the `port_in` fixture on its own sandbox (the tests move that
sandbox's clock); the tests run in file order and build on each other.
"""

from __future__ import annotations

import base64
import datetime
import hashlib
import json
from pathlib import Path
from typing import Any

import pytest
import requests

from tests.e2e.conftest import PORT_IN_NUMBERS, Deployment, new_org, start_stack
from tests.e2e.pulumi_cli import EXAMPLES

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.sandbox_only("port orders (the sandbox's own extension), the clock and port-order progress"),
]

PIN = "93718264"
BILL = (EXAMPLES / "port-in" / "bill.pdf").read_bytes()
LIFECYCLE = ["IN_REVIEW", "FOC_CONFIRMED", "COMPLETED"]


@pytest.fixture(scope="module")
def port_in(pulumi_engine: Path, pulumi_home: Path, e2e_sandbox, tmp_path_factory) -> Deployment:
    org = new_org(e2e_sandbox, [])
    today = datetime.datetime.now(datetime.UTC).date().isoformat()
    config = {"billDate": today, "signerEmail": org.owner_email}
    root = tmp_path_factory.mktemp("port-in")
    deployment = start_stack(
        "port-in", root, e2e_sandbox, org, pulumi_home, config=config, secrets={"pin": PIN}
    )
    deployment.project.up()
    return deployment


def the_order(port_in: Deployment) -> dict:
    (order,) = port_in.view.port_orders()
    return order


def advance_one_business_day(port_in: Deployment) -> None:
    reply = requests.post(
        f"{port_in.server.url}/_sandbox/clock/advance", json={"businessDays": 1}, timeout=10
    )
    reply.raise_for_status()


def stored_inputs(port_in: Deployment) -> dict[str, Any]:
    """The inputs the state holds for the order (secrets stay ciphertext)."""
    resources = json.loads(port_in.project.export())["deployment"]["resources"]
    (order,) = [r for r in resources if r["urn"].endswith("::port-in")]
    inputs: dict[str, Any] = order["inputs"]
    return inputs


def leaked(secret: bytes | str, port_in: Deployment) -> list[str]:
    """Where in the stack's state (the export and every file of the backend) `secret` appears."""
    needle = secret if isinstance(secret, bytes) else secret.encode()
    places = ["pulumi stack export"] if needle in port_in.project.export().encode() else []
    return places + [str(p) for p in port_in.project.state_files() if needle in p.read_bytes()]


# --- up ----------------------------------------------------------------------------------------------


def test_up_submits_one_order_for_both_numbers(port_in: Deployment) -> None:
    order = the_order(port_in)

    assert (order["status"], sorted(n["phoneNumber"] for n in order["numbers"])) == (
        "SUBMITTED",
        PORT_IN_NUMBERS,
    )
    assert order["losingCarrier"]["pinProvided"] is True
    assert order["billDocumentId"]


def test_up_exports_the_order_and_its_status(port_in: Deployment) -> None:
    outputs = port_in.project.outputs()

    assert (outputs["order_id"], outputs["status"]) == (the_order(port_in)["id"], "SUBMITTED")


def test_preview_after_up_expects_no_changes(port_in: Deployment) -> None:
    port_in.project.preview("--expect-no-changes")


def test_preview_with_refresh_after_up_expects_no_changes(port_in: Deployment) -> None:
    port_in.project.preview("--refresh", "--expect-no-changes")


def test_refresh_of_the_unchanged_stack_expects_no_changes_every_time(port_in: Deployment) -> None:
    # The second refresh diffs against the inputs the first one stored: it used to see an update.
    for _ in range(3):
        port_in.project.refresh("--expect-no-changes")

    assert the_order(port_in)["status"] == "SUBMITTED"  # the order has not moved
    assert stored_inputs(port_in)["bill_sha256"] == hashlib.sha256(BILL).hexdigest()
    assert stored_inputs(port_in)["losing_carrier"].get("ciphertext")  # still a secret input


# --- secrets stay out of the state --------------------------------------------------------------------


def test_state_holds_no_token(port_in: Deployment) -> None:
    assert leaked(port_in.org.admin_token, port_in) == []


def test_state_holds_no_pin(port_in: Deployment) -> None:
    assert leaked(PIN, port_in) == []


def test_state_holds_no_bill_bytes(port_in: Deployment) -> None:
    raw = BILL[:64]
    encoded = base64.b64encode(BILL[:48])  # any base64 of the file starts with these 64 characters

    assert (leaked(raw, port_in), leaked(encoded, port_in)) == ([], [])


# --- bad input fails at preview, and nothing is written -----------------------------------------------


def test_preview_bill_that_is_really_text_fails_naming_the_property(port_in: Deployment) -> None:
    (port_in.folder / "scan.pdf").write_text("This is a text file named like a PDF, not a bill.\n")
    before = port_in.view.snapshot()
    port_in.project.set_config({"billFile": "scan.pdf"})
    try:
        run = port_in.project.preview(check=False)
    finally:
        port_in.project.remove_config("billFile")

    assert run.returncode != 0
    assert "bill_file" in run.output
    assert port_in.view.snapshot() == before


# --- refresh follows the order ------------------------------------------------------------------------


def test_refresh_shows_each_status_until_completed(port_in: Deployment) -> None:
    order_id = the_order(port_in)["id"]
    status, shown = "SUBMITTED", []
    for _ in range(20):  # a transfer completes within 10 business days
        advance_one_business_day(port_in)
        now = port_in.view.port_order(order_id)["status"]
        if now != status:
            status = now
            # --run-program: refresh the stack outputs too, not only the resources' state
            port_in.project.refresh("--run-program")
            in_state = port_in.project.resource_outputs("port-in")["status"]
            shown.append((in_state, port_in.project.outputs()["status"]))
        if status == "COMPLETED":
            break

    assert shown == [(s, s) for s in LIFECYCLE]


def test_completed_order_puts_the_numbers_in_the_inventory(port_in: Deployment) -> None:
    rows = {n.get("phoneNumber"): n for n in port_in.view.numbers()}

    assert {n: (n in rows, rows.get(n, {}).get("owner")) for n in PORT_IN_NUMBERS} == dict.fromkeys(
        PORT_IN_NUMBERS, (True, None)
    )


def test_preview_after_refresh_expects_no_changes(port_in: Deployment) -> None:
    port_in.project.preview("--expect-no-changes")


def test_refresh_of_the_completed_order_expects_no_changes(port_in: Deployment) -> None:
    port_in.project.refresh("--expect-no-changes")
    port_in.project.refresh("--expect-no-changes")

    assert port_in.project.resource_outputs("port-in")["status"] == "COMPLETED"


# --- destroy -----------------------------------------------------------------------------------------


def test_destroy_of_a_completed_order_keeps_the_numbers(port_in: Deployment) -> None:
    port_in.project.destroy()

    rows = {n.get("phoneNumber") for n in port_in.view.numbers()}
    assert set(PORT_IN_NUMBERS) <= rows
    assert the_order(port_in)["status"] == "COMPLETED"
