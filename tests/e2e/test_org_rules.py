"""The organisation's rules at preview, and hand-overs inside one `pulumi up`, under the real engine.

One stack of `tests/e2e/programs/org-rules` (Ann and Bo with their lines), its scenes chosen by
the config `scene`: each refused preview names the property and the current owner, and the
sandbox receives no write; a number moves from Ann to Bo, then extensions swap (with the number
coming back), each in one `pulumi up` with no `depends_on`.
"""

from __future__ import annotations

import datetime
import re
from pathlib import Path
from typing import Any

import pytest
import requests

from callplan_provider.client import CallingPlanApi
from callplan_provider.models.people import Person
from callplan_provider.sandbox.bootstrap import create_activated_org
from tests.e2e.conftest import Deployment, new_org, start_stack
from tests.e2e.pulumi_cli import REPO

pytestmark = pytest.mark.e2e

NUMBERS = ["+14155550160", "+14155550161"]
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\n%%EOF\n"
PROGRAM = REPO / "tests" / "e2e" / "programs" / "org-rules"


@pytest.fixture(scope="module")
def stack(pulumi_engine: Path, pulumi_home: Path, e2e_sandbox, tmp_path_factory) -> Deployment:
    org = new_org(e2e_sandbox, NUMBERS)
    root = tmp_path_factory.mktemp("org-rules")
    bill = root / "bill.pdf"
    bill.write_bytes(PDF)
    outsider(org)
    today = datetime.datetime.now(datetime.UTC).date()
    config = {
        "annNumber": NUMBERS[1],
        "zoeNumber": NUMBERS[0],
        "mainNumber": org.main_number,
        "billFile": str(bill),
        "billDate": (today - datetime.timedelta(days=45)).isoformat(),
        "freshBillDate": (today - datetime.timedelta(days=2)).isoformat(),
    }
    deployment = start_stack("org-rules", root, e2e_sandbox, org, pulumi_home, config, {}, source=PROGRAM)
    deployment.project.up()
    return deployment


def outsider(org: Any) -> None:
    """Zoe Park, set up by hand: extension 209 and the direct number NUMBERS[0]."""
    api = CallingPlanApi(org.api_url, org.admin_token)
    zoe = api.people.create(Person(emails=["zoe@example.com"], first_name="Zoe", last_name="Park"))
    licence = api.licenses.find_calling()
    assert zoe.id is not None and licence is not None
    api.licenses.assign(
        zoe.id, licence.id, location_id=org.location_id, extension="209", phone_number=NUMBERS[0]
    )


def refused(stack: Deployment, scene: str) -> str:
    """Preview the scene; it must fail and write nothing. Its output."""
    stack.project.set_config({"scene": scene})
    before = len(stack.server.requests)
    try:
        run = stack.project.preview(check=False)
    finally:
        stack.project.set_config({"scene": "base"})
    made = [e for e in stack.server.requests.entries(before) if e.org_id == stack.org.org_id]
    assert [f"{e.method} {e.path}" for e in made if e.is_write] == []
    assert run.returncode != 0, run.output
    return run.output


def applied(stack: Deployment, scene: str) -> None:
    stack.project.set_config({"scene": scene})
    stack.project.up()


def line(stack: Deployment, email: str) -> tuple[str | None, str | None]:
    person = stack.view.people_by_email()[email]
    work = [n["value"] for n in person.get("phoneNumbers", []) if n.get("type") == "work"]
    return person.get("extension"), (work[0] if work else None)


def test_preview_after_up_reads_nothing(stack: Deployment) -> None:
    before = len(stack.server.requests)
    stack.project.preview("--expect-no-changes")
    assert [e.path for e in stack.server.requests.entries(before) if e.org_id == stack.org.org_id] == []


