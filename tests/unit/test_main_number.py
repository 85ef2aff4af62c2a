"""MainNumber: check of the route target, diff, helpers, without HTTP; under Pulumi mocks, the
dependency on the user's line that `route_to_user(line)` / `route_to_extension(line)` give."""

from __future__ import annotations

from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

import pulumi
import pytest
from pulumi.output import Unknown
from pulumi.runtime.mocks import MockMonitor

from callplan_provider.models.numbers import NumberOwner
from callplan_provider.models.people import Person
from callplan_provider.resources.base import CallplanError
from callplan_provider.resources.extension import Extension
from callplan_provider.resources.main_number import (
    MainNumber,
    MainNumberArgs,
    MainNumberProvider,
    _declared,
    _give,
    _resolve_owner,
    route_to_extension,
    route_to_menu,
    route_to_user,
)
from callplan_provider.resources.user import User
from tests.unit.pulumi_mocks import RecordingMocks


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


def test_check_refuses_an_extension_given_as_a_number() -> None:
    [failure] = MainNumberProvider().check({}, {"extension": 201}).failures
    assert failure.property == "extension"
    assert "write it as a string, e.g. '201'" in failure.reason


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


# ---- routing to a line: the MainNumber waits for it (Pulumi mocks) ---------------------------


class DependencyMonitor(MockMonitor):
    """The mock monitor, also recording what each registration depends on (by resource name)."""

    def __init__(self) -> None:
        super().__init__(RecordingMocks())
        self.urns: dict[str, str] = {}
        self.dependencies: dict[str, set[str]] = {}
        self.property_dependencies: dict[str, dict[str, set[str]]] = {}

    def RegisterResource(self, request: Any) -> Any:
        response = super().RegisterResource(request)
        self.urns[request.name] = response.urn
        self.dependencies[request.name] = set(request.dependencies)
        self.property_dependencies[request.name] = {
            name: set(deps.urns) for name, deps in request.propertyDependencies.items()
        }
        return response


Route = Callable[[User, Extension], dict[str, Any]]


def register(route: Route) -> DependencyMonitor:
    """Register a user, their line and a MainNumber routed by `route(user, line)`."""
    monitor = DependencyMonitor()
    pulumi.runtime.set_mocks(monitor.mocks, preview=False, monitor=monitor)

    @pulumi.runtime.test
    def program() -> pulumi.Output[str]:
        ann = User("ann", email="ann@example.com", first_name="Ann", last_name="Lee")
        line = Extension("ann-line", user_id=ann.id, extension="201")
        return MainNumber("main", phone_number="+14155550100", **route(ann, line)).id

    program()
    return monitor


@pytest.mark.parametrize(
    ("route", "target"),
    [
        (lambda user, line: route_to_user(line), "user_id"),
        (lambda user, line: route_to_extension(line), "extension"),
    ],
    ids=["route_to_user", "route_to_extension"],
)
def test_route_to_a_line_makes_the_main_number_depend_on_it(route: Route, target: str) -> None:
    """So the engine creates the line before the MainNumber, and never writes the person from both."""
    monitor = register(route)
    line_urn = monitor.urns["ann-line"]
    assert line_urn in monitor.dependencies["main"]
    assert line_urn in monitor.property_dependencies["main"][target]


def test_route_to_user_with_the_user_does_not_wait_for_the_line() -> None:
    """The race the Extension form avoids: only the User orders the MainNumber."""
    monitor = register(lambda user, line: route_to_user(user))
    assert monitor.urns["ann-line"] not in monitor.dependencies["main"]
    assert monitor.dependencies["main"] == {monitor.urns["ann"]}


def test_route_to_user_with_an_extension_gives_the_lines_user_id() -> None:
    values: dict[str, Any] = {}

    def route(user: User, line: Extension) -> dict[str, Any]:
        values.update(route_to_user(line))
        assert values["user_id"] is line.user_id
        return values

    register(route)
    assert isinstance(values["user_id"], pulumi.Output)


def test_route_to_extension_with_an_extension_gives_its_extension_output() -> None:
    def route(user: User, line: Extension) -> dict[str, Any]:
        routed = route_to_extension(line)
        assert routed == {"extension": line.extension}
        return routed

    register(route)


# ---- apply-time errors say how to order the resources ---------------------------------------


def fake_api(person: Person | None = None, extension_row: Any = None) -> Any:
    return SimpleNamespace(
        people=SimpleNamespace(get=lambda id_, calling_data=False: person),
        numbers=SimpleNamespace(find_by_extension=lambda location_id, extension: extension_row),
    )


def test_give_to_a_user_without_a_line_says_to_route_to_the_extension() -> None:
    api = fake_api(person=Person(id="p1", emails=["ann@example.com"]))
    with pytest.raises(CallplanError) as refused:
        _give(api, "L1", NumberOwner(id="p1", type="PEOPLE"), "+14155550100")
    message = str(refused.value)
    assert "user p1 has no calling line" in message
    assert "route_to_user(line)" in message and "depends_on=[line]" in message


def test_resolve_an_extension_nobody_has_says_to_route_to_the_extension() -> None:
    with pytest.raises(CallplanError) as refused:
        _resolve_owner(fake_api(), "L1", MainNumberArgs(extension="201"))
    message = str(refused.value)
    assert "nobody has extension 201" in message
    assert "route_to_extension(line)" in message and "depends_on=[line]" in message
