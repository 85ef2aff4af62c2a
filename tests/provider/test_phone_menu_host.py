"""PhoneMenu through the real dynamic-provider host over gRPC, as the engine drives it (also in live
mode: the menu's name carries the test prefix, and only menus and schedules that carry it count)."""

from __future__ import annotations

from typing import Any

import pytest

from callplan_provider.client import CallingPlanApi
from callplan_provider.menu import exit_menu, menu_options, repeat_menu, transfer_to_number, transfer_to_user
from callplan_provider.models.auto_attendants import AutoAttendantUpdate
from callplan_provider.models.schedules import ScheduleUpdate
from callplan_provider.resources.business_hours import events_to_hours, hours_to_events
from callplan_provider.resources.phone_menu import PhoneMenuProvider
from tests.live import PREFIX, client_of, tagged
from tests.provider.conftest import UNKNOWN, HostError

NAME = tagged("Front desk")
HOURS = f"{NAME} hours"


def program(**overrides: Any) -> dict[str, Any]:
    """Inputs as a program declares them (before check)."""
    inputs: dict[str, Any] = {
        "name": NAME,
        "extension": "200",
        "business_hours": {"fri": ["13:00-17:00", "9:00-12:00"]},
        "business_hours_menu": menu_options(
            {"1": transfer_to_number("+14155550123", "sales"), "0": exit_menu()}
        ),
        "after_hours_menu": menu_options({"0": exit_menu()}, extension_enabled=False),
    }
    inputs.update(overrides)
    return inputs


@pytest.fixture
def menus(provider_host, org):
    provider_host.configure_for(org)
    return provider_host.kind(PhoneMenuProvider, "front-desk")


@pytest.fixture
def api(org) -> CallingPlanApi:
    return client_of(org)


def ours(items):
    """The menus or schedules this run made (a live location may hold others)."""
    return [item for item in items if item.name.startswith(PREFIX)]


def test_check_normalises_through_the_host(menus):
    checked = menus.check({}, program())
    assert checked.failures == []
    assert checked.inputs["business_hours"] == {"fri": ["09:00-12:00", "13:00-17:00"]}


def test_check_reports_failures_through_the_host(menus):
    checked = menus.check({}, program(business_hours={"fri": ["17:00-09:00"]}, extension="911"))
    assert sorted(checked.failed_properties) == ["business_hours", "extension"]


def test_check_keeps_an_unknown_user_at_preview(menus):
    checked = menus.check({}, program(business_hours_menu=menu_options({"1": transfer_to_user(UNKNOWN)})))
    assert checked.failures == []


def test_check_refuses_a_bad_key_next_to_an_unknown_user_at_preview(menus):
    keys = {"1": transfer_to_user(UNKNOWN), "2": transfer_to_number("+1415")}
    checked = menus.check({}, program(business_hours_menu=menu_options(keys)))
    [(prop, reason)] = checked.failures
    assert prop == "business_hours_menu" and "E.164" in reason


def test_diff_with_an_unknown_is_a_change(menus):
    checked = menus.check({}, program())
    created = menus.create(checked.inputs)
    preview = {**checked.inputs, "business_hours_menu": menu_options({"1": transfer_to_user(UNKNOWN)})}
    assert menus.diff(created.id, created.outs, preview).changes == "SOME"


def test_lifecycle_create_read_update_delete(menus, api, org):
    checked = menus.check({}, program())
    created = menus.create(checked.inputs)
    assert created.outs["caller_hears"]["business_hours"].startswith("For sales, press 1.")
    assert menus.diff(created.id, created.outs, checked.inputs).changes == "NONE"

    read = menus.read(created.id, created.outs, checked.inputs)
    assert read.id == created.id
    assert menus.diff(created.id, read.outs, checked.inputs).changes == "NONE"

    changed = menus.check(checked.inputs, program(business_hours_menu=menu_options({"*": repeat_menu()})))
    assert menus.diff(created.id, read.outs, changed.inputs).changes == "SOME"
    updated = menus.update(created.id, read.outs, changed.inputs)
    assert updated["caller_hears"]["business_hours"].startswith("To hear these options again, press star.")
    assert menus.diff(created.id, updated, changed.inputs).changes == "NONE"

    menus.delete(created.id, updated)
    assert ours(api.auto_attendants.list(location_id=org.location_id)) == []
    assert ours(api.schedules.list(org.location_id)) == []
    assert menus.read(created.id, updated).id == ""


