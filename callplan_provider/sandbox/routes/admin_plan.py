"""Sandbox-only controls under `/_sandbox/` for the plan and the organisation's mail (no token).

- `PUT /orgs/{orgId}/licenses` `{"totalUnits": N}` → 200 with the calling licence: the plan's
  "edit licences" step. Fewer than are in use → 409 with the count; an unknown org → 404.
- `GET /mail[?to=&orgId=]` → `{"items": [...]}`: every message the organisations would have
  received (activation codes, invitations with their links, port order updates), oldest first;
  `DELETE /mail` empties the mailbox.
- `POST /invitations/{invitationId}/accept` → 204: follow an invitation's link (the invitation
  mail's `links.acceptInvitation`); the person becomes active. An unknown id → 404.
Bodies refuse unknown fields (400 naming the field).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Request, Response
from pydantic import ConfigDict, Field

from callplan_provider.models.base import ApiModel
from callplan_provider.models.organizations import License
from callplan_provider.sandbox.backend.mail import MailList, clear_mailbox
from callplan_provider.sandbox.routes.admin import control_of

router = APIRouter(tags=["sandbox controls"])


class LicenseCount(ApiModel):
    model_config = ConfigDict(extra="forbid")  # a control body: a misspelt field is a 400, not ignored

    total_units: int = Field(ge=1, le=10_000)


@router.put("/orgs/{orgId}/licenses", response_model_exclude_none=True)
async def set_license_count(
    request: Request, org_id: Annotated[str, Path(alias="orgId")], body: LicenseCount
) -> License:
    return control_of(request).set_license_count(org_id, body.total_units)


@router.get("/mail", response_model_exclude_none=True)
async def list_mail(
    request: Request, to: str | None = None, org_id: Annotated[str | None, Query(alias="orgId")] = None
) -> MailList:
    return MailList(items=control_of(request).mail(to=to, org_id=org_id))


@router.delete("/mail", status_code=204)
async def clear_mail(request: Request) -> Response:
    clear_mailbox(control_of(request).store)
    return Response(status_code=204)


@router.post("/invitations/{invitationId}/accept", status_code=204)
async def accept_invitation(
    request: Request, invitation_id: Annotated[str, Path(alias="invitationId")]
) -> Response:
    control_of(request).accept_invitation(invitation_id)
    return Response(status_code=204)
