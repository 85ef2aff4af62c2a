"""Locations, their emergency address and their calling details (the main number).

- A location's country must have calling plans (`require_plan_country`); its name has 1 to 80
  characters and is unique in the organisation (409); its time zone is an IANA zone.
- The address is the emergency service address (ESA): every number of the location inherits it.
- `PUT /locations/{id}` is partial; an `address`, when given, replaces the whole address (so
  `address2` can be cleared), needs the same fields as at creation, and keeps its country: a
  location's numbers belong to that country (400).
- `DELETE /locations/{id}` is refused (409, naming what is left) while the location has numbers
  in its inventory, people with a calling line, phone menus or open port orders, and for the
  organisation's only location. Its schedules go with it.
- `callingLineId.phoneNumber` is the main number: it must be an ACTIVE, non-toll-free number
  of that location's inventory; the main number cannot leave the inventory (see numbers).
- `PUT /telephony/config/locations/{id}` is partial: fields left out keep their value; an
  `announcementLanguage` is the location's (both views show it).
- Calling details always carry what Webex always sends (`calling_details`): the external caller
  ID name (the location's name until set), the user limit (the plan's licence count), the default
  SIP domain, and the routing prefix ("" until set). There is no `connection`: a calling plan's
  location has no trunk or route group.
"""

from __future__ import annotations

import hashlib
import re
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from callplan_provider.models.auto_attendants import AutoAttendant
from callplan_provider.models.locations import (
    Address,
    CallingLineId,
    Location,
    LocationUpdate,
    TelephonyLocation,
)
from callplan_provider.models.port_orders import OPEN_PORT_STATUSES
from callplan_provider.sandbox.backend.base import BackendBase
from callplan_provider.sandbox.backend.records import (
    KIND_AUTO_ATTENDANT,
    KIND_LOCATION,
    KIND_NUMBER,
    KIND_PERSON,
    LocationRecord,
    NumberRecord,
    PersonRecord,
    whole,
)
from callplan_provider.sandbox.backend.schedules import SCHEDULE_KIND, StoredSchedule
from callplan_provider.sandbox.errors import (
    BadRequest,
    LastLocation,
    LocationCountryCannotChange,
    LocationNameInUse,
    LocationNotEmpty,
    NumberInactive,
    NumberNotInLocation,
    TollFreeNotSupported,
)
from callplan_provider.sandbox.ids import webex_id

_ROUTING_PREFIX = re.compile(r"^\d{1,7}$")
_ADDRESS_REQUIRED = ("address1", "city", "state", "postal_code", "country")
_LISTED = 5  # how many of each kind of leftover a refusal names


