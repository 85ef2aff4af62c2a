"""PhoneMenu against the sandbox over HTTP, through the provider's methods (no Pulumi engine).

Also in live mode: every menu, schedule and person carries the test prefix, and only the menus
and schedules that carry it count."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pulumi
import pytest

from callplan_provider.client import CallingPlanApi
from callplan_provider.client.schedules import SchedulesApi
from callplan_provider.client.session import ApiError
from callplan_provider.menu import (
    exit_menu,
    menu_options,
    operator,
    transfer_to_extension,
    transfer_to_number,
    transfer_to_user,
)
from callplan_provider.models.auto_attendants import (
    AutoAttendant,
    AutoAttendantMenu,
    AutoAttendantUpdate,
    KeyConfiguration,
)
from callplan_provider.models.schedules import Schedule, ScheduleUpdate
from callplan_provider.resources import config
from callplan_provider.resources.base import CallplanError
from callplan_provider.resources.business_hours import events_to_hours, hours_to_events
from callplan_provider.resources.phone_menu import PhoneMenuProvider
from tests.live import PREFIX, configure_provider_for, tagged, tagged_email

PROVIDER = PhoneMenuProvider()
HOURS = {"mon": ["09:00-12:00", "13:00-17:00"], "fri": ["09:00-15:00"]}
NAME = tagged("Front desk")
SCHEDULE = f"{NAME} hours"
RECEPTION = tagged("Reception")
RENAMED = tagged("Renamed")
OLD_HOURS = tagged("Old hours")
ROUTES_MAIN_NUMBER = "the main number: live mode never reroutes an organisation's main number"


def ours(items):
    """The menus or schedules this run made (a live location may hold others)."""
    return [item for item in items if item.name.startswith(PREFIX)]


@pytest.fixture
def client(org) -> Iterator[CallingPlanApi]:
    """The provider process's settings point at this org; a client for looking behind its back."""
    yield configure_provider_for(org)
    config.reset()


def calling_user(org, extension: str) -> str:
    """A person with a calling line on `extension`; their id."""
    with org.session() as http:
        person = http.post(
            org.api_url + "/people",
            json={"emails": [tagged_email(f"u{extension}")], "firstName": "U", "lastName": extension},
        ).json()
        licence = next(
            item["id"]
            for item in http.get(org.api_url + "/licenses").json()["items"]
            if "Calling" in item["name"]
        )
        reply = http.patch(
            org.api_url + "/licenses/users",
            json={
                "personId": person["id"],
                "licenses": [
                    {
                        "id": licence,
                        "operation": "add",
                        "properties": {"locationId": org.location_id, "extension": extension},
                    }
                ],
            },
        )
        reply.raise_for_status()
    return str(person["id"])


def news(**overrides: Any) -> dict[str, Any]:
    inputs: dict[str, Any] = {
        "name": NAME,
        "extension": "200",
        "business_hours": HOURS,
        "business_hours_menu": menu_options(
            {"1": transfer_to_number("+14155550123", "sales"), "0": exit_menu()}, extension_enabled=True
        ),
        "after_hours_menu": menu_options({"0": exit_menu()}, extension_enabled=False),
    }
    inputs.update(overrides)
    checked = PROVIDER.check({}, inputs)
    assert checked.failures == []
    return checked.inputs


def add_fault(org, method: str, path: str, mode: str) -> None:
    with org.session() as http:
        http.post(
            org.base_url + "/_sandbox/faults", json={"method": method, "path": path, "mode": mode}
        ).raise_for_status()


# --- create -------------------------------------------------------------------------------------


def test_create_makes_the_schedule_and_the_menu(client, org):
    created = PROVIDER.create(news())
    menu_ = client.auto_attendants.get(org.location_id, created.id)
    assert menu_.business_schedule == SCHEDULE
    assert [k.key for k in menu_.business_hours_menu.key_configurations] == ["1", "0"]
    schedule = client.schedules.find_by_name(org.location_id, SCHEDULE)
    assert schedule is not None
    assert created.outs["schedule_id"] == schedule.id


