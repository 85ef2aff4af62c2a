"""The main number to a person who has their own number, through the provider host and the sandbox.

The main number becomes the person's alternate number (ADD, not primary, with a ring pattern) and
moving the route takes it back; the person's direct number stays theirs, and primary, at every
step; refresh of the line never shows the main number as drift, nor the route that of the line.
"""

from __future__ import annotations

from typing import Any

import pytest

from callplan_provider.client import CallingPlanApi
from callplan_provider.models.auto_attendants import AutoAttendant
from callplan_provider.models.people import Person
from callplan_provider.models.schedules import Schedule
from callplan_provider.ownership import MAIN_NUMBER_RING_PATTERN
from callplan_provider.resources.extension import ExtensionProvider
from callplan_provider.resources.main_number import MainNumberProvider
from callplan_provider.resources.phone_menu import PhoneMenuProvider
from callplan_provider.sandbox.bootstrap import OrgHandle
from tests.provider.conftest import HostedResource, HostError, KindClient, ProviderHost


@pytest.fixture
def client(org: OrgHandle) -> CallingPlanApi:
    return CallingPlanApi(org.api_url, org.admin_token)


@pytest.fixture
def host(provider_host: ProviderHost, org: OrgHandle) -> ProviderHost:
    provider_host.configure_for(org)
    return provider_host


def checked(kind: KindClient, **inputs: Any) -> dict[str, Any]:
    result = kind.check({}, inputs)
    assert result.failures == [], result.failures
    return result.inputs


def person(client: CallingPlanApi, name: str) -> str:
    created = client.people.create(
        Person(emails=[f"{name}@example.com"], first_name=name.title(), last_name="Lee")
    )
    assert created.id is not None
    return created.id


def line(
    host: ProviderHost, user_id: str, extension: str, number: str | None
) -> tuple[KindClient, HostedResource]:
    lines = host.kind(ExtensionProvider, f"line-{extension}")
    inputs = {"user_id": user_id, "extension": extension} | ({"phone_number": number} if number else {})
    return lines, lines.create(checked(lines, **inputs))


def numbers(client: CallingPlanApi, user_id: str) -> tuple[str | None, list[str]]:
    """(direct number, alternate numbers) of a person."""
    found = client.people.get_numbers(user_id)
    primary = next(n.direct_number for n in found.phone_numbers if n.primary)
    return primary, found.alternates


def menu(client: CallingPlanApi, org: OrgHandle) -> str:
    client.schedules.create(org.location_id, Schedule(type="businessHours", name="Desk hours"))
    return client.auto_attendants.create(
        org.location_id, AutoAttendant(name="Desk", extension="300", business_schedule="Desk hours")
    )


def test_the_main_number_becomes_the_alternate_number_of_a_person_with_their_own(
    host: ProviderHost, client: CallingPlanApi, org: OrgHandle
) -> None:
    ann = person(client, "ann")
    lines, ann_line = line(host, ann, "201", org.numbers[0])
    mains = host.kind(MainNumberProvider, "main")
    created = mains.create(checked(mains, user_id=ann))
    assert (created.outs["owner_id"], created.outs["owner_type"]) == (ann, "PEOPLE")
    assert numbers(client, ann) == (org.numbers[0], [org.main_number])
    [alternate] = [n for n in client.people.get_numbers(ann).phone_numbers if not n.primary]
    assert alternate.ring_pattern == MAIN_NUMBER_RING_PATTERN
    line_inputs = checked(lines, user_id=ann, extension="201", phone_number=org.numbers[0])
    read = lines.read(ann_line.id, ann_line.outs, line_inputs)
    assert read.outs["phone_number"] == org.numbers[0]
    assert lines.diff(ann_line.id, read.outs, line_inputs).changes == "NONE"
    main_read = mains.read(created.id, created.outs, checked(mains, user_id=ann))
    assert mains.diff(created.id, main_read.outs, checked(mains, user_id=ann)).changes == "NONE"


def test_moving_the_route_to_a_menu_takes_the_alternate_number_back(
    host: ProviderHost, client: CallingPlanApi, org: OrgHandle
) -> None:
    ann = person(client, "ann")
    line(host, ann, "201", org.numbers[0])
    mains = host.kind(MainNumberProvider, "main")
    created = mains.create(checked(mains, user_id=ann))
    menu_id = menu(client, org)
    outs = mains.update(created.id, created.outs, checked(mains, phone_menu_id=menu_id))
    assert (outs["owner_id"], outs["owner_type"]) == (menu_id, "AUTO_ATTENDANT")
    assert numbers(client, ann) == (org.numbers[0], [])
    assert client.auto_attendants.get(org.location_id, menu_id).phone_number == org.main_number


