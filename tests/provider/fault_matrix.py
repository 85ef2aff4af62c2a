"""The fault matrix's harness: every write of every kind by every fault the sandbox injects.

A `Write` names one write of one kind (method + path glob) and prepares a `Case` on a fresh
organisation, without faults: the provider operation that sends that write, and what "converged"
means for it. `check_write_under_fault` arms one `Fault` on that write and runs the operation
through the provider class against the served sandbox. When the operation fails, it runs again
with the same arguments and no fault, as the next `pulumi up` would (the engine keeps the old
state after a failed update or delete, and nothing after a failed create). Either way it must
converge: the object as declared (a read shows no diff), and, over the whole organisation:

- 0 duplicates: one location per name, one person per e-mail, one menu per name, one open port
  order per numbers;
- 0 orphans: every schedule used by a menu, every port document referred to by an open or
  completed order;
- 0 released numbers: the inventory keeps every number it had;
- licences counted right: consumed licences = people with a calling line.

The faults: `fail_before_commit` (500, nothing done), `fail_after_commit` (502 after the change),
`drop_after_commit` (the connection closes after the change), `latency`, `throttle` (429 twice,
and ten times: more than the client retries), and the double fault: the write's reply is lost and
every look-up after it fails. A lost reply, latency and a short 429 storm must converge in the same
run; a refused write, a long storm and the double fault may fail it, and the next run converges.
No real sleeping: the back-off is 0 and throttling answers `Retry-After: 0`.
`CALLPLAN_FAULT_MATRIX_LOG=<path>` appends each outcome there (`write<TAB>fault<TAB>outcome`).
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from callplan_provider.client import CallingPlanApi
from callplan_provider.client.session import RestSession, set_backoff_factor
from callplan_provider.resources import config
from callplan_provider.resources.base import CallplanError, Reconciler
from callplan_provider.sandbox.bootstrap import OrgHandle
from callplan_provider.sandbox.faults import FaultRule
from callplan_provider.sandbox.server import SandboxServer

ONE_RUN = "converges"
TWO_RUNS = "fails, next run converges"


@dataclass(frozen=True)
class Fault:
    name: str
    rule: dict[str, Any]  # FaultRule fields besides method and path
    lookups_fail: bool = False  # the double fault: every GET after the write fails
    recoverable: bool = False  # the operation must converge in the same run


FAULTS = (
    Fault("fail_before_commit", {"mode": "fail_before_commit"}),
    Fault("fail_after_commit", {"mode": "fail_after_commit"}, recoverable=True),
    Fault("drop_after_commit", {"mode": "drop_after_commit"}, recoverable=True),
    Fault("latency", {"mode": "latency", "latency_ms": 20}, recoverable=True),
    Fault("throttle x2", {"mode": "throttle", "count": 2, "retry_after": 0}, recoverable=True),
    Fault("throttle x10", {"mode": "throttle", "count": 10, "retry_after": 0}),
    Fault("lost reply + failed look-up", {"mode": "fail_after_commit"}, lookups_fail=True),
)
FAULT_IDS = [f.name for f in FAULTS]


@dataclass
class Env:
    org: OrgHandle
    sandbox: SandboxServer
    api: CallingPlanApi
    tmp: Path


@contextmanager
def matrix_env(org: OrgHandle, sandbox: SandboxServer, tmp: Path) -> Iterator[Env]:
    """The provider's settings point at `org`; every back-off wait is 0."""
    settings = {"callplan:endpoint": org.api_url, "callplan:token": org.admin_token}
    config.configure({**settings, "callplan:locationId": org.location_id})
    set_backoff_factor(0)
    try:
        yield Env(org, sandbox, CallingPlanApi(org.api_url, org.admin_token), tmp)
    finally:
        set_backoff_factor()
        config.reset()


def inventory(env: Env) -> set[str]:
    rows = env.api.numbers.list(location_id=env.org.location_id)
    return {row.phone_number for row in rows if row.phone_number}


def assert_sound(env: Env, inventory_before: set[str]) -> None:
    """The organisation-wide invariants, read with no fault armed."""
    api, location_id = env.api, env.org.location_id
    sites = Counter(location.name for location in api.locations.list())
    assert [name for name, n in sites.items() if n > 1] == [], "duplicate locations"
    people = list(api.people.list(calling_data=True))
    emails = Counter(e.lower() for p in people for e in p.emails)
    assert [e for e, n in emails.items() if n > 1] == [], "duplicate people"
    menus = list(api.auto_attendants.list(location_id=location_id))
    assert [m for m, n in Counter(m.name for m in menus).items() if n > 1] == [], "duplicate phone menus"
    used = {api.auto_attendants.get(location_id, m.id).business_schedule for m in menus}
    assert [s.name for s in api.schedules.list(location_id) if s.name not in used] == [], "orphan schedules"
    orders = list(api.port_orders.list())
    open_numbers = Counter(
        tuple(sorted(o.phone_numbers)) for o in orders if o.status not in ("CANCELLED", "COMPLETED")
    )
    assert [o for o, n in open_numbers.items() if n > 1] == [], "duplicate port orders"
    kept = {o.id for o in orders if o.status != "CANCELLED"}
    loose = [d.id for d in api.port_documents.list() if not set(d.port_order_ids) & kept]
    assert loose == [], "orphan port documents"
    assert inventory_before - inventory(env) == set(), "released numbers"
    licence = api.licenses.find_calling()
    lines = sum(1 for p in people if p.location_id)
    assert (licence.consumed_units if licence else 0) == lines, "licences miscounted"


