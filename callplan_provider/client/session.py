"""The HTTP session of the calling-plan API: retries, timeouts, tracking ids, pages and errors.

- One `requests.Session` per process, created lazily under a lock and shared by every
  `RestSession` (the dynamic-provider host runs four calls at once; urllib3's pools are
  thread-safe). A `RestSession` only holds the endpoint, the token and the timeouts.
- Retries live once, in `CallplanRetry` on the session's adapter:
  - 429 is retried for every method, honouring `Retry-After` (capped): a 429 means the request
    was not processed, so even a POST is safe to send again;
  - 502/503/504 and dropped connections / read timeouts are retried only for idempotent methods
    (GET, PUT, DELETE, HEAD), never for POST or PATCH, whose outcome is then unknown: the caller
    gets an `ApiError` with `is_outcome_unknown` and must look the object up by its natural key
    before sending it again;
  - a connection that could not be opened is retried for every method (nothing was sent);
  - the total number of retries and the back-off are bounded; `set_backoff_factor` scales every
    back-off wait (tests set 0: no sleeping), and `backoff_seconds(attempt)` gives the same
    schedule to callers that retry a step of their own (the recovery look-ups).
- Every call has a (connect, read) timeout and a `TrackingID: CALLPLAN_<uuid>` header; the
  `Date` header of each reply is kept as `RestSession.server_date` (the API's clock).
- With an `org_id` (a partner administrator managing a customer organisation, `callplan:orgId`)
  every call carries the `orgId` query parameter: added to each request whose URL does not
  already hold it (a next-page link keeps the one the first page was asked with), never twice;
  where Webex takes the organisation in the body instead, the area's client adds it there too
  (`ApiChild.in_org`).
- `follow_pagination` yields the items of every page, following the `Link: <url>; rel="next"`
  header (`;rel` with or without a space; a relative link is resolved against the page), but
  only on the configured endpoint's scheme, host and port: a link elsewhere would carry the
  bearer token to another server, so it raises `LinkRefused` naming the link, and nothing is sent.
- Every non-2xx reply raises `ApiError(status, message, code, tracking_id, description)`; its
  text never contains the token. A list body (numbers refused one by one) becomes one error whose
  message names every refusal. `is_outcome_unknown`: the request may have been applied (no
  reply, 502/503/504); `is_transient`: trying again later may succeed (that, 429 or a 5xx). A
  call that got no reply raises `ApiError(None, ...)` whose message says from where and why:
  "no reply from http://host/v1 (connection refused)".

`ApiChild` is the base of the per-area clients: `class PeopleApi(ApiChild, base="people")`,
`self.ep(person_id)` builds the URL, `self.session` does the HTTP.
"""

from __future__ import annotations

import contextlib
import http.client
import socket
import ssl
import threading
import uuid
from collections.abc import Iterator, Mapping
from datetime import datetime
from email.utils import parsedate_to_datetime
from typing import Any, ClassVar
from urllib.parse import parse_qs, quote, urljoin, urlsplit

import requests
from requests.adapters import HTTPAdapter
from urllib3.exceptions import ConnectTimeoutError, NameResolutionError, ProtocolError, ReadTimeoutError
from urllib3.util.retry import Retry

DEFAULT_ENDPOINT = "https://webexapis.com/v1"
DEFAULT_TIMEOUT: tuple[float, float] = (5.0, 30.0)
IDEMPOTENT_METHODS = frozenset({"GET", "PUT", "DELETE", "HEAD"})
RETRY_STATUSES = frozenset({429, 502, 503, 504})
OUTCOME_UNKNOWN_STATUSES = frozenset({502, 503, 504})

Params = Mapping[str, str | int | bool | None]


class CallplanRetry(Retry):
    """urllib3 `Retry` that retries a 429 for every method and the other statuses only when idempotent.

    urllib3 gates every status retry on `allowed_methods`; a 429 is the exception because the
    server did not process the request.
    """

    def is_retry(self, method: str, status_code: int, has_retry_after: bool = False) -> bool:
        if status_code == 429:
            return bool(self.total)
        return super().is_retry(method, status_code, has_retry_after)


DEFAULT_BACKOFF_FACTOR = 0.25
BACKOFF_MAX = 10.0
_backoff_factor = DEFAULT_BACKOFF_FACTOR


