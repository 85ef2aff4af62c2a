"""Shared fixtures: one sandbox server per session, a fresh activated organisation per test.

- `sandbox`: a `SandboxServer` on a free loopback port with a temporary database.
- `org`: a new `OrgHandle` (US, BUSINESS, 10 licences, two seeded numbers, a free main number);
  `org.session()` is a `requests.Session` with the admin token, `org.session(read_only=True)`
  with the read-only one.
- Fault rules, the rate limit and the clock are reset after every test that used the sandbox.
"""

import os

os.environ["CALLPLAN_STRICT_MODELS"] = "1"  # before any import of the package: models refuse drift

from collections.abc import Iterator
from itertools import count

import pytest
import requests

from callplan_provider.sandbox.bootstrap import OrgHandle, create_activated_org
from callplan_provider.sandbox.server import SandboxServer

_numbers = count(100)


def seed_numbers(how_many: int) -> list[str]:
    """Distinct valid US numbers (415-555-01xx, then 02xx...), unique within the test session."""
    return [f"+1415555{next(_numbers):04d}" for _ in range(how_many)]


@pytest.fixture(scope="session")
def sandbox() -> Iterator[SandboxServer]:
    with SandboxServer(port=0) as server:
        yield server


@pytest.fixture
def org(sandbox: SandboxServer) -> OrgHandle:
    return create_activated_org(sandbox.url, numbers=seed_numbers(2))


@pytest.fixture
def api(org: OrgHandle) -> Iterator[requests.Session]:
    """A session with the org's admin token."""
    with org.session() as session:
        yield session


@pytest.fixture(autouse=True)
def reset_faults(request: pytest.FixtureRequest) -> Iterator[None]:
    """Fault rules, the rate limit and clock moves never leak from one test into the next."""
    yield
    if "sandbox" not in request.fixturenames:
        return
    server: SandboxServer = request.getfixturevalue("sandbox")
    server.faults.clear()
    server.rate_limiter.set_rate(None)
    server.app.state.control.reset_clock()
