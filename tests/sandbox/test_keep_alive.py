"""The sandbox keeps idle connections open long enough for a slow client to reuse them.

With uvicorn's default of 5 s, a pooled connection was closed just as a test on a loaded machine
reused it, and that POST failed with its outcome unknown (seen under the shifted clocks).
"""

from __future__ import annotations

from callplan_provider.sandbox.server import SandboxServer


def test_sandbox_keeps_an_idle_connection_open_for_a_minute_or_more():
    server = SandboxServer(port=0)
    try:
        assert server._config.timeout_keep_alive >= 60
    finally:
        server.store.close()