def test_create_reports_what_callers_hear(client):
    created = PROVIDER.create(news())
    assert created.outs["caller_hears"] == {
        "business_hours": "For sales, press 1. To end this call, press 0. "
        "If you know the extension of the person you are calling, enter it now.",
        "after_hours": "To end this call, press 0.",
    }


def test_create_fills_the_server_defaults(client, org):
    outs = PROVIDER.create(news()).outs
    assert outs["location_id"] == org.location_id
    assert outs["time_zone"]
    assert outs["language"] == "en_us"


def test_create_then_diff_shows_no_change(client):
    inputs = news()
    created = PROVIDER.create(inputs)
    assert PROVIDER.diff(created.id, created.outs, inputs).changes is False


@pytest.mark.sandbox_only("faults")
def test_create_undoes_the_schedule_when_the_menu_fails(client, org):
    add_fault(org, "POST", "/telephony/config/locations/*/autoAttendants", "fail_before_commit")
    with pytest.raises(CallplanError, match="create PhoneMenu failed"):
        PROVIDER.create(news())
    assert ours(client.schedules.list(org.location_id)) == []
    assert ours(client.auto_attendants.list(location_id=org.location_id)) == []


@pytest.mark.sandbox_only("faults")
def test_create_with_a_lost_reply_makes_one_menu(client, org):
    add_fault(org, "POST", "/telephony/config/locations/*/autoAttendants", "fail_after_commit")
    created = PROVIDER.create(news())
    menus = ours(client.auto_attendants.list(location_id=org.location_id))
    assert [m.id for m in menus] == [created.id]


@pytest.mark.sandbox_only("faults")
def test_create_with_a_lost_schedule_reply_carries_on(client, org):
    add_fault(org, "POST", "/telephony/config/locations/*/schedules", "drop_after_commit")
    created = PROVIDER.create(news())
    assert created.outs["schedule_name"] == SCHEDULE
    assert len(ours(client.schedules.list(org.location_id))) == 1


def test_create_refuses_the_main_number(client, org, check_offline):
    with pytest.raises(CallplanError, match="MainNumber"):
        PROVIDER.create(news(phone_number=org.main_number))
    assert ours(client.schedules.list(org.location_id)) == []


def test_create_with_a_clashing_name_names_adopt(client):
    PROVIDER.create(news())
    with pytest.raises(CallplanError, match="adopt=True"):
        PROVIDER.create(news(extension="201"))


def test_create_with_a_clashing_name_leaves_that_menus_schedule_untouched(client, org, monkeypatch):
    PROVIDER.create(news())
    retime_schedule(client, org, {"sun": ["10:00-11:00"]})
    written: list[str] = []
    update = SchedulesApi.update

    def counted(self, location_id, schedule_id, body, schedule_type="businessHours"):
        written.append(schedule_id)
        return update(self, location_id, schedule_id, body, schedule_type)

    monkeypatch.setattr(SchedulesApi, "update", counted)
    with pytest.raises(CallplanError, match="adopt=True"):
        PROVIDER.create(news(extension="201"))
    monkeypatch.undo()
    assert written == []
    assert schedule_hours(client, org) == {"sun": ["10:00-11:00"]}
    assert len(ours(client.auto_attendants.list(location_id=org.location_id))) == 1


def test_create_whose_schedule_reply_was_lost_takes_over_the_menu_of_its_name(client, org, monkeypatch):
    """The schedule POST's reply lost while the menu exists (the take-over after a lost auto
    attendant reply and a failed look-up): the schedule found by name is that menu's, never taken
    as made (and removed when the auto attendant clashes); the menu is taken over as declared."""
    made = PROVIDER.create(news())
    create = SchedulesApi.create

    def lost(self, *args, **kwargs):
        raise ApiError(None, "no reply (ConnectionError)")

    monkeypatch.setattr(SchedulesApi, "create", lost)
    again = PROVIDER.create(news())
    monkeypatch.setattr(SchedulesApi, "create", create)
    assert again.id == made.id
    assert [s.name for s in ours(client.schedules.list(org.location_id))] == [SCHEDULE]
    assert len(ours(client.auto_attendants.list(location_id=org.location_id))) == 1


