"""Port orders over HTTP: creation rules, reads, lists, updates and cancellation.

The lifecycle on the sandbox clock is in `test_port_order_lifecycle.py`.
"""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
import requests

from callplan_provider.sandbox.backend.port_orders import KIND_PORT_ORDER
from callplan_provider.sandbox.bootstrap import OrgHandle, create_activated_org
from callplan_provider.sandbox.server import SandboxServer
from tests.sandbox.port_order_helpers import (
    PIN,
    create_order,
    error_code,
    freeze_sandbox_clock,
    fresh_port_numbers,
    order_body,
    signed_at,
    upload_bill,
)


@pytest.fixture
def today(sandbox: SandboxServer) -> date:
    return freeze_sandbox_clock(sandbox.url).date()


@pytest.fixture
def bill(api: requests.Session, org: OrgHandle) -> str:
    return upload_bill(api, org)


@pytest.fixture
def order(api: requests.Session, org: OrgHandle, bill: str, today: date) -> dict:
    response = create_order(api, org, order_body(org, bill, today))
    assert response.status_code == 201, response.text
    created: dict = response.json()
    return created


def order_url(org: OrgHandle, order_id: str) -> str:
    return f"{org.api_url}/telephony/config/portOrders/{order_id}"


def test_create_port_order_returns_201_submitted(api, org, bill, today):
    numbers = fresh_port_numbers(2)
    response = create_order(api, org, order_body(org, bill, today, numbers))
    body = response.json()
    assert response.status_code == 201
    assert (body["status"], body["statusDetails"], body["locationId"]) == ("SUBMITTED", [], org.location_id)
    assert body["numbers"] == [{"phoneNumber": n, "status": "PENDING"} for n in numbers]
    assert {"id", "submittedAt", "estimatedCompletion"} <= set(body)
    assert "focDate" not in body


def test_create_port_order_shows_pin_provided_never_the_pin(api, org, bill, today):
    body = create_order(api, org, order_body(org, bill, today)).json()
    assert body["losingCarrier"]["pinProvided"] is True
    assert "pin" not in body["losingCarrier"]


def test_read_and_list_port_orders_never_return_the_pin(api, org, order):
    read = api.get(order_url(org, order["id"])).json()
    listed = api.get(f"{org.api_url}/telephony/config/portOrders").json()
    assert "pin" not in read["losingCarrier"]
    assert f'"{PIN}"' not in json.dumps(listed)


def test_create_port_order_stores_the_pin_hashed(org, order, sandbox: SandboxServer):
    stored = sandbox.store.get(org.org_id, KIND_PORT_ORDER, order["id"])
    assert stored is not None
    assert PIN not in json.dumps(stored)
    assert stored["pin_hash"] and stored["pin_salt"]


def test_create_port_order_toll_free_number_400(api, org, bill, today):
    response = create_order(api, org, order_body(org, bill, today, ["+18002752273"]))
    assert response.status_code == 400
    assert error_code(response) == 25403


def test_create_port_order_invalid_number_400(api, org, bill, today):
    response = create_order(api, org, order_body(org, bill, today, ["+1415"]))
    assert response.status_code == 400
    assert error_code(response) == 8362


def test_create_port_order_number_of_another_country_400(api, org, bill, today):
    response = create_order(api, org, order_body(org, bill, today, ["+442071838750"]))
    assert response.status_code == 400
    assert error_code(response) == 25415


def test_create_port_order_duplicate_number_in_list_400(api, org, bill, today):
    number = fresh_port_numbers()[0]
    response = create_order(api, org, order_body(org, bill, today, [number, number]))
    assert response.status_code == 400
    assert error_code(response) == 25531


def test_create_port_order_number_already_in_org_409(api, org, bill, today):
    response = create_order(api, org, order_body(org, bill, today, [org.numbers[0]]))
    assert response.status_code == 409
    assert error_code(response) == 25526


def test_create_port_order_number_in_another_open_order_409(api, org, bill, today, order):
    response = create_order(api, org, order_body(org, bill, today, order["phoneNumbers"]))
    assert response.status_code == 409
    assert error_code(response) == 25527


def test_create_port_order_number_of_a_cancelled_order_is_accepted(api, org, bill, today, order):
    api.delete(order_url(org, order["id"]))
    assert create_order(api, org, order_body(org, bill, today, order["phoneNumbers"])).status_code == 201


