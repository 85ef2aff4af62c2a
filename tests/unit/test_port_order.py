"""PortOrder without HTTP: check (files by content, PIN, numbers), diff and the outputs mapping."""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from pulumi.output import Unknown

from callplan_provider.models.locations import Address
from callplan_provider.models.port_orders import (
    AccountHolder,
    EstimatedCompletion,
    LetterOfAgency,
    LosingCarrier,
    PortNumber,
    StatusDetail,
)
from callplan_provider.models.port_orders import (
    PortOrder as WirePortOrder,
)
from callplan_provider.resources.base import CHECK_CRASHED
from callplan_provider.resources.port_order import PortOrderProvider, media_type_of, read_document

PROVIDER = PortOrderProvider()
PDF = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
PIN = "8642"


@pytest.fixture
def bill(tmp_path):
    path = tmp_path / "bill.pdf"
    path.write_bytes(PDF)
    return str(path)


def order_inputs(bill, **overrides):
    inputs = {
        "phone_numbers": ["+14155550172", "+1 415 555 0171"],
        "losing_carrier": {
            "name": "Old Telco",
            "account_number": "ACC-1",
            "pin": PIN,
            "billing_telephone_number": "+14155550171",
        },
        "account_holder": {
            "name": "Acme Bakery",
            "service_address": {
                "address1": "1 Main St",
                "city": "Springfield",
                "postal_code": "62701",
                "country": "us",
            },
        },
        "bill_file": bill,
        "bill_date": (datetime.now(UTC).date() - timedelta(days=3)).isoformat(),
        "loa": {"signer_name": "Ann Owner", "signer_email": "owner@example.com"},
    }
    inputs.update(overrides)
    return inputs


def failed(result):
    return {f.property: f.reason for f in result.failures}


# --- check --------------------------------------------------------------------------------------


def test_check_normalises_numbers_sorted_and_unique(bill):
    numbers = ["+14155550172", "+1 415 555 0171", "+14155550172"]
    result = PROVIDER.check({}, order_inputs(bill, phone_numbers=numbers))
    assert result.failures == []
    assert result.inputs["phone_numbers"] == ["+14155550171", "+14155550172"]


def test_check_refuses_numbers_of_two_countries_in_one_order(bill):
    numbers = ["+14155550172", "+14165550100"]  # San Francisco and Toronto, both +1
    reasons = failed(PROVIDER.check({}, order_inputs(bill, phone_numbers=numbers)))
    assert "one country" in reasons["phone_numbers"]
    assert "CA: +14165550100" in reasons["phone_numbers"]


def test_check_fingerprints_the_bill(bill):
    result = PROVIDER.check({}, order_inputs(bill))
    assert result.inputs["bill_sha256"] == hashlib.sha256(PDF).hexdigest()
    assert "csr_sha256" not in result.inputs


def test_check_fingerprints_the_csr(bill, tmp_path):
    csr = tmp_path / "csr.png"
    csr.write_bytes(PNG)
    result = PROVIDER.check({}, order_inputs(bill, csr_file=str(csr)))
    assert result.inputs["csr_sha256"] == hashlib.sha256(PNG).hexdigest()


def test_check_keeps_no_document_bytes(bill):
    result = PROVIDER.check({}, order_inputs(bill))
    assert PDF.decode(errors="ignore") not in repr(result.inputs)


def test_check_normalises_the_country(bill):
    result = PROVIDER.check({}, order_inputs(bill))
    assert result.inputs["account_holder"]["service_address"]["country"] == "US"


def test_check_refuses_a_missing_bill(tmp_path, bill):
    reasons = failed(PROVIDER.check({}, order_inputs(bill, bill_file=str(tmp_path / "nope.pdf"))))
    assert "does not exist" in reasons["bill_file"]


def test_check_refuses_text_named_pdf(tmp_path, bill):
    fake = tmp_path / "bill2.pdf"
    fake.write_text("this is not a bill")
    reasons = failed(PROVIDER.check({}, order_inputs(bill, bill_file=str(fake))))
    assert "not a PDF or PNG by its content" in reasons["bill_file"]


def test_check_accepts_a_png_whatever_its_name(tmp_path, bill):
    png = tmp_path / "scan.pdf"
    png.write_bytes(PNG)
    assert PROVIDER.check({}, order_inputs(bill, bill_file=str(png))).failures == []


def test_check_refuses_a_directory_as_bill(tmp_path, bill):
    assert "bill_file" in failed(PROVIDER.check({}, order_inputs(bill, bill_file=str(tmp_path))))


