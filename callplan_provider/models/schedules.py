"""Location schedules: `/telephony/config/locations/{locationId}/schedules`.

- `POST .../schedules` with `Schedule.to_write_body()` → 201 `CreatedId`.
- `GET .../schedules` (`name`, `type`, `max`, `start`) → `ScheduleList` (wrapper `schedules`).
- `GET|PUT|DELETE .../schedules/{type}/{scheduleId}`; PUT (`ScheduleUpdate.to_write_body()`) →
  200 `CreatedId`.

As in Webex, a schedule id encodes the schedule's name, so renaming a schedule changes its id (the
PUT reply carries the new one). Auto attendants refer to schedules by name, not by id. Events are
read with their `id`; in a PUT, an event's `name` is its current name and `newName` renames it
(write-only: never returned).
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, ClassVar, Literal

from pydantic import Field

from callplan_provider.models.base import ApiModel

ScheduleType = Literal["businessHours", "holidays"]
ClockTime = Annotated[str, Field(pattern=r"^([01]\d|2[0-3]):[0-5]\d$")]  # "HH:MM", 24 h


class CreatedId(ApiModel):
    """The reply of a create (and of a schedule update): `{"id": ...}`."""

    id: str


class RecurWeekly(ApiModel):
    sunday: bool = False
    monday: bool = False
    tuesday: bool = False
    wednesday: bool = False
    thursday: bool = False
    friday: bool = False
    saturday: bool = False


class Recurrence(ApiModel):
    recur_for_ever: bool | None = None
    recur_end_date: date | None = None
    recur_weekly: RecurWeekly | None = None


class ScheduleEvent(ApiModel):
    """One event; times are required unless `allDayEnabled`. `id` is the server's; `newName` is
    write-only (a PUT renames the event)."""

    id: str | None = None
    name: str = Field(min_length=1, max_length=80)
    new_name: str | None = Field(default=None, min_length=1, max_length=80)
    start_date: date
    end_date: date
    start_time: ClockTime | None = None
    end_time: ClockTime | None = None
    all_day_enabled: bool = False
    recurrence: Recurrence | None = None


class Schedule(ApiModel):
    """A schedule's details (`GET .../schedules/{type}/{id}`) and its create/update body."""

    id: str | None = None
    type: ScheduleType
    name: str = Field(min_length=1, max_length=80)
    events: list[ScheduleEvent] = Field(default_factory=list)
    location_id: str | None = None
    location_name: str | None = None

    SERVER_FIELDS: ClassVar[frozenset[str]] = frozenset({"id", "location_id", "location_name"})

    def to_write_body(self) -> dict[str, Any]:
        """The POST body: everything but the server-owned fields (the events' ids too)."""
        return _without_event_ids(self.to_wire(exclude=set(self.SERVER_FIELDS)))


class ScheduleListItem(ApiModel):
    id: str
    name: str
    type: ScheduleType
    location_id: str
    location_name: str | None = None


class ScheduleList(ApiModel):
    schedules: list[ScheduleListItem]


class ScheduleUpdate(ApiModel):
    """The PUT body (Webex sends `name` and `events`); a `type`, when sent, must match the path."""

    name: str | None = Field(default=None, min_length=1, max_length=80)
    type: ScheduleType | None = None
    events: list[ScheduleEvent] | None = None

    def to_write_body(self) -> dict[str, Any]:
        """The PUT body, without the events' ids (an event is named by `name`, renamed by `newName`)."""
        return _without_event_ids(self.to_wire())


def _without_event_ids(body: dict[str, Any]) -> dict[str, Any]:
    for event in body.get("events") or []:
        event.pop("id", None)
    return body
