"""The small-office example under the real engine: up, no perpetual diffs, changes, drift, destroy.

One stack, deployed once by the `office` fixture; the tests run in file order and build on each
other (each `pulumi` command costs seconds). Every test judges the result by what the sandbox holds,
read over HTTP. Changes are made through stack config, the example's knobs, never by editing code.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.e2e.conftest import OFFICE_NUMBERS, Deployment, new_org, start_stack
from tests.e2e.pulumi_cli import PulumiProject, changed_steps

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.sandbox_only("the main number: live mode never reroutes an organisation's main number"),
]

MAIN, ALICE_DIRECT, BOB_DIRECT = OFFICE_NUMBERS
DECLARED = {  # email -> (first name, last name, extension, direct number)
    "alice@example.com": ("Alice", "Ng", "201", ALICE_DIRECT),
    "bob@example.com": ("Bob", "Diaz", "202", BOB_DIRECT),
    "carol@example.com": ("Carol", "Smith", "203", None),
    "dave@example.com": ("Dave", "Kim", "204", None),
}
REPLACING = {"replace", "create-replacement", "delete-replaced"}


@pytest.fixture(scope="module")
def office(pulumi_engine: Path, pulumi_home: Path, e2e_sandbox, tmp_path_factory) -> Deployment:
    org = new_org(e2e_sandbox, OFFICE_NUMBERS)
    root = tmp_path_factory.mktemp("small-office")
    # The main number is protected by default; this stack is destroyed at the end of the module.
    config = {"users.dave.adopt": "true", "protectMainNumber": "false"}
    deployment = start_stack("small-office", root, e2e_sandbox, org, pulumi_home, config=config, secrets={})
    # Dave was set up by hand before the stack existed: the stack takes him over (adopt=True).
    deployment.notes["outsider_id"] = deployment.view.create_person("dave@example.com", "Dave", "Kim")["id"]
    deployment.project.up()
    return deployment


@contextmanager
def config_changed(project: PulumiProject, **values: str) -> Iterator[None]:
    """Stack config set for the duration of a `with` block (keys are config paths)."""
    project.set_config(values)
    try:
        yield
    finally:
        project.remove_config(*values)


def stack_people(office: Deployment) -> dict[str, dict]:
    return {email: p for email, p in office.view.people_by_email().items() if email != office.org.owner_email}


def event_order(output: str, *events: str) -> bool:
    """Whether the engine reported these events (e.g. "User dave created replacement") in this order."""
    lines = output.splitlines()
    positions = [next((i for i, line in enumerate(lines) if event in line), -1) for event in events]
    return -1 not in positions and positions == sorted(positions)


def work_number(person: dict) -> str | None:
    numbers = [n["value"] for n in person.get("phoneNumbers", []) if n.get("type") == "work"]
    return numbers[0] if numbers else None


# --- up ----------------------------------------------------------------------------------------------


def test_up_creates_the_declared_people_and_lines(office: Deployment) -> None:
    people = stack_people(office)

    assert {
        email: (p["firstName"], p["lastName"], p.get("extension"), work_number(p))
        for email, p in people.items()
    } == DECLARED


def test_up_creates_one_menu_with_the_declared_keys(office: Deployment) -> None:
    (menu,) = office.view.menus()
    business, after = office.view.menu_keys(menu), office.view.menu_keys(menu, "afterHoursMenu")

    assert (menu["name"], menu["extension"], menu["businessHoursMenu"]["extensionEnabled"]) == (
        "Main menu",
        "200",
        True,
    )
    assert {k: (v["action"], v.get("value")) for k, v in business.items()} == {
        "1": ("TRANSFER_WITHOUT_PROMPT", "201"),
        "2": ("TRANSFER_WITHOUT_PROMPT", "202"),
        "0": ("TRANSFER_TO_OPERATOR", "203"),
    }
    assert {k: v["action"] for k, v in after.items()} == {"1": "TRANSFER_TO_MAILBOX", "9": "REPEAT_MENU"}


def test_up_gives_the_menu_its_own_schedule(office: Deployment) -> None:
    assert [s["name"] for s in office.view.schedules()] == ["Main menu hours"]


def test_up_routes_the_main_number_to_the_menu(office: Deployment) -> None:
    (menu,) = office.view.menus()
    row = office.view.number(MAIN)

    assert office.view.main_number() == MAIN
    assert (row["owner"]["type"], row["owner"]["id"]) == ("AUTO_ATTENDANT", menu["id"])


def test_up_exports_ids_numbers_and_caller_text(office: Deployment) -> None:
    outputs = office.project.outputs()
    people = stack_people(office)

    assert outputs["user_ids"] == {email.split("@")[0]: p["id"] for email, p in people.items()}
    assert outputs["direct_numbers"] == {"alice": ALICE_DIRECT, "bob": BOB_DIRECT}
    assert outputs["main_number"] == MAIN
    assert "For sales, press 1." in outputs["menu_caller_hears"]["business_hours"]


def test_up_adopts_a_person_created_outside_the_program(office: Deployment) -> None:
    dave = office.view.person_by_email("dave@example.com")

    assert dave["id"] == office.notes["outsider_id"]
    assert office.project.outputs()["user_ids"]["dave"] == office.notes["outsider_id"]


# --- no perpetual diffs -----------------------------------------------------------------------------


def test_preview_after_up_expects_no_changes(office: Deployment) -> None:
    office.project.preview("--expect-no-changes")


def test_preview_after_up_makes_no_api_call(office: Deployment) -> None:
    before = len(office.server.requests)
    office.project.preview("--expect-no-changes")
    assert [e.path for e in office.server.requests.entries(before) if e.org_id == office.org.org_id] == []


def test_preview_with_refresh_after_up_expects_no_changes(office: Deployment) -> None:
    office.project.preview("--refresh", "--expect-no-changes")


def test_state_holds_no_token(office: Deployment) -> None:
    token = office.org.admin_token

    assert token not in office.project.export()
    assert [p for p in office.project.state_files() if token in p.read_text(errors="replace")] == []


def test_state_keeps_the_program_line_and_nothing_for_check_alone(office: Deployment) -> None:
    """Each resource's source position is the program's line, with no call stack; its outputs hold
    no record for check alone (the program's size) nor a list of the given properties."""
    ours = [r for r in office.project.resources() if r["type"].startswith("pulumi-python:dynamic/callplan:")]
    assert ours
    for resource in ours:
        assert resource["sourcePosition"].startswith("project:///__main__.py#"), resource["urn"]
        assert "stackTrace" not in resource, resource["urn"]
        assert {"__program", "__inputs"}.isdisjoint(resource["outputs"]), resource["urn"]
        assert "__program" not in resource["inputs"], resource["urn"]


# --- bad input fails at preview, and nothing is written ----------------------------------------------


def test_preview_toll_free_main_number_fails_naming_the_property(office: Deployment) -> None:
    before = office.view.snapshot()

    with config_changed(office.project, mainNumber="+18005550100"):
        run = office.project.preview(check=False)

    assert run.returncode != 0
    assert "phone_number" in run.output and "toll-free" in run.output
    assert office.view.snapshot() == before


def test_preview_key_used_twice_fails_naming_the_property(office: Deployment) -> None:
    before = office.view.snapshot()

    with config_changed(office.project, supportKey="1"):
        run = office.project.preview(check=False)

    assert run.returncode != 0
    assert "business_hours_menu" in run.output and "used twice" in run.output
    assert office.view.snapshot() == before


# --- a change previews as an update of exactly that resource, and up applies it ----------------------


def test_up_key_repointed_updates_only_the_menu(office: Deployment) -> None:
    office.project.set_config({"supportUser": "carol"})

    assert changed_steps(office.project.preview_json()) == [("update", "main-menu")]
    office.project.up()
    (menu,) = office.view.menus()
    assert office.view.menu_keys(menu)["2"]["value"] == "203"


def test_up_extension_renumbered_updates_only_that_line(office: Deployment) -> None:
    office.project.set_config({"users.dave.extension": "214"})

    assert changed_steps(office.project.preview_json()) == [("update", "dave-line")]
    office.project.up()
    assert office.view.person_by_email("dave@example.com")["extension"] == "214"


def test_up_user_renamed_updates_only_that_user(office: Deployment) -> None:
    office.project.set_config({"users.bob.lastName": "Diaz-Ruiz"})

    assert changed_steps(office.project.preview_json()) == [("update", "bob")]
    office.project.up()
    bob = office.view.person_by_email("bob@example.com")
    assert (bob["lastName"], bob["displayName"]) == ("Diaz-Ruiz", "Bob Diaz-Ruiz")


def test_up_main_number_rerouted_updates_only_the_main_number(office: Deployment) -> None:
    carol = office.view.person_by_email("carol@example.com")
    office.project.set_config({"routeMainTo": "203"})

    assert changed_steps(office.project.preview_json()) == [("update", "main-number")]
    office.project.up()
    row = office.view.number(MAIN)
    assert (office.view.main_number(), row["owner"]["id"]) == (MAIN, carol["id"])


def test_preview_with_refresh_after_changes_expects_no_changes(office: Deployment) -> None:
    office.project.preview("--refresh", "--expect-no-changes")


# --- drift ---------------------------------------------------------------------------------------------


def test_refresh_records_drift_made_in_the_sandbox(office: Deployment) -> None:
    alice, bob = (office.view.person_by_email(f"{name}@example.com") for name in ("alice", "bob"))
    (menu,) = office.view.menus()
    declared_menu = office.project.resource_outputs("main-menu")["business_hours_menu"]
    office.view.rename_person(alice["id"], "Alicia")
    office.view.repoint_menu_key(menu["id"], "1", bob["extension"])  # sales now rings Bob

    office.project.refresh()

    assert office.project.resource_outputs("alice")["first_name"] == "Alicia"
    assert office.project.resource_outputs("main-menu")["business_hours_menu"] != declared_menu


def test_up_after_drift_updates_only_the_drifted_resources(office: Deployment) -> None:
    assert changed_steps(office.project.preview_json()) == [("update", "alice"), ("update", "main-menu")]
    office.project.up()
    (menu,) = office.view.menus()
    assert office.view.person_by_email("alice@example.com")["firstName"] == "Alice"
    assert office.view.menu_keys(menu)["1"]["value"] == "201"


# --- replacement -------------------------------------------------------------------------------------


def test_up_email_change_replaces_the_user_and_line_without_orphans(office: Deployment) -> None:
    office.project.set_config({"users.dave.email": "david@example.com"})

    steps = changed_steps(office.project.preview_json())
    assert {name for op, name in steps} == {"dave", "dave-line"}
    assert {op for op, _ in steps} <= REPLACING
    run = office.project.up()
    people = stack_people(office)
    assert "dave@example.com" not in people
    assert people["david@example.com"]["extension"] == "214"
    assert len(people) == 4
    # the new person first, then his line moves (the extension is free only once the old line is
    # gone), then the old person goes
    assert event_order(
        run.output,
        "User dave created replacement",
        "Extension dave-line deleted original",
        "Extension dave-line created replacement",
        "User dave deleted original",
    )


# --- destroy -----------------------------------------------------------------------------------------


def test_destroy_removes_people_lines_and_menu_but_keeps_the_numbers(office: Deployment) -> None:
    office.project.destroy()

    assert stack_people(office) == {}
    assert (office.view.menus(), office.view.schedules()) == ([], [])
    rows = {n.get("phoneNumber"): n for n in office.view.numbers()}
    assert {n: rows[n].get("owner") for n in OFFICE_NUMBERS} == dict.fromkeys(OFFICE_NUMBERS)
    assert [n for n in rows.values() if n.get("owner") and n["owner"].get("type") == "PEOPLE"] == []