def test_create_refused_by_a_menu_of_the_name_removes_the_schedule_it_made(client, org, check_offline):
    client.schedules.create(
        org.location_id,
        Schedule(type="businessHours", name=OLD_HOURS, events=hours_to_events({"tue": ["08:00-16:00"]})),
    )
    client.auto_attendants.create(
        org.location_id, AutoAttendant(name=NAME, extension="250", business_schedule=OLD_HOURS)
    )
    with pytest.raises(CallplanError, match="adopt=True"):
        PROVIDER.create(news())
    assert [s.name for s in ours(client.schedules.list(org.location_id))] == [OLD_HOURS]


def test_create_with_adopt_takes_over_without_writing(client, org):
    client.schedules.create(
        org.location_id,
        Schedule(type="businessHours", name=OLD_HOURS, events=hours_to_events({"tue": ["08:00-16:00"]})),
    )
    existing = client.auto_attendants.create(
        org.location_id,
        AutoAttendant(
            name=NAME,
            extension="250",
            business_schedule=OLD_HOURS,
            business_hours_menu=AutoAttendantMenu(
                key_configurations=[KeyConfiguration(key="0", action="EXIT")]
            ),
        ),
    )
    inputs = news(adopt=True)
    adopted = PROVIDER.create(inputs)
    assert adopted.id == existing
    assert adopted.outs["extension"] == "250"  # the live value: the next preview shows the difference
    assert adopted.outs["business_hours"] == {"tue": ["08:00-16:00"]}
    assert PROVIDER.diff(adopted.id, adopted.outs, inputs).changes is True
    assert client.auto_attendants.get(org.location_id, existing).extension == "250"


def test_create_transfers_to_a_user_by_extension(client, org):
    user = calling_user(org, "201")
    created = PROVIDER.create(news(business_hours_menu=menu_options({"1": transfer_to_user(user, "Ann")})))
    [key] = client.auto_attendants.get(org.location_id, created.id).business_hours_menu.key_configurations
    assert (key.action, key.value) == ("TRANSFER_WITHOUT_PROMPT", "201")
    assert created.outs["business_hours_menu"]["keys"]["1"] == {
        "action": "transfer",
        "user_id": user,
        "description": "Ann",
    }


def test_create_refuses_a_user_without_a_line(client, org):
    with org.session() as http:
        person = http.post(
            org.api_url + "/people", json={"emails": [tagged_email("n")], "firstName": "N"}
        ).json()
    with pytest.raises(CallplanError, match="no extension or number"):
        PROVIDER.create(news(business_hours_menu=menu_options({"1": transfer_to_user(person["id"])})))
    assert ours(client.schedules.list(org.location_id)) == []


# --- read ---------------------------------------------------------------------------------------


def test_read_after_create_shows_no_drift(client):
    inputs = news()
    created = PROVIDER.create(inputs)
    read = PROVIDER.read(created.id, created.outs)
    assert {k: v for k, v in read.outs.items() if v is not None} == created.outs
    assert PROVIDER.diff(created.id, read.outs, inputs).changes is False


def test_read_shows_a_key_repointed_in_the_api(client, org):
    calling_user(org, "202")
    inputs = news()
    created = PROVIDER.create(inputs)
    live = client.auto_attendants.get(org.location_id, created.id)
    live.business_hours_menu.key_configurations[0].value = "202"
    client.auto_attendants.update(
        org.location_id, created.id, AutoAttendantUpdate(business_hours_menu=live.business_hours_menu)
    )
    read = PROVIDER.read(created.id, created.outs)
    assert read.outs["business_hours_menu"]["keys"]["1"] == {
        "action": "transfer",
        "extension": "202",
        "description": "sales",
    }
    assert read.inputs["business_hours_menu"] == read.outs["business_hours_menu"]
    assert PROVIDER.diff(created.id, read.outs, inputs).changes is True


def test_read_shows_hours_changed_in_the_api(client, org):
    inputs = news()
    created = PROVIDER.create(inputs)
    client.schedules.update(
        org.location_id,
        created.outs["schedule_id"],
        ScheduleUpdate(events=hours_to_events({"mon": ["10:00-11:00"]})),
    )
    read = PROVIDER.read(created.id, created.outs)
    assert read.outs["business_hours"] == {"mon": ["10:00-11:00"]}
    assert PROVIDER.diff(created.id, read.outs, inputs).changes is True


