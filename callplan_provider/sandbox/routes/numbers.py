"""The number inventory and the validation endpoints.

- `GET /telephony/config/numbers` (wrapper `phoneNumbers`; filters `locationId`, `phoneNumber`,
  `extension`, `ownerId`, `ownerType`, `available`, `numberType`, `state`; `max`/`start`).
- `POST /telephony/config/locations/{id}/numbers` (201, empty) adds numbers, `DELETE` (204,
  JSON body) removes them.
- `POST /telephony/config/actions/validateNumbers/invoke`,
  `POST /telephony/config/locations/{id}/actions/validateExtensions/invoke` (200 with `status`).
"""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Body, Depends, Path, Query, Request, Response

from callplan_provider.models.numbers import (
    NumberList,
    NumbersRequest,
    ValidateExtensionsRequest,
    ValidateExtensionsResponse,
    ValidateNumbersRequest,
    ValidateNumbersResponse,
)
from callplan_provider.sandbox.app import org_backend
from callplan_provider.sandbox.backend import OrgBackend
from callplan_provider.sandbox.routes.paging import Page, page_params, paginate

router = APIRouter(tags=["numbers"])
Backend = Annotated[OrgBackend, Depends(org_backend)]
Paging = Annotated[Page, Depends(page_params)]
LocationId = Annotated[str, Path(alias="locationId")]


@router.get("/telephony/config/numbers", response_model_exclude_none=True)
async def list_numbers(
    request: Request,
    response: Response,
    backend: Backend,
    page: Paging,
    location_id: Annotated[str | None, Query(alias="locationId")] = None,
    phone_number: Annotated[str | None, Query(alias="phoneNumber")] = None,
    extension: str | None = None,
    owner_id: Annotated[str | None, Query(alias="ownerId")] = None,
    owner_type: Annotated[str | None, Query(alias="ownerType")] = None,
    available: bool | None = None,
    number_type: Annotated[Literal["NUMBER", "EXTENSION"] | None, Query(alias="numberType")] = None,
    state: Literal["ACTIVE", "INACTIVE"] | None = None,
) -> NumberList:
    rows = backend.list_numbers(
        location_id=location_id,
        phone_number=phone_number,
        extension=extension,
        owner_id=owner_id,
        owner_type=owner_type,
        available=available,
        number_type=number_type,
        state=state,
    )
    return NumberList(phone_numbers=paginate(request, response, rows, page, default_max=2000, max_cap=2000))


@router.post("/telephony/config/locations/{locationId}/numbers", status_code=201)
async def add_numbers(backend: Backend, location_id: LocationId, body: NumbersRequest) -> Response:
    backend.add_to_inventory(location_id, body.phone_numbers, state=body.state or "ACTIVE")
    return Response(status_code=201)


@router.delete("/telephony/config/locations/{locationId}/numbers", status_code=204)
async def remove_numbers(
    backend: Backend, location_id: LocationId, body: Annotated[NumbersRequest, Body()]
) -> Response:
    backend.remove_from_inventory(location_id, body.phone_numbers)
    return Response(status_code=204)


@router.post("/telephony/config/actions/validateNumbers/invoke", response_model_exclude_none=True)
async def validate_numbers(backend: Backend, body: ValidateNumbersRequest) -> ValidateNumbersResponse:
    return backend.validate_numbers(body.phone_numbers)


@router.post(
    "/telephony/config/locations/{locationId}/actions/validateExtensions/invoke",
    response_model_exclude_none=True,
)
async def validate_extensions(
    backend: Backend, location_id: LocationId, body: ValidateExtensionsRequest
) -> ValidateExtensionsResponse:
    return backend.validate_extensions(location_id, body.extensions)
