"""The sandbox's control plane: organisations, activation codes, tokens and the clock.

- Buying a plan (`create_org`) creates the organisation with its first location (its address is
  the location's emergency service address), its account owner (a person), its add-ons and its
  seeded numbers (each belongs to one organisation: a number another org holds is refused), and
  mails a 6-digit activation code (also returned). Activating with that code (`activate`) makes
  the owner active and issues the owner's admin token and a read-only token; a wrong code or a
  second activation is refused. After `ACTIVATION_ATTEMPTS` wrong codes the org's activation is
  locked for `ACTIVATION_LOCK` of the sandbox clock (423 with `Retry-After`, even for the right
  code), so the code cannot be guessed.
- Editing the plan: `set_license_count(org_id, n)`. The mailbox: `mail()`, `accept_invitation()`.
- Tokens are stored only as SHA-256 hashes (`GLOBAL/token/<hash>` → org id + scope), so the
  database never holds a usable token. Activation codes are hashed the same way.
- Partners: `create_partner()` buys and activates the partner's own organisation and makes it a
  partner (`GLOBAL/partner/<org id>` → the customer orgs it administers, `attach_org()` /
  `detach_org()`). Its admin token acts in a customer org when a request names it with the `orgId`
  query parameter (`backend_for(grant, org_id)`); without it, in the partner's own org; an `orgId`
  the token does not administer is refused (403) whoever asks, so it tells nothing of that org.
- The clock lives in the store's meta (`clock`): `now()` is the real UTC time plus an offset, or
  a frozen instant. Advancing it moves the offset (or the frozen instant); after each move every
  organisation's backend gets `on_clock_advanced()` when it defines one (port orders).

Interface used by `app.py`: `resolve_token(token) -> Grant | None`, `backend_for(grant, org_id)`, `now()`.
"""

from __future__ import annotations

import hashlib
import logging
import math
import random
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, Literal

import phonenumbers
from phonenumbers import PhoneNumberFormat, PhoneNumberType
from phonenumbers.timezone import time_zones_for_number
from pydantic import BaseModel, ConfigDict, Field

from callplan_provider.models.base import ApiModel
from callplan_provider.models.locations import Address
from callplan_provider.models.organizations import AddOn, License, Tier
from callplan_provider.sandbox.backend import OrgBackend
from callplan_provider.sandbox.backend.mail import Mail, find_mail, mailbox
from callplan_provider.sandbox.backend.records import INDEXES
from callplan_provider.sandbox.clock import calendar_for
from callplan_provider.sandbox.errors import (
    ActivationLocked,
    AlreadyActivated,
    BadRequest,
    InvalidActivationCode,
    NotAPartner,
    NotFound,
    OrgNotAdministered,
    PartnerOwnOrg,
    UnknownInvitation,
)
from callplan_provider.sandbox.ids import iso_z, webex_id
from callplan_provider.sandbox.store import GLOBAL, Store

Scope = Literal["admin", "read"]

_log = logging.getLogger(__name__)
_CLOCK_KEY = "clock"
ACTIVATION_ATTEMPTS = 5
ACTIVATION_LOCK = timedelta(minutes=15)


@dataclass(frozen=True)
class Grant:
    org_id: str
    scope: Scope


class PurchaseRequest(ApiModel):
    """`POST /_sandbox/orgs`: what a buyer fills in on the purchase page."""

    # A control body: a misspelt field is a 400, not ignored (`address` is a wire model: tolerant).
    model_config = ConfigDict(extra="forbid")

    country: str = "US"
    tier: Tier = "BUSINESS"
    licenses: int = Field(default=10, ge=1, le=10_000)
    owner_email: str = "owner@example.com"
    owner_first_name: str = "Account"
    owner_last_name: str = "Owner"
    display_name: str = "Sandbox Org"
    location_name: str = "Main Office"
    time_zone: str | None = None
    address: Address | None = None
    numbers: list[str] = Field(default_factory=list)
    add_ons: list[AddOn] = Field(default_factory=list)


class Purchase(ApiModel):
    """The reply to a purchase: the activation code is what the buyer receives by e-mail."""

    org_id: str
    activation_code: str
    location_id: str
    owner_email: str
    owner_id: str
    numbers: list[str]
    main_number: str | None = None


class Activation(ApiModel):
    org_id: str
    access_token: str
    read_only_token: str
    token_type: str = "Bearer"


class PartnerRequest(ApiModel):
    """`POST /_sandbox/partners`: a partner organisation and its administrator."""

    model_config = ConfigDict(extra="forbid")

    display_name: str = "Sandbox Partner"
    owner_email: str = "partner-admin@example.com"
    org_ids: list[str] = Field(default_factory=list)