def test_create_port_order_without_pin_is_accepted(api, org, bill, today):
    body = order_body(org, bill, today)
    del body["losingCarrier"]["pin"]
    response = create_order(api, org, body)
    assert response.status_code == 201, response.text
    created = response.json()
    assert (created["status"], created["losingCarrier"]["pinProvided"]) == ("SUBMITTED", False)


@pytest.mark.parametrize("pin", ["123", "12345678901", "12 34", "12-34"])
def test_create_port_order_malformed_pin_400(api, org, bill, today, pin):
    body = order_body(org, bill, today)
    body["losingCarrier"]["pin"] = pin
    response = create_order(api, org, body)
    assert response.status_code == 400
    assert error_code(response) == 25525


def test_create_port_order_error_never_echoes_the_pin(api, org, bill, today):
    body = order_body(org, bill, today)
    body["losingCarrier"]["pin"] = "12-34-56"
    assert "12-34-56" not in create_order(api, org, body).text


@pytest.mark.parametrize("field", ["name", "accountNumber", "billingTelephoneNumber"])
def test_create_port_order_missing_losing_carrier_field_400(api, org, bill, today, field):
    body = order_body(org, bill, today)
    del body["losingCarrier"][field]
    assert create_order(api, org, body).status_code == 400


def test_create_port_order_unknown_bill_document_400(api, org, today):
    response = create_order(api, org, order_body(org, "no-such-document", today))
    assert response.status_code == 400
    assert error_code(response) == 25522


def test_create_port_order_bill_of_another_org_400(api, org, today, sandbox: SandboxServer):
    other = create_activated_org(sandbox.url)
    with other.session() as other_api:
        foreign_bill = upload_bill(other_api, other)
    response = create_order(api, org, order_body(org, foreign_bill, today))
    assert response.status_code == 400
    assert error_code(response) == 25522


def test_create_port_order_unknown_csr_document_400(api, org, bill, today):
    response = create_order(api, org, order_body(org, bill, today, csrDocumentId="nope"))
    assert response.status_code == 400
    assert error_code(response) == 25522


def test_create_port_order_bill_dated_30_days_ago_is_accepted(api, org, bill, today):
    body = order_body(org, bill, today, billDate=(today - timedelta(days=30)).isoformat())
    assert create_order(api, org, body).status_code == 201


def test_create_port_order_bill_older_than_30_days_400(api, org, bill, today):
    response = create_order(
        api, org, order_body(org, bill, today, billDate=(today - timedelta(days=31)).isoformat())
    )
    assert response.status_code == 400
    assert error_code(response) == 25523


def test_create_port_order_bill_dated_in_the_future_400(api, org, bill, today):
    response = create_order(
        api, org, order_body(org, bill, today, billDate=(today + timedelta(days=1)).isoformat())
    )
    assert response.status_code == 400
    assert error_code(response) == 25523


def test_create_port_order_loa_signed_by_someone_else_400(api, org, bill, today):
    loa = {"signerName": "Intern", "signerEmail": "intern@example.com", "signedAt": signed_at(today)}
    response = create_order(api, org, order_body(org, bill, today, loa=loa))
    assert response.status_code == 400
    assert error_code(response) == 25524


def test_create_port_order_loa_owner_email_in_other_case_is_accepted(api, org, bill, today):
    loa = {"signerName": "Owner", "signerEmail": org.owner_email.upper(), "signedAt": signed_at(today)}
    assert create_order(api, org, order_body(org, bill, today, loa=loa)).status_code == 201


def test_create_port_order_requested_date_on_a_weekend_400(api, org, bill, today):
    saturday = today + timedelta(days=(5 - today.weekday()) % 7 or 7)
    response = create_order(api, org, order_body(org, bill, today, requestedPortDate=saturday.isoformat()))
    assert response.status_code == 400
    assert error_code(response) == 25531


def test_create_port_order_in_unknown_location_404(api, org, bill, today):
    url = f"{org.api_url}/telephony/config/locations/nowhere/portOrders"
    assert api.post(url, json=order_body(org, bill, today)).status_code == 404


def test_create_port_order_with_read_only_token_403(org, bill, today):
    with org.session(read_only=True) as reader:
        assert create_order(reader, org, order_body(org, bill, today)).status_code == 403


