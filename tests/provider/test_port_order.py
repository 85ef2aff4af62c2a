"""PortOrder against the sandbox over HTTP, through the provider's methods (no Pulumi engine).

The sandbox clock is global: each test starts it at the real time (running, no offset) and puts
it back. Setting it to the test's own `datetime.now()` instead would leave it behind real time by
the request's latency: a create stamped (from the local clock) just after a second boundary was
then refused with "loa.signedAt is in the future".
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pulumi
import pytest
import requests

from callplan_provider.client import ApiError, CallingPlanApi
from callplan_provider.client.port_orders import PortDocumentsApi
from callplan_provider.resources import config
from callplan_provider.resources.base import CallplanError
from callplan_provider.resources.port_order import PortOrderProvider, document_reference
from callplan_provider.sandbox.clock import calendar_for
from tests.conftest import seed_numbers
from tests.live import configure_provider_for

pytestmark = pytest.mark.sandbox_only(
    "port orders (the sandbox's own extension), the clock and port-order progress"
)

PROVIDER = PortOrderProvider()
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\n%%EOF\n"
PIN = "4826"


def reset_clock(base_url: str) -> None:
    """Real time again, running (lifecycles never go backwards)."""
    requests.delete(base_url + "/_sandbox/clock", timeout=10).raise_for_status()


def sandbox_now(org) -> datetime:
    now = requests.get(org.base_url + "/_sandbox/clock", timeout=10).json()["now"]
    return datetime.fromisoformat(now.replace("Z", "+00:00"))


def add_fault(org, method: str, path: str, mode: str) -> None:
    fault = {"method": method, "path": path, "mode": mode}
    requests.post(org.base_url + "/_sandbox/faults", json=fault, timeout=10).raise_for_status()


def advance(org, **step: Any) -> datetime:
    reply = requests.post(org.base_url + "/_sandbox/clock/advance", json=step, timeout=10)
    reply.raise_for_status()
    return datetime.fromisoformat(reply.json()["now"].replace("Z", "+00:00"))


@pytest.fixture
def client(org) -> Iterator[CallingPlanApi]:
    configure_provider_for(org)
    reset_clock(org.base_url)
    yield CallingPlanApi(org.api_url, org.admin_token)
    reset_clock(org.base_url)
    config.reset()


@pytest.fixture
def bill(tmp_path) -> Path:
    path = tmp_path / "bill.pdf"
    path.write_bytes(PDF)
    return path


def news(org, bill: Path, numbers: list[str], **overrides: Any) -> dict[str, Any]:
    inputs: dict[str, Any] = {
        "phone_numbers": numbers,
        "losing_carrier": {
            "name": "Old Telco",
            "account_number": "ACC-77",
            "pin": PIN,
            "billing_telephone_number": numbers[0],
        },
        "account_holder": {
            "name": "Acme Bakery",
            "service_address": {
                "address1": "1 Main St",
                "city": "San Francisco",
                "state": "CA",
                "postal_code": "94105",
                "country": "US",
            },
        },
        "bill_file": str(bill),
        "bill_date": (datetime.now(UTC).date() - timedelta(days=2)).isoformat(),
        "loa": {"signer_name": "Account Owner", "signer_email": org.owner_email},
    }
    inputs.update(overrides)
    checked = PROVIDER.check({}, inputs)
    assert checked.failures == []
    return checked.inputs


@pytest.fixture
def numbers() -> list[str]:
    return seed_numbers(2)


def with_carrier(inputs: dict[str, Any], **changes: str) -> dict[str, Any]:
    program = {k: v for k, v in inputs.items() if k != "bill_sha256"}  # check adds it; a program never does
    checked = PROVIDER.check({}, {**program, "losing_carrier": {**inputs["losing_carrier"], **changes}})
    assert checked.failures == []
    return checked.inputs


def walk(org, created, steps: dict[str, Any]) -> dict[str, Any]:
    advance(org, **steps)
    return PROVIDER.read(created.id, created.outs).outs


@pytest.fixture
def uploads(monkeypatch) -> list[str]:
    """The id of every document the provider uploads during the test."""
    ids: list[str] = []
    upload = PortDocumentsApi.upload

    def recording(self: PortDocumentsApi, *args: Any, **kwargs: Any) -> Any:
        document = upload(self, *args, **kwargs)
        ids.append(document.id)
        return document

    monkeypatch.setattr(PortDocumentsApi, "upload", recording)
    return ids


def left_on_server(client: CallingPlanApi, document_ids: list[str]) -> list[str]:
    """Those of `document_ids` the server still has."""
    left = []
    for document_id in document_ids:
        try:
            client.port_documents.get(document_id)
        except ApiError as err:
            assert err.is_not_found
            continue
        left.append(document_id)
    return left


@pytest.fixture
def csr(tmp_path) -> Path:
    path = tmp_path / "csr.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x02" * 16)
    return path


# --- create -------------------------------------------------------------------------------------


def test_create_submits_the_order(client, org, bill, numbers):
    created = PROVIDER.create(news(org, bill, numbers))
    outs = created.outs
    assert outs["status"] == "SUBMITTED"
    assert [n["status"] for n in outs["numbers"]] == ["PENDING", "PENDING"]
    assert outs["estimated_completion"]["earliest"] < outs["estimated_completion"]["latest"]
    assert outs["loa_signed_at"].endswith("Z")
    order = client.port_orders.get(created.id)
    assert order.losing_carrier.pin_provided is True
    assert order.losing_carrier.pin is None


def test_create_uploads_the_bill_and_keeps_only_its_fingerprint(client, org, bill, numbers):
    outs = PROVIDER.create(news(org, bill, numbers)).outs
    document = client.port_documents.get(outs["bill_document_id"])
    assert document.sha256 == outs["bill_sha256"]
    assert document.media_type == "application/pdf"
    assert "%PDF" not in repr(outs)


def test_create_then_diff_shows_no_change(client, org, bill, numbers):
    inputs = news(org, bill, numbers)
    created = PROVIDER.create(inputs)
    assert PROVIDER.diff(created.id, created.outs, inputs).changes is False


def test_create_with_a_lost_reply_submits_once(client, org, bill, numbers):
    requests.post(
        org.base_url + "/_sandbox/faults",
        json={
            "method": "POST",
            "path": "/telephony/config/locations/*/portOrders",
            "mode": "fail_after_commit",
        },
        timeout=10,
    ).raise_for_status()
    created = PROVIDER.create(news(org, bill, numbers))
    assert [o.id for o in client.port_orders.list(location_id=org.location_id)] == [created.id]


def test_create_refused_by_the_api_never_shows_the_pin(client, org, bill, check_offline):
    inputs = news(org, bill, [org.numbers[0]])  # already in the inventory: refused
    with pytest.raises(CallplanError) as refused:
        PROVIDER.create(inputs)
    assert PIN not in str(refused.value)
    assert "409" in str(refused.value)


def test_create_refuses_a_signer_who_is_not_the_owner(client, org, bill, numbers, check_offline):
    with pytest.raises(CallplanError, match="create PortOrder failed"):
        PROVIDER.create(
            news(org, bill, numbers, loa={"signer_name": "Eve", "signer_email": "eve@example.com"})
        )


def test_create_failing_before_commit_leaves_no_documents(client, org, bill, csr, numbers, uploads):
    add_fault(org, "POST", "/telephony/config/locations/*/portOrders", "fail_before_commit")
    with pytest.raises(CallplanError, match="create PortOrder failed"):
        PROVIDER.create(news(org, bill, numbers, csr_file=str(csr)))
    assert len(uploads) == 2
    assert left_on_server(client, uploads) == []


def test_create_refused_by_the_api_leaves_no_documents(client, org, bill, uploads, check_offline):
    with pytest.raises(CallplanError):
        PROVIDER.create(news(org, bill, [org.numbers[0]]))  # already in the inventory: refused
    assert len(uploads) == 1
    assert left_on_server(client, uploads) == []


def test_create_with_a_lost_reply_keeps_the_order_documents(client, org, bill, csr, numbers, uploads):
    add_fault(org, "POST", "/telephony/config/locations/*/portOrders", "fail_after_commit")
    outs = PROVIDER.create(news(org, bill, numbers, csr_file=str(csr))).outs
    assert sorted(left_on_server(client, uploads)) == sorted(
        [outs["bill_document_id"], outs["csr_document_id"]]
    )


@pytest.mark.parametrize("mode", ["fail_after_commit", "drop_after_commit"])
def test_create_with_a_lost_upload_reply_leaves_one_document(client, org, bill, numbers, mode):
    add_fault(org, "POST", "/telephony/config/portDocuments", mode)
    outs = PROVIDER.create(news(org, bill, numbers)).outs
    assert [d.id for d in client.port_documents.list()] == [outs["bill_document_id"]]


def test_create_reuses_the_document_an_earlier_attempt_left(client, org, bill, numbers, uploads):
    left = client.port_documents.upload(
        "bill.pdf", "application/pdf", PDF, document_reference("bill", numbers)
    )
    outs = PROVIDER.create(news(org, bill, numbers)).outs
    assert (outs["bill_document_id"], uploads) == (left.id, [left.id])  # the provider uploaded nothing
    assert [d.id for d in client.port_documents.list()] == [left.id]


def test_create_deletes_what_an_earlier_attempt_left_of_another_content(client, org, bill, numbers):
    older = b"%PDF-1.4\n% last month's bill\n"
    client.port_documents.upload("old.pdf", "application/pdf", older, document_reference("bill", numbers))
    outs = PROVIDER.create(news(org, bill, numbers)).outs
    assert [d.id for d in client.port_documents.list()] == [outs["bill_document_id"]]


def test_create_never_reuses_nor_deletes_a_document_of_another_order(client, org, bill, numbers):
    first = PROVIDER.create(news(org, bill, numbers))
    client.port_orders.delete(first.id)  # cancelled by hand: its documents stay, they are its record
    second = PROVIDER.create(news(org, bill, numbers)).outs
    assert second["bill_document_id"] != first.outs["bill_document_id"]
    assert client.port_documents.get(first.outs["bill_document_id"]).port_order_ids == [first.id]


def test_create_takes_over_the_open_order_of_the_same_transfer(client, org, bill, numbers):
    """What a submission whose reply was lost, and whose look-up failed too, left behind."""
    made = PROVIDER.create(news(org, bill, numbers))
    address = news(org, bill, numbers)["account_holder"]["service_address"]
    inputs = news(org, bill, numbers, account_holder={"name": "Acme Bakery Inc", "service_address": address})
    again = PROVIDER.create(inputs)
    assert again.id == made.id
    assert [o.id for o in client.port_orders.list()] == [made.id]
    assert PROVIDER.diff(again.id, again.outs, inputs).changes is True  # the next preview shows it


def test_create_refuses_an_open_order_of_these_numbers_for_another_account(client, org, bill, numbers):
    made = PROVIDER.create(news(org, bill, numbers))
    with pytest.raises(CallplanError, match="differs from the program in losing_carrier") as refused:
        PROVIDER.create(with_carrier(news(org, bill, numbers), account_number="ACC-99"))
    assert made.id in str(refused.value)
    assert PIN not in str(refused.value)


def test_create_accepts_a_sandbox_clock_a_little_behind(client, org, bill, numbers):
    behind = datetime.now(UTC) - timedelta(seconds=30)
    requests.put(
        org.base_url + "/_sandbox/clock", json={"frozen": True, "now": behind.isoformat()}, timeout=10
    ).raise_for_status()
    outs = PROVIDER.create(news(org, bill, numbers)).outs
    assert datetime.fromisoformat(outs["loa_signed_at"].replace("Z", "+00:00")) > sandbox_now(org)


# --- read follows the order ---------------------------------------------------------------------


def test_read_reports_each_status_without_a_diff(client, org, bill, numbers):
    inputs = news(org, bill, numbers)
    created = PROVIDER.create(inputs)
    seen = []
    for steps in ({"businessDays": 1}, {"businessDays": 2}, {"businessDays": 4}):
        outs = walk(org, created, steps)
        seen.append(outs["status"])
        assert PROVIDER.diff(created.id, outs, inputs).changes is False
    assert seen == ["IN_REVIEW", "FOC_CONFIRMED", "COMPLETED"]


def test_read_reports_the_foc_date_and_completion(client, org, bill, numbers):
    created = PROVIDER.create(news(org, bill, numbers))
    confirmed = walk(org, created, {"businessDays": 3})
    assert confirmed["foc_date"]
    completed = walk(org, created, {"businessDays": 4})
    assert completed["completed_at"]
    assert [n["status"] for n in completed["numbers"]] == ["PORTED", "PORTED"]
    for number in numbers:
        row = client.numbers.find_by_number(number)
        assert row is not None and row.location is not None and row.location.id == org.location_id


def test_read_keeps_the_write_only_pin(client, org, bill, numbers):
    created = PROVIDER.create(news(org, bill, numbers))
    read = PROVIDER.read(created.id, created.outs)
    assert read.outs["losing_carrier"]["pin"] == PIN
    assert read.inputs is not None and read.inputs["losing_carrier"]["pin"] == PIN
    assert "status" not in read.inputs


def test_read_keeps_the_fingerprints_in_the_inputs(client, org, bill, csr, numbers):
    inputs = news(org, bill, numbers, csr_file=str(csr))
    created = PROVIDER.create(inputs)
    read = PROVIDER.read(created.id, created.outs)
    assert read.inputs is not None
    assert (read.inputs["bill_sha256"], read.inputs["csr_sha256"]) == (
        inputs["bill_sha256"],
        inputs["csr_sha256"],
    )


def test_refresh_twice_of_an_unchanged_order_shows_no_change(client, org, bill, numbers):
    inputs = news(org, bill, numbers)
    created = PROVIDER.create(inputs)
    outs = created.outs
    for _ in range(2):  # on refresh the engine diffs the refreshed outputs against the stored inputs
        read = PROVIDER.read(created.id, outs)
        assert read.inputs is not None and read.outs is not None
        assert PROVIDER.diff(created.id, read.outs, inputs).changes is False
        outs, inputs = read.outs, read.inputs


def test_refresh_of_a_moved_order_records_the_status_without_a_diff(client, org, bill, numbers):
    inputs = news(org, bill, numbers)
    created = PROVIDER.create(inputs)
    advance(org, businessDays=1)
    read = PROVIDER.read(created.id, created.outs)
    assert read.outs is not None and read.inputs is not None
    assert read.outs["status"] == "IN_REVIEW"
    assert PROVIDER.diff(created.id, read.outs, inputs).changes is False
    assert PROVIDER.diff(created.id, PROVIDER.read(created.id, read.outs).outs, read.inputs).changes is False


def test_read_of_a_completed_order_whose_bill_was_deleted_keeps_its_fingerprint(client, org, bill, numbers):
    inputs = news(org, bill, numbers)
    created = PROVIDER.create(inputs)
    completed = walk(org, created, {"businessDays": 7})
    client.port_documents.delete(completed["bill_document_id"])  # allowed: the order is closed
    read = PROVIDER.read(created.id, completed)
    assert read.outs is not None and read.outs["bill_sha256"] == inputs["bill_sha256"]
    assert PROVIDER.diff(created.id, read.outs, inputs).changes is False


def test_read_shows_carrier_details_changed_in_the_api(client, org, bill, numbers):
    inputs = news(org, bill, numbers)
    created = PROVIDER.create(inputs)
    order = client.port_orders.get(created.id)
    order.losing_carrier.account_number = "ACC-99"
    order.losing_carrier.pin_provided = None
    client.port_orders.update(created.id, order)
    read = PROVIDER.read(created.id, created.outs)
    assert read.outs["losing_carrier"]["account_number"] == "ACC-99"
    assert PROVIDER.diff(created.id, read.outs, inputs).changes is True


# --- update -------------------------------------------------------------------------------------


def test_update_fixes_an_exception(client, org, bill, numbers):
    inputs = news(org, bill, numbers)
    created = PROVIDER.create(inputs)
    requests.post(
        org.base_url + f"/_sandbox/portOrders/{created.id}/exception",
        json={"code": "PIN_INVALID"},
        timeout=10,
    ).raise_for_status()
    failed = PROVIDER.read(created.id, created.outs).outs
    assert failed["status"] == "EXCEPTION"
    assert [d["code"] for d in failed["status_details"]] == ["PIN_INVALID"]
    fixed = with_carrier(inputs, pin="97531")
    assert PROVIDER.diff(created.id, failed, fixed).changes is True
    outs = PROVIDER.update(created.id, failed, fixed).outs
    assert outs["status"] == "SUBMITTED"
    assert outs["losing_carrier"]["pin"] == "97531"
    assert PROVIDER.diff(created.id, outs, fixed).changes is False


def test_update_reuploads_a_bill_whose_content_changed(client, org, bill, numbers, tmp_path):
    created = PROVIDER.create(news(org, bill, numbers))
    newer = tmp_path / "newer.png"
    newer.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x01" * 16)
    changed = news(org, newer, numbers)
    outs = PROVIDER.update(created.id, created.outs, changed).outs
    assert outs["bill_document_id"] != created.outs["bill_document_id"]
    assert outs["bill_sha256"] == changed["bill_sha256"]
    assert client.port_orders.get(created.id).bill_document_id == outs["bill_document_id"]


def test_update_replacing_the_bill_deletes_the_old_document(client, org, bill, numbers, tmp_path):
    created = PROVIDER.create(news(org, bill, numbers))
    newer = tmp_path / "newer.pdf"
    newer.write_bytes(PDF + b"% page 2\n")
    outs = PROVIDER.update(created.id, created.outs, news(org, newer, numbers)).outs
    old, new = created.outs["bill_document_id"], outs["bill_document_id"]
    assert left_on_server(client, [old, new]) == [new]


def test_update_removing_the_csr_deletes_it(client, org, bill, csr, numbers):
    created = PROVIDER.create(news(org, bill, numbers, csr_file=str(csr)))
    outs = PROVIDER.update(created.id, created.outs, news(org, bill, numbers)).outs
    assert outs["csr_document_id"] is None
    assert left_on_server(client, [created.outs["csr_document_id"]]) == []


def test_update_that_fails_deletes_its_upload_and_keeps_the_old_bill(
    client, org, bill, numbers, tmp_path, uploads
):
    created = PROVIDER.create(news(org, bill, numbers))
    newer = tmp_path / "newer.pdf"
    newer.write_bytes(PDF + b"% page 2\n")
    add_fault(org, "PUT", "/telephony/config/portOrders/*", "fail_before_commit")
    with pytest.raises(CallplanError, match="update PortOrder"):
        PROVIDER.update(created.id, created.outs, news(org, newer, numbers))
    assert left_on_server(client, uploads) == [created.outs["bill_document_id"]]
    assert client.port_orders.get(created.id).bill_document_id == created.outs["bill_document_id"]


def test_update_after_the_requested_date_passed_keeps_it(client, org, bill, numbers):
    tomorrow = calendar_for("US").add_business_days(sandbox_now(org).date(), 1)
    inputs = news(org, bill, numbers, requested_date=tomorrow.isoformat())
    created = PROVIDER.create(inputs)
    in_review = walk(org, created, {"businessDays": 2})  # the requested day is over
    assert in_review["status"] == "IN_REVIEW"
    outs = PROVIDER.update(created.id, in_review, with_carrier(inputs, name="Older Telco")).outs
    assert (outs["requested_date"], outs["status"]) == (tomorrow.isoformat(), "SUBMITTED")


def test_update_to_a_requested_date_in_the_past_is_refused(client, org, bill, numbers):
    inputs = news(org, bill, numbers)
    created = PROVIDER.create(inputs)
    yesterday = (sandbox_now(org).date() - timedelta(days=1)).isoformat()
    with pytest.raises(CallplanError, match=f"requestedPortDate {yesterday} must be a future business day"):
        PROVIDER.update(created.id, created.outs, {**inputs, "requested_date": yesterday})


def test_update_keeps_the_document_when_only_the_path_changed(client, org, bill, numbers, tmp_path):
    created = PROVIDER.create(news(org, bill, numbers))
    moved = tmp_path / "moved.pdf"
    moved.write_bytes(PDF)
    outs = PROVIDER.update(created.id, created.outs, news(org, moved, numbers, requested_date=None)).outs
    assert outs["bill_document_id"] == created.outs["bill_document_id"]


def test_update_keeps_the_signature_time_of_the_same_signer(client, org, bill, numbers):
    inputs = news(org, bill, numbers)
    created = PROVIDER.create(inputs)
    outs = PROVIDER.update(created.id, created.outs, with_carrier(inputs, name="Older Telco")).outs
    assert outs["loa_signed_at"] == created.outs["loa_signed_at"]


def test_update_of_a_completed_order_is_refused(client, org, bill, numbers):
    inputs = news(org, bill, numbers)
    created = PROVIDER.create(inputs)
    completed = walk(org, created, {"businessDays": 7})
    assert completed["status"] == "COMPLETED"
    with pytest.raises(CallplanError, match="COMPLETED: it can no longer change"):
        PROVIDER.update(created.id, completed, with_carrier(inputs, account_number="ACC-1"))


# --- delete -------------------------------------------------------------------------------------


def test_delete_cancels_an_open_order(client, org, bill, numbers):
    created = PROVIDER.create(news(org, bill, numbers))
    PROVIDER.delete(created.id, created.outs)
    assert client.port_orders.get(created.id).status == "CANCELLED"


def test_delete_cancels_and_deletes_the_documents(client, org, bill, csr, numbers, uploads):
    created = PROVIDER.create(news(org, bill, numbers, csr_file=str(csr)))
    PROVIDER.delete(created.id, created.outs)
    assert client.port_orders.get(created.id).status == "CANCELLED"
    assert left_on_server(client, uploads) == []


def test_delete_of_a_cancelled_order_deletes_only_the_documents(client, org, bill, numbers, uploads):
    created = PROVIDER.create(news(org, bill, numbers))
    client.port_orders.delete(created.id)
    PROVIDER.delete(created.id, created.outs)
    assert client.port_orders.get(created.id).status == "CANCELLED"
    assert left_on_server(client, uploads) == []


def test_delete_of_a_completed_order_keeps_the_numbers_and_says_so(client, org, bill, numbers, monkeypatch):
    said: list[str] = []
    monkeypatch.setattr(pulumi.log, "info", lambda message, *args, **kwargs: said.append(message))
    created = PROVIDER.create(news(org, bill, numbers))
    completed = walk(org, created, {"businessDays": 7})
    PROVIDER.delete(created.id, completed)
    assert any("stay in the location's inventory" in message for message in said)
    assert client.port_orders.get(created.id).status == "COMPLETED"
    assert all(client.numbers.find_by_number(n) is not None for n in numbers)
    assert left_on_server(client, [completed["bill_document_id"]]) == [completed["bill_document_id"]]


def test_delete_within_48_hours_of_the_foc_date_fails_clearly(client, org, bill, numbers):
    created = PROVIDER.create(news(org, bill, numbers))
    confirmed = walk(org, created, {"businessDays": 3})
    foc = datetime.fromisoformat(confirmed["foc_date"]).replace(tzinfo=UTC)
    now = datetime.fromisoformat(
        requests.get(org.base_url + "/_sandbox/clock", timeout=10).json()["now"].replace("Z", "+00:00")
    )
    advance(org, hours=(foc - timedelta(hours=24) - now).total_seconds() / 3600)
    with pytest.raises(CallplanError, match="48 hours"):
        PROVIDER.delete(created.id, confirmed)
    assert client.port_orders.get(created.id).status == "FOC_CONFIRMED"


def test_an_order_typed_as_a_person_would_shows_no_change_after_create_or_refresh(
    client, org, bill, csr, numbers
):
    """Numbers as one string with spaces, padded names, a lower-case country, the CSR as well."""
    typed = ", ".join(f"+1 {n[2:5]} {n[5:8]} {n[8:]}" for n in numbers)
    program = {k: v for k, v in news(org, bill, numbers).items() if k not in ("bill_sha256", "csr_sha256")}
    program.update(phone_numbers=typed, csr_file=str(csr))
    program["losing_carrier"] = {**program["losing_carrier"], "name": " Old Telco "}
    holder = program["account_holder"]
    program["account_holder"] = {**holder, "service_address": {**holder["service_address"], "country": "us"}}
    checked = PROVIDER.check({}, program)
    assert checked.failures == []

    created = PROVIDER.create(checked.inputs)
    assert (
        PROVIDER.diff(created.id, created.outs, PROVIDER.check(checked.inputs, program).inputs).changes
        is False
    )
    read = PROVIDER.read(created.id, created.outs)
    assert read.inputs is not None and read.outs is not None
    assert PROVIDER.diff(created.id, read.outs, PROVIDER.check(read.inputs, program).inputs).changes is False
