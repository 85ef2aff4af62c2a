"""The fault matrix of Location, User, Extension, PhoneMenu and MainNumber (harness: `fault_matrix.py`).

Every write, under `fail_before_commit`, `fail_after_commit`, `drop_after_commit`, `latency`, throttle
(2 and 10 in a row) and a lost reply whose look-up fails: the retried operation converges with no
duplicate, no orphan, no released number and the licences counted right.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from callplan_provider.menu import exit_menu, menu_options, transfer_to_number
from callplan_provider.models.people import Person
from callplan_provider.resources.base import CallplanError
from callplan_provider.resources.extension import ExtensionProvider
from callplan_provider.resources.location import LocationProvider
from callplan_provider.resources.main_number import MainNumberProvider
from callplan_provider.resources.phone_menu import PhoneMenuProvider
from callplan_provider.resources.user import UserProvider
from callplan_provider.sandbox.bootstrap import OrgHandle
from callplan_provider.sandbox.faults import FaultRule
from callplan_provider.sandbox.server import SandboxServer
from tests.provider.fault_matrix import (
    FAULT_IDS,
    FAULTS,
    Case,
    Env,
    Fault,
    Write,
    check_write_under_fault,
    checked,
    create_case,
    delete_case,
    matrix_env,
    update_case,
)

pytestmark = pytest.mark.sandbox_only("faults")

USERS, LINES, MENUS, MAINS = UserProvider(), ExtensionProvider(), PhoneMenuProvider(), MainNumberProvider()
SITES = LocationProvider()
LOCATION = "/telephony/config/locations/*"
PERSON_NUMBERS = "/telephony/config/people/*/numbers"


# --- Location ------------------------------------------------------------------------------------


def branch(**changes: Any) -> dict[str, Any]:
    address = {
        "address1": "1 Elm St",
        "city": "Austin",
        "state": "TX",
        "postal_code": "73301",
        "country": "US",
    }
    return checked(SITES, {"name": "Branch", "address": address, "time_zone": "America/Chicago", **changes})


def site_create(env: Env) -> Case:
    return create_case(SITES, branch())


def site_update(env: Env) -> Case:
    return update_case(SITES, SITES.create(branch()), branch(time_zone="America/Denver"))


def site_delete(env: Env) -> Case:
    return delete_case(SITES, SITES.create(branch()))


# --- User ----------------------------------------------------------------------------------------


def ann(**changes: str) -> dict[str, Any]:
    return checked(USERS, {"email": "ann@example.com", "first_name": "Ann", "last_name": "Lee", **changes})


def user_create(env: Env) -> Case:
    return create_case(USERS, ann())


def user_update(env: Env) -> Case:
    return update_case(USERS, USERS.create(ann()), ann(first_name="Anna"))


def user_delete(env: Env) -> Case:
    return delete_case(USERS, USERS.create(ann()))


# --- Extension -----------------------------------------------------------------------------------


def person(env: Env, email: str = "bo@example.com") -> str:
    made = env.api.people.create(Person(emails=[email], first_name="Bo", last_name="Ek"))
    assert made.id is not None
    return made.id


def line(env: Env, user_id: str, **changes: Any) -> dict[str, Any]:
    return checked(
        LINES, {"user_id": user_id, "extension": "201", "phone_number": env.org.numbers[0], **changes}
    )


def line_create(env: Env) -> Case:
    return create_case(LINES, line(env, person(env)))


def line_update_recording(env: Env) -> Case:
    user_id = person(env)
    return update_case(LINES, LINES.create(line(env, user_id)), line(env, user_id, call_recording=True))


def line_update_extension(env: Env) -> Case:
    user_id = person(env)
    return update_case(LINES, LINES.create(line(env, user_id)), line(env, user_id, extension="202"))


def line_delete(env: Env) -> Case:
    return delete_case(LINES, LINES.create(line(env, person(env))))


# --- PhoneMenu -----------------------------------------------------------------------------------


def menu(**changes: Any) -> dict[str, Any]:
    keys = {"1": transfer_to_number("+14155550123", "sales"), "0": exit_menu()}
    inputs = {
        "name": "Front desk",
        "extension": "200",
        "business_hours": {"mon": ["09:00-17:00"]},
        "business_hours_menu": menu_options(keys),
    }
    return checked(MENUS, {**inputs, **changes})


def menu_create(env: Env) -> Case:
    return create_case(MENUS, menu())


def menu_update(env: Env) -> Case:
    """A rename (the schedule's id changes with its name), new hours and keys."""
    news = menu(name="Reception", business_hours={"tue": ["08:00-12:00"]})
    return update_case(MENUS, MENUS.create(menu()), news)


def menu_delete(env: Env) -> Case:
    return delete_case(MENUS, MENUS.create(menu()))


# --- MainNumber ----------------------------------------------------------------------------------


def calling_person(env: Env) -> str:
    user_id = person(env, "cy@example.com")
    licence = env.api.licenses.find_calling()
    assert licence is not None
    env.api.licenses.assign(user_id, licence.id, location_id=env.org.location_id, extension="210")
    return user_id


def person_with_own_number(env: Env) -> str:
    """A person with a direct number: the main number becomes their alternate number."""
    user_id = person(env, "dee@example.com")
    licence = env.api.licenses.find_calling()
    assert licence is not None
    env.api.licenses.assign(
        user_id, licence.id, location_id=env.org.location_id, extension="211", phone_number=env.org.numbers[0]
    )
    return user_id


def main(env: Env, **target: str) -> dict[str, Any]:
    return checked(MAINS, {"phone_number": env.org.numbers[1], **target})


def main_create(env: Env) -> Case:
    """A new main number (the location's changes), ringing a person."""
    return create_case(MAINS, main(env, user_id=calling_person(env)))


def main_update(env: Env) -> Case:
    made = MAINS.create(main(env, user_id=calling_person(env)))
    return update_case(MAINS, made, main(env, phone_menu_id=MENUS.create(menu()).id))


def main_create_alternate(env: Env) -> Case:
    return create_case(MAINS, main(env, user_id=person_with_own_number(env)))


def main_update_alternate(env: Env) -> Case:
    made = MAINS.create(main(env, user_id=person_with_own_number(env)))
    return update_case(MAINS, made, main(env, phone_menu_id=MENUS.create(menu()).id))


def line_gets_a_number_under_the_main_number(env: Env) -> Case:
    """The main number is the line's work number; the line gets its own: the main number moves to
    the person's alternate numbers and never stops ringing them."""
    user_id = person(env)
    made = LINES.create(checked(LINES, {"user_id": user_id, "extension": "201"}))
    MAINS.create(main(env, user_id=user_id))
    case = update_case(LINES, made, line(env, user_id))

    def converged(result: Any) -> None:
        case.converged(result)
        row = env.api.numbers.find_by_number(env.org.numbers[1])
        assert row is not None and row.owner is not None and row.owner.id == user_id
        assert env.api.people.get_numbers(user_id).alternates == [env.org.numbers[1]]

    return Case(case.run, converged)


def main_delete(env: Env) -> Case:
    made = MAINS.create(main(env, phone_menu_id=MENUS.create(menu()).id))

    def unrouted_and_kept() -> bool:
        row = env.api.numbers.find_by_number(env.org.numbers[1])
        return row is not None and row.owner is None

    return delete_case(MAINS, made, unrouted_and_kept)


WRITES = (
    Write("Location", "create", "POST", "/locations", site_create),
    Write("Location", "update", "PUT", "/locations/*", site_update),
    Write("Location", "delete", "DELETE", "/locations/*", site_delete),
    Write("User", "create", "POST", "/people", user_create),
    Write("User", "update", "PUT", "/people/*", user_update),
    Write("User", "delete", "DELETE", "/people/*", user_delete),
    Write("Extension", "create", "PATCH", "/licenses/users", line_create),
    Write(
        "Extension", "update (recording)", "PUT", "/people/*/features/callRecording", line_update_recording
    ),
    Write("Extension", "update (line)", "PUT", "/people/*", line_update_extension),
    Write("Extension", "delete", "PATCH", "/licenses/users", line_delete),
    Write("PhoneMenu", "create (schedule)", "POST", f"{LOCATION}/schedules", menu_create),
    Write("PhoneMenu", "create (menu)", "POST", f"{LOCATION}/autoAttendants", menu_create),
    Write(
        "PhoneMenu", "update (schedule, renamed)", "PUT", f"{LOCATION}/schedules/businessHours/*", menu_update
    ),
    Write("PhoneMenu", "update (menu)", "PUT", f"{LOCATION}/autoAttendants/*", menu_update),
    Write("PhoneMenu", "delete (menu)", "DELETE", f"{LOCATION}/autoAttendants/*", menu_delete),
    Write("PhoneMenu", "delete (schedule)", "DELETE", f"{LOCATION}/schedules/businessHours/*", menu_delete),
    Write("MainNumber", "create (main number)", "PUT", LOCATION, main_create),
    Write("MainNumber", "create (route to user)", "PUT", "/people/*", main_create),
    Write("MainNumber", "update (take from user)", "PUT", "/people/*", main_update),
    Write("MainNumber", "update (route to menu)", "PUT", f"{LOCATION}/autoAttendants/*", main_update),
    Write("MainNumber", "delete (unroute)", "PUT", f"{LOCATION}/autoAttendants/*", main_delete),
    Write("MainNumber", "create (alternate number)", "PUT", PERSON_NUMBERS, main_create_alternate),
    Write("MainNumber", "update (take the alternate number)", "PUT", PERSON_NUMBERS, main_update_alternate),
    Write(
        "Extension",
        "update (gets a number: the main number moves to the alternates)",
        "PUT",
        PERSON_NUMBERS,
        line_gets_a_number_under_the_main_number,
    ),
)


@pytest.fixture
def env(org: OrgHandle, sandbox: SandboxServer, tmp_path: Path) -> Iterator[Env]:
    with matrix_env(org, sandbox, tmp_path) as matrix:
        yield matrix


@pytest.mark.parametrize("fault", FAULTS, ids=FAULT_IDS)
@pytest.mark.parametrize("write", WRITES, ids=[w.label for w in WRITES])
def test_write_converges_under_fault(
    env: Env, monkeypatch: pytest.MonkeyPatch, write: Write, fault: Fault
) -> None:
    check_write_under_fault(env, monkeypatch, write, fault)


def test_a_line_stopped_between_its_two_writes_gives_the_main_number_back_on_the_next_run(env: Env) -> None:
    """The line's work number is written, then both the ADD of the main number as an alternate and
    the restore fail (the process could as well have been stopped): the main number rings nobody.
    The next run finishes the move, so the main number rings the person again."""
    user_id = person(env)
    made = LINES.create(checked(LINES, {"user_id": user_id, "extension": "201"}))
    MAINS.create(main(env, user_id=user_id))
    env.sandbox.faults.add(FaultRule(method="PUT", path=PERSON_NUMBERS, mode="fail_before_commit"))
    env.sandbox.faults.add(FaultRule(method="PUT", path="/people/*", mode="fail_before_commit", after=1))
    with pytest.raises(CallplanError):
        LINES.update(made.id, made.outs, line(env, user_id))
    env.sandbox.faults.clear()
    LINES.update(made.id, made.outs, line(env, user_id))
    row = env.api.numbers.find_by_number(env.org.numbers[1])
    assert row is not None and row.owner is not None and row.owner.id == user_id
    assert env.api.people.get_numbers(user_id).alternates == [env.org.numbers[1]]


def test_a_new_main_number_given_with_its_reply_lost_for_good_converges_on_the_next_run(env: Env) -> None:
    """The ADD of the new main number is made but every reply to it is lost: the update fails, and
    the next run finds the target already holding the number and finishes, without refusing it."""
    user_id = person_with_own_number(env)
    made = MAINS.create(main(env, user_id=user_id))
    news = checked(MAINS, {"phone_number": env.org.main_number, "user_id": user_id})
    lost = FaultRule(method="PUT", path=PERSON_NUMBERS, mode="fail_after_commit", count=None, after=1)
    env.sandbox.faults.add(lost)  # the DELETE of the old main number goes through, not the ADD
    with pytest.raises(CallplanError):
        MAINS.update(made.id, made.outs, news)
    env.sandbox.faults.clear()
    outs = MAINS.update(made.id, made.outs, news).outs
    assert (outs["phone_number"], outs["owner_id"]) == (env.org.main_number, user_id)
    assert env.api.people.get_numbers(user_id).alternates == [env.org.main_number]
