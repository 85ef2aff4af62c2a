"""Client of auto attendants (phone menus): `/telephony/config/...autoAttendants`.

- `list(location_id=, name=, phone_number=)` over `GET /telephony/config/autoAttendants` (paged);
  `find_by_name(location_id, name)` is an exact match on top of it.
- `get` / `create` / `update` (partial PUT, 204) / `delete` under
  `/telephony/config/locations/{locationId}/autoAttendants/{id}`.
Wire models from `callplan_provider.models.auto_attendants`.
"""

from __future__ import annotations

from collections.abc import Iterator

from callplan_provider.client.session import ApiChild
from callplan_provider.models.auto_attendants import (
    AutoAttendant,
    AutoAttendantListItem,
    AutoAttendantUpdate,
    CreatedId,
)


class AutoAttendantsApi(ApiChild, base="telephony/config"):
    def list(
        self,
        *,
        location_id: str | None = None,
        name: str | None = None,
        phone_number: str | None = None,
    ) -> Iterator[AutoAttendantListItem]:
        params = {"locationId": location_id, "name": name, "phoneNumber": phone_number}
        for item in self.session.follow_pagination(
            self.ep("autoAttendants"), params=params, item_key="autoAttendants"
        ):
            yield AutoAttendantListItem.model_validate(item)

    def find_by_name(self, location_id: str, name: str) -> AutoAttendantListItem | None:
        """The auto attendant of exactly that name in the location (the `name` filter may match more)."""
        matches = self.list(location_id=location_id, name=name)
        return next((a for a in matches if a.name == name and a.location_id == location_id), None)

    def get(self, location_id: str, auto_attendant_id: str) -> AutoAttendant:
        body = self.session.get(self._item(location_id, auto_attendant_id))
        return AutoAttendant.model_validate(body)

    def create(self, location_id: str, auto_attendant: AutoAttendant) -> str:
        url = self.ep("locations", location_id, "autoAttendants")
        body = self.session.post(url, json=auto_attendant.to_write_body())
        return CreatedId.model_validate(body).id

    def update(self, location_id: str, auto_attendant_id: str, update: AutoAttendantUpdate) -> None:
        """Partial update: fields not set keep their value; fields set to None are cleared."""
        body = update.model_dump(mode="json", by_alias=True, exclude_unset=True)
        self.session.put(self._item(location_id, auto_attendant_id), json=body)

    def delete(self, location_id: str, auto_attendant_id: str) -> None:
        self.session.delete(self._item(location_id, auto_attendant_id))

    def _item(self, location_id: str, auto_attendant_id: str) -> str:
        return self.ep("locations", location_id, "autoAttendants", auto_attendant_id)
