"""PhoneMenu without HTTP: check, normalisation, diff, caller text and the wire mapping."""

from __future__ import annotations

import base64
from types import SimpleNamespace

import dill
import pytest
from pulumi.dynamic.dynamic import serialize_provider
from pulumi.output import Unknown

from callplan_provider.client.session import ApiError
from callplan_provider.menu import (
    caller_hears,
    dial_by_extension,
    dial_by_name,
    exit_menu,
    menu_options,
    operator,
    repeat_menu,
    transfer_to_extension,
    transfer_to_number,
    transfer_to_user,
    voicemail,
)
from callplan_provider.models.auto_attendants import AutoAttendantMenu, KeyConfiguration
from callplan_provider.models.schedules import Schedule, ScheduleEvent
from callplan_provider.resources.base import CallplanError
from callplan_provider.resources.business_hours import (
    ClaimedSchedule,
    claim_schedule,
    events_to_hours,
    hours_to_events,
    normalise_hours,
    release_schedule,
)
from callplan_provider.resources.phone_menu import (
    PhoneMenuProvider,
    key_from_wire,
    menu_from_wire,
    menu_to_wire,
    schedule_name,
)

PROVIDER = PhoneMenuProvider()


def menu_inputs(**overrides):
    inputs = {
        "name": "Front desk",
        "extension": "200",
        "business_hours": {"mon": ["09:00-12:00", "13:00-17:00"], "tue": ["09:00-17:00"]},
        "business_hours_menu": menu_options(
            {
                "1": transfer_to_extension("201", "sales"),
                "2": transfer_to_number("+14155550123", "support"),
                "0": operator("150"),
            }
        ),
        "after_hours_menu": menu_options({"9": voicemail("150")}, extension_enabled=False),
    }
    inputs.update(overrides)
    return inputs


def check(**overrides):
    return PROVIDER.check({}, menu_inputs(**overrides))


def failed(result):
    return {f.property: f.reason for f in result.failures}


def business_menu(keys, **options):
    """The business-hours menu as check normalises it."""
    return check(business_hours_menu=menu_options(keys, **options)).inputs["business_hours_menu"]


# --- check: business hours ------------------------------------------------------------------------


def test_check_normalises_hours_sorted_padded_merged():
    result = check(business_hours={"Monday": ["13:00-17:00", "9:00-12:00", "12:00-13:00"], "sun": []})
    assert result.failures == []
    assert result.inputs["business_hours"] == {"mon": ["09:00-17:00"]}


def test_check_keeps_weekday_order_whatever_the_input_order():
    result = check(business_hours={"fri": ["09:00-17:00"], "mon": ["08:00-09:30", "10:00-11:00"]})
    assert list(result.inputs["business_hours"]) == ["mon", "fri"]
    assert result.inputs["business_hours"]["mon"] == ["08:00-09:30", "10:00-11:00"]


@pytest.mark.parametrize(
    ("hours", "fragment"),
    [
        ({"mon": ["9-17"]}, "HH:MM-HH:MM"),
        ({"mon": ["17:00-09:00"]}, "ends before it starts"),
        ({"mon": ["09:00-09:00"]}, "is empty"),
        ({"mon": ["09:00-12:00", "11:00-13:00"]}, "overlaps"),
        ({"mon": ["24:00-25:00"]}, "HH:MM-HH:MM"),
        ({"someday": ["09:00-12:00"]}, "not a weekday"),
        ({"mon": ["09:00-12:00"], "Monday": ["13:00-14:00"]}, "twice"),
        ({}, "at least one weekday"),
        ({"mon": []}, "at least one weekday"),
        ({"mon": 9}, "list"),
    ],
)
def test_check_refuses_bad_hours(hours, fragment):
    reasons = failed(check(business_hours=hours))
    assert fragment in reasons["business_hours"]


def test_normalise_hours_is_idempotent():
    once = normalise_hours({"wed": ["14:00-15:00", "8:05-9:00"], "sat": "10:00-12:00"})
    assert normalise_hours(once) == once


def test_hours_survive_the_wire_round_trip():
    hours = {"mon": ["09:00-12:00", "13:00-17:00"], "sun": ["10:00-11:00"]}
    assert events_to_hours(hours_to_events(hours)) == hours