def test_get_port_order_returns_the_order(api, org, order):
    response = api.get(order_url(org, order["id"]))
    assert response.status_code == 200
    assert response.json() == order


def test_get_port_order_of_another_org_404(org, order, sandbox: SandboxServer):
    other = create_activated_org(sandbox.url)
    with other.session() as other_api:
        assert other_api.get(order_url(other, order["id"])).status_code == 404
        assert other_api.delete(order_url(other, order["id"])).status_code == 404


def test_list_port_orders_wraps_items_in_port_orders(api, org, order):
    body = api.get(f"{org.api_url}/telephony/config/portOrders").json()
    assert [o["id"] for o in body["portOrders"]] == [order["id"]]


def test_list_port_orders_filters_by_status_and_location(api, org, order):
    url = f"{org.api_url}/telephony/config/portOrders"
    assert api.get(url, params={"status": "CANCELLED"}).json()["portOrders"] == []
    assert (
        len(api.get(url, params={"status": "SUBMITTED", "locationId": org.location_id}).json()["portOrders"])
        == 1
    )
    assert api.get(url, params={"locationId": "elsewhere"}).json()["portOrders"] == []


def test_list_port_orders_pages_with_link_header(api, org, bill, today):
    ids = [create_order(api, org, order_body(org, bill, today)).json()["id"] for _ in range(3)]
    first = api.get(f"{org.api_url}/telephony/config/portOrders", params={"max": 2})
    second = api.get(first.links["next"]["url"])
    assert [o["id"] for o in first.json()["portOrders"] + second.json()["portOrders"]] == ids
    assert "next" not in second.links


def test_cancel_port_order_returns_204_and_cancels(api, org, order):
    assert api.delete(order_url(org, order["id"])).status_code == 204
    body = api.get(order_url(org, order["id"])).json()
    assert body["status"] == "CANCELLED"
    assert {n["status"] for n in body["numbers"]} == {"CANCELLED"}
    assert "cancelledAt" in body


def test_cancel_port_order_twice_is_accepted(api, org, order):
    api.delete(order_url(org, order["id"]))
    assert api.delete(order_url(org, order["id"])).status_code == 204


def test_update_port_order_changing_numbers_400(api, org, bill, today, order):
    body = order_body(org, bill, today, fresh_port_numbers())
    response = api.put(order_url(org, order["id"]), json=body)
    assert response.status_code == 400
    assert error_code(response) == 25528


def test_update_port_order_without_pin_keeps_it(api, org, bill, today, order):
    body = order_body(org, bill, today, order["phoneNumbers"])
    del body["losingCarrier"]["pin"]
    body["losingCarrier"]["name"] = "Older Telco"
    response = api.put(order_url(org, order["id"]), json=body)
    assert response.status_code == 200
    assert response.json()["losingCarrier"] == {**order["losingCarrier"], "name": "Older Telco"}


def test_update_port_order_with_the_same_body_changes_nothing(api, org, bill, today, order):
    response = api.put(order_url(org, order["id"]), json=order_body(org, bill, today, order["phoneNumbers"]))
    assert response.json() == order


def test_update_port_order_is_checked_like_a_creation(api, org, bill, today, order):
    body = order_body(
        org, bill, today, order["phoneNumbers"], billDate=(today - timedelta(days=45)).isoformat()
    )
    response = api.put(order_url(org, order["id"]), json=body)
    assert response.status_code == 400
    assert error_code(response) == 25523


def test_update_cancelled_port_order_409(api, org, bill, today, order):
    api.delete(order_url(org, order["id"]))
    response = api.put(order_url(org, order["id"]), json=order_body(org, bill, today, order["phoneNumbers"]))
    assert response.status_code == 409
    assert error_code(response) == 25529


def test_sandbox_exception_on_unknown_order_404(sandbox: SandboxServer):
    response = requests.post(
        f"{sandbox.url}/_sandbox/portOrders/nope/exception", json={"code": "PIN_INVALID"}, timeout=10
    )
    assert response.status_code == 404


def test_sandbox_exception_with_unknown_code_400(sandbox: SandboxServer, order):
    url = f"{sandbox.url}/_sandbox/portOrders/{order['id']}/exception"
    assert requests.post(url, json={"code": "BAD_WEATHER"}, timeout=10).status_code == 400
