"""Client of the organisation: `GET /organizations/{orgId}` (the sandbox adds `callingPlan`).

The organisation id is the `orgId` of any location or person of the organisation.
"""

from __future__ import annotations

from callplan_provider.client.session import ApiChild
from callplan_provider.models.organizations import Organization


class OrganizationsApi(ApiChild, base="organizations"):
    def get(self, org_id: str) -> Organization:
        return Organization.model_validate(self.session.get(self.ep(org_id)))