def test_events_are_deterministic():
    hours = {"mon": ["09:00-12:00"]}
    assert hours_to_events(hours) == hours_to_events(hours)
    assert hours_to_events(hours)[0].name == "mon-0900-1200"


def test_events_to_hours_reads_all_day_events_as_whole_days():
    [event] = hours_to_events({"thu": ["09:00-10:00"]})
    event.all_day_enabled = True
    assert events_to_hours([event]) == {"thu": ["00:00-23:59"]}


# --- check: numbers, extension, name and settings -------------------------------------------------


def test_check_refuses_a_toll_free_number_for_the_menu():
    reasons = failed(check(phone_number="+18005550100"))
    assert "toll-free" in reasons["phone_number"]


def test_check_normalises_the_menu_number_to_e164():
    assert check(phone_number="+1 (415) 555-0100").inputs["phone_number"] == "+14155550100"


def test_check_allows_a_toll_free_transfer_target():
    supplier = transfer_to_number("+18005550100", "our supplier")
    assert check(business_hours_menu=menu_options({"1": supplier})).failures == []


def test_check_refuses_an_invalid_transfer_number():
    reasons = failed(check(business_hours_menu=menu_options({"1": transfer_to_number("12345")})))
    assert "E.164" in reasons["business_hours_menu"]
    assert ".keys.1" in reasons["business_hours_menu"]


@pytest.mark.parametrize("extension", ["911", "1", "1234567", "12a"])
def test_check_refuses_a_bad_extension(extension):
    assert "extension" in failed(check(extension=extension))


def test_check_requires_an_extension_or_a_number():
    inputs = menu_inputs()
    del inputs["extension"]
    reasons = failed(PROVIDER.check({}, inputs))
    assert "extension, a phone_number or both" in reasons["extension"]


def test_check_refuses_an_unknown_time_zone():
    assert "IANA" in failed(check(time_zone="Mars/Olympus"))["time_zone"]


def test_check_normalises_the_language_code():
    assert check(language="en-US").inputs["language"] == "en_us"


def test_check_refuses_an_unknown_property():
    assert "not a property" in failed(check(colour="blue"))["colour"]


def test_check_fills_defaults():
    inputs = check().inputs
    assert inputs["after_hours_menu"]["greeting"] == "DEFAULT"


def test_check_leaves_out_none_values():
    inputs = check(phone_number=None, time_zone=None).inputs
    assert "phone_number" not in inputs
    assert "time_zone" not in inputs


# --- check: keys --------------------------------------------------------------------------------


def test_check_refuses_a_key_used_twice_in_list_form():
    keys = [{"key": "1", "action": "exit"}, {"key": "1", "action": "repeat_menu"}]
    reasons = failed(check(business_hours_menu={"keys": keys}))
    assert "key 1 is used twice" in reasons["business_hours_menu"]


def test_check_refuses_the_same_key_as_number_and_string():
    reasons = failed(check(business_hours_menu={"keys": {1: exit_menu(), "1": repeat_menu()}}))
    assert "used twice" in reasons["business_hours_menu"]


def test_check_accepts_keys_in_list_form():
    keys = [{"key": "#", "action": "exit"}, {"key": "1", "action": "dial_by_name"}]
    result = check(business_hours_menu={"keys": keys})
    assert result.inputs["business_hours_menu"]["keys"] == {
        "1": {"action": "dial_by_name"},
        "#": {"action": "exit"},
    }


@pytest.mark.parametrize("key", ["A", "10", "", "**"])
def test_check_refuses_a_key_that_is_not_on_a_keypad(key):
    assert (
        "not a phone key"
        in failed(check(business_hours_menu={"keys": {key: exit_menu()}}))["business_hours_menu"]
    )


def test_check_refuses_an_unknown_action():
    reasons = failed(check(business_hours_menu={"keys": {"1": {"action": "fax"}}}))
    assert "not a menu action" in reasons["business_hours_menu"]


def test_check_refuses_a_transfer_with_two_targets():
    action = {"action": "transfer", "extension": "201", "phone_number": "+14155550100"}
    reasons = failed(check(business_hours_menu={"keys": {"1": action}}))
    assert "exactly one target" in reasons["business_hours_menu"]


