"""Port documents and port orders: our extension of the API (Webex has no public port-in API).

Shaped after the carrier port-in APIs (Telnyx, Bandwidth, Twilio):
- `POST /telephony/config/portDocuments` with `PortDocumentUpload` (base64 `content`, PDF or PNG,
  checked by content, at most 10 MB; an optional `customerReference` of the client's choosing) →
  201 `PortDocument` (metadata only; content never returned). `GET /telephony/config/portDocuments`
  (`sha256`, `customerReference`, `max`, `start`) → `PortDocumentList` (wrapper `portDocuments`):
  the natural key a client looks a document up by after a lost reply. `GET
  /telephony/config/portDocuments/{id}` → `PortDocument`, whose `portOrderIds` are the orders that
  refer to it; `DELETE` → 204 (409 while an open order refers to it).
- `POST /telephony/config/locations/{locationId}/portOrders` with `PortOrder.to_write_body()` →
  201 `PortOrder`. `GET /telephony/config/portOrders` (`locationId`, `status`, `max`, `start`) →
  `PortOrderList` (wrapper `portOrders`). `GET|PUT|DELETE /telephony/config/portOrders/{id}`:
  PUT (same body; numbers cannot change, `pin` left out keeps the stored one; an unchanged
  `requestedPortDate` is accepted even once passed) → 200 `PortOrder`, DELETE cancels → 204.

The PIN is write-only: replies carry `losingCarrier.pinProvided` instead.
Lifecycle: SUBMITTED → IN_REVIEW → FOC_CONFIRMED → COMPLETED; EXCEPTION (fixed by PUT, back to
SUBMITTED); CANCELLED. COMPLETED and CANCELLED are terminal.
"""

from __future__ import annotations

from datetime import UTC, date
from typing import Annotated, Any, ClassVar, Literal

from pydantic import AwareDatetime, Field, PlainSerializer

from callplan_provider.models.base import ApiModel
from callplan_provider.models.locations import Address

Timestamp = Annotated[
    AwareDatetime,
    PlainSerializer(
        lambda t: t.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z"), return_type=str
    ),
]  # ISO 8601 UTC with milliseconds and `Z`, as everywhere on the wire
PortDocumentMediaType = Literal["application/pdf", "image/png"]
PortOrderStatus = Literal["SUBMITTED", "IN_REVIEW", "FOC_CONFIRMED", "COMPLETED", "EXCEPTION", "CANCELLED"]
OPEN_PORT_STATUSES: frozenset[str] = frozenset({"SUBMITTED", "IN_REVIEW", "FOC_CONFIRMED", "EXCEPTION"})
PortExceptionCode = Literal[
    "ACCOUNT_NUMBER_MISMATCH", "PIN_INVALID", "PIN_REQUIRED", "NAME_MISMATCH", "NUMBER_NOT_PORTABLE"
]
PortNumberStatus = Literal["PENDING", "PORTED", "NOT_PORTABLE", "CANCELLED"]


class PortDocumentUpload(ApiModel):
    """The upload body; `content` is the file, base64-encoded."""

    file_name: str = Field(min_length=1, max_length=255)
    media_type: PortDocumentMediaType
    content: str = Field(repr=False)
    customer_reference: str | None = Field(default=None, min_length=1, max_length=255)


class PortDocument(ApiModel):
    id: str
    file_name: str
    media_type: PortDocumentMediaType
    size_bytes: int
    sha256: str
    customer_reference: str | None = None
    port_order_ids: list[str] = Field(default_factory=list, description="the orders that refer to it")


class PortDocumentList(ApiModel):
    port_documents: list[PortDocument]


class LosingCarrier(ApiModel):
    """The current carrier's account. `pin` (if the account has one) is sent, never returned;
    replies show `pinProvided`."""

    name: str = Field(min_length=1)
    account_number: str = Field(min_length=1)
    pin: str | None = Field(default=None, repr=False)
    pin_provided: bool | None = None
    billing_telephone_number: str = Field(min_length=1)


class AccountHolder(ApiModel):
    name: str = Field(min_length=1)
    service_address: Address  # as printed on the losing carrier's bill


class LetterOfAgency(ApiModel):
    """The e-signed letter of agency; the signer must be the plan's account owner."""

    signer_name: str = Field(min_length=1)
    signer_email: str = Field(min_length=3)
    signed_at: Timestamp


class StatusDetail(ApiModel):
    code: str
    description: str


class EstimatedCompletion(ApiModel):
    earliest: date
    latest: date


class PortNumber(ApiModel):
    phone_number: str
    status: PortNumberStatus


class PortOrder(ApiModel):
    """A port order; `SERVER_FIELDS` are added by the server, the others make the write body."""

    id: str | None = None
    location_id: str | None = None
    status: PortOrderStatus | None = None
    status_details: list[StatusDetail] | None = None
    phone_numbers: list[str] = Field(min_length=1)
    numbers: list[PortNumber] | None = None
    losing_carrier: LosingCarrier
    account_holder: AccountHolder
    bill_document_id: str
    bill_date: date
    csr_document_id: str | None = None
    loa: LetterOfAgency
    requested_port_date: date | None = None
    submitted_at: Timestamp | None = None
    estimated_completion: EstimatedCompletion | None = None
    foc_date: date | None = None
    completed_at: Timestamp | None = None
    cancelled_at: Timestamp | None = None

    SERVER_FIELDS: ClassVar[frozenset[str]] = frozenset(
        {
            "id",
            "location_id",
            "status",
            "status_details",
            "submitted_at",
            "estimated_completion",
            "foc_date",
            "completed_at",
            "cancelled_at",
            "numbers",
        }
    )

    def to_write_body(self) -> dict[str, Any]:
        """The POST/PUT body: the write fields (PIN included when set), no server-owned field."""
        body = self.to_wire(exclude=set(self.SERVER_FIELDS))
        body["losingCarrier"].pop("pinProvided", None)
        return body


class PortOrderList(ApiModel):
    port_orders: list[PortOrder]
