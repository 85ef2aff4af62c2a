"""Reading an organisation for the export: the one place that talks to the API.

`read_org(api, location_id)` → `OrgSnapshot`, read-only, through the client's paged list calls:
the location (the one given, or the organisation's only one), its main number and number
inventory, every person with their calling data (and, for a line in the location, whether its
calls are recorded), its schedules, its auto attendants in full with their business-hours events,
and its port orders. Lists are read once, page by page; details (an auto attendant, a schedule's
events, a line's recording) one object at a time. An area the API does not offer (404: port orders on a real
organisation) reads as empty; any other refusal raises the client's `ApiError`.

Everything else in `callplan_provider.export` works on the snapshot, offline.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

from callplan_provider.client import ApiError, CallingPlanApi
from callplan_provider.models.auto_attendants import AutoAttendant
from callplan_provider.models.locations import Location
from callplan_provider.models.numbers import NumberItem
from callplan_provider.models.organizations import Organization
from callplan_provider.models.people import Person
from callplan_provider.models.port_orders import PortOrder
from callplan_provider.models.schedules import ScheduleEvent, ScheduleListItem

T = TypeVar("T")


class ExportError(Exception):
    """The organisation cannot be exported as asked (e.g. several locations and none chosen)."""


@dataclass(frozen=True)
class PersonView:
    person: Person
    records_calls: bool = False

    @property
    def id(self) -> str:
        return self.person.id or ""


@dataclass(frozen=True)
class MenuView:
    menu: AutoAttendant
    schedule: ScheduleListItem | None = None
    events: list[ScheduleEvent] = field(default_factory=list)

    @property
    def id(self) -> str:
        return self.menu.id or ""


@dataclass(frozen=True)
class OrgSnapshot:
    location: Location
    organization: Organization | None = None
    locations: list[Location] = field(default_factory=list)
    main_number: str | None = None
    numbers: list[NumberItem] = field(default_factory=list)
    people: list[PersonView] = field(default_factory=list)
    menus: list[MenuView] = field(default_factory=list)
    schedules: list[ScheduleListItem] = field(default_factory=list)
    port_orders: list[PortOrder] = field(default_factory=list)

    @property
    def account_owner_email(self) -> str | None:
        plan = self.organization.calling_plan if self.organization else None
        return plan.account_owner_email.lower() if plan else None


def read_org(api: CallingPlanApi, location_id: str | None = None) -> OrgSnapshot:
    locations = list(api.locations.list())
    location = _chosen_location(locations, location_id)
    calling = api.locations.get_calling(location.id)
    schedules = list(api.schedules.list(location.id))
    return OrgSnapshot(
        location=location,
        organization=_organization(api, location),
        locations=locations,
        main_number=calling.calling_line_id.phone_number if calling.calling_line_id else None,
        numbers=list(api.numbers.list(location_id=location.id)),
        people=[_person_view(api, p, location.id) for p in api.people.list(calling_data=True)],
        menus=_menus(api, location.id, schedules),
        schedules=schedules,
        port_orders=_optional(lambda: list(api.port_orders.list(location_id=location.id))),
    )


def _chosen_location(locations: list[Location], location_id: str | None) -> Location:
    if location_id:
        found = next((loc for loc in locations if loc.id == location_id), None)
        if found is None:
            raise ExportError(f"the organisation has no location {location_id}; {_choices(locations)}")
        return found
    if len(locations) == 1:
        return locations[0]
    if not locations:
        raise ExportError("the organisation has no location: there is nothing to export")
    raise ExportError(
        f"the organisation has several locations: choose one with --location; {_choices(locations)}"
    )


def _choices(locations: list[Location]) -> str:
    listed = ", ".join(f"{loc.name} ({loc.id})" for loc in locations)
    return f"its locations: {listed}" if listed else "it has none"


def _organization(api: CallingPlanApi, location: Location) -> Organization | None:
    """The organisation (its calling plan names the account owner), None when it cannot be read."""
    if not location.org_id:
        return None
    try:
        return api.organizations.get(location.org_id)
    except ApiError as err:
        if err.is_not_found:
            return None
        raise


def _person_view(api: CallingPlanApi, person: Person, location_id: str) -> PersonView:
    if person.id is None or person.location_id != location_id:
        return PersonView(person)
    return PersonView(person, api.people.get_call_recording(person.id).records_calls)


def _menus(api: CallingPlanApi, location_id: str, schedules: list[ScheduleListItem]) -> list[MenuView]:
    business = {s.name: s for s in schedules if s.type == "businessHours"}
    views = []
    for item in api.auto_attendants.list(location_id=location_id):
        menu = api.auto_attendants.get(location_id, item.id)
        schedule = business.get(menu.business_schedule or "")
        events = api.schedules.get(location_id, schedule.id).events if schedule else []
        views.append(MenuView(menu, schedule, events))
    return views


def _optional(read: Callable[[], list[T]]) -> list[T]:
    """What `read` returns, or nothing when the API has no such area (404)."""
    try:
        return read()
    except ApiError as err:
        if err.is_not_found:
            return []
        raise
