"""Port documents over HTTP: `/telephony/config/portDocuments` (PDF or PNG by content, <= 10 MB;
DELETE refused while an open order refers to the document)."""

from __future__ import annotations

import hashlib

from callplan_provider.sandbox.bootstrap import create_activated_org
from callplan_provider.sandbox.server import SandboxServer
from tests.sandbox.port_order_helpers import (
    PDF_BYTES,
    PNG_BYTES,
    b64,
    create_order,
    error_code,
    freeze_sandbox_clock,
    order_body,
    sandbox_now,
    upload,
    upload_bill,
)

TEN_MB = 10 * 1024 * 1024


def test_upload_pdf_returns_201_with_metadata(api, org):
    response = upload(api, org, PDF_BYTES)
    body = response.json()
    assert response.status_code == 201
    assert (body["fileName"], body["mediaType"]) == ("bill.pdf", "application/pdf")
    assert body["sizeBytes"] == len(PDF_BYTES)
    assert body["sha256"] == hashlib.sha256(PDF_BYTES).hexdigest()


def test_upload_png_returns_201(api, org):
    response = upload(api, org, PNG_BYTES, fileName="bill.png", mediaType="image/png")
    assert response.status_code == 201
    assert response.json()["mediaType"] == "image/png"


def test_upload_never_echoes_the_content(api, org):
    body = upload(api, org, PDF_BYTES).json()
    assert "content" not in body
    assert b64(PDF_BYTES) not in api.get(f"{org.api_url}/telephony/config/portDocuments/{body['id']}").text


def test_upload_text_named_pdf_400(api, org):
    response = upload(api, org, b"just some text, not a PDF")
    assert response.status_code == 400
    assert error_code(response) == 25520


def test_upload_png_declared_as_pdf_400(api, org):
    response = upload(api, org, PNG_BYTES, fileName="bill.pdf", mediaType="application/pdf")
    assert response.status_code == 400
    assert error_code(response) == 25520


def test_upload_unsupported_media_type_400(api, org):
    response = upload(api, org, b"\xff\xd8\xff\xe0", fileName="bill.jpg", mediaType="image/jpeg")
    assert response.status_code == 400


def test_upload_invalid_base64_400(api, org):
    body = {"fileName": "bill.pdf", "mediaType": "application/pdf", "content": "%PDF-not base64!"}
    response = api.post(f"{org.api_url}/telephony/config/portDocuments", json=body)
    assert response.status_code == 400
    assert error_code(response) == 25520


def test_upload_empty_content_400(api, org):
    assert upload(api, org, b"").status_code == 400


def test_upload_over_10_mb_400(api, org):
    response = upload(api, org, PDF_BYTES + b"0" * (TEN_MB + 1 - len(PDF_BYTES)))
    assert response.status_code == 400
    assert error_code(response) == 25521


def test_upload_of_exactly_10_mb_is_accepted(api, org):
    response = upload(api, org, PDF_BYTES + b"0" * (TEN_MB - len(PDF_BYTES)))
    assert response.status_code == 201
    assert response.json()["sizeBytes"] == TEN_MB


def test_get_port_document_returns_metadata(api, org):
    created = upload(api, org).json()
    response = api.get(f"{org.api_url}/telephony/config/portDocuments/{created['id']}")
    assert response.status_code == 200
    assert response.json() == created


def test_get_port_document_of_another_org_404(api, org, sandbox: SandboxServer):
    document_id = upload(api, org).json()["id"]
    other = create_activated_org(sandbox.url)
    with other.session() as other_api:
        assert (
            other_api.get(f"{other.api_url}/telephony/config/portDocuments/{document_id}").status_code == 404
        )


def test_upload_with_read_only_token_403(org):
    with org.session(read_only=True) as reader:
        assert upload(reader, org).status_code == 403


# --- delete (our extension: a client removes what it uploaded for an order that was not made) ----


def document_url(org, document_id: str) -> str:
    return f"{org.api_url}/telephony/config/portDocuments/{document_id}"


def order_on(api, org, bill_id: str, **overrides: str) -> dict:
    response = create_order(
        api, org, order_body(org, bill_id, freeze_sandbox_clock(org.base_url).date(), **overrides)
    )
    assert response.status_code == 201, response.text
    order: dict = response.json()
    return order


def test_delete_port_document_returns_204_and_forgets_it(api, org):
    document_id = upload_bill(api, org)
    assert api.delete(document_url(org, document_id)).status_code == 204
    assert api.get(document_url(org, document_id)).status_code == 404


def test_delete_unknown_port_document_404(api, org):
    assert api.delete(document_url(org, "nope")).status_code == 404


