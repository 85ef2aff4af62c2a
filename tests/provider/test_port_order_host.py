"""PortOrder through the real dynamic-provider host over gRPC, as the engine drives it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import requests

from callplan_provider.resources.port_order import PortOrderProvider
from tests.conftest import seed_numbers
from tests.provider.conftest import UNKNOWN, HostError
from tests.provider.test_port_order import PDF, PIN, advance, reset_clock

pytestmark = pytest.mark.sandbox_only("port orders (the sandbox's own extension) and the clock")


@pytest.fixture
def orders(provider_host, org):
    provider_host.configure_for(org)
    reset_clock(org.base_url)
    yield provider_host.kind(PortOrderProvider, "transfer")
    reset_clock(org.base_url)


@pytest.fixture
def program(org, tmp_path):
    bill = tmp_path / "bill.pdf"
    bill.write_bytes(PDF)
    numbers = seed_numbers(1)

    def build(**overrides: Any) -> dict[str, Any]:
        inputs: dict[str, Any] = {
            "phone_numbers": numbers,
            "losing_carrier": {
                "name": "Old Telco",
                "account_number": "ACC-1",
                "pin": PIN,
                "billing_telephone_number": numbers[0],
            },
            "account_holder": {
                "name": "Acme",
                "service_address": {
                    "address1": "1 Main St",
                    "city": "Austin",
                    "postal_code": "73301",
                    "country": "US",
                },
            },
            "bill_file": str(bill),
            "bill_date": (datetime.now(UTC).date() - timedelta(days=1)).isoformat(),
            "loa": {"signer_name": "Owner", "signer_email": org.owner_email},
        }
        inputs.update(overrides)
        return inputs

    return build


def test_check_tolerates_an_unknown_bill_at_preview(orders, program):
    checked = orders.check({}, program(bill_file=UNKNOWN))
    assert checked.failures == []
    assert "bill_sha256" not in checked.inputs


def test_check_refuses_a_text_file_named_pdf_through_the_host(orders, program, tmp_path):
    fake = tmp_path / "fake.pdf"
    fake.write_text("plain text")
    assert orders.check({}, program(bill_file=str(fake))).failed_properties == ["bill_file"]


def test_lifecycle_through_the_host(orders, program, org, provider_host):
    checked = orders.check({}, program())
    assert checked.failures == []
    created = orders.create(checked.inputs)
    assert created.outs["status"] == "SUBMITTED"
    assert orders.diff(created.id, created.outs, checked.inputs).changes == "NONE"

    statuses = []
    outs = created.outs
    for step in ({"businessDays": 1}, {"businessDays": 2}):
        advance(org, **step)
        read = orders.read(created.id, outs, checked.inputs)
        outs = read.outs
        statuses.append(outs["status"])
        assert read.inputs is not None and "status" not in read.inputs
        assert orders.diff(created.id, outs, checked.inputs).changes == "NONE"
    assert statuses == ["IN_REVIEW", "FOC_CONFIRMED"]

    changed = orders.check(
        checked.inputs,
        program(requested_date=None, account_holder={**program()["account_holder"], "name": "Acme Ltd"}),
    )
    assert orders.diff(created.id, outs, changed.inputs).changes == "SOME"
    updated = orders.update(created.id, outs, changed.inputs)
    assert updated["account_holder"]["name"] == "Acme Ltd"
    assert updated["status"] == "SUBMITTED"

    orders.delete(created.id, updated)
    with org.session() as http:
        order = http.get(f"{org.api_url}/telephony/config/portOrders/{created.id}").json()
    assert order["status"] == "CANCELLED"
    assert PIN not in provider_host.stderr_tail(100_000)


def test_refresh_twice_through_the_host_shows_no_change(orders, program):
    checked = orders.check({}, program())
    created = orders.create(checked.inputs)
    outs, inputs = created.outs, checked.inputs
    for _ in range(2):  # each refresh: Read, then Diff(refreshed outputs, stored inputs)
        read = orders.read(created.id, outs, inputs)
        assert read.inputs is not None and read.inputs["bill_sha256"] == checked.inputs["bill_sha256"]
        assert orders.diff(created.id, read.outs, inputs).changes == "NONE"
        outs, inputs = read.outs, read.inputs


def test_replace_deletes_first_when_the_numbers_change(orders, program):
    checked = orders.check({}, program())
    created = orders.create(checked.inputs)
    other = orders.check(checked.inputs, program(phone_numbers=seed_numbers(1)))
    diff = orders.diff(created.id, created.outs, other.inputs)
    assert diff.replaces == ["phone_numbers"]
    assert diff.delete_before_replace is True


def test_late_cancellation_fails_through_the_host(orders, program, org):
    checked = orders.check({}, program())
    created = orders.create(checked.inputs)
    advance(org, businessDays=3)
    confirmed = orders.read(created.id, created.outs, checked.inputs).outs
    foc = datetime.fromisoformat(confirmed["foc_date"]).replace(tzinfo=UTC)
    now = datetime.fromisoformat(
        requests.get(org.base_url + "/_sandbox/clock", timeout=10).json()["now"].replace("Z", "+00:00")
    )
    advance(org, hours=(foc - timedelta(hours=12) - now).total_seconds() / 3600)
    with pytest.raises(HostError, match="48 hours"):
        orders.delete(created.id, confirmed)