def test_check_refuses_a_transfer_without_target():
    reasons = failed(check(business_hours_menu={"keys": {"1": {"action": "transfer"}}}))
    assert "exactly one target" in reasons["business_hours_menu"]


def test_check_refuses_a_target_on_dial_by_name():
    reasons = failed(
        check(business_hours_menu={"keys": {"1": {"action": "dial_by_name", "extension": "201"}}})
    )
    assert "takes no target" in reasons["business_hours_menu"]


def test_check_refuses_prompt_on_operator():
    action = {**operator("150"), "prompt": True}
    assert "prompt" in failed(check(business_hours_menu={"keys": {"0": action}}))["business_hours_menu"]


def test_check_drops_a_false_prompt():
    keys = check(business_hours_menu=menu_options({"1": transfer_to_extension("201", prompt=False)})).inputs
    assert keys["business_hours_menu"]["keys"]["1"] == {"action": "transfer", "extension": "201"}


def test_check_accepts_every_helper():
    keys = {
        "1": transfer_to_user("user-1", "sales", prompt=True),
        "2": transfer_to_extension("201"),
        "3": transfer_to_number("+14155550100"),
        "4": dial_by_extension(),
        "5": dial_by_name(),
        "6": voicemail(phone_number="+14155550100"),
        "7": repeat_menu(),
        "0": operator(user_id="user-2"),
        "#": exit_menu(),
    }
    assert check(business_hours_menu=menu_options(keys)).failures == []


# --- check: unknowns ----------------------------------------------------------------------------


def test_check_tolerates_an_unknown_name():
    result = check(name=Unknown())
    assert result.failures == []
    assert isinstance(result.inputs["name"], Unknown)


def test_check_tolerates_an_unknown_user_in_a_key():
    result = check(business_hours_menu=menu_options({"1": transfer_to_user(Unknown(), "sales")}))
    assert result.failures == []


def test_check_still_validates_known_fields_next_to_unknowns():
    result = check(name=Unknown(), extension="911")
    assert "extension" in failed(result)


def test_check_skips_the_number_rule_while_the_number_is_unknown():
    inputs = menu_inputs(phone_number=Unknown())
    del inputs["extension"]
    assert PROVIDER.check({}, inputs).failures == []


def test_check_validates_the_other_keys_next_to_an_unknown_user():
    keys = {"1": transfer_to_user(Unknown(), "sales"), "2": transfer_to_extension("911")}
    reasons = failed(check(business_hours_menu=menu_options(keys)))
    assert list(reasons) == ["business_hours_menu"]
    assert ".keys.2.extension" in reasons["business_hours_menu"]


def test_check_validates_the_rule_of_a_known_key_next_to_an_unknown_user():
    keys = {"1": transfer_to_user(Unknown()), "2": {"action": "exit", "extension": "201"}}
    assert "takes no target" in failed(check(business_hours_menu=menu_options(keys)))["business_hours_menu"]


def test_check_keeps_a_menu_with_an_unknown_as_given():
    menu = menu_options({"1": transfer_to_user(Unknown(), "sales")})
    assert check(business_hours_menu=menu).inputs["business_hours_menu"] is menu


def test_check_tolerates_an_unknown_range():
    assert check(business_hours={"mon": [Unknown(), "09:00-12:00"], "tue": Unknown()}).failures == []


def test_check_validates_the_known_ranges_next_to_an_unknown_one():
    reasons = failed(check(business_hours={"mon": [Unknown(), "17:00-09:00"]}))
    assert "ends before it starts" in reasons["business_hours"]


def test_check_refuses_overlapping_known_ranges_next_to_an_unknown_one():
    reasons = failed(check(business_hours={"mon": ["09:00-12:00", "11:00-13:00", Unknown()]}))
    assert "overlaps" in reasons["business_hours"]


def test_check_tolerates_an_unknown_key_in_list_form():
    keys = [{"key": Unknown(), "action": "exit"}, {"key": "1", "action": "dial_by_name"}]
    assert check(business_hours_menu={"keys": keys}).failures == []


