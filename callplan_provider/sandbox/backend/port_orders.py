"""Port documents and port orders of an organisation (our extension: Webex has no port-in API).

Documents: PDF or PNG, recognised by their first bytes (`%PDF-`, `\\x89PNG\\r\\n\\x1a\\n`), never by
name; the declared `mediaType` must match; at most 10 MB; valid base64. Only the metadata is kept
(size, SHA-256 and the client's optional `customerReference`): the bytes are never stored nor
returned. Every document shows `portOrderIds`, the orders that refer to it (as bill or CSR), and
the list filters by `sha256` and `customerReference`: a client whose upload reply was lost finds
its document by content instead of uploading a second copy. DELETE removes a document (so a client
leaves nothing behind when its order fails): refused with 409 while an open order refers to it;
a document of a completed or cancelled order can go.

Orders, on creation (and again on each PUT):
- `phoneNumbers`: valid E.164 of the location's country, not toll-free, no duplicates, not already
  in the organisation's inventory (409), not another organisation's (400, errorCode 8361), not in
  another open order of the organisation (409);
- `losingCarrier`: name, account number, billing telephone number (E.164) and, if the account has
  one, its PIN of 4 to 10 letters or digits (a PUT without `pin` keeps the stored one). The PIN is
  stored as a salted scrypt hash and never returned: replies carry `pinProvided`. A carrier that
  needs the PIN (`carrier_needs_pin`: a mobile carrier) rejects an order without one at review;
- `billDocumentId` (and `csrDocumentId`, optional): documents of this organisation (400 otherwise);
  `billDate` within the last 30 days of the sandbox clock;
- `loa.signerEmail` must be the plan's account owner (400); `loa.signedAt` not in the future,
  with `CLOCK_SKEW` (5 minutes) of tolerance: the client stamps it from its own clock;
- `requestedPortDate`: a future business day of the location's country. A PUT that leaves it as
  it is is not held to this again: once the date has passed, the order can still be corrected.

Lifecycle (`TRANSITIONS`, in business days of the location's country from `submittedAt`):
SUBMITTED → IN_REVIEW after 1 → FOC_CONFIRMED after 3, when `focDate` is set to submission + 7
business days, or the requested date when later → COMPLETED at the start (00:00 UTC) of the FOC
date: the numbers join the location's inventory, active and unassigned (a number another
organisation took meanwhile stops the order at EXCEPTION, NUMBER_NOT_PORTABLE). `estimatedCompletion` is
submission + 7 and + 10 business days (never before the requested date). Progress is computed
from the sandbox clock whenever orders are read, listed, or the clock moves.

EXCEPTION: set by `/_sandbox/portOrders/{id}/exception`, or by the carrier's review (at the
IN_REVIEW step) when the account number starts with `MISMATCH` (ACCOUNT_NUMBER_MISMATCH) or when a
carrier that needs the PIN got none (PIN_REQUIRED). A PUT fixes it: the order goes back to
SUBMITTED with a new `submittedAt`. Any PUT that changes something resubmits the same way; the
numbers can never change (400: a new order is needed).
Cancelling (DELETE) sets CANCELLED (terminal; again is a no-op); refused with 409 on COMPLETED
orders and from 48 hours before the FOC date on; PUT is refused in the same cases.
Each change of status is mailed to the account owner (the sandbox's mailbox).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import re
import secrets
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import phonenumbers
from pydantic import BaseModel

from callplan_provider.models.port_orders import (
    OPEN_PORT_STATUSES,
    EstimatedCompletion,
    PortDocument,
    PortDocumentUpload,
    PortExceptionCode,
    PortNumber,
    PortOrder,
    PortOrderStatus,
    StatusDetail,
)
from callplan_provider.sandbox.backend.base import BackendBase
from callplan_provider.sandbox.backend.records import whole
from callplan_provider.sandbox.clock import BusinessCalendar, calendar_for, start_of_day
from callplan_provider.sandbox.errors import (
    BadRequest,
    BillTooOld,
    Conflict,
    InvalidPortDocument,
    InvalidPortOrder,
    InvalidPortPin,
    LoaSignerNotAccountOwner,
    NumberUnavailable,
    NumberWrongCountry,
    PortDocumentTooLarge,
    PortNumberInOpenOrder,
    PortNumberInOrganization,
    PortNumbersCannotChange,
    PortOrderClosed,
    PortOrderNearFoc,
    UnknownPortDocument,
)
from callplan_provider.sandbox.ids import webex_id
from callplan_provider.sandbox.store import GLOBAL, Store

KIND_PORT_DOCUMENT = "port_document"
KIND_PORT_ORDER = "port_order"
KIND_PORT_ORDER_INDEX = "port_order_org"  # GLOBAL: order id → org id, for the admin controls

MAX_DOCUMENT_BYTES = 10 * 1024 * 1024
MAGIC_BYTES = {"application/pdf": b"%PDF-", "image/png": b"\x89PNG\r\n\x1a\n"}
PIN_FORMAT = re.compile(r"^[A-Za-z0-9]{4,10}$")
BILL_MAX_AGE = timedelta(days=30)
FREEZE_BEFORE_FOC = timedelta(hours=48)
CLOCK_SKEW = timedelta(minutes=5)  # how far ahead of the server a client's clock may be (loa.signedAt)
EARLIEST_BUSINESS_DAYS = 7
LATEST_BUSINESS_DAYS = 10
MISMATCH_PREFIX = "MISMATCH"  # an account number that the losing carrier will not recognise
# Mobile carriers ask for the account's port-out PIN; a name with one of these words is one.
PIN_CARRIER_WORDS = ("wireless", "mobile", "mobility", "cellular")

EXCEPTION_DESCRIPTIONS: dict[str, str] = {
    "ACCOUNT_NUMBER_MISMATCH": "The account number does not match the losing carrier's records.",
    "PIN_INVALID": "The losing carrier refused the PIN.",
    "NAME_MISMATCH": "The account holder's name does not match the losing carrier's records.",
    "NUMBER_NOT_PORTABLE": "The losing carrier reports a number as not portable.",
    "PIN_REQUIRED": (
        "The losing carrier requires the account's port-out PIN: add losingCarrier.pin and resubmit."
    ),
}


class StoredPortOrder(BaseModel):
    """The order as the client sees it, plus what only the sandbox knows."""

    order: PortOrder  # `losingCarrier.pin` always None here
    pin_salt: str  # both empty when the order has no PIN
    pin_hash: str
    country: str  # the location's, for its business days


@dataclass(frozen=True)
class Transition:
    """`source` becomes `target` at `due(order, calendar)`, if nothing else happened first."""

    source: PortOrderStatus
    target: PortOrderStatus
    due: Callable[[PortOrder, BusinessCalendar], datetime]


def _after_submission(business_days: int) -> Callable[[PortOrder, BusinessCalendar], datetime]:
    def due(order: PortOrder, calendar: BusinessCalendar) -> datetime:
        assert order.submitted_at is not None
        return calendar.add_business_days_at(order.submitted_at, business_days)

    return due


def _start_of_foc_date(order: PortOrder, calendar: BusinessCalendar) -> datetime:
    assert order.foc_date is not None and order.submitted_at is not None
    return start_of_day(order.foc_date, order.submitted_at)


TRANSITIONS: tuple[Transition, ...] = (
    Transition("SUBMITTED", "IN_REVIEW", _after_submission(1)),
    Transition("IN_REVIEW", "FOC_CONFIRMED", _after_submission(3)),
    Transition("FOC_CONFIRMED", "COMPLETED", _start_of_foc_date),
)
_NEXT: dict[str, Transition] = {t.source: t for t in TRANSITIONS}
_STEPS: list[str] = [*(t.source for t in TRANSITIONS), TRANSITIONS[-1].target]


def _next_transition(order: PortOrder) -> Transition | None:
    return _NEXT.get(order.status) if order.status else None


def hash_pin(pin: str, salt: bytes) -> str:
    """Salted scrypt. A PIN of at most 10 characters cannot resist a determined search whatever the
    cost; the hash keeps it out of the database in plain text, at a cost that keeps tests fast."""
    return hashlib.scrypt(pin.encode(), salt=salt, n=2**12, r=8, p=1, dklen=32).hex()


def carrier_needs_pin(carrier_name: str) -> bool:
    """Whether the losing carrier asks for the account's PIN (mobile carriers do)."""
    words = re.split(r"[^a-z]+", carrier_name.casefold())
    return any(word in PIN_CARRIER_WORDS for word in words)


