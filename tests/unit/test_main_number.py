"""MainNumber: check of the route target, diff, helpers, without HTTP."""

from __future__ import annotations

from types import SimpleNamespace

from pulumi.output import Unknown

from callplan_provider.resources.main_number import (
    MainNumberArgs,
    MainNumberProvider,
    _declared,
    route_to_extension,
    route_to_menu,
    route_to_user,
)


def test_check_one_target_passes_and_normalises_the_number() -> None:
    result = MainNumberProvider().check({}, {"phone_number": "+1 415-555-0100", "user_id": "p1"})
    assert result.failures == []
    assert result.inputs == {"phone_number": "+14155550100", "user_id": "p1"}


def test_check_no_target_fails_on_user_id() -> None:
    result = MainNumberProvider().check({}, {"phone_number": "+14155550100"})
    assert [f.property for f in result.failures] == ["user_id"]
    assert "exactly one of user_id, extension, phone_menu_id" in result.failures[0].reason


def test_check_two_targets_fail_on_the_second() -> None:
    result = MainNumberProvider().check({}, {"user_id": "p1", "extension": "201"})
    assert [f.property for f in result.failures] == ["extension"]


def test_check_unknown_target_at_preview_passes() -> None:
    result = MainNumberProvider().check({}, {"phone_menu_id": Unknown()})
    assert result.failures == []


def test_check_toll_free_main_number_is_refused() -> None:
    result = MainNumberProvider().check({}, {"phone_number": "+18775550100", "extension": "201"})
    assert [f.property for f in result.failures] == ["phone_number"]


def test_check_bad_extension_target_is_refused() -> None:
    result = MainNumberProvider().check({}, {"extension": "1"})
    assert [f.property for f in result.failures] == ["extension"]


def test_diff_switching_target_kind_is_an_update() -> None:
    provider = MainNumberProvider()
    olds = {"phone_number": "+14155550100", "location_id": "L1", "user_id": "p1", "owner_id": "p1"}
    news = provider.check({}, {"phone_number": "+14155550100", "extension": "201"}).inputs
    result = provider.diff("L1", olds, news)
    assert (result.changes, result.replaces) == (True, [])


def test_diff_location_change_replaces() -> None:
    provider = MainNumberProvider()
    olds = {"phone_number": "+14155550100", "location_id": "L1", "user_id": "p1"}
    news = provider.check({}, {"location_id": "L2", "user_id": "p1"}).inputs
    assert provider.diff("L1", olds, news).replaces == ["location_id"]


def test_diff_default_number_left_out_is_no_change() -> None:
    provider = MainNumberProvider()
    olds = {"phone_number": "+14155550100", "location_id": "L1", "user_id": "p1"}
    assert provider.diff("L1", olds, provider.check({}, {"user_id": "p1"}).inputs).changes is False


def test_route_helpers_take_resources_or_ids() -> None:
    user = SimpleNamespace(id="p1")
    menu = SimpleNamespace(id="aa1")
    assert route_to_user(user) == {"user_id": "p1"}
    assert route_to_user("p2") == {"user_id": "p2"}
    assert route_to_menu(menu) == {"phone_menu_id": "aa1"}
    assert route_to_extension("201") == {"extension": "201"}


def test_target_names_the_given_route() -> None:
    assert MainNumberArgs(extension="201").target == ("extension", "201")


def test_declared_target_comes_from_the_outputs() -> None:
    assert _declared({"phone_menu_id": "aa1", "user_id": None}) == "phone_menu_id"
