"""What the sandbox stores for the core areas: a wire model plus sandbox-private state.

Wire models stay exactly what the client sees; anything only the sandbox knows (who is the
account owner, which location a number belongs to) sits beside them here. The `KIND_*` names are
the store's document kinds. `whole(area)` gives an area typed access to the other areas of the
same `OrgBackend` (every area is a mixin of it), for rules that span areas.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from pydantic import BaseModel

from callplan_provider.models.locations import Location, TelephonyLocation
from callplan_provider.models.numbers import NumberState
from callplan_provider.models.organizations import Tier
from callplan_provider.models.people import Person

if TYPE_CHECKING:
    from callplan_provider.sandbox.backend import OrgBackend
    from callplan_provider.sandbox.backend.base import BackendBase

KIND_ORGANIZATION = "organization"
KIND_LOCATION = "location"
KIND_NUMBER = "number"
KIND_EXTENSION = "extension"
KIND_PERSON = "person"
KIND_AUTO_ATTENDANT = "auto_attendant"  # owned by sandbox-features; read here for owner names


class OrgRecord(BaseModel):
    id: str
    display_name: str
    tier: Tier
    country: str
    account_owner_email: str
    license_count: int
    license_id: str
    created: str
    add_ons: list[str] = []


class LocationRecord(BaseModel):
    location: Location
    calling: TelephonyLocation


class NumberRecord(BaseModel):
    """A phone number of the inventory: in one location, owned by at most one object."""

    phone_number: str
    location_id: str
    state: NumberState = "ACTIVE"
    owner_id: str | None = None
    owner_type: str | None = None


class ExtensionRecord(BaseModel):
    """An extension claimed in a location by one object (stored under `extension_key`)."""

    location_id: str
    extension: str
    owner_id: str
    owner_type: str


class AlternateNumber(BaseModel):
    """A number of the person's location that also rings them, with its own ring pattern."""

    phone_number: str
    ring_pattern: str


class PersonRecord(BaseModel):
    person: Person
    account_owner: bool = False
    alternate_numbers: list[AlternateNumber] = []
    distinctive_ring: bool = True


def extension_key(location_id: str, extension: str) -> str:
    return f"{location_id}/{extension}"


def whole(area: BackendBase) -> OrgBackend:
    """The full backend an area is part of (areas are mixins of `OrgBackend`)."""
    return cast("OrgBackend", area)
