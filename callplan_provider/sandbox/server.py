"""`SandboxServer`: the sandbox on a loopback port, in a background thread.

    with SandboxServer() as server:      # port 0 picks a free port; db None = temporary file
        requests.get(server.url + "/v1/people", ...)

Used by the pytest fixtures, the demo and `callplan sandbox serve`. The controls (`/_sandbox/`)
create orgs and move the clock for anyone who can reach them, so the server refuses to listen on
an address other than loopback unless a `control_token` is given; with one, every control
request must carry it (`server.control_headers()`).
"""

from __future__ import annotations

import asyncio
import ipaddress
import threading
import time
from collections.abc import Iterable
from pathlib import Path
from types import TracebackType

import uvicorn
from uvicorn.protocols.http.h11_impl import H11Protocol

from callplan_provider.sandbox.app import TRANSPORT_KEY, create_app
from callplan_provider.sandbox.bootstrap import control_headers
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


class ExposedWithoutControlToken(ValueError):
    """Serving on a non-loopback address without a control token."""


def is_loopback(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False  # a host name other than localhost may resolve to anything


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
        control_token: str | None = None,
    ) -> None:
        if not is_loopback(host) and not control_token:
            raise ExposedWithoutControlToken(
                f"refusing to serve the sandbox's controls on {host} without a control token: "
                "give one (--control-token) or serve on 127.0.0.1"
            )
        self.control_token = control_token or None
        self.store = Store(db)
        self.faults = FaultBook()
        for rule in faults:
            self.faults.add(rule)
        self.rate_limiter = RateLimiter(rate_limit)
        self.requests = RequestLog()
        self.app = create_app(
            self.store,
            faults=self.faults,
            rate_limiter=self.rate_limiter,
            request_log=self.requests,
            control_token=self.control_token,
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
            date_header=False,  # the app sends the sandbox clock's Date
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

    def control_headers(self) -> dict[str, str]:
        """Headers for requests to the controls (`/_sandbox/...`)."""
        return control_headers(self.control_token)

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
