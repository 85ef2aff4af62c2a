"""`make bench`: the provider under the real engine against a script making the same writes.

    python -m benchmarks.scale [--people 100] [--menus 20] [--latency-ms 40] [--keep]

A sandbox runs in its own process with `latency_ms` injected on every API route. The workload
(`benchmarks/workload`: N people with their lines, the phone menus and the main number) goes
through `pulumi up`, a no-op `pulumi preview`, `pulumi preview --refresh` and `pulumi destroy`
(the e2e harness, `tests/e2e/pulumi_cli.py`), and the same writes and reads go through a direct
API script with 4 threads (the provider host's own limit), in one run, on one organisation each.
Every request is counted from the sandbox's request log (`/_sandbox/requests`), which also gives
the server's own time per request. One table: step x (pulumi wall, calls per resource, script
wall, ratio). Speed is measured here, never asserted in tests.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import requests

from benchmarks.workload.plan import BUSINESS_HOURS, MenuPlan, PersonPlan, WorkloadPlan, workload_plan
from callplan_provider.client import CallingPlanApi
from callplan_provider.models.auto_attendants import AutoAttendant, AutoAttendantUpdate
from callplan_provider.models.people import Person
from callplan_provider.models.schedules import Schedule
from callplan_provider.resources.business_hours import hours_to_events
from callplan_provider.resources.phone_menu import PhoneMenuArgs, menu_to_wire, schedule_name
from callplan_provider.sandbox.bootstrap import OrgHandle, create_activated_org
from tests.e2e.pulumi_cli import PulumiProject, copy_project, engine_env

REPO = Path(__file__).resolve().parents[1]
WORKLOAD = REPO / "benchmarks" / "workload"
THREADS = 4
COMMAND_HOURS = 3  # the longest a pulumi command may take (5,000 resources with checkpoints: long)
STEPS = ("up", "no-op preview", "preview --refresh", "destroy")
ID_SEGMENT = re.compile(r"/[A-Za-z0-9_=-]{20,}")  # opaque ids, so the counts group by route


@dataclass
class Measured:
    seconds: float
    requests: list[dict[str, Any]] = field(default_factory=list)

    def calls(self, org_id: str) -> list[dict[str, Any]]:
        return [r for r in self.requests if r.get("orgId") == org_id]


class Sandbox:
    """`callplan sandbox serve` in its own process, with latency on every API route."""

    def __init__(self, latency_ms: int, db: Path) -> None:
        fault = f"* /v1/* latency latency_ms={latency_ms} count=inf"
        command = [sys.executable, "-m", "callplan_provider.cli", "sandbox", "serve", "--db", str(db)]
        self.process = subprocess.Popen(
            [*command, "--fault", fault], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
        )
        assert self.process.stdout is not None
        for line in self.process.stdout:
            if found := re.search(r"listening on (http://\S+)", line):
                self.url = found.group(1)
                return
        raise RuntimeError("the sandbox did not start")

    def org(self, plan: WorkloadPlan, main_number: str) -> OrgHandle:
        return create_activated_org(self.url, licenses=len(plan.people) + 10, numbers=[main_number])

    def mark(self) -> int:
        return int(
            requests.get(f"{self.url}/_sandbox/requests", params={"since": 10**9}, timeout=30).json()["total"]
        )

    def since(self, mark: int) -> list[dict[str, Any]]:
        page = requests.get(f"{self.url}/_sandbox/requests", params={"since": mark}, timeout=60).json()
        items: list[dict[str, Any]] = page["items"]
        return items

    @contextmanager
    def measure(self) -> Iterator[Measured]:
        mark, started = self.mark(), time.monotonic()
        result = Measured(0.0)
        yield result
        result.seconds = time.monotonic() - started
        result.requests = self.since(mark)

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)


class DirectScript:
    """The same writes (and a drift check's reads) straight through the client, 4 threads."""

    def __init__(self, org: OrgHandle, plan: WorkloadPlan) -> None:
        self.api = CallingPlanApi(org.api_url, org.admin_token)
        self.org, self.plan = org, plan
        self.people: dict[str, str] = {}
        self.menus: dict[str, tuple[str, str]] = {}

    def _each(self, work: Callable[[Any], Any], items: Iterable[Any]) -> list[Any]:
        with ThreadPoolExecutor(THREADS) as pool:
            return list(pool.map(work, items))

    def up(self) -> None:
        license_id = next(lic.id for lic in self.api.licenses.list() if lic.is_calling)
        ids = self._each(self._create_person, self.plan.people)
        self.people = {p.handle: i for p, i in zip(self.plan.people, ids, strict=True)}
        self._each(lambda p: self._assign(p, license_id), self.plan.people)
        made = self._each(self._create_menu, self.plan.menus)
        self.menus = {m.handle: ids for m, ids in zip(self.plan.menus, made, strict=True)}
        first = self.menus[self.plan.menus[0].handle][0]
        update = AutoAttendantUpdate(phone_number=self.org.main_number)
        self.api.auto_attendants.update(self.org.location_id, first, update)

    def no_op_preview(self) -> None:
        """A script has nothing to compare with: no calls."""

    def refresh(self) -> None:
        """What a drift check must read: the people list, each menu and its schedule, the main
        number (the workload's lines declare no call recording, so no recording setting)."""
        location = self.org.location_id
        list(self.api.people.list(calling_data=True, max_per_page=100))
        self._each(lambda ids: self.api.auto_attendants.get(location, ids[0]), self.menus.values())
        self._each(lambda ids: self.api.schedules.get(location, ids[1]), self.menus.values())
        self.api.locations.get_calling(location)

    def destroy(self) -> None:
        self._each(self._delete_menu, self.menus.values())
        license_id = next(lic.id for lic in self.api.licenses.list() if lic.is_calling)
        self._each(lambda i: self.api.licenses.unassign(i, license_id), self.people.values())
        self._each(self.api.people.delete, self.people.values())

    def _delete_menu(self, ids: tuple[str, str]) -> None:
        self.api.auto_attendants.delete(self.org.location_id, ids[0])
        self.api.schedules.delete(self.org.location_id, ids[1])

    def _create_person(self, person: PersonPlan) -> str:
        body = Person(
            emails=[person.email],
            first_name=person.first_name,
            last_name=person.last_name,
            display_name=f"{person.first_name} {person.last_name}",
        )
        created = self.api.people.create(body)
        assert created.id is not None
        return created.id

    def _assign(self, person: PersonPlan, license_id: str) -> None:
        self.api.licenses.assign(
            self.people[person.handle],
            license_id,
            location_id=self.org.location_id,
            extension=person.extension,
        )

    def _create_menu(self, menu: MenuPlan) -> tuple[str, str]:
        location = self.org.location_id
        schedule = Schedule(
            type="businessHours", name=schedule_name(menu.name), events=hours_to_events(BUSINESS_HOURS)
        )
        schedule_id = self.api.schedules.create(location, schedule)
        args = _menu_args(menu, self.plan)
        wire = menu_to_wire(args.business_hours_menu.model_dump(exclude_none=True), lambda _: [])
        after = menu_to_wire(args.after_hours_menu.model_dump(exclude_none=True), lambda _: [])
        body = AutoAttendant(
            name=menu.name,
            extension=menu.extension,
            business_schedule=schedule.name,
            business_hours_menu=wire,
            after_hours_menu=after,
        )
        return self.api.auto_attendants.create(location, body), schedule_id


def _menu_args(menu: MenuPlan, plan: WorkloadPlan) -> PhoneMenuArgs:
    sales, support = plan.people[menu.sales].extension, plan.people[menu.support].extension
    keys = {
        "1": {"action": "transfer", "extension": sales, "description": "sales"},
        "2": {"action": "transfer", "extension": support, "description": "support"},
        "0": {"action": "operator", "extension": support, "description": "the operator"},
    }
    return PhoneMenuArgs.model_validate(
        {
            "name": menu.name,
            "extension": menu.extension,
            "business_hours": BUSINESS_HOURS,
            "business_hours_menu": {"extension_enabled": True, "keys": keys},
        }
    )


class PulumiRun:
    """The workload's stack, through the engine (the e2e harness: Automation API, file backend)."""

    def __init__(
        self, org: OrgHandle, plan: WorkloadPlan, root: Path, skip_checkpoints: bool = False
    ) -> None:
        (root / "state").mkdir(parents=True)
        folder = copy_project(WORKLOAD, root / "tree")
        env = engine_env(root / "home", root / "state")
        if skip_checkpoints:  # the state is written once, at the end of each command (see the README)
            env.update(PULUMI_SKIP_CHECKPOINTS="true", PULUMI_EXPERIMENTAL="true")
        self.project = PulumiProject(folder, env, stack="bench")
        self.project.command.timeout = COMMAND_HOURS * 3600  # not the tests' 3 minutes
        config = {
            "callplan:endpoint": org.api_url,
            "callplan:locationId": org.location_id,
            "people": str(len(plan.people)),
            "menus": str(len(plan.menus)),
            "mainNumber": str(org.main_number),
        }
        self.project.init_stack(config, {"callplan:token": org.admin_token})

    def up(self) -> None:
        self.project.up()

    def no_op_preview(self) -> None:
        self.project.preview("--expect-no-changes")

    def refresh(self) -> None:
        self.project.preview("--refresh", "--expect-no-changes")

    def destroy(self) -> None:
        self.project.destroy()

    def state_bytes(self) -> dict[str, float]:
        """Bytes of state per resource, by type (the engine rewrites it all after every step), as
        compact JSON: how the file backend writes it."""
        sizes: dict[str, list[int]] = {}
        for resource in self.project.resources():
            kind = resource["type"].rsplit(":", 1)[-1]
            sizes.setdefault(kind, []).append(len(json.dumps(resource, separators=(",", ":"))))
        return {kind: sum(v) / len(v) for kind, v in sizes.items()}


def by_route(requests_: list[dict[str, Any]]) -> Counter[str]:
    return Counter(f"{r['method']} {ID_SEGMENT.sub('/{id}', r['path'])}" for r in requests_)


def server_ms(requests_: list[dict[str, Any]]) -> str:
    times = [r["serverMs"] for r in requests_ if r.get("serverMs") is not None]
    if not times:
        return "-"
    return f"{sum(times) / len(times):.1f} avg / {max(times):.0f} max"


def run(people: int, menus: int, latency_ms: int, verbose: bool, skip_checkpoints: bool) -> None:
    plan = workload_plan(people, menus)
    with tempfile.TemporaryDirectory(prefix="callplan-bench-") as tmp:
        sandbox = Sandbox(latency_ms, Path(tmp) / "sandbox.db")
        try:
            pulumi_org, script_org = sandbox.org(plan, "+14155550100"), sandbox.org(plan, "+14155550200")
            stack = PulumiRun(pulumi_org, plan, Path(tmp) / "pulumi", skip_checkpoints)
            script = DirectScript(script_org, plan)
            rows, state = [], {}
            for step, ours, theirs in zip(
                STEPS,
                (stack.up, stack.no_op_preview, stack.refresh, stack.destroy),
                (script.up, script.no_op_preview, script.refresh, script.destroy),
                strict=True,
            ):
                if step == "destroy":
                    state = stack.state_bytes()
                with sandbox.measure() as engine:
                    ours()
                with sandbox.measure() as direct:
                    theirs()
                rows.append((step, engine, direct))
                print(
                    f"  {step}: pulumi {engine.seconds:.1f} s, script {direct.seconds:.1f} s", file=sys.stderr
                )
        finally:
            sandbox.stop()
    print(f"PULUMI_SKIP_CHECKPOINTS: {'true' if skip_checkpoints else 'not set'}")
    report(plan, latency_ms, rows, state, pulumi_org.org_id, script_org.org_id, verbose)


def report(
    plan: WorkloadPlan,
    latency_ms: int,
    rows: list[tuple[str, Measured, Measured]],
    state: dict[str, float],
    pulumi_org: str,
    script_org: str,
    verbose: bool,
) -> None:
    n = plan.resources
    print(
        f"\n{len(plan.people)} people, {len(plan.menus)} menus, {n} resources; {latency_ms} ms per request\n"
    )
    print("| step | pulumi wall | calls/res. | script wall | script calls/res. | ratio | server ms/request |")
    print("|---|---|---|---|---|---|---|")
    for step, engine, direct in rows:
        ours, theirs = engine.calls(pulumi_org), direct.calls(script_org)
        ratio = f"{engine.seconds / direct.seconds:.2f}x" if theirs else "-"
        print(
            f"| {step} | {engine.seconds:.1f} s | {len(ours) / n:.2f} | {direct.seconds:.1f} s | "
            f"{len(theirs) / n:.2f} | {ratio} | {server_ms(ours)} |"
        )
    floor, up = rows[1][1].seconds, rows[0]
    print(
        f"\nthe engine's own start (a no-op preview): {floor:.1f} s; up beyond it: "
        f"{(up[1].seconds - floor) / up[2].seconds:.2f}x the script"
    )
    print("state bytes per resource: " + ", ".join(f"{k} {v:.0f}" for k, v in sorted(state.items())))
    if verbose:
        for step, engine, _ in rows:
            print(f"\n{step}, pulumi, by route:")
            for route, count in by_route(engine.calls(pulumi_org)).most_common(15):
                print(f"  {count:6d}  {route}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--people", type=int, default=100, help="people, each with a line (default 100)")
    parser.add_argument("--menus", type=int, default=20, help="phone menus (default 20)")
    parser.add_argument("--latency-ms", type=int, default=40, help="injected on every request (default 40)")
    parser.add_argument("--verbose", action="store_true", help="also the calls by route")
    parser.add_argument(
        "--skip-checkpoints", action="store_true", help="PULUMI_SKIP_CHECKPOINTS=true for the engine"
    )
    args = parser.parse_args(argv)
    run(args.people, args.menus, args.latency_ms, args.verbose, args.skip_checkpoints)


if __name__ == "__main__":
    main()
