"""The HTTP client of the calling-plan API (wxc_sdk shape: one `ApiChild` per area).

    api = CallingPlanApi("http://127.0.0.1:8000/v1", token)
    for person in api.people.list(email="ann@example.com"): ...

The areas share one `RestSession` (endpoint + token, and `org_id` for a partner administrator:
every call then acts in that customer organisation); the HTTP connection pool, retries and
timeouts live in `callplan_provider.client.session`.
"""

from __future__ import annotations

from callplan_provider.client.auto_attendants import AutoAttendantsApi
from callplan_provider.client.licenses import LicensesApi
from callplan_provider.client.locations import LocationsApi
from callplan_provider.client.numbers import NumbersApi
from callplan_provider.client.organizations import OrganizationsApi
from callplan_provider.client.people import PeopleApi
from callplan_provider.client.port_orders import PortDocumentsApi, PortOrdersApi
from callplan_provider.client.schedules import SchedulesApi
from callplan_provider.client.session import DEFAULT_ENDPOINT, DEFAULT_TIMEOUT, ApiError, RestSession

__all__ = ["ApiError", "CallingPlanApi", "RestSession"]


class CallingPlanApi:
    """The root: `api.people`, `api.numbers`, `api.locations`, ... over one session."""

    def __init__(
        self,
        endpoint: str = DEFAULT_ENDPOINT,
        token: str = "",
        timeout: tuple[float, float] = DEFAULT_TIMEOUT,
        *,
        org_id: str | None = None,
    ) -> None:
        self.session = RestSession(endpoint, token, timeout, org_id=org_id)
        self.people = PeopleApi(self.session)
        self.numbers = NumbersApi(self.session)
        self.locations = LocationsApi(self.session)
        self.licenses = LicensesApi(self.session)
        self.organizations = OrganizationsApi(self.session)
        self.schedules = SchedulesApi(self.session)
        self.auto_attendants = AutoAttendantsApi(self.session)
        self.port_orders = PortOrdersApi(self.session)
        self.port_documents = PortDocumentsApi(self.session)

    def __repr__(self) -> str:
        return f"CallingPlanApi({self.session.endpoint!r})"
