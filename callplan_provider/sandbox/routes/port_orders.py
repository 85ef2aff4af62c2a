"""Port documents and port orders, our extension of the API (rules in `backend/port_orders.py`).

- `POST /telephony/config/portDocuments` → 201 metadata; `GET /telephony/config/portDocuments`
  (`sha256`, `customerReference`, `max`, `start`) → `{"portDocuments": [...]}`, paged by a `Link`
  header; `GET .../portDocuments/{documentId}`;
  `DELETE .../portDocuments/{documentId}` → 204 (409 while an open order refers to it).
- `POST /telephony/config/locations/{locationId}/portOrders` → 201 with the order.
- `GET /telephony/config/portOrders` (`locationId`, `status`, `max`, `start`) →
  `{"portOrders": [...]}`, paged by a `Link` header.
- `GET|PUT /telephony/config/portOrders/{portOrderId}` → 200 with the order;
  `DELETE` cancels → 204.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, Request, Response

from callplan_provider.models.port_orders import (
    PortDocument,
    PortDocumentList,
    PortDocumentUpload,
    PortOrder,
    PortOrderList,
    PortOrderStatus,
)
from callplan_provider.sandbox.app import org_backend
from callplan_provider.sandbox.backend import OrgBackend
from callplan_provider.sandbox.routes.paging import Page, page_params, paginate

router = APIRouter(tags=["port orders (sandbox extension)"])
Backend = Annotated[OrgBackend, Depends(org_backend)]
Paging = Annotated[Page, Depends(page_params)]
LocationId = Annotated[str, Path(alias="locationId")]
PortOrderId = Annotated[str, Path(alias="portOrderId")]
DocumentId = Annotated[str, Path(alias="documentId")]
ONE = "/telephony/config/portOrders/{portOrderId}"


@router.post("/telephony/config/portDocuments", status_code=201)
async def create_port_document(backend: Backend, body: PortDocumentUpload) -> PortDocument:
    return backend.create_port_document(body)


@router.get("/telephony/config/portDocuments")
async def list_port_documents(
    request: Request,
    response: Response,
    backend: Backend,
    page: Paging,
    sha256: Annotated[str | None, Query(description="the content's SHA-256, hex")] = None,
    customer_reference: Annotated[str | None, Query(alias="customerReference")] = None,
) -> PortDocumentList:
    found = backend.list_port_documents(sha256=sha256, customer_reference=customer_reference)
    return PortDocumentList(
        port_documents=paginate(request, response, found, page, default_max=100, max_cap=1000)
    )


@router.get("/telephony/config/portDocuments/{documentId}")
async def get_port_document(backend: Backend, document_id: DocumentId) -> PortDocument:
    return backend.get_port_document(document_id)


@router.delete("/telephony/config/portDocuments/{documentId}", status_code=204)
async def delete_port_document(backend: Backend, document_id: DocumentId) -> Response:
    backend.delete_port_document(document_id)
    return Response(status_code=204)


@router.post(
    "/telephony/config/locations/{locationId}/portOrders", status_code=201, response_model_exclude_none=True
)
async def create_port_order(backend: Backend, location_id: LocationId, body: PortOrder) -> PortOrder:
    return backend.create_port_order(location_id, body)


@router.get("/telephony/config/portOrders", response_model_exclude_none=True)
async def list_port_orders(
    request: Request,
    response: Response,
    backend: Backend,
    page: Paging,
    location_id: Annotated[str | None, Query(alias="locationId")] = None,
    status: PortOrderStatus | None = None,
) -> PortOrderList:
    found = backend.list_port_orders(location_id=location_id, status=status)
    return PortOrderList(port_orders=paginate(request, response, found, page, default_max=100, max_cap=1000))


@router.get(ONE, response_model_exclude_none=True)
async def get_port_order(backend: Backend, order_id: PortOrderId) -> PortOrder:
    return backend.get_port_order(order_id)


@router.put(ONE, response_model_exclude_none=True)
async def update_port_order(backend: Backend, order_id: PortOrderId, body: PortOrder) -> PortOrder:
    return backend.update_port_order(order_id, body)


@router.delete(ONE, status_code=204)
async def cancel_port_order(backend: Backend, order_id: PortOrderId) -> Response:
    backend.cancel_port_order(order_id)
    return Response(status_code=204)