def test_check_refuses_a_bad_key_next_to_an_unknown_one_in_list_form():
    keys = [{"key": Unknown(), "action": "exit"}, {"key": "A", "action": "dial_by_name"}]
    assert "not a phone key" in failed(check(business_hours_menu={"keys": keys}))["business_hours_menu"]


# --- diff ---------------------------------------------------------------------------------------


def outputs(**overrides):
    outs = dict(check().inputs)
    outs.update(
        {
            "location_id": "LOC",
            "time_zone": "America/New_York",
            "language": "en_us",
            "schedule_name": "Front desk hours",
            "schedule_id": "S1",
            "caller_hears": {"business_hours": "...", "after_hours": "..."},
        }
    )
    outs.update(overrides)
    return outs


def test_diff_no_change_after_apply():
    result = PROVIDER.diff("AA", outputs(), check().inputs)
    assert result.changes is False


def test_diff_no_change_for_hours_written_differently():
    news = check(business_hours={"tue": ["9:00-17:00"], "mon": ["13:00-17:00", "09:00-12:00"]}).inputs
    assert PROVIDER.diff("AA", outputs(), news).changes is False


def test_diff_ignores_server_defaults_left_out():
    news = check().inputs
    assert "time_zone" not in news and "location_id" not in news
    assert PROVIDER.diff("AA", outputs(), news).changes is False


def test_diff_missing_and_none_are_equal():
    olds = outputs(phone_number=None)
    assert PROVIDER.diff("AA", olds, check().inputs).changes is False


def test_diff_ignores_computed_outputs():
    olds = outputs(caller_hears={"business_hours": "old text"}, schedule_id="S2")
    assert PROVIDER.diff("AA", olds, check().inputs).changes is False


def test_diff_reports_a_repointed_key():
    news = check(business_hours_menu=menu_options({"1": transfer_to_extension("202", "sales")})).inputs
    result = PROVIDER.diff("AA", outputs(), news)
    assert result.changes is True
    assert result.replaces == []


def test_diff_replaces_on_a_new_location():
    news = check(location_id="OTHER").inputs
    result = PROVIDER.diff("AA", outputs(), news)
    assert result.changes is True
    assert result.replaces == ["location_id"]


def test_diff_counts_an_unknown_as_a_change():
    news = {
        **check().inputs,
        "business_hours_menu": {"keys": {"1": {"action": "transfer", "user_id": Unknown()}}},
    }
    assert PROVIDER.diff("AA", outputs(), news).changes is True


def test_diff_unknown_location_is_a_replace():
    news = {**check().inputs, "location_id": Unknown()}
    assert PROVIDER.diff("AA", outputs(), news).replaces == ["location_id"]


def test_diff_key_order_does_not_matter():
    first = check(business_hours_menu=menu_options({"1": exit_menu(), "2": repeat_menu()})).inputs
    second = check(business_hours_menu=menu_options({"2": repeat_menu(), "1": exit_menu()})).inputs
    assert PROVIDER.diff("AA", outputs(**first), second).changes is False


# --- caller text --------------------------------------------------------------------------------


def test_caller_hears_the_options_in_keypad_order():
    business = check().inputs["business_hours_menu"]
    assert caller_hears(business) == (
        "For sales, press 1. For support, press 2. To reach the operator, press 0. "
        "If you know the extension of the person you are calling, enter it now."
    )


def test_caller_hears_star_and_pound():
    text = caller_hears(business_menu({"#": exit_menu(), "*": repeat_menu()}))
    assert text.startswith("To hear these options again, press star. To end this call, press pound.")


def test_caller_hears_no_extension_sentence_when_disabled():
    after = check().inputs["after_hours_menu"]
    assert caller_hears(after) == "To leave a message, press 9."


def test_caller_hears_a_transfer_target_without_description():
    text = caller_hears(business_menu({"3": transfer_to_extension("201")}, extension_enabled=False))
    assert text == "To be transferred to 201, press 3."


def test_caller_hears_nothing_in_an_empty_menu():
    assert caller_hears({"keys": {}, "extension_enabled": False}) == ""


# --- wire mapping -------------------------------------------------------------------------------


def targets(user_id):
    return {"user-1": ["201", "+14155550100"]}.get(user_id, [])


