"""Auto attendants (rules in `backend/auto_attendants.py`).

- `GET /telephony/config/autoAttendants` (`locationId`, `name`, `phoneNumber`, `max`, `start`) →
  `{"autoAttendants": [...]}`, paged by a `Link` header.
- `POST /telephony/config/locations/{locationId}/autoAttendants` → 201 `{"id"}`.
- `GET|PUT|DELETE /telephony/config/locations/{locationId}/autoAttendants/{autoAttendantId}`:
  200 details, 204 (partial update), 204.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, Request, Response

from callplan_provider.models.auto_attendants import (
    AutoAttendant,
    AutoAttendantList,
    AutoAttendantUpdate,
    CreatedId,
)
from callplan_provider.sandbox.app import org_backend
from callplan_provider.sandbox.backend import OrgBackend
from callplan_provider.sandbox.routes.paging import Page, page_params, paginate

router = APIRouter(tags=["auto attendants"])
Backend = Annotated[OrgBackend, Depends(org_backend)]
Paging = Annotated[Page, Depends(page_params)]
LocationId = Annotated[str, Path(alias="locationId")]
AutoAttendantId = Annotated[str, Path(alias="autoAttendantId")]
ONE = "/telephony/config/locations/{locationId}/autoAttendants/{autoAttendantId}"


@router.get("/telephony/config/autoAttendants", response_model_exclude_none=True)
async def list_auto_attendants(
    request: Request,
    response: Response,
    backend: Backend,
    page: Paging,
    location_id: Annotated[str | None, Query(alias="locationId")] = None,
    name: str | None = None,
    phone_number: Annotated[str | None, Query(alias="phoneNumber")] = None,
) -> AutoAttendantList:
    found = backend.list_auto_attendants(location_id=location_id, name=name, phone_number=phone_number)
    return AutoAttendantList(auto_attendants=paginate(request, response, found, page, default_max=2000))


@router.post("/telephony/config/locations/{locationId}/autoAttendants", status_code=201)
async def create_auto_attendant(backend: Backend, location_id: LocationId, body: AutoAttendant) -> CreatedId:
    return CreatedId(id=backend.create_auto_attendant(location_id, body))


@router.get(ONE, response_model_exclude_none=True)
async def get_auto_attendant(
    backend: Backend, location_id: LocationId, aa_id: AutoAttendantId
) -> AutoAttendant:
    return backend.get_auto_attendant(location_id, aa_id)


@router.put(ONE, status_code=204)
async def update_auto_attendant(
    backend: Backend, location_id: LocationId, aa_id: AutoAttendantId, body: AutoAttendantUpdate
) -> Response:
    backend.update_auto_attendant(location_id, aa_id, body)
    return Response(status_code=204)


@router.delete(ONE, status_code=204)
async def delete_auto_attendant(
    backend: Backend, location_id: LocationId, aa_id: AutoAttendantId
) -> Response:
    backend.delete_auto_attendant(location_id, aa_id)
    return Response(status_code=204)
