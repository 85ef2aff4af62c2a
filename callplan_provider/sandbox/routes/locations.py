"""Locations and their calling details.

- `GET /locations` (wrapper `items`), `POST /locations` (201), `GET|PUT|DELETE
  /locations/{locationId}` (PUT partial, 204; DELETE 204, refused while the location is not empty).
- `GET /telephony/config/locations` (wrapper `locations`), `GET|PUT /telephony/config/locations/{id}`
  (PUT partial, 204): `callingLineId.phoneNumber` is the main number.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, Request, Response

from callplan_provider.models.base import ApiModel
from callplan_provider.models.locations import (
    Location,
    LocationList,
    LocationUpdate,
    NewLocation,
    TelephonyLocation,
    TelephonyLocationList,
)
from callplan_provider.sandbox.app import org_backend
from callplan_provider.sandbox.backend import OrgBackend
from callplan_provider.sandbox.routes.paging import Page, page_params, paginate

router = APIRouter(tags=["locations"])
Backend = Annotated[OrgBackend, Depends(org_backend)]
Paging = Annotated[Page, Depends(page_params)]
LocationId = Annotated[str, Path(alias="locationId")]


class CreatedId(ApiModel):
    id: str


@router.get("/locations", response_model_exclude_none=True)
async def list_locations(
    request: Request,
    response: Response,
    backend: Backend,
    page: Paging,
    name: str | None = None,
    id: str | None = None,
) -> LocationList:
    found = backend.list_locations(name=name, ids=id.split(",") if id else None)
    return LocationList(items=paginate(request, response, found, page, default_max=500, max_cap=1000))


@router.post("/locations", status_code=201, response_model_exclude_none=True)
async def create_location(backend: Backend, body: NewLocation) -> CreatedId:
    location = backend.create_location(
        name=body.name,
        time_zone=body.time_zone,
        address=body.address,
        preferred_language=body.preferred_language,
        announcement_language=body.announcement_language,
        extra=body.model_dump(include={"latitude", "longitude", "notes"}, exclude_none=True),
    )
    return CreatedId(id=location.id)


@router.get("/locations/{locationId}", response_model_exclude_none=True)
async def get_location(backend: Backend, location_id: LocationId) -> Location:
    return backend.get_location(location_id)


@router.put("/locations/{locationId}", status_code=204)
async def update_location(backend: Backend, location_id: LocationId, body: LocationUpdate) -> Response:
    backend.update_location(location_id, body)
    return Response(status_code=204)


@router.delete("/locations/{locationId}", status_code=204)
async def delete_location(backend: Backend, location_id: LocationId) -> Response:
    backend.delete_location(location_id)
    return Response(status_code=204)


@router.get("/telephony/config/locations", response_model_exclude_none=True)
async def list_telephony_locations(
    request: Request,
    response: Response,
    backend: Backend,
    page: Paging,
    name: str | None = None,
    order: Annotated[str | None, Query(description="asc or desc, by name")] = None,
) -> TelephonyLocationList:
    found = backend.list_telephony_locations(name=name, order=order)
    return TelephonyLocationList(locations=paginate(request, response, found, page, default_max=2000))


@router.get("/telephony/config/locations/{locationId}", response_model_exclude_none=True)
async def get_telephony_location(backend: Backend, location_id: LocationId) -> TelephonyLocation:
    return backend.get_telephony_location(location_id)


@router.put("/telephony/config/locations/{locationId}", status_code=204)
async def update_telephony_location(
    backend: Backend, location_id: LocationId, body: TelephonyLocation
) -> Response:
    backend.update_telephony_location(location_id, body)
    return Response(status_code=204)
