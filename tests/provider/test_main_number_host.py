"""MainNumber through the real dynamic-provider host over gRPC, against the sandbox."""

from __future__ import annotations

from typing import Any

import pytest

from callplan_provider.client import CallingPlanApi
from callplan_provider.models.auto_attendants import AutoAttendant
from callplan_provider.models.people import Person, PersonPhoneNumber
from callplan_provider.models.schedules import Schedule
from callplan_provider.resources.main_number import MainNumberProvider
from callplan_provider.sandbox.bootstrap import OrgHandle
from tests.provider.conftest import UNKNOWN, HostError, KindClient, ProviderHost

pytestmark = pytest.mark.sandbox_only(
    "the main number: live mode never reroutes an organisation's main number"
)


@pytest.fixture
def client(org: OrgHandle) -> CallingPlanApi:
    return CallingPlanApi(org.api_url, org.admin_token)


@pytest.fixture
def mains(provider_host: ProviderHost, org: OrgHandle) -> KindClient:
    provider_host.configure_for(org)
    return provider_host.kind(MainNumberProvider, "main")


@pytest.fixture
def ann(client: CallingPlanApi, org: OrgHandle) -> str:
    person = client.people.create(Person(emails=["ann@example.com"], first_name="Ann", last_name="Lee"))
    license_ = client.licenses.find_calling()
    assert person.id is not None and license_ is not None
    client.licenses.assign(person.id, license_.id, location_id=org.location_id, extension="201")
    return person.id


@pytest.fixture
def bo(client: CallingPlanApi, org: OrgHandle) -> str:
    person = client.people.create(Person(emails=["bo@example.com"], first_name="Bo", last_name="Ek"))
    license_ = client.licenses.find_calling()
    assert person.id is not None and license_ is not None
    client.licenses.assign(person.id, license_.id, location_id=org.location_id, extension="202")
    return person.id


def checked(mains: KindClient, **inputs: Any) -> dict[str, Any]:
    result = mains.check({}, inputs)
    assert result.failures == []
    return result.inputs


def owner_of(client: CallingPlanApi, number: str | None) -> str | None:
    assert number is not None
    row = client.numbers.find_by_number(number)
    assert row is not None
    return row.owner.id if row.owner else None


def test_check_needs_exactly_one_target_through_the_host(mains: KindClient) -> None:
    result = mains.check({}, {"user_id": "p1", "phone_menu_id": "aa1"})
    assert result.failed_properties == ["phone_menu_id"]


def test_check_tolerates_an_unknown_target_at_preview(mains: KindClient) -> None:
    assert mains.check({}, {"user_id": UNKNOWN}).failures == []


def test_create_routes_the_main_number_to_a_user(
    mains: KindClient, ann: str, client: CallingPlanApi, org: OrgHandle
) -> None:
    created = mains.create(checked(mains, user_id=ann))
    assert (created.id, created.outs["phone_number"]) == (org.location_id, org.main_number)
    assert (created.outs["owner_id"], created.outs["owner_type"]) == (ann, "PEOPLE")
    assert owner_of(client, org.main_number) == ann


def test_diff_after_create_shows_no_change(mains: KindClient, ann: str) -> None:
    created = mains.create(checked(mains, user_id=ann))
    assert mains.diff(created.id, created.outs, checked(mains, user_id=ann)).changes == "NONE"


def test_create_routes_to_whoever_owns_the_extension(
    mains: KindClient, bo: str, client: CallingPlanApi, org: OrgHandle
) -> None:
    created = mains.create(checked(mains, extension="202"))
    assert owner_of(client, org.main_number) == bo
    assert mains.diff(created.id, created.outs, checked(mains, extension="202")).changes == "NONE"


def test_create_routes_to_a_phone_menu(mains: KindClient, client: CallingPlanApi, org: OrgHandle) -> None:
    client.schedules.create(org.location_id, Schedule(type="businessHours", name="Desk hours"))
    menu = AutoAttendant(name="Desk", extension="300", business_schedule="Desk hours")
    menu_id = client.auto_attendants.create(org.location_id, menu)
    created = mains.create(checked(mains, phone_menu_id=menu_id))
    assert created.outs["owner_type"] == "AUTO_ATTENDANT"
    assert client.auto_attendants.get(org.location_id, menu_id).phone_number == org.main_number


def test_update_moves_the_main_number_to_another_user(
    mains: KindClient, ann: str, bo: str, client: CallingPlanApi, org: OrgHandle
) -> None:
    created = mains.create(checked(mains, user_id=ann))
    outs = mains.update(created.id, created.outs, checked(mains, user_id=bo))
    assert (outs["owner_id"], owner_of(client, org.main_number)) == (bo, bo)
    assert client.people.get(ann, calling_data=True).work_number is None


def test_update_to_another_number_unroutes_the_old_one(
    mains: KindClient, ann: str, client: CallingPlanApi, org: OrgHandle
) -> None:
    created = mains.create(checked(mains, user_id=ann))
    outs = mains.update(created.id, created.outs, checked(mains, user_id=ann, phone_number=org.numbers[1]))
    calling = client.locations.get_calling(org.location_id)
    assert calling.calling_line_id is not None and calling.calling_line_id.phone_number == org.numbers[1]
    assert (owner_of(client, org.numbers[1]), owner_of(client, org.main_number)) == (ann, None)
    assert outs["phone_number"] == org.numbers[1]


def test_read_shows_where_it_rings_after_an_outside_change(
    mains: KindClient, ann: str, bo: str, client: CallingPlanApi, org: OrgHandle
) -> None:
    inputs = checked(mains, user_id=ann)
    created = mains.create(inputs)
    person = client.people.get(ann, calling_data=True)
    client.people.update(ann, person.model_copy(update={"phone_numbers": []}), calling_data=True)
    bo_person = client.people.get(bo, calling_data=True)
    assert org.main_number is not None
    work = PersonPhoneNumber(type="work", value=org.main_number, primary=True)
    routed = bo_person.model_copy(update={"phone_numbers": [work]})
    client.people.update(bo, routed, calling_data=True)
    read = mains.read(created.id, created.outs, inputs)
    assert (read.outs["user_id"], read.outs["owner_id"]) == (bo, bo)
    assert read.inputs is not None and read.inputs["user_id"] == bo
    assert mains.diff(created.id, read.outs, inputs).changes == "SOME"


def test_create_refuses_a_menu_with_a_number_of_its_own_and_changes_nothing(
    mains: KindClient, client: CallingPlanApi, org: OrgHandle
) -> None:
    client.schedules.create(org.location_id, Schedule(type="businessHours", name="Desk hours"))
    menu = AutoAttendant(
        name="Desk", extension="300", business_schedule="Desk hours", phone_number=org.numbers[0]
    )
    menu_id = client.auto_attendants.create(org.location_id, menu)
    with pytest.raises(HostError) as failed:
        mains.create(checked(mains, phone_menu_id=menu_id, phone_number=org.numbers[1]))
    assert "already has its own number" in failed.value.details
    calling = client.locations.get_calling(org.location_id)
    assert calling.calling_line_id is not None and calling.calling_line_id.phone_number == org.main_number


def test_delete_unroutes_but_keeps_the_main_number(
    mains: KindClient, ann: str, client: CallingPlanApi, org: OrgHandle
) -> None:
    created = mains.create(checked(mains, user_id=ann))
    mains.delete(created.id, created.outs)
    calling = client.locations.get_calling(org.location_id)
    assert calling.calling_line_id is not None and calling.calling_line_id.phone_number == org.main_number
    assert owner_of(client, org.main_number) is None
    assert client.people.get(ann, calling_data=True).extension == "201"