def test_check_refuses_a_bad_csr_by_content(tmp_path, bill):
    csr = tmp_path / "csr.png"
    csr.write_bytes(b"GIF89a")
    assert "csr_file" in failed(PROVIDER.check({}, order_inputs(bill, csr_file=str(csr))))


@pytest.mark.parametrize("pin", ["12", "12345678901", "12-4", ""])
def test_check_refuses_a_bad_pin_without_quoting_it(bill, pin):
    inputs = order_inputs(bill)
    inputs["losing_carrier"] = {**inputs["losing_carrier"], "pin": pin}
    result = PROVIDER.check({}, inputs)
    reason = failed(result)["losing_carrier"]
    assert "pin" in reason
    if pin:
        assert pin not in reason


def test_check_refuses_a_toll_free_number(bill):
    reasons = failed(PROVIDER.check({}, order_inputs(bill, phone_numbers=["+18005550100"])))
    assert "toll-free" in reasons["phone_numbers"]


def test_check_refuses_no_numbers(bill):
    reasons = failed(PROVIDER.check({}, order_inputs(bill, phone_numbers=[])))
    assert "give at least one number" in reasons["phone_numbers"]


def test_check_accepts_numbers_separated_by_commas(bill):
    result = PROVIDER.check({}, order_inputs(bill, phone_numbers="+14155550172, +1 415 555 0171,"))
    assert result.failures == []
    assert result.inputs["phone_numbers"] == ["+14155550171", "+14155550172"]


def test_check_accepts_a_single_number_as_text(bill):
    result = PROVIDER.check({}, order_inputs(bill, phone_numbers="+14155550171"))
    assert (result.failures, result.inputs["phone_numbers"]) == ([], ["+14155550171"])


def test_check_refuses_a_bad_number_among_numbers_separated_by_commas(bill):
    reasons = failed(PROVIDER.check({}, order_inputs(bill, phone_numbers="+14155550171, 4155550172")))
    assert "'4155550172' is not a valid phone number" in reasons["phone_numbers"]


def test_check_refuses_an_empty_text_of_numbers(bill):
    reasons = failed(PROVIDER.check({}, order_inputs(bill, phone_numbers=" , ")))
    assert "give at least one number" in reasons["phone_numbers"]


def test_check_accepts_an_account_without_pin(bill):
    inputs = order_inputs(bill)
    inputs["losing_carrier"] = {k: v for k, v in inputs["losing_carrier"].items() if k != "pin"}
    result = PROVIDER.check({}, inputs)
    assert result.failures == []
    assert "pin" not in result.inputs["losing_carrier"]


@pytest.mark.parametrize("bill_date", ["20/11/2026", "Nov 20, 2026", "2026-13-01"])
def test_check_refuses_a_bill_date_not_written_yyyy_mm_dd(bill, bill_date):
    reasons = failed(PROVIDER.check({}, order_inputs(bill, bill_date=bill_date)))
    assert "a date as YYYY-MM-DD, e.g. '2026-11-20'" in reasons["bill_date"]


def test_check_refuses_a_date_with_a_time(bill):
    reasons = failed(PROVIDER.check({}, order_inputs(bill, requested_date="2026-11-20T10:00:00")))
    assert "YYYY-MM-DD without a time" in reasons["requested_date"]


@pytest.mark.parametrize("when", [0, 1_700_006_400])
def test_check_refuses_a_date_given_as_a_number(bill, when):
    """pydantic would read it as a Unix timestamp: bill_date=0 would be 1970-01-01."""
    reasons = failed(PROVIDER.check({}, order_inputs(bill, bill_date=when)))
    assert "write it as a string, e.g. '2026-11-20'" in reasons["bill_date"]


# --- check: file-system errors are the document's failure, never a crash ------------------------


@pytest.mark.parametrize("which", ["bill_file", "csr_file"])
def test_check_refuses_a_file_name_too_long_on_its_own_property(bill, tmp_path, which):
    too_long = str(tmp_path / ("x" * 300 + ".pdf"))
    result = PROVIDER.check({}, order_inputs(bill, **{which: too_long}))
    assert [f.property for f in result.failures] == [which]  # phone_numbers (first) is fine
    reason = result.failures[0].reason
    assert "File name too long" in reason and "give the path of a readable PDF or PNG" in reason
    assert not reason.startswith(CHECK_CRASHED)