def test_menu_to_wire_maps_every_action():
    keys = {
        "1": transfer_to_user("user-1", "sales"),
        "2": transfer_to_number("+14155550123", prompt=True),
        "0": operator("150"),
        "9": voicemail("150"),
        "4": dial_by_extension(),
        "5": dial_by_name(),
        "7": repeat_menu(),
        "#": exit_menu(),
    }
    normal = check(business_hours_menu=menu_options(keys)).inputs["business_hours_menu"]
    wire = menu_to_wire(normal, targets)
    assert [(k.key, k.action, k.value) for k in wire.key_configurations] == [
        ("1", "TRANSFER_WITHOUT_PROMPT", "201"),
        ("2", "TRANSFER_WITH_PROMPT", "+14155550123"),
        ("4", "EXTENSION_DIALING", None),
        ("5", "NAME_DIALING", None),
        ("7", "REPEAT_MENU", None),
        ("9", "TRANSFER_TO_MAILBOX", "150"),
        ("0", "TRANSFER_TO_OPERATOR", "150"),
        ("#", "EXIT", None),
    ]
    assert wire.key_configurations[0].description == "sales"


def test_menu_to_wire_refuses_a_user_without_a_line():
    normal = business_menu({"1": transfer_to_user("nobody")})
    with pytest.raises(ValueError, match="has no extension or number"):
        menu_to_wire(normal, targets)


def test_menu_round_trips_through_the_wire():
    normal = check().inputs["business_hours_menu"]
    assert menu_from_wire(menu_to_wire(normal, targets), normal, targets) == normal


def test_key_from_wire_keeps_the_user_while_the_key_reaches_them():
    wire = KeyConfiguration(
        key="1", action="TRANSFER_WITHOUT_PROMPT", value="+14155550100", description="sales"
    )
    action = key_from_wire(wire, {"action": "transfer", "user_id": "user-1"}, targets)
    assert action == {"action": "transfer", "user_id": "user-1", "description": "sales"}


def test_key_from_wire_shows_a_repointed_key_as_drift():
    wire = KeyConfiguration(key="1", action="TRANSFER_WITHOUT_PROMPT", value="202")
    assert key_from_wire(wire, {"action": "transfer", "user_id": "user-1"}, targets) == {
        "action": "transfer",
        "extension": "202",
    }


def test_key_from_wire_reads_an_outside_number():
    wire = KeyConfiguration(key="1", action="TRANSFER_TO_OPERATOR", value="+14155550199")
    assert key_from_wire(wire, None, targets) == {"action": "operator", "phone_number": "+14155550199"}


def test_menu_from_wire_reads_an_unmanaged_announcement_as_drift():
    wire = AutoAttendantMenu(key_configurations=[KeyConfiguration(key="1", action="PLAY_ANNOUNCEMENT")])
    assert menu_from_wire(wire, None, targets)["keys"] == {"1": {"action": "play_announcement"}}


def test_schedule_name_is_derived_from_the_menu_name():
    assert schedule_name("Front desk") == "Front desk hours"


# --- the menu's schedule: claim and release ---------------------------------------------------------


class FakeSchedules:
    """The schedules client, in memory: `fail` maps a method name to the ApiError it raises once."""

    def __init__(self, existing: dict[str, list[ScheduleEvent]] | None = None) -> None:
        self.events = dict(existing or {})
        self.fail: dict[str, ApiError] = {}
        self.calls: list[str] = []

    def _call(self, method: str) -> None:
        self.calls.append(method)
        if method in self.fail:
            raise self.fail.pop(method)

    def find_by_name(self, location_id, name, schedule_type="businessHours"):
        self._call("find_by_name")
        return SimpleNamespace(id=f"id-{name}") if name in self.events else None

    def get(self, location_id, schedule_id, schedule_type="businessHours"):
        self._call("get")
        name = schedule_id.removeprefix("id-")
        return Schedule(id=schedule_id, type="businessHours", name=name, events=self.events[name])

    def create(self, location_id, schedule):
        self._call("create")
        if schedule.name in self.events:
            raise ApiError(409, "a schedule of that name exists")
        self.events[schedule.name] = schedule.events
        return f"id-{schedule.name}"

    def update(self, location_id, schedule_id, update, schedule_type="businessHours"):
        self._call("update")
        self.events[update.name] = update.events
        return schedule_id

    def delete(self, location_id, schedule_id, schedule_type="businessHours"):
        self._call("delete")
        del self.events[schedule_id.removeprefix("id-")]


