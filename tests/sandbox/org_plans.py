"""Organisations set up by hand, at random: a hypothesis strategy of plans, and a builder.

`org_plans()` draws an `OrgPlan`: a few people (some without a calling line, some lines without a
direct number, some recorded), a few phone menus (own or shared schedules, another time zone, keys
that reach people, their numbers, other menus' extensions, outside numbers, the main number and
the operator, in both menus, cycles between menus included) and where the main number rings (a
person, a menu, whoever has an extension, or nobody). `build_org(plan, api, org)` makes it in a
sandbox organisation through the client, the way an admin does in the portal: no provider, no
`pulumi`, schedules with their own event names and dates.

`covers_everything(plan, route)` is what the end-to-end tests look for with `hypothesis.find`, so a few
organisations cover every feature between them.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Literal

from hypothesis import strategies as st

from callplan_provider.client import CallingPlanApi
from callplan_provider.models.auto_attendants import (
    AutoAttendant,
    AutoAttendantMenu,
    AutoAttendantUpdate,
    KeyConfiguration,
)
from callplan_provider.models.people import (
    CallRecordingSetting,
    Person,
    PersonNumberChange,
    PersonNumbersUpdate,
    PersonPhoneNumber,
)
from callplan_provider.models.schedules import Recurrence, RecurWeekly, Schedule, ScheduleEvent
from callplan_provider.resources.business_hours import WEEKDAYS, WIRE_DAYS
from callplan_provider.sandbox.bootstrap import OrgHandle

FIRST_NAMES = ("Ann", "Bo", "Chloé", "Dev", "Eve", "Ann")
LAST_NAMES = ("Lee", "Chen", "O'Brien", "Diaz")
DOMAINS = ("example.com", "example.org")
MENU_NAMES = ("Main menu", "Sales", "main-menu", "Après 18h", "Support line")
OUTSIDE_NUMBERS = ("+12125550123", "+18005550199")  # a New York number and a toll-free one
HOURS = (("09:00-17:00",), ("08:30-12:00", "13:00-18:00"), ("00:00-23:59",), ("10:00-14:00",))
TIME_ZONES = (None, "America/New_York")
TARGETED = ("TRANSFER_WITHOUT_PROMPT", "TRANSFER_WITH_PROMPT", "TRANSFER_TO_OPERATOR", "TRANSFER_TO_MAILBOX")
UNTARGETED = ("EXTENSION_DIALING", "NAME_DIALING", "REPEAT_MENU", "EXIT")
RECORDING_MODES = (None, "Always", "On Demand with User Initiated Start")
DESCRIPTIONS = (None, "sales", "support", "the operator", 'the "front" desk')
# A week of real dates: hand-made events are dated, unlike the provider's fixed week.
FIRST_MONDAY = date(2025, 6, 2)
# Numbers of their own (650-555-xxxx), so the many organisations made here never take one that
# another test expects to be free.
_NUMBERS = itertools.count()


def plan_numbers(how_many: int) -> list[str]:
    """Distinct valid US numbers for the organisations of plans, unique within the test session."""
    return [f"+1650555{next(_NUMBERS):04d}" for _ in range(how_many)]


TargetKind = Literal["person", "person_number", "menu", "menu_number", "outside", "main"]
RouteKind = Literal["person", "menu", "extension"]


@dataclass(frozen=True)
class PersonPlan:
    email: str
    first_name: str
    last_name: str | None  # None: a person a User cannot declare (it needs both names)
    display_name: str | None = None  # None: "first last"
    extension: str | None = None  # None: no calling line
    direct_number: bool = False
    recording: str | None = None  # a recording mode ("Always", "Never", ...), None: not recorded


@dataclass(frozen=True)
class KeyPlan:
    key: str
    action: str
    target: tuple[TargetKind, int] | None = None  # (kind, index of the person, menu or outside number)
    description: str | None = None


@dataclass(frozen=True)
class MenuPlan:
    name: str
    extension: str
    hours: dict[str, tuple[str, ...]]
    own_number: bool = False
    schedule: str | None = None  # None: "<name> hours"; else a schedule shared under that name
    time_zone: str | None = None
    business_keys: tuple[KeyPlan, ...] = ()
    after_keys: tuple[KeyPlan, ...] = ()

    @property
    def schedule_name(self) -> str:
        return self.schedule or f"{self.name} hours"


@dataclass(frozen=True)
class OrgPlan:
    people: tuple[PersonPlan, ...]
    menus: tuple[MenuPlan, ...] = ()
    route: tuple[RouteKind, int] | None = None  # main number → person or menu (by index); None: nobody

    @property
    def numbers_needed(self) -> int:
        return sum(p.direct_number for p in self.people) + sum(m.own_number for m in self.menus)

    def all_keys(self) -> list[KeyPlan]:
        return [k for m in self.menus for k in (*m.business_keys, *m.after_keys)]


# --- the strategy --------------------------------------------------------------------------------


@st.composite
def _people(draw: st.DrawFn, extensions: list[str]) -> tuple[PersonPlan, ...]:
    count = draw(st.integers(1, 5))
    emails = draw(
        st.lists(
            st.tuples(st.sampled_from(FIRST_NAMES), st.sampled_from(LAST_NAMES), st.sampled_from(DOMAINS)),
            min_size=count,
            max_size=count,
            unique_by=lambda t: (t[0].lower(), t[2]),
        )
    )
    people = []
    for first, last, domain in emails:
        has_line = draw(st.booleans())
        people.append(
            PersonPlan(
                email=f"{first.lower()}@{domain}",
                first_name=first,
                last_name=last,
                display_name=draw(st.sampled_from([None, f"{first} {last[0]}."])),
                extension=extensions.pop() if has_line else None,
                direct_number=has_line and draw(st.booleans()),
                recording=draw(st.sampled_from(RECORDING_MODES)) if has_line else None,
            )
        )
    return tuple(people)


@st.composite
def _keys(draw: st.DrawFn, people: tuple[PersonPlan, ...], menu_count: int) -> tuple[KeyPlan, ...]:
    targets: list[tuple[TargetKind, int]] = [("outside", 0), ("outside", 1), ("main", 0)]
    targets += [("person", i) for i, p in enumerate(people) if p.extension]
    targets += [("person_number", i) for i, p in enumerate(people) if p.direct_number]
    targets += [("menu", j) for j in range(menu_count)]
    targets += [("menu_number", j) for j in range(menu_count)]  # its extension when it has no number
    keys = draw(st.lists(st.sampled_from("1234567890*#"), unique=True, max_size=4))
    plans = []
    for key in keys:
        action = draw(st.sampled_from(TARGETED + UNTARGETED))
        target = draw(st.sampled_from(targets)) if action in TARGETED else None
        plans.append(KeyPlan(key, action, target, draw(st.sampled_from(DESCRIPTIONS))))
    return tuple(plans)


@st.composite
def org_plans(draw: st.DrawFn, route: RouteKind | Literal["any"] | None = "any") -> OrgPlan:
    extensions = [str(e) for e in range(201, 230)]
    extensions.reverse()
    people = draw(_people(extensions))
    menu_count = draw(st.integers(0, 3))
    names = draw(st.lists(st.sampled_from(MENU_NAMES), unique=True, min_size=menu_count, max_size=menu_count))
    menus = []
    shared_hours = draw(_hours())
    for name in names:
        shared = draw(st.booleans())
        menus.append(
            MenuPlan(
                name=name,
                extension=extensions.pop(),
                hours=shared_hours if shared else draw(_hours()),
                own_number=draw(st.booleans()),
                schedule="Office hours" if shared else None,
                time_zone=draw(st.sampled_from(TIME_ZONES)),
                business_keys=draw(_keys(people, menu_count)),
                after_keys=draw(_keys(people, menu_count)),
            )
        )
    routes: list[RouteKind | None] = ["person", "menu", "extension", None]
    chosen = draw(st.sampled_from(routes)) if route == "any" else route
    return _routed(people, tuple(menus), chosen, draw, extensions.pop())


def _routed(
    people: tuple[PersonPlan, ...],
    menus: tuple[MenuPlan, ...],
    kind: RouteKind | None,
    draw: st.DrawFn,
    extension: str,
) -> OrgPlan:
    """The plan with the main number routed to a `kind` of target.

    A person keeps their own direct number, if the plan gave them one (the main number becomes
    their alternate number); a menu loses its own number (a menu has one). "extension": a person
    with a line whom a User cannot declare (no last name), so the program can only route to their
    extension.
    """
    if kind == "extension":
        desk = PersonPlan("reception@example.net", "Reception", None, "Reception desk", extension)
        return OrgPlan((*people, desk), menus, ("extension", len(people)))
    lines = [i for i, p in enumerate(people) if p.extension]
    candidates = lines if kind == "person" else list(range(len(menus))) if kind == "menu" else []
    if not candidates:
        return OrgPlan(people, menus, None)
    index = draw(st.sampled_from(candidates))
    if kind == "person":
        return OrgPlan(people, menus, ("person", index))
    menus = tuple(m if j != index else _without_own_number(m) for j, m in enumerate(menus))
    return OrgPlan(people, menus, ("menu", index))


def _without_own_number(menu: MenuPlan) -> MenuPlan:
    return MenuPlan(**{**menu.__dict__, "own_number": False})


def _hours() -> st.SearchStrategy[dict[str, tuple[str, ...]]]:
    return st.dictionaries(st.sampled_from(WEEKDAYS), st.sampled_from(HOURS), min_size=1, max_size=7).map(
        lambda hours: {day: hours[day] for day in WEEKDAYS if day in hours}
    )


def covers_everything(plan: OrgPlan, route: RouteKind) -> bool:
    """People with and without lines, lines with and without numbers, and keys to people, numbers,
    menus and the operator."""
    targets = {k.target[0] for k in plan.all_keys() if k.target}
    return (
        plan.route is not None
        and plan.route[0] == route
        and any(p.extension is None for p in plan.people)
        and any(p.extension and not p.direct_number for p in plan.people)
        and any(p.direct_number for p in plan.people)
        and {"person", "menu"} <= targets
        and bool(targets & {"person_number", "menu_number", "outside", "main"})
        and any(k.action == "TRANSFER_TO_OPERATOR" for k in plan.all_keys())
    )


# --- the builder ---------------------------------------------------------------------------------


@dataclass
class BuiltOrg:
    """What `build_org` made: ids and numbers by plan index."""

    person_ids: list[str] = field(default_factory=list)
    person_numbers: dict[int, str] = field(default_factory=dict)
    menu_ids: list[str] = field(default_factory=list)
    menu_numbers: dict[int, str] = field(default_factory=dict)


def build_org(plan: OrgPlan, api: CallingPlanApi, org: OrgHandle) -> BuiltOrg:
    """Make the plan in `org` (seeded with at least `plan.numbers_needed` numbers) by hand."""
    pool = [n for n in org.numbers if n != org.main_number]
    built = BuiltOrg()
    licence = api.licenses.find_calling()
    assert licence is not None
    for i, person in enumerate(plan.people):
        built.person_ids.append(_make_person(api, org, person, licence.id, pool, built, i))
    for name, events in _schedules(plan).items():
        api.schedules.create(org.location_id, Schedule(type="businessHours", name=name, events=events))
    for j, menu in enumerate(plan.menus):
        number = pool.pop(0) if menu.own_number else None
        if number:
            built.menu_numbers[j] = number
        empty = AutoAttendantMenu(key_configurations=[])
        aa = AutoAttendant(
            name=menu.name,
            extension=menu.extension,
            phone_number=number,
            business_schedule=menu.schedule_name,
            time_zone=menu.time_zone,
            business_hours_menu=empty,
            after_hours_menu=empty,
        )
        built.menu_ids.append(api.auto_attendants.create(org.location_id, aa))
    for j, menu in enumerate(plan.menus):  # keys once every destination exists (cycles allowed)
        update = AutoAttendantUpdate(
            business_hours_menu=_wire_menu(plan, menu.business_keys, built, org),
            after_hours_menu=_wire_menu(plan, menu.after_keys, built, org),
        )
        api.auto_attendants.update(org.location_id, built.menu_ids[j], update)
    _route_main_number(plan, api, org, built)
    return built


def _make_person(
    api: CallingPlanApi,
    org: OrgHandle,
    person: PersonPlan,
    licence_id: str,
    pool: list[str],
    built: BuiltOrg,
    index: int,
) -> str:
    created = api.people.create(
        Person(
            emails=[person.email],
            first_name=person.first_name,
            last_name=person.last_name,
            display_name=person.display_name or f"{person.first_name} {person.last_name}".strip(),
        )
    )
    assert created.id is not None
    if person.extension is None:
        return created.id
    number = pool.pop(0) if person.direct_number else None
    if number:
        built.person_numbers[index] = number
    api.licenses.assign(
        created.id, licence_id, location_id=org.location_id, extension=person.extension, phone_number=number
    )
    if person.recording:
        api.people.update_call_recording(
            created.id, CallRecordingSetting(enabled=True, record=person.recording)
        )
    return created.id


def _schedules(plan: OrgPlan) -> dict[str, list[ScheduleEvent]]:
    schedules: dict[str, list[ScheduleEvent]] = {}
    for menu in plan.menus:
        schedules.setdefault(menu.schedule_name, _events(menu.hours))
    return schedules


def _events(hours: dict[str, tuple[str, ...]]) -> list[ScheduleEvent]:
    events = []
    for offset, day in enumerate(WEEKDAYS):
        for n, span in enumerate(hours.get(day, ()), start=1):
            start, end = span.split("-")
            when = FIRST_MONDAY + timedelta(days=offset)
            weekly = RecurWeekly(**{WIRE_DAYS[day]: True})
            events.append(
                ScheduleEvent(
                    name=f"Open {day} {n}",
                    start_date=when,
                    end_date=when,
                    start_time=start,
                    end_time=end,
                    recurrence=Recurrence(recur_for_ever=True, recur_weekly=weekly),
                )
            )
    return events


def _wire_menu(
    plan: OrgPlan, keys: tuple[KeyPlan, ...], built: BuiltOrg, org: OrgHandle
) -> AutoAttendantMenu:
    return AutoAttendantMenu(
        key_configurations=[
            KeyConfiguration(
                key=k.key,
                action=k.action,
                description=k.description,
                value=_value(plan, k.target, built, org) if k.target else None,
            )
            for k in keys
        ]
    )


def _value(plan: OrgPlan, target: tuple[TargetKind, int], built: BuiltOrg, org: OrgHandle) -> str:
    kind, index = target
    if kind == "person":
        return plan.people[index].extension or ""
    if kind == "person_number":
        return built.person_numbers.get(index) or plan.people[index].extension or ""
    if kind == "menu":
        return plan.menus[index].extension
    if kind == "menu_number":
        return built.menu_numbers.get(index) or plan.menus[index].extension
    if kind == "main":
        return org.main_number or OUTSIDE_NUMBERS[0]
    return OUTSIDE_NUMBERS[index]


def _route_main_number(plan: OrgPlan, api: CallingPlanApi, org: OrgHandle, built: BuiltOrg) -> None:
    if plan.route is None or org.main_number is None:
        return
    kind, index = plan.route
    if kind == "menu":
        update = AutoAttendantUpdate(phone_number=org.main_number)
        api.auto_attendants.update(org.location_id, built.menu_ids[index], update)
        return
    person_id = built.person_ids[index]
    person = api.people.get(person_id, calling_data=True)
    if person.work_number:
        add = PersonNumberChange(action="ADD", external=org.main_number, ring_pattern="LONG_LONG")
        api.people.update_numbers(person_id, PersonNumbersUpdate(phone_numbers=[add]))
        return
    others = [n for n in person.phone_numbers if n.type != "work"]
    work = PersonPhoneNumber(type="work", value=org.main_number, primary=True)
    api.people.update(
        person_id, person.model_copy(update={"phone_numbers": [work, *others]}), calling_data=True
    )
