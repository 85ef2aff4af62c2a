"""`OrgBackend`: one per organisation, composed of one mixin per API area.

Reached only through a token (see `control.py`), so cross-org access is impossible by
construction. Imports nothing from FastAPI.
"""

from callplan_provider.sandbox.backend.auto_attendants import AutoAttendantsArea
from callplan_provider.sandbox.backend.locations import LocationsArea
from callplan_provider.sandbox.backend.mail import MailArea
from callplan_provider.sandbox.backend.numbers import NumbersArea
from callplan_provider.sandbox.backend.organization import OrganizationArea
from callplan_provider.sandbox.backend.people import PeopleArea
from callplan_provider.sandbox.backend.port_orders import PortOrdersArea
from callplan_provider.sandbox.backend.schedules import SchedulesArea


class OrgBackend(
    OrganizationArea,
    LocationsArea,
    NumbersArea,
    PeopleArea,
    SchedulesArea,
    AutoAttendantsArea,
    PortOrdersArea,
    MailArea,
):
    """Every rule of one organisation's calling plan."""


__all__ = ["OrgBackend"]