def test_read_keeps_the_user_while_the_key_reaches_them(client, org):
    user = calling_user(org, "203")
    inputs = news(business_hours_menu=menu_options({"1": transfer_to_user(user, "Bo")}))
    created = PROVIDER.create(inputs)
    read = PROVIDER.read(created.id, created.outs)
    assert read.outs["business_hours_menu"]["keys"]["1"]["user_id"] == user
    assert PROVIDER.diff(created.id, read.outs, inputs).changes is False


@pytest.mark.sandbox_only(ROUTES_MAIN_NUMBER)
def test_read_ignores_the_main_number_routed_here(client, org):
    inputs = news()
    created = PROVIDER.create(inputs)
    client.auto_attendants.update(
        org.location_id, created.id, AutoAttendantUpdate(phone_number=org.main_number)
    )
    read = PROVIDER.read(created.id, created.outs)
    assert read.outs.get("phone_number") is None
    assert PROVIDER.diff(created.id, read.outs, inputs).changes is False


def test_read_of_a_menu_deleted_elsewhere_is_gone(client, org):
    created = PROVIDER.create(news())
    client.auto_attendants.delete(org.location_id, created.id)
    assert PROVIDER.read(created.id, created.outs).id is None


def delete_menu_elsewhere(client: CallingPlanApi, org, menu_id: str) -> None:
    """Delete the auto attendant behind the program's back (its schedule stays, as in Webex)."""
    client.auto_attendants.delete(org.location_id, menu_id)
    assert [s.name for s in ours(client.schedules.list(org.location_id))] == [SCHEDULE]


def retime_schedule(client: CallingPlanApi, org, hours: dict[str, list[str]]) -> None:
    found = client.schedules.find_by_name(org.location_id, SCHEDULE)
    assert found is not None
    client.schedules.update(org.location_id, found.id, ScheduleUpdate(events=hours_to_events(hours)))


def schedule_hours(client: CallingPlanApi, org) -> dict[str, list[str]]:
    found = client.schedules.find_by_name(org.location_id, SCHEDULE)
    assert found is not None
    return events_to_hours(client.schedules.get(org.location_id, found.id).events)


def test_create_after_the_menu_was_deleted_elsewhere_takes_over_its_schedule(client, org):
    created = PROVIDER.create(news())
    delete_menu_elsewhere(client, org, created.id)
    retime_schedule(client, org, {"sun": ["10:00-11:00"]})
    assert PROVIDER.read(created.id, created.outs).id is None
    inputs = news()
    again = PROVIDER.create(inputs)
    assert [m.id for m in ours(client.auto_attendants.list(location_id=org.location_id))] == [again.id]
    assert [s.name for s in ours(client.schedules.list(org.location_id))] == [SCHEDULE]
    assert schedule_hours(client, org) == HOURS
    assert client.auto_attendants.get(org.location_id, again.id).business_schedule == SCHEDULE
    assert PROVIDER.diff(again.id, again.outs, inputs).changes is False


def test_create_with_adopt_takes_over_a_schedule_left_behind(client, org):
    created = PROVIDER.create(news())
    delete_menu_elsewhere(client, org, created.id)
    retime_schedule(client, org, {"sun": ["10:00-11:00"]})
    adopted = PROVIDER.create(news(adopt=True))
    assert [m.id for m in ours(client.auto_attendants.list(location_id=org.location_id))] == [adopted.id]
    assert [s.name for s in ours(client.schedules.list(org.location_id))] == [SCHEDULE]
    assert schedule_hours(client, org) == HOURS
    assert adopted.outs["business_hours"] == HOURS


def test_create_takes_over_the_schedule_its_post_clashed_with(client, org, monkeypatch):
    client.schedules.create(
        org.location_id,
        Schedule(type="businessHours", name=SCHEDULE, events=hours_to_events({"sun": ["10:00-11:00"]})),
    )
    looked_up: list[str] = []
    find = SchedulesApi.find_by_name

    def counted(self, location_id, name, schedule_type="businessHours"):
        looked_up.append(name)
        return find(self, location_id, name, schedule_type)

    monkeypatch.setattr(SchedulesApi, "find_by_name", counted)
    created = PROVIDER.create(news())
    monkeypatch.undo()
    assert looked_up == [SCHEDULE]  # looked up once: after the POST was refused
    assert [s.name for s in ours(client.schedules.list(org.location_id))] == [SCHEDULE]
    assert schedule_hours(client, org) == HOURS
    assert client.auto_attendants.get(org.location_id, created.id).business_schedule == SCHEDULE


