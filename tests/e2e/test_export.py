"""`callplan export` under the real engine: an organisation made elsewhere is exported, taken over
without a write, then owned by the exported program.

The demo organisation (the small-office example deployed by its own stack, as `make demo` makes it)
is exported with the `callplan export` command into a new project with its own stack: `pulumi up`
makes 0 writes (the sandbox's request log counts them), both no-change previews pass, changing one
line of the program changes exactly that object, and `pulumi destroy` removes the people, lines and
menus and keeps every number. Organisations set up by hand at random (`tests/sandbox/org_plans.py`,
one per way the main number can ring, each covering people without lines, lines without direct
numbers and keys to people, menus, numbers and the operator) take the same round trip. The broad
randomized coverage runs without the engine in `tests/provider/test_export_round_trip.py`.
"""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, assume, given, settings

from callplan_provider.client import CallingPlanApi
from callplan_provider.export import ProjectSettings, build_program, project_files, read_org, write_project
from tests.e2e.conftest import OFFICE_NUMBERS, OWNER_EMAIL, Deployment, new_org, start_stack
from tests.e2e.pulumi_cli import STACK, VENV, PulumiProject, changed_steps, engine_env
from tests.e2e.sandbox_view import SandboxView
from tests.sandbox.org_plans import (
    OrgPlan,
    PersonPlan,
    RouteKind,
    build_org,
    covers_everything,
    org_plans,
    plan_numbers,
)

pytestmark = [pytest.mark.e2e, pytest.mark.sandbox_only("a fresh organisation to export and take over whole")]


def start_exported_stack(folder: Path, server: Any, org: Any, pulumi_home: Path) -> Deployment:
    """The exported project's stack (its `Pulumi.<stack>.yaml` came with the export), plus the token."""
    backend = folder.parent / "state"
    backend.mkdir()
    project = PulumiProject(folder, engine_env(pulumi_home, backend))
    project.init_stack({}, {"callplan:token": org.admin_token})
    return Deployment(project, SandboxView(org.api_url, org.admin_token, org.location_id), org, server)


def writes(server: Any, org: Any, since: int) -> list[str]:
    """The API writes made on the organisation since entry `since` of the request log."""
    return [
        f"{e.method} {e.path}"
        for e in server.requests.entries(since)
        if e.is_write and e.org_id == org.org_id
    ]


def inventory(deployment: Deployment) -> list[str]:
    return sorted(n["phoneNumber"] for n in deployment.view.numbers() if n.get("phoneNumber"))


def take_over(deployment: Deployment) -> None:
    """`pulumi up` of the export, remembering the writes it made."""
    since = len(deployment.server.requests)
    deployment.project.up()
    deployment.notes["takeover_writes"] = writes(deployment.server, deployment.org, since)


# --- the demo organisation, exported with the command ------------------------------------------------


@pytest.fixture(scope="module")
def demo(pulumi_engine: Path, pulumi_home: Path, e2e_sandbox: Any, tmp_path_factory: Any) -> Deployment:
    org = new_org(e2e_sandbox, OFFICE_NUMBERS)
    root = tmp_path_factory.mktemp("export-demo")
    (root / "office").mkdir()
    office = start_stack(
        "small-office", root / "office", e2e_sandbox, org, pulumi_home, config={}, secrets={}
    )
    office.project.up()
    folder = root / "exported" / "demo-office"
    command = [str(VENV / "bin" / "callplan"), "export", "--out", str(folder), "--stack", STACK]
    command += ["--virtualenv", str(VENV)]
    env = {
        **engine_env(pulumi_home, root),
        "CALLPLAN_ENDPOINT": org.api_url,
        "CALLPLAN_TOKEN": org.admin_token,
    }
    subprocess.run(command, env=env, check=True, capture_output=True, text=True, timeout=120)
    deployment = start_exported_stack(folder, e2e_sandbox, org, pulumi_home)
    deployment.notes["numbers"] = inventory(deployment)
    take_over(deployment)
    return deployment


def test_export_declares_what_the_demo_made_with_references(demo: Deployment) -> None:
    program = (demo.folder / "__main__.py").read_text()

    assert all(f"{name} = cp.User(" in program for name in ("alice", "bob", "carol", "dave", "owner"))
    assert all(f"{name}_line = cp.Extension(" in program for name in ("alice", "bob", "carol", "dave"))
    assert '"1": cp.transfer_to_user(alice_line.user_id, "sales"),' in program
    assert "    **cp.route_to_menu(main_menu)," in program
    assert 'main_office = cp.Location(\n    "main-office",\n    name="Main Office",' in program
    assert program.count("    location_id=main_office.id,") == 4 + 1 + 1  # the lines, the menu, the route