def test_read_shows_drift_through_the_host(menus, api, org):
    checked = menus.check({}, program())
    created = menus.create(checked.inputs)
    live = api.auto_attendants.get(org.location_id, created.id)
    live.business_hours_menu.key_configurations[0].value = "+14155550999"
    api.auto_attendants.update(
        org.location_id, created.id, AutoAttendantUpdate(business_hours_menu=live.business_hours_menu)
    )
    read = menus.read(created.id, created.outs, checked.inputs)
    assert read.inputs is not None
    assert read.inputs["business_hours_menu"]["keys"]["1"]["phone_number"] == "+14155550999"
    assert menus.diff(created.id, read.outs, checked.inputs).changes == "SOME"


def test_replace_on_a_new_location(menus):
    checked = menus.check({}, program())
    created = menus.create(checked.inputs)
    moved = menus.check(checked.inputs, program(location_id="elsewhere"))
    diff = menus.diff(created.id, created.outs, moved.inputs)
    assert diff.replaces == ["location_id"]


@pytest.mark.sandbox_only("faults")
def test_failed_create_leaves_nothing_through_the_host(menus, api, org):
    with org.session() as http:
        http.post(
            org.base_url + "/_sandbox/faults",
            json={
                "method": "POST",
                "path": "/telephony/config/locations/*/autoAttendants",
                "mode": "fail_before_commit",
            },
        ).raise_for_status()
    checked = menus.check({}, program())
    with pytest.raises(HostError, match="create PhoneMenu failed"):
        menus.create(checked.inputs)
    assert ours(api.schedules.list(org.location_id)) == []


def test_create_after_the_menu_was_deleted_elsewhere_works_through_the_host(menus, api, org):
    checked = menus.check({}, program())
    created = menus.create(checked.inputs)
    api.auto_attendants.delete(org.location_id, created.id)  # its schedule stays, as in Webex
    schedule = api.schedules.find_by_name(org.location_id, HOURS)
    assert schedule is not None
    api.schedules.update(
        org.location_id, schedule.id, ScheduleUpdate(events=hours_to_events({"sun": ["10:00-11:00"]}))
    )
    assert menus.read(created.id, created.outs, checked.inputs).id == ""  # refresh: gone

    again = menus.create(checked.inputs)
    assert [m.id for m in ours(api.auto_attendants.list(location_id=org.location_id))] == [again.id]
    [schedule] = ours(api.schedules.list(org.location_id))
    assert schedule.name == HOURS
    declared = {"fri": ["09:00-12:00", "13:00-17:00"]}
    assert events_to_hours(api.schedules.get(org.location_id, schedule.id).events) == declared
    assert again.outs["business_hours"] == declared
    assert menus.diff(again.id, again.outs, checked.inputs).changes == "NONE"


def test_create_with_adopt_after_the_menu_was_deleted_elsewhere_works_through_the_host(menus, api, org):
    checked = menus.check({}, program(adopt=True))
    created = menus.create(checked.inputs)
    api.auto_attendants.delete(org.location_id, created.id)
    again = menus.create(checked.inputs)
    assert [m.id for m in ours(api.auto_attendants.list(location_id=org.location_id))] == [again.id]
    assert [s.name for s in ours(api.schedules.list(org.location_id))] == [HOURS]


def test_adopt_clash_names_the_flag_through_the_host(menus):
    checked = menus.check({}, program())
    menus.create(checked.inputs)
    again = menus.check({}, program(extension="201"))
    with pytest.raises(HostError, match="adopt=True"):
        menus.create(again.inputs)
