"""The organisation and its calling plan: tier, country, account owner, licences, add-ons.

Plan rules other areas call:
- `require_known_country(country)`: an ISO 3166 code with phone numbers (`KNOWN_COUNTRIES`),
  else a 400 that lists them; `require_plan_country(country)`: no calling plan in ID, MO, PH, SA.
- `require_recording_allowed()`: the tier's feature table (`PLAN_FEATURES` in
  `models/organizations.py`) includes call recording: only BUSINESS does (→ 400).
- Add-ons are a purchase option, refused for organisations in India (`NO_ADD_ON_COUNTRIES`).
- `account_owner_email()`: the buyer, the only person who may sign a letter of agency.
- `calling_license_id()`, `licenses()`: one calling licence with `licenseCount` units; a unit is
  consumed by each person with a calling line. `set_license_count(n)` edits the plan's licences
  (a sandbox control); fewer than are in use is refused with the count (409).
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence

import phonenumbers
from phonenumbers import PhoneNumberType

from callplan_provider.models.organizations import (
    CALLING_LICENSE_NAME,
    CallingPlan,
    License,
    Organization,
    Tier,
    plan_features,
    tier_includes,
)
from callplan_provider.sandbox.backend.base import BackendBase
from callplan_provider.sandbox.backend.records import KIND_ORGANIZATION, KIND_PERSON, OrgRecord
from callplan_provider.sandbox.errors import (
    AddOnsNotOffered,
    LicenseCountBelowUse,
    NoCallingPlanInCountry,
    NotFound,
    RecordingNeedsBusiness,
    UnknownCountry,
)
from callplan_provider.sandbox.ids import iso_z, webex_id

NO_PLAN_COUNTRIES = frozenset({"ID", "MO", "PH", "SA"})
NO_ADD_ON_COUNTRIES = frozenset({"IN"})
# Countries whose phone numbers libphonenumber knows (a plan needs numbers of its country).
KNOWN_COUNTRIES = frozenset(
    region
    for region in phonenumbers.SUPPORTED_REGIONS
    if phonenumbers.example_number_for_type(region, PhoneNumberType.FIXED_LINE) is not None
)


class OrganizationArea(BackendBase):
    def create_organization(
        self,
        *,
        display_name: str,
        tier: Tier,
        country: str,
        owner_email: str,
        license_count: int,
        add_ons: Sequence[str] = (),
    ) -> OrgRecord:
        self.require_known_country(country)
        self.require_plan_country(country)
        if add_ons and country.upper() in NO_ADD_ON_COUNTRIES:
            raise AddOnsNotOffered(country=country.upper(), add_ons=", ".join(add_ons))
        record = OrgRecord(
            id=self.org_id,
            display_name=display_name,
            tier=tier,
            country=country.upper(),
            account_owner_email=owner_email,
            license_count=license_count,
            license_id=webex_id("LICENSE", str(uuid.uuid5(uuid.NAMESPACE_URL, f"calling/{self.org_id}"))),
            created=iso_z(self.now()),
            add_ons=list(dict.fromkeys(add_ons)),
        )
        self.docs.put(KIND_ORGANIZATION, self.org_id, record)
        return record

    def set_license_count(self, count: int) -> OrgRecord:
        """Edit the plan's number of calling licences; never below the number in use."""
        record = self.org_record()
        consumed = self.consumed_licenses()
        if count < consumed:
            raise LicenseCountBelowUse(consumed=consumed, count=count)
        record.license_count = count
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
            features=plan_features(record.tier),
            add_ons=record.add_ons,
        )
        return Organization(
            id=record.id, display_name=record.display_name, created=record.created, calling_plan=plan
        )

    def require_known_country(self, country: str) -> None:
        if country.upper() not in KNOWN_COUNTRIES:
            known = ", ".join(sorted(KNOWN_COUNTRIES - NO_PLAN_COUNTRIES))
            raise UnknownCountry(country=country, known=known)

    def require_plan_country(self, country: str) -> None:
        if country.upper() in NO_PLAN_COUNTRIES:
            raise NoCallingPlanInCountry(country=country.upper())

    def require_recording_allowed(self) -> None:
        tier = self.org_record().tier
        if not tier_includes(tier, "callRecording"):
            raise RecordingNeedsBusiness(tier=tier)

    def account_owner_email(self) -> str:
        return self.org_record().account_owner_email

    def calling_license_id(self) -> str:
        return self.org_record().license_id

    def consumed_licenses(self) -> int:
        license_id = self.calling_license_id()
        return self.docs.count(KIND_PERSON, "license", license_id)

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