class Partner(ApiModel):
    """A partner organisation, the customer orgs it administers and (when made) its admin's token."""

    org_id: str
    org_ids: list[str]
    access_token: str | None = None


class ClockState(ApiModel):
    now: str
    frozen: bool
    offset_seconds: float


class _OrgEntry(BaseModel):
    """The control plane's record of an organisation (global, not org-scoped)."""

    org_id: str
    code_hash: str
    activated: bool = False
    wrong_codes: int = 0
    locked_until: datetime | None = None


class _PartnerEntry(BaseModel):
    org_id: str
    administers: list[str] = []


class _TokenEntry(BaseModel):
    org_id: str
    scope: Scope


class _Clock(BaseModel):
    offset_seconds: float = 0.0
    frozen_at: datetime | None = None


def secret_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


class Control:
    def __init__(self, store: Store) -> None:
        self.store = store
        for kind, keys_of in INDEXES.items():
            store.index(kind, keys_of)

    # --- clock -----------------------------------------------------------------------------

    def _clock(self) -> _Clock:
        raw = self.store.get_meta(_CLOCK_KEY)
        return _Clock.model_validate_json(raw) if raw else _Clock()

    def _set_clock(self, clock: _Clock) -> None:
        self.store.set_meta(_CLOCK_KEY, clock.model_dump_json())

    def now(self) -> datetime:
        clock = self._clock()
        if clock.frozen_at is not None:
            return clock.frozen_at.astimezone(UTC)
        return datetime.now(UTC) + timedelta(seconds=clock.offset_seconds)

    def clock_state(self) -> ClockState:
        clock = self._clock()
        return ClockState(
            now=iso_z(self.now()), frozen=clock.frozen_at is not None, offset_seconds=clock.offset_seconds
        )

    def advance_clock(
        self, *, days: float = 0, hours: float = 0, business_days: int = 0, country: str = "US"
    ) -> None:
        """Move the clock forward; business days follow `country`'s calendar, keeping the time of day."""
        if days < 0 or hours < 0 or business_days < 0:
            raise BadRequest(reason="the clock only moves forward")
        start = self.now()
        target = start + timedelta(days=days, hours=hours)
        if business_days:
            target = calendar_for(country).add_business_days_at(target, business_days)
        self._shift_clock(target - start)

    def set_clock(self, *, frozen: bool, at: datetime | None = None) -> None:
        """Freeze the clock (at `at`, or now) or let it run again from where it stands."""
        current = self.now()
        if frozen:
            moment = (at or current).astimezone(UTC)
            self._set_clock(_Clock(offset_seconds=self._clock().offset_seconds, frozen_at=moment))
        else:
            target = at.astimezone(UTC) if at else current
            self._set_clock(_Clock(offset_seconds=(target - datetime.now(UTC)).total_seconds()))
        self._notify_clock()

    def reset_clock(self) -> None:
        """Back to real UTC time, running (nothing moves: lifecycles never go backwards)."""
        self._set_clock(_Clock())

    def _shift_clock(self, delta: timedelta) -> None:
        clock = self._clock()
        if clock.frozen_at is not None:
            clock.frozen_at = clock.frozen_at + delta
        else:
            clock.offset_seconds += delta.total_seconds()
        self._set_clock(clock)
        self._notify_clock()

    def _notify_clock(self) -> None:
        for entry in self._orgs():
            hook = getattr(self._backend(entry.org_id), "on_clock_advanced", None)
            if callable(hook):
                hook()

    # --- organisations ---------------------------------------------------------------------

    def _orgs(self) -> list[_OrgEntry]:
        return [_OrgEntry.model_validate(b) for b in self.store.list(GLOBAL, "org")]

    def _org_entry(self, org_id: str) -> _OrgEntry:
        body = self.store.get(GLOBAL, "org", org_id)
        if body is None:
            raise NotFound(kind="organization", id=org_id)
        return _OrgEntry.model_validate(body)

    def _backend(self, org_id: str) -> OrgBackend:
        return OrgBackend(self.store, org_id, self.now)

    def create_org(self, request: PurchaseRequest) -> Purchase:
        """Buy a plan: the org, its first location, its owner and numbers; returns the activation code."""
        org_id = webex_id("ORGANIZATION")
        code = f"{secrets.randbelow(1_000_000):06d}"
        self.store.put(
            GLOBAL,
            "org",
            org_id,
            _OrgEntry(org_id=org_id, code_hash=secret_hash(code)).model_dump(mode="json"),
        )
        backend = self._backend(org_id)
        seeded = self._furnish(backend, request)
        # The activation e-mail (the code is single-use; the service keeps only its hash).
        backend.mail_activation_code(request.owner_email, code)
        _log.info(
            "e-mail to %s: the activation code of organization %s is %s", request.owner_email, org_id, code
        )
        return Purchase(org_id=org_id, activation_code=code, **seeded)

    def _furnish(self, backend: OrgBackend, request: PurchaseRequest) -> dict[str, Any]:
        """What a purchase comes with: the plan, a first location, the owner, the numbers."""
        country = request.country.upper()
        if request.address is not None and request.address.country.upper() != country:
            raise BadRequest(
                reason=f"the address is in {request.address.country.upper()}, the plan in {country}: "
                "the first location's address must be in the plan's country"
            )
        backend.create_organization(
            display_name=request.display_name,
            tier=request.tier,
            country=country,
            owner_email=request.owner_email,
            license_count=request.licenses,
            add_ons=request.add_ons,
        )
        location = backend.create_location(
            name=request.location_name,
            time_zone=request.time_zone or default_time_zone(country),
            address=request.address or default_address(country),
        )
        assert location.id is not None
        owner = backend.create_account_owner(
            email=request.owner_email, first_name=request.owner_first_name, last_name=request.owner_last_name
        )
        numbers = backend.add_to_inventory(location.id, request.numbers)
        main_number = None
        if request.licenses >= 2:  # a plan of two or more licences comes with one free main number
            main_number = free_number(location.address.country, taken=backend.is_number_held)
            backend.add_to_inventory(location.id, [main_number])
            backend.set_main_number(location.id, main_number)
        return {
            "location_id": location.id,
            "owner_email": request.owner_email,
            "owner_id": owner.id,
            "numbers": numbers,
            "main_number": main_number,
        }

    def activate(self, org_id: str, code: str) -> Activation:
        entry = self._org_entry(org_id)
        if entry.activated:
            raise AlreadyActivated(org_id=org_id)
        self._require_activation_unlocked(entry)
        if not secrets.compare_digest(secret_hash(code), entry.code_hash):
            self._refuse_wrong_code(entry)
        entry.activated = True
        self.store.put(GLOBAL, "org", org_id, entry.model_dump(mode="json"))
        self._backend(org_id).activate_account_owner()
        return Activation(
            org_id=org_id,
            access_token=self.issue_token(org_id, "admin"),
            read_only_token=self.issue_token(org_id, "read"),
        )

    def _require_activation_unlocked(self, entry: _OrgEntry) -> None:
        if entry.locked_until is None:
            return
        left = (entry.locked_until - self.now()).total_seconds()
        if left > 0:
            raise ActivationLocked(
                org_id=entry.org_id, attempts=entry.wrong_codes, retry_after=math.ceil(left)
            )
        entry.locked_until, entry.wrong_codes = None, 0

    def _refuse_wrong_code(self, entry: _OrgEntry) -> None:
        """Refuse a wrong code and remember it (the refusal keeps this change); the last allowed one locks."""
        entry.wrong_codes += 1
        if entry.wrong_codes >= ACTIVATION_ATTEMPTS:
            entry.locked_until = self.now() + ACTIVATION_LOCK
        self.store.put(GLOBAL, "org", entry.org_id, entry.model_dump(mode="json"))
        raise InvalidActivationCode(org_id=entry.org_id, left=max(ACTIVATION_ATTEMPTS - entry.wrong_codes, 0))

    def issue_token(self, org_id: str, scope: Scope) -> str:
        token = f"sbx_{scope}_{secrets.token_urlsafe(32)}"
        self.store.put(
            GLOBAL, "token", secret_hash(token), _TokenEntry(org_id=org_id, scope=scope).model_dump()
        )
        return token

    def resolve_token(self, token: str) -> Grant | None:
        if not token:
            return None
        body = self.store.get(GLOBAL, "token", secret_hash(token))
        if body is None:
            return None
        entry = _TokenEntry.model_validate(body)
        return Grant(org_id=entry.org_id, scope=entry.scope)

    def backend_for(self, grant: Grant, org_id: str | None = None) -> OrgBackend:
        """The org a request acts in: `org_id` (the `orgId` parameter) when the token administers it."""
        if org_id in (None, "", grant.org_id):
            return self._backend(grant.org_id)
        if org_id not in self._administered_by(grant.org_id):
            raise OrgNotAdministered(org_id=org_id)
        return self._backend(org_id)

    def _administered_by(self, org_id: str) -> list[str]:
        """The customer organisations a partner organisation's tokens may act in (none for others)."""
        body = self.store.get(GLOBAL, "partner", org_id)
        return _PartnerEntry.model_validate(body).administers if body else []

    # --- partners ----------------------------------------------------------------------------

    def create_partner(self, request: PartnerRequest) -> Partner:
        """A partner organisation (bought and activated like any other) administering `org_ids`."""
        purchase = self.create_org(
            PurchaseRequest(display_name=request.display_name, owner_email=request.owner_email, licenses=1)
        )
        activation = self.activate(purchase.org_id, purchase.activation_code)
        self.store.put(GLOBAL, "partner", purchase.org_id, _PartnerEntry(org_id=purchase.org_id).model_dump())
        for org_id in request.org_ids:
            self.attach_org(purchase.org_id, org_id)
        return self.partner(purchase.org_id).model_copy(update={"access_token": activation.access_token})

    def partner(self, partner_id: str) -> Partner:
        entry = self._partner_entry(partner_id)
        return Partner(org_id=entry.org_id, org_ids=entry.administers)

    def attach_org(self, partner_id: str, org_id: str) -> Partner:
        entry = self._partner_entry(partner_id)
        if org_id == partner_id:
            raise PartnerOwnOrg(org_id=org_id)
        self._org_entry(org_id)
        if org_id not in entry.administers:
            entry.administers.append(org_id)
            self.store.put(GLOBAL, "partner", partner_id, entry.model_dump())
        return self.partner(partner_id)

    def detach_org(self, partner_id: str, org_id: str) -> Partner:
        entry = self._partner_entry(partner_id)
        entry.administers = [o for o in entry.administers if o != org_id]
        self.store.put(GLOBAL, "partner", partner_id, entry.model_dump())
        return self.partner(partner_id)

    def _partner_entry(self, partner_id: str) -> _PartnerEntry:
        body = self.store.get(GLOBAL, "partner", partner_id)
        if body is None:
            raise NotAPartner(org_id=partner_id)
        return _PartnerEntry.model_validate(body)

    def org_ids(self) -> list[str]:
        return [e.org_id for e in self._orgs()]

    # --- the plan and the mailbox ----------------------------------------------------------

    def set_license_count(self, org_id: str, count: int) -> License:
        backend = self._backend(self._org_entry(org_id).org_id)
        backend.set_license_count(count)
        return backend.licenses()[0]

    def mail(self, *, to: str | None = None, org_id: str | None = None) -> list[Mail]:
        return mailbox(self.store, to=to, org_id=org_id)

    def accept_invitation(self, invitation_id: str) -> None:
        """Follow an invitation's link (`invitation_id` is the invitation mail's id)."""
        mail = find_mail(self.store, invitation_id)
        if mail is None or mail.topic != "invitation" or mail.person_id is None:
            raise UnknownInvitation(id=invitation_id)
        self._backend(mail.org_id).accept_invitation(mail.person_id)

    def reset(self) -> None:
        """Forget every organisation, token and clock setting."""
        self.store.reset()


