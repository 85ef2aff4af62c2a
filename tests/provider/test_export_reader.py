"""The export's reads against the sandbox: only GETs, each list read once, details one by one."""

from __future__ import annotations

import pytest

from callplan_provider.client import CallingPlanApi
from callplan_provider.export import read_org
from callplan_provider.sandbox.bootstrap import create_activated_org
from callplan_provider.sandbox.server import SandboxServer
from tests.sandbox.org_plans import KeyPlan, MenuPlan, OrgPlan, PersonPlan, build_org, plan_numbers

pytestmark = pytest.mark.sandbox_only("the request log")

PLAN = OrgPlan(
    people=(
        PersonPlan("ann@example.com", "Ann", "Lee", extension="201", direct_number=True, recording="Always"),
        PersonPlan("bo@example.com", "Bo", "Chen", extension="202"),
        PersonPlan("cy@example.com", "Cy", "Ray"),
    ),
    menus=(
        MenuPlan("Main menu", "200", {"mon": ("09:00-17:00",)}, business_keys=(KeyPlan("1", "EXIT"),)),
        MenuPlan("Sales", "300", {"tue": ("09:00-17:00",)}),
    ),
    route=("menu", 0),
)


def test_export_reads_each_list_once_and_each_detail_once_and_never_writes(sandbox: SandboxServer) -> None:
    org = create_activated_org(sandbox.url, numbers=plan_numbers(PLAN.numbers_needed))
    api = CallingPlanApi(org.api_url, org.admin_token)
    build_org(PLAN, api, org)
    since = len(sandbox.requests)

    snapshot = read_org(api)

    methods = [e.method for e in sandbox.requests.entries(since) if e.org_id == org.org_id]
    lines, menus = 2, 2
    lists = 7  # locations, people, numbers, schedules, auto attendants, port orders; + location calling
    assert set(methods) == {"GET"}
    assert len(methods) == lists + 1 + lines + 2 * menus  # + the organisation; recordings; menu + hours
    assert [p.person.email for p in snapshot.people if p.records_calls] == ["ann@example.com"]
    assert [m.menu.name for m in snapshot.menus] == ["Main menu", "Sales"]