def set_backoff_factor(factor: float = DEFAULT_BACKOFF_FACTOR) -> None:
    """Scale every back-off wait (urllib3's and `backoff_seconds`); tests use 0. Rebuilds the session."""
    global _backoff_factor
    _backoff_factor = factor
    reset_shared_session()


def backoff_seconds(attempt: int) -> float:
    """How long to wait before retry number `attempt` (0-based) of a step: exponential, capped."""
    return float(min(_backoff_factor * 2**attempt, BACKOFF_MAX))


def retry_policy(total: int = 6, backoff_factor: float | None = None, retry_after_max: int = 60) -> Retry:
    """The retry policy mounted on the shared session (bounded; `Retry-After` honoured up to a cap)."""
    if backoff_factor is None:
        backoff_factor = _backoff_factor
    return CallplanRetry(
        total=total,
        connect=total,
        read=total,
        status=total,
        other=0,
        redirect=0,
        allowed_methods=IDEMPOTENT_METHODS,
        status_forcelist=RETRY_STATUSES,
        backoff_factor=backoff_factor,
        backoff_max=BACKOFF_MAX,
        retry_after_max=retry_after_max,
        respect_retry_after_header=True,
        raise_on_status=False,
        raise_on_redirect=False,
    )


_session: requests.Session | None = None
_session_lock = threading.Lock()


def shared_session() -> requests.Session:
    """The process's `requests.Session`, created on first use."""
    global _session
    with _session_lock:
        if _session is None:
            session = requests.Session()
            adapter = HTTPAdapter(max_retries=retry_policy(), pool_connections=4, pool_maxsize=16)
            session.mount("http://", adapter)
            session.mount("https://", adapter)
            _session = session
        return _session


def reset_shared_session() -> None:
    """Close and forget the process's session (tests; a new one is built on next use)."""
    global _session
    with _session_lock:
        if _session is not None:
            _session.close()
        _session = None


class ApiError(Exception):
    """A failed call: HTTP status (None when no reply came), API message, errorCode, tracking id."""

    def __init__(
        self,
        status: int | None,
        message: str,
        code: int | None = None,
        tracking_id: str | None = None,
        description: str | None = None,
        *,
        method: str = "",
        url: str = "",
    ) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.code = code
        self.tracking_id = tracking_id
        self.description = description
        self.method = method
        self.url = url

    @property
    def is_not_found(self) -> bool:
        return self.status == 404

    @property
    def is_conflict(self) -> bool:
        return self.status == 409

    @property
    def is_outcome_unknown(self) -> bool:
        """No reply, or a gateway error: the server may or may not have applied the request."""
        return self.status is None or self.status in OUTCOME_UNKNOWN_STATUSES

    @property
    def is_transient(self) -> bool:
        """Trying again later may succeed: no reply, throttled (429) or a server error (5xx)."""
        return self.status is None or self.status == 429 or self.status >= 500

    def __str__(self) -> str:
        outcome = self.message if self.status is None else f"{self.status}: {self.message}"
        parts = [f"{self.method} {self.url}".strip(), outcome]
        if self.description and self.description != self.message:
            parts.append(self.description)
        if self.code is not None:
            parts.append(f"errorCode {self.code}")
        if self.tracking_id:
            parts.append(f"trackingId {self.tracking_id}")
        return " — ".join(p for p in parts if p)

    @classmethod
    def from_response(cls, response: requests.Response, token: str) -> ApiError:
        """Parse a Webex error body; fall back to the reason phrase. The token is scrubbed."""
        try:
            body = response.json()
        except ValueError:
            body = None
        if isinstance(body, list):
            body = _per_item_errors(body)
        body = body if isinstance(body, dict) else {}
        errors = body.get("errors") if isinstance(body.get("errors"), list) else []
        first = errors[0] if errors and isinstance(errors[0], dict) else {}
        code = first.get("errorCode", body.get("errorCode"))
        message = str(body.get("message") or response.reason or "HTTP error")
        description = first.get("description")
        tracking = body.get("trackingId") or response.headers.get("TrackingID")
        return cls(
            response.status_code,
            _scrub(message, token),
            code if isinstance(code, int) else None,
            tracking,
            _scrub(str(description), token) if description else None,
            method=response.request.method or "",
            url=_strip_query(response.url),
        )


def _per_item_errors(items: list[Any]) -> dict[str, Any]:
    """A list body (adding numbers: one entry per refused number with its `errors`) as one error body."""
    errors = [
        error
        for item in items
        if isinstance(item, dict)
        for error in item.get("errors") or []
        if isinstance(error, dict)
    ]
    message = "; ".join(str(e.get("description")) for e in errors if e.get("description"))
    return {"message": message, "errors": errors[:1]}