def default_address(country: str) -> Address:
    if country == "US":
        return Address(
            address1="100 Main Street", city="San Jose", state="CA", postal_code="95134", country="US"
        )
    return Address(address1="1 High Street", city="Capital", postal_code="10000", country=country)


def default_time_zone(country: str) -> str:
    if country == "US":
        return "America/Los_Angeles"  # the default address is in San Jose
    example = phonenumbers.example_number_for_type(country, PhoneNumberType.FIXED_LINE)
    zones = [z for z in time_zones_for_number(example) if "/" in z] if example else []
    return zones[0] if zones else "Etc/UTC"


def free_number(country: str, taken: Callable[[str], bool]) -> str:
    """A valid fixed-line number of `country` that no organisation holds (the plan's free main number)."""
    example = phonenumbers.example_number_for_type(country, PhoneNumberType.FIXED_LINE)
    if example is None:
        raise BadRequest(reason=f"no phone numbers are known for country {country}")
    national = str(example.national_number)
    rng = random.Random()
    for _ in range(1000):
        candidate = phonenumbers.parse(f"+{example.country_code}{national[:-4]}{rng.randrange(10_000):04d}")
        e164 = phonenumbers.format_number(candidate, PhoneNumberFormat.E164)
        if phonenumbers.is_valid_number(candidate) and not taken(e164):
            return e164
    raise BadRequest(reason=f"could not find a free number in {country}")