def test_check_refuses_a_bill_under_an_unknown_home_directory(bill):
    reasons = failed(PROVIDER.check({}, order_inputs(bill, bill_file="~no-such-user-zz/bill.pdf")))
    assert list(reasons) == ["bill_file"]
    assert "home directory" in reasons["bill_file"] and "full path" in reasons["bill_file"]


def test_check_refuses_an_unreadable_bill(bill, monkeypatch):
    def denied(self):
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "read_bytes", denied)
    reasons = failed(PROVIDER.check({}, order_inputs(bill)))
    assert list(reasons) == ["bill_file"]
    assert "cannot be read (Permission denied)" in reasons["bill_file"]


def test_read_document_error_cuts_a_very_long_path():
    with pytest.raises(ValueError, match=r"cannot be read \(File name too long\)") as refused:
        read_document("/tmp/" + "y" * 400)
    assert len(str(refused.value)) < 200


def test_check_refuses_a_bill_dated_in_the_future(bill):
    future = (datetime.now(UTC).date() + timedelta(days=2)).isoformat()
    assert "future" in failed(PROVIDER.check({}, order_inputs(bill, bill_date=future)))["bill_date"]


def test_check_accepts_an_old_bill_date(bill):
    """Freshness (30 days) is the API's rule at submission: check must not start failing later."""
    assert PROVIDER.check({}, order_inputs(bill, bill_date="2020-01-31")).failures == []


def test_check_refuses_a_bad_signer_email(bill):
    reasons = failed(
        PROVIDER.check({}, order_inputs(bill, loa={"signer_name": "Ann", "signer_email": "ann"}))
    )
    assert "'ann' is not an e-mail address; write one such as ann@example.com" in reasons["loa"]


def test_check_refuses_a_bad_billing_number(bill):
    inputs = order_inputs(bill)
    inputs["losing_carrier"] = {**inputs["losing_carrier"], "billing_telephone_number": "555"}
    assert "E.164" in failed(PROVIDER.check({}, inputs))["losing_carrier"]


def test_check_tolerates_an_unknown_bill_file(bill):
    result = PROVIDER.check({}, order_inputs(bill, bill_file=Unknown()))
    assert result.failures == []
    assert "bill_sha256" not in result.inputs


def test_check_tolerates_an_unknown_pin(bill):
    inputs = order_inputs(bill)
    inputs["losing_carrier"] = {**inputs["losing_carrier"], "pin": Unknown()}
    assert PROVIDER.check({}, inputs).failures == []


def test_check_refuses_a_fingerprint_given_as_input(bill):
    """The fingerprint is computed from the file, never taken from the program."""
    result = PROVIDER.check({}, {**order_inputs(bill), "bill_sha256": "forged"})
    assert "bill_sha256" in failed(result)


# --- diff ---------------------------------------------------------------------------------------


def outputs(bill, **overrides):
    outs = dict(PROVIDER.check({}, order_inputs(bill)).inputs)
    outs.update(
        {
            "location_id": "LOC",
            "status": "SUBMITTED",
            "numbers": [{"phone_number": "+14155550171", "status": "PENDING"}],
            "bill_document_id": "DOC",
            "loa_signed_at": "2024-01-01T00:00:00Z",
        }
    )
    outs.update(overrides)
    return outs


def test_diff_no_change_after_apply(bill):
    news = PROVIDER.check({}, order_inputs(bill)).inputs
    assert PROVIDER.diff("PO", outputs(bill), news).changes is False


def test_diff_ignores_the_order_moving_on(bill):
    olds = outputs(bill, status="FOC_CONFIRMED", foc_date="2024-02-01", status_details=[{"code": "X"}])
    news = PROVIDER.check({}, order_inputs(bill)).inputs
    assert PROVIDER.diff("PO", olds, news).changes is False


def test_diff_reports_a_new_bill_content(bill, tmp_path):
    newer = tmp_path / "newer.pdf"
    newer.write_bytes(PDF + b"% newer\n")
    news = PROVIDER.check({}, order_inputs(bill, bill_file=str(newer))).inputs
    result = PROVIDER.diff("PO", outputs(bill), news)
    assert result.changes is True and result.replaces == []


def test_diff_ignores_a_moved_bill_with_the_same_content(bill, tmp_path):
    moved = tmp_path / "moved.pdf"
    moved.write_bytes(PDF)
    news = PROVIDER.check({}, order_inputs(bill, bill_file=str(moved))).inputs
    assert PROVIDER.diff("PO", outputs(bill), news).changes is False


