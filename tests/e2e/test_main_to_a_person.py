"""The main number to a person who has their own number, then to a menu, under the real engine.

One stack (`programs/main-to-a-person`) on its own sandbox: `pulumi up` routes the main number to
Ann, who has a direct number (it becomes her alternate number), then to a phone menu (it is taken
back). Ann's direct number is hers, and primary, at every step, and a refresh shows no drift.
The tests run in file order and build on each other.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.conftest import seed_numbers
from tests.e2e.conftest import Deployment, new_org, start_stack
from tests.e2e.pulumi_cli import changed_steps

pytestmark = pytest.mark.e2e

PROGRAM = Path(__file__).resolve().parent / "programs" / "main-to-a-person"


@pytest.fixture(scope="module")
def stack(pulumi_engine: Path, pulumi_home: Path, e2e_sandbox: Any, tmp_path_factory: Any) -> Deployment:
    direct = seed_numbers(1)[0]
    org = new_org(e2e_sandbox, [direct])
    config = {"directNumber": direct, "mainNumber": org.main_number}
    root = tmp_path_factory.mktemp("main-to-a-person")
    deployment = start_stack(
        "main-to-a-person", root, e2e_sandbox, org, pulumi_home, config=config, secrets={}, source=PROGRAM
    )
    deployment.notes["direct"] = direct
    return deployment


def ann_numbers(stack: Deployment) -> list[dict[str, Any]]:
    person = stack.view.person_by_email("ann@example.com")
    assert person is not None
    path, e164 = f"/people/{person['id']}/features/numbers", {"preferE164Format": "true"}
    numbers: list[dict[str, Any]] = stack.view.get(path, e164)["phoneNumbers"]
    return numbers


def main_number_owner(stack: Deployment) -> dict[str, Any]:
    [row] = stack.view.pages(
        "/telephony/config/numbers", "phoneNumbers", {"phoneNumber": stack.org.main_number}
    )
    owner: dict[str, Any] = row["owner"]
    return owner


def test_up_makes_the_main_number_anns_alternate_number(stack: Deployment) -> None:
    stack.project.up()

    primary, alternate = ann_numbers(stack)
    assert (primary["primary"], primary["directNumber"], primary["extension"]) == (
        True,
        stack.notes["direct"],
        "201",
    )
    assert (alternate["primary"], alternate["directNumber"]) == (False, stack.org.main_number)
    assert alternate["ringPattern"] == "LONG_LONG"
    assert main_number_owner(stack)["type"] == "PEOPLE"


def test_refresh_shows_no_drift_while_the_main_number_rings_ann(stack: Deployment) -> None:
    stack.project.preview("--refresh", "--expect-no-changes")


def test_routing_to_the_menu_updates_only_the_main_number_and_takes_the_alternate_back(
    stack: Deployment,
) -> None:
    stack.project.set_config({"route": "menu"})
    assert changed_steps(stack.project.preview_json()) == [("update", "main-number")]

    stack.project.up()

    assert [(n["primary"], n["directNumber"]) for n in ann_numbers(stack)] == [(True, stack.notes["direct"])]
    owner = main_number_owner(stack)
    assert (owner["type"], owner["displayName"]) == ("AUTO_ATTENDANT", "Front desk")


def test_refresh_shows_no_drift_while_the_main_number_rings_the_menu(stack: Deployment) -> None:
    stack.project.preview("--refresh", "--expect-no-changes")


def test_routing_back_to_ann_gives_her_the_alternate_again(stack: Deployment) -> None:
    stack.project.set_config({"route": "person"})
    stack.project.up()

    assert [(n["primary"], n["directNumber"]) for n in ann_numbers(stack)] == [
        (True, stack.notes["direct"]),
        (False, stack.org.main_number),
    ]
    stack.project.preview("--refresh", "--expect-no-changes")
