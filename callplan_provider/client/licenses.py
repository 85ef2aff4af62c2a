"""Client of licences: `GET /licenses`, and a person's calling line through `PATCH /licenses/users`.

- `list()` / `get(id)` / `find_calling()` (the calling licence: name `Webex Calling - ...`).
- `assign(person_id, license_id, location_id=, extension=, phone_number=)` adds the calling
  licence with its line properties; `unassign(person_id, license_id)` removes it (the number
  stays in the location's inventory). No free licence → 400; a clashing extension or number → 409.
"""

from __future__ import annotations

from collections.abc import Iterator

from callplan_provider.client.session import ApiChild
from callplan_provider.models.organizations import License
from callplan_provider.models.people import (
    LicenseOperation,
    LicenseProperties,
    LicenseUsersRequest,
    LicenseUsersResponse,
)


class LicensesApi(ApiChild, base="licenses"):
    def list(self) -> Iterator[License]:
        for item in self.session.follow_pagination(self.ep(), item_key="items"):
            yield License.model_validate(item)

    def get(self, license_id: str) -> License:
        return License.model_validate(self.session.get(self.ep(license_id)))

    def find_calling(self) -> License | None:
        return next((lic for lic in self.list() if lic.is_calling), None)

    def assign(
        self,
        person_id: str,
        license_id: str,
        *,
        location_id: str | None = None,
        extension: str | None = None,
        phone_number: str | None = None,
    ) -> LicenseUsersResponse:
        properties = LicenseProperties(
            location_id=location_id, extension=extension, phone_number=phone_number
        )
        operation = LicenseOperation(id=license_id, operation="add", properties=properties)
        return self._patch(LicenseUsersRequest(person_id=person_id, licenses=[operation]))

    def unassign(self, person_id: str, license_id: str) -> LicenseUsersResponse:
        operation = LicenseOperation(id=license_id, operation="remove")
        return self._patch(LicenseUsersRequest(person_id=person_id, licenses=[operation]))

    def _patch(self, request: LicenseUsersRequest) -> LicenseUsersResponse:
        body = self.session.patch(self.ep("users"), json=self.in_org(request.to_wire()))
        return LicenseUsersResponse.model_validate(body)