def test_a_number_an_extension_and_a_licence_held_by_others_are_refused(stack: Deployment) -> None:
    licences = f"{stack.org.base_url}/_sandbox/orgs/{stack.org.org_id}/licenses"
    requests.put(licences, json={"totalUnits": 3}, timeout=10).raise_for_status()  # Ann, Bo, Zoe
    try:
        output = refused(stack, "taken")
    finally:
        requests.put(licences, json={"totalUnits": 10}, timeout=10).raise_for_status()
    assert "user_id: no free calling licence for this line: the plan has 3, 3 in use" in output
    assert f"phone_number: {NUMBERS[0]} belongs to Zoe Park (person" in output
    assert "free it from Zoe's Extension first or pick another number" in output
    assert "extension: 209 is taken in Main Office by Zoe Park (person" in output


def test_the_main_number_as_a_menu_number_is_refused(stack: Deployment) -> None:
    output = refused(stack, "main-menu")
    assert (
        f"phone_number {stack.org.main_number} is the location's main number, which belongs to MainNumber"
        in output
    )


def test_a_port_order_the_api_would_refuse_is_refused(stack: Deployment) -> None:
    output = refused(stack, "port")
    assert "loa: eve@example.com is not the plan's account owner (owner@example.com)" in output
    assert "is older than 30 days" in output
    assert f"phone_numbers: {NUMBERS[1]} is already in the organisation (Main Office, Ann Lee" in output


def test_two_lines_of_the_program_claiming_one_extension_are_refused(stack: Deployment) -> None:
    output = refused(stack, "clash")
    # The engine checks in the order registrations reach it (here both wait for a new user's id).
    assert re.search(r"extension: extension 250 is also claimed by (cy|dee)-line in this program", output)


def test_a_port_order_of_another_country_than_its_location_is_refused(stack: Deployment) -> None:
    output = refused(stack, "port-uk")
    assert "phone_numbers: +442071838750 is a number of GB, but location Main Office is in US" in output


def test_call_recording_on_a_standard_plan_is_refused(
    pulumi_home: Path, e2e_sandbox, tmp_path_factory
) -> None:
    org = create_activated_org(e2e_sandbox.url, tier="STANDARD", numbers=["+14155550162"])
    root = tmp_path_factory.mktemp("org-rules-standard")
    config = {"annNumber": "+14155550162", "scene": "recording"}
    standard = start_stack("org-rules", root, e2e_sandbox, org, pulumi_home, config, {}, source=PROGRAM)
    before = len(e2e_sandbox.requests)
    run = standard.project.preview(check=False)
    assert [
        e.path for e in e2e_sandbox.requests.entries(before) if e.org_id == org.org_id and e.is_write
    ] == []
    assert run.returncode != 0
    assert "call_recording: needs the BUSINESS tier; this plan is STANDARD" in run.output


@pytest.mark.parametrize(
    ("scene", "claimed"),
    [
        (
            "clash-number",
            rf"phone_number: phone number {re.escape(NUMBERS[1])} is also claimed by (ann-line|sales) ",
        ),
        ("clash-menu", r'name: phone menu name "Sales" is also claimed by (sales|sales-2) '),
        ("clash-port", r"phone_numbers: number \+12125550170 of a port order is also claimed by port-(a|b) "),
    ],
)
def test_two_resources_of_the_program_claiming_one_thing_are_refused(
    stack: Deployment, scene: str, claimed: str
) -> None:
    assert re.search(claimed, refused(stack, scene))


def test_a_number_moves_from_ann_to_bo_in_one_up(stack: Deployment) -> None:
    applied(stack, "move")
    assert (line(stack, "ann@example.com"), line(stack, "bo@example.com")) == (
        ("201", None),
        ("202", NUMBERS[1]),
    )


def test_extensions_swap_and_the_number_comes_back_in_one_up(stack: Deployment) -> None:
    applied(stack, "swap")
    assert (line(stack, "ann@example.com"), line(stack, "bo@example.com")) == (
        ("202", NUMBERS[1]),
        ("201", None),
    )
    stack.project.preview("--expect-no-changes")
