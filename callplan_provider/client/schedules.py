"""Client of location schedules: `/telephony/config/locations/{locationId}/schedules`.

`list` / `find_by_name` / `get` / `create` / `update` / `delete`, wire models from
`callplan_provider.models.schedules`. A schedule id encodes the schedule's name: `update` returns
the id the schedule has after the call (it changes when the name does).
"""

from __future__ import annotations

from collections.abc import Iterator

from callplan_provider.client.session import ApiChild
from callplan_provider.models.schedules import (
    CreatedId,
    Schedule,
    ScheduleListItem,
    ScheduleType,
    ScheduleUpdate,
)


class SchedulesApi(ApiChild, base="telephony/config/locations"):
    def list(
        self, location_id: str, *, name: str | None = None, schedule_type: ScheduleType | None = None
    ) -> Iterator[ScheduleListItem]:
        params = {"name": name, "type": schedule_type}
        for item in self.session.follow_pagination(
            self.ep(location_id, "schedules"), params=params, item_key="schedules"
        ):
            yield ScheduleListItem.model_validate(item)

    def find_by_name(
        self, location_id: str, name: str, schedule_type: ScheduleType = "businessHours"
    ) -> ScheduleListItem | None:
        """The schedule of that exact name and type in the location (the `name` filter may match more)."""
        matches = self.list(location_id, name=name, schedule_type=schedule_type)
        return next((s for s in matches if s.name == name and s.type == schedule_type), None)

    def get(
        self, location_id: str, schedule_id: str, schedule_type: ScheduleType = "businessHours"
    ) -> Schedule:
        body = self.session.get(self.ep(location_id, "schedules", schedule_type, schedule_id))
        return Schedule.model_validate(body)

    def create(self, location_id: str, schedule: Schedule) -> str:
        body = self.session.post(self.ep(location_id, "schedules"), json=schedule.to_write_body())
        return CreatedId.model_validate(body).id

    def update(
        self,
        location_id: str,
        schedule_id: str,
        update: ScheduleUpdate,
        schedule_type: ScheduleType = "businessHours",
    ) -> str:
        """Replace name and/or events; returns the schedule's id after the call (a rename changes it)."""
        url = self.ep(location_id, "schedules", schedule_type, schedule_id)
        body = self.session.put(url, json=update.to_write_body())
        return CreatedId.model_validate(body).id if body.get("id") else schedule_id

    def delete(
        self, location_id: str, schedule_id: str, schedule_type: ScheduleType = "businessHours"
    ) -> None:
        self.session.delete(self.ep(location_id, "schedules", schedule_type, schedule_id))
