"""The request log: every API request the sandbox answered, for tests and benchmarks that count calls.

Each entry is the method, the path (without the query), the status and the organisation whose token
made it (None before authentication, e.g. a 401), and the server's own time on it in milliseconds
(`serverMs`: authorising and running the route, without injected latency or waiting for other
requests; None when it did not run). Kept in memory, like fault rules: it is a test
instrument, not state. `GET /_sandbox/requests` reads it (`?since=N` for the entries after the
first N), `DELETE /_sandbox/requests` empties it. Controls under `/_sandbox/` are not logged.
"""

from __future__ import annotations

import threading
from collections import Counter

from pydantic import Field

from callplan_provider.models.base import ApiModel

WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


class LoggedRequest(ApiModel):
    method: str
    path: str
    status: int
    org_id: str | None = None
    server_ms: float | None = None

    @property
    def is_write(self) -> bool:
        return self.method in WRITE_METHODS


class RequestLogPage(ApiModel):
    total: int
    items: list[LoggedRequest] = Field(default_factory=list)
    counts: dict[str, int] = Field(default_factory=dict, description='"METHOD /path" → how many')


class RequestLog:
    """Thread-safe: the server thread appends while tests read."""

    def __init__(self) -> None:
        self._entries: list[LoggedRequest] = []
        self._lock = threading.Lock()

    def record(
        self, method: str, path: str, status: int, org_id: str | None, *, server_ms: float | None = None
    ) -> None:
        entry = LoggedRequest(
            method=method.upper(), path=path, status=status, org_id=org_id, server_ms=server_ms
        )
        with self._lock:
            self._entries.append(entry)

    def entries(self, since: int = 0) -> list[LoggedRequest]:
        with self._lock:
            return list(self._entries[since:])

    def __len__(self) -> int:
        with self._lock:
            return len(self._entries)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()

    def page(self, since: int = 0) -> RequestLogPage:
        with self._lock:
            total = len(self._entries)
            items = list(self._entries[since:])
        counts = Counter(f"{e.method} {e.path}" for e in items)
        return RequestLogPage(total=total, items=items, counts=dict(sorted(counts.items())))
