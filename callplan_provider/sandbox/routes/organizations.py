"""`GET /organizations`, `GET /organizations/{orgId}`: the caller's organisation and its plan."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path
from pydantic import Field

from callplan_provider.models.base import ApiModel
from callplan_provider.models.organizations import Organization
from callplan_provider.sandbox.app import org_backend
from callplan_provider.sandbox.backend import OrgBackend

router = APIRouter(tags=["organizations"])
Backend = Annotated[OrgBackend, Depends(org_backend)]


class OrganizationList(ApiModel):
    items: list[Organization] = Field(default_factory=list)


@router.get("/organizations", response_model_exclude_none=True)
async def list_organizations(backend: Backend) -> OrganizationList:
    return OrganizationList(items=[backend.get_organization(backend.org_id)])


@router.get("/organizations/{orgId}", response_model_exclude_none=True)
async def get_organization(backend: Backend, org_id: Annotated[str, Path(alias="orgId")]) -> Organization:
    return backend.get_organization(org_id)
