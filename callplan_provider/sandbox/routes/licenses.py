"""Licences: `GET /licenses`, `GET /licenses/{licenseId}`, and the calling line through
`PATCH /licenses/users` (add or remove the calling licence with its location, extension and number).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path

from callplan_provider.models.organizations import License, LicenseList
from callplan_provider.models.people import LicenseUsersRequest, LicenseUsersResponse
from callplan_provider.sandbox.app import org_backend, refuses_bad_bodies_with
from callplan_provider.sandbox.backend import OrgBackend
from callplan_provider.sandbox.errors import InvalidLicenseRequest

router = APIRouter(tags=["licenses"])
Backend = Annotated[OrgBackend, Depends(org_backend)]


@router.get("/licenses", response_model_exclude_none=True)
async def list_licenses(backend: Backend) -> LicenseList:
    return LicenseList(items=backend.licenses())


@router.get("/licenses/{licenseId}", response_model_exclude_none=True)
async def get_license(backend: Backend, license_id: Annotated[str, Path(alias="licenseId")]) -> License:
    return backend.get_license(license_id)


@router.patch("/licenses/users", response_model_exclude_none=True)
@refuses_bad_bodies_with(InvalidLicenseRequest)
async def assign_licenses(backend: Backend, body: LicenseUsersRequest) -> LicenseUsersResponse:
    return backend.apply_license_operations(body)
