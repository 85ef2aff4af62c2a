"""The export of organisations set up by hand, at random, taken over by the real providers in process.

Each example builds a random organisation in the sandbox (`tests/sandbox/org_plans.py`), exports it,
and runs the exported `__main__.py` under Pulumi mocks whose `new_resource` does what the engine
does on `pulumi up`, `pulumi preview` and `pulumi preview --refresh`, with the real providers
against the sandbox: check (no failure), create (adopt: no write), diff of the created outputs
against the checked inputs (no change), read (the object is there) and diff after it (no change).
The request log counts the writes: none. The engine end-to-end tests (`tests/e2e/test_export.py`)
do the same with `pulumi` on a few organisations; this is the broad, fast coverage.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pulumi
import pytest
from hypothesis import HealthCheck, given, settings

from callplan_provider.client import CallingPlanApi
from callplan_provider.export import ProjectSettings, build_program, project_files, read_org
from callplan_provider.models.locations import NewAddress, NewLocation
from callplan_provider.models.people import Person
from callplan_provider.resources import config, provider_classes
from callplan_provider.sandbox.bootstrap import OrgHandle, create_activated_org
from callplan_provider.sandbox.server import SandboxServer
from tests.sandbox.org_plans import OrgPlan, PersonPlan, build_org, org_plans, plan_numbers
from tests.unit.generated_code import lint_problems, ruff_formatted

pytestmark = pytest.mark.sandbox_only("the request log")

PROJECT, STACK = "exported", "dev"


@dataclass
class Adopted:
    """What the mocked engine saw for one resource."""

    kind: str
    name: str
    failures: list[Any]
    changed_after_up: bool
    changed_after_refresh: bool
    gone: bool


@dataclass
class AdoptingMocks(pulumi.runtime.Mocks):
    resources: list[Adopted] = field(default_factory=list)

    def new_resource(self, args: pulumi.runtime.MockResourceArgs) -> tuple[str, dict[str, Any]]:
        kind = args.typ.rsplit(":", 1)[-1]
        try:
            return self._adopt(kind, args)
        except Exception as exc:  # reported by the test, not lost in a future
            self.resources.append(Adopted(kind, args.name, [repr(exc)], False, False, False))
            return f"{args.name}-failed", {}

    def _adopt(self, kind: str, args: pulumi.runtime.MockResourceArgs) -> tuple[str, dict[str, Any]]:
        provider = provider_classes()[kind]()
        checked = provider.check({}, {k: v for k, v in args.inputs.items() if k != "__provider"})
        if checked.failures:
            self.resources.append(Adopted(kind, args.name, checked.failures, False, False, False))
            return f"{args.name}-invalid", {}
        created = provider.create(checked.inputs)
        assert created.id is not None
        after_up = provider.diff(created.id, created.outs or {}, checked.inputs)
        read = provider.read(created.id, created.outs or {})
        after_refresh = provider.diff(created.id, read.outs or {}, checked.inputs)
        self.resources.append(
            Adopted(kind, args.name, [], bool(after_up.changes), bool(after_refresh.changes), read.id is None)
        )
        return created.id, dict(created.outs or {})

    def call(self, args: pulumi.runtime.MockCallArgs) -> tuple[dict[str, Any], list[tuple[str, str]] | None]:
        return {}, None


def exported_files(org: OrgHandle, location_id: str | None = None) -> dict[str, str]:
    api = CallingPlanApi(org.api_url, org.admin_token)
    program = build_program(read_org(api, location_id))
    return project_files(program, ProjectSettings(PROJECT, STACK, org.api_url))


def stack_numbers(files: dict[str, str]) -> dict[str, str]:
    import yaml

    config_doc = yaml.safe_load(files[f"Pulumi.{STACK}.yaml"])["config"]
    numbers: dict[str, str] = config_doc.get(f"{PROJECT}:numbers", {})
    return numbers


def take_over(files: dict[str, str], org: OrgHandle) -> list[Adopted]:
    """Run the exported program as `pulumi up` would, with the real providers (adopt)."""
    config.configure({"callplan:endpoint": org.api_url, "callplan:token": org.admin_token})
    mocks = AdoptingMocks()
    pulumi.runtime.set_mocks(mocks, project=PROJECT, stack=STACK, preview=False)
    pulumi.runtime.set_all_config({f"{PROJECT}:numbers": json.dumps(stack_numbers(files))})

    @pulumi.runtime.test
    def program() -> None:
        exec(compile(files["__main__.py"], "__main__.py", "exec"), {"__name__": "__main__"})

    try:
        program()
    finally:
        config.reset()
    return mocks.resources


def writes_since(sandbox: SandboxServer, org: OrgHandle, since: int) -> list[str]:
    return [
        f"{e.method} {e.path}"
        for e in sandbox.requests.entries(since)
        if e.is_write and e.org_id == org.org_id
    ]


def expected_kinds(plan: OrgPlan) -> dict[str, int]:
    people = [p for p in plan.people if p.last_name]
    return {
        "Location": 1,
        "User": len(people) + 1,  # and the account owner
        "Extension": sum(1 for p in people if p.extension),
        "PhoneMenu": len(plan.menus),
        "MainNumber": 1 if plan.route else 0,
    }


@pytest.fixture
def fresh_org(sandbox: SandboxServer) -> Iterator[Any]:
    """A factory of new organisations, with enough numbers for a plan."""

    def make(plan: OrgPlan) -> OrgHandle:
        return create_activated_org(sandbox.url, numbers=plan_numbers(plan.numbers_needed), licenses=10)

    yield make


@settings(
    max_examples=20,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(plan=org_plans())
def test_random_org_is_taken_over_without_a_write_or_a_change(
    plan: OrgPlan, sandbox: SandboxServer, fresh_org: Any
) -> None:
    org = fresh_org(plan)
    build_org(plan, CallingPlanApi(org.api_url, org.admin_token), org)
    files = exported_files(org)
    since = len(sandbox.requests)

    adopted = take_over(files, org)

    assert [a for a in adopted if a.failures] == []
    assert [a.name for a in adopted if a.changed_after_up] == []
    assert [a.name for a in adopted if a.changed_after_refresh or a.gone] == []
    assert writes_since(sandbox, org, since) == []
    kinds = {kind: sum(1 for a in adopted if a.kind == kind) for kind in expected_kinds(plan)}
    assert kinds == expected_kinds(plan)
    assert exported_files(org) == files  # same organisation, same bytes
    assert ruff_formatted(files["__main__.py"]) == files["__main__.py"]
    assert lint_problems(files["__main__.py"], long_lines=False) == ""


@pytest.mark.parametrize("direct_number", [True, False], ids=["alternate-number", "work-number"])
def test_main_number_of_a_person_exports_as_the_route_to_their_line(
    direct_number: bool, sandbox: SandboxServer, fresh_org: Any
) -> None:
    """A person with their own number holds the main number as an alternate; without, as their work number."""
    ann = PersonPlan("ann@example.com", "Ann", "Lee", extension="201", direct_number=direct_number)
    plan = OrgPlan(people=(ann,), route=("person", 0))
    org = fresh_org(plan)
    build_org(plan, CallingPlanApi(org.api_url, org.admin_token), org)
    files = exported_files(org)
    assert "cp.MainNumber(" in files["__main__.py"] and "**cp.route_to_user(ann_line)" in files["__main__.py"]
    line = files["__main__.py"].split("cp.Extension(")[1].split(")")[0]
    assert ("phone_number=" in line) is direct_number  # the line's own number, never the main number
    since = len(sandbox.requests)

    adopted = take_over(files, org)

    assert [
        (a.kind, a.failures, a.changed_after_up, a.changed_after_refresh)
        for a in adopted
        if a.failures or a.changed_after_up or a.changed_after_refresh
    ] == []
    assert writes_since(sandbox, org, since) == []


# --- an organisation of two locations, one stack each ---------------------------------------------

BRANCH = NewLocation(
    name="Austin branch",
    time_zone="America/Chicago",
    preferred_language="en_us",
    announcement_language="es_us",
    address=NewAddress(address1="1 Elm St", city="Austin", state="TX", postal_code="73301", country="US"),
)


def test_each_location_is_taken_over_by_its_own_export_and_each_person_is_declared_once(
    sandbox: SandboxServer,
) -> None:
    org = create_activated_org(sandbox.url, numbers=plan_numbers(1), licenses=10)
    api = CallingPlanApi(org.api_url, org.admin_token)
    branch_id = api.locations.create(BRANCH)
    licence = api.licenses.find_calling()
    assert licence is not None
    for email, location_id in (
        ("ann@example.com", org.location_id),
        ("dee@example.com", branch_id),
        ("cy@example.com", None),
    ):
        person = api.people.create(Person(emails=[email], first_name=email[:3].title(), last_name="Lee"))
        assert person.id is not None
        if location_id:
            api.licenses.assign(person.id, licence.id, location_id=location_id, extension="201")
    exports = {location_id: exported_files(org, location_id) for location_id in (org.location_id, branch_id)}
    since = len(sandbox.requests)

    adopted = [a for files in exports.values() for a in take_over(files, org)]

    assert [a for a in adopted if a.failures] == []
    assert [a.name for a in adopted if a.changed_after_up or a.changed_after_refresh or a.gone] == []
    assert writes_since(sandbox, org, since) == []
    users = sorted(a.name for a in adopted if a.kind == "User")
    assert users == ["ann", "cy", "dee", "owner"]  # the owner and Cy (no line) with the first location
    assert sorted(a.name for a in adopted if a.kind == "Location") == ["austin-branch", "main-office"]
    assert "location_id=austin_branch.id" in exports[branch_id]["__main__.py"]
