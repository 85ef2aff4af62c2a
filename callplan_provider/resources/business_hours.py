"""A PhoneMenu's business hours: their input form, its normalisation, and their wire form.

Input: per weekday (`mon`..`sun`, full names accepted, any case), a list of `"HH:MM-HH:MM"`
ranges (24 h, end at most 23:59), or one range as a string. `normalise_hours` refuses bad, reversed, empty,
overlapping and duplicate-day input with a message naming the day, and returns one spelling of
each opening: weekday order, ranges sorted and zero-padded, touching ranges merged, closed days
dropped. So check's output never flaps, and `normalise_hours(normalise_hours(x)) == normalise_hours(x)`.
At preview, unknown values inside are left for later (`UnknownInside`) once the known ranges pass.

Wire: the menu's business-hours schedule holds one weekly-recurring event per range, named
`mon-0900-1200` and dated in a fixed week (`hours_to_events`); `events_to_hours` reads any
schedule back (an all-day event is 00:00-23:59, a one-off event counts for its weekday), so
`events_to_hours(hours_to_events(h)) == h` for normalised `h`.

The schedule (`claim_schedule`, `release_schedule`): the schedule named after a menu belongs to the
menu. Deleting an auto attendant leaves its schedule, so create POSTs the schedule and, when that
is refused (409: one of that name exists), looks it up and takes it over: PUT of the declared
events, never a second copy. A schedule whose menu still exists is not taken over: the refusal
goes back to the create, which then clashes with that menu. When the menu's create then fails,
`release_schedule` undoes the claim: a schedule made is deleted, one taken over gets its previous
events back.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from pulumi.output import Unknown

from callplan_provider.client import CallingPlanApi
from callplan_provider.client.session import ApiError
from callplan_provider.models.schedules import (
    Recurrence,
    RecurWeekly,
    Schedule,
    ScheduleEvent,
    ScheduleUpdate,
)
from callplan_provider.resources.base import CallplanError, UnknownInside, create_once

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
WIRE_DAYS = dict(
    zip(WEEKDAYS, ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"), strict=True)
)
_DAY_NAMES = {**{d: d for d in WEEKDAYS}, **{full: d for d, full in WIRE_DAYS.items()}}
_RANGE = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*[-\u2013]\s*(\d{1,2}):(\d{2})\s*$")
# Events need a date; a fixed week (2024-01-01 is a Monday) keeps the wire form deterministic.
_ANCHOR_MONDAY = date(2024, 1, 1)


def _minutes(hours: str, minutes: str) -> int | None:
    h, m = int(hours), int(minutes)
    return h * 60 + m if h <= 23 and m <= 59 else None


def _clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _parse_range(day: str, text: Any) -> tuple[int, int]:
    match = _RANGE.match(text) if isinstance(text, str) else None
    start = _minutes(match[1], match[2]) if match else None
    end = _minutes(match[3], match[4]) if match else None
    if start is None or end is None:
        raise ValueError(
            f"{day}: {text!r} is not a time range; write 'HH:MM-HH:MM' (24 h, end at most 23:59)"
        )
    if start == end:
        raise ValueError(f"{day}: {text!r} is empty (it ends when it starts); give an end after the start")
    if start > end:
        raise ValueError(f"{day}: {text!r} ends before it starts; write the earlier time first")
    return start, end


def _merge(day: str, ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(ranges):
        if merged and start < merged[-1][1]:
            previous = f"{_clock(merged[-1][0])}-{_clock(merged[-1][1])}"
            raise ValueError(
                f"{day}: {_clock(start)}-{_clock(end)} overlaps {previous}; make them not overlap"
            )
        if merged and start == merged[-1][1]:
            merged[-1] = (merged[-1][0], end)  # touching ranges are one opening
        else:
            merged.append((start, end))
    return merged


def _day_ranges(day: str, raw_ranges: Any) -> tuple[list[str], bool]:
    """The day's normalised ranges, and whether some of them are still unknown (preview)."""
    if isinstance(raw_ranges, Unknown):
        return [], True
    items = [raw_ranges] if isinstance(raw_ranges, str) else raw_ranges
    if not isinstance(items, list | tuple):
        raise ValueError(f"{day}: give a list of 'HH:MM-HH:MM' ranges")
    known = [item for item in items if not isinstance(item, Unknown)]
    ranges = _merge(day, [_parse_range(day, item) for item in known])
    return [f"{_clock(s)}-{_clock(e)}" for s, e in ranges], len(known) < len(items)


def normalise_hours(value: Any) -> dict[str, list[str]]:
    """`{"mon": ["13:00-17:00", "9:00-12:00"]}` → `{"mon": ["09:00-12:00", "13:00-17:00"]}`."""
    if not isinstance(value, Mapping):
        raise ValueError('business_hours must map weekdays to time ranges, e.g. {"mon": ["09:00-17:00"]}')
    days: dict[str, list[str]] = {}
    waiting = False
    for raw_day, raw_ranges in value.items():
        day = _DAY_NAMES.get(str(raw_day).strip().lower())
        if day is None:
            raise ValueError(f"{raw_day!r} is not a weekday; use mon, tue, wed, thu, fri, sat or sun")
        if day in days:
            raise ValueError(f"{day} is given twice; give each weekday once")
        days[day], unknown = _day_ranges(day, raw_ranges)
        waiting = waiting or unknown
    if waiting:
        raise UnknownInside()
    normal = {day: days[day] for day in WEEKDAYS if days.get(day)}
    if not normal:
        raise ValueError('give the opening hours of at least one weekday, e.g. {"mon": ["09:00-17:00"]}')
    return normal


