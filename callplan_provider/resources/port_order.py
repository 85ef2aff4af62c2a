"""PortOrder: a transfer of numbers from another carrier (our extension of the API, contract §7).

API: `POST /telephony/config/portDocuments` (the bill, and the optional customer service record),
`POST /telephony/config/locations/{locationId}/portOrders`, `GET|PUT|DELETE
/telephony/config/portOrders/{id}`.

Owns the port order and its documents. Replaced when the numbers or the location change (the old
order is cancelled first: a number can be in one open order only).

- check: numbers E.164 and not toll-free (sorted, duplicates dropped; a list, or one string of
  numbers separated by commas); the PIN, when the account has one, 4-10 letters or digits (a
  carrier that needs it and gets none rejects the order at review: an EXCEPTION naming the
  PIN, fixed by adding it to the program and `pulumi up`); the bill
  (and CSR) file exists and is a PDF or PNG *by content*, at most 10 MB; dates well formed, the
  bill not dated in the future. The 30-day freshness of the bill is the API's rule at create: a
  check that depended on today's date would start failing on every preview a month later. check
  adds `bill_sha256` (and `csr_sha256`) to the inputs: the file is uploaded again when its
  content changes, never when only its path does. Neither the bytes nor the PIN are in state in
  plain text: `losing_carrier` (which holds the PIN) is a secret input and output, and messages
  never quote the PIN.
- create uploads the documents, stamps the letter of agency (`loa_signed_at`, from the local
  clock; the API tolerates a few minutes of skew) and submits the order. A submission whose reply
  was lost is looked up by its numbers, never sent twice. Nothing is left behind: when the order
  is not made, the documents this create uploaded are deleted again.
- read follows the order's progress: `status`, `status_details`, `estimated_completion`,
  `foc_date`, `numbers` (per-number status) are computed outputs, so a moving order never shows
  as a diff; drift in the managed fields does. The PIN is write-only: it is carried over. The
  fingerprints are managed fields, so the base's refreshed inputs keep them (live values): on
  refresh the engine diffs the refreshed outputs against the stored inputs, so an input lost
  there would show as a change on every refresh after the first.
- update PUTs the whole order: carrier details, PIN, documents, LOA and requested date (an order
  in EXCEPTION goes back to SUBMITTED). An unchanged requested date is sent as it is, and the API
  accepts it even once the date has passed. A document replaced by the update is deleted once the
  PUT succeeded; one uploaded for a PUT that failed is deleted at once. A completed or cancelled
  order cannot change.
- delete cancels an open order and deletes its documents (so does the delete of an order
  cancelled elsewhere); a completed one keeps its numbers (in the inventory) and its documents
  (the record of the transfer), and the provider says so. Cancelling within 48 h of the FOC date
  is refused by the API: the delete fails with that reason. Deleting a document is best effort:
  one that cannot go is reported as a warning, never fails the operation.

How it fits the shared `Reconciler`: check, diff, read and the outputs are the base's; it departs
where a port order is not a plain object. It has no natural key to adopt (a number is in one open
order at a time and orders are not taken over), so the lost-reply lookup by numbers lives in
`create_remote`; check is extended to fingerprint the files, and read keeps those fingerprints in
the inputs; the PIN is carried over on read; the documents are cleaned up after a failed create
or a replaced document; delete depends on the order's status; and replacement deletes first.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Annotated, Any, Literal, NotRequired, TypedDict

import pulumi
from pulumi.dynamic import CheckFailure, CheckResult
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    WithJsonSchema,
    field_validator,
)

from callplan_provider.client import CallingPlanApi
from callplan_provider.client.session import ApiError
from callplan_provider.models.locations import Address
from callplan_provider.models.port_orders import (
    AccountHolder,
    LetterOfAgency,
    LosingCarrier,
    PortDocumentMediaType,
)
from callplan_provider.models.port_orders import (
    PortOrder as WirePortOrder,
)
from callplan_provider.numbering import PhoneNumber, PlanNumber, refuse_numbers
from callplan_provider.resources import config
from callplan_provider.resources.base import (
    CallplanError,
    CallplanResource,
    CountryCode,
    Live,
    Reconciler,
    email_address,
)

MAX_DOCUMENT_BYTES = 10 * 1024 * 1024
MAGIC: dict[bytes, PortDocumentMediaType] = {b"%PDF-": "application/pdf", b"\x89PNG\r\n\x1a\n": "image/png"}
TERMINAL = frozenset({"COMPLETED", "CANCELLED"})

# --- documents -----------------------------------------------------------------------------------


def media_type_of(content: bytes) -> PortDocumentMediaType | None:
    """PDF or PNG by the file's first bytes; None for anything else."""
    return next((media for magic, media in MAGIC.items() if content.startswith(magic)), None)


