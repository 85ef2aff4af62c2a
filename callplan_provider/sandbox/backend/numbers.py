"""The number inventory and the extensions of each location.

Rules:
- Numbers are E.164 (`phonenumbers`), of the location's country; toll-free numbers are refused
  everywhere (400). A number belongs to at most one organisation (another org's number is
  "Unavailable", errorCode 8361), is in one location and owned by at most one object; giving it
  to a second owner → 409 (errorCode 8363, top-level 25223). The main number, or an owned number,
  cannot leave the inventory (409). Adding numbers refuses them one by one (`NumbersNotAdded`: a
  400 whose body lists each refused number with its errors) and adds nothing then.
- Extensions: digits only, 2 to 6 digits (the org's internal extension length), unique in a
  location (409), and never a number that reaches an emergency service in the location's country
  (`is_emergency_extension`: libphonenumber's short-number metadata, so 911 is refused in the US
  and 999 in GB, while 101 is an ordinary extension in the US and an emergency number in India),
  nor a service code the country's dial plan reserves beside it (`RESERVED_SERVICE_CODES`).

Interface for the other areas (auto attendants, port orders, people):
`assign_number`, `unassign_number`, `claim_extension`, `release_extension`, `add_to_inventory`,
`is_in_inventory`, `validate_extension(extension, country)` (format and emergency rules only),
`parse_number`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

import phonenumbers
from phonenumbers import NumberParseException, PhoneNumberFormat, PhoneNumberType

from callplan_provider.models.numbers import (
    ExtensionStatus,
    NumberItem,
    NumberLocation,
    NumberOwner,
    NumberState,
    ValidatedNumber,
    ValidateExtensionsResponse,
    ValidateNumbersResponse,
)
from callplan_provider.sandbox.backend.base import BackendBase
from callplan_provider.sandbox.backend.records import (
    KIND_AUTO_ATTENDANT,
    KIND_EXTENSION,
    KIND_NUMBER,
    KIND_PERSON,
    ExtensionRecord,
    LocationRecord,
    NumberRecord,
    PersonRecord,
    extension_key,
    whole,
)
from callplan_provider.sandbox.errors import (
    EmergencyExtension,
    ExtensionInUse,
    InvalidExtension,
    InvalidPhoneNumber,
    MainNumberUndeletable,
    NumberAssigned,
    NumberInUse,
    NumberNotInLocation,
    NumbersNotAdded,
    NumberUnavailable,
    NumberWrongCountry,
    SandboxError,
    TollFreeNotSupported,
)

# Short codes that are no emergency number in libphonenumber's metadata but that a calling plan
# still keeps free in that country: 933 (the E911 address read-back test) and 988 (the suicide
# and crisis lifeline) in North America.
RESERVED_SERVICE_CODES: dict[str, frozenset[str]] = {
    "US": frozenset({"933", "988"}),
    "CA": frozenset({"933", "988"}),
}
EXTENSION_LENGTH = (2, 6)
_DIGITS = re.compile(r"^\d+$")


class NumbersArea(BackendBase):
    # --- numbers ---------------------------------------------------------------------------

    def parse_number(self, number: str) -> tuple[str, bool]:
        """`(E.164, is_toll_free)`, or 400 for something that is not a valid phone number."""
        try:
            parsed = phonenumbers.parse(number.strip(), None if number.strip().startswith("+") else "US")
        except NumberParseException as exc:
            raise InvalidPhoneNumber(number=number) from exc
        if not phonenumbers.is_valid_number(parsed):
            raise InvalidPhoneNumber(number=number)
        e164 = phonenumbers.format_number(parsed, PhoneNumberFormat.E164)
        return e164, phonenumbers.number_type(parsed) == PhoneNumberType.TOLL_FREE

    def require_plan_number(self, number: str) -> str:
        """The E.164 form of a number a calling plan can hold (valid, not toll-free)."""
        e164, toll_free = self.parse_number(number)
        if toll_free:
            raise TollFreeNotSupported(number=e164)
        return e164

    def number_record(self, phone_number: str) -> NumberRecord | None:
        return self.docs.get(NumberRecord, KIND_NUMBER, phone_number)

    def is_in_inventory(self, phone_number: str) -> bool:
        try:
            e164, _ = self.parse_number(phone_number)
        except SandboxError:
            return False
        return self.number_record(e164) is not None

    def add_to_inventory(
        self, location_id: str, phone_numbers: Iterable[str], state: NumberState = "ACTIVE"
    ) -> list[str]:
        """Add numbers to a location, unassigned (active by default); numbers already there are ignored.

        Every number that cannot join (invalid, toll-free, of another country, in another location,
        or held by another organisation) is refused in one `NumbersNotAdded` naming each, and the
        request adds nothing.
        """
        country = whole(self).location_record(location_id).location.address.country
        added: list[str] = []
        refused: list[tuple[str, SandboxError]] = []
        for number in phone_numbers:
            try:
                e164 = self._joining_number(location_id, country, number)
            except SandboxError as error:
                refused.append((number, error))
                continue
            if self.number_record(e164) is None:
                record = NumberRecord(phone_number=e164, location_id=location_id, state=state)
                self.docs.put(KIND_NUMBER, e164, record)
            added.append(e164)
        if refused:
            raise NumbersNotAdded(refused)
        return added

    def _joining_number(self, location_id: str, country: str, number: str) -> str:
        e164 = self.require_plan_number(number)
        if phonenumbers.region_code_for_number(phonenumbers.parse(e164)) != country:
            raise NumberWrongCountry(number=e164, country=country)
        if self.held_by_another_org(e164):
            raise NumberUnavailable(number=e164)
        existing = self.number_record(e164)
        if existing is not None and existing.location_id != location_id:
            raise NumberInUse(number=e164)
        return e164

    def held_by_another_org(self, e164: str) -> bool:
        """Whether another organisation has this number (a number belongs to at most one)."""
        return any(org != self.org_id for org in self.store.orgs_holding(KIND_NUMBER, e164))

    def is_number_held(self, e164: str) -> bool:
        """Whether any organisation, this one included, has this number."""
        return bool(self.store.orgs_holding(KIND_NUMBER, e164))

    def remove_from_inventory(self, location_id: str, phone_numbers: Iterable[str]) -> None:
        whole(self).location_record(location_id)
        main_numbers = whole(self).main_numbers()
        for number in phone_numbers:
            e164, _ = self.parse_number(number)
            record = self.number_record(e164)
            if record is None or record.location_id != location_id:
                raise NumberNotInLocation(number=e164, location_id=location_id)
            if e164 in main_numbers:
                raise MainNumberUndeletable(number=e164)
            if record.owner_id is not None:
                raise NumberAssigned(number=e164, owner_id=record.owner_id)
            self.docs.delete(KIND_NUMBER, e164)

    def assign_number(self, phone_number: str, location_id: str, owner_id: str, owner_type: str) -> str:
        """Give a number of the location's inventory to an owner; 409 when someone else has it."""
        e164 = self.require_plan_number(phone_number)
        record = self.number_record(e164)
        if record is None or record.location_id != location_id:
            raise NumberNotInLocation(number=e164, location_id=location_id)
        if record.owner_id not in (None, owner_id):
            raise NumberInUse(number=e164)
        record.owner_id, record.owner_type = owner_id, owner_type
        self.docs.put(KIND_NUMBER, e164, record)
        return e164

    def unassign_number(self, phone_number: str, owner_id: str) -> None:
        """Return a number to the unassigned pool, if `owner_id` holds it (else nothing happens)."""
        try:
            e164, _ = self.parse_number(phone_number)
        except SandboxError:
            return
        record = self.number_record(e164)
        if record is not None and record.owner_id == owner_id:
            record.owner_id = record.owner_type = None
            self.docs.put(KIND_NUMBER, e164, record)

    # --- extensions ------------------------------------------------------------------------

    def validate_extension(self, extension: str, country: str) -> None:
        """The format rules alone: digits, length (4910), not an emergency number in `country` (4911)."""
        if not _DIGITS.match(extension):
            raise InvalidExtension(extension=extension, reason="only digits are allowed")
        low, high = EXTENSION_LENGTH
        if not low <= len(extension) <= high:
            raise InvalidExtension(extension=extension, reason=f"it must have {low} to {high} digits")
        if is_emergency_extension(extension, country):
            raise EmergencyExtension(extension=extension)

    def location_country(self, location_id: str) -> str:
        """The ISO alpha-2 country of a location (404 for an unknown location)."""
        return whole(self).location_record(location_id).location.address.country.upper()

    def extension_owner(self, location_id: str, extension: str) -> ExtensionRecord | None:
        return self.docs.get(ExtensionRecord, KIND_EXTENSION, extension_key(location_id, extension))

    def claim_extension(self, location_id: str, extension: str, owner_id: str, owner_type: str) -> None:
        self.validate_extension(extension, self.location_country(location_id))
        existing = self.extension_owner(location_id, extension)
        if existing is not None and existing.owner_id != owner_id:
            raise ExtensionInUse(extension=extension, location_id=location_id)
        record = ExtensionRecord(
            location_id=location_id, extension=extension, owner_id=owner_id, owner_type=owner_type
        )
        self.docs.put(KIND_EXTENSION, extension_key(location_id, extension), record)

    def release_extension(self, location_id: str, extension: str, owner_id: str) -> None:
        existing = self.extension_owner(location_id, extension)
        if existing is not None and existing.owner_id == owner_id:
            self.docs.delete(KIND_EXTENSION, extension_key(location_id, extension))

    # --- the inventory as the API shows it -------------------------------------------------

    def list_numbers(
        self,
        *,
        location_id: str | None = None,
        phone_number: str | None = None,
        extension: str | None = None,
        owner_id: str | None = None,
        owner_type: str | None = None,
        available: bool | None = None,
        number_type: str | None = None,
        state: str | None = None,
    ) -> list[NumberItem]:
        rows = self._inventory_rows()
        wanted_number = _normalise_query_number(phone_number)
        checks: list[tuple[Any, Any]] = [
            (location_id, lambda r: r.location is not None and r.location.id == location_id),
            (wanted_number, lambda r: r.phone_number == wanted_number),
            (extension, lambda r: r.extension == extension),
            (owner_id, lambda r: r.owner is not None and r.owner.id == owner_id),
            (owner_type, lambda r: r.owner is not None and r.owner.type == owner_type),
            (state, lambda r: r.state == state),
        ]
        for value, keep in checks:
            if value:
                rows = [r for r in rows if keep(r)]
        if available is not None:
            rows = [r for r in rows if r.phone_number and (r.owner is None) == available]
        if number_type == "NUMBER":
            rows = [r for r in rows if r.phone_number]
        elif number_type == "EXTENSION":
            rows = [r for r in rows if not r.phone_number]
        return rows

    def _inventory_rows(self) -> list[NumberItem]:
        locations = {r.location.id: r for r in self.docs.list(LocationRecord, "location")}
        numbers = self.docs.list(NumberRecord, KIND_NUMBER)
        extensions = self.docs.list(ExtensionRecord, KIND_EXTENSION)
        extension_of = {(e.owner_id, e.location_id): e.extension for e in extensions}
        with_number = {(n.owner_id, n.location_id) for n in numbers if n.owner_id}
        main_numbers = whole(self).main_numbers()
        alternates = {
            a.phone_number for r in self.docs.list(PersonRecord, KIND_PERSON) for a in r.alternate_numbers
        }
        rows = []
        for n in numbers:
            ext = extension_of.get((n.owner_id, n.location_id)) if n.owner_id else None
            owner = self._owner(n.owner_id, n.owner_type) if n.owner_id and n.owner_type else None
            rows.append(
                self._row(
                    locations[n.location_id],
                    n.phone_number,
                    ext,
                    n.state,
                    n.phone_number in main_numbers,
                    owner,
                    "ALTERNATE" if n.phone_number in alternates else "PRIMARY",
                )
            )
        for e in extensions:
            if (e.owner_id, e.location_id) not in with_number:
                owner = self._owner(e.owner_id, e.owner_type)
                rows.append(self._row(locations[e.location_id], None, e.extension, None, False, owner))
        return rows

    @staticmethod
    def _row(
        location: LocationRecord,
        phone_number: str | None,
        extension: str | None,
        state: NumberState | None,
        main: bool,
        owner: NumberOwner | None,
        number_type: str = "PRIMARY",
    ) -> NumberItem:
        prefix = location.calling.routing_prefix
        return NumberItem(
            phone_number=phone_number,
            extension=extension,
            routing_prefix=prefix,
            esn=f"{prefix}{extension}" if prefix and extension else extension,
            state=state or "ACTIVE",  # an extension-only row is an active line, as Webex lists it
            phone_number_type=number_type,
            main_number=main,
            toll_free_number=False,
            is_service_number=False,
            included_telephony_types="PSTN_NUMBER",
            location=NumberLocation(id=location.location.id, name=location.location.name),
            owner=owner,
        )

    def _owner(self, owner_id: str, owner_type: str) -> NumberOwner:
        if owner_type == "PEOPLE":
            person = self.docs.get(PersonRecord, KIND_PERSON, owner_id)
            if person is not None:
                p = person.person
                return NumberOwner(
                    id=owner_id,
                    type=owner_type,
                    first_name=p.first_name,
                    last_name=p.last_name,
                    display_name=p.display_name,
                )
        elif owner_type == "AUTO_ATTENDANT":
            body = self.store.get(self.org_id, KIND_AUTO_ATTENDANT, owner_id) or {}
            name = body.get("name")
            return NumberOwner(id=owner_id, type=owner_type, first_name=name, display_name=name)
        return NumberOwner(id=owner_id, type=owner_type)

    # --- validation endpoints --------------------------------------------------------------

    def validate_numbers(self, phone_numbers: list[str]) -> ValidateNumbersResponse:
        seen: set[str] = set()
        results = [self._validate_number(n, seen) for n in phone_numbers]
        status = "OK" if all(r.state == "Available" for r in results) else "ERRORS"
        return ValidateNumbersResponse(status=status, phone_numbers=results)

    def _validate_number(self, number: str, seen: set[str]) -> ValidatedNumber:
        try:
            e164, toll_free = self.parse_number(number)
        except SandboxError:
            return ValidatedNumber(
                phone_number=number, state="Invalid", detail=[f"[Error 8362] DN is invalid : {number}"]
            )
        if e164 in seen:
            return ValidatedNumber(
                phone_number=e164,
                state="Duplicate In List",
                detail=[f"[Error 8360] Duplicate DN in the request : {e164}"],
            )
        seen.add(e164)
        if toll_free:
            return ValidatedNumber(
                phone_number=e164,
                state="Unavailable",
                toll_free_number=True,
                detail=[f"[Error 8361] DN is unavailable : {e164} (toll-free numbers are not supported)"],
            )
        if self.held_by_another_org(e164):
            return ValidatedNumber(
                phone_number=e164, state="Unavailable", detail=[NumberUnavailable(number=e164).description]
            )
        if self.number_record(e164) is not None:
            return ValidatedNumber(
                phone_number=e164, state="Duplicate", detail=[f"[Error 8363] DN is in use : {e164}"]
            )
        return ValidatedNumber(phone_number=e164, state="Available")

    def validate_extensions(self, location_id: str, extensions: list[str]) -> ValidateExtensionsResponse:
        country = self.location_country(location_id)
        seen: set[str] = set()
        results = []
        for ext in extensions:
            results.append(self._validate_extension(location_id, country, ext, seen))
            seen.add(ext)
        status = "OK" if all(r.state == "VALID" for r in results) else "ERRORS"
        return ValidateExtensionsResponse(status=status, extension_status=results)

    def _validate_extension(
        self, location_id: str, country: str, extension: str, seen: set[str]
    ) -> ExtensionStatus:
        try:
            self.validate_extension(extension, country)
        except SandboxError as exc:
            return ExtensionStatus(
                extension=extension, state="INVALID", error_code=exc.error_code, message=exc.description
            )
        if extension in seen:
            return ExtensionStatus(
                extension=extension,
                state="DUPLICATE_IN_LIST",
                error_code=9498,
                message="[Error 9498] Duplicate in list",
            )
        if self.extension_owner(location_id, extension) is not None:
            error = ExtensionInUse(extension=extension, location_id=location_id)
            return ExtensionStatus(
                extension=extension, state="DUPLICATE", error_code=error.error_code, message=error.description
            )
        return ExtensionStatus(extension=extension, state="VALID")


def is_emergency_extension(extension: str, country: str) -> bool:
    """Whether dialling `extension` in `country` (ISO alpha-2) reaches an emergency service.

    An exact match against libphonenumber's emergency short numbers of the country (US: 911,
    112; GB: 999, 112; IN: 100, 101, 102, 108, 112; AU: 000, 112; DE: 110, 112; FR: 15, 17, 18,
    112; ...), plus the country's `RESERVED_SERVICE_CODES`. An unknown country has no metadata,
    so only its reserved codes apply.
    """
    region = country.upper()
    return phonenumbers.is_emergency_number(extension, region) or extension in RESERVED_SERVICE_CODES.get(
        region, frozenset()
    )


def _normalise_query_number(value: str | None) -> str | None:
    """`phoneNumber` filters arrive with their `+` decoded to a space when the client forgot to escape it."""
    if not value:
        return None
    value = value.strip()
    return value if value.startswith("+") else f"+{value}"
