"""People: `GET|POST /people`, `GET|PUT|DELETE /people/{personId}`, and the person's call
recording setting: `GET|PUT /people/{personId}/features/callRecording`.

`POST` answers 200 (as Webex does) with `invitePending: true`; `PUT` is a full replace and changes
the calling line only with `callingData=true`; `GET /people` filters by `email`, `displayName`
(prefix), `id` (comma list), `locationId`, pages with `max`/`start` and a `Link` header, and wraps
in `items` (plus `notFoundIds` when ids were asked for). The call recording `PUT` answers 204.
A person's numbers are read at `GET /people/{personId}/features/numbers` and their alternate
numbers changed at `PUT /telephony/config/people/{personId}/numbers` (204), as Webex splits them.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, Request, Response

from callplan_provider.models.people import (
    CallRecordingSetting,
    Person,
    PersonList,
    PersonNumbers,
    PersonNumbersUpdate,
)
from callplan_provider.sandbox.app import org_backend
from callplan_provider.sandbox.backend import OrgBackend
from callplan_provider.sandbox.routes.paging import Page, page_params, paginate

router = APIRouter(tags=["people"])
Backend = Annotated[OrgBackend, Depends(org_backend)]
Paging = Annotated[Page, Depends(page_params)]
PersonId = Annotated[str, Path(alias="personId")]
CallingData = Annotated[bool, Query(alias="callingData")]


@router.get("/people", response_model_exclude_none=True)
async def list_people(
    request: Request,
    response: Response,
    backend: Backend,
    page: Paging,
    email: str | None = None,
    display_name: Annotated[str | None, Query(alias="displayName")] = None,
    id: str | None = None,
    location_id: Annotated[str | None, Query(alias="locationId")] = None,
    calling_data: CallingData = False,
) -> PersonList:
    ids = [i for i in id.split(",") if i] if id else None
    found = backend.list_people(
        email=email, display_name=display_name, ids=ids, location_id=location_id, calling_data=calling_data
    )
    not_found = [i for i in ids if i not in {p.id for p in found}] if ids else None
    cap = 50 if location_id else 100
    return PersonList(
        items=paginate(request, response, found, page, default_max=100, max_cap=cap), not_found_ids=not_found
    )


@router.post("/people", response_model_exclude_none=True)
async def create_person(backend: Backend, body: Person, calling_data: CallingData = False) -> Person:
    return backend.create_person(body, calling_data=calling_data)


@router.get("/people/{personId}", response_model_exclude_none=True)
async def get_person(backend: Backend, person_id: PersonId, calling_data: CallingData = False) -> Person:
    return backend.get_person(person_id, calling_data=calling_data)


@router.put("/people/{personId}", response_model_exclude_none=True)
async def update_person(
    backend: Backend, person_id: PersonId, body: Person, calling_data: CallingData = False
) -> Person:
    return backend.update_person(person_id, body, calling_data=calling_data)


@router.delete("/people/{personId}", status_code=204)
async def delete_person(backend: Backend, person_id: PersonId) -> Response:
    backend.delete_person(person_id)
    return Response(status_code=204)


@router.get("/people/{personId}/features/callRecording", response_model_exclude_none=True)
async def get_call_recording(backend: Backend, person_id: PersonId) -> CallRecordingSetting:
    return backend.get_call_recording(person_id)


@router.put("/people/{personId}/features/callRecording", status_code=204)
async def update_call_recording(
    backend: Backend, person_id: PersonId, body: CallRecordingSetting
) -> Response:
    backend.update_call_recording(person_id, body)
    return Response(status_code=204)


@router.get("/people/{personId}/features/numbers", response_model_exclude_none=True)
async def get_person_numbers(
    backend: Backend,
    person_id: PersonId,
    prefer_e164: Annotated[bool, Query(alias="preferE164Format")] = False,
) -> PersonNumbers:
    return backend.get_person_numbers(person_id, prefer_e164)


@router.put("/telephony/config/people/{personId}/numbers", status_code=204)
async def update_person_numbers(backend: Backend, person_id: PersonId, body: PersonNumbersUpdate) -> Response:
    backend.update_person_numbers(person_id, body)
    return Response(status_code=204)
