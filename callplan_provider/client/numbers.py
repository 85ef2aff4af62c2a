"""Client of the number inventory: `/telephony/config/numbers` and the validation endpoints.

- `list(location_id=, phone_number=, extension=, owner_id=, available=, number_type=)` pages
  through `GET /telephony/config/numbers` (wrapper `phoneNumbers`, `start`/`max` paging);
  `find_by_number(number)` and `find_by_extension(location_id, extension)` pick one row.
- `main_number(location_id)`: the row flagged `mainNumber`.
- `add(location_id, numbers)` / `remove(location_id, numbers)` manage a location's inventory
  (non-integrated PSTN only on real Webex).
- `validate_numbers(numbers)`, `validate_extensions(location_id, extensions)`.
Wire models from `callplan_provider.models.numbers`.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from callplan_provider.client.session import ApiChild
from callplan_provider.models.numbers import (
    NumberItem,
    NumbersRequest,
    ValidateExtensionsRequest,
    ValidateExtensionsResponse,
    ValidateNumbersRequest,
    ValidateNumbersResponse,
)


class NumbersApi(ApiChild, base="telephony/config"):
    def list(
        self,
        *,
        location_id: str | None = None,
        phone_number: str | None = None,
        extension: str | None = None,
        owner_id: str | None = None,
        available: bool | None = None,
        number_type: str | None = None,
        max_per_page: int | None = None,
    ) -> Iterator[NumberItem]:
        params = {
            "locationId": location_id,
            "phoneNumber": phone_number,
            "extension": extension,
            "ownerId": owner_id,
            "available": available,
            "numberType": number_type,
            "max": max_per_page,
        }
        for item in self.session.follow_pagination(
            self.ep("numbers"), params=params, item_key="phoneNumbers"
        ):
            yield NumberItem.model_validate(item)

    def find_by_number(self, phone_number: str) -> NumberItem | None:
        rows = self.list(phone_number=phone_number)
        return next((row for row in rows if row.phone_number == phone_number), None)

    def find_by_extension(self, location_id: str, extension: str) -> NumberItem | None:
        rows = self.list(location_id=location_id, extension=extension)
        return next((row for row in rows if row.extension == extension), None)

    def main_number(self, location_id: str) -> NumberItem | None:
        return next((row for row in self.list(location_id=location_id) if row.main_number), None)

    def add(self, location_id: str, phone_numbers: Sequence[str]) -> None:
        body = NumbersRequest(phone_numbers=[*phone_numbers]).to_wire()
        self.session.post(self.ep("locations", location_id, "numbers"), json=body)

    def remove(self, location_id: str, phone_numbers: Sequence[str]) -> None:
        body = NumbersRequest(phone_numbers=[*phone_numbers]).to_wire()
        self.session.request("DELETE", self.ep("locations", location_id, "numbers"), json=body)

    def validate_numbers(self, phone_numbers: Sequence[str]) -> ValidateNumbersResponse:
        body = ValidateNumbersRequest(phone_numbers=[*phone_numbers]).to_wire()
        reply = self.session.post(self.ep("actions", "validateNumbers", "invoke"), json=body)
        return ValidateNumbersResponse.model_validate(reply)

    def validate_extensions(self, location_id: str, extensions: Sequence[str]) -> ValidateExtensionsResponse:
        body = ValidateExtensionsRequest(extensions=[*extensions]).to_wire()
        url = self.ep("locations", location_id, "actions", "validateExtensions", "invoke")
        return ValidateExtensionsResponse.model_validate(self.session.post(url, json=body))