def port_order_org(store: Store, order_id: str) -> str | None:
    """The org an order belongs to (for the admin controls, which no token scopes)."""
    body = store.get(GLOBAL, KIND_PORT_ORDER_INDEX, order_id)
    return str(body["org_id"]) if body else None


def sniff_media_type(content: bytes) -> str | None:
    return next((media for media, magic in MAGIC_BYTES.items() if content.startswith(magic)), None)


class PortOrdersArea(BackendBase):
    # --- documents ---------------------------------------------------------------------------

    def create_port_document(self, upload: PortDocumentUpload) -> PortDocument:
        content = _decode_document(upload.content)
        detected = sniff_media_type(content)
        if detected is None:
            raise InvalidPortDocument(reason="the content is neither a PDF nor a PNG file")
        if detected != upload.media_type:
            raise InvalidPortDocument(reason=f"the content is {detected}, not {upload.media_type}")
        document = PortDocument(
            id=webex_id("PORT_DOCUMENT"),
            file_name=upload.file_name,
            media_type=upload.media_type,
            size_bytes=len(content),
            sha256=hashlib.sha256(content).hexdigest(),
            customer_reference=upload.customer_reference,
        )
        self.docs.put(KIND_PORT_DOCUMENT, document.id, document)
        return document

    def get_port_document(self, document_id: str) -> PortDocument:
        document = self.docs.require(PortDocument, KIND_PORT_DOCUMENT, document_id, label="port document")
        return self._with_port_orders(document, self._port_orders_by_document())

    def list_port_documents(
        self, *, sha256: str | None = None, customer_reference: str | None = None
    ) -> list[PortDocument]:
        """The organisation's documents, oldest first, filtered by content and reference."""
        users = self._port_orders_by_document()
        return [
            self._with_port_orders(d, users)
            for d in self.docs.list(PortDocument, KIND_PORT_DOCUMENT)
            if (sha256 is None or d.sha256 == sha256.lower())
            and (customer_reference is None or d.customer_reference == customer_reference)
        ]

    def _port_orders_by_document(self) -> dict[str, list[str]]:
        """document id → the ids of the orders that refer to it."""
        users: dict[str, list[str]] = {}
        for stored in self.docs.list(StoredPortOrder, KIND_PORT_ORDER):
            order = stored.order
            assert order.id is not None
            for document_id in dict.fromkeys([order.bill_document_id, order.csr_document_id]):
                if document_id:
                    users.setdefault(document_id, []).append(order.id)
        return users

    @staticmethod
    def _with_port_orders(document: PortDocument, users: dict[str, list[str]]) -> PortDocument:
        return document.model_copy(update={"port_order_ids": users.get(document.id, [])})

    def delete_port_document(self, document_id: str) -> None:
        """Remove a document: 404 when unknown (or another org's), 409 while an open order uses it."""
        self.docs.require(PortDocument, KIND_PORT_DOCUMENT, document_id, label="port document")
        for stored in self.docs.list(StoredPortOrder, KIND_PORT_ORDER):
            order = self._progressed_port_order(stored).order
            if order.status in OPEN_PORT_STATUSES and document_id in (
                order.bill_document_id,
                order.csr_document_id,
            ):
                raise Conflict(
                    reason=f"port document {document_id} belongs to open port order {order.id}; "
                    "replace it on the order, or cancel the order, first"
                )
        self.docs.delete(KIND_PORT_DOCUMENT, document_id)

    # --- orders ------------------------------------------------------------------------------

    def create_port_order(self, location_id: str, request: PortOrder) -> PortOrder:
        country = whole(self).location_record(location_id).location.address.country
        numbers = self._check_port_numbers(request.phone_numbers, country)
        order = PortOrder.model_validate(request.to_write_body()).model_copy(
            update={"id": webex_id("PORT_ORDER"), "location_id": location_id, "phone_numbers": numbers}
        )
        assert order.id is not None
        stored = StoredPortOrder(order=order, pin_salt="", pin_hash="", country=country)
        self._check_port_details(stored, previous=None)
        self._set_port_pin(stored, request.losing_carrier.pin)
        self._submit_port_order(stored)
        self.store.put(GLOBAL, KIND_PORT_ORDER_INDEX, order.id, {"org_id": self.org_id})
        self._save_port_order(stored)
        return stored.order

    def get_port_order(self, order_id: str) -> PortOrder:
        return self._progressed_port_order(self._require_port_order(order_id)).order

    def list_port_orders(self, location_id: str | None = None, status: str | None = None) -> list[PortOrder]:
        orders = [
            self._progressed_port_order(s).order for s in self.docs.list(StoredPortOrder, KIND_PORT_ORDER)
        ]
        return [
            o
            for o in orders
            if (location_id is None or o.location_id == location_id)
            and (status is None or o.status == status)
        ]

    def update_port_order(self, order_id: str, request: PortOrder) -> PortOrder:
        """Correct an order (carrier details, PIN, documents, LOA, requested date); resubmits it."""
        stored = self._progressed_port_order(self._require_port_order(order_id))
        self._require_port_changeable(stored)
        current = stored.order
        if self._port_number_set(request.phone_numbers) != set(current.phone_numbers):
            raise PortNumbersCannotChange()
        new_pin = request.losing_carrier.pin
        written = PortOrder.model_validate(request.to_write_body())
        written.phone_numbers = current.phone_numbers
        written.losing_carrier.pin = None
        written.losing_carrier.pin_provided = current.losing_carrier.pin_provided
        changed = written.to_write_body() != current.to_write_body() or (
            new_pin is not None and not self._port_pin_matches(stored, new_pin)
        )
        if not changed and current.status != "EXCEPTION":
            return current
        candidate = stored.model_copy(
            update={
                "order": written.model_copy(update={"id": current.id, "location_id": current.location_id})
            }
        )
        self._check_port_details(candidate, previous=current)
        if new_pin is not None:
            self._set_port_pin(candidate, new_pin)
        self._submit_port_order(candidate)
        self._save_port_order(candidate)
        return candidate.order

    def cancel_port_order(self, order_id: str) -> None:
        stored = self._progressed_port_order(self._require_port_order(order_id))
        if stored.order.status == "CANCELLED":
            return
        self._require_port_changeable(stored)
        order = stored.order
        order.status = "CANCELLED"
        order.status_details = []
        order.cancelled_at = self.now()
        order.numbers = [PortNumber(phone_number=n, status="CANCELLED") for n in order.phone_numbers]
        self._mail_port_status(order, order.cancelled_at)
        self._save_port_order(stored)

    # --- sandbox controls --------------------------------------------------------------------

    def raise_port_exception(
        self, order_id: str, code: PortExceptionCode, phone_numbers: list[str] | None = None
    ) -> PortOrder:
        """The losing carrier rejects the order (`/_sandbox/portOrders/{id}/exception`)."""
        stored = self._progressed_port_order(self._require_port_order(order_id))
        if stored.order.status not in OPEN_PORT_STATUSES:
            raise PortOrderClosed(order_id=order_id, status=stored.order.status)
        self._port_exception(stored.order, code, phone_numbers)
        self._mail_port_status(stored.order, self.now())
        self._save_port_order(stored)
        return stored.order

    def advance_port_order(self, order_id: str, to: PortOrderStatus | None = None) -> PortOrder:
        """Run the next transition (or every one up to `to`) now, whatever the clock says."""
        stored = self._progressed_port_order(self._require_port_order(order_id))
        status = stored.order.status or ""
        ahead = _STEPS[_STEPS.index(status) + 1 :] if status in _STEPS else []
        if not ahead or (to is not None and to not in ahead):
            raise BadRequest(reason=f"a {status} order cannot move to {to or 'a next step'}")
        now = self.now()
        while (step := _next_transition(stored.order)) is not None:
            if step.target == "COMPLETED" and stored.order.foc_date and stored.order.foc_date > now.date():
                stored.order.foc_date = now.date()
            self._enter_port_status(stored, step.target, now)
            if stored.order.status in (to or step.target, "EXCEPTION"):
                break
        self._save_port_order(stored)
        return stored.order

    def on_clock_advanced(self) -> None:
        """The sandbox clock moved: bring every order up to date (numbers may join the inventory)."""
        for stored in self.docs.list(StoredPortOrder, KIND_PORT_ORDER):
            self._progressed_port_order(stored)

    # --- lifecycle ---------------------------------------------------------------------------

    def _submit_port_order(self, stored: StoredPortOrder) -> None:
        order = stored.order
        calendar = calendar_for(stored.country)
        now = self.now()
        earliest = calendar.add_business_days(now.date(), EARLIEST_BUSINESS_DAYS)
        latest = calendar.add_business_days(now.date(), LATEST_BUSINESS_DAYS)
        requested = order.requested_port_date
        order.status = "SUBMITTED"
        order.status_details = []
        order.submitted_at = now
        order.estimated_completion = EstimatedCompletion(
            earliest=max(earliest, requested or earliest), latest=max(latest, requested or latest)
        )
        order.foc_date = None
        order.completed_at = None
        order.numbers = [PortNumber(phone_number=n, status="PENDING") for n in order.phone_numbers]
        self._mail_port_status(order, now)

    def _progressed_port_order(self, stored: StoredPortOrder) -> StoredPortOrder:
        """Apply every transition that fell due on the sandbox clock; saves when something moved."""
        calendar = calendar_for(stored.country)
        now = self.now()
        moved = False
        while (step := _next_transition(stored.order)) is not None:
            due = step.due(stored.order, calendar)
            if due > now:
                break
            self._enter_port_status(stored, step.target, due)
            moved = True
        if moved:
            self._save_port_order(stored)
        return stored

    def _enter_port_status(self, stored: StoredPortOrder, status: PortOrderStatus, at: datetime) -> None:
        order = stored.order
        refusal = self._carrier_refusal(stored) if status == "IN_REVIEW" else None
        taken = (
            [n for n in order.phone_numbers if whole(self).held_by_another_org(n)]
            if status == "COMPLETED"
            else []
        )
        if refusal is not None:
            self._port_exception(order, refusal, None)
        elif taken:
            self._port_exception(order, "NUMBER_NOT_PORTABLE", taken)
        else:
            order.status = status
            if status == "FOC_CONFIRMED":
                order.foc_date = self._port_foc_date(stored)
            elif status == "COMPLETED":
                self._complete_port_order(order, at)
        self._mail_port_status(order, at)

    @staticmethod
    def _carrier_refusal(stored: StoredPortOrder) -> PortExceptionCode | None:
        """Why the losing carrier rejects the order at review, if it does."""
        carrier = stored.order.losing_carrier
        if carrier.account_number.upper().startswith(MISMATCH_PREFIX):
            return "ACCOUNT_NUMBER_MISMATCH"
        if not stored.pin_hash and carrier_needs_pin(carrier.name):
            return "PIN_REQUIRED"
        return None

    def _mail_port_status(self, order: PortOrder, at: datetime) -> None:
        """Tell the account owner where the order stands."""
        whole(self).mail_port_order_update(whole(self).account_owner_email(), order, at)

    def _port_foc_date(self, stored: StoredPortOrder) -> date:
        order = stored.order
        assert order.submitted_at is not None
        calendar = calendar_for(stored.country)
        earliest = calendar.add_business_days(order.submitted_at.date(), EARLIEST_BUSINESS_DAYS)
        requested = order.requested_port_date
        return calendar.next_business_day(requested) if requested and requested > earliest else earliest

    def _complete_port_order(self, order: PortOrder, at: datetime) -> None:
        assert order.location_id is not None
        numbers = whole(self)
        joining = [n for n in order.phone_numbers if not numbers.is_in_inventory(n)]
        numbers.add_to_inventory(order.location_id, joining)
        order.completed_at = at
        order.numbers = [PortNumber(phone_number=n, status="PORTED") for n in order.phone_numbers]

    @staticmethod
    def _port_exception(order: PortOrder, code: PortExceptionCode, phone_numbers: list[str] | None) -> None:
        order.status = "EXCEPTION"
        order.status_details = [StatusDetail(code=code, description=EXCEPTION_DESCRIPTIONS[code])]
        if code == "NUMBER_NOT_PORTABLE":
            refused = set(phone_numbers or order.phone_numbers[:1])
            order.numbers = [
                PortNumber(phone_number=n, status="NOT_PORTABLE" if n in refused else "PENDING")
                for n in order.phone_numbers
            ]

    # --- rules -------------------------------------------------------------------------------

    def _check_port_numbers(self, phone_numbers: list[str], country: str) -> list[str]:
        numbers = whole(self)
        result: list[str] = []
        open_orders = {
            n: s.order.id
            for s in self.docs.list(StoredPortOrder, KIND_PORT_ORDER)
            if self._progressed_port_order(s).order.status in OPEN_PORT_STATUSES
            for n in s.order.phone_numbers
        }
        for raw in phone_numbers:
            e164 = numbers.require_plan_number(raw)
            if phonenumbers.region_code_for_number(phonenumbers.parse(e164)) != country:
                raise NumberWrongCountry(number=e164, country=country)
            if e164 in result:
                raise InvalidPortOrder(reason=f"{e164} appears more than once in phoneNumbers")
            if numbers.is_in_inventory(e164):
                raise PortNumberInOrganization(number=e164)
            if numbers.held_by_another_org(e164):
                raise NumberUnavailable(number=e164)
            if e164 in open_orders:
                raise PortNumberInOpenOrder(number=e164, order_id=open_orders[e164])
            result.append(e164)
        return result

    def _check_port_details(self, stored: StoredPortOrder, previous: PortOrder | None) -> None:
        """The rules of a submission; `previous` is the order a PUT corrects (None on creation)."""
        order = stored.order
        now = self.now()
        order.losing_carrier.billing_telephone_number = whole(self).parse_number(
            order.losing_carrier.billing_telephone_number
        )[0]
        self._require_port_document(order.bill_document_id)
        if order.csr_document_id is not None:
            self._require_port_document(order.csr_document_id)
        oldest = (now - BILL_MAX_AGE).date()
        if not oldest <= order.bill_date <= now.date():
            raise BillTooOld(bill_date=order.bill_date, oldest=oldest, today=now.date())
        if order.loa.signer_email.strip().casefold() != whole(self).account_owner_email().casefold():
            raise LoaSignerNotAccountOwner()
        if order.loa.signed_at > now + CLOCK_SKEW:
            raise InvalidPortOrder(
                reason=f"loa.signedAt is in the future (server time {now.isoformat(timespec='seconds')})"
            )
        requested = order.requested_port_date
        unchanged = previous is not None and requested == previous.requested_port_date
        if requested is not None and not unchanged:
            calendar = calendar_for(stored.country)
            if requested <= now.date() or not calendar.is_business_day(requested):
                raise InvalidPortOrder(
                    reason=f"requestedPortDate {requested} must be a future business day in {stored.country}"
                )

    def _port_number_set(self, phone_numbers: Iterable[str]) -> set[str]:
        return {whole(self).parse_number(n)[0] for n in phone_numbers}

    def _require_port_document(self, document_id: str) -> None:
        if self.docs.get(PortDocument, KIND_PORT_DOCUMENT, document_id) is None:
            raise UnknownPortDocument(id=document_id)

    def _require_port_changeable(self, stored: StoredPortOrder) -> None:
        order = stored.order
        assert order.id is not None
        if order.status not in OPEN_PORT_STATUSES:
            raise PortOrderClosed(order_id=order.id, status=order.status)
        if order.foc_date is not None and order.submitted_at is not None:
            freeze = start_of_day(order.foc_date, order.submitted_at) - FREEZE_BEFORE_FOC
            if self.now() >= freeze:
                raise PortOrderNearFoc(order_id=order.id, foc_date=order.foc_date)

    def _set_port_pin(self, stored: StoredPortOrder, pin: str | None) -> None:
        """Keep the PIN's hash; `None` (an account without a PIN) keeps none."""
        stored.order.losing_carrier.pin = None
        stored.order.losing_carrier.pin_provided = pin is not None
        if pin is None:
            return
        if not PIN_FORMAT.match(pin):
            raise InvalidPortPin()
        salt = secrets.token_bytes(16)
        stored.pin_salt = salt.hex()
        stored.pin_hash = hash_pin(pin, salt)
        stored.order.losing_carrier.pin = None
        stored.order.losing_carrier.pin_provided = True

    @staticmethod
    def _port_pin_matches(stored: StoredPortOrder, pin: str) -> bool:
        if not stored.pin_hash:
            return False
        return hmac.compare_digest(hash_pin(pin, bytes.fromhex(stored.pin_salt)), stored.pin_hash)

    # --- storage -----------------------------------------------------------------------------

    def _require_port_order(self, order_id: str) -> StoredPortOrder:
        return self.docs.require(StoredPortOrder, KIND_PORT_ORDER, order_id, label="port order")

    def _save_port_order(self, stored: StoredPortOrder) -> None:
        assert stored.order.id is not None
        self.docs.put(KIND_PORT_ORDER, stored.order.id, stored)


def _decode_document(content: str) -> bytes:
    compact = "".join(content.split())
    if len(compact) * 3 // 4 > MAX_DOCUMENT_BYTES + 2:
        raise PortDocumentTooLarge(size=len(compact) * 3 // 4, limit=MAX_DOCUMENT_BYTES)
    try:
        data = base64.b64decode(compact, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise InvalidPortDocument(reason="content is not valid base64") from exc
    if len(data) > MAX_DOCUMENT_BYTES:
        raise PortDocumentTooLarge(size=len(data), limit=MAX_DOCUMENT_BYTES)
    if not data:
        raise InvalidPortDocument(reason="the document is empty")
    return data
