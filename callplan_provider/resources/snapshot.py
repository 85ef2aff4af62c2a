"""What the organisation holds, read once per provider process, for check (and any reader).

    snap = snapshot.current()                 # raises SnapshotUnavailable (no token, no reply)
    row = snap.number("+14155550102")         # NumberRow: location, owner, main number or not
    snap.extension_owner(location_id, "202")  # Owner | None
    snap.plan()                               # Plan: tier, country, account owner, licences
    snap.menu(location_id, "Main menu"); snap.open_port_order("+1..."); snap.today()

Each list is read with the API's paged list call (the largest page the API gives), the first time
something asks for it, and kept for the life of the process: a check that needs only the number
inventory reads only its pages, however many resources the stack holds, and a check that needs
nothing reads nothing (a no-op preview makes no call). A list is never re-read by one GET per
object. `OrgLists` is the loader (people, numbers, locations, menus, port orders, licences, the
organisation) and the one store of the process's lists: apply and refresh read the licence, the
organisation and the people list through it (`org_cache`), so each is read once whoever asks
first, and a write by the provider drops the people list (`org_cache.changed`).

Thread-safe: one module-level lock guards the process's `OrgLists` (the provider host serves four
calls at once); nothing here is kept on a provider instance (they are pickled into state). The
lists belong to a client (`lists_for(api)`; `lists()` is `config.api()`'s): a new configuration
(another endpoint or token) starts new ones.
Dates are judged by the API's clock, the `Date` header of its replies (`today()`), so the sandbox's
clock and a real organisation's agree with what the API enforces.

The values are plain dataclasses, free of Pulumi types.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any, TypeVar

from callplan_provider.client import ApiError, CallingPlanApi
from callplan_provider.models.auto_attendants import AutoAttendantListItem
from callplan_provider.models.locations import Location
from callplan_provider.models.numbers import NumberItem
from callplan_provider.models.organizations import License, Organization
from callplan_provider.models.people import Person
from callplan_provider.models.port_orders import OPEN_PORT_STATUSES, PortOrder
from callplan_provider.resources import config

PAGE_SIZE = 1000
PEOPLE_PAGE = 100  # Webex's largest page of people with calling data
PEOPLE_LIST = "people"
NUMBERS_LIST = "numbers"
PEOPLE = "PEOPLE"
AUTO_ATTENDANT = "AUTO_ATTENDANT"
T = TypeVar("T")


class SnapshotUnavailable(Exception):
    """The organisation cannot be read (no token, no reply, refused): check works offline."""


@dataclass(frozen=True)
class Owner:
    id: str
    type: str
    name: str

    def described(self) -> str:
        """'Bob Diaz (person Y2l...)', 'the phone menu "Main menu"'."""
        if self.type == PEOPLE:
            return f"{self.name} (person {self.id})"
        if self.type == AUTO_ATTENDANT:
            return f'the phone menu "{self.name}"'
        return f"{self.name or self.type} ({self.type.lower()} {self.id})"

    def fix(self) -> str:
        """Where the number or extension must be freed first."""
        if self.type == PEOPLE:
            return f"free it from {self.name.split(' ')[0] or self.name}'s Extension first"
        if self.type == AUTO_ATTENDANT:
            return f'free it from the phone menu "{self.name}" first'
        return "free it first"


@dataclass(frozen=True)
class NumberRow:
    phone_number: str
    location_id: str | None
    location_name: str | None
    owner: Owner | None
    main_number: bool


@dataclass(frozen=True)
class LocationInfo:
    id: str
    name: str
    country: str
    org_id: str | None


@dataclass(frozen=True)
class Plan:
    tier: str | None
    country: str | None
    account_owner_email: str | None
    licences_total: int
    licences_used: int

    @property
    def licences_free(self) -> int:
        return self.licences_total - self.licences_used


class OrgLists:
    """The organisation's lists, each read (all its pages) on first use and kept.

    Check reads them as they are (`apply=False`): a failure to read makes every list unavailable
    for the process (`SnapshotUnavailable`). Apply and refresh (through `org_cache`) pass
    `apply=True`: the API's error reaches them as it is, and check is not told the organisation is
    unreachable because one write's read failed.
    """

    def __init__(self, api: CallingPlanApi) -> None:
        self._api = weakref.ref(api)  # the store is keyed by the client: no strong reference back
        self._lock = threading.RLock()
        self._loaded: dict[str, Any] = {}
        self._failure: str | None = None

    @property
    def api(self) -> CallingPlanApi:
        api = self._api()
        if api is None:
            raise SnapshotUnavailable("the client of these lists is gone")
        return api

    def _once(self, name: str, load: Callable[[], T], *, apply: bool = False) -> T:
        """`load()` the first time; after a failure to read, every list is unavailable to check (no
        retry per resource: an unreachable endpoint costs one round of retries per process)."""
        with self._lock:
            if name in self._loaded:
                pass
            elif apply:
                self._loaded[name] = load()
            elif self._failure is not None:
                raise SnapshotUnavailable(self._failure)
            else:
                try:
                    self._loaded[name] = load()
                except ApiError as err:
                    self._failure = f"reading the organisation failed: {err}"
                    raise SnapshotUnavailable(self._failure) from None
            value: T = self._loaded[name]
            return value

    def has(self, name: str) -> bool:
        with self._lock:
            return name in self._loaded

    def drop(self, *names: str) -> None:
        """Read these lists again on next use (after a write that changed them)."""
        with self._lock:
            for name in names:
                self._loaded.pop(name, None)

    def numbers(self) -> list[NumberItem]:
        return self._once(NUMBERS_LIST, lambda: list(self.api.numbers.list(max_per_page=PAGE_SIZE)))

    def people(self, *, apply: bool = False) -> dict[str, Person]:
        """The people with calling data, by id."""

        def load() -> dict[str, Person]:
            people = self.api.people.list(calling_data=True, max_per_page=PEOPLE_PAGE)
            return {p.id: p for p in people if p.id}

        return self._once(PEOPLE_LIST, load, apply=apply)

    def locations(self, *, apply: bool = False) -> list[Location]:
        return self._once("locations", lambda: list(self.api.locations.list()), apply=apply)

    def menus(self) -> list[AutoAttendantListItem]:
        return self._once("menus", lambda: list(self.api.auto_attendants.list()))

    def port_orders(self) -> list[PortOrder]:
        return self._once("port_orders", lambda: list(self.api.port_orders.list()))

    def calling_license(self, *, apply: bool = False) -> License | None:
        return self._once("license", self.api.licenses.find_calling, apply=apply)

    def organization(self, *, apply: bool = False) -> Organization | None:
        def load() -> Organization | None:
            org_id = next((loc.org_id for loc in self.locations(apply=apply) if loc.org_id), None)
            return self.api.organizations.get(org_id) if org_id else None

        return self._once("organization", load, apply=apply)

    def server_date(self) -> datetime:
        """The API's clock as of its latest reply (a list is read first when none came yet)."""
        if self.api.session.server_date is None:
            self.locations()
        return self.api.session.server_date or datetime.now(UTC)


