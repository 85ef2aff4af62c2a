"""Live mode: the provider and end-to-end tests against an organisation given only as endpoint + token.

    CALLPLAN_TEST_ENDPOINT=https://webexapis.com/v1 CALLPLAN_TEST_TOKEN=... \\
    CALLPLAN_TEST_LOCATION_ID=... CALLPLAN_TEST_NUMBERS=+14155550188,+14155550189 \\
        .venv/bin/python -m pytest tests/provider tests/e2e

Like moto's server mode, the same tests run against a server they did not start and know nothing
about beyond what a real organisation gives: an API root, an admin token, a location to work in
and spare numbers of that location's inventory (`CALLPLAN_TEST_ORG_ID` too when the token is a
partner's). Without `CALLPLAN_TEST_ENDPOINT` the tests run against their embedded sandbox.

- A test that needs what only the sandbox has (faults, its clock, port-order progress, its
  mailbox, licence edits, a second or fresh organisation, the account owner it bought with) carries
  `@pytest.mark.sandbox_only("what")` and is skipped here, saying what it needs.
- Everything a live test creates carries `PREFIX` (`callplan-test-<run id>`): e-mail addresses
  start with it (`tagged_email`), names of menus, schedules and locations too (`tagged`).
- `sweep()` deletes what carries the prefix: after each test that used the organisation and once
  more at the end of the session, whatever failed. It deletes people (their lines and licences go
  with them), phone menus, schedules and locations; it never releases a number.
"""

from __future__ import annotations

import functools
import os
import secrets
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import requests

from callplan_provider.client import ApiError, CallingPlanApi
from callplan_provider.resources import config

ENDPOINT_ENV = "CALLPLAN_TEST_ENDPOINT"
TOKEN_ENV = "CALLPLAN_TEST_TOKEN"
LOCATION_ENV = "CALLPLAN_TEST_LOCATION_ID"
NUMBERS_ENV = "CALLPLAN_TEST_NUMBERS"
ORG_ENV = "CALLPLAN_TEST_ORG_ID"
RUN_ID_ENV = "CALLPLAN_TEST_RUN_ID"

RUN_ID = os.environ.get(RUN_ID_ENV) or secrets.token_hex(3)
PREFIX = f"callplan-test-{RUN_ID}"


def tagged_email(local: str, domain: str = "example.com") -> str:
    """An e-mail address a test may create: `callplan-test-<run>-<local>@<domain>`."""
    return f"{PREFIX}-{local}@{domain}"


def tagged(name: str) -> str:
    """A name (menu, schedule, location) a test may create: `callplan-test-<run> <name>`."""
    return f"{PREFIX} {name}"


def carries_prefix(text: str | None, prefix: str = PREFIX) -> bool:
    return bool(text) and str(text).casefold().startswith(prefix.casefold())


@dataclass
class LiveOrg:
    """An organisation the tests did not create: the attributes of `OrgHandle` a live test may use."""

    api_url: str
    admin_token: str = field(repr=False)
    location_id: str
    numbers: list[str]
    managed_org_id: str | None = None
    """The customer organisation (`callplan:orgId`) when the token is a partner administrator's."""

    def client(self) -> CallingPlanApi:
        return client_of(self)

    def sweep(self) -> list[str]:
        """Delete what this run made here (`sweep`); returns what could not be deleted."""
        return sweep(self.client(), PREFIX, self.location_id)

    @functools.cached_property
    def main_number(self) -> str | None:
        """The location's main number (read once; live mode never changes it)."""
        row = self.client().numbers.main_number(self.location_id)
        return row.phone_number if row is not None else None

    def session(self) -> requests.Session:
        """A `requests.Session` with the token (and the customer org's `orgId`), as `OrgHandle.session`."""
        session = requests.Session()
        session.headers["Authorization"] = f"Bearer {self.admin_token}"
        if self.managed_org_id:
            session.params = {"orgId": self.managed_org_id}
        return session

    def env(self) -> dict[str, str]:
        """The provider's settings for this org, as environment variables."""
        env = {
            "CALLPLAN_ENDPOINT": self.api_url,
            "CALLPLAN_TOKEN": self.admin_token,
            "CALLPLAN_LOCATION_ID": self.location_id,
        }
        if self.managed_org_id:
            env["CALLPLAN_ORG_ID"] = self.managed_org_id
        return env


