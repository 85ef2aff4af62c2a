"""Sandbox-only port-order controls under `/_sandbox/` (no token: orders are found across orgs).

- `POST /portOrders/{portOrderId}/exception` `{"code", "phoneNumbers"?}` → 200 with the order:
  the losing carrier rejects it (ACCOUNT_NUMBER_MISMATCH, PIN_INVALID, NAME_MISMATCH,
  NUMBER_NOT_PORTABLE; `phoneNumbers` names the refused numbers, default the first one). 409 on
  a COMPLETED or CANCELLED order.
- `POST /portOrders/{portOrderId}/advance` `{"to"?}` → 200 with the order: run the next lifecycle
  step now (or every step up to `to`), whatever the clock says. The clock (`/_sandbox/clock`)
  remains the ordinary way to move orders.
Bodies refuse unknown fields (400 naming the field).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Request
from pydantic import ConfigDict

from callplan_provider.models.base import ApiModel
from callplan_provider.models.port_orders import PortExceptionCode, PortOrder, PortOrderStatus
from callplan_provider.sandbox.backend import OrgBackend
from callplan_provider.sandbox.backend.control import Grant
from callplan_provider.sandbox.backend.port_orders import port_order_org
from callplan_provider.sandbox.errors import NotFound
from callplan_provider.sandbox.routes.admin import control_of

router = APIRouter(tags=["sandbox controls"])
PortOrderId = Annotated[str, Path(alias="portOrderId")]


class PortException(ApiModel):
    model_config = ConfigDict(extra="forbid")  # a control body: a misspelt field is a 400, not ignored

    code: PortExceptionCode
    phone_numbers: list[str] | None = None


class PortAdvance(ApiModel):
    model_config = ConfigDict(extra="forbid")  # a control body: a misspelt field is a 400, not ignored

    to: PortOrderStatus | None = None


def _backend_of_order(request: Request, order_id: str) -> OrgBackend:
    control = control_of(request)
    org_id = port_order_org(control.store, order_id)
    if org_id is None:
        raise NotFound(kind="port order", id=order_id)
    return control.backend_for(Grant(org_id=org_id, scope="admin"))


@router.post("/portOrders/{portOrderId}/exception", response_model_exclude_none=True)
async def raise_port_exception(request: Request, order_id: PortOrderId, body: PortException) -> PortOrder:
    return _backend_of_order(request, order_id).raise_port_exception(order_id, body.code, body.phone_numbers)


@router.post("/portOrders/{portOrderId}/advance", response_model_exclude_none=True)
async def advance_port_order(
    request: Request, order_id: PortOrderId, body: PortAdvance | None = None
) -> PortOrder:
    return _backend_of_order(request, order_id).advance_port_order(order_id, body.to if body else None)