class Snapshot:
    """Questions check asks about the organisation, answered from `OrgLists`."""

    def __init__(self, lists: OrgLists) -> None:
        self.lists = lists

    def number(self, phone_number: str) -> NumberRow | None:
        return self._numbers().get(phone_number)

    def extension_owner(self, location_id: str, extension: str) -> Owner | None:
        return self._extensions().get((location_id, extension))

    def location(self, location_id: str) -> LocationInfo | None:
        return next((loc for loc in self._locations() if loc.id == location_id), None)

    def default_location_id(self) -> str | None:
        """`callplan:locationId`, else the only location (None when there are several)."""
        configured = config.current_settings().location_id
        if configured:
            return configured
        locations = self._locations()
        return locations[0].id if len(locations) == 1 else None

    def plan(self) -> Plan:
        org = self.lists.organization()
        calling = org.calling_plan if org else None
        license_ = self.lists.calling_license()
        return Plan(
            tier=calling.tier if calling else None,
            country=calling.country if calling else None,
            account_owner_email=calling.account_owner_email if calling else None,
            licences_total=license_.total_units if license_ else 0,
            licences_used=license_.consumed_units if license_ else 0,
        )

    def menu(self, location_id: str, name: str) -> AutoAttendantListItem | None:
        return next((m for m in self.lists.menus() if m.location_id == location_id and m.name == name), None)

    def open_port_order(self, phone_number: str) -> PortOrder | None:
        """The open port order that carries the number, if any."""
        for order in self.lists.port_orders():
            if order.status in OPEN_PORT_STATUSES and phone_number in order.phone_numbers:
                return order
        return None

    def today(self) -> date:
        """Today by the API's clock (UTC)."""
        return self.lists.server_date().astimezone(UTC).date()

    def _numbers(self) -> dict[str, NumberRow]:
        return self.lists._once("number_rows", lambda: _number_rows(self.lists.numbers()))

    def _extensions(self) -> dict[tuple[str, str], Owner]:
        return self.lists._once("extension_owners", lambda: _extension_owners(self.lists.numbers()))

    def _locations(self) -> list[LocationInfo]:
        return self.lists._once(
            "location_infos",
            lambda: [
                LocationInfo(loc.id, loc.name, loc.address.country.upper(), loc.org_id)
                for loc in self.lists.locations()
            ],
        )


def _owner(row: NumberItem) -> Owner | None:
    owner = row.owner
    if owner is None:
        return None
    name = owner.display_name or " ".join(p for p in (owner.first_name, owner.last_name) if p)
    return Owner(id=owner.id, type=owner.type, name=name)


def _number_rows(items: Iterable[NumberItem]) -> dict[str, NumberRow]:
    return {
        row.phone_number: NumberRow(
            phone_number=row.phone_number,
            location_id=row.location.id if row.location else None,
            location_name=row.location.name if row.location else None,
            owner=_owner(row),
            main_number=row.main_number,
        )
        for row in items
        if row.phone_number
    }


def _extension_owners(items: Iterable[NumberItem]) -> dict[tuple[str, str], Owner]:
    owners: dict[tuple[str, str], Owner] = {}
    for row in items:
        owner = _owner(row)
        if row.extension and row.location and owner is not None:
            owners[(row.location.id, row.extension)] = owner
    return owners


# ---- the process's lists ------------------------------------------------------------------------

_lock = threading.Lock()
_lists: weakref.WeakKeyDictionary[CallingPlanApi, OrgLists] = weakref.WeakKeyDictionary()


def lists_for(api: CallingPlanApi) -> OrgLists:
    """The process's `OrgLists` of this client (a new configuration makes a new client: new lists)."""
    with _lock:
        found = _lists.get(api)
        if found is None:
            found = _lists[api] = OrgLists(api)
        return found


def lists() -> OrgLists:
    """The process's `OrgLists` for the configured endpoint and token (config's `SettingsError` when
    there is no token)."""
    return lists_for(config.api())


def current() -> Snapshot:
    """The process's snapshot; `SnapshotUnavailable` when the organisation cannot be read."""
    try:
        return Snapshot(lists())
    except config.SettingsError as err:
        raise SnapshotUnavailable(str(err)) from None


def forget() -> None:
    """Drop what was read (tests; a later call reads the lists again)."""
    with _lock:
        _lists.clear()