def read_document(path: str) -> tuple[bytes, PortDocumentMediaType]:
    """The file's bytes and media type; ValueError (naming the path, never the content) if unfit.

    A file-system error (a name too long, no permission, an I/O error) is a ValueError too, so check
    blames the property holding the path (`bill_file`, `csr_file`), not whichever comes first.
    """
    try:
        return _read_document(_local_path(path), path)
    except OSError as err:
        raise ValueError(unreadable(path, err)) from None


def _read_document(file: Path, path: str) -> tuple[bytes, PortDocumentMediaType]:
    if not file.is_file():
        raise ValueError(f"{_shown(path)} does not exist or is not a file; give the path of the PDF or PNG")
    if file.stat().st_size > MAX_DOCUMENT_BYTES:
        raise ValueError(f"{_shown(path)} is larger than 10 MB; scan it at a lower resolution")
    content = file.read_bytes()
    media = media_type_of(content)
    if media is None:
        raise ValueError(
            f"{_shown(path)} is not a PDF or PNG by its content (whatever its name); export it as one"
        )
    return content, media


def _local_path(path: str) -> Path:
    """`path` with `~` expanded; ValueError when `~user` names nobody (expanduser's RuntimeError)."""
    try:
        return Path(path).expanduser()
    except RuntimeError:
        raise ValueError(
            f"{_shown(path)}: the home directory of its ~ is unknown; give the full path instead"
        ) from None


def unreadable(path: str, err: OSError) -> str:
    """The reason a document path cannot be used, from the file system's error."""
    problem = err.strerror or type(err).__name__
    return f"{_shown(path)} cannot be read ({problem}); give the path of a readable PDF or PNG"


def _shown(path: str) -> str:
    """The path as quoted in a message; a very long one is cut in the middle."""
    return repr(path if len(path) <= 80 else f"{path[:48]}...{path[-24:]}")


def _document_path(value: str) -> str:
    read_document(value)
    return value


def sha256_of(path: str) -> str:
    return hashlib.sha256(_local_path(path).read_bytes()).hexdigest()


# --- inputs --------------------------------------------------------------------------------------


def _pin(value: str) -> str:
    pin = value.strip()
    if not (pin.isascii() and pin.isalnum() and 4 <= len(pin) <= 10):
        raise ValueError(
            "pin must be 4 to 10 letters or digits (the transfer PIN the losing carrier gave you)"
        )
    return pin


Text = Annotated[str, Field(min_length=1, max_length=255)]
# A list of numbers, or one string of numbers separated by commas (what check turns into a list).
_NUMBERS_SCHEMA = {
    "anyOf": [
        {"type": "array", "items": {"type": "string"}, "minItems": 1},
        {"type": "string", "description": "numbers separated by commas", "minLength": 1},
    ]
}
# pydantic reads a number as a Unix timestamp (bill_date=0 would be 1970-01-01): refuse it.
DateText = Annotated[date, BeforeValidator(refuse_numbers("date", "'2026-11-20'"))]