class LinkRefused(ApiError):
    """A next-page link off the configured endpoint: not followed, nothing was sent."""

    def __init__(self, link: str, endpoint: str, *, url: str) -> None:
        super().__init__(
            None,
            f"refused to follow the next-page link {link}: it is not on the endpoint {endpoint} "
            "(same scheme, host and port), and following it would send the token there",
            method="GET",
            url=url,
        )

    @property
    def is_outcome_unknown(self) -> bool:
        return False

    @property
    def is_transient(self) -> bool:
        return False


def why_no_reply(exc: BaseException, timeout: tuple[float, float]) -> str:
    """Why a call got no reply, in a few words taken from the exception's causes (never its text,
    which repeats the URL and the retry history): e.g. "connection refused", "no answer within 30s".
    """
    chain = _causes(exc)
    connect, read = timeout
    if any(isinstance(e, requests.ReadTimeout | ReadTimeoutError) for e in chain):
        return f"no answer within {read:g}s"
    if any(isinstance(e, NameResolutionError | socket.gaierror) for e in chain):
        return "host name not found; check callplan:endpoint"
    if any(isinstance(e, requests.exceptions.SSLError | ssl.SSLError) for e in chain):
        return "TLS handshake failed; check callplan:endpoint and its certificate"
    reason = next((e.strerror for e in chain if isinstance(e, OSError) and e.strerror), None)
    if reason:
        return reason[0].lower() + reason[1:]
    if any(isinstance(e, ConnectTimeoutError) for e in chain):
        return f"could not connect within {connect:g}s"
    if any(isinstance(e, ProtocolError | http.client.HTTPException) for e in chain):
        return "the connection closed before the reply"
    return type(exc).__name__


def _causes(exc: BaseException) -> list[BaseException]:
    """`exc` and what it wraps: arguments that are exceptions, urllib3's `reason`, causes, contexts."""
    seen: list[BaseException] = []
    todo = [exc]
    while todo and len(seen) < 20:
        current = todo.pop(0)
        if any(current is e for e in seen):
            continue
        seen.append(current)
        wrapped = [*current.args, getattr(current, "reason", None), current.__cause__, current.__context__]
        todo.extend(e for e in wrapped if isinstance(e, BaseException))
    return seen


def _scrub(text: str, token: str) -> str:
    return text.replace(token, "***") if token else text


def _strip_query(url: str) -> str:
    return url.split("?", 1)[0]


def segment(value: str) -> str:
    """One URL path segment, escaped."""
    return quote(value, safe="")


