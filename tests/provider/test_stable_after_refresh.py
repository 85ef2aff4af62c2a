"""Every kind, every accepted spelling: what `pulumi up` makes shows no change after it, nor after a refresh.

Through the providers against the sandbox, as the engine drives them: check (the program's inputs
as written) → create → diff of the created outputs (`pulumi preview`) → read → check again with
the refreshed inputs as the olds → diff of the read outputs (`pulumi preview --refresh`). Each
must say "no change". Then the same for objects made outside the program with the API's other
spellings of the same values (a language code in upper case, a country in lower case, an e-mail
with capitals), taken over with `adopt=True`: the program's spelling and the organisation's are
the same value, so nothing is to change and nothing is written.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest

from callplan_provider.client import CallingPlanApi
from callplan_provider.menu import (
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
from callplan_provider.resources import config
from callplan_provider.resources.base import Reconciler
from callplan_provider.resources.business_hours import hours_to_events
from callplan_provider.resources.extension import ExtensionProvider
from callplan_provider.resources.location import LocationProvider
from callplan_provider.resources.main_number import MainNumberProvider
from callplan_provider.resources.phone_menu import PhoneMenuProvider
from callplan_provider.resources.user import UserProvider
from callplan_provider.sandbox.server import SandboxServer
from tests.live import configure_provider_for

HOURS_ON_THE_WIRE = [event.to_wire() for event in hours_to_events({"mon": ["09:00-17:00"]})]
ESA = {"address1": "1 Elm St", "city": "Austin", "state": "TX", "postal_code": "73301", "country": "US"}


@pytest.fixture
def client(org) -> Iterator[CallingPlanApi]:
    yield configure_provider_for(org)
    config.reset()


@dataclass
class Cycle:
    """What the engine's steps said about one resource."""

    id: str
    failures: list[Any]
    changed_after_up: bool
    changed_after_refresh: bool
    refreshed_inputs: dict[str, Any]
    refreshed_outputs: dict[str, Any]


def up_then_refresh(provider: Reconciler[Any], program: dict[str, Any]) -> Cycle:
    checked = provider.check({}, program)
    assert [(f.property, f.reason) for f in checked.failures] == []
    created = provider.create(checked.inputs)
    assert created.id
    after_up = provider.diff(created.id, created.outs, provider.check(checked.inputs, program).inputs)
    read = provider.read(created.id, created.outs)
    assert read.id == created.id
    rechecked = provider.check(read.inputs or {}, program)
    after_refresh = provider.diff(created.id, read.outs, rechecked.inputs)
    return Cycle(
        created.id,
        rechecked.failures,
        bool(after_up.changes),
        bool(after_refresh.changes),
        read.inputs or {},
        read.outs or {},
    )


def assert_stable(cycle: Cycle) -> None:
    assert cycle.failures == []
    assert (cycle.changed_after_up, cycle.changed_after_refresh) == (False, False)


def writes_since(sandbox: SandboxServer, org, since: int) -> list[str]:
    return [
        f"{e.method} {e.path}"
        for e in sandbox.requests.entries(since)
        if e.is_write and e.org_id == org.org_id
    ]


# --- what the program makes -----------------------------------------------------------------------


@pytest.mark.parametrize("language", ["en-US", "EN_us", " fr_CA ", "de_de"])
def test_phone_menu_language_in_any_spelling_is_stable(client, language: str) -> None:
    program = {
        "name": f"Menu {language.strip()}",
        "extension": "300",
        "business_hours": {"monday": ["9:00 - 12:00", "13:00-17:00"]},
        "language": language,
        "time_zone": "America/New_York",
        "after_hours_menu": menu_options(keys={"0": exit_menu()}),
    }
    assert_stable(up_then_refresh(PhoneMenuProvider(), program))


@pytest.mark.parametrize(
    ("language", "country"),
    [("en-US", "us"), ("FR_ca", "Us"), ("es_es", " US ")],
    ids=["dash", "upper", "space"],
)
def test_location_language_and_country_in_any_spelling_are_stable(
    client, language: str, country: str
) -> None:
    program = {
        "name": f"Branch {language}",
        "address": {**ESA, "country": country},
        "time_zone": "America/Chicago",
        "language": language,
        "email_language": language.upper(),
    }
    assert_stable(up_then_refresh(LocationProvider(), program))


