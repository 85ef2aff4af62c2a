"""The customer-office example under the real engine: one stack per customer organisation.

- Two customers under one partner token (sandbox): each customer's stack has the partner's token
  and its own `callplan:orgId`; both declare the same people on the same extensions, and each
  organisation ends up with its own, nothing in the partner's own organisation. A refresh of one
  stack finds everything it made (reads carry its orgId), and destroying the other leaves it be.
- The same example in the organisation the tests are given (also in live mode, with the test
  prefix on every e-mail and the menu's name, and a spare number as Ann's direct number): up, a
  no-change preview, destroy leaving nothing and keeping the number.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from callplan_provider.sandbox.bootstrap import PartnerHandle, create_partner
from tests.conftest import LIVE
from tests.e2e.conftest import new_org
from tests.e2e.pulumi_cli import PulumiProject, copy_example, engine_env
from tests.live import PREFIX, client_of, tagged, tagged_email

pytestmark = pytest.mark.e2e

PEOPLE = {"ann": ("Ann", "Lee", "201"), "ben": ("Ben", "Ortiz", "202")}


def customer_stack(
    root: Path, pulumi_home: Path, org: Any, token: str, config: dict[str, str], org_id: str | None = None
) -> PulumiProject:
    """A stack of the example pointed at `org` (its location) with `token`, and `callplan:orgId`."""
    root.mkdir()
    backend = root / "state"
    backend.mkdir()
    project = PulumiProject(copy_example("customer-office", root / "tree"), engine_env(pulumi_home, backend))
    provider = {"callplan:endpoint": org.api_url, "callplan:locationId": org.location_id}
    if org_id:
        provider["callplan:orgId"] = org_id
    project.init_stack({**provider, **config}, {"callplan:token": token})
    return project


def people_of(org: Any) -> dict[str, tuple[str | None, str | None]]:
    """E-mail → (extension, id) of every person of the org but its account owner, read with its own token."""
    return {
        p.emails[0]: (p.extension, p.id)
        for p in client_of(org).people.list(calling_data=True)
        if p.emails[0] != getattr(org, "owner_email", None)
    }


# --- two customers, one partner ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def partner(e2e_sandbox: Any) -> tuple[PartnerHandle, list[Any]]:
    customers = [new_org(e2e_sandbox, []), new_org(e2e_sandbox, [])]
    return create_partner(e2e_sandbox.url, [c.org_id for c in customers]), customers


@pytest.fixture(scope="module")
def customer_stacks(
    pulumi_engine: Path, pulumi_home: Path, partner: tuple[PartnerHandle, list[Any]], tmp_path_factory: Any
) -> list[PulumiProject]:
    handle, customers = partner
    root = tmp_path_factory.mktemp("customers")
    stacks = [
        customer_stack(root / f"customer-{i}", pulumi_home, c, handle.admin_token, {}, org_id=c.org_id)
        for i, c in enumerate(customers)
    ]
    for stack in stacks:
        stack.up()
    return stacks


@pytest.mark.sandbox_only("partners")
def test_each_customer_gets_its_own_people_and_menu(customer_stacks, partner) -> None:
    _, customers = partner
    people = [people_of(c) for c in customers]
    outputs = [s.outputs() for s in customer_stacks]

    for org, found, out in zip(customers, people, outputs, strict=True):
        assert {email: ext for email, (ext, _) in found.items()} == {
            "ann@example.com": "201",
            "ben@example.com": "202",
        }
        assert out["org_id"] == org.org_id
        assert sorted(out["user_ids"].values()) == sorted(pid for _, pid in found.values())
        assert [m.id for m in client_of(org).auto_attendants.list()] == [out["menu_id"]]
    assert set(outputs[0]["user_ids"].values()).isdisjoint(outputs[1]["user_ids"].values())


@pytest.mark.sandbox_only("partners")
def test_nothing_lands_in_the_partners_own_org(customer_stacks, partner) -> None:
    handle, _ = partner
    own = client_of(handle)

    assert [p.emails[0] for p in own.people.list()] == ["partner-admin@example.com"]
    assert list(own.auto_attendants.list()) == []


@pytest.mark.sandbox_only("partners")
def test_refresh_of_one_customer_finds_everything_and_destroying_the_other_leaves_it(
    customer_stacks, partner
) -> None:
    _, customers = partner
    first, second = customer_stacks
    kept = people_of(customers[0])

    first.preview("--refresh", "--expect-no-changes")
    second.destroy()

    assert people_of(customers[1]) == {}
    assert people_of(customers[0]) == kept


# --- the organisation the tests are given ---------------------------------------------------------------


@pytest.fixture(scope="module")
def given_org(request: pytest.FixtureRequest) -> Any:
    """The live organisation, else a fresh sandbox org."""
    if LIVE is not None:
        return LIVE
    return new_org(request.getfixturevalue("e2e_sandbox"), ["+14155550171"])


def test_the_example_in_the_given_org_comes_and_goes_leaving_nothing(
    pulumi_engine: Path, pulumi_home: Path, given_org: Any, tmp_path_factory: Any
) -> None:
    direct = given_org.numbers[0]  # a spare number: Ann's direct number while the stack lives
    people = {h: {"email": tagged_email(h)} for h in PEOPLE}
    people["ann"]["phoneNumber"] = direct
    # As one JSON value: a `--path` value that looks like a number ("+1415...") would become one.
    config = {"people": json.dumps(people), "menuName": tagged("Reception")}
    stack = customer_stack(
        tmp_path_factory.mktemp("given") / "office",
        pulumi_home,
        given_org,
        given_org.admin_token,
        config,
        org_id=getattr(given_org, "managed_org_id", None),
    )
    try:
        stack.up()
        ours = {email: ext for email, (ext, _) in people_of(given_org).items() if email.startswith(PREFIX)}
        assert ours == {tagged_email(h): ext for h, (_, _, ext) in PEOPLE.items()}
        assert stack.outputs()["direct_numbers"] == {"ann": direct, "ben": None}
        stack.preview("--expect-no-changes")
    finally:
        stack.destroy()

    client = client_of(given_org)
    assert [e for e in people_of(given_org) if e.startswith(PREFIX)] == []
    assert [m.name for m in client.auto_attendants.list() if m.name.startswith(PREFIX)] == []
    row = client.numbers.find_by_number(direct)  # kept in the location's inventory, never released
    assert row is not None and row.location is not None and row.location.id == given_org.location_id