# --- cases ---------------------------------------------------------------------------------------


@dataclass
class Case:
    run: Callable[[], Any]  # the provider operation (run again, unchanged, after a failure)
    converged: Callable[[Any], None]  # asserts on its result


@dataclass(frozen=True)
class Write:
    kind: str
    operation: str
    method: str
    path: str  # the fault's path glob
    prepare: Callable[[Env], Case]

    @property
    def label(self) -> str:
        return f"{self.kind} {self.operation}: {self.method} {self.path}"


def checked(provider: Reconciler[Any], inputs: dict[str, Any]) -> dict[str, Any]:
    result = provider.check({}, inputs)
    assert result.failures == []
    return dict(result.inputs)


def assert_as_declared(
    provider: Reconciler[Any], id_: str, outs: dict[str, Any], inputs: dict[str, Any]
) -> None:
    read = provider.read(id_, outs)
    assert read.id == id_, "the object is gone"
    assert provider.diff(id_, read.outs, inputs).changes is False, "the object differs from the program"


def create_case(provider: Reconciler[Any], inputs: dict[str, Any]) -> Case:
    def converged(result: Any) -> None:
        assert_as_declared(provider, result.id, result.outs, inputs)

    return Case(lambda: provider.create(inputs), converged)


def update_case(provider: Reconciler[Any], made: Any, news: dict[str, Any]) -> Case:
    def converged(result: Any) -> None:
        assert_as_declared(provider, made.id, result.outs, news)

    return Case(lambda: provider.update(made.id, made.outs, news), converged)


def delete_case(provider: Reconciler[Any], made: Any, gone: Callable[[], bool] | None = None) -> Case:
    """Deleting `made`; converged when a read finds nothing (or when `gone()` says so)."""

    def converged(_: Any) -> None:
        assert gone() if gone is not None else provider.read(made.id, made.outs).id is None

    return Case(lambda: provider.delete(made.id, made.outs), converged)


# --- running a case ------------------------------------------------------------------------------


def arm(env: Env, monkeypatch: pytest.MonkeyPatch, write: Write, fault: Fault) -> None:
    """The fault on the write; for the double fault, every GET fails from the moment it is sent."""
    rule = FaultRule(method=write.method, path=write.path, **fault.rule)
    env.sandbox.faults.add(rule)
    if not fault.lookups_fail:
        return
    send = RestSession.request
    pending = [True]

    def request(session: RestSession, method: str, url: str, **kwargs: Any) -> Any:
        if pending and rule.matches(method, urlsplit(url).path):
            pending.clear()
            env.sandbox.faults.add(FaultRule(method="GET", path="*", mode="fail_before_commit", count=None))
        return send(session, method, url, **kwargs)

    monkeypatch.setattr(RestSession, "request", request)


def run_as_the_engine_would(env: Env, monkeypatch: pytest.MonkeyPatch, case: Case) -> tuple[str, Any]:
    """The operation; after a failure, the same operation again with no fault (the next `pulumi up`)."""
    try:
        return ONE_RUN, case.run()
    except CallplanError as failed:
        message = str(failed)
        assert env.org.admin_token not in message and "Traceback" not in message
    env.sandbox.faults.clear()
    monkeypatch.undo()
    return TWO_RUNS, case.run()


def check_write_under_fault(env: Env, monkeypatch: pytest.MonkeyPatch, write: Write, fault: Fault) -> None:
    case = write.prepare(env)
    before = inventory(env)
    arm(env, monkeypatch, write, fault)
    outcome, result = run_as_the_engine_would(env, monkeypatch, case)
    env.sandbox.faults.clear()
    log = os.environ.get("CALLPLAN_FAULT_MATRIX_LOG")
    if log:
        with open(log, "a") as out:
            out.write(f"{write.label}\t{fault.name}\t{outcome}\n")
    case.converged(result)
    assert_sound(env, before)
    if fault.recoverable:
        assert outcome == ONE_RUN, f"{fault.name} must not fail the run"