def test_delete_port_document_twice_404(api, org):
    document_id = upload_bill(api, org)
    api.delete(document_url(org, document_id))
    assert api.delete(document_url(org, document_id)).status_code == 404


def test_delete_port_document_of_another_org_404(api, org, sandbox: SandboxServer):
    document_id = upload_bill(api, org)
    other = create_activated_org(sandbox.url)
    with other.session() as other_api:
        assert other_api.delete(document_url(other, document_id)).status_code == 404
    assert api.get(document_url(org, document_id)).status_code == 200


def test_delete_bill_of_an_open_order_409(api, org):
    bill_id = upload_bill(api, org)
    order = order_on(api, org, bill_id)
    response = api.delete(document_url(org, bill_id))
    assert response.status_code == 409
    assert order["id"] in response.json()["message"]
    assert api.get(document_url(org, bill_id)).status_code == 200


def test_delete_csr_of_an_open_order_409(api, org):
    csr_id = upload(api, org, PNG_BYTES, fileName="csr.png", mediaType="image/png").json()["id"]
    order_on(api, org, upload_bill(api, org), csrDocumentId=csr_id)
    assert api.delete(document_url(org, csr_id)).status_code == 409


def test_delete_bill_of_a_cancelled_order_204(api, org):
    bill_id = upload_bill(api, org)
    order = order_on(api, org, bill_id)
    api.delete(f"{org.api_url}/telephony/config/portOrders/{order['id']}")
    assert api.delete(document_url(org, bill_id)).status_code == 204


def test_delete_bill_replaced_on_its_order_204(api, org):
    old_bill, new_bill = upload_bill(api, org), upload_bill(api, org)
    order = order_on(api, org, old_bill)
    body = order_body(org, new_bill, sandbox_now(org.base_url).date(), order["phoneNumbers"])
    assert api.put(f"{org.api_url}/telephony/config/portOrders/{order['id']}", json=body).status_code == 200
    assert api.delete(document_url(org, old_bill)).status_code == 204
    assert api.delete(document_url(org, new_bill)).status_code == 409


def test_delete_port_document_with_read_only_token_403(api, org):
    document_id = upload_bill(api, org)
    with org.session(read_only=True) as reader:
        assert reader.delete(document_url(org, document_id)).status_code == 403
    assert api.get(document_url(org, document_id)).status_code == 200


# --- look-up by content (the natural key a client uses after a lost upload reply) ---------------


def documents(api, org, **params: str) -> list[dict]:
    response = api.get(f"{org.api_url}/telephony/config/portDocuments", params=params)
    assert response.status_code == 200, response.text
    found: list[dict] = response.json()["portDocuments"]
    return found


def test_list_port_documents_by_sha256(api, org):
    first = upload_bill(api, org)
    other = upload(api, org, PNG_BYTES, fileName="csr.png", mediaType="image/png").json()["id"]
    found = documents(api, org, sha256=hashlib.sha256(PDF_BYTES).hexdigest())
    assert [d["id"] for d in found] == [first]
    assert {d["id"] for d in documents(api, org)} == {first, other}


def test_list_port_documents_by_customer_reference(api, org):
    upload_bill(api, org)
    mine = upload(api, org, customerReference="bill +14155550100").json()
    assert mine["customerReference"] == "bill +14155550100"
    assert [d["id"] for d in documents(api, org, customerReference="bill +14155550100")] == [mine["id"]]


def test_list_port_documents_shows_the_orders_that_refer_to_them(api, org):
    bill_id = upload_bill(api, org)
    loose = upload_bill(api, org)
    order = order_on(api, org, bill_id)
    found = {d["id"]: d["portOrderIds"] for d in documents(api, org)}
    assert found == {bill_id: [order["id"]], loose: []}
    assert api.get(document_url(org, bill_id)).json()["portOrderIds"] == [order["id"]]


def test_list_port_documents_only_of_the_callers_org(api, org, sandbox: SandboxServer):
    upload_bill(api, org)
    other = create_activated_org(sandbox.url)
    with other.session() as other_api:
        assert documents(other_api, other, sha256=hashlib.sha256(PDF_BYTES).hexdigest()) == []


def test_list_port_documents_pages_with_link_header(api, org):
    ids = [upload_bill(api, org) for _ in range(3)]
    response = api.get(f"{org.api_url}/telephony/config/portDocuments", params={"max": 2})
    assert [d["id"] for d in response.json()["portDocuments"]] == ids[:2]
    assert 'rel="next"' in response.headers["Link"]


def test_upload_with_an_overlong_customer_reference_400(api, org):
    assert upload(api, org, customerReference="x" * 256).status_code == 400
