"""`SandboxServer`: the sandbox on a loopback port, in a background thread.

    with SandboxServer() as server:      # port 0 picks a free port; db None = temporary file
        requests.get(server.url + "/v1/people", ...)

Used by the pytest fixtures, the demo and `callplan sandbox serve`.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Iterable
from pathlib import Path
from types import TracebackType

import uvicorn
from uvicorn.protocols.http.h11_impl import H11Protocol

from callplan_provider.sandbox.app import TRANSPORT_KEY, create_app
from callplan_provider.sandbox.faults import FaultBook, FaultRule
from callplan_provider.sandbox.ratelimit import RateLimiter
from callplan_provider.sandbox.requestlog import RequestLog
from callplan_provider.sandbox.store import Store


class _DroppableH11Protocol(H11Protocol):
    """uvicorn's h11 protocol, exposing each connection's transport to the app (request state),
    so a `drop_after_commit` fault can really close the TCP connection."""

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self.app_state = {**self.app_state, TRANSPORT_KEY: transport}


KEEP_ALIVE_SECONDS = 75  # how long an idle connection stays open, as common web servers do


class SandboxServer:
    def __init__(
        self,
        db: str | Path | None = None,
        port: int = 0,
        host: str = "127.0.0.1",
        *,
        faults: Iterable[FaultRule] = (),
        rate_limit: float | None = None,
    ) -> None:
        self.store = Store(db)
        self.faults = FaultBook()
        for rule in faults:
            self.faults.add(rule)
        self.rate_limiter = RateLimiter(rate_limit)
        self.requests = RequestLog()
        self.app = create_app(
            self.store, faults=self.faults, rate_limiter=self.rate_limiter, request_log=self.requests
        )
        self._config = uvicorn.Config(
            self.app,
            host=host,
            port=port,
            log_level="warning",
            lifespan="off",
            http=_DroppableH11Protocol,
            # uvicorn's 5 s closes pooled connections while a slow client (a loaded machine, a test's
            # setup) is about to reuse them: the POST then fails with its outcome unknown.
            timeout_keep_alive=KEEP_ALIVE_SECONDS,
        )
        self._server = uvicorn.Server(self._config)
        self._thread: threading.Thread | None = None
        self.host = host

    @property
    def port(self) -> int:
        return int(self._server.servers[0].sockets[0].getsockname()[1])

    @property
    def url(self) -> str:
        """The base URL, without the `/v1` API prefix."""
        return f"http://{self.host}:{self.port}"

    @property
    def is_running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def start(self) -> SandboxServer:
        self._thread = threading.Thread(target=self._server.run, name="callplan-sandbox", daemon=True)
        self._thread.start()
        deadline = time.monotonic() + 30
        while not self._server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("the sandbox did not start")
            time.sleep(0.01)
        return self

    def stop(self) -> None:
        self._server.should_exit = True
        if self._thread is not None:
            self._thread.join(timeout=10)
        self.store.close()

    def __enter__(self) -> SandboxServer:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()
