"""Port documents over HTTP: `/telephony/config/portDocuments` (PDF or PNG by content, <= 10 MB)."""

from __future__ import annotations

import hashlib

from callplan_provider.sandbox.bootstrap import create_activated_org
from callplan_provider.sandbox.server import SandboxServer
from tests.sandbox.port_order_helpers import PDF_BYTES, PNG_BYTES, b64, error_code, upload

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
