"""The sandbox's own time per request as the organisation grows (`make bench-sandbox`).

    python -m benchmarks.sandbox_load [--people 1000] [--clients 4]

A sandbox in its own process (no injected latency) and `clients` threads: they make `people`
people with their lines, then read each person, their recording setting and the people list,
and make one more batch of people at full size. The server's time per request (`serverMs` of the
request log: authorising and running the route, without waiting for other requests) is printed
per route and size: it should not grow with the organisation.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
from collections import defaultdict
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from benchmarks.scale import ID_SEGMENT, Sandbox
from benchmarks.workload.plan import workload_plan
from callplan_provider.client import CallingPlanApi
from callplan_provider.models.people import Person


def run(people: int, clients: int) -> None:
    plan = workload_plan(people + 100, 1)
    with tempfile.TemporaryDirectory(prefix="callplan-sandbox-load-") as tmp:
        sandbox = Sandbox(0, Path(tmp) / "sandbox.db")
        try:
            org = sandbox.org(plan, "+14155550100")
            api = CallingPlanApi(org.api_url, org.admin_token)
            license_id = next(lic.id for lic in api.licenses.list() if lic.is_calling)

            def make(n: int) -> str:
                made = api.people.create(
                    Person(emails=[f"p{n}@load.example.com"], first_name="P", last_name=str(n))
                )
                assert made.id is not None
                api.licenses.assign(
                    made.id, license_id, location_id=org.location_id, extension=str(10000 + n)
                )
                return made.id

            def each(work: Callable[[Any], Any], items: Iterable[Any]) -> list[Any]:
                with ThreadPoolExecutor(clients) as pool:
                    return list(pool.map(work, items))

            mark = sandbox.mark()
            ids = each(make, range(people))
            growing = sandbox.since(mark)
            mark = sandbox.mark()
            each(lambda i: api.people.get(i, calling_data=True), ids)
            each(api.people.get_call_recording, ids)
            list(api.people.list(calling_data=True, max_per_page=100))
            each(make, range(people, people + 100))
            full = sandbox.since(mark)
        finally:
            sandbox.stop()
    print(f"\nserver ms per request, {clients} clients\n")
    print("| route | while growing to N | at N | max at N |")
    print("|---|---|---|---|")
    grown, at_size = _by_route(growing), _by_route(full)
    for route in sorted(set(grown) | set(at_size)):
        before, after = grown.get(route, []), at_size.get(route, [])
        print(f"| {route} | {_mean(before)} | {_mean(after)} | {max(after, default=0):.1f} |")
    times = [ms for values in at_size.values() for ms in values]
    print(f"\nat {people} people: {statistics.mean(times):.1f} ms a request, the slowest {max(times):.1f} ms")


def _by_route(entries: list[dict[str, Any]]) -> dict[str, list[float]]:
    routes: dict[str, list[float]] = defaultdict(list)
    for entry in entries:
        if entry.get("serverMs") is not None:
            routes[f"{entry['method']} {ID_SEGMENT.sub('/{id}', entry['path'])}"].append(entry["serverMs"])
    return routes


def _mean(values: list[float]) -> str:
    return f"{statistics.mean(values):.1f}" if values else "-"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--people", type=int, default=1000, help="the organisation's size (default 1000)")
    parser.add_argument("--clients", type=int, default=4, help="client threads (default 4)")
    args = parser.parse_args(argv)
    run(args.people, args.clients)


if __name__ == "__main__":
    main()
