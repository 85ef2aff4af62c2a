"""Wire models of the organisation, its calling plan and its licences.

- `GET /organizations/{orgId}` → `Organization` (`created`: ISO timestamp; the sandbox adds the
  read-only `callingPlan`, with the plan's feature table `features` and its `addOns`).
- `GET /licenses` → `LicenseList` of `License` (`totalUnits` = licences bought, `consumedUnits` =
  people with a calling line).
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from callplan_provider.models.base import ApiModel

Tier = Literal["STANDARD", "BUSINESS"]
TIERS: tuple[Tier, ...] = ("STANDARD", "BUSINESS")
# Extras bought with the plan (the sandbox's own catalogue); not offered to organisations in India.
AddOn = Literal["MEETINGS", "WEBINARS", "INTERNATIONAL_CALLING"]

CALLING_LICENSE_NAME = "Webex Calling - Professional"

# The plan's features per tier, the one table the sandbox enforces, serves and `show` prints:
# feature key → (what it is, the tiers that include it).
PLAN_FEATURES: dict[str, tuple[str, frozenset[Tier]]] = {
    "calling": ("a phone number and an extension for each person", frozenset(TIERS)),
    "voicemail": ("voicemail", frozenset(TIERS)),
    "phoneMenus": ("phone menus with business hours", frozenset(TIERS)),
    "numberTransfer": ("transferring numbers in from another carrier", frozenset(TIERS)),
    "callRecording": ("call recording", frozenset({"BUSINESS"})),
}


class PlanFeature(ApiModel):
    name: str
    description: str
    included: bool


def plan_features(tier: Tier) -> list[PlanFeature]:
    """The feature table of one tier."""
    return [
        PlanFeature(name=name, description=description, included=tier in tiers)
        for name, (description, tiers) in PLAN_FEATURES.items()
    ]


def tier_includes(tier: Tier, feature: str) -> bool:
    return tier in PLAN_FEATURES[feature][1]


class CallingPlan(ApiModel):
    """What was bought: read-only, set at purchase (licences change with `/_sandbox`)."""

    tier: Tier
    country: str
    account_owner_email: str
    license_count: int
    features: list[PlanFeature] | None = None
    add_ons: list[str] | None = None


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