HOURS = {"mon": ["09:00-17:00"]}
OLD_EVENTS = hours_to_events({"sun": ["10:00-11:00"]})


def api_with(schedules: FakeSchedules):
    return SimpleNamespace(schedules=schedules)


def test_claim_schedule_makes_one_when_none_exists():
    schedules = FakeSchedules()
    claimed = claim_schedule(api_with(schedules), "loc", "Desk hours", HOURS)
    assert (claimed.name, claimed.previous_events) == ("Desk hours", None)
    assert events_to_hours(schedules.events["Desk hours"]) == HOURS


def test_claim_schedule_makes_one_with_a_single_call():
    schedules = FakeSchedules()
    claim_schedule(api_with(schedules), "loc", "Desk hours", HOURS)
    assert schedules.calls == ["create"]


def test_claim_schedule_takes_over_one_left_behind_after_the_conflict():
    schedules = FakeSchedules({"Desk hours": OLD_EVENTS})
    claimed = claim_schedule(api_with(schedules), "loc", "Desk hours", HOURS)
    assert schedules.calls == ["create", "find_by_name", "get", "update"]
    assert claimed.previous_events == OLD_EVENTS
    assert events_to_hours(schedules.events["Desk hours"]) == HOURS


def test_claim_schedule_raises_a_conflict_it_cannot_explain():
    schedules = FakeSchedules()
    schedules.fail["create"] = ApiError(409, "something else is in the way")
    with pytest.raises(ApiError, match="something else"):
        claim_schedule(api_with(schedules), "loc", "Desk hours", HOURS)
    assert "update" not in schedules.calls


def test_claim_schedule_raises_other_errors_without_taking_over():
    schedules = FakeSchedules()
    schedules.fail["create"] = ApiError(400, "bad events")
    with pytest.raises(ApiError, match="bad events"):
        claim_schedule(api_with(schedules), "loc", "Desk hours", HOURS)
    assert schedules.calls == ["create"]


def test_release_schedule_deletes_one_it_made():
    schedules = FakeSchedules({"Desk hours": hours_to_events(HOURS)})
    release_schedule(
        api_with(schedules), "loc", ClaimedSchedule("id-Desk hours", "Desk hours"), ApiError(500, "x")
    )
    assert schedules.events == {}


def test_release_schedule_restores_one_taken_over():
    schedules = FakeSchedules({"Desk hours": hours_to_events(HOURS)})
    claimed = ClaimedSchedule("id-Desk hours", "Desk hours", OLD_EVENTS)
    release_schedule(api_with(schedules), "loc", claimed, ApiError(500, "x"))
    assert schedules.events == {"Desk hours": OLD_EVENTS}


@pytest.mark.parametrize(
    ("previous", "method", "advice"),
    [(None, "delete", "delete it by hand"), (OLD_EVENTS, "update", "check its hours by hand")],
)
def test_release_schedule_failing_names_the_schedule_and_the_fix(previous, method, advice):
    schedules = FakeSchedules({"Desk hours": hours_to_events(HOURS)})
    schedules.fail[method] = ApiError(503, "unavailable")
    claimed = ClaimedSchedule("id-Desk hours", "Desk hours", previous)
    with pytest.raises(CallplanError) as caught:
        release_schedule(api_with(schedules), "loc", claimed, ApiError(500, "menu refused"))
    message = str(caught.value)
    assert "menu refused" in message and "'Desk hours'" in message and "unavailable" in message
    assert message.endswith(advice)


# --- the provider object -------------------------------------------------------------------------


def test_provider_has_no_instance_attributes():
    assert vars(PhoneMenuProvider()) == {}


def test_serialized_provider_is_the_same_for_every_resource():
    assert serialize_provider(PhoneMenuProvider()) == serialize_provider(PhoneMenuProvider())


def test_serialized_provider_round_trips():
    provider = dill.loads(base64.b64decode(serialize_provider(PhoneMenuProvider())))
    assert type(provider) is PhoneMenuProvider