def test_up_of_the_export_makes_no_write(demo: Deployment) -> None:
    assert demo.notes["takeover_writes"] == []


def test_preview_after_the_takeover_expects_no_changes(demo: Deployment) -> None:
    demo.project.preview("--expect-no-changes")


def test_preview_with_refresh_after_the_takeover_expects_no_changes(demo: Deployment) -> None:
    demo.project.preview("--refresh", "--expect-no-changes")


def test_changing_one_line_of_the_program_changes_exactly_that_object(demo: Deployment) -> None:
    program = demo.folder / "__main__.py"
    carol = demo.view.person_by_email("carol@example.com")
    program.write_text(program.read_text().replace('first_name="Carol",', 'first_name="Caroline",'))

    planned = changed_steps(demo.project.preview_json())
    since = len(demo.server.requests)
    demo.project.up()

    assert planned == [("update", "carol")]
    assert writes(demo.server, demo.org, since) == [f"PUT /v1/people/{carol['id']}"]
    assert demo.view.person_by_email("carol@example.com")["firstName"] == "Caroline"


def test_destroy_removes_people_lines_and_menus_and_keeps_every_number(demo: Deployment) -> None:
    demo.project.destroy()

    assert [p["emails"] for p in demo.view.people()] == [[OWNER_EMAIL]]
    assert demo.view.menus() == []
    assert inventory(demo) == demo.notes["numbers"]
    assert demo.view.get(f"/locations/{demo.org.location_id}")["name"] == "Main Office"


# --- organisations set up by hand, at random ------------------------------------------------------


def generated_plan(route: RouteKind) -> OrgPlan:
    """The first plan hypothesis draws (derandomized: always the same) that covers every feature."""
    found: list[OrgPlan] = []

    @settings(
        max_examples=1,
        derandomize=True,
        database=None,
        deadline=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(org_plans(route=route))
    def pick(plan: OrgPlan) -> None:
        assume(covers_everything(plan, route))
        found.append(plan)

    pick()
    return found[0]


@pytest.mark.parametrize("route", ["person", "menu", "extension"])
def test_random_org_round_trips_and_destroy_keeps_its_numbers(
    route: RouteKind, pulumi_engine: Path, pulumi_home: Path, e2e_sandbox: Any, tmp_path: Path
) -> None:
    plan = generated_plan(route)
    org = new_org(e2e_sandbox, plan_numbers(plan.numbers_needed))
    api = CallingPlanApi(org.api_url, org.admin_token)
    build_org(plan, api, org)
    settings_ = ProjectSettings("generated", STACK, org.api_url, str(VENV))
    write_project(project_files(build_program(read_org(api)), settings_), tmp_path / "generated")
    deployment = start_exported_stack(tmp_path / "generated", e2e_sandbox, org, pulumi_home)
    numbers = inventory(deployment)
    take_over(deployment)

    assert deployment.notes["takeover_writes"] == []
    deployment.project.preview("--expect-no-changes")
    deployment.project.preview("--refresh", "--expect-no-changes")
    deployment.project.destroy()
    undeclared = sorted([OWNER_EMAIL, *(p.email for p in plan.people if not p.last_name)])
    assert sorted(p["emails"][0] for p in deployment.view.people()) == undeclared
    assert deployment.view.menus() == []
    assert inventory(deployment) == numbers


def test_main_number_as_an_alternate_number_round_trips(
    pulumi_engine: Path, pulumi_home: Path, e2e_sandbox: Any, tmp_path: Path
) -> None:
    """The main number rings Ann, who has her own number: it is her alternate number, and the export
    declares the MainNumber routed to her line, which takes over with no write and no change."""
    ann = PersonPlan("ann@example.com", "Ann", "Lee", extension="201", direct_number=True)
    plan = OrgPlan(people=(ann,), route=("person", 0))
    org = new_org(e2e_sandbox, plan_numbers(plan.numbers_needed))
    api = CallingPlanApi(org.api_url, org.admin_token)
    build_org(plan, api, org)
    person = api.people.find_by_email("ann@example.com")
    assert person is not None and person.id is not None
    assert api.people.get_numbers(person.id).alternates == [org.main_number]
    settings_ = ProjectSettings("alternate", STACK, org.api_url, str(VENV))
    files = project_files(build_program(read_org(api)), settings_)
    assert "**cp.route_to_user(ann_line)" in files["__main__.py"]
    write_project(files, tmp_path / "alternate")
    deployment = start_exported_stack(tmp_path / "alternate", e2e_sandbox, org, pulumi_home)
    take_over(deployment)

    assert deployment.notes["takeover_writes"] == []
    deployment.project.preview("--refresh", "--expect-no-changes")
