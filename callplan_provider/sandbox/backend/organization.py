"""The organisation and its calling plan: tier, country, account owner, licences.

Plan rules other areas call:
- `require_plan_country(country)`: no calling plan in ID, MO, PH, SA (→ 400).
- `require_recording_allowed()`: call recording only on the BUSINESS tier (→ 400).
- `account_owner_email()`: the buyer, the only person who may sign a letter of agency.
- `calling_license_id()`, `licenses()`: one calling licence with `licenseCount` units; a unit is
  consumed by each person with a calling line.
"""

from __future__ import annotations

import uuid

from callplan_provider.models.organizations import (
    CALLING_LICENSE_NAME,
    CallingPlan,
    License,
    Organization,
    Tier,
)
from callplan_provider.sandbox.backend.base import BackendBase
from callplan_provider.sandbox.backend.records import KIND_ORGANIZATION, KIND_PERSON, OrgRecord, PersonRecord
from callplan_provider.sandbox.errors import NoCallingPlanInCountry, NotFound, RecordingNeedsBusiness
from callplan_provider.sandbox.ids import iso_z, webex_id

NO_PLAN_COUNTRIES = frozenset({"ID", "MO", "PH", "SA"})


class OrganizationArea(BackendBase):
    def create_organization(
        self, *, display_name: str, tier: Tier, country: str, owner_email: str, license_count: int
    ) -> OrgRecord:
        self.require_plan_country(country)
        record = OrgRecord(
            id=self.org_id,
            display_name=display_name,
            tier=tier,
            country=country.upper(),
            account_owner_email=owner_email,
            license_count=license_count,
            license_id=webex_id("LICENSE", str(uuid.uuid5(uuid.NAMESPACE_URL, f"calling/{self.org_id}"))),
            created=iso_z(self.now()),
        )
        self.docs.put(KIND_ORGANIZATION, self.org_id, record)
        return record

    def org_record(self) -> OrgRecord:
        return self.docs.require(OrgRecord, KIND_ORGANIZATION, self.org_id, label="organization")

    def get_organization(self, org_id: str) -> Organization:
        if org_id != self.org_id:
            raise NotFound(kind="organization", id=org_id)
        record = self.org_record()
        plan = CallingPlan(
            tier=record.tier,
            country=record.country,
            account_owner_email=record.account_owner_email,
            license_count=record.license_count,
        )
        return Organization(
            id=record.id, display_name=record.display_name, created=record.created, calling_plan=plan
        )

    def require_plan_country(self, country: str) -> None:
        if country.upper() in NO_PLAN_COUNTRIES:
            raise NoCallingPlanInCountry(country=country.upper())

    def require_recording_allowed(self) -> None:
        tier = self.org_record().tier
        if tier != "BUSINESS":
            raise RecordingNeedsBusiness(tier=tier)

    def account_owner_email(self) -> str:
        return self.org_record().account_owner_email

    def calling_license_id(self) -> str:
        return self.org_record().license_id

    def consumed_licenses(self) -> int:
        license_id = self.calling_license_id()
        return len(self.docs.list(PersonRecord, KIND_PERSON, lambda r: license_id in r.person.licenses))

    def licenses(self) -> list[License]:
        record = self.org_record()
        consumed = self.consumed_licenses()
        return [
            License(
                id=record.license_id,
                name=CALLING_LICENSE_NAME,
                total_units=record.license_count,
                consumed_units=consumed,
                consumed_by_users=consumed,
                consumed_by_workspaces=0,
            )
        ]

    def get_license(self, license_id: str) -> License:
        found = next((lic for lic in self.licenses() if lic.id == license_id), None)
        if found is None:
            raise NotFound(kind="license", id=license_id)
        return found