def test_moving_the_route_between_people_keeps_both_their_numbers(
    host: ProviderHost, client: CallingPlanApi, org: OrgHandle
) -> None:
    ann, bo = person(client, "ann"), person(client, "bo")
    line(host, ann, "201", org.numbers[0])
    line(host, bo, "202", None)
    mains = host.kind(MainNumberProvider, "main")
    created = mains.create(checked(mains, user_id=ann))
    outs = mains.update(created.id, created.outs, checked(mains, extension="202"))
    assert outs["owner_id"] == bo
    assert numbers(client, ann) == (org.numbers[0], [])
    assert numbers(client, bo) == (
        org.main_number,
        [],
    )  # only an extension: the main number is their work number
    back = mains.update(created.id, outs, checked(mains, user_id=ann))
    assert back["owner_id"] == ann
    assert numbers(client, bo) == (None, [])
    assert numbers(client, ann) == (org.numbers[0], [org.main_number])


def test_a_line_that_gets_its_own_number_keeps_the_main_number_as_an_alternate(
    host: ProviderHost, client: CallingPlanApi, org: OrgHandle
) -> None:
    bo = person(client, "bo")
    lines, bo_line = line(host, bo, "202", None)
    mains = host.kind(MainNumberProvider, "main")
    created = mains.create(checked(mains, user_id=bo))
    assert numbers(client, bo) == (org.main_number, [])
    inputs = checked(lines, user_id=bo, extension="202", phone_number=org.numbers[1])
    outs = lines.update(bo_line.id, bo_line.outs, inputs)
    assert outs["phone_number"] == org.numbers[1]
    assert numbers(client, bo) == (org.numbers[1], [org.main_number])
    main_read = mains.read(created.id, created.outs, checked(mains, user_id=bo))
    assert main_read.outs["owner_id"] == bo
    assert mains.diff(created.id, main_read.outs, checked(mains, user_id=bo)).changes == "NONE"
    line_read = lines.read(bo_line.id, outs, inputs)
    assert lines.diff(bo_line.id, line_read.outs, inputs).changes == "NONE"


def test_deleting_the_route_takes_the_alternate_number_and_leaves_the_direct_number(
    host: ProviderHost, client: CallingPlanApi, org: OrgHandle
) -> None:
    ann = person(client, "ann")
    line(host, ann, "201", org.numbers[0])
    mains = host.kind(MainNumberProvider, "main")
    created = mains.create(checked(mains, user_id=ann))
    mains.delete(created.id, created.outs)
    assert numbers(client, ann) == (org.numbers[0], [])
    row = client.numbers.find_by_number(org.main_number or "")
    assert row is not None and row.owner is None


def test_a_menu_the_main_number_rings_refuses_a_second_number(
    host: ProviderHost, client: CallingPlanApi, org: OrgHandle
) -> None:
    menus = host.kind(PhoneMenuProvider, "desk")
    hours = {"mon": ["09:00-17:00"]}
    desk = menus.create(checked(menus, name="Desk", extension="300", business_hours=hours))
    mains = host.kind(MainNumberProvider, "main")
    mains.create(checked(mains, phone_menu_id=desk.id))
    inputs = checked(menus, name="Desk", extension="300", business_hours=hours)
    read = menus.read(desk.id, desk.outs, inputs)
    assert read.outs.get("phone_number") is None and menus.diff(desk.id, read.outs, inputs).changes == "NONE"
    with pytest.raises(HostError) as refused:
        menus.update(
            desk.id,
            desk.outs,
            checked(menus, name="Desk", extension="300", phone_number=org.numbers[0], business_hours=hours),
        )
    assert "a menu has one number" in refused.value.details
    assert client.auto_attendants.get(org.location_id, desk.id).phone_number == org.main_number


@pytest.mark.parametrize("target", ["menu", "the person"])
def test_a_persons_own_number_is_not_taken_to_be_the_main_number(
    host: ProviderHost, client: CallingPlanApi, org: OrgHandle, target: str
) -> None:
    """Making a person's direct number the main number would take it from them (or leave their line
    declaring the main number): refused, naming the person, and nothing changes."""
    ann = person(client, "ann")
    lines, ann_line = line(host, ann, "201", org.numbers[0])
    route = {"phone_menu_id": menu(client, org)} if target == "menu" else {"user_id": ann}
    mains = host.kind(MainNumberProvider, "main")
    with pytest.raises(HostError) as refused:
        mains.create(checked(mains, phone_number=org.numbers[0], **route))
    assert org.numbers[0] in refused.value.details and ann in refused.value.details
    assert client.locations.main_number(org.location_id) == org.main_number
    assert numbers(client, ann) == (org.numbers[0], [])
    line_inputs = checked(lines, user_id=ann, extension="201", phone_number=org.numbers[0])
    read = lines.read(ann_line.id, ann_line.outs, line_inputs)
    assert lines.diff(ann_line.id, read.outs, line_inputs).changes == "NONE"
