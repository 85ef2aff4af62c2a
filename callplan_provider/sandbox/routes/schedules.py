"""Location schedules (rules in `backend/schedules.py`).

- `POST /telephony/config/locations/{locationId}/schedules` → 201 `{"id"}`.
- `GET /telephony/config/locations/{locationId}/schedules` (`name`, `type`, `max`, `start`) →
  `{"schedules": [...]}`, paged by a `Link` header.
- `GET|PUT|DELETE /telephony/config/locations/{locationId}/schedules/{type}/{scheduleId}`:
  200 details, 200 `{"id"}` (a rename changes the id), 204.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, Request, Response

from callplan_provider.models.schedules import CreatedId, Schedule, ScheduleList, ScheduleType, ScheduleUpdate
from callplan_provider.sandbox.app import org_backend
from callplan_provider.sandbox.backend import OrgBackend
from callplan_provider.sandbox.routes.paging import Page, page_params, paginate

router = APIRouter(tags=["schedules"])
Backend = Annotated[OrgBackend, Depends(org_backend)]
Paging = Annotated[Page, Depends(page_params)]
LocationId = Annotated[str, Path(alias="locationId")]
ScheduleId = Annotated[str, Path(alias="scheduleId")]
TypeInPath = Annotated[ScheduleType, Path(alias="type")]
BASE = "/telephony/config/locations/{locationId}/schedules"


@router.post(BASE, status_code=201)
async def create_schedule(backend: Backend, location_id: LocationId, body: Schedule) -> CreatedId:
    return CreatedId(id=backend.create_schedule(location_id, body))


@router.get(BASE, response_model_exclude_none=True)
async def list_schedules(
    request: Request,
    response: Response,
    backend: Backend,
    page: Paging,
    location_id: LocationId,
    name: str | None = None,
    type_: Annotated[ScheduleType | None, Query(alias="type")] = None,
) -> ScheduleList:
    found = backend.list_schedules(location_id, name=name, type_=type_)
    return ScheduleList(schedules=paginate(request, response, found, page, default_max=2000))


@router.get(BASE + "/{type}/{scheduleId}", response_model_exclude_none=True)
async def get_schedule(
    backend: Backend, location_id: LocationId, type_: TypeInPath, schedule_id: ScheduleId
) -> Schedule:
    return backend.get_schedule(location_id, type_, schedule_id)


@router.put(BASE + "/{type}/{scheduleId}")
async def update_schedule(
    backend: Backend,
    location_id: LocationId,
    type_: TypeInPath,
    schedule_id: ScheduleId,
    body: ScheduleUpdate,
) -> CreatedId:
    return CreatedId(id=backend.update_schedule(location_id, type_, schedule_id, body))


@router.delete(BASE + "/{type}/{scheduleId}", status_code=204)
async def delete_schedule(
    backend: Backend, location_id: LocationId, type_: TypeInPath, schedule_id: ScheduleId
) -> Response:
    backend.delete_schedule(location_id, type_, schedule_id)
    return Response(status_code=204)
