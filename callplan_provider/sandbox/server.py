"""`SandboxServer`: the sandbox on a loopback port, in a background thread.

    with SandboxServer() as server:      # port 0 picks a free port; db None = temporary file
        requests.get(server.url + "/v1/people", ...)

Used by the pytest fixtures, the demo and `callplan sandbox serve`.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path
from types import TracebackType

import uvicorn

from callplan_provider.sandbox.app import create_app
from callplan_provider.sandbox.store import Store


class SandboxServer:
    def __init__(self, db: str | Path | None = None, port: int = 0, host: str = "127.0.0.1") -> None:
        self.store = Store(db)
        self.app = create_app(self.store)
        self._config = uvicorn.Config(self.app, host=host, port=port, log_level="warning", lifespan="off")
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
