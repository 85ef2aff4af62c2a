"""Sandbox-only controls under `/_sandbox/` (never part of the real API; no token needed).

- `POST /orgs` buys a plan → 201 `{orgId, activationCode, locationId, ownerEmail, ownerId,
  numbers, mainNumber}`; `POST /orgs/{orgId}/activate` `{activationCode}` → `{accessToken,
  readOnlyToken}` (wrong code 403, second activation 409); `GET /orgs` lists org ids.
- `GET /clock`; `POST /clock/advance` `{days, hours, businessDays, country}`;
  `PUT /clock` `{frozen, now}` (freeze at / run from an instant); `DELETE /clock`: real time again.
- `GET|POST|DELETE /faults`, `DELETE /faults/{id}` (see `sandbox/faults.py`).
- `GET|PUT /rate-limit` `{requestsPerSecond}` (null: off).
- `GET /requests[?since=N]` → the API requests answered so far (`{total, items, counts}`: method,
  path, status, org), `DELETE /requests` empties the log (see `sandbox/requestlog.py`).
- `POST /reset`: forget everything (orgs, tokens, clock, faults, rate limit).

Every request body here refuses unknown fields (400 naming the field): a misspelt control must
not silently do nothing. The API's own wire models (`callplan_provider.models`) stay tolerant.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Path, Query, Request, Response
from pydantic import ConfigDict, Field

from callplan_provider.models.base import ApiModel
from callplan_provider.sandbox.backend.control import (
    Activation,
    ClockState,
    Control,
    Purchase,
    PurchaseRequest,
)
from callplan_provider.sandbox.errors import NotFound
from callplan_provider.sandbox.faults import FaultBook, FaultList, FaultRule
from callplan_provider.sandbox.ratelimit import RateLimiter, RateLimitSetting
from callplan_provider.sandbox.requestlog import RequestLog, RequestLogPage

router = APIRouter(tags=["sandbox controls"])
OrgId = Annotated[str, Path(alias="orgId")]


class ActivateRequest(ApiModel):
    model_config = ConfigDict(extra="forbid")  # a control body: a misspelt field is a 400, not ignored

    activation_code: str


class OrgIdList(ApiModel):
    items: list[str] = Field(default_factory=list)


class ClockAdvance(ApiModel):
    model_config = ConfigDict(extra="forbid")  # a control body: a misspelt field is a 400, not ignored

    days: float = Field(default=0, ge=0)
    hours: float = Field(default=0, ge=0)
    business_days: int = Field(default=0, ge=0)
    country: str = "US"


class ClockSetting(ApiModel):
    model_config = ConfigDict(extra="forbid")  # a control body: a misspelt field is a 400, not ignored

    frozen: bool
    now: datetime | None = None


def control_of(request: Request) -> Control:
    """The sandbox's `Control`, for the routes under `/_sandbox/`."""
    control: Control = request.app.state.control
    return control


def _faults(request: Request) -> FaultBook:
    faults: FaultBook = request.app.state.faults
    return faults


def _limiter(request: Request) -> RateLimiter:
    limiter: RateLimiter = request.app.state.rate_limiter
    return limiter


@router.post("/orgs", status_code=201, response_model_exclude_none=True)
async def create_org(request: Request, body: PurchaseRequest) -> Purchase:
    return control_of(request).create_org(body)


@router.get("/orgs")
async def list_orgs(request: Request) -> OrgIdList:
    return OrgIdList(items=control_of(request).org_ids())


@router.post("/orgs/{orgId}/activate")
async def activate_org(request: Request, org_id: OrgId, body: ActivateRequest) -> Activation:
    return control_of(request).activate(org_id, body.activation_code)


@router.get("/clock")
async def get_clock(request: Request) -> ClockState:
    return control_of(request).clock_state()


@router.post("/clock/advance")
async def advance_clock(request: Request, body: ClockAdvance) -> ClockState:
    control = control_of(request)
    control.advance_clock(
        days=body.days, hours=body.hours, business_days=body.business_days, country=body.country
    )
    return control.clock_state()


@router.put("/clock")
async def set_clock(request: Request, body: ClockSetting) -> ClockState:
    control = control_of(request)
    control.set_clock(frozen=body.frozen, at=body.now)
    return control.clock_state()


@router.delete("/clock")
async def reset_clock(request: Request) -> ClockState:
    control = control_of(request)
    control.reset_clock()
    return control.clock_state()


@router.get("/faults", response_model_exclude_none=True)
async def list_faults(request: Request) -> FaultList:
    return FaultList(items=_faults(request).rules())


@router.post("/faults", status_code=201, response_model_exclude_none=True)
async def add_fault(request: Request, body: FaultRule) -> FaultRule:
    return _faults(request).add(body)


@router.delete("/faults", status_code=204)
async def clear_faults(request: Request) -> Response:
    _faults(request).clear()
    return Response(status_code=204)


@router.delete("/faults/{faultId}", status_code=204)
async def remove_fault(request: Request, fault_id: Annotated[str, Path(alias="faultId")]) -> Response:
    if not _faults(request).remove(fault_id):
        raise NotFound(kind="fault", id=fault_id)
    return Response(status_code=204)


@router.get("/rate-limit")
async def get_rate_limit(request: Request) -> RateLimitSetting:
    return RateLimitSetting(requests_per_second=_limiter(request).requests_per_second)


@router.put("/rate-limit")
async def set_rate_limit(request: Request, body: RateLimitSetting) -> RateLimitSetting:
    _limiter(request).set_rate(body.requests_per_second)
    return body


def _request_log(request: Request) -> RequestLog:
    log: RequestLog = request.app.state.request_log
    return log


@router.get("/requests")
async def list_requests(request: Request, since: Annotated[int, Query(ge=0)] = 0) -> RequestLogPage:
    return _request_log(request).page(since)


@router.delete("/requests", status_code=204)
async def clear_requests(request: Request) -> Response:
    _request_log(request).clear()
    return Response(status_code=204)


@router.post("/reset", status_code=204)
async def reset(request: Request) -> Response:
    control_of(request).reset()
    _faults(request).clear()
    _limiter(request).set_rate(None)
    _request_log(request).clear()
    return Response(status_code=204)