def test_every_kind_as_a_person_would_type_it_is_stable(client, org) -> None:
    """A person, their line, a menu and the main number, with numbers and e-mails as typed."""
    direct = org.numbers[0]
    typed_direct = f"+1 ({direct[2:5]}) {direct[5:8]}-{direct[8:]}"
    user = up_then_refresh(
        UserProvider(), {"email": " Ann.Lee@Example.COM ", "first_name": " Ann", "last_name": "Lee "}
    )
    assert_stable(user)
    line = up_then_refresh(
        ExtensionProvider(), {"user_id": user.id, "extension": " 201", "phone_number": typed_direct}
    )
    assert_stable(line)
    menu_program = {
        "name": "  Main menu ",
        "extension": "200",
        "business_hours": {"Mon": ["09:00-17:00"], "tuesday": ["09:00 \u2013 17:00"]},
        "business_hours_menu": menu_options(
            keys={
                "1": transfer_to_extension(" 201", "sales"),
                "2": transfer_to_number("+1 800 555 0199", "our supplier"),
            }
        ),
    }
    menu = up_then_refresh(PhoneMenuProvider(), menu_program)
    assert_stable(menu)
    typed_main = f"+1 {org.main_number[2:5]} {org.main_number[5:8]} {org.main_number[8:]}"
    assert_stable(
        up_then_refresh(MainNumberProvider(), {"phone_number": typed_main, "phone_menu_id": menu.id})
    )


def test_every_kind_with_every_option_is_stable(client, org) -> None:
    """The options beyond the first example: a display name, a recorded line, keys to people by id
    (a transfer, the operator, voicemail), a menu's own number, another time zone and language, a
    location with a second address line, and the main number routed to a person, then to an
    extension."""
    own_number, direct = org.numbers
    bo = up_then_refresh(
        UserProvider(),
        {"email": "bo@example.com", "first_name": "Bo", "last_name": "Chen", "display_name": "Bo C."},
    )
    assert_stable(bo)
    cy = up_then_refresh(UserProvider(), {"email": "cy@example.com", "first_name": "Cy", "last_name": "Ray"})
    assert_stable(cy)
    assert_stable(
        up_then_refresh(
            ExtensionProvider(),
            {"user_id": bo.id, "extension": "202", "phone_number": direct, "call_recording": True},
        )
    )
    cy_line_program = {"user_id": cy.id, "extension": "203"}
    cy_line = up_then_refresh(ExtensionProvider(), cy_line_program)
    assert_stable(cy_line)
    keys = {
        "1": transfer_to_user(bo.id, "sales", prompt=True),
        "0": operator(user_id=cy.id, description="the operator"),
        "9": voicemail(user_id=bo.id),
        "#": dial_by_name(),
        "*": repeat_menu(),
    }
    menu_program = {
        "name": "Support",
        "phone_number": own_number,
        "business_hours": {
            day: ["08:30-12:00", "13:00-18:00"] for day in ("mon", "tue", "wed", "thu", "fri")
        },
        "time_zone": "Europe/London",
        "language": "en_gb",
        "business_hours_menu": menu_options(keys),
        "after_hours_menu": menu_options({"0": dial_by_extension()}, extension_enabled=False),
    }
    assert_stable(up_then_refresh(PhoneMenuProvider(), menu_program))
    front_program = {"name": "Front", "extension": "100", "business_hours": {"sat": ["10:00-14:00"]}}
    front = up_then_refresh(PhoneMenuProvider(), front_program)
    assert_stable(front)
    front_program = {"name": "Front", "extension": "100", "business_hours": {"sat": ["10:00-14:00"]}}
    front = up_then_refresh(PhoneMenuProvider(), front_program)
    assert_stable(front)
    branch = {**ESA, "address2": "Suite 2"}
    assert_stable(
        up_then_refresh(
            LocationProvider(), {"name": "Branch", "address": branch, "time_zone": "America/Chicago"}
        )
    )
    route = MainNumberProvider()
    to_person = up_then_refresh(route, {"user_id": cy.id})
    assert_stable(to_person)
    assert refreshed_changes(ExtensionProvider(), cy_line, cy_line_program) is False  # MainNumber's doing
    to_extension = changed_to(route, to_person, {"extension": "203"})
    assert refreshed_changes(route, to_extension, {"extension": "203"}) is False
    to_menu = changed_to(route, to_extension, {"phone_menu_id": front.id})
    assert refreshed_changes(route, to_menu, {"phone_menu_id": front.id}) is False
    assert refreshed_changes(PhoneMenuProvider(), front, front_program) is False
    assert refreshed_changes(ExtensionProvider(), cy_line, cy_line_program) is False


