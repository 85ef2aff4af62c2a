"""The sandbox's FastAPI application.

Per API request (`/v1/...`), in this order: tracking id → rate limit (429) → auth (401/403) →
the organisation it acts in (the token's, or the `orgId` — in the query, or in the body where Webex
takes it there — of one a partner's token administers; else 403) →
a JSON body holding a lone UTF-16 surrogate refused (400) → injected faults (latency, 429 storm) →
one serialised store transaction around the route → injected failure before or after commit →
error body. Every reply's `Date` header is the sandbox clock's (as a real API's is its own clock).
A reply of status >= 400 rolls the transaction back, so a refused request leaves
nothing behind (except a refusal that must be remembered: `SandboxError.keeps_changes`).
`/_sandbox/...` control requests skip auth, limits and faults; when the app has a control token
they need it in the `X-Sandbox-Control-Token` header (401 otherwise).

Routes must be `async def`: the transaction is held on the event loop's thread and requests are
serialised by an asyncio lock. They reach their organisation through `Depends(org_backend)`.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import re
import secrets
import time
from collections.abc import Awaitable, Callable
from email.utils import format_datetime
from typing import Annotated, Any, TypeVar

from fastapi import Depends, FastAPI, Query, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from callplan_provider.sandbox.backend import OrgBackend
from callplan_provider.sandbox.backend.control import Control, Grant
from callplan_provider.sandbox.bootstrap import CONTROL_TOKEN_HEADER
from callplan_provider.sandbox.errors import (
    BadRequest,
    ControlTokenRequired,
    Forbidden,
    InjectedFailure,
    SandboxError,
    TooManyRequests,
    Unauthorized,
    UnknownRoute,
)
from callplan_provider.sandbox.faults import FaultBook, FaultRule
from callplan_provider.sandbox.ids import tracking_id
from callplan_provider.sandbox.ratelimit import RateLimiter
from callplan_provider.sandbox.requestlog import RequestLog
from callplan_provider.sandbox.store import Store

API_PREFIX = "/v1"
ADMIN_PREFIX = "/_sandbox"
TRANSPORT_KEY = "callplan_transport"  # set in the request scope's state by `server.py`'s protocol
_BAD_BODY_ERROR = "callplan_bad_body_error"
# A surrogate in JSON: a `\uD800`-`\uDFFF` escape, or its UTF-8-like bytes (which `json.loads` lets through).
_SURROGATE = re.compile(rb"\\u[dD][89a-fA-F]|\xed[\xa0-\xbf]")
Endpoint = TypeVar("Endpoint", bound=Callable[..., Any])


def refuses_bad_bodies_with(error: type[SandboxError]) -> Callable[[Endpoint], Endpoint]:
    """Mark a route whose malformed body gets `error` (its operation's own code), not `BadRequest`."""

    def mark(endpoint: Endpoint) -> Endpoint:
        setattr(endpoint, _BAD_BODY_ERROR, error)
        return endpoint

    return mark


class _Rollback(Exception):
    pass


def error_response(error: SandboxError, tracking: str, *, status: int | None = None) -> JSONResponse:
    return JSONResponse(
        error.wire_body(tracking),
        status_code=status or error.status,
        headers={"TrackingID": tracking, **error.headers()},
    )


def org_backend(request: Request) -> OrgBackend:
    """FastAPI dependency: the backend of the caller's organisation."""
    backend: OrgBackend = request.state.backend
    return backend


def acting_org(
    org_id: Annotated[
        str | None,
        Query(
            alias="orgId",
            description="The organisation to act in: a customer organisation the partner token "
            "administers (default: the token's own).",
        ),
    ] = None,
) -> None:
    """Declares `orgId` on every API operation; the organisation was chosen before the route ran."""


async def _requested_org(request: Request) -> str | None:
    """The organisation a request names: the `orgId` query parameter, else the `orgId` of a JSON
    body (where Webex takes it: creating or updating a person, assigning licences); both must agree."""
    in_query = request.query_params.get("orgId") or None
    in_body = await _body_org_id(request)
    if in_query and in_body and in_query != in_body:
        raise BadRequest(reason=f"orgId {in_query} in the query and {in_body} in the body differ")
    return in_query or in_body


async def _body_org_id(request: Request) -> str | None:
    if request.method not in ("POST", "PUT", "PATCH"):
        return None
    body = await request.body()
    if b'"orgId"' not in body:
        return None
    try:
        parsed = json.loads(body)
    except ValueError:
        return None  # not JSON: the route's own parsing answers
    org_id = parsed.get("orgId") if isinstance(parsed, dict) else None
    return org_id if isinstance(org_id, str) and org_id else None


def _bearer(request: Request) -> str:
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    return token.strip() if scheme.lower() == "bearer" else ""


def _authorise(control: Control, request: Request) -> Grant:
    token = _bearer(request)
    grant = control.resolve_token(token) if token else None
    if grant is None:
        raise Unauthorized()
    if request.method not in ("GET", "HEAD") and grant.scope != "admin":
        raise Forbidden(scope="admin")
    return grant


def _limit_key(request: Request) -> str:
    token = _bearer(request)
    if token:
        return hashlib.sha256(token.encode()).hexdigest()
    return f"client:{request.client.host if request.client else '?'}"


async def _drop_connection(request: Request) -> None:
    """Close the TCP connection without a reply (the client sees a connection error)."""
    transport: Any = request.scope.get("state", {}).get(TRANSPORT_KEY)
    if transport is None:
        raise RuntimeError("dropping a connection needs the sandbox's own uvicorn protocol (SandboxServer)")
    transport.abort()
    await asyncio.sleep(0)  # let uvicorn see the connection is lost, so it writes nothing more


def _failure(rule: FaultRule, request: Request) -> InjectedFailure:
    return InjectedFailure(mode=rule.mode, method=request.method, path=request.url.path)


def _lone_surrogate(value: Any, where: str) -> str | None:
    """Where in a parsed JSON value a string holds a lone UTF-16 surrogate (valid JSON, invalid text)."""
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return where
        return None
    if isinstance(value, dict):
        items: Any = value.items()
    elif isinstance(value, list):
        items = enumerate(value)
    else:
        return None
    for key, item in items:
        found = _lone_surrogate(key, where) or _lone_surrogate(item, f"{where}.{key}")
        if found:
            return found
    return None


async def _refuse_invalid_text(request: Request) -> None:
    """Refuse a JSON body whose strings are not valid Unicode, before any route or model sees it."""
    body = await request.body()
    if not _SURROGATE.search(body):
        return
    try:
        parsed = json.loads(body)
    except ValueError:
        return  # not JSON: the route's own parsing answers
    where = _lone_surrogate(parsed, "body")
    if where is not None:
        raise BadRequest(reason=f"{where} holds a lone UTF-16 surrogate; text must be valid Unicode")


def _require_control_token(expected: str | None, request: Request) -> None:
    if expected is None:
        return
    given = request.headers.get(CONTROL_TOKEN_HEADER, "")
    if not secrets.compare_digest(given.encode(), expected.encode()):
        raise ControlTokenRequired(header=CONTROL_TOKEN_HEADER)


def create_app(
    store: Store,
    *,
    faults: FaultBook | None = None,
    rate_limiter: RateLimiter | None = None,
    request_log: RequestLog | None = None,
    control_token: str | None = None,
) -> FastAPI:
    from callplan_provider.sandbox.routes import ADMIN_ROUTERS, API_ROUTERS  # routes import this module

    control = Control(store)
    app = FastAPI(title="callplan sandbox", version="1", description=__doc__)
    app.state.control = control
    app.state.faults = faults or FaultBook()
    app.state.rate_limiter = rate_limiter or RateLimiter()
    app.state.request_log = request_log if request_log is not None else RequestLog()
    serial = asyncio.Lock()

    @app.exception_handler(SandboxError)
    async def sandbox_error(request: Request, exc: SandboxError) -> JSONResponse:
        request.state.keep_changes = exc.keeps_changes
        return error_response(exc, request.state.tracking_id)

    @app.exception_handler(StarletteHTTPException)
    async def routing_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        if exc.status_code == 400:  # a body FastAPI could not parse (not JSON, not UTF-8)
            return error_response(BadRequest(reason=exc.detail), request.state.tracking_id)
        error = UnknownRoute(method=request.method, path=request.url.path, reason=exc.detail)
        return error_response(error, request.state.tracking_id, status=exc.status_code)

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
        reasons = "; ".join(
            f"{'.'.join(str(p) for p in e['loc'][1:]) or 'body'}: {e['msg']}" for e in exc.errors()
        )
        endpoint = getattr(request.scope.get("route"), "endpoint", None)
        error: type[SandboxError] = getattr(endpoint, _BAD_BODY_ERROR, BadRequest)
        return error_response(error(reason=reasons), request.state.tracking_id)

    async def run_in_transaction(
        request: Request, call_next: Callable[[Request], Awaitable[Response]], *, keep: bool = True
    ) -> Response:
        response: Response | None = None
        try:
            with store.transaction():
                response = await call_next(request)
                refused = response.status_code >= 400 and not getattr(request.state, "keep_changes", False)
                if refused or not keep:
                    raise _Rollback
        except _Rollback:
            pass
        assert response is not None
        return response

    async def api_request(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        tracking = request.state.tracking_id
        retry_after = app.state.rate_limiter.check(_limit_key(request))
        if retry_after is not None:
            return _throttled(retry_after, tracking)
        async with serial:
            started = time.perf_counter()
            grant = _authorise(control, request)
            request.state.backend = control.backend_for(grant, await _requested_org(request))
            request.state.server_s = time.perf_counter() - started
        await _refuse_invalid_text(request)
        triggered = app.state.faults.take(request.method, request.url.path)
        if triggered.latency_s:
            await asyncio.sleep(triggered.latency_s)
        rule = triggered.failure
        if rule is not None and rule.mode == "throttle":
            return _throttled(rule.retry_after, tracking, status=rule.status)
        async with serial:
            started = time.perf_counter()
            keep = rule is None or rule.mode != "fail_before_commit"
            response = await run_in_transaction(request, call_next, keep=keep)
            request.state.server_s += time.perf_counter() - started
        if rule is None or response.status_code >= 400:
            return response
        if rule.mode == "drop_after_commit":
            await _drop_connection(request)
        default_status = 500 if rule.mode == "fail_before_commit" else 502
        return error_response(_failure(rule, request), tracking, status=rule.status or default_status)

    @app.middleware("http")
    async def per_request(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        tracking = request.headers.get("trackingid") or tracking_id()
        request.state.tracking_id = tracking
        try:
            if request.url.path.startswith(API_PREFIX + "/"):
                response = await api_request(request, call_next)
            else:
                if request.url.path.startswith(ADMIN_PREFIX + "/"):
                    _require_control_token(control_token, request)
                await _refuse_invalid_text(request)
                async with serial:
                    response = await run_in_transaction(request, call_next)
        except SandboxError as exc:
            response = error_response(exc, tracking)
        response.headers["TrackingID"] = tracking
        response.headers["Date"] = format_datetime(control.now(), usegmt=True)
        if request.url.path.startswith(API_PREFIX + "/"):
            backend = getattr(request.state, "backend", None)
            server_s = getattr(request.state, "server_s", None)
            app.state.request_log.record(
                request.method,
                request.url.path,
                response.status_code,
                getattr(backend, "org_id", None),
                server_ms=None if server_s is None else round(server_s * 1000, 2),
            )
        return response

    for router in API_ROUTERS:
        app.include_router(router, prefix=API_PREFIX, dependencies=[Depends(acting_org)])
    for router in ADMIN_ROUTERS:
        app.include_router(router, prefix=ADMIN_PREFIX)
    return app


def _throttled(retry_after: int, tracking: str, *, status: int | None = None) -> JSONResponse:
    response = error_response(TooManyRequests(retry_after=retry_after), tracking, status=status)
    response.headers["Retry-After"] = str(retry_after)
    return response
