"""Location against the sandbox over HTTP, through the provider's methods (no Pulumi engine),
and the other kinds in a second location (`location_id=branch`)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import requests

from callplan_provider.client import CallingPlanApi
from callplan_provider.menu import exit_menu, menu_options
from callplan_provider.resources import config
from callplan_provider.resources.base import CallplanError
from callplan_provider.resources.extension import ExtensionProvider
from callplan_provider.resources.location import LocationProvider
from callplan_provider.resources.main_number import MainNumberProvider
from callplan_provider.resources.phone_menu import PhoneMenuProvider
from tests.live import configure_provider_for

pytestmark = pytest.mark.sandbox_only("the request log, faults and a fresh organisation")

PROVIDER = LocationProvider()
ESA = {"address1": "1 Elm St", "city": "Austin", "state": "TX", "postal_code": "73301", "country": "US"}
BRANCH_NUMBER = "+15125550142"
KEPT_NUMBER = "+15125550143"  # stays in the location whose delete is refused


@pytest.fixture
def client(org) -> Iterator[CallingPlanApi]:
    yield configure_provider_for(org)
    config.reset()


def checked(provider: Any, olds: dict[str, Any] | None = None, **inputs: Any) -> dict[str, Any]:
    result = provider.check(olds or {}, inputs)
    assert result.failures == []
    return dict(result.inputs)


def branch_inputs(**overrides: Any) -> dict[str, Any]:
    inputs = {"name": "Branch", "address": ESA, "time_zone": "America/Chicago", **overrides}
    return checked(PROVIDER, **inputs)


def add_fault(org, method: str, path: str, mode: str) -> None:
    fault = {"method": method, "path": path, "mode": mode}
    requests.post(org.base_url + "/_sandbox/faults", json=fault, timeout=10).raise_for_status()


# --- create, adopt -----------------------------------------------------------------------------


def test_create_makes_the_location_with_its_emergency_address(client):
    created = PROVIDER.create(branch_inputs())
    location = client.locations.get(created.id)
    assert (location.name, location.address.model_dump(exclude_none=True)) == ("Branch", ESA)
    assert (location.time_zone, location.announcement_language) == ("America/Chicago", "en_us")


def test_create_then_diff_shows_no_change(client):
    inputs = branch_inputs()
    created = PROVIDER.create(inputs)
    assert PROVIDER.diff(created.id, created.outs, inputs).changes is False


def test_create_of_a_name_in_use_names_adopt(client, org):
    main_name = client.locations.get(org.location_id).name
    with pytest.raises(CallplanError, match="adopt=True"):
        PROVIDER.create(branch_inputs(name=main_name))


def test_adopt_takes_over_the_first_location_without_writing(client, org, sandbox):
    main = client.locations.get(org.location_id)
    before = len(sandbox.requests)
    adopted = PROVIDER.create(branch_inputs(name=main.name, adopt=True))
    assert adopted.id == org.location_id
    assert adopted.outs["address"] == main.address.model_dump(exclude_none=True)
    made = [e for e in sandbox.requests.entries(before) if e.org_id == org.org_id]
    assert made and not [e for e in made if e.is_write]


def test_create_after_a_lost_reply_finds_the_location_instead_of_a_second_one(client, org):
    add_fault(org, "POST", "/locations", "drop_after_commit")
    created = PROVIDER.create(branch_inputs())
    assert [loc.id for loc in client.locations.list(name="Branch")] == [created.id]


# --- update ------------------------------------------------------------------------------------


def test_update_moves_the_emergency_address_and_clears_a_suite(client):
    olds = branch_inputs(address={**ESA, "address2": "Suite 2"})
    created = PROVIDER.create(olds)
    news = branch_inputs(address={**ESA, "address1": "9 Oak Ave"}, name="Austin")
    PROVIDER.update(created.id, created.outs, news)
    location = client.locations.get(created.id)
    assert (location.name, location.address.model_dump(exclude_none=True)) == (
        "Austin",
        {**ESA, "address1": "9 Oak Ave"},
    )


def test_update_of_the_language_changes_what_callers_hear(client):
    created = PROVIDER.create(branch_inputs())
    updated = PROVIDER.update(created.id, created.outs, branch_inputs(language="es_es"))
    assert client.locations.get_calling(created.id).announcement_language == "es_es"
    assert updated.outs["language"] == "es_es"


def test_read_shows_an_address_changed_outside(client):
    created = PROVIDER.create(branch_inputs())
    moved = {"address1": "1 Elm St", "city": "Round Rock", "state": "TX", "postalCode": "78664"}
    moved["country"] = "US"
    client.session.put(client.session.url(f"locations/{created.id}"), json={"address": moved})
    read = PROVIDER.read(created.id, created.outs)
    assert read.outs["address"]["city"] == "Round Rock"
    assert PROVIDER.diff(created.id, read.outs, branch_inputs()).changes is True


# --- delete ------------------------------------------------------------------------------------


def test_delete_removes_an_empty_location(client):
    created = PROVIDER.create(branch_inputs())
    PROVIDER.delete(created.id, created.outs)
    assert PROVIDER.read(created.id, created.outs).id is None


def test_delete_of_a_location_with_numbers_keeps_them_and_says_what_to_do(client, org):
    created = PROVIDER.create(branch_inputs())
    client.numbers.add(created.id, [KEPT_NUMBER])
    with pytest.raises(CallplanError) as refused:
        PROVIDER.delete(created.id, created.outs)
    message = str(refused.value)
    assert KEPT_NUMBER in message and "retain_on_delete=True" in message
    assert client.locations.get(created.id).name == "Branch"


# --- the other kinds in a second location ------------------------------------------------------


def person_id(client: CallingPlanApi, email: str) -> str:
    reply = client.session.post(
        client.session.url("people"), json={"emails": [email], "firstName": "B", "lastName": "Ranch"}
    )
    return str(reply["id"])


def test_line_menu_and_main_number_in_a_second_location(client, org):
    branch = PROVIDER.create(branch_inputs())
    client.numbers.add(branch.id, [BRANCH_NUMBER])
    user = person_id(client, "branch@example.com")
    line_inputs = checked(ExtensionProvider(), user_id=user, extension="201", location_id=branch.id)
    line = ExtensionProvider().create(line_inputs)
    menu_inputs = checked(
        PhoneMenuProvider(),
        name="Branch menu",
        extension="200",
        location_id=branch.id,
        business_hours={"mon": ["09:00-17:00"]},
        business_hours_menu=menu_options({"0": exit_menu()}),
    )
    menu = PhoneMenuProvider().create(menu_inputs)
    main_inputs = checked(
        MainNumberProvider(), phone_number=BRANCH_NUMBER, location_id=branch.id, phone_menu_id=menu.id
    )
    main = MainNumberProvider().create(main_inputs)

    assert line.outs["location_id"] == branch.id
    assert client.people.get(user, calling_data=True).location_id == branch.id
    assert client.auto_attendants.get(branch.id, menu.id).location_id == branch.id
    assert (main.id, client.locations.get_calling(branch.id).calling_line_id.phone_number) == (
        branch.id,
        BRANCH_NUMBER,
    )
    assert client.locations.get_calling(org.location_id).calling_line_id.phone_number == org.main_number
    for provider, made, inputs in (
        (ExtensionProvider(), line, line_inputs),
        (PhoneMenuProvider(), menu, menu_inputs),
        (MainNumberProvider(), main, main_inputs),
    ):
        assert provider.diff(made.id, made.outs, inputs).changes is False