class LocationsArea(BackendBase):
    def create_location(
        self,
        *,
        name: str,
        time_zone: str,
        address: Address,
        preferred_language: str | None = "en_us",
        announcement_language: str | None = "en_us",
        extra: dict[str, str] | None = None,
    ) -> Location:
        """`extra`: the optional `latitude`, `longitude` and `notes`, kept and shown as given."""
        whole(self).require_plan_country(address.country)
        _require_time_zone(time_zone)
        self._require_location_name(name)
        location = Location(
            id=webex_id("LOCATION"),
            name=name,
            org_id=self.org_id,
            time_zone=time_zone,
            preferred_language=preferred_language,
            announcement_language=announcement_language,
            address=Address.model_validate(address.model_dump()).model_copy(
                update={"country": address.country.upper()}
            ),
            **(extra or {}),
        )
        assert location.id is not None
        calling = TelephonyLocation(
            id=location.id,
            name=name,
            announcement_language=announcement_language,
            calling_line_id=CallingLineId(name=whole(self).org_record().display_name),
            outside_dial_digit="9",
            enforce_outside_dial_digit=False,
            e911_setup_required=False,
        )
        self.docs.put(KIND_LOCATION, location.id, LocationRecord(location=location, calling=calling))
        return location

    def update_location(self, location_id: str, change: LocationUpdate) -> None:
        """Partial update; a given `address` replaces the whole address, in the same country."""
        record = self.location_record(location_id)
        location = record.location
        if change.name is not None and change.name != location.name:
            self._require_location_name(change.name)
            location.name = record.calling.name = change.name
        if change.time_zone is not None:
            _require_time_zone(change.time_zone)
            location.time_zone = change.time_zone
        if change.preferred_language is not None:
            location.preferred_language = change.preferred_language
        if change.address is not None:
            given = change.address.model_dump(exclude_none=True)
            missing = [field for field in _ADDRESS_REQUIRED if not str(given.get(field) or "").strip()]
            if missing:
                raise BadRequest(reason=f"address needs {', '.join(missing)} (the whole address is replaced)")
            address = Address.model_validate(given)
            if address.country.upper() != location.address.country.upper():
                raise LocationCountryCannotChange(name=location.name, country=location.address.country)
            location.address = address.model_copy(update={"country": address.country.upper()})
        self.docs.put(KIND_LOCATION, location_id, record)

    def delete_location(self, location_id: str) -> None:
        """Refused while anything is left in the location; its schedules go with it."""
        record = self.location_record(location_id)
        name = record.location.name
        left = self.location_contents(location_id)
        if left:
            raise LocationNotEmpty(name=name, contents=_listed(left))
        if len(self.docs.list(LocationRecord, KIND_LOCATION)) == 1:
            raise LastLocation(name=name)
        for schedule in self.docs.list(StoredSchedule, SCHEDULE_KIND, lambda s: s.location_id == location_id):
            self.docs.delete(SCHEDULE_KIND, schedule.key)
        self.docs.delete(KIND_LOCATION, location_id)

    def location_contents(self, location_id: str) -> dict[str, list[str]]:
        """What keeps a location from being deleted, by kind: numbers, people, phone menus, port orders."""
        orders = [
            o.id or "?"
            for o in whole(self).list_port_orders(location_id)  # progressed: a completion adds numbers
            if o.status in OPEN_PORT_STATUSES
        ]
        numbers = [
            n.phone_number
            for n in self.docs.list(NumberRecord, KIND_NUMBER, lambda n: n.location_id == location_id)
        ]
        people = [
            r.person.email or r.person.id or "?"
            for r in self.docs.list(PersonRecord, KIND_PERSON, lambda r: r.person.location_id == location_id)
        ]
        menus = [
            repr(aa.name)
            for aa in self.docs.list(
                AutoAttendant, KIND_AUTO_ATTENDANT, lambda a: a.location_id == location_id
            )
        ]
        found = {"number": numbers, "person": people, "phone menu": menus, "open port order": orders}
        return {kind: items for kind, items in found.items() if items}

    def _require_location_name(self, name: str) -> None:
        if not name.strip() or len(name) > 80:
            raise BadRequest(reason="a calling location's name must have 1 to 80 characters")
        wanted = name.strip().casefold()
        names = (r.location.name.strip().casefold() for r in self.docs.list(LocationRecord, KIND_LOCATION))
        if wanted in names:
            raise LocationNameInUse(name=name)

    def location_record(self, location_id: str) -> LocationRecord:
        return self.docs.require(LocationRecord, KIND_LOCATION, location_id, label="location")

    def has_location(self, location_id: str) -> bool:
        return self.docs.get(LocationRecord, KIND_LOCATION, location_id) is not None

    def list_locations(self, *, name: str | None = None, ids: list[str] | None = None) -> list[Location]:
        records = self.docs.list(LocationRecord, KIND_LOCATION)
        found = [r.location for r in records]
        if name:
            found = [loc for loc in found if name.lower() in loc.name.lower()]
        if ids:
            found = [loc for loc in found if loc.id in ids]
        return found

    def get_location(self, location_id: str) -> Location:
        return self.location_record(location_id).location

    def list_telephony_locations(
        self, *, name: str | None = None, order: str | None = None
    ) -> list[TelephonyLocation]:
        found = [self.calling_details(r) for r in self.docs.list(LocationRecord, KIND_LOCATION)]
        if name:
            found = [loc for loc in found if name.lower() in (loc.name or "").lower()]
        if order:
            found.sort(key=lambda loc: loc.name or "", reverse=order.lower() == "desc")
        return found

    def get_telephony_location(self, location_id: str) -> TelephonyLocation:
        return self.calling_details(self.location_record(location_id))

    def calling_details(self, record: LocationRecord) -> TelephonyLocation:
        """The stored calling details with the fields the service derives on every read."""
        calling = record.calling
        return calling.model_copy(
            update={
                "calling_line_id": calling.calling_line_id or CallingLineId(),
                "external_caller_id_name": calling.external_caller_id_name or record.location.name,
                "user_limit": whole(self).org_record().license_count,
                "routing_prefix": calling.routing_prefix or "",
                "default_domain": f"{_short_hash(self.org_id)}.calling.sandbox.example.com",
            }
        )

    def update_telephony_location(self, location_id: str, change: TelephonyLocation) -> None:
        """Partial update; a new `callingLineId.phoneNumber` becomes the main number."""
        record = self.location_record(location_id)
        calling = record.calling
        if change.calling_line_id is not None:
            current = calling.calling_line_id or CallingLineId()
            new_number = change.calling_line_id.phone_number
            if new_number is not None and new_number != current.phone_number:
                new_number = self._require_main_number_candidate(location_id, new_number)
            calling.calling_line_id = CallingLineId(
                name=change.calling_line_id.name if change.calling_line_id.name is not None else current.name,
                phone_number=new_number if new_number is not None else current.phone_number,
            )
        if change.routing_prefix is not None:
            if not _ROUTING_PREFIX.match(change.routing_prefix):
                raise BadRequest(reason=f"routingPrefix must be 1 to 7 digits, not {change.routing_prefix!r}")
            calling.routing_prefix = change.routing_prefix
        settable = ("announcement_language", "external_caller_id_name", "outside_dial_digit")
        for field in (*settable, "enforce_outside_dial_digit"):
            value = getattr(change, field)
            if value is not None:
                setattr(calling, field, value)
        if change.announcement_language is not None:
            record.location.announcement_language = change.announcement_language
        self.docs.put(KIND_LOCATION, location_id, record)

    def set_main_number(self, location_id: str, phone_number: str) -> None:
        self.update_telephony_location(
            location_id, TelephonyLocation(calling_line_id=CallingLineId(phone_number=phone_number))
        )

    def main_number(self, location_id: str) -> str | None:
        line = self.location_record(location_id).calling.calling_line_id
        return line.phone_number if line else None

    def main_numbers(self) -> set[str]:
        """Every location's main number."""
        lines = (r.calling.calling_line_id for r in self.docs.list(LocationRecord, KIND_LOCATION))
        return {line.phone_number for line in lines if line is not None and line.phone_number}

    def _require_main_number_candidate(self, location_id: str, phone_number: str) -> str:
        numbers = whole(self)
        e164, toll_free = numbers.parse_number(phone_number)
        if toll_free:
            raise TollFreeNotSupported(number=e164)
        number = self.docs.get(NumberRecord, KIND_NUMBER, e164)
        if number is None or number.location_id != location_id:
            raise NumberNotInLocation(number=e164, location_id=location_id)
        if number.state != "ACTIVE":
            raise NumberInactive(number=e164)
        return e164


def _short_hash(text: str) -> str:
    return str(int(hashlib.sha256(text.encode()).hexdigest()[:8], 16))


_PLURALS = {"person": "people"}


def _listed(left: dict[str, list[str]]) -> str:
    """`{"number": ["+1..."], "person": [...]}` → "1 number (+1...) and 2 people (a, b)"."""
    parts = []
    for kind, items in left.items():
        noun = kind if len(items) == 1 else _PLURALS.get(kind, f"{kind}s")
        shown = ", ".join(items[:_LISTED]) + (", ..." if len(items) > _LISTED else "")
        parts.append(f"{len(items)} {noun} ({shown})")
    return ", ".join(parts[:-1]) + f" and {parts[-1]}" if len(parts) > 1 else parts[0]


def _require_time_zone(time_zone: str) -> None:
    try:
        ZoneInfo(time_zone)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise BadRequest(reason=f"unknown timeZone {time_zone!r}") from exc
