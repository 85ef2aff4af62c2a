"""A create, update or delete is its writes and nothing else; refresh reads people from the list.

Counted from the sandbox's request log, through the provider classes (no engine). The process's
caches (licence, main number, plan) are read once first, as the first resource of a command does.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from callplan_provider.menu import repeat_menu
from callplan_provider.resources import config, org_cache
from callplan_provider.resources.extension import ExtensionProvider
from callplan_provider.resources.phone_menu import PhoneMenuProvider
from callplan_provider.resources.user import UserProvider
from callplan_provider.sandbox.server import SandboxServer
from tests.live import configure_provider_for

USERS, LINES, MENUS = UserProvider(), ExtensionProvider(), PhoneMenuProvider()


@pytest.fixture
def calls(sandbox: SandboxServer, org) -> Iterator[list[str]]:
    """The requests made since the last `calls.clear()`, as "METHOD /path" (ids kept)."""
    configure_provider_for(org)
    seen = _Calls(sandbox)
    yield seen
    config.reset()


class _Calls(list[str]):
    def __init__(self, sandbox: SandboxServer) -> None:
        super().__init__()
        self.sandbox = sandbox
        self.mark = len(sandbox.requests)

    def since_mark(self) -> list[str]:
        entries = self.sandbox.requests.entries(self.mark)
        self.mark += len(entries)
        return [f"{e.method} {e.path.split('/v1', 1)[1]}" for e in entries]


def user(email: str) -> dict[str, object]:
    return USERS.check({}, {"email": email, "first_name": "Ann", "last_name": "Lee"}).inputs


def test_user_and_line_are_one_write_each(calls: _Calls, org) -> None:
    first = USERS.create(user("warm@example.com"))
    LINES.create(LINES.check({}, {"user_id": first.id, "extension": "201"}).inputs)  # reads the caches
    calls.since_mark()

    ann = USERS.create(user("ann@example.com"))
    line = LINES.create(LINES.check({}, {"user_id": ann.id, "extension": "202"}).inputs)
    assert calls.since_mark() == ["POST /people", "PATCH /licenses/users"]

    LINES.delete(line.id, line.outs)
    USERS.delete(ann.id, ann.outs)
    assert calls.since_mark() == ["PATCH /licenses/users", f"DELETE /people/{ann.id}"]


def test_a_clash_is_looked_up_only_when_refused(calls: _Calls) -> None:
    ann = USERS.create(user("ann@example.com"))
    calls.since_mark()
    again = USERS.create(user("ann@example.com"))  # the same person: taken over, nothing written twice
    assert again.id == ann.id
    assert [c.split("?")[0] for c in calls.since_mark()] == ["POST /people", "GET /people"]


def test_refresh_reads_people_from_one_list(calls: _Calls, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(org_cache, "BY_ID_FIRST", 2)
    made = []
    for n in range(5):
        person = USERS.create(user(f"p{n}@example.com"))
        made.append(
            (person, LINES.create(LINES.check({}, {"user_id": person.id, "extension": f"30{n}"}).inputs))
        )
    calls.since_mark()
    for person, line in made:
        assert USERS.read(person.id, person.outs).id == person.id
        assert LINES.read(line.id, line.outs).outs["extension"] == line.outs["extension"]
    reads = calls.since_mark()
    assert reads.count("GET /people") == 1
    by_id = [c for c in reads if c.startswith("GET /people/") and not c.endswith("/callRecording")]
    assert len(by_id) == 2  # BY_ID_FIRST
    assert not [c for c in reads if c.endswith("/callRecording")]  # no line declares call_recording


def menu(org, **changes: object) -> dict[str, object]:
    """A menu's checked inputs, the process's caches read first (as by the first resource of a command)."""
    org_cache.main_number(config.api(), org.location_id)
    inputs = {
        "name": "Front desk",
        "extension": "250",
        "business_hours": {"mon": ["09:00-17:00"]},
        "business_hours_menu": {"keys": {"1": repeat_menu()}},
    }
    return MENUS.check({}, {**inputs, **changes}).inputs


def test_a_menu_is_its_two_writes_and_the_read_of_the_defaults_it_leaves_out(calls: _Calls, org) -> None:
    inputs = menu(org)
    calls.since_mark()
    made = MENUS.create(inputs)
    location = f"/telephony/config/locations/{org.location_id}"
    assert calls.since_mark() == [
        f"POST {location}/schedules",
        f"POST {location}/autoAttendants",
        f"GET {location}/autoAttendants/{made.id}",  # the time zone and language the API filled in
    ]
    assert made.outs["time_zone"] and made.outs["language"] and made.outs["schedule_id"]


def test_a_menu_with_its_time_zone_and_language_is_its_two_writes(calls: _Calls, org) -> None:
    inputs = menu(org, time_zone="Europe/Paris", language="fr_fr")
    calls.since_mark()
    made = MENUS.create(inputs)
    location = f"/telephony/config/locations/{org.location_id}"
    assert calls.since_mark() == [f"POST {location}/schedules", f"POST {location}/autoAttendants"]
    assert MENUS.diff(made.id, made.outs, inputs).changes is False
    assert MENUS.read(made.id, made.outs).outs["time_zone"] == "Europe/Paris"


@pytest.mark.parametrize(
    ("changes", "writes"),
    [
        ({"business_hours": {"tue": ["08:00-12:00"]}}, ["PUT schedules"]),
        ({"business_hours_menu": {"keys": {"2": repeat_menu()}}}, ["PUT autoAttendants"]),
        ({"name": "Reception"}, ["PUT schedules", "PUT autoAttendants"]),  # the schedule's name follows
    ],
    ids=["hours", "keys", "name"],
)
def test_a_menu_update_is_its_writes(
    calls: _Calls, org, changes: dict[str, object], writes: list[str]
) -> None:
    made = MENUS.create(menu(org))
    news = menu(org, **changes)
    calls.since_mark()
    outs = MENUS.update(made.id, made.outs, news).outs
    assert [f"{c.split()[0]} {c.split('/')[5]}" for c in calls.since_mark()] == writes
    assert MENUS.diff(made.id, outs, news).changes is False
    read = MENUS.read(made.id, outs)
    assert MENUS.diff(made.id, read.outs, news).changes is False
    assert read.outs["schedule_id"] == outs["schedule_id"]


def test_a_menu_delete_is_two_calls(calls: _Calls, org) -> None:
    made = MENUS.create(menu(org))
    calls.since_mark()
    MENUS.delete(made.id, made.outs)
    location = f"/telephony/config/locations/{org.location_id}"
    assert calls.since_mark() == [
        f"DELETE {location}/autoAttendants/{made.id}",
        f"DELETE {location}/schedules/businessHours/{made.outs['schedule_id']}",
    ]


def test_a_menu_name_taken_is_looked_up_only_when_refused(calls: _Calls, org) -> None:
    made = MENUS.create(menu(org))
    calls.since_mark()
    again = MENUS.create(menu(org))  # as a lost reply leaves it: taken over, the schedule untouched
    assert again.id == made.id
    done = [c.split("?")[0] for c in calls.since_mark()]
    assert done[0].startswith("POST ") and done[0].endswith("/schedules")  # refused: the name is taken
    assert [c for c in done[1:] if not c.startswith("GET ")] == []
