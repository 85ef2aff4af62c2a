"""Small builders shared by the port-document and port-order tests (plain HTTP, wire JSON)."""

from __future__ import annotations

import base64
from datetime import date, datetime, timedelta
from itertools import count
from typing import Any

import requests

from callplan_provider.sandbox.bootstrap import OrgHandle

PDF_BYTES = b"%PDF-1.7\n% a bill\n"
PNG_BYTES = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"
PIN = "8642"
_port_numbers = count(5000)


def fresh_port_numbers(how_many: int = 1) -> list[str]:
    """US numbers no organisation holds (415-555-5000 upwards), unique within the session."""
    return [f"+1415555{next(_port_numbers):04d}" for _ in range(how_many)]


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def upload(
    api: requests.Session, org: OrgHandle, data: bytes = PDF_BYTES, **fields: str
) -> requests.Response:
    body = {"fileName": "bill.pdf", "mediaType": "application/pdf", "content": b64(data)} | fields
    return api.post(f"{org.api_url}/telephony/config/portDocuments", json=body)


def upload_bill(api: requests.Session, org: OrgHandle) -> str:
    response = upload(api, org)
    assert response.status_code == 201, response.text
    document_id: str = response.json()["id"]
    return document_id


def sandbox_now(base_url: str) -> datetime:
    """The sandbox clock (other tests may have moved it)."""
    now = requests.get(f"{base_url}/_sandbox/clock", timeout=10).json()["now"]
    return datetime.fromisoformat(now.replace("Z", "+00:00"))


def freeze_sandbox_clock(base_url: str) -> datetime:
    """Stop the sandbox clock where it stands and return that moment.

    A test that derives dates from it then cannot straddle midnight; the `reset_faults` fixture
    lets the clock run again after the test.
    """
    response = requests.put(f"{base_url}/_sandbox/clock", json={"frozen": True}, timeout=10)
    assert response.status_code == 200, response.text
    return sandbox_now(base_url)


def signed_at(today: date) -> str:
    """A signing moment that is never in the future on a clock whose date is `today`: its midnight."""
    return f"{today.isoformat()}T00:00:00Z"


def signed_just_before(now: datetime) -> str:
    """A signing moment a minute before `now` (the sandbox clock), as the wire writes it."""
    return (now - timedelta(minutes=1)).strftime("%Y-%m-%dT%H:%M:%SZ")


def order_body(
    org: OrgHandle, bill_id: str, today: date, numbers: list[str] | None = None, **overrides: Any
) -> dict[str, Any]:
    """A valid port-order body for `org`, with the bill dated `today` and the LOA signed at its start.

    `today` must be the sandbox clock's date (`freeze_sandbox_clock(...).date()`), never the local one.
    """
    numbers = numbers or fresh_port_numbers()
    body: dict[str, Any] = {
        "phoneNumbers": numbers,
        "losingCarrier": {
            "name": "Old Telco",
            "accountNumber": "ACC-1001",
            "pin": PIN,
            "billingTelephoneNumber": numbers[0],
        },
        "accountHolder": {
            "name": "Acme Bakery",
            "serviceAddress": {
                "address1": "1 Market St",
                "city": "San Francisco",
                "state": "CA",
                "postalCode": "94105",
                "country": "US",
            },
        },
        "billDocumentId": bill_id,
        "billDate": today.isoformat(),
        "loa": {
            "signerName": "Account Owner",
            "signerEmail": org.owner_email,
            "signedAt": signed_at(today),
        },
    }
    return body | overrides


def create_order(api: requests.Session, org: OrgHandle, body: dict[str, Any]) -> requests.Response:
    return api.post(f"{org.api_url}/telephony/config/locations/{org.location_id}/portOrders", json=body)


def error_code(response: requests.Response) -> int:
    code: int = response.json()["errors"][0]["errorCode"]
    return code
