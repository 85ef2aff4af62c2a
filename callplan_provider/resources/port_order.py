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
  never quote the PIN. The numbers of one order are of one country (check names the others).
- create uploads the documents, stamps the letter of agency (`loa_signed_at`, from the local
  clock; the API tolerates a few minutes of skew) and submits the order. Natural key: the numbers
  (a number is in one open order at a time). An open order with these numbers whose numbers,
  carrier (the PIN aside: it cannot be read) and signer match is taken over (`takeover_fields`):
  what a submission whose reply was lost, and whose look-up failed too, left behind. A submission
  whose reply was lost is looked up by its numbers (the base's recovery), never sent twice.
- Documents carry a `customerReference` naming their role and the order's numbers (a digest), and
  are found by it and their SHA-256 (`document_reference`). Before uploading, the documents of
  this reference that no order refers to (what an earlier attempt left) are reused when their
  content is the file's, deleted otherwise; an upload whose reply was lost is looked up the same
  way, never sent twice. So no attempt leaves a second copy, and a document attached to another
  order is never reused nor deleted. When the order is not made, the documents this create
  uploaded are deleted again (unless the submission's outcome is unknown: the order may hold them).
- read follows the order's progress: `status`, `status_details`, `estimated_completion`,
  `foc_date`, `numbers` (per-number status) are computed outputs, so a moving order never shows
  as a diff; drift in the managed fields does. The PIN is write-only: it is carried over. The
  fingerprints are managed fields, so the base's refreshed inputs keep them (live values): on
  refresh the engine diffs the refreshed outputs against the stored inputs, so an input lost
  there would show as a change on every refresh after the first.
- update PUTs the whole order: carrier details, PIN, documents, LOA and requested date (an order
  in EXCEPTION goes back to SUBMITTED). An unchanged requested date is sent as it is, and the API
  accepts it even once the date has passed. A document replaced by the update is deleted once the
  PUT succeeded (the one the state knew and the one the order had: a retried update also removes
  what its failed attempt replaced); one uploaded for a PUT that failed is deleted at once. A
  document of the new content already on the order (an update retried after its PUT went through)
  is kept, not uploaded again. A completed or cancelled order cannot change.
- delete cancels an open order and deletes its documents (so does the delete of an order
  cancelled elsewhere); a completed one keeps its numbers (in the inventory) and its documents
  (the record of the transfer), and the provider says so. Cancelling within 48 h of the FOC date
  is refused by the API: the delete fails with that reason. A document that cannot be deleted
  because an open order still refers to it is reported as a warning; any other failure to delete
  one fails the operation, so that its retry (the next `pulumi up`) deletes it: nothing is left.
  The cleanup after a failed create is best effort (what it leaves, the next create reuses).

How it fits the shared `Reconciler`: check, diff, read, the outputs, the natural-key look-up and
its take-over rule are the base's; it departs where a port order is not a plain object. It has
no `adopt` input (an open order is taken over only when it is the same transfer); check is
extended to fingerprint the files, and read keeps those fingerprints in the inputs; the PIN is
carried over on read; the documents are cleaned up after a failed create or a replaced document;
delete depends on the order's status; and replacement deletes first.
"""

from __future__ import annotations

import contextlib
import hashlib
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
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
from callplan_provider.numbering import PhoneNumber, PlanNumber, country_of, refuse_numbers
from callplan_provider.resources import config
from callplan_provider.resources.base import (
    CallplanError,
    CallplanResource,
    CountryCode,
    Live,
    Reconciler,
    create_once,
    email_address,
)
from callplan_provider.resources.claims import Key
from callplan_provider.resources.preview import OrgCheck

MAX_DOCUMENT_BYTES = 10 * 1024 * 1024
MAGIC: dict[bytes, PortDocumentMediaType] = {b"%PDF-": "application/pdf", b"\x89PNG\r\n\x1a\n": "image/png"}
TERMINAL = frozenset({"COMPLETED", "CANCELLED"})
BILL_MAX_AGE = timedelta(days=30)  # the API refuses an older bill at submission

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
        unique = sorted(set(numbers))
        countries = {number: country_of(number) for number in unique}
        if len(set(countries.values())) > 1:
            found = "; ".join(f"{country}: {number}" for number, country in countries.items())
            raise ValueError(
                f"the numbers are of several countries ({found}): one order transfers the numbers of "
                "one country, into a location there; declare one PortOrder per country"
            )
        return unique

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
    natural_key = "phone_numbers"
    takeover_fields = ("phone_numbers", "losing_carrier", "loa")
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

    def claimed(self, inputs: Mapping[str, Any]) -> dict[Key, str]:
        numbers = inputs.get("phone_numbers")
        if not isinstance(numbers, list):
            return {}
        return {("port", n): "phone_numbers" for n in numbers if isinstance(n, str)}

    def verify_with_org(self, check: OrgCheck) -> None:
        """What the API refuses at submission: the signer, the bill's age, the numbers."""
        if not (check.creating or any(check.changed(prop) for prop in _ORDER_FIELDS)):
            return
        _verify_signer(check)
        _verify_bill_age(check)
        if check.changed("phone_numbers"):
            _verify_port_numbers(check)

    def create_remote(self, api: CallingPlanApi, args: PortOrderArgs) -> tuple[str, Live]:
        location_id = args.location_id or config.default_location_id()
        with _deleted_on_failure(api) as uploaded:
            bill_id = _upload(api, args.bill_file, "bill", args, uploaded)
            csr_id = _upload(api, args.csr_file, "csr", args, uploaded) if args.csr_file else None
            created = api.port_orders.create(location_id, _wire_order(args, bill_id, csr_id, _now()))
        assert created.id is not None
        return created.id, _live(api, created, {"losing_carrier": args.losing_carrier.model_dump()})

    def find_existing(self, api: CallingPlanApi, args: PortOrderArgs) -> tuple[str, Live] | None:
        location_id = args.location_id or config.default_location_id()
        found = api.port_orders.find_open_by_numbers(location_id, args.phone_numbers)
        if found is None or found.id is None:
            return None
        return found.id, _live(api, found, {"losing_carrier": args.losing_carrier.model_dump()})

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
            bill_id = _document_id(api, args.bill_file, "bill", args, (olds, current), uploaded)
            csr_file = args.csr_file
            csr_id = _document_id(api, csr_file, "csr", args, (olds, current), uploaded) if csr_file else None
            order = _wire_order(args, bill_id, csr_id, _signed_at(current, olds, args))
            updated = api.port_orders.update(id_, order)
        replaced = {*_documents_of(current), *_known_documents(olds)} - set(_documents_of(updated))
        _delete_documents(api, replaced)
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
        _delete_documents(api, {*_documents_of(order), *_known_documents(outputs)})


_ORDER_FIELDS = (
    "phone_numbers",
    "losing_carrier",
    "account_holder",
    "bill_file",
    "bill_date",
    "csr_file",
    "loa",
    "requested_date",
    "location_id",
)


def _verify_signer(check: OrgCheck) -> None:
    loa = check.known("loa")
    owner = check.ask(lambda s: s.plan().account_owner_email)
    if not isinstance(loa, dict) or not owner:
        return
    signer = str(loa.get("signer_email", ""))
    if signer.strip().casefold() != owner.strip().casefold():
        check.fail(
            "loa",
            f"{signer} is not the plan's account owner ({owner}): only the account owner signs the letter "
            "of agency; set loa.signer_email (and signer_name) to theirs",
        )


def _verify_bill_age(check: OrgCheck) -> None:
    given = check.known("bill_date")
    if not isinstance(given, str):
        return
    bill_date = date.fromisoformat(given)
    today = check.ask(lambda s: s.today())
    oldest = today - BILL_MAX_AGE
    if bill_date < oldest:
        check.fail(
            "bill_date",
            f"the bill of {bill_date} is older than {BILL_MAX_AGE.days} days (today is {today} by the API's "
            f"clock; the oldest bill accepted is of {oldest}): give the latest bill and its date",
        )
    elif bill_date > today:
        check.fail("bill_date", f"{bill_date} is in the future (today is {today} by the API's clock)")


def _verify_port_numbers(check: OrgCheck) -> None:
    numbers = check.known("phone_numbers")
    if not isinstance(numbers, list):
        return
    location = check.location_id()
    site = check.ask(lambda s: s.location(location)) if location else None
    before = set(check.olds.get("phone_numbers") or [])
    problems = []
    for number in numbers:
        row = check.ask(lambda s, n=number: s.number(n))
        order = check.ask(lambda s, n=number: s.open_port_order(n))
        if row is not None:
            held = f", {row.owner.described()}" if row.owner else ""
            problems.append(
                f"{number} is already in the organisation ({row.location_name}{held}): a port order "
                "brings numbers from another carrier; remove it"
            )
        elif order is not None and number not in before and sorted(order.phone_numbers) != sorted(numbers):
            # An open order of exactly these numbers is this one's natural key: create takes it over
            # when it is the same transfer (a submission whose reply was lost), else names what differs.
            problems.append(
                f"{number} is in the open port order {order.id}: a number is in one open order; "
                "wait for that order or cancel it first"
            )
        elif site is not None and country_of(number) != site.country:
            problems.append(
                f"{number} is a number of {country_of(number)}, but location {site.name} is in "
                f"{site.country}: port it into a location of {country_of(number)} (location_id)"
            )
    if problems:
        check.fail("phone_numbers", "; ".join(problems))


def _now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


def _signed_at(current: WirePortOrder, olds: Mapping[str, Any], args: PortOrderArgs) -> datetime:
    """The signature time stands while the signer does; a new signer signs anew (now)."""
    old_loa = olds.get("loa") or {}
    old_signer = (old_loa.get("signer_name"), old_loa.get("signer_email"))
    return current.loa.signed_at if old_signer == (args.loa.signer_name, args.loa.signer_email) else _now()


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


def document_reference(which: str, phone_numbers: Iterable[str]) -> str:
    """The `customerReference` of an order's bill or CSR: its role and a digest of the numbers (one
    open order has them), so what an earlier attempt at this order uploaded can be found again."""
    digest = hashlib.sha256(",".join(sorted(phone_numbers)).encode()).hexdigest()[:32]
    return f"callplan port order {which} {digest}"


def _upload(api: CallingPlanApi, path: str, which: str, args: PortOrderArgs, uploaded: list[str]) -> str:
    """The id of a document of the file's content for this order, also appended to `uploaded`:
    one an earlier attempt left (other leftovers are deleted), else a new upload (never two)."""
    try:
        content, media = read_document(path)
    except (ValueError, OSError) as err:
        raise CallplanError(f"cannot upload {path!r}: {err}") from None
    sha256 = hashlib.sha256(content).hexdigest()
    reference = document_reference(which, args.phone_numbers)
    leftovers = [d for d in api.port_documents.list(customer_reference=reference) if not d.port_order_ids]
    reused = next((d.id for d in leftovers if d.sha256 == sha256), None)
    _delete_documents(api, {d.id for d in leftovers} - {reused})
    document_id = reused or create_once(
        lambda: api.port_documents.upload(Path(path).name, media, content, reference).id,
        lambda: api.port_documents.find_unattached(sha256, reference),
    )
    uploaded.append(document_id)
    return document_id


def _document_id(
    api: CallingPlanApi,
    path: str,
    which: str,
    args: PortOrderArgs,
    order: tuple[Mapping[str, Any], WirePortOrder],
    uploaded: list[str],
) -> str:
    """The document already on the order (as the state knows it, `olds`, or as it is now,
    `current`) when it holds the file's content; else an upload."""
    olds, current = order
    sha256 = sha256_of(path)
    if olds.get(f"{which}_document_id") and olds.get(f"{which}_sha256") == sha256:
        return str(olds[f"{which}_document_id"])
    on_order = current.bill_document_id if which == "bill" else current.csr_document_id
    if on_order and _document_sha(api, on_order, None) == sha256:
        return on_order  # a retried update whose PUT went through
    return _upload(api, path, which, args, uploaded)


@contextmanager
def _deleted_on_failure(api: CallingPlanApi) -> Iterator[list[str]]:
    """The ids the block appends (its uploads) are deleted again when the block fails, unless the
    outcome of its last call is unknown (the order may have been made with them). Best effort:
    what is left, the next attempt reuses or deletes (`_upload`)."""
    uploaded: list[str] = []
    try:
        yield uploaded
    except Exception as err:
        if not (isinstance(err, ApiError) and err.is_outcome_unknown):
            with contextlib.suppress(ApiError):
                _delete_documents(api, uploaded)
        raise


def _documents_of(order: WirePortOrder) -> list[str]:
    return [d for d in (order.bill_document_id, order.csr_document_id) if d]


def _known_documents(outputs: Mapping[str, Any]) -> list[str]:
    """The documents the state knows the order by."""
    return [str(outputs[k]) for k in ("bill_document_id", "csr_document_id") if outputs.get(k)]


def _delete_documents(api: CallingPlanApi, document_ids: Iterable[str]) -> None:
    """A document already gone is fine; one an open order still refers to is reported; any other
    failure is raised, so that the operation's retry deletes it."""
    for document_id in sorted(document_ids):
        try:
            api.port_documents.delete(document_id)
        except ApiError as err:
            if err.is_conflict:
                pulumi.log.warn(f"port document {document_id} was left on the server: {err}")
            elif not err.is_not_found:
                raise


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