def client_of(org: Any) -> CallingPlanApi:
    """A client of a test's organisation: a sandbox `OrgHandle` or a `LiveOrg`."""
    return CallingPlanApi(org.api_url, org.admin_token, org_id=getattr(org, "managed_org_id", None))


def configure_provider_for(org: Any) -> CallingPlanApi:
    """Point this process's provider settings at the org (as the engine would); a client of it."""
    settings = {
        "callplan:endpoint": org.api_url,
        "callplan:token": org.admin_token,
        "callplan:locationId": org.location_id,
    }
    if getattr(org, "managed_org_id", None):
        settings["callplan:orgId"] = org.managed_org_id
    config.configure(settings)
    return client_of(org)


def live_org(env: dict[str, str] | os._Environ[str] = os.environ) -> LiveOrg | None:
    """The organisation of live mode, or None (the embedded sandbox) without `CALLPLAN_TEST_ENDPOINT`."""
    endpoint = env.get(ENDPOINT_ENV)
    if not endpoint:
        return None
    missing = [name for name in (TOKEN_ENV, LOCATION_ENV) if not env.get(name)]
    if missing:
        raise RuntimeError(f"live mode ({ENDPOINT_ENV} is set) also needs {', '.join(missing)}")
    numbers = [n.strip() for n in env.get(NUMBERS_ENV, "").split(",") if n.strip()]
    return LiveOrg(
        api_url=endpoint.rstrip("/"),
        admin_token=env[TOKEN_ENV],
        location_id=env[LOCATION_ENV],
        numbers=numbers,
        managed_org_id=env.get(ORG_ENV) or None,
    )


# --- the sweeper -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Leftover:
    kind: str
    id: str
    name: str
    location_id: str | None = None


def leftovers(client: CallingPlanApi, prefix: str = PREFIX, location_id: str | None = None) -> list[Leftover]:
    """Every object of the organisation that carries `prefix`, in the order they can be deleted
    (schedules: of `location_id` and the prefixed locations; of every location without it)."""
    found: list[Leftover] = []
    locations = list(client.locations.list())
    searched = [
        loc
        for loc in locations
        if location_id is None or loc.id == location_id or carries_prefix(loc.name, prefix)
    ]
    for menu in client.auto_attendants.list():
        if carries_prefix(menu.name, prefix):
            found.append(Leftover("phone menu", menu.id, menu.name, menu.location_id))
    for person in client.people.list():
        email = next(iter(person.emails), "")
        if carries_prefix(email, prefix) and person.id:
            found.append(Leftover("person", person.id, email))
    for location in searched:
        for schedule in client.schedules.list(location.id):
            if carries_prefix(schedule.name, prefix):
                found.append(Leftover(f"schedule:{schedule.type}", schedule.id, schedule.name, location.id))
    found += [Leftover("location", loc.id, loc.name) for loc in locations if carries_prefix(loc.name, prefix)]
    return found


def sweep(client: CallingPlanApi, prefix: str = PREFIX, location_id: str | None = None) -> list[str]:
    """Delete every object that carries `prefix` (numbers are never released); returns what failed."""
    failures = []
    for leftover in leftovers(client, prefix, location_id):
        try:
            _deleter(client, leftover)()
        except ApiError as error:
            if not error.is_not_found:
                failures.append(f"{leftover.kind} {leftover.name!r}: {error}")
    return failures


def _deleter(client: CallingPlanApi, leftover: Leftover) -> Callable[[], Any]:
    if leftover.kind == "phone menu":
        assert leftover.location_id is not None
        return lambda: client.auto_attendants.delete(leftover.location_id or "", leftover.id)
    if leftover.kind == "person":
        return lambda: client.people.delete(leftover.id)
    if leftover.kind.startswith("schedule:"):
        kind: Any = leftover.kind.split(":", 1)[1]
        return lambda: client.schedules.delete(leftover.location_id or "", leftover.id, kind)
    return lambda: client.locations.delete(leftover.id)


def describe(found: list[Leftover]) -> Iterator[str]:
    for leftover in found:
        yield f"{leftover.kind} {leftover.name!r} ({leftover.id})"
