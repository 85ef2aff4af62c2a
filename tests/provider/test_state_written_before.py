"""State written by earlier versions previews and refreshes without a change, and without a call.

Earlier versions kept more in each resource's state: outputs listing every given property
(`__inputs`), the program's size (`__program`) in the inputs and outputs, and `adopt: false`; the
versions before them kept no list at all (their server defaults count as left out). Through the
providers against the sandbox, as the engine drives them: a resource is made, its state is turned
into what an earlier version wrote (`as_written_before`), then `pulumi preview` (check with those
old inputs, diff with those old outputs) and `pulumi preview --refresh` (read, check, diff) must
show no change; refresh records the inputs today's check gives (no drift, and no whole-state
rewrite for the same step), reads no recording setting the program leaves out (earlier versions
stored it as `false`), and writes the outputs in today's form.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from callplan_provider.client import CallingPlanApi
from callplan_provider.resources import config
from callplan_provider.resources.base import DEFAULTS_GIVEN_KEY, GIVEN_KEY, Reconciler
from callplan_provider.resources.extension import ExtensionProvider
from callplan_provider.resources.location import LocationProvider
from callplan_provider.resources.main_number import MainNumberProvider
from callplan_provider.resources.phone_menu import PhoneMenuProvider
from callplan_provider.resources.preview import NAME_KEY, PROGRAM_KEY
from callplan_provider.resources.user import UserProvider
from callplan_provider.sandbox.server import SandboxServer
from tests.live import configure_provider_for

PROGRAM_SIZE = 7
ESA = {"address1": "1 Elm St", "city": "Austin", "state": "TX", "postal_code": "73301", "country": "US"}


@pytest.fixture
def client(org) -> Iterator[CallingPlanApi]:
    yield configure_provider_for(org)
    config.reset()


def hidden(name: str) -> dict[str, Any]:
    return {NAME_KEY: name, PROGRAM_KEY: PROGRAM_SIZE}


def as_written_before(
    provider: Reconciler[Any], name: str, program: dict[str, Any]
) -> tuple[str, dict[str, Any], dict[str, Any]]:
    """Make the resource; (id, inputs, outputs) as the version keeping `__inputs` wrote them."""
    checked = provider.check({}, {**program, **hidden(name)})
    assert checked.failures == []
    created = provider.create(checked.inputs)
    defaults = {k: f.default for k, f in provider.args_model.model_fields.items() if k not in checked.inputs}
    defaults.update({k: False for k in provider.managed_when_given if k not in checked.inputs})
    inputs = {**checked.inputs, **{k: v for k, v in defaults.items() if v is not None}, **hidden(name)}
    given = sorted(k for k in inputs if k not in (NAME_KEY, PROGRAM_KEY))
    outs = {k: v for k, v in created.outs.items() if k != DEFAULTS_GIVEN_KEY}
    return created.id, inputs, {**outs, **inputs, GIVEN_KEY: given}


def without_list(outs: dict[str, Any]) -> dict[str, Any]:
    """The outputs as the versions before `__inputs` wrote them."""
    return {k: v for k, v in outs.items() if k != GIVEN_KEY}


def assert_no_change(
    provider: Reconciler[Any],
    sandbox: SandboxServer,
    name: str,
    program: dict[str, Any],
    state: tuple[str, dict[str, Any], dict[str, Any]],
    *,
    refreshed_as_before: bool = True,
) -> None:
    id_, inputs, outs = state
    since = len(sandbox.requests)
    news = provider.check(inputs, {**program, **hidden(name)}).inputs
    assert provider.diff(id_, outs, news).changes is False
    assert len(sandbox.requests) == since  # a no-op preview makes no call

    read = provider.read(id_, outs)
    assert read.outs is not None and read.inputs is not None
    if GIVEN_KEY in outs:  # outputs older still keep the reads (and refreshed inputs) they had
        if refreshed_as_before:  # the inputs today's check gives: the engine writes nothing for the same step
            assert read.inputs == news
        assert not [r for r in sandbox.requests.entries(since) if "callRecording" in r.path]  # left out
    assert GIVEN_KEY not in read.outs and PROGRAM_KEY not in read.outs
    rechecked = provider.check(read.inputs, {**program, **hidden(name)}).inputs
    assert provider.diff(id_, read.outs, rechecked).changes is False
    again = provider.read(id_, read.outs)
    assert again.inputs == read.inputs  # today's form tells the same given properties


def test_every_kind_written_with_the_list_of_given_properties(client, org, sandbox) -> None:
    user_program = {"email": "ann@example.com", "first_name": "Ann", "last_name": "Lee"}
    user = as_written_before(UserProvider(), "ann", user_program)
    line_program = {"user_id": user[0], "extension": "201"}
    line = as_written_before(ExtensionProvider(), "ann-line", line_program)
    menu_program = {"name": "Front", "extension": "300", "business_hours": {"mon": ["09:00-17:00"]}}
    menu = as_written_before(PhoneMenuProvider(), "front", menu_program)
    main_program = {"phone_menu_id": menu[0]}
    main = as_written_before(MainNumberProvider(), "main", main_program)
    branch_program = {"name": "Branch", "address": ESA, "time_zone": "America/Chicago"}
    branch = as_written_before(LocationProvider(), "branch", branch_program)

    assert user[2]["adopt"] is False and GIVEN_KEY in user[2]  # the form of the earlier state
    for provider, name, program, state in (
        (UserProvider(), "ann", user_program, user),
        (ExtensionProvider(), "ann-line", line_program, line),
        (PhoneMenuProvider(), "front", menu_program, menu),
        (MainNumberProvider(), "main", main_program, main),
        (LocationProvider(), "branch", branch_program, branch),
    ):
        assert_no_change(provider, sandbox, name, program, state)
        id_, inputs, outs = state
        assert_no_change(provider, sandbox, name, program, (id_, inputs, without_list(outs)))


def test_a_server_default_the_program_gave_stays_given_after_refresh(client, org, sandbox) -> None:
    users, lines = UserProvider(), ExtensionProvider()
    user = as_written_before(
        users, "bo", {"email": "bo@example.com", "first_name": "Bo", "last_name": "Chen"}
    )
    program = {"user_id": user[0], "extension": "202", "location_id": org.location_id}
    line = as_written_before(lines, "bo-line", program)
    assert_no_change(lines, sandbox, "bo-line", program, line)
    read = lines.read(line[0], line[2])
    assert read.outs is not None and read.outs[DEFAULTS_GIVEN_KEY] == ["location_id"]
    # The versions before the list counted a server default as left out, given or not: refresh
    # leaves it out of the inputs, and the next preview still shows no change.
    id_, inputs, outs = line
    assert_no_change(
        lines, sandbox, "bo-line", program, (id_, inputs, without_list(outs)), refreshed_as_before=False
    )