def changed_to(provider: Reconciler[Any], cycle: Cycle, program: dict[str, Any]) -> Cycle:
    """`pulumi up` of a changed program: update, then diff (no change left)."""
    news = provider.check(cycle.refreshed_inputs, program).inputs
    outs = provider.update(cycle.id, cycle.refreshed_outputs, news).outs or {}
    after_up = provider.diff(cycle.id, outs, news)
    return Cycle(cycle.id, [], bool(after_up.changes), False, news, outs)


def refreshed_changes(provider: Reconciler[Any], cycle: Cycle, program: dict[str, Any]) -> bool:
    """Does `pulumi preview --refresh` of an unchanged program show a change now?"""
    read = provider.read(cycle.id, cycle.refreshed_outputs)
    rechecked = provider.check(read.inputs or {}, program).inputs
    return bool(provider.diff(cycle.id, read.outs or {}, rechecked).changes)


# --- what the organisation already has, in its own spelling ----------------------------------------


def test_objects_spelled_otherwise_are_taken_over_without_a_change_or_a_write(
    client, org, sandbox: SandboxServer
) -> None:
    with org.session() as http:
        made = http.post(
            org.api_url + "/locations",
            json={
                "name": "Branch",
                "timeZone": "America/Chicago",
                "preferredLanguage": "EN_US",
                "announcementLanguage": "fr_CA",
                "address": {**_wire_address(ESA), "country": "us"},
            },
        )
        assert made.status_code == 201, made.text
        location_id = made.json()["id"]
        person = http.post(
            org.api_url + "/people",
            json={"emails": ["Dee.Wu@Example.com"], "firstName": "Dee", "lastName": "Wu"},
        )
        assert person.status_code == 200, person.text
        schedule = http.post(
            org.api_url + f"/telephony/config/locations/{org.location_id}/schedules",
            json={"type": "businessHours", "name": "Front desk hours", "events": HOURS_ON_THE_WIRE},
        )
        assert schedule.status_code == 201, schedule.text
        menu = http.post(
            org.api_url + f"/telephony/config/locations/{org.location_id}/autoAttendants",
            json={
                "name": "Front desk",
                "extension": "400",
                "businessSchedule": "Front desk hours",
                "languageCode": "en_US",
                "businessHoursMenu": {
                    "greeting": "DEFAULT",
                    "extensionEnabled": True,
                    "keyConfigurations": [],
                },
                "afterHoursMenu": {"greeting": "DEFAULT", "extensionEnabled": True, "keyConfigurations": []},
            },
        )
        assert menu.status_code == 201, menu.text
    since = len(sandbox.requests)

    location = up_then_refresh(
        LocationProvider(),
        {
            "name": "Branch",
            "address": ESA,
            "time_zone": "America/Chicago",
            "language": "fr-ca",
            "email_language": "en-us",
            "adopt": True,
        },
    )
    user = up_then_refresh(
        UserProvider(), {"email": "dee.wu@example.com", "first_name": "Dee", "last_name": "Wu", "adopt": True}
    )
    menu_cycle = up_then_refresh(
        PhoneMenuProvider(),
        {
            "name": "Front desk",
            "extension": "400",
            "business_hours": {"mon": ["9:00-17:00"]},
            "language": "EN-us",
            "adopt": True,
        },
    )

    assert location.id == location_id
    for cycle in (location, user, menu_cycle):
        assert_stable(cycle)
    assert writes_since(sandbox, org, since) == []


def _wire_address(address: dict[str, str]) -> dict[str, str]:
    return {
        "address1": address["address1"],
        "city": address["city"],
        "state": address["state"],
        "postalCode": address["postal_code"],
        "country": address["country"],
    }
