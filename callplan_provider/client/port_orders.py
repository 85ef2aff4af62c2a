"""Client of port documents and port orders (our extension of the API; contract section 7).

- `PortDocumentsApi` (`/telephony/config/portDocuments`): `upload(file_name, media_type, content,
  customer_reference=)` sends the bytes base64-encoded and returns the metadata (`id`, `sha256`,
  `portOrderIds`, ...); `list(sha256=, customer_reference=)`; `find_unattached(sha256,
  customer_reference)`, the natural-key lookup after an upload of unknown outcome (a document no
  order refers to yet); `get(id)`; `delete(id)` (409 while an open order refers to the document).
  Document content is never logged or kept.
- `PortOrdersApi`: `create(location_id, order)` (`POST /telephony/config/locations/{id}/portOrders`),
  `list(location_id=, status=)`, `get` / `update` (PUT, returns the order) / `delete` (cancels)
  under `/telephony/config/portOrders/{id}`; `find_open_by_numbers` is the natural-key lookup used
  after a POST of unknown outcome (a number can be in one open order only).
Wire models from `callplan_provider.models.port_orders`.
"""

from __future__ import annotations

import base64
from collections.abc import Iterable, Iterator

from callplan_provider.client.session import ApiChild
from callplan_provider.models.port_orders import (
    OPEN_PORT_STATUSES,
    PortDocument,
    PortDocumentMediaType,
    PortDocumentUpload,
    PortOrder,
    PortOrderStatus,
)


class PortDocumentsApi(ApiChild, base="telephony/config/portDocuments"):
    def upload(
        self,
        file_name: str,
        media_type: PortDocumentMediaType,
        content: bytes,
        customer_reference: str | None = None,
    ) -> PortDocument:
        upload = PortDocumentUpload(
            file_name=file_name,
            media_type=media_type,
            content=base64.b64encode(content).decode("ascii"),
            customer_reference=customer_reference,
        )
        return PortDocument.model_validate(self.session.post(self.ep(), json=upload.to_wire()))

    def list(
        self, *, sha256: str | None = None, customer_reference: str | None = None
    ) -> Iterator[PortDocument]:
        params = {"sha256": sha256, "customerReference": customer_reference}
        for item in self.session.follow_pagination(self.ep(), params=params, item_key="portDocuments"):
            yield PortDocument.model_validate(item)

    def find_unattached(self, sha256: str, customer_reference: str) -> PortDocument | None:
        """A document of this content and reference that no order refers to yet, if any."""
        found = self.list(sha256=sha256, customer_reference=customer_reference)
        return next((d for d in found if not d.port_order_ids), None)

    def get(self, document_id: str) -> PortDocument:
        return PortDocument.model_validate(self.session.get(self.ep(document_id)))

    def delete(self, document_id: str) -> None:
        """Remove a document no open order refers to (409 otherwise)."""
        self.session.delete(self.ep(document_id))


class PortOrdersApi(ApiChild, base="telephony/config"):
    def list(
        self, *, location_id: str | None = None, status: PortOrderStatus | None = None
    ) -> Iterator[PortOrder]:
        params = {"locationId": location_id, "status": status}
        for item in self.session.follow_pagination(
            self.ep("portOrders"), params=params, item_key="portOrders"
        ):
            yield PortOrder.model_validate(item)

    def find_open_by_numbers(self, location_id: str, phone_numbers: Iterable[str]) -> PortOrder | None:
        """The open order of the location carrying exactly these numbers, if any."""
        wanted = sorted(phone_numbers)
        for order in self.list(location_id=location_id):
            if order.status in OPEN_PORT_STATUSES and sorted(order.phone_numbers) == wanted:
                return order
        return None

    def get(self, order_id: str) -> PortOrder:
        return PortOrder.model_validate(self.session.get(self.ep("portOrders", order_id)))

    def create(self, location_id: str, order: PortOrder) -> PortOrder:
        url = self.ep("locations", location_id, "portOrders")
        return PortOrder.model_validate(self.session.post(url, json=order.to_write_body()))

    def update(self, order_id: str, order: PortOrder) -> PortOrder:
        """PUT the write fields; a `None` PIN keeps the stored one."""
        body = self.session.put(self.ep("portOrders", order_id), json=order.to_write_body())
        return PortOrder.model_validate(body) if body else self.get(order_id)

    def delete(self, order_id: str) -> None:
        """Cancel the order (409 within 48 h of the FOC date and on completed orders)."""
        self.session.delete(self.ep("portOrders", order_id))