class RestSession:
    """Calls the API at `endpoint` (which includes `/v1`) with a bearer token, in the token's own
    organisation or, for a partner's token, in the customer organisation `org_id`."""

    def __init__(
        self,
        endpoint: str,
        token: str,
        timeout: tuple[float, float] = DEFAULT_TIMEOUT,
        *,
        org_id: str | None = None,
    ) -> None:
        self.endpoint = endpoint.rstrip("/")
        self._token = token
        self.timeout = timeout
        # The API's clock: the `Date` header of the latest reply (dates are judged by it, not ours).
        self.server_date: datetime | None = None
        self.org_id = org_id or None

    def __repr__(self) -> str:
        return f"RestSession({self.endpoint!r})"

    def _with_org(self, url: str, query: dict[str, str | int] | None) -> dict[str, str | int] | None:
        """`query` with `orgId` added when the session has one and neither the URL nor `query` has it."""
        if self.org_id is None or "orgId" in parse_qs(urlsplit(url).query) or (query and "orgId" in query):
            return query
        return {**(query or {}), "orgId": self.org_id}

    def url(self, path: str) -> str:
        return f"{self.endpoint}/{path.lstrip('/')}"

    def request(
        self,
        method: str,
        url: str,
        *,
        params: Params | None = None,
        json: Any = None,
    ) -> requests.Response:
        """Send one request (retries happen underneath); raise `ApiError` unless 2xx."""
        headers = {
            "Authorization": f"Bearer {self._token}",
            "TrackingID": f"CALLPLAN_{uuid.uuid4()}",
            "Accept": "application/json",
        }
        query = self._with_org(url, _query(params))
        try:
            response = shared_session().request(
                method, url, params=query, json=json, headers=headers, timeout=self.timeout
            )
        except requests.RequestException as exc:
            raise ApiError(
                None,
                f"no reply from {self.endpoint} ({why_no_reply(exc, self.timeout)})",
                tracking_id=headers["TrackingID"],
                method=method,
                url=_strip_query(url),
            ) from None
        self._note_date(response)
        if not response.ok:
            raise ApiError.from_response(response, self._token)
        return response

    def _note_date(self, response: requests.Response) -> None:
        header = response.headers.get("Date")
        if not header:
            return
        with contextlib.suppress(TypeError, ValueError):  # a malformed header leaves the last good one
            self.server_date = parsedate_to_datetime(header)

    def get(self, url: str, params: Params | None = None) -> dict[str, Any]:
        return _json(self.request("GET", url, params=params))

    def post(self, url: str, json: Any, params: Params | None = None) -> dict[str, Any]:
        return _json(self.request("POST", url, params=params, json=json))

    def put(self, url: str, json: Any, params: Params | None = None) -> dict[str, Any]:
        return _json(self.request("PUT", url, params=params, json=json))

    def patch(self, url: str, json: Any, params: Params | None = None) -> dict[str, Any]:
        return _json(self.request("PATCH", url, params=params, json=json))

    def delete(self, url: str, params: Params | None = None) -> None:
        self.request("DELETE", url, params=params)

    def follow_pagination(
        self, url: str, params: Params | None = None, item_key: str | None = None
    ) -> Iterator[dict[str, Any]]:
        """Yield every item of every page; `params` go with the first request only."""
        next_url: str | None = url
        query = params
        while next_url is not None:
            response = self.request("GET", next_url, params=query)
            body = _json(response)
            items = _page_items(body, item_key)
            yield from items
            link = response.links.get("next", {}).get("url")
            next_url = self._on_endpoint(urljoin(response.url, link), response.url) if link else None
            query = None
            if not items:
                break

    def _on_endpoint(self, link: str, page: str) -> str:
        """`link` when it is on the endpoint's scheme, host and port; else `LinkRefused`."""
        scheme, host, port = _origin(self.endpoint)
        if _origin(link) != (scheme, host, port):
            raise LinkRefused(_scrub(link, self._token), f"{scheme}://{host}:{port}", url=_strip_query(page))
        return link


_DEFAULT_PORTS = {"http": 80, "https": 443}


def _origin(url: str) -> tuple[str, str, int | None]:
    """(scheme, host, port) with the scheme's default port filled in; host names compare lowercased."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    try:
        port = parts.port or _DEFAULT_PORTS.get(scheme)
    except ValueError:  # a port that is not a number
        port = -1
    return scheme, (parts.hostname or "").lower(), port


def _query(params: Params | None) -> dict[str, str | int] | None:
    """Drop `None`; booleans as lowercase strings, like Webex expects."""
    if params is None:
        return None
    query: dict[str, str | int] = {}
    for key, value in params.items():
        if value is None:
            continue
        query[key] = ("true" if value else "false") if isinstance(value, bool) else value
    return query


def _json(response: requests.Response) -> dict[str, Any]:
    if response.status_code == 204 or not response.content:
        return {}
    body = response.json()
    return body if isinstance(body, dict) else {"items": body}


def _page_items(body: dict[str, Any], item_key: str | None) -> list[dict[str, Any]]:
    if item_key is not None:
        items = body.get(item_key) or []
    else:
        items = next((v for v in body.values() if isinstance(v, list)), [])
    return [item for item in items if isinstance(item, dict)]


class ApiChild:
    """Base of the per-area clients: `class XApi(ApiChild, base="path/prefix")`."""

    base: ClassVar[str] = ""

    def __init_subclass__(cls, base: str = "", **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if base:
            cls.base = base.strip("/")

    def __init__(self, session: RestSession) -> None:
        self.session = session

    def in_org(self, body: dict[str, Any]) -> dict[str, Any]:
        """`body` naming the session's organisation as `orgId`, for the operations whose Webex
        document takes it in the body (creating or updating a person, assigning licences)."""
        return {**body, "orgId": self.session.org_id} if self.session.org_id else body

    def ep(self, *segments: str) -> str:
        """The URL of `base/<segment>/...`, each segment escaped."""
        tail = "/".join(segment(s) for s in segments)
        path = f"{self.base}/{tail}" if tail else self.base
        return self.session.url(path)
