"""Sandbox-only controls for partners: a partner organisation administering customer organisations.

- `POST /partners` `{displayName, ownerEmail, orgIds}` → 201 `{orgId, orgIds, accessToken}`: the
  partner's own organisation, bought and activated, and its administrator's token, which acts in
  any of `orgIds` when a request names it with the `orgId` query parameter.
- `GET /partners/{partnerId}` → `{orgId, orgIds}`; `PUT|DELETE /partners/{partnerId}/orgs/{orgId}`
  attaches or detaches a customer organisation (→ the partner).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Request

from callplan_provider.sandbox.backend.control import Partner, PartnerRequest
from callplan_provider.sandbox.routes.admin import control_of

router = APIRouter(tags=["sandbox controls"])
PartnerId = Annotated[str, Path(alias="partnerId")]
OrgId = Annotated[str, Path(alias="orgId")]


@router.post("/partners", status_code=201, response_model_exclude_none=True)
async def create_partner(request: Request, body: PartnerRequest) -> Partner:
    return control_of(request).create_partner(body)


@router.get("/partners/{partnerId}", response_model_exclude_none=True)
async def get_partner(request: Request, partner_id: PartnerId) -> Partner:
    return control_of(request).partner(partner_id)


@router.put("/partners/{partnerId}/orgs/{orgId}", response_model_exclude_none=True)
async def attach_org(request: Request, partner_id: PartnerId, org_id: OrgId) -> Partner:
    return control_of(request).attach_org(partner_id, org_id)


@router.delete("/partners/{partnerId}/orgs/{orgId}", response_model_exclude_none=True)
async def detach_org(request: Request, partner_id: PartnerId, org_id: OrgId) -> Partner:
    return control_of(request).detach_org(partner_id, org_id)
