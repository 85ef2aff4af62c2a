"""The port-order lifecycle on the sandbox clock, in US business days.

A private sandbox (its clock is set freely without disturbing other tests). Orders are
submitted on Monday 2025-11-17 at 15:00 UTC, so: IN_REVIEW on Tue 18th 15:00, FOC_CONFIRMED on
Thu 20th 15:00 with the FOC date Wed 26th, COMPLETED on Wed 26th 00:00; cancelling is refused
from Mon 24th 00:00 (48 h before). The estimate's `latest` (+10 business days) skips Thanksgiving
(Thu 27th): Tue 2 December.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
import requests

from callplan_provider.sandbox.bootstrap import OrgHandle, create_activated_org
from callplan_provider.sandbox.server import SandboxServer
from tests.sandbox.port_order_helpers import (
    create_order,
    error_code,
    fresh_port_numbers,
    order_body,
    upload_bill,
)

SUBMITTED_AT = "2025-11-17T15:00:00Z"  # a Monday
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


def body_for(org: OrgHandle, api: requests.Session, **overrides: Any) -> dict[str, Any]:
    bill = upload_bill(api, org)
    body = order_body(org, bill, today=date.fromisoformat(BILL_DATE), **overrides)
    body["loa"]["signedAt"] = "2025-11-17T08:00:00Z"
    return body


def submit(org: OrgHandle, api: requests.Session, **overrides: Any) -> dict[str, Any]:
    response = create_order(api, org, body_for(org, api, **overrides))
    assert response.status_code == 201, response.text
    created: dict[str, Any] = response.json()
    return created


def read(api: requests.Session, org: OrgHandle, order_id: str) -> dict[str, Any]:
    body: dict[str, Any] = api.get(f"{org.api_url}/telephony/config/portOrders/{order_id}").json()
    return body


def inventory(api: requests.Session, org: OrgHandle) -> dict[str, dict[str, Any]]:
    rows = api.get(f"{org.api_url}/telephony/config/numbers").json()["phoneNumbers"]
    return {r["phoneNumber"]: r for r in rows if "phoneNumber" in r}


def test_port_order_estimate_skips_weekend_and_thanksgiving(port_api, port_org):
    order = submit(port_org, port_api)
    assert order["submittedAt"] == "2025-11-17T15:00:00.000Z"
    assert order["estimatedCompletion"] == {"earliest": "2025-11-26", "latest": "2025-12-02"}


def test_port_order_stays_submitted_before_one_business_day(port_api, port_org, private_sandbox):
    order = submit(port_org, port_api)
    set_clock(private_sandbox, "2025-11-18T14:59:00Z")
    assert read(port_api, port_org, order["id"])["status"] == "SUBMITTED"


def test_port_order_in_review_after_one_business_day(port_api, port_org, private_sandbox):
    order = submit(port_org, port_api)
    set_clock(private_sandbox, "2025-11-18T15:00:00Z")
    assert read(port_api, port_org, order["id"])["status"] == "IN_REVIEW"


def test_port_order_submitted_on_friday_is_reviewed_on_monday(port_api, port_org, private_sandbox):
    set_clock(private_sandbox, "2025-11-21T10:00:00Z")
    order = submit(port_org, port_api)
    set_clock(private_sandbox, "2025-11-23T23:00:00Z")
    assert read(port_api, port_org, order["id"])["status"] == "SUBMITTED"
    set_clock(private_sandbox, "2025-11-24T10:00:00Z")
    assert read(port_api, port_org, order["id"])["status"] == "IN_REVIEW"


def test_port_order_foc_confirmed_after_three_business_days(port_api, port_org, private_sandbox):
    order = submit(port_org, port_api)
    set_clock(private_sandbox, "2025-11-20T15:00:00Z")
    body = read(port_api, port_org, order["id"])
    assert (body["status"], body["focDate"]) == ("FOC_CONFIRMED", "2025-11-26")


def test_port_order_completes_on_the_foc_date(port_api, port_org, private_sandbox):
    order = submit(port_org, port_api)
    set_clock(private_sandbox, "2025-11-26T00:00:00Z")
    body = read(port_api, port_org, order["id"])
    assert (body["status"], body["completedAt"]) == ("COMPLETED", "2025-11-26T00:00:00.000Z")
    assert body["numbers"] == [{"phoneNumber": n, "status": "PORTED"} for n in order["phoneNumbers"]]


def test_port_order_full_lifecycle_by_advancing_the_clock(port_api, port_org, private_sandbox):
    order = submit(port_org, port_api)
    seen = [order["status"]]
    for _ in range(7):
        requests.post(f"{private_sandbox.url}/_sandbox/clock/advance", json={"businessDays": 1}, timeout=10)
        seen.append(read(port_api, port_org, order["id"])["status"])
    assert seen == [
        "SUBMITTED",
        "IN_REVIEW",
        "IN_REVIEW",
        "FOC_CONFIRMED",
        "FOC_CONFIRMED",
        "FOC_CONFIRMED",
        "FOC_CONFIRMED",
        "COMPLETED",
    ]


def test_completed_numbers_join_the_location_active_and_unassigned(port_api, port_org, private_sandbox):
    numbers = fresh_port_numbers(2)
    submit(port_org, port_api, numbers=numbers)
    requests.post(f"{private_sandbox.url}/_sandbox/clock/advance", json={"days": 10}, timeout=10)
    rows = inventory(port_api, port_org)  # no port-order read first: the clock move completed it
    for number in numbers:
        assert rows[number]["state"] == "ACTIVE"
        assert rows[number]["location"]["id"] == port_org.location_id
        assert "owner" not in rows[number]


def test_port_order_foc_date_is_the_requested_date_when_later(port_api, port_org, private_sandbox):
    order = submit(port_org, port_api, requestedPortDate="2025-12-10")
    set_clock(private_sandbox, "2025-11-20T15:00:00Z")
    assert order["estimatedCompletion"] == {"earliest": "2025-12-10", "latest": "2025-12-10"}
    assert read(port_api, port_org, order["id"])["focDate"] == "2025-12-10"


def test_update_port_order_keeps_a_requested_date_that_has_passed(port_api, port_org, private_sandbox):
    body = body_for(port_org, port_api, requestedPortDate="2025-11-18")
    order = create_order(port_api, port_org, body).json()
    set_clock(private_sandbox, "2025-11-19T10:00:00Z")  # IN_REVIEW, the requested Tuesday is over
    body["accountHolder"]["name"] = "Acme Bakery Ltd"
    response = port_api.put(f"{port_org.api_url}/telephony/config/portOrders/{order['id']}", json=body)
    assert response.status_code == 200, response.text
    assert (response.json()["requestedPortDate"], response.json()["status"]) == ("2025-11-18", "SUBMITTED")


def test_update_port_order_to_a_requested_date_that_has_passed_400(port_api, port_org, private_sandbox):
    body = body_for(port_org, port_api, requestedPortDate="2025-12-10")
    order = create_order(port_api, port_org, body).json()
    set_clock(private_sandbox, "2025-11-19T10:00:00Z")
    body["requestedPortDate"] = "2025-11-18"
    response = port_api.put(f"{port_org.api_url}/telephony/config/portOrders/{order['id']}", json=body)
    assert response.status_code == 400
    assert "requestedPortDate 2025-11-18" in response.json()["message"]


def test_create_port_order_signed_a_minute_ahead_of_the_server_is_accepted(port_api, port_org):
    body = body_for(port_org, port_api)
    body["loa"]["signedAt"] = "2025-11-17T15:01:00Z"  # the client's clock runs a minute fast
    assert create_order(port_api, port_org, body).status_code == 201


def test_create_port_order_signed_ten_minutes_ahead_of_the_server_400(port_api, port_org):
    body = body_for(port_org, port_api)
    body["loa"]["signedAt"] = "2025-11-17T15:10:00Z"
    response = create_order(port_api, port_org, body)
    assert response.status_code == 400
    assert "loa.signedAt is in the future" in response.json()["message"]


def test_port_order_mismatched_account_number_goes_to_exception_at_review(
    port_api, port_org, private_sandbox
):
    body = body_for(port_org, port_api)
    body["losingCarrier"]["accountNumber"] = "MISMATCH-42"
    order = create_order(port_api, port_org, body).json()
    set_clock(private_sandbox, "2025-11-25T15:00:00Z")
    read_back = read(port_api, port_org, order["id"])
    assert read_back["status"] == "EXCEPTION"
    assert [d["code"] for d in read_back["statusDetails"]] == ["ACCOUNT_NUMBER_MISMATCH"]


def test_port_order_exception_fixed_by_put_goes_back_to_submitted(port_api, port_org, private_sandbox):
    body = body_for(port_org, port_api)
    order = create_order(port_api, port_org, body).json()
    exception = requests.post(
        f"{private_sandbox.url}/_sandbox/portOrders/{order['id']}/exception",
        json={"code": "PIN_INVALID"},
        timeout=10,
    )
    assert exception.json()["status"] == "EXCEPTION"
    set_clock(private_sandbox, "2025-11-19T09:00:00Z")
    body["losingCarrier"]["pin"] = "97531"
    fixed = port_api.put(f"{port_org.api_url}/telephony/config/portOrders/{order['id']}", json=body).json()
    assert (fixed["status"], fixed["statusDetails"]) == ("SUBMITTED", [])
    assert fixed["submittedAt"] == "2025-11-19T09:00:00.000Z"
    set_clock(private_sandbox, "2025-11-20T09:00:00Z")
    assert read(port_api, port_org, order["id"])["status"] == "IN_REVIEW"


def test_port_order_exception_waits_for_a_fix(port_api, port_org, private_sandbox):
    order = submit(port_org, port_api)
    url = f"{private_sandbox.url}/_sandbox/portOrders/{order['id']}/exception"
    requests.post(url, json={"code": "NAME_MISMATCH"}, timeout=10)
    set_clock(private_sandbox, "2025-12-31T00:00:00Z")
    assert read(port_api, port_org, order["id"])["status"] == "EXCEPTION"


def test_port_order_number_not_portable_marks_the_number(port_api, port_org, private_sandbox):
    numbers = fresh_port_numbers(2)
    order = submit(port_org, port_api, numbers=numbers)
    url = f"{private_sandbox.url}/_sandbox/portOrders/{order['id']}/exception"
    body = requests.post(
        url, json={"code": "NUMBER_NOT_PORTABLE", "phoneNumbers": [numbers[1]]}, timeout=10
    ).json()
    assert body["numbers"] == [
        {"phoneNumber": numbers[0], "status": "PENDING"},
        {"phoneNumber": numbers[1], "status": "NOT_PORTABLE"},
    ]


def test_cancel_port_order_in_review_is_accepted(port_api, port_org, private_sandbox):
    order = submit(port_org, port_api)
    set_clock(private_sandbox, "2025-11-19T12:00:00Z")
    assert port_api.delete(f"{port_org.api_url}/telephony/config/portOrders/{order['id']}").status_code == 204
    assert read(port_api, port_org, order["id"])["status"] == "CANCELLED"


def test_cancel_port_order_just_before_48_hours_of_foc_is_accepted(port_api, port_org, private_sandbox):
    order = submit(port_org, port_api)
    set_clock(private_sandbox, "2025-11-23T23:59:00Z")
    assert port_api.delete(f"{port_org.api_url}/telephony/config/portOrders/{order['id']}").status_code == 204


def test_cancel_port_order_within_48_hours_of_foc_409(port_api, port_org, private_sandbox):
    order = submit(port_org, port_api)
    set_clock(private_sandbox, "2025-11-24T00:00:00Z")
    response = port_api.delete(f"{port_org.api_url}/telephony/config/portOrders/{order['id']}")
    assert response.status_code == 409
    assert error_code(response) == 25530
    assert read(port_api, port_org, order["id"])["status"] == "FOC_CONFIRMED"


def test_update_port_order_within_48_hours_of_foc_409(port_api, port_org, private_sandbox):
    body = body_for(port_org, port_api)
    order = create_order(port_api, port_org, body).json()
    set_clock(private_sandbox, "2025-11-25T00:00:00Z")
    body["losingCarrier"]["name"] = "Another Telco"
    response = port_api.put(f"{port_org.api_url}/telephony/config/portOrders/{order['id']}", json=body)
    assert response.status_code == 409
    assert error_code(response) == 25530


def test_cancel_completed_port_order_409(port_api, port_org, private_sandbox):
    order = submit(port_org, port_api)
    set_clock(private_sandbox, "2025-11-27T00:00:00Z")
    response = port_api.delete(f"{port_org.api_url}/telephony/config/portOrders/{order['id']}")
    assert response.status_code == 409
    assert error_code(response) == 25529


def test_sandbox_advance_runs_the_next_step_now(port_api, port_org, private_sandbox):
    order = submit(port_org, port_api)
    url = f"{private_sandbox.url}/_sandbox/portOrders/{order['id']}/advance"
    assert requests.post(url, json={}, timeout=10).json()["status"] == "IN_REVIEW"


def test_sandbox_advance_to_completed_ports_the_numbers_now(port_api, port_org, private_sandbox):
    order = submit(port_org, port_api)
    url = f"{private_sandbox.url}/_sandbox/portOrders/{order['id']}/advance"
    body = requests.post(url, json={"to": "COMPLETED"}, timeout=10).json()
    assert (body["status"], body["focDate"]) == ("COMPLETED", "2025-11-17")
    assert set(order["phoneNumbers"]) <= set(inventory(port_api, port_org))


def test_sandbox_exception_on_completed_order_409(port_api, port_org, private_sandbox):
    order = submit(port_org, port_api)
    requests.post(
        f"{private_sandbox.url}/_sandbox/portOrders/{order['id']}/advance",
        json={"to": "COMPLETED"},
        timeout=10,
    )
    url = f"{private_sandbox.url}/_sandbox/portOrders/{order['id']}/exception"
    assert requests.post(url, json={"code": "PIN_INVALID"}, timeout=10).status_code == 409


def test_sandbox_advance_backwards_400(port_api, port_org, private_sandbox):
    order = submit(port_org, port_api)
    url = f"{private_sandbox.url}/_sandbox/portOrders/{order['id']}/advance"
    requests.post(url, json={"to": "FOC_CONFIRMED"}, timeout=10)
    assert requests.post(url, json={"to": "IN_REVIEW"}, timeout=10).status_code == 400
    assert read(port_api, port_org, order["id"])["status"] == "FOC_CONFIRMED"


def test_sandbox_advance_of_cancelled_order_400(port_api, port_org, private_sandbox):
    order = submit(port_org, port_api)
    port_api.delete(f"{port_org.api_url}/telephony/config/portOrders/{order['id']}")
    url = f"{private_sandbox.url}/_sandbox/portOrders/{order['id']}/advance"
    assert requests.post(url, json={}, timeout=10).status_code == 400


def test_port_order_of_another_orgs_number_is_refused(port_api, port_org, private_sandbox):
    other = create_activated_org(private_sandbox.url, numbers=fresh_port_numbers(1))
    for number in (other.numbers[0], other.main_number):
        response = create_order(port_api, port_org, body_for(port_org, port_api, phoneNumbers=[number]))
        assert (response.status_code, error_code(response)) == (400, 8361), response.text


def test_a_number_another_org_took_meanwhile_stops_the_order_at_exception(
    port_api, port_org, private_sandbox
):
    numbers = fresh_port_numbers(2)
    order = submit(port_org, port_api, phoneNumbers=numbers)
    create_activated_org(private_sandbox.url, numbers=[numbers[1]])
    set_clock(private_sandbox, "2025-11-26T00:00:00Z")  # the FOC date: it would complete
    body = read(port_api, port_org, order["id"])
    assert body["status"] == "EXCEPTION"
    assert [d["code"] for d in body["statusDetails"]] == ["NUMBER_NOT_PORTABLE"]
    assert {n["phoneNumber"]: n["status"] for n in body["numbers"]} == {
        numbers[0]: "PENDING",
        numbers[1]: "NOT_PORTABLE",
    }
    assert set(numbers).isdisjoint(inventory(port_api, port_org))
