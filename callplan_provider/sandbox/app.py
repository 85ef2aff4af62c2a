"""The sandbox's FastAPI application.

Per request, in this order: tracking id → auth (401/403) → one serialised store transaction
around the route → error body. A reply of status >= 400 rolls the transaction back, so a refused
request leaves nothing behind. Routes must be `async def`: the transaction is held on the event
loop's thread and requests are serialised by an asyncio lock.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

from fastapi import FastAPI, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from callplan_provider.models.base import ErrorBody, ErrorItem
from callplan_provider.sandbox.backend import OrgBackend
from callplan_provider.sandbox.backend.control import Control, Grant
from callplan_provider.sandbox.errors import BadRequest, Forbidden, SandboxError, Unauthorized
from callplan_provider.sandbox.ids import tracking_id
from callplan_provider.sandbox.routes import ADMIN_ROUTERS, API_ROUTERS
from callplan_provider.sandbox.store import Store

API_PREFIX = "/v1"
ADMIN_PREFIX = "/_sandbox"


class _Rollback(Exception):
    pass


def error_response(error: SandboxError, tracking: str) -> JSONResponse:
    body = ErrorBody(
        message=error.description,
        errors=[ErrorItem(description=error.description, error_code=error.error_code)],
        tracking_id=tracking,
    )
    return JSONResponse(body.to_wire(), status_code=error.status, headers={"TrackingID": tracking})


def org_backend(request: Request) -> OrgBackend:
    """FastAPI dependency: the backend of the caller's organisation."""
    backend: OrgBackend = request.state.backend
    return backend


def _authorise(control: Control, request: Request) -> Grant:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    grant = control.resolve_token(token.strip()) if scheme.lower() == "bearer" else None
    if grant is None:
        raise Unauthorized()
    if request.method != "GET" and grant.scope != "admin":
        raise Forbidden(scope="admin")
    return grant


def create_app(store: Store) -> FastAPI:
    control = Control(store)
    app = FastAPI(title="callplan sandbox", version="1", description=__doc__)
    app.state.control = control
    serial = asyncio.Lock()

    @app.exception_handler(SandboxError)
    async def sandbox_error(request: Request, exc: SandboxError) -> JSONResponse:
        return error_response(exc, request.state.tracking_id)

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
        reasons = "; ".join(
            f"{'.'.join(str(p) for p in e['loc'][1:]) or 'body'}: {e['msg']}" for e in exc.errors()
        )
        return error_response(BadRequest(reason=reasons), request.state.tracking_id)

    @app.middleware("http")
    async def per_request(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        tracking = request.headers.get("trackingid") or tracking_id()
        request.state.tracking_id = tracking
        async with serial:
            try:
                if request.url.path.startswith(API_PREFIX + "/"):
                    request.state.backend = control.backend_for(_authorise(control, request))
                response: Response | None = None
                try:
                    with store.transaction():
                        response = await call_next(request)
                        if response.status_code >= 400:
                            raise _Rollback
                except _Rollback:
                    pass
                assert response is not None
            except SandboxError as exc:
                response = error_response(exc, tracking)
        response.headers["TrackingID"] = tracking
        return response

    for router in API_ROUTERS:
        app.include_router(router, prefix=API_PREFIX)
    for router in ADMIN_ROUTERS:
        app.include_router(router, prefix=ADMIN_PREFIX)
    return app
