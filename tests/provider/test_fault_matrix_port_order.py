"""The fault matrix of PortOrder and its documents (harness: `fault_matrix.py`).

Apart from the other kinds' because its rules depend on the date (the bill's age, the LOA's time):
it is date-sensitive (`DATE_SENSITIVE`), and dates come from the sandbox clock.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import requests

from callplan_provider.resources.port_order import PortOrderProvider
from callplan_provider.sandbox.bootstrap import OrgHandle
from callplan_provider.sandbox.server import SandboxServer
from tests.conftest import seed_numbers
from tests.provider.fault_matrix import (
    FAULT_IDS,
    FAULTS,
    Case,
    Env,
    Fault,
    Write,
    check_write_under_fault,
    checked,
    create_case,
    delete_case,
    matrix_env,
    update_case,
)

pytestmark = pytest.mark.sandbox_only("faults, the clock and port-order progress")

PORTS = PortOrderProvider()
BILL = b"%PDF-1.4\n% the carrier's bill\n%%EOF\n"
NEW_BILL = b"%PDF-1.4\n% the carrier's next bill, a little longer\n%%EOF\n"


def sandbox_today(env: Env) -> datetime:
    now = requests.get(env.org.base_url + "/_sandbox/clock", timeout=10).json()["now"]
    return datetime.fromisoformat(now.replace("Z", "+00:00"))


def port(env: Env, numbers: list[str], bill: bytes = BILL) -> dict[str, Any]:
    path = env.tmp / f"bill-{len(bill)}.pdf"
    path.write_bytes(bill)
    inputs = {
        "phone_numbers": numbers,
        "losing_carrier": {
            "name": "Old Telco",
            "account_number": "ACC-77",
            "pin": "4826",
            "billing_telephone_number": numbers[0],
        },
        "account_holder": {
            "name": "Acme Bakery",
            "service_address": {
                "address1": "1 Main St",
                "city": "Sausalito",
                "postal_code": "94965",
                "country": "US",
            },
        },
        "bill_file": str(path),
        "bill_date": (sandbox_today(env).date() - timedelta(days=2)).isoformat(),
        "loa": {"signer_name": "Account Owner", "signer_email": env.org.owner_email},
    }
    return checked(PORTS, inputs)


def port_create(env: Env) -> Case:
    return create_case(PORTS, port(env, seed_numbers(2)))


def port_update(env: Env) -> Case:
    """A new bill: uploaded, put on the order, and the old one deleted."""
    numbers = seed_numbers(2)
    return update_case(PORTS, PORTS.create(port(env, numbers)), port(env, numbers, NEW_BILL))


def port_delete(env: Env) -> Case:
    made = PORTS.create(port(env, seed_numbers(2)))
    return delete_case(PORTS, made, lambda: env.api.port_orders.get(made.id).status == "CANCELLED")


DOCUMENTS = "/telephony/config/portDocuments"
ORDERS = "/telephony/config/portOrders"
WRITES = (
    Write("PortOrder", "create (document)", "POST", DOCUMENTS, port_create),
    Write("PortOrder", "create (order)", "POST", "/telephony/config/locations/*/portOrders", port_create),
    Write("PortOrder", "update (document)", "POST", DOCUMENTS, port_update),
    Write("PortOrder", "update (order)", "PUT", f"{ORDERS}/*", port_update),
    Write("PortOrder", "update (old document)", "DELETE", f"{DOCUMENTS}/*", port_update),
    Write("PortOrder", "delete (cancel)", "DELETE", f"{ORDERS}/*", port_delete),
    Write("PortOrder", "delete (documents)", "DELETE", f"{DOCUMENTS}/*", port_delete),
)


@pytest.fixture
def env(org: OrgHandle, sandbox: SandboxServer, tmp_path: Path) -> Iterator[Env]:
    with matrix_env(org, sandbox, tmp_path) as matrix:
        yield matrix


@pytest.mark.parametrize("fault", FAULTS, ids=FAULT_IDS)
@pytest.mark.parametrize("write", WRITES, ids=[w.label for w in WRITES])
def test_write_converges_under_fault(
    env: Env, monkeypatch: pytest.MonkeyPatch, write: Write, fault: Fault
) -> None:
    check_write_under_fault(env, monkeypatch, write, fault)
