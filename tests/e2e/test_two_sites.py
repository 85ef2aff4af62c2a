"""The two-sites example under the real engine: a second location with its emergency address.

One stack, deployed once by the `sites` fixture on its own sandbox: the main office the plan came
with (adopted by name, kept on destroy) and a branch, each with a person on extension 201. The
tests run in file order and build on each other (each `pulumi` command costs seconds).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from callplan_provider.cli import main
from tests.e2e.conftest import Deployment, new_org, start_stack
from tests.e2e.pulumi_cli import changed_steps

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.sandbox_only("a fresh organisation: it adopts the first location and its main number"),
]

MAIN_OFFICE_ESA = {
    "address1": "100 Main Street",
    "city": "San Jose",
    "state": "CA",
    "postalCode": "95134",
    "country": "US",
}
BRANCH_ESA = {"address1": "1 Elm St", "city": "Austin", "state": "TX", "postalCode": "73301", "country": "US"}


@pytest.fixture(scope="module")
def sites(pulumi_engine: Path, pulumi_home: Path, e2e_sandbox, tmp_path_factory) -> Deployment:
    org = new_org(e2e_sandbox, [])
    root = tmp_path_factory.mktemp("two-sites")
    deployment = start_stack("two-sites", root, e2e_sandbox, org, pulumi_home, config={}, secrets={})
    deployment.project.up()
    deployment.notes["ids"] = deployment.project.outputs()["location_ids"]
    return deployment


def locations(sites: Deployment) -> dict[str, dict[str, Any]]:
    return {loc["id"]: loc for loc in sites.view.pages("/locations", "items")}


def line_of(sites: Deployment, email: str) -> tuple[str, str]:
    person = sites.view.person_by_email(email)
    assert person is not None
    return person["locationId"], person["extension"]


def test_up_makes_the_branch_with_its_emergency_address(sites: Deployment) -> None:
    ids = sites.notes["ids"]
    found = locations(sites)

    assert ids["main_office"] == sites.org.location_id
    assert set(found) == {ids["main_office"], ids["branch"]}
    assert (found[ids["branch"]]["name"], found[ids["branch"]]["address"]) == ("Austin branch", BRANCH_ESA)
    assert found[ids["branch"]]["timeZone"] == "America/Chicago"
    assert found[ids["main_office"]]["address"] == MAIN_OFFICE_ESA


def test_each_person_has_extension_201_in_their_own_location(sites: Deployment) -> None:
    ids = sites.notes["ids"]

    assert line_of(sites, "ann@example.com") == (ids["main_office"], "201")
    assert line_of(sites, "dee@example.com") == (ids["branch"], "201")


def test_show_prints_the_esa_of_each_location_and_of_each_number(sites: Deployment) -> None:
    shown = CliRunner().invoke(
        main, ["sandbox", "show", "--url", sites.server.url, "--token", sites.org.admin_token]
    )

    assert shown.exit_code == 0, shown.output
    assert "emergency address (ESA): 1 Elm St, Austin, TX 73301, US" in shown.output
    assert "ESA (Main Office): 100 Main Street, San Jose, CA 95134, US" in shown.output  # the main number's


def test_preview_with_refresh_after_up_expects_no_changes(sites: Deployment) -> None:
    sites.project.preview("--refresh", "--expect-no-changes")


def test_a_new_branch_address_updates_the_branch_in_place(sites: Deployment) -> None:
    sites.project.set_config({"branchAddress": _json(BRANCH_ESA | {"address1": "9 Oak Ave"})})

    assert changed_steps(sites.project.preview_json()) == [("update", "branch")]
    sites.project.up()
    branch = locations(sites)[sites.notes["ids"]["branch"]]
    assert (branch["id"], branch["address"]["address1"]) == (sites.notes["ids"]["branch"], "9 Oak Ave")
    assert line_of(sites, "dee@example.com") == (branch["id"], "201")


def test_destroy_deletes_the_branch_and_keeps_the_main_office(sites: Deployment) -> None:
    sites.project.destroy()

    assert list(locations(sites)) == [sites.org.location_id]
    assert sites.view.main_number() == sites.org.main_number


def _json(address: dict[str, str]) -> str:
    """An address in the program's form (snake_case keys) as a JSON config value."""
    return json.dumps({("postal_code" if k == "postalCode" else k): v for k, v in address.items()})