@pytest.mark.sandbox_only("faults")
def test_create_restores_a_schedule_taken_over_when_the_menu_fails(client, org):
    created = PROVIDER.create(news())
    delete_menu_elsewhere(client, org, created.id)
    retime_schedule(client, org, {"sun": ["10:00-11:00"]})
    add_fault(org, "POST", "/telephony/config/locations/*/autoAttendants", "fail_before_commit")
    with pytest.raises(CallplanError, match="create PhoneMenu failed"):
        PROVIDER.create(news())
    assert ours(client.auto_attendants.list(location_id=org.location_id)) == []
    assert schedule_hours(client, org) == {"sun": ["10:00-11:00"]}  # as it was found


@pytest.mark.sandbox_only("faults")
def test_create_after_a_failed_takeover_still_works(client, org):
    created = PROVIDER.create(news())
    delete_menu_elsewhere(client, org, created.id)
    add_fault(org, "POST", "/telephony/config/locations/*/autoAttendants", "fail_before_commit")
    with pytest.raises(CallplanError):
        PROVIDER.create(news())
    again = PROVIDER.create(news())
    assert [m.id for m in ours(client.auto_attendants.list(location_id=org.location_id))] == [again.id]
    assert [s.name for s in ours(client.schedules.list(org.location_id))] == [SCHEDULE]


# --- update -------------------------------------------------------------------------------------


def test_update_changes_hours_keys_and_name(client, org):
    created = PROVIDER.create(news())
    changed = news(
        name=RECEPTION,
        business_hours={"tue": ["08:00-12:00"]},
        business_hours_menu=menu_options(
            {"2": transfer_to_number("+14155550124", "billing"), "0": exit_menu()}
        ),
    )
    outs = PROVIDER.update(created.id, created.outs, changed).outs
    live = client.auto_attendants.get(org.location_id, created.id)
    assert live.name == RECEPTION
    assert live.business_schedule == f"{RECEPTION} hours"
    assert [k.key for k in live.business_hours_menu.key_configurations] == ["2", "0"]
    assert outs["schedule_name"] == f"{RECEPTION} hours"
    assert outs["caller_hears"]["business_hours"].startswith("For billing, press 2.")
    schedules = [s.name for s in ours(client.schedules.list(org.location_id))]
    assert schedules == [f"{RECEPTION} hours"]
    assert PROVIDER.diff(created.id, outs, changed).changes is False


@pytest.mark.sandbox_only("faults")
@pytest.mark.parametrize("mode", ["fail_after_commit", "drop_after_commit"])
def test_update_rename_whose_schedule_reply_is_lost_succeeds(client, org, mode):
    """The lost PUT renamed the schedule (a new id): its automatic retry to the old id gets a 404."""
    created = PROVIDER.create(news())
    add_fault(org, "PUT", "/telephony/config/locations/*/schedules/businessHours/*", mode)
    changed = news(name=RECEPTION, business_hours={"tue": ["08:00-12:00"]})
    outs = PROVIDER.update(created.id, created.outs, changed).outs
    schedules = ours(client.schedules.list(org.location_id))
    assert [s.name for s in schedules] == [f"{RECEPTION} hours"]
    assert client.auto_attendants.get(org.location_id, created.id).business_schedule == f"{RECEPTION} hours"
    assert outs["business_hours"] == {"tue": ["08:00-12:00"]}
    assert PROVIDER.diff(created.id, outs, changed).changes is False


def test_update_refuses_the_main_number(client, org, check_offline):
    created = PROVIDER.create(news())
    with pytest.raises(CallplanError, match="MainNumber"):
        PROVIDER.update(created.id, created.outs, news(phone_number=org.main_number))


