"""The account PIN "if applicable", and the port order's news in the owner's mailbox.

A private sandbox on a fixed clock (as in `test_port_order_lifecycle.py`): orders are submitted
on Monday 2025-11-17 at 15:00 UTC and reviewed one business day later.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
import requests

from callplan_provider.sandbox.bootstrap import OrgHandle, create_activated_org
from callplan_provider.sandbox.server import SandboxServer
from tests.sandbox.port_order_helpers import PIN, create_order, order_body, upload_bill

SUBMITTED_AT = "2025-11-17T15:00:00Z"  # a Monday
REVIEWED_AT = "2025-11-18T15:00:00Z"
BILL_DATE = "2025-11-10"


@pytest.fixture(scope="module")
def private_sandbox() -> Iterator[SandboxServer]:
    with SandboxServer(port=0) as server:
        yield server


def set_clock(server: SandboxServer, instant: str) -> None:
    response = requests.put(f"{server.url}/_sandbox/clock", json={"frozen": True, "now": instant}, timeout=10)
    assert response.status_code == 200, response.text


@pytest.fixture
def port_org(private_sandbox: SandboxServer) -> OrgHandle:
    set_clock(private_sandbox, SUBMITTED_AT)
    return create_activated_org(private_sandbox.url)


@pytest.fixture
def port_api(port_org: OrgHandle) -> Iterator[requests.Session]:
    with port_org.session() as session:
        yield session


def submit(org: OrgHandle, api: requests.Session, carrier: str, pin: str | None) -> dict[str, Any]:
    body = order_body(org, upload_bill(api, org), today=date.fromisoformat(BILL_DATE))
    body["loa"]["signedAt"] = "2025-11-17T08:00:00Z"
    body["losingCarrier"]["name"] = carrier
    if pin is None:
        del body["losingCarrier"]["pin"]
    else:
        body["losingCarrier"]["pin"] = pin
    response = create_order(api, org, body)
    assert response.status_code == 201, response.text
    created: dict[str, Any] = response.json()
    return created


def order_url(org: OrgHandle, order_id: str) -> str:
    return f"{org.api_url}/telephony/config/portOrders/{order_id}"


def reviewed(api: requests.Session, org: OrgHandle, server: SandboxServer, order_id: str) -> dict[str, Any]:
    set_clock(server, REVIEWED_AT)
    body: dict[str, Any] = api.get(order_url(org, order_id)).json()
    return body


def test_order_without_pin_at_a_carrier_that_needs_none_passes_review(port_api, port_org, private_sandbox):
    order = submit(port_org, port_api, "Old Telco", pin=None)
    assert order["losingCarrier"]["pinProvided"] is False
    assert reviewed(port_api, port_org, private_sandbox, order["id"])["status"] == "IN_REVIEW"


def test_order_without_pin_at_a_mobile_carrier_is_rejected_naming_it(port_api, port_org, private_sandbox):
    order = submit(port_org, port_api, "Example Wireless", pin=None)
    body = reviewed(port_api, port_org, private_sandbox, order["id"])
    assert body["status"] == "EXCEPTION"
    (detail,) = body["statusDetails"]
    assert detail["code"] == "PIN_REQUIRED" and "PIN" in detail["description"]


def test_order_with_pin_at_a_mobile_carrier_passes_review(port_api, port_org, private_sandbox):
    order = submit(port_org, port_api, "T-Mobile", pin=PIN)
    assert order["losingCarrier"]["pinProvided"] is True
    assert reviewed(port_api, port_org, private_sandbox, order["id"])["status"] == "IN_REVIEW"


def test_adding_the_pin_resubmits_the_rejected_order(port_api, port_org, private_sandbox):
    order = submit(port_org, port_api, "Example Wireless", pin=None)
    reviewed(port_api, port_org, private_sandbox, order["id"])
    fixed = port_api.get(order_url(port_org, order["id"])).json()
    writable = {k: fixed[k] for k in ("phoneNumbers", "accountHolder", "billDocumentId", "billDate", "loa")}
    carrier = {**fixed["losingCarrier"], "pin": PIN}
    del carrier["pinProvided"]
    response = port_api.put(order_url(port_org, order["id"]), json={**writable, "losingCarrier": carrier})
    assert response.status_code == 200, response.text
    body = response.json()
    assert (body["status"], body["statusDetails"]) == ("SUBMITTED", [])
    assert body["losingCarrier"]["pinProvided"] is True


def test_each_status_of_an_order_is_mailed_to_the_account_owner(port_api, port_org, private_sandbox):
    order = submit(port_org, port_api, "Example Wireless", pin=None)
    reviewed(port_api, port_org, private_sandbox, order["id"])
    mail = requests.get(
        f"{private_sandbox.url}/_sandbox/mail",
        params={"to": port_org.owner_email, "orgId": port_org.org_id},
        timeout=10,
    ).json()["items"]
    updates = [m for m in mail if m["topic"] == "port_order"]
    assert [m["subject"].split(":")[0] for m in updates] == [
        "Number transfer SUBMITTED",
        "Number transfer EXCEPTION",
    ]
    assert "PIN" in updates[1]["body"] and updates[1]["sentAt"] == "2025-11-18T15:00:00.000Z"
    assert PIN not in str(mail)
