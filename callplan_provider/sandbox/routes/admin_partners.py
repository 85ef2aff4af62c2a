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

from callplan_provider.sandbox.backend.control import Control, Partner, PartnerRequest

router = APIRouter(tags=["sandbox controls"])
PartnerId = Annotated[str, Path(alias="partnerId")]
OrgId = Annotated[str, Path(alias="orgId")]


def _control(request: Request) -> Control:
    control: Control = request.app.state.control
    return control


@router.post("/partners", status_code=201, response_model_exclude_none=True)
async def create_partner(request: Request, body: PartnerRequest) -> Partner:
    return _control(request).create_partner(body)


@router.get("/partners/{partnerId}", response_model_exclude_none=True)
async def get_partner(request: Request, partner_id: PartnerId) -> Partner:
    return _control(request).partner(partner_id)


@router.put("/partners/{partnerId}/orgs/{orgId}", response_model_exclude_none=True)
async def attach_org(request: Request, partner_id: PartnerId, org_id: OrgId) -> Partner:
    return _control(request).attach_org(partner_id, org_id)


@router.delete("/partners/{partnerId}/orgs/{orgId}", response_model_exclude_none=True)
async def detach_org(request: Request, partner_id: PartnerId, org_id: OrgId) -> Partner:
    return _control(request).detach_org(partner_id, org_id)