def hours_to_events(hours: Mapping[str, list[str]]) -> list[ScheduleEvent]:
    """One weekly event per range, named `mon-0900-1200`."""
    events = []
    for offset, day in enumerate(WEEKDAYS):
        for text in hours.get(day, []):
            start, end = text.split("-")
            when = _ANCHOR_MONDAY + timedelta(days=offset)
            events.append(
                ScheduleEvent(
                    name=f"{day}-{start.replace(':', '')}-{end.replace(':', '')}",
                    start_date=when,
                    end_date=when,
                    start_time=start,
                    end_time=end,
                    all_day_enabled=False,
                    recurrence=Recurrence(
                        recur_for_ever=True, recur_weekly=RecurWeekly(**{WIRE_DAYS[day]: True})
                    ),
                )
            )
    return events


def events_to_hours(events: list[ScheduleEvent]) -> dict[str, list[str]]:
    """The weekly hours a schedule's events describe (a one-off event counts for its weekday)."""
    ranges: dict[str, list[str]] = {}
    for event in events:
        start = "00:00" if event.all_day_enabled else event.start_time or "00:00"
        end = "23:59" if event.all_day_enabled else event.end_time or "23:59"
        weekly = event.recurrence.recur_weekly if event.recurrence else None
        days = [d for d in WEEKDAYS if getattr(weekly, WIRE_DAYS[d])] if weekly else []
        for day in days or [WEEKDAYS[event.start_date.weekday()]]:
            ranges.setdefault(day, []).append(f"{start}-{end}")
    try:
        return normalise_hours(ranges)
    except ValueError:  # overlapping events made elsewhere: show them as they are
        return {day: sorted(ranges[day]) for day in WEEKDAYS if day in ranges}


# --- the menu's schedule --------------------------------------------------------------------------


@dataclass(frozen=True)
class ClaimedSchedule:
    """The menu's schedule as create left it: made now, or taken over from a menu deleted elsewhere."""

    id: str
    name: str
    previous_events: list[ScheduleEvent] | None = None
    """The events it had before it was taken over; None when this create made it."""


def claim_schedule(
    api: CallingPlanApi,
    location_id: str,
    name: str,
    hours: Mapping[str, list[str]],
    menu_exists: Callable[[], bool] = lambda: False,
) -> ClaimedSchedule:
    """The business-hours schedule `name`, holding `hours`: made, or taken over when it already
    exists (the API refuses a second schedule of that name: only then is it looked up), unless
    `menu_exists()` says its menu is still there: then the refusal is raised as it came (the
    create clashes with that menu, and the schedule is left untouched). The same holds when the
    make's reply was lost: a schedule of that name found while its menu is there is that menu's,
    never taken as made (the lost reply's error goes on, and the base looks the menu up)."""
    try:
        return ClaimedSchedule(_make_schedule(api, location_id, name, hours, menu_exists), name)
    except ApiError as err:
        if not err.is_conflict or menu_exists():
            raise
        found = api.schedules.find_by_name(location_id, name)
        if found is None:
            raise
    return _take_over(api, location_id, found.id, name, hours)


def _make_schedule(
    api: CallingPlanApi,
    location_id: str,
    name: str,
    hours: Mapping[str, list[str]],
    menu_exists: Callable[[], bool],
) -> str:
    schedule = Schedule(type="businessHours", name=name, events=hours_to_events(hours))
    return create_once(
        lambda: api.schedules.create(location_id, schedule),
        lambda: None if menu_exists() else api.schedules.find_by_name(location_id, name),
    )


def _take_over(
    api: CallingPlanApi, location_id: str, schedule_id: str, name: str, hours: Mapping[str, list[str]]
) -> ClaimedSchedule:
    previous = api.schedules.get(location_id, schedule_id).events
    update = ScheduleUpdate(name=name, events=hours_to_events(hours))
    return ClaimedSchedule(api.schedules.update(location_id, schedule_id, update), name, previous)


def release_schedule(
    api: CallingPlanApi, location_id: str, claimed: ClaimedSchedule, cause: ApiError
) -> None:
    """Undo `claim_schedule` after the menu's create failed: delete what it made, restore what it took."""
    made = claimed.previous_events is None
    try:
        if claimed.previous_events is None:
            api.schedules.delete(location_id, claimed.id)
        else:
            update = ScheduleUpdate(name=claimed.name, events=claimed.previous_events)
            api.schedules.update(location_id, claimed.id, update)
    except ApiError as err:
        undo, fix = ("removed", "delete it") if made else ("given its previous hours back", "check its hours")
        raise CallplanError(
            f"{cause}; the menu's schedule {claimed.name!r} could not be {undo} ({err}): {fix} by hand"
        ) from None
