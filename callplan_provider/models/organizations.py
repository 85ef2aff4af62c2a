"""Wire models of the organisation, its calling plan and its licences.

- `GET /organizations/{orgId}` → `Organization` (`created`: ISO timestamp; the sandbox adds the
  read-only `callingPlan`).
- `GET /licenses` → `LicenseList` of `License` (`totalUnits` = licences bought, `consumedUnits` =
  people with a calling line).
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from callplan_provider.models.base import ApiModel

Tier = Literal["STANDARD", "BUSINESS"]

CALLING_LICENSE_NAME = "Webex Calling - Professional"


class CallingPlan(ApiModel):
    """What was bought: read-only, set at purchase."""

    tier: Tier
    country: str
    account_owner_email: str
    license_count: int


class Organization(ApiModel):
    id: str
    display_name: str
    created: str | None = None
    calling_plan: CallingPlan | None = None


class License(ApiModel):
    id: str
    name: str
    total_units: int
    consumed_units: int
    consumed_by_users: int | None = None
    consumed_by_workspaces: int | None = None
    subscription_id: str | None = None

    @property
    def is_calling(self) -> bool:
        return self.name.startswith("Webex Calling")


class LicenseList(ApiModel):
    items: list[License] = Field(default_factory=list)