@pytest.mark.sandbox_only(ROUTES_MAIN_NUMBER)
def test_update_leaves_the_main_number_routed_here(client, org):
    created = PROVIDER.create(news())
    client.auto_attendants.update(
        org.location_id, created.id, AutoAttendantUpdate(phone_number=org.main_number)
    )
    PROVIDER.update(created.id, created.outs, news(business_hours={"sat": ["10:00-12:00"]}))
    assert client.auto_attendants.get(org.location_id, created.id).phone_number == org.main_number


def test_update_clears_a_number_left_out(client, org):
    created = PROVIDER.create(news(phone_number=org.numbers[0]))
    PROVIDER.update(created.id, created.outs, news())
    assert client.auto_attendants.get(org.location_id, created.id).phone_number is None


def test_update_renames_back_a_schedule_renamed_elsewhere(client, org):
    created = PROVIDER.create(news())
    client.schedules.update(org.location_id, created.outs["schedule_id"], ScheduleUpdate(name=RENAMED))
    read = PROVIDER.read(created.id, created.outs)
    assert read.outs["schedule_name"] == RENAMED
    outs = PROVIDER.update(created.id, read.outs, news()).outs
    assert outs["schedule_name"] == SCHEDULE
    assert [s.name for s in ours(client.schedules.list(org.location_id))] == [SCHEDULE]


# --- delete -------------------------------------------------------------------------------------


def test_delete_removes_the_menu_and_its_schedule(client, org):
    created = PROVIDER.create(
        news(
            phone_number=org.numbers[0],
            business_hours_menu=menu_options({"0": operator(phone_number="+14155550123")}),
        )
    )
    PROVIDER.delete(created.id, created.outs)
    assert ours(client.auto_attendants.list(location_id=org.location_id)) == []
    assert ours(client.schedules.list(org.location_id)) == []
    number = client.numbers.find_by_number(org.numbers[0])
    assert number is not None and number.owner is None  # still in the inventory, free


def test_delete_of_a_menu_already_gone_succeeds(client, org):
    created = PROVIDER.create(news())
    client.auto_attendants.delete(org.location_id, created.id)
    PROVIDER.delete(created.id, created.outs)
    assert ours(client.schedules.list(org.location_id)) == []


def test_create_with_transfer_to_an_unknown_extension_leaves_nothing(client, org):
    with pytest.raises(CallplanError):
        PROVIDER.create(news(business_hours_menu=menu_options({"1": transfer_to_extension("555")})))
    assert ours(client.schedules.list(org.location_id)) == []


def test_delete_after_refresh_removes_a_schedule_renamed_elsewhere(client, org):
    created = PROVIDER.create(news())
    client.schedules.update(org.location_id, created.outs["schedule_id"], ScheduleUpdate(name=RENAMED))
    PROVIDER.delete(created.id, PROVIDER.read(created.id, created.outs).outs)
    assert ours(client.schedules.list(org.location_id)) == []


def test_delete_without_refresh_names_a_schedule_renamed_elsewhere(client, org, monkeypatch):
    warnings: list[str] = []
    monkeypatch.setattr(pulumi.log, "warn", lambda message, *args, **kwargs: warnings.append(message))
    created = PROVIDER.create(news())
    client.schedules.update(org.location_id, created.outs["schedule_id"], ScheduleUpdate(name=RENAMED))
    PROVIDER.delete(created.id, created.outs)
    assert ours(client.auto_attendants.list(location_id=org.location_id)) == []
    assert [s.name for s in ours(client.schedules.list(org.location_id))] == [RENAMED]
    [warning] = warnings
    assert SCHEDULE in warning and "pulumi destroy --refresh" in warning


def test_delete_keeps_a_schedule_another_menu_uses(client, org, monkeypatch):
    warnings: list[str] = []
    monkeypatch.setattr(pulumi.log, "warn", lambda message, *args, **kwargs: warnings.append(message))
    created = PROVIDER.create(news())
    client.auto_attendants.create(
        org.location_id, AutoAttendant(name=tagged("Other"), extension="260", business_schedule=SCHEDULE)
    )
    PROVIDER.delete(created.id, created.outs)
    assert [s.name for s in ours(client.schedules.list(org.location_id))] == [SCHEDULE]
    assert any("another phone menu still uses it" in w for w in warnings)
