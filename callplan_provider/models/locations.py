"""Wire models of locations and their calling details.

- `GET /locations`, `GET /locations/{id}` → `Location` (list wrapper `items`); its `address` is
  the emergency service address (ESA) every number of the location inherits.
- `POST /locations` ← `NewLocation` (Webex's `PostCommonLocationObject`) → 201 `{"id"}`;
  `PUT /locations/{id}` ← `LocationUpdate` (`PutCommonLocationObject`, any subset) → 204;
  `DELETE /locations/{id}` → 204.
- `GET /telephony/config/locations` → `TelephonyLocationList` (wrapper `locations`).
- `GET|PUT /telephony/config/locations/{id}` → `TelephonyLocation`; its `callingLineId.phoneNumber`
  **is the location's main number** (null, but present, when the location has none). PUT takes a
  partial body (`TelephonyLocation.to_write_body()`, which never sends a null main number).
"""

from __future__ import annotations

from typing import Any, ClassVar

from pydantic import Field, SerializationInfo, SerializerFunctionWrapHandler, model_serializer

from callplan_provider.models.base import ApiModel


class Address(ApiModel):
    """The emergency service address of the location's numbers."""

    address1: str
    address2: str | None = None
    city: str
    state: str | None = None
    postal_code: str
    country: str


class Location(ApiModel):
    id: str
    name: str
    org_id: str | None = None
    time_zone: str
    preferred_language: str | None = None
    announcement_language: str | None = None
    address: Address
    latitude: str | None = None
    longitude: str | None = None
    notes: str | None = None


class NewAddress(Address):
    """The address of a new location: Webex requires the state too."""

    state: str


class NewLocation(ApiModel):
    """`POST /locations`: all but `latitude`, `longitude` and `notes` are required."""

    name: str
    time_zone: str
    preferred_language: str
    announcement_language: str
    address: NewAddress
    latitude: str | None = None
    longitude: str | None = None
    notes: str | None = None


class AddressUpdate(ApiModel):
    """The address in `PUT /locations/{id}`: every field optional on the wire."""

    address1: str | None = None
    address2: str | None = None
    city: str | None = None
    state: str | None = None
    postal_code: str | None = None
    country: str | None = None


class LocationUpdate(ApiModel):
    """`PUT /locations/{id}`: any subset; fields left out keep their value."""

    name: str | None = None
    time_zone: str | None = None
    preferred_language: str | None = None
    address: AddressUpdate | None = None


class LocationList(ApiModel):
    items: list[Location] = Field(default_factory=list)


class CallingLineId(ApiModel):
    name: str | None = None
    phone_number: str | None = None

    @model_serializer(mode="wrap")
    def _always_phone_number(self, handler: SerializerFunctionWrapHandler, info: SerializationInfo) -> Any:
        """`phoneNumber` is always on the wire, null for a location without a main number."""
        body = handler(self)
        if isinstance(body, dict):
            body.setdefault("phoneNumber" if info.by_alias else "phone_number", None)
        return body


class TelephonyLocation(ApiModel):
    """Calling details of a location. Read-only: `id`, `name`, `userLimit`, `defaultDomain`."""

    id: str | None = None
    name: str | None = None
    announcement_language: str | None = None
    calling_line_id: CallingLineId | None = None
    external_caller_id_name: str | None = None
    user_limit: int | None = None
    routing_prefix: str | None = None
    outside_dial_digit: str | None = None
    enforce_outside_dial_digit: bool | None = None
    default_domain: str | None = None
    e911_setup_required: bool | None = None

    SERVER_FIELDS: ClassVar[frozenset[str]] = frozenset(
        {"id", "name", "user_limit", "default_domain", "e911_setup_required"}
    )

    def to_write_body(self) -> dict[str, Any]:
        """The partial PUT body: server-owned fields left out, and no null main number (it is no change)."""
        body = self.to_wire(exclude=set(self.SERVER_FIELDS))
        line = body.get("callingLineId")
        if line is not None and line.get("phoneNumber") is None:
            line.pop("phoneNumber", None)
        return body


class TelephonyLocationList(ApiModel):
    locations: list[TelephonyLocation] = Field(default_factory=list)
