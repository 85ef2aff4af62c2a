"""Shared fixtures: one sandbox server per session, a fresh activated organisation per test.

- `sandbox`: a `SandboxServer` on a free loopback port with a temporary database.
- `org`: a new `OrgHandle` (US, BUSINESS, 10 licences, two seeded numbers, a free main number);
  `org.session()` is a `requests.Session` with the admin token, `org.session(read_only=True)`
  with the read-only one.
- Fault rules, the rate limit and the clock are reset after every test that used the sandbox.
- The tests of `DATE_SENSITIVE` modules are marked `dates`: `make test` runs them again under
  shifted clocks (`scripts/shifted-clocks.sh`), so none may assume an hour of the wall clock.
- Live mode (`CALLPLAN_TEST_ENDPOINT`, see `tests/live.py`): `org` is the organisation given by
  the environment, `sandbox` skips, tests marked `sandbox_only` and the sandbox's own tests skip
  saying why, and what a test created (it carries `tests.live.PREFIX`) is swept after it.
"""

import os

os.environ["CALLPLAN_STRICT_MODELS"] = "1"  # before any import of the package: models refuse drift

from collections.abc import Iterator
from itertools import count

import pytest
import requests

from callplan_provider.sandbox.bootstrap import OrgHandle, create_activated_org
from callplan_provider.sandbox.server import SandboxServer
from tests import live

# One check, run last in every run, that no token, PIN or document byte leaked (see its docstring).
pytest_plugins = ("tests.secrets_guard",)

_numbers = count(2000)  # above the literal numbers tests use (a number belongs to one org)

# Modules whose rules depend on the date: port orders and their documents (bill age, LOA time,
# lifecycle), business days.
DATE_SENSITIVE = (
    "tests/sandbox/test_port_orders.py",
    "tests/sandbox/test_port_documents.py",
    "tests/sandbox/test_port_order_lifecycle.py",
    "tests/sandbox/test_port_order_pin.py",
    "tests/sandbox/test_cli.py",
    "tests/unit/test_business_days.py",
    "tests/unit/test_port_order.py",
    "tests/unit/test_port_order_properties.py",
    "tests/unit/test_port_order_resource.py",
    "tests/unit/test_port_order_rules.py",
    "tests/provider/test_port_order.py",
    "tests/provider/test_port_order_host.py",
    "tests/sweep/test_apply_port_order.py",
    "tests/provider/test_fault_matrix_port_order.py",
)


# What live mode never runs: the tests of the sandbox itself.
SANDBOX_ITSELF = ("tests/sandbox/", "tests/sweep/")
LIVE = live.live_org()


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    root = config.rootpath
    for item in items:
        path = item.path.relative_to(root).as_posix()
        if path in DATE_SENSITIVE:
            item.add_marker(pytest.mark.dates)
        if LIVE is not None:
            skip_in_live_mode(item, path)


def skip_in_live_mode(item: pytest.Item, path: str) -> None:
    """Skip a test that needs the sandbox, saying what it needs (`@pytest.mark.sandbox_only("what")`)."""
    needs = [str(arg) for mark in item.iter_markers("sandbox_only") for arg in mark.args]
    if path.startswith(SANDBOX_ITSELF):
        needs.append("tests the sandbox itself")
    if needs:
        item.add_marker(pytest.mark.skip(reason=f"live mode: needs the sandbox ({'; '.join(needs)})"))


@pytest.fixture(scope="session", autouse=True)
def _live_sweeper() -> Iterator[None]:
    """Live mode: register the token with the secrets guard; sweep the run's objects at the end."""
    if LIVE is None:
        yield
        return
    from tests.secrets_guard import GUARD

    GUARD.add_secret("token", LIVE.admin_token)
    try:
        yield
    finally:
        failures = LIVE.sweep()
        assert not failures, f"the sweeper could not delete: {failures}"


def seed_numbers(how_many: int) -> list[str]:
    """Distinct valid US numbers (415-555-2000 upward), unique within the test session."""
    return [f"+1415555{next(_numbers):04d}" for _ in range(how_many)]


@pytest.fixture(scope="session")
def sandbox() -> Iterator[SandboxServer]:
    if LIVE is not None:
        pytest.skip("live mode: needs the embedded sandbox")
    with SandboxServer(port=0) as server:
        yield server


if LIVE is None:

    @pytest.fixture
    def org(sandbox: SandboxServer) -> OrgHandle:
        return create_activated_org(sandbox.url, numbers=seed_numbers(2))

else:

    @pytest.fixture
    def org() -> Iterator[live.LiveOrg]:
        """The organisation of live mode; what the test made there (it carries the prefix) is swept."""
        assert LIVE is not None
        try:
            yield LIVE
        finally:
            failures = LIVE.sweep()
            assert not failures, f"the sweeper could not delete: {failures}"


@pytest.fixture
def api(org: OrgHandle) -> Iterator[requests.Session]:
    """A session with the org's admin token."""
    with org.session() as session:
        yield session


@pytest.fixture(autouse=True)
def fresh_preview_state() -> Iterator[None]:
    """What check learnt of the program and the organisation belongs to one test (one process)."""
    from callplan_provider.resources import preview

    preview.reset()
    yield
    preview.reset()


@pytest.fixture(autouse=True)
def reset_faults(request: pytest.FixtureRequest) -> Iterator[None]:
    """Fault rules, the rate limit and clock moves never leak from one test into the next."""
    yield
    if LIVE is not None or "sandbox" not in request.fixturenames:
        return
    server: SandboxServer = request.getfixturevalue("sandbox")
    server.faults.clear()
    server.rate_limiter.set_rate(None)
    server.app.state.control.reset_clock()
