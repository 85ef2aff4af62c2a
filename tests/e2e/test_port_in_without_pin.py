"""The port-in example under the real engine without a PIN, at a carrier that needs one.

One stack on its own sandbox (the tests move its clock): the numbers given as the set-up guide
writes them ("+1..., +1..."), no `pin` in the config, a mobile carrier. The carrier's review
rejects the order naming the PIN; adding the PIN and `pulumi up` resubmits it. The tests run in
file order and build on each other.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import requests

from tests.e2e.conftest import PORT_IN_NUMBERS, Deployment, new_org, start_stack

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.sandbox_only("port orders (the sandbox's own extension) and the clock"),
]

PIN = "55081234"


@pytest.fixture(scope="module")
def no_pin(pulumi_engine: Path, pulumi_home: Path, e2e_sandbox, tmp_path_factory) -> Deployment:
    org = new_org(e2e_sandbox, [])
    today = requests.get(f"{e2e_sandbox.url}/_sandbox/clock", timeout=10).json()["now"][:10]
    config = {
        "billDate": today,  # the sandbox's date, so the bill is never "in the future" there
        "signerEmail": org.owner_email,
        "carrierName": "Example Wireless",
        "numbers": ", ".join(PORT_IN_NUMBERS),
    }
    root = tmp_path_factory.mktemp("port-in-no-pin")
    deployment = start_stack("port-in", root, e2e_sandbox, org, pulumi_home, config=config, secrets={})
    deployment.project.up()
    return deployment


def the_order(no_pin: Deployment) -> dict:
    (order,) = no_pin.view.port_orders()
    return order


def test_up_submits_the_numbers_written_with_commas_without_a_pin(no_pin: Deployment) -> None:
    order = the_order(no_pin)

    assert (order["status"], order["phoneNumbers"]) == ("SUBMITTED", PORT_IN_NUMBERS)
    assert order["losingCarrier"]["pinProvided"] is False


def test_review_rejects_the_order_naming_the_pin(no_pin: Deployment) -> None:
    requests.post(
        f"{no_pin.server.url}/_sandbox/clock/advance", json={"businessDays": 1}, timeout=10
    ).raise_for_status()
    no_pin.project.refresh("--run-program")
    outputs = no_pin.project.outputs()

    assert outputs["status"] == "EXCEPTION"
    assert [d["code"] for d in outputs["status_details"]] == ["PIN_REQUIRED"]
    assert "PIN" in outputs["status_details"][0]["description"]


def test_adding_the_pin_resubmits_the_order(no_pin: Deployment) -> None:
    no_pin.project.set_config({}, {"pin": PIN})
    no_pin.project.up()
    order = the_order(no_pin)

    assert (order["status"], order["statusDetails"]) == ("SUBMITTED", [])
    assert order["losingCarrier"]["pinProvided"] is True
    assert PIN not in no_pin.project.export()