def test_diff_reports_a_new_pin(bill):
    inputs = order_inputs(bill)
    inputs["losing_carrier"] = {**inputs["losing_carrier"], "pin": "97531"}
    news = PROVIDER.check({}, inputs).inputs
    assert PROVIDER.diff("PO", outputs(bill), news).changes is True


def test_diff_replaces_when_the_numbers_change_deleting_first(bill):
    news = PROVIDER.check({}, order_inputs(bill, phone_numbers=["+14155550173"])).inputs
    result = PROVIDER.diff("PO", outputs(bill), news)
    assert result.replaces == ["phone_numbers"]
    assert result.delete_before_replace is True


def test_diff_numbers_order_does_not_matter(bill):
    news = PROVIDER.check({}, order_inputs(bill, phone_numbers=["+14155550171", "+14155550172"])).inputs
    assert PROVIDER.diff("PO", outputs(bill), news).changes is False


def test_diff_requested_date_missing_vs_none(bill):
    news = PROVIDER.check({}, order_inputs(bill)).inputs
    assert PROVIDER.diff("PO", outputs(bill, requested_date=None), news).changes is False


def test_diff_unknown_bill_counts_as_a_change(bill):
    news = {**PROVIDER.check({}, order_inputs(bill)).inputs, "bill_sha256": Unknown()}
    assert PROVIDER.diff("PO", outputs(bill), news).changes is True


# --- outputs mapping ----------------------------------------------------------------------------


class FakeDocuments:
    def get(self, document_id):
        class Doc:
            sha256 = f"sha-of-{document_id}"

        return Doc()


class FakeApi:
    port_documents = FakeDocuments()


def wire_order(**overrides):
    fields = {
        "id": "PO1",
        "location_id": "LOC",
        "phone_numbers": ["+14155550172", "+14155550171"],
        "losing_carrier": LosingCarrier(
            name="Old Telco",
            account_number="ACC-1",
            pin_provided=True,
            billing_telephone_number="+14155550171",
        ),
        "account_holder": AccountHolder(
            name="Acme Bakery",
            service_address=Address(
                address1="1 Main St", city="Springfield", postal_code="62701", country="US"
            ),
        ),
        "bill_document_id": "DOC",
        "bill_date": date(2024, 1, 5),
        "loa": LetterOfAgency(
            signer_name="Ann Owner",
            signer_email="owner@example.com",
            signed_at=datetime(2024, 1, 6, tzinfo=UTC),
        ),
        "status": "FOC_CONFIRMED",
        "status_details": [StatusDetail(code="FOC", description="confirmed")],
        "estimated_completion": EstimatedCompletion(earliest=date(2024, 1, 15), latest=date(2024, 1, 18)),
        "foc_date": date(2024, 1, 16),
        "numbers": [PortNumber(phone_number="+14155550171", status="PENDING")],
    }
    fields.update(overrides)
    return WirePortOrder(**fields)


def test_live_carries_the_write_only_pin_over():
    from callplan_provider.resources.port_order import _live

    live = _live(FakeApi(), wire_order(), {"losing_carrier": {"pin": PIN}})  # type: ignore[arg-type]
    assert live["losing_carrier"]["pin"] == PIN


def test_live_reports_progress_as_plain_values():
    from callplan_provider.resources.port_order import _live

    live = _live(FakeApi(), wire_order(), {})  # type: ignore[arg-type]
    assert live["status"] == "FOC_CONFIRMED"
    assert live["foc_date"] == "2024-01-16"
    assert live["estimated_completion"] == {"earliest": "2024-01-15", "latest": "2024-01-18"}
    assert live["numbers"] == [{"phone_number": "+14155550171", "status": "PENDING"}]
    assert live["phone_numbers"] == ["+14155550171", "+14155550172"]
    assert live["bill_sha256"] == "sha-of-DOC"
    assert live["loa_signed_at"] == "2024-01-06T00:00:00Z"


def test_live_matches_checked_inputs_so_refresh_shows_no_drift(bill):
    from callplan_provider.resources.port_order import _live

    news = PROVIDER.check({}, order_inputs(bill, bill_date="2024-01-05")).inputs
    live = _live(FakeApi(), wire_order(), news)  # type: ignore[arg-type]
    olds = {**news, **live, "bill_sha256": news["bill_sha256"]}
    assert PROVIDER.diff("PO1", olds, news).changes is False


def test_media_type_is_read_from_the_content():
    assert media_type_of(PDF) == "application/pdf"
    assert media_type_of(PNG) == "image/png"
    assert media_type_of(b"%PD") is None


def test_provider_has_no_instance_attributes():
    assert vars(PortOrderProvider()) == {}
