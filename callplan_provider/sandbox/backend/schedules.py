"""Location schedules (business hours and holidays) of an organisation.

Rules:
- a schedule belongs to one location; its name is unique in the location for its type (409);
- as in Webex, the id encodes the name (`ciscospark://us/SCHEDULE/<base64 name>`), so a rename
  changes the id; a rename also renames the references of the auto attendants that use it;
  events are read with an id that encodes their name the same way; a PUT event's `newName`
  renames it (write-only: stored events never carry it);
- events: names unique in the schedule, `endDate` not before `startDate`, times required unless
  `allDayEnabled` and the end after the start on a one-day event (400);
- a schedule named by an auto attendant cannot be deleted (409).
"""

from __future__ import annotations

import base64

from pydantic import BaseModel

from callplan_provider.models.schedules import (
    Schedule,
    ScheduleEvent,
    ScheduleListItem,
    ScheduleType,
    ScheduleUpdate,
)
from callplan_provider.sandbox.backend.base import BackendBase
from callplan_provider.sandbox.backend.records import whole
from callplan_provider.sandbox.errors import (
    BadRequest,
    InvalidScheduleEvent,
    NotFound,
    ScheduleInUse,
    ScheduleNameInUse,
)
from callplan_provider.sandbox.ids import webex_id

SCHEDULE_KIND = "schedule"


class StoredSchedule(BaseModel):
    id: str
    location_id: str
    type: ScheduleType
    name: str
    events: list[ScheduleEvent]

    @property
    def key(self) -> str:
        return schedule_key(self.location_id, self.type, self.id)


def schedule_id(name: str) -> str:
    """Webex's shape: the id's tail is the base64 of the name."""
    return webex_id("SCHEDULE", base64.urlsafe_b64encode(name.encode()).decode().rstrip("="))


def event_id(name: str) -> str:
    return webex_id("SCHEDULE_EVENT", base64.urlsafe_b64encode(name.encode()).decode().rstrip("="))


def stored_events(events: list[ScheduleEvent]) -> list[ScheduleEvent]:
    """Events as kept: renamed by their `newName`, without it and without an id."""
    return [
        event.model_copy(update={"name": event.new_name or event.name, "new_name": None, "id": None})
        for event in events
    ]


def schedule_key(location_id: str, type_: str, id_: str) -> str:
    """The store key: a schedule id is only unique within its location and type."""
    return f"{location_id}/{type_}/{id_}"


def check_events(events: list[ScheduleEvent]) -> None:
    seen: set[str] = set()
    for event in events:
        if event.name in seen:
            raise InvalidScheduleEvent(event=event.name, reason="event names must be unique in a schedule")
        seen.add(event.name)
        if event.end_date < event.start_date:
            raise InvalidScheduleEvent(event=event.name, reason="endDate is before startDate")
        if event.all_day_enabled:
            continue
        if event.start_time is None or event.end_time is None:
            raise InvalidScheduleEvent(event=event.name, reason="startTime and endTime are required")
        if event.start_date == event.end_date and event.end_time <= event.start_time:
            raise InvalidScheduleEvent(event=event.name, reason="endTime must be after startTime")


class SchedulesArea(BackendBase):
    def create_schedule(self, location_id: str, schedule: Schedule) -> str:
        whole(self).location_record(location_id)  # 404 for an unknown location
        self._check_schedule_name_free(location_id, schedule.type, schedule.name)
        events = stored_events(schedule.events)
        check_events(events)
        stored = StoredSchedule(
            id=schedule_id(schedule.name),
            location_id=location_id,
            type=schedule.type,
            name=schedule.name,
            events=events,
        )
        self.docs.put(SCHEDULE_KIND, stored.key, stored)
        return stored.id

    def list_schedules(
        self, location_id: str, name: str | None = None, type_: ScheduleType | None = None
    ) -> list[ScheduleListItem]:
        """The location's schedules; `name` matches a part of the name, case-insensitively."""
        location_name = whole(self).location_record(location_id).location.name
        found = self.docs.list(
            StoredSchedule,
            SCHEDULE_KIND,
            where=lambda s: (
                s.location_id == location_id
                and (type_ is None or s.type == type_)
                and (name is None or name.casefold() in s.name.casefold())
            ),
        )
        return [
            ScheduleListItem(
                id=s.id, name=s.name, type=s.type, location_id=location_id, location_name=location_name
            )
            for s in found
        ]

    def get_schedule(self, location_id: str, type_: ScheduleType, id_: str) -> Schedule:
        stored = self._require_schedule(location_id, type_, id_)
        return Schedule(
            id=stored.id,
            type=stored.type,
            name=stored.name,
            events=[e.model_copy(update={"id": event_id(e.name)}) for e in stored.events],
            location_id=location_id,
            location_name=whole(self).location_record(location_id).location.name,
        )

    def update_schedule(self, location_id: str, type_: ScheduleType, id_: str, update: ScheduleUpdate) -> str:
        """Replace name and events; returns the id, which changes with the name."""
        stored = self._require_schedule(location_id, type_, id_)
        if update.type is not None and update.type != type_:
            raise BadRequest(reason=f"a schedule's type cannot change ({type_} in the path)")
        name = update.name or stored.name
        events = stored_events(update.events) if update.events is not None else stored.events
        check_events(events)
        if name != stored.name:
            self._check_schedule_name_free(location_id, type_, name)
            whole(self).rename_schedule_references(location_id, type_, stored.name, name)
        self.docs.delete(SCHEDULE_KIND, stored.key)
        renamed = stored.model_copy(update={"id": schedule_id(name), "name": name, "events": events})
        self.docs.put(SCHEDULE_KIND, renamed.key, renamed)
        return renamed.id

    def delete_schedule(self, location_id: str, type_: ScheduleType, id_: str) -> None:
        stored = self._require_schedule(location_id, type_, id_)
        users = whole(self).auto_attendants_using_schedule(location_id, type_, stored.name)
        if users:
            raise ScheduleInUse(name=stored.name, auto_attendant=users[0])
        self.docs.delete(SCHEDULE_KIND, stored.key)

    def find_schedule(self, location_id: str, type_: ScheduleType, name: str) -> StoredSchedule | None:
        """The schedule of that type and exact name in the location, if any."""
        return self.docs.get(
            StoredSchedule, SCHEDULE_KIND, schedule_key(location_id, type_, schedule_id(name))
        )

    def _require_schedule(self, location_id: str, type_: ScheduleType, id_: str) -> StoredSchedule:
        whole(self).location_record(location_id)
        stored = self.docs.get(StoredSchedule, SCHEDULE_KIND, schedule_key(location_id, type_, id_))
        if stored is None:
            raise NotFound(kind="schedule", id=id_)
        return stored

    def _check_schedule_name_free(self, location_id: str, type_: ScheduleType, name: str) -> None:
        if self.find_schedule(location_id, type_, name) is not None:
            raise ScheduleNameInUse(type=type_, name=name, location_id=location_id)