class LosingCarrierArgs(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: Text = Field(description="the carrier the numbers leave")
    account_number: Text = Field(description="your account number with that carrier")
    pin: Annotated[str, AfterValidator(_pin)] | None = Field(
        default=None, description="the account's transfer PIN, if it has one (secret)", repr=False
    )
    billing_telephone_number: PhoneNumber = Field(description="the account's billing number, E.164")


class ServiceAddressArgs(BaseModel):
    model_config = ConfigDict(extra="forbid")

    address1: Text
    address2: Text | None = None
    city: Text
    state: Text | None = None
    postal_code: Text
    country: CountryCode


class AccountHolderArgs(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: Text = Field(description="the account holder, as on the bill")
    service_address: ServiceAddressArgs = Field(description="the service address, as on the bill")


class LoaArgs(BaseModel):
    model_config = ConfigDict(extra="forbid")

    signer_name: Text
    signer_email: Annotated[str, AfterValidator(email_address)] = Field(
        description="the plan's account owner"
    )


class PortOrderArgs(BaseModel):
    """The inputs of a PortOrder."""

    model_config = ConfigDict(extra="forbid")

    phone_numbers: Annotated[list[PlanNumber], WithJsonSchema(_NUMBERS_SCHEMA)] = Field(
        min_length=1,
        description="the numbers to transfer, E.164, as a list or separated by commas "
        "(changing them replaces the order)",
    )
    losing_carrier: LosingCarrierArgs
    account_holder: AccountHolderArgs
    bill_file: Annotated[str, AfterValidator(_document_path)] = Field(
        description="path of the last bill, a PDF or PNG file"
    )
    bill_date: DateText = Field(
        description="the bill's date (YYYY-MM-DD), within the last 30 days at submission"
    )
    csr_file: Annotated[str, AfterValidator(_document_path)] | None = Field(
        default=None, description="optional customer service record, a PDF or PNG file"
    )
    loa: LoaArgs = Field(description="the letter of agency's signer (the plan's account owner)")
    requested_date: DateText | None = Field(
        default=None, description="the port date you ask for (YYYY-MM-DD)"
    )
    location_id: Annotated[str, Field(min_length=1)] | None = Field(
        default=None, description="default: the configured location; changing it replaces the order"
    )

    @field_validator("phone_numbers", mode="before")
    @classmethod
    def _a_list_of_numbers(cls, numbers: Any) -> Any:
        if isinstance(numbers, str):  # as the set-up guide writes them: "+12125550150, +12125550151"
            numbers = [n.strip() for n in numbers.split(",") if n.strip()]
        if isinstance(numbers, list) and not numbers:
            raise ValueError("give at least one number to transfer, e.g. ['+14155550100']")
        return numbers

    @field_validator("phone_numbers")
    @classmethod
    def _set_of_numbers(cls, numbers: list[str]) -> list[str]:
        return sorted(set(numbers))

    @field_validator("bill_date")
    @classmethod
    def _not_future(cls, bill_date: date) -> date:
        if bill_date > datetime.now(UTC).date():
            raise ValueError(f"bill_date {bill_date} is in the future; give the date printed on the bill")
        return bill_date


# --- the provider --------------------------------------------------------------------------------

FINGERPRINTS = {"bill_file": "bill_sha256", "csr_file": "csr_sha256"}


class PortOrderProvider(Reconciler[PortOrderArgs]):
    kind = "PortOrder"
    args_model = PortOrderArgs
    managed_fields = {
        "phone_numbers": "portOrder.phoneNumbers",
        "losing_carrier": "portOrder.losingCarrier",
        "account_holder": "portOrder.accountHolder",
        "bill_sha256": "portOrder.billDocumentId",
        "bill_date": "portOrder.billDate",
        "csr_sha256": "portOrder.csrDocumentId",
        "loa": "portOrder.loa",
        "requested_date": "portOrder.requestedPortDate",
    }
    replace_fields = ("phone_numbers", "location_id")
    computed_outputs = (
        "status",
        "status_details",
        "estimated_completion",
        "foc_date",
        "numbers",
        "submitted_at",
        "completed_at",
        "bill_sha256",
        "csr_sha256",
        "bill_document_id",
        "csr_document_id",
        "loa_signed_at",
    )
    server_default_fields = ("location_id",)
    delete_before_replace = True

    def check(self, olds: dict[str, Any], news: dict[str, Any]) -> CheckResult:
        """The base's check, plus the content fingerprint of each document (no bytes in state)."""
        result = super().check(olds, news)
        if result.failures:
            return result
        inputs = dict(result.inputs)
        for path_key, sha_key in FINGERPRINTS.items():
            path = inputs.get(path_key)
            inputs.pop(sha_key, None)
            if isinstance(path, str):
                try:
                    inputs[sha_key] = sha256_of(path)
                except OSError as err:
                    return CheckResult(inputs, [CheckFailure(path_key, unreadable(path, err))])
        return CheckResult(inputs, [])

    def create_remote(self, api: CallingPlanApi, args: PortOrderArgs) -> tuple[str, Live]:
        location_id = args.location_id or config.default_location_id()
        with _deleted_on_failure(api) as uploaded:
            bill_id = _upload(api, args.bill_file, uploaded)
            csr_id = _upload(api, args.csr_file, uploaded) if args.csr_file else None
            created = _submit(api, location_id, args, _wire_order(args, bill_id, csr_id, _now()))
        _delete_documents(api, set(uploaded) - set(_documents_of(created)))  # a found order has its own
        assert created.id is not None
        return created.id, _live(api, created, {"losing_carrier": args.losing_carrier.model_dump()})

    def read_remote(self, api: CallingPlanApi, id_: str, outputs: dict[str, Any]) -> Live | None:
        return _live(api, api.port_orders.get(id_), outputs)

    def update_remote(self, api: CallingPlanApi, id_: str, olds: dict[str, Any], args: PortOrderArgs) -> Live:
        current = api.port_orders.get(id_)
        if current.status in TERMINAL:
            raise CallplanError(
                f"port order {id_} is {current.status}: it can no longer change. Undo the edit, or delete "
                "the resource and declare a new order"
            )
        with _deleted_on_failure(api) as uploaded:
            bill_id = _document_id(api, args.bill_file, olds, "bill", uploaded)
            csr_id = _document_id(api, args.csr_file, olds, "csr", uploaded) if args.csr_file else None
            order = _wire_order(args, bill_id, csr_id, _signed_at(current, olds, args))
            updated = api.port_orders.update(id_, order)
        _delete_documents(api, set(_documents_of(current)) - set(_documents_of(updated)))
        return _live(api, updated, {"losing_carrier": args.losing_carrier.model_dump()})

    def delete_remote(self, api: CallingPlanApi, id_: str, outputs: dict[str, Any]) -> None:
        order = api.port_orders.get(id_)  # a 404 means already gone (the base tolerates it)
        if order.status == "COMPLETED":
            numbers = ", ".join(order.phone_numbers)
            pulumi.log.info(
                f"port order {id_} is COMPLETED: nothing to cancel; its numbers ({numbers}) stay in the "
                "location's inventory, its documents stay as the record of the transfer"
            )
            return
        if order.status != "CANCELLED":
            _cancel(api, order)
        _delete_documents(api, _documents_of(order))


def _now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


def _signed_at(current: WirePortOrder, olds: Mapping[str, Any], args: PortOrderArgs) -> datetime:
    """The signature time stands while the signer does; a new signer signs anew (now)."""
    old_loa = olds.get("loa") or {}
    old_signer = (old_loa.get("signer_name"), old_loa.get("signer_email"))
    return current.loa.signed_at if old_signer == (args.loa.signer_name, args.loa.signer_email) else _now()


def _submit(
    api: CallingPlanApi, location_id: str, args: PortOrderArgs, order: WirePortOrder
) -> WirePortOrder:
    """POST the order; after a lost reply, the order made with these numbers (never sent twice)."""
    try:
        return api.port_orders.create(location_id, order)
    except ApiError as err:
        found = (
            api.port_orders.find_open_by_numbers(location_id, args.phone_numbers)
            if err.is_outcome_unknown
            else None
        )
        if found is None:
            raise
        return found  # the reply was lost, the order was made


def _cancel(api: CallingPlanApi, order: WirePortOrder) -> None:
    assert order.id is not None
    try:
        api.port_orders.delete(order.id)
    except ApiError as err:
        if not err.is_conflict:
            raise
        raise CallplanError(
            f"port order {order.id} cannot be cancelled any more: {err.message} (FOC date {order.foc_date}; "
            "cancellation closes 48 hours before it). The numbers will port; keep the resource, "
            "or drop it from the program once the order completes"
        ) from None


def _upload(api: CallingPlanApi, path: str, uploaded: list[str]) -> str:
    """Upload a document; its id, also appended to `uploaded`."""
    try:
        content, media = read_document(path)
    except (ValueError, OSError) as err:
        raise CallplanError(f"cannot upload {path!r}: {err}") from None
    document_id = api.port_documents.upload(Path(path).name, media, content).id
    uploaded.append(document_id)
    return document_id


def _document_id(
    api: CallingPlanApi, path: str, olds: Mapping[str, Any], which: str, uploaded: list[str]
) -> str:
    """The document already on the order when the file is unchanged; else a fresh upload."""
    if olds.get(f"{which}_document_id") and olds.get(f"{which}_sha256") == sha256_of(path):
        return str(olds[f"{which}_document_id"])
    return _upload(api, path, uploaded)


@contextmanager
def _deleted_on_failure(api: CallingPlanApi) -> Iterator[list[str]]:
    """The ids the block appends (its uploads) are deleted again when the block fails."""
    uploaded: list[str] = []
    try:
        yield uploaded
    except Exception:
        _delete_documents(api, uploaded)
        raise


def _documents_of(order: WirePortOrder) -> list[str]:
    return [d for d in (order.bill_document_id, order.csr_document_id) if d]


def _delete_documents(api: CallingPlanApi, document_ids: Iterable[str]) -> None:
    """Best effort: a document already gone is fine; one that cannot go is reported, never raised."""
    for document_id in sorted(document_ids):
        try:
            api.port_documents.delete(document_id)
        except ApiError as err:
            if not err.is_not_found:
                pulumi.log.warn(f"port document {document_id} was left on the server: {err}")


def _wire_order(
    args: PortOrderArgs, bill_document_id: str, csr_document_id: str | None, signed_at: datetime
) -> WirePortOrder:
    carrier = args.losing_carrier
    holder = args.account_holder
    return WirePortOrder(
        phone_numbers=args.phone_numbers,
        losing_carrier=LosingCarrier(
            name=carrier.name,
            account_number=carrier.account_number,
            pin=carrier.pin,
            billing_telephone_number=carrier.billing_telephone_number,
        ),
        account_holder=AccountHolder(
            name=holder.name, service_address=Address(**holder.service_address.model_dump())
        ),
        bill_document_id=bill_document_id,
        bill_date=args.bill_date,
        csr_document_id=csr_document_id,
        loa=LetterOfAgency(
            signer_name=args.loa.signer_name, signer_email=args.loa.signer_email, signed_at=signed_at
        ),
        requested_port_date=args.requested_date,
    )


def _document_sha(api: CallingPlanApi, document_id: str | None, known: Any) -> str | None:
    """The document's fingerprint. A document can only be deleted once its order is closed: then
    the fingerprint last known stands (a closed order cannot change, so a diff would be a dead end)."""
    if not document_id:
        return None
    try:
        return api.port_documents.get(document_id).sha256
    except ApiError as err:
        if not err.is_not_found:
            raise
        return known if isinstance(known, str) else None


def _iso(value: datetime | None) -> str | None:
    return value.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z") if value else None


def _live(api: CallingPlanApi, order: WirePortOrder, previous: Mapping[str, Any]) -> Live:
    """The order in input form plus its progress; the PIN (write-only) comes from `previous`."""
    previous_carrier = previous.get("losing_carrier") or {}
    carrier = order.losing_carrier
    address = order.account_holder.service_address
    return {
        "phone_numbers": sorted(order.phone_numbers),
        "losing_carrier": {
            "name": carrier.name,
            "account_number": carrier.account_number,
            "pin": previous_carrier.get("pin"),
            "billing_telephone_number": carrier.billing_telephone_number,
        },
        "account_holder": {
            "name": order.account_holder.name,
            "service_address": address.model_dump(exclude_none=True),
        },
        "bill_date": order.bill_date.isoformat(),
        "loa": {"signer_name": order.loa.signer_name, "signer_email": order.loa.signer_email},
        "requested_date": order.requested_port_date.isoformat() if order.requested_port_date else None,
        "location_id": order.location_id,
        "status": order.status,
        "status_details": [d.model_dump() for d in order.status_details or []],
        "estimated_completion": (
            order.estimated_completion.model_dump(mode="json") if order.estimated_completion else None
        ),
        "foc_date": order.foc_date.isoformat() if order.foc_date else None,
        "numbers": [n.model_dump() for n in order.numbers or []],
        "submitted_at": _iso(order.submitted_at),
        "completed_at": _iso(order.completed_at),
        "bill_document_id": order.bill_document_id,
        "csr_document_id": order.csr_document_id,
        "bill_sha256": _document_sha(api, order.bill_document_id, previous.get("bill_sha256")),
        "csr_sha256": _document_sha(api, order.csr_document_id, previous.get("csr_sha256")),
        "loa_signed_at": _iso(order.loa.signed_at),
    }


# --- the resource --------------------------------------------------------------------------------


class LosingCarrierInput(TypedDict):
    name: Any
    account_number: Any
    pin: NotRequired[Any]
    billing_telephone_number: Any


class ServiceAddressInput(TypedDict):
    address1: Any
    address2: NotRequired[Any]
    city: Any
    state: NotRequired[Any]
    postal_code: Any
    country: Any


class AccountHolderInput(TypedDict):
    name: Any
    service_address: ServiceAddressInput


class LoaInput(TypedDict):
    signer_name: Any
    signer_email: Any


class PortOrder(CallplanResource, module="callplan", name="PortOrder"):
    """A transfer of numbers from another carrier. See the module docstring."""

    provider_class = PortOrderProvider

    phone_numbers: pulumi.Output[list[str]]
    losing_carrier: pulumi.Output[dict[str, Any]]
    account_holder: pulumi.Output[dict[str, Any]]
    bill_file: pulumi.Output[str]
    bill_date: pulumi.Output[str]
    csr_file: pulumi.Output[str | None]
    loa: pulumi.Output[dict[str, str]]
    requested_date: pulumi.Output[str | None]
    location_id: pulumi.Output[str]
    status: pulumi.Output[
        Literal["SUBMITTED", "IN_REVIEW", "FOC_CONFIRMED", "COMPLETED", "EXCEPTION", "CANCELLED"]
    ]
    status_details: pulumi.Output[list[dict[str, str]]]
    estimated_completion: pulumi.Output[dict[str, str]]
    foc_date: pulumi.Output[str | None]
    numbers: pulumi.Output[list[dict[str, str]]]
    submitted_at: pulumi.Output[str]
    completed_at: pulumi.Output[str | None]
    bill_sha256: pulumi.Output[str]
    csr_sha256: pulumi.Output[str | None]
    bill_document_id: pulumi.Output[str]
    csr_document_id: pulumi.Output[str | None]
    loa_signed_at: pulumi.Output[str]

    def __init__(
        self,
        resource_name: str,
        *,
        phone_numbers: list[str] | str | pulumi.Input[list[str]] | pulumi.Input[str],
        losing_carrier: LosingCarrierInput | pulumi.Input[Mapping[str, Any]],
        account_holder: AccountHolderInput | pulumi.Input[Mapping[str, Any]],
        bill_file: str | pulumi.Input[str],
        bill_date: str | pulumi.Input[str],
        loa: LoaInput | pulumi.Input[Mapping[str, Any]],
        csr_file: str | pulumi.Input[str] | None = None,
        requested_date: str | pulumi.Input[str] | None = None,
        location_id: str | pulumi.Input[str] | None = None,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        inputs = {
            "phone_numbers": phone_numbers,
            "losing_carrier": pulumi.Output.secret(losing_carrier),  # it holds the PIN
            "account_holder": account_holder,
            "bill_file": bill_file,
            "bill_date": bill_date,
            "csr_file": csr_file,
            "loa": loa,
            "requested_date": requested_date,
            "location_id": location_id,
        }
        secret = pulumi.ResourceOptions(additional_secret_outputs=["losing_carrier"])
        super().__init__(resource_name, inputs, pulumi.ResourceOptions.merge(opts, secret))
