"""Client of people: `/people` (wire models in `callplan_provider.models.people`).

- `list(email=, location_id=, calling_data=)` pages through `GET /people` (wrapper `items`);
  `find_by_email(email)` is an exact, case-insensitive match on top of it.
- `get(id, calling_data=)`, `create(person)` (POST answers 200 with the person),
  `update(id, person, calling_data=)` (PUT is a full replace: GET, change, PUT),
  `delete(id)`.
- `get_call_recording(id)` / `update_call_recording(id, setting)`:
  `GET|PUT /people/{id}/features/callRecording` (the PUT sends only the fields set; 204).
  A person without a calling line → 400 (404 for an unknown person).
- `get_numbers(id)`: `GET /people/{id}/features/numbers?preferE164Format=true` (the direct
  number first, then the alternate numbers, in E.164); `update_numbers(id, update)`:
  `PUT /telephony/config/people/{id}/numbers` (`ADD`/`DELETE` alternate numbers; 204). Webex
  reads and writes them under different paths.
"""

from __future__ import annotations

from collections.abc import Iterator

from callplan_provider.client.session import ApiChild, segment
from callplan_provider.models.people import CallRecordingSetting, Person, PersonNumbers, PersonNumbersUpdate


class PeopleApi(ApiChild, base="people"):
    def list(
        self,
        *,
        email: str | None = None,
        display_name: str | None = None,
        location_id: str | None = None,
        calling_data: bool = False,
        max_per_page: int | None = None,
    ) -> Iterator[Person]:
        params = {
            "email": email,
            "displayName": display_name,
            "locationId": location_id,
            "callingData": calling_data or None,
            "max": max_per_page,
        }
        for item in self.session.follow_pagination(self.ep(), params=params, item_key="items"):
            yield Person.model_validate(item)

    def find_by_email(self, email: str, *, calling_data: bool = False) -> Person | None:
        wanted = email.casefold()
        matches = self.list(email=email, calling_data=calling_data)
        return next((p for p in matches if any(e.casefold() == wanted for e in p.emails)), None)

    def get(self, person_id: str, *, calling_data: bool = False) -> Person:
        body = self.session.get(self.ep(person_id), params={"callingData": calling_data or None})
        return Person.model_validate(body)

    def create(self, person: Person, *, calling_data: bool = False) -> Person:
        body = self.session.post(
            self.ep(), json=self.in_org(person.to_write_body()), params={"callingData": calling_data or None}
        )
        return Person.model_validate(body)

    def update(self, person_id: str, person: Person, *, calling_data: bool = False) -> Person:
        body = self.session.put(
            self.ep(person_id),
            json=self.in_org(person.to_write_body()),
            params={"callingData": calling_data or None},
        )
        return Person.model_validate(body) if body else self.get(person_id, calling_data=calling_data)

    def delete(self, person_id: str) -> None:
        self.session.delete(self.ep(person_id))

    def get_call_recording(self, person_id: str) -> CallRecordingSetting:
        return CallRecordingSetting.model_validate(
            self.session.get(self.ep(person_id, "features", "callRecording"))
        )

    def update_call_recording(self, person_id: str, setting: CallRecordingSetting) -> None:
        self.session.put(self.ep(person_id, "features", "callRecording"), json=setting.to_write_body())

    def get_numbers(self, person_id: str) -> PersonNumbers:
        # Without preferE164Format Webex may list numbers in a legacy format (`2143456789`).
        url = self.ep(person_id, "features", "numbers")
        return PersonNumbers.model_validate(self.session.get(url, params={"preferE164Format": "true"}))

    def update_numbers(self, person_id: str, update: PersonNumbersUpdate) -> None:
        url = self.session.url(f"telephony/config/people/{segment(person_id)}/numbers")
        self.session.put(url, json=update.to_wire())
