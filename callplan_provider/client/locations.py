"""Client of locations: `/locations` and their calling details `/telephony/config/locations`.

- `list(name=)` pages through `GET /locations` (wrapper `items`); `get(id)`; `find_by_name(name)`
  (the location of exactly that name, case-insensitively, or None).
- `create(NewLocation)` → the new id (`POST /locations`); `update(id, LocationUpdate)` (partial
  `PUT /locations/{id}`); `delete(id)`.
- `get_calling(id)` → `TelephonyLocation`: its `callingLineId.phoneNumber` is the main number;
  `main_number(id)` reads just that (None while the location has none).
- `update_calling(id, telephony_location)`: partial PUT (204), e.g. to set the main number;
  `set_main_number(id, number)` is the one-field form.
"""

from __future__ import annotations

from collections.abc import Iterator

from callplan_provider.client.session import ApiChild, segment
from callplan_provider.models.locations import (
    CallingLineId,
    Location,
    LocationUpdate,
    NewLocation,
    TelephonyLocation,
)


class LocationsApi(ApiChild, base="locations"):
    def list(self, *, name: str | None = None) -> Iterator[Location]:
        for item in self.session.follow_pagination(self.ep(), params={"name": name}, item_key="items"):
            yield Location.model_validate(item)

    def get(self, location_id: str) -> Location:
        return Location.model_validate(self.session.get(self.ep(location_id)))

    def find_by_name(self, name: str) -> Location | None:
        wanted = name.strip().casefold()
        return next((loc for loc in self.list(name=name) if loc.name.strip().casefold() == wanted), None)

    def create(self, location: NewLocation) -> str:
        return str(self.session.post(self.ep(), json=location.to_wire())["id"])

    def update(self, location_id: str, change: LocationUpdate) -> None:
        self.session.put(self.ep(location_id), json=change.to_wire())

    def delete(self, location_id: str) -> None:
        self.session.delete(self.ep(location_id))

    def get_calling(self, location_id: str) -> TelephonyLocation:
        body = self.session.get(self.session.url(f"telephony/config/locations/{segment(location_id)}"))
        return TelephonyLocation.model_validate(body)

    def main_number(self, location_id: str) -> str | None:
        line = self.get_calling(location_id).calling_line_id
        return line.phone_number if line else None

    def update_calling(self, location_id: str, calling: TelephonyLocation) -> None:
        url = self.session.url(f"telephony/config/locations/{segment(location_id)}")
        self.session.put(url, json=calling.to_write_body())

    def set_main_number(self, location_id: str, phone_number: str) -> None:
        calling = TelephonyLocation(calling_line_id=CallingLineId(phone_number=phone_number))
        self.update_calling(location_id, calling)
