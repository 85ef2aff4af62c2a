"""`Location`: a site of the organisation and its emergency service address (ESA).

API: `POST /locations` (Webex's shape: name, time zone, e-mail and announcement languages,
address), `GET|PUT|DELETE /locations/{id}`, `PUT /telephony/config/locations/{id}` for a new
announcement language, `GET /locations?name=` for adoption.

Owns the location's name, address, time zone, e-mail language (`preferredLanguage`) and
announcement language. The address is the ESA: every phone number of the location inherits it,
so it must be where the phones are. The resource id is the location id: other kinds take
`location_id=loc.id` (a line, a phone menu, the location's main number, a port order).

- check: name 1 to 80 characters; the address's `address1`, `city`, `state` (state, province or
  region), `postal_code` and a two-letter `country`; an IANA time zone; language codes such as
  `en_us`. The country cannot change (a location's numbers belong to its country): check refuses
  it against the previous inputs; declare a new Location instead.
- update: `PUT /locations/{id}` with the name, time zone, e-mail language and the whole address
  (so a removed `address2` is cleared); the announcement language only when it changed.
- `adopt=True` takes over the location of that name (nothing written; the next preview shows any
  difference): the way to manage the first location, the one the plan came with.
- delete: `DELETE /locations/{id}`. The API refuses it while the location has numbers, people
  with a line, phone menus or open port orders, and names them. Numbers are never released, so
  a location with numbers stays: to stop managing it, set
  `opts=pulumi.ResourceOptions(retain_on_delete=True)` and `pulumi up` before removing it from
  the program (or `pulumi state delete` its URN).
"""

from __future__ import annotations

from typing import Annotated, Any, NotRequired, TypedDict

import pulumi
from pulumi.dynamic import CheckFailure, CheckResult
from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from callplan_provider.client import ApiError, CallingPlanApi
from callplan_provider.models.locations import (
    AddressUpdate,
    LocationUpdate,
    NewAddress,
    NewLocation,
    TelephonyLocation,
)
from callplan_provider.models.locations import (
    Location as WireLocation,
)
from callplan_provider.resources.base import (
    ArgsModel,
    CallplanError,
    CallplanResource,
    CountryCode,
    LanguageCode,
    Live,
    Reconciler,
    TimeZone,
)

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=255)]
LocationName = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=80)]


class AddressArgs(BaseModel):
    """The emergency service address: where the location's phones are."""

    model_config = ConfigDict(extra="forbid")

    address1: Text
    address2: Text | None = None
    city: Text
    state: Text = Field(description="the state, province or region, e.g. 'TX'")
    postal_code: Text
    country: CountryCode = Field(description="two-letter country code, e.g. 'US'; cannot change")


class LocationArgs(ArgsModel):
    """Inputs of a `Location`."""

    name: LocationName = Field(description="unique in the organisation, at most 80 characters")
    address: AddressArgs = Field(description="the emergency service address of the location's numbers")
    time_zone: TimeZone = Field(description="IANA time zone, e.g. 'America/Chicago'")
    language: LanguageCode = Field(default="en_us", description="what callers hear, e.g. 'en_us'")
    email_language: LanguageCode = Field(default="en_us", description="the language of e-mails")
    adopt: bool = Field(default=False, description="take over the existing location of this name")


def _live(location: WireLocation) -> Live:
    return {
        "name": location.name,
        "address": location.address.model_dump(exclude_none=True),
        "time_zone": location.time_zone,
        "language": location.announcement_language,
        "email_language": location.preferred_language,
    }


def _country(inputs: dict[str, Any]) -> Any:
    """The address's country; None while the address is not known (an output at preview)."""
    address = inputs.get("address")
    return address.get("country") if isinstance(address, dict) else None


def _country_change(olds: dict[str, Any], news: dict[str, Any]) -> CheckFailure | None:
    old, new = _country(olds), _country(news)
    if isinstance(old, str) and isinstance(new, str) and old != new:
        return CheckFailure(
            "address",
            f"address.country cannot change from {old} to {new}: a location's numbers belong to its "
            "country. Declare a new Location for the other country",
        )
    return None


class LocationProvider(Reconciler[LocationArgs]):
    kind = "Location"
    args_model = LocationArgs
    managed_fields = {
        "name": "location.name",
        "address": "location.address",
        "time_zone": "location.timeZone",
        "language": "location.announcementLanguage",
        "email_language": "location.preferredLanguage",
    }
    natural_key = "name"

    def check(self, olds: dict[str, Any], news: dict[str, Any]) -> CheckResult:
        result = super().check(olds, news)
        refused = None if result.failures else _country_change(olds, result.inputs)
        return CheckResult(result.inputs, [refused]) if refused else result

    def create_remote(self, api: CallingPlanApi, args: LocationArgs) -> tuple[str, Live]:
        location = NewLocation(
            name=args.name,
            time_zone=args.time_zone,
            preferred_language=args.email_language,
            announcement_language=args.language,
            address=NewAddress(**args.address.model_dump()),
        )
        location_id = api.locations.create(location)
        return location_id, _live(api.locations.get(location_id))

    def find_existing(self, api: CallingPlanApi, args: LocationArgs) -> tuple[str, Live] | None:
        found = api.locations.find_by_name(args.name)
        return (found.id, _live(found)) if found is not None else None

    def read_remote(self, api: CallingPlanApi, id_: str, outputs: dict[str, Any]) -> Live | None:
        return _live(api.locations.get(id_))

    def update_remote(self, api: CallingPlanApi, id_: str, olds: dict[str, Any], args: LocationArgs) -> Live:
        change = LocationUpdate(
            name=args.name,
            time_zone=args.time_zone,
            preferred_language=args.email_language,
            address=AddressUpdate(**args.address.model_dump()),
        )
        api.locations.update(id_, change)
        if olds.get("language") != args.language:
            api.locations.update_calling(id_, TelephonyLocation(announcement_language=args.language))
        return _live(api.locations.get(id_))

    def delete_remote(self, api: CallingPlanApi, id_: str, outputs: dict[str, Any]) -> None:
        try:
            api.locations.delete(id_)
        except ApiError as err:
            if not err.is_conflict:
                raise
            raise CallplanError(
                f"location {outputs.get('name')!r} cannot be deleted: {err.message} To keep it and stop "
                "managing it, set opts=pulumi.ResourceOptions(retain_on_delete=True) and run `pulumi up` "
                "before removing it from the program (or `pulumi state delete` its URN)"
            ) from None


class AddressInput(TypedDict):
    address1: Any
    address2: NotRequired[Any]
    city: Any
    state: Any
    postal_code: Any
    country: Any


class Location(CallplanResource, module="callplan", name="Location"):
    """A site of the organisation with its emergency service address. `Location.id` is its id."""

    provider_class = LocationProvider

    name: pulumi.Output[str]
    address: pulumi.Output[dict[str, str]]
    time_zone: pulumi.Output[str]
    language: pulumi.Output[str]
    email_language: pulumi.Output[str]
    adopt: pulumi.Output[bool]

    def __init__(
        self,
        resource_name: str,
        *,
        name: str | pulumi.Input[str],
        address: AddressInput | pulumi.Input[dict[str, Any]],
        time_zone: str | pulumi.Input[str],
        language: str | pulumi.Input[str] | None = None,
        email_language: str | pulumi.Input[str] | None = None,
        adopt: bool = False,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        inputs = {
            "name": name,
            "address": address,
            "time_zone": time_zone,
            "language": language,
            "email_language": email_language,
            "adopt": adopt,
        }
        super().__init__(resource_name, inputs, opts)
