"""Extension through the real dynamic-provider host over gRPC, against the sandbox (or, in live
mode, an organisation: the people carry the test prefix, the direct numbers are the spare ones)."""

from __future__ import annotations

from typing import Any

import pytest

from callplan_provider.client import CallingPlanApi
from callplan_provider.models.people import CallRecordingSetting, Person
from callplan_provider.resources.extension import ExtensionProvider
from callplan_provider.sandbox.bootstrap import OrgHandle, create_activated_org
from callplan_provider.sandbox.faults import FaultRule
from callplan_provider.sandbox.server import SandboxServer
from tests.conftest import seed_numbers
from tests.live import client_of, tagged_email
from tests.provider.conftest import UNKNOWN, HostError, KindClient, ProviderHost

RECORDING = "call recording, which a real organisation needs a recording provider for"


@pytest.fixture
def client(org: OrgHandle) -> CallingPlanApi:
    return client_of(org)


@pytest.fixture
def user_id(client: CallingPlanApi) -> str:
    person = client.people.create(Person(emails=[tagged_email("bo")], first_name="Bo", last_name="Ek"))
    assert person.id is not None
    return person.id


@pytest.fixture
def lines(provider_host: ProviderHost, org: OrgHandle) -> KindClient:
    provider_host.configure_for(org)
    return provider_host.kind(ExtensionProvider, "bo-line")


def checked(lines: KindClient, user_id: str, **changes: Any) -> dict[str, Any]:
    result = lines.check({}, {"user_id": user_id, "extension": "201", **changes})
    assert result.failures == []
    return result.inputs


def calling_units(client: CallingPlanApi) -> int:
    license_ = client.licenses.find_calling()
    assert license_ is not None
    return license_.consumed_units


def standard_plan_person(
    provider_host: ProviderHost, sandbox: SandboxServer
) -> tuple[KindClient, CallingPlanApi, str]:
    """A STANDARD-tier org with the host configured for it, and a person without a line."""
    org = create_activated_org(sandbox.url, tier="STANDARD", numbers=seed_numbers(2))
    provider_host.configure_for(org)
    client = CallingPlanApi(org.api_url, org.admin_token)
    person = client.people.create(Person(emails=["std@example.com"], first_name="S", last_name="T"))
    assert person.id is not None
    return provider_host.kind(ExtensionProvider, "rec"), client, person.id


def test_check_refuses_toll_free_and_emergency_through_the_host(lines: KindClient, user_id: str) -> None:
    result = lines.check({}, {"user_id": user_id, "extension": "112", "phone_number": "+18005550100"})
    assert sorted(result.failed_properties) == ["extension", "phone_number"]


@pytest.mark.sandbox_only("an organisation in France")
def test_create_with_an_emergency_number_of_the_location_country_fails_with_the_api_reason(
    provider_host: ProviderHost, sandbox: SandboxServer
) -> None:
    org = create_activated_org(sandbox.url, country="FR")
    provider_host.configure_for(org)
    lines = provider_host.kind(ExtensionProvider, "fr-line")
    client = CallingPlanApi(org.api_url, org.admin_token)
    person = client.people.create(Person(emails=["fr@example.com"], first_name="F", last_name="R"))
    assert person.id is not None
    with pytest.raises(HostError) as failed:
        lines.create(checked(lines, person.id, extension="17"))  # the police in France
    assert "4911" in failed.value.details
    assert client.people.get(person.id, calling_data=True).location_id is None


def test_create_with_101_in_the_us_takes_the_line(
    lines: KindClient, user_id: str, client: CallingPlanApi
) -> None:
    created = lines.create(checked(lines, user_id, extension="101"))
    assert created.outs["extension"] == "101"
    assert client.people.get(user_id, calling_data=True).extension == "101"


def test_create_with_933_in_the_us_fails_with_the_api_reason(
    lines: KindClient, user_id: str, client: CallingPlanApi
) -> None:
    with pytest.raises(HostError) as failed:
        lines.create(checked(lines, user_id, extension="933"))  # the E911 address test number
    assert "4911" in failed.value.details
    assert client.people.get(user_id, calling_data=True).location_id is None


def test_create_takes_a_licence_with_extension_and_number(
    lines: KindClient, user_id: str, client: CallingPlanApi, org: OrgHandle
) -> None:
    before = calling_units(client)
    created = lines.create(checked(lines, user_id, phone_number=org.numbers[0]))
    person = client.people.get(user_id, calling_data=True)
    assert (created.id, person.extension, person.work_number) == (user_id, "201", org.numbers[0])
    assert created.outs["location_id"] == org.location_id
    assert calling_units(client) == before + 1


def test_diff_after_create_shows_no_change(lines: KindClient, user_id: str, org: OrgHandle) -> None:
    created = lines.create(checked(lines, user_id, phone_number=org.numbers[0]))
    diff = lines.diff(created.id, created.outs, checked(lines, user_id, phone_number=org.numbers[0]))
    assert diff.changes == "NONE"


def test_diff_unknown_user_replaces_deleting_first(lines: KindClient, user_id: str) -> None:
    created = lines.create(checked(lines, user_id))
    news = lines.check({}, {"user_id": UNKNOWN, "extension": "201"}).inputs
    diff = lines.diff(created.id, created.outs, news)
    assert (diff.changes, diff.replaces, diff.delete_before_replace) == ("SOME", ["user_id"], True)


def test_update_changes_extension_and_removes_the_number(
    lines: KindClient, user_id: str, client: CallingPlanApi, org: OrgHandle
) -> None:
    created = lines.create(checked(lines, user_id, phone_number=org.numbers[0]))
    outs = lines.update(created.id, created.outs, checked(lines, user_id, extension="202"))
    person = client.people.get(user_id, calling_data=True)
    assert (person.extension, person.work_number, outs.get("phone_number")) == ("202", None, None)
    row = client.numbers.find_by_number(org.numbers[0])
    assert row is not None and row.owner is None


def test_read_shows_an_outside_extension_change(
    lines: KindClient, user_id: str, client: CallingPlanApi
) -> None:
    inputs = checked(lines, user_id)
    created = lines.create(inputs)
    person = client.people.get(user_id, calling_data=True)
    client.people.update(user_id, person.model_copy(update={"extension": "299"}), calling_data=True)
    read = lines.read(created.id, created.outs, inputs)
    assert read.outs["extension"] == "299" and read.inputs is not None and read.inputs["extension"] == "299"
    assert lines.diff(created.id, read.outs, inputs).changes == "SOME"


def test_read_after_the_line_is_removed_outside_is_gone(
    lines: KindClient, user_id: str, client: CallingPlanApi
) -> None:
    created = lines.create(checked(lines, user_id))
    license_ = client.licenses.find_calling()
    assert license_ is not None
    client.licenses.unassign(user_id, license_.id)
    assert lines.read(created.id, created.outs).outs == {}


def test_delete_gives_the_licence_back_and_keeps_the_number(
    lines: KindClient, user_id: str, client: CallingPlanApi, org: OrgHandle
) -> None:
    before = calling_units(client)
    created = lines.create(checked(lines, user_id, phone_number=org.numbers[0]))
    lines.delete(created.id, created.outs)
    assert calling_units(client) == before
    row = client.numbers.find_by_number(org.numbers[0])
    assert row is not None and row.owner is None
    assert client.people.get(user_id, calling_data=True).location_id is None


def test_create_refuses_the_main_number_pointing_to_main_number(
    lines: KindClient, user_id: str, org: OrgHandle
) -> None:
    assert org.main_number is not None
    inputs = {"user_id": user_id, "extension": "201", "phone_number": org.main_number}
    assert lines.check({}, inputs).failed_properties == ["phone_number"]  # at preview
    with pytest.raises(HostError) as failed:  # and at apply (it may have become the main number since)
        lines.create(inputs)
    assert "MainNumber" in failed.value.details


def test_create_for_a_user_with_a_line_without_adopt_fails_naming_adopt(
    lines: KindClient, user_id: str
) -> None:
    lines.create(checked(lines, user_id))
    with pytest.raises(HostError) as failed:
        lines.create(checked(lines, user_id, extension="203"))
    assert "adopt=True" in failed.value.details


def test_create_with_adopt_takes_over_the_existing_line(lines: KindClient, user_id: str) -> None:
    lines.create(checked(lines, user_id))
    inputs = checked(lines, user_id, extension="203", adopt=True)
    adopted = lines.create(inputs)
    assert adopted.outs["extension"] == "201"
    assert lines.diff(adopted.id, adopted.outs, inputs).changes == "SOME"


def test_create_with_a_taken_extension_fails_with_the_api_reason(
    lines: KindClient, user_id: str, client: CallingPlanApi
) -> None:
    other = client.people.create(Person(emails=[tagged_email("cy")], first_name="Cy", last_name="Do"))
    assert other.id is not None
    lines.create(checked(lines, other.id))
    with pytest.raises(HostError) as failed:
        lines.create(checked(lines, user_id))
    assert "409" in failed.value.details


@pytest.mark.sandbox_only("a STANDARD-tier organisation")
def test_call_recording_is_refused_on_a_standard_plan(
    provider_host: ProviderHost, sandbox: SandboxServer
) -> None:
    lines, client, person_id = standard_plan_person(provider_host, sandbox)
    inputs = {"user_id": person_id, "extension": "201", "call_recording": True}
    assert lines.check({}, inputs).failed_properties == ["call_recording"]  # at preview
    with pytest.raises(HostError) as failed:  # and at apply
        lines.create(inputs)
    assert "BUSINESS" in failed.value.details
    assert client.people.get(person_id, calling_data=True).location_id is None


@pytest.mark.sandbox_only(RECORDING)
def test_call_recording_is_accepted_on_a_business_plan(
    lines: KindClient, user_id: str, client: CallingPlanApi
) -> None:
    created = lines.create(checked(lines, user_id, call_recording=True))
    assert created.outs["call_recording"] is True
    recording = client.people.get_call_recording(user_id)
    assert (recording.enabled, recording.record) == (True, "Always")


@pytest.mark.sandbox_only(RECORDING)
@pytest.mark.parametrize("declared", [{}, {"call_recording": False}], ids=["left-out", "false"])
def test_create_without_call_recording_leaves_it_disabled(
    lines: KindClient, user_id: str, client: CallingPlanApi, declared: dict[str, Any]
) -> None:
    created = lines.create(checked(lines, user_id, **declared))
    assert created.outs.get("call_recording") is declared.get("call_recording")
    assert client.people.get_call_recording(user_id).enabled is False


@pytest.mark.sandbox_only(RECORDING)
def test_a_line_leaving_recording_out_never_reads_it_and_shows_no_drift(
    lines: KindClient, user_id: str, client: CallingPlanApi, org: OrgHandle, sandbox: SandboxServer
) -> None:
    """Not managed: switched on outside, it is no drift, and refresh makes no recording call."""
    inputs = checked(lines, user_id)
    created = lines.create(inputs)
    client.people.update_call_recording(user_id, CallRecordingSetting(enabled=True, record="Always"))
    since = len(sandbox.requests)
    read = lines.read(created.id, created.outs)
    paths = [e.path for e in sandbox.requests.entries(since) if e.org_id == org.org_id]
    assert not [p for p in paths if p.endswith("/callRecording")]
    assert read.outs.get("call_recording") is None
    assert read.inputs is not None and "call_recording" not in read.inputs
    assert lines.diff(created.id, read.outs, inputs).changes == "NONE"


@pytest.mark.sandbox_only(RECORDING)
@pytest.mark.parametrize("recording", [False, True], ids=["not-recording", "recording-outside"])
def test_a_line_whose_state_holds_recording_false_stays_unchanged_when_the_program_leaves_it_out(
    lines: KindClient, user_id: str, client: CallingPlanApi, recording: bool
) -> None:
    """State made while a line's recording was always managed (`call_recording: false` in its inputs,
    outputs and `__inputs`, the default when left out): no change at preview; refresh reads no
    recording setting (such state cannot tell a left-out recording from a declared False: it counts
    as left out), records the inputs today's check gives, and the preview after it shows no change."""
    created = lines.create(checked(lines, user_id))
    old_inputs = {**checked(lines, user_id), "adopt": False, "call_recording": False}
    given = sorted(k for k in old_inputs if not k.startswith("__"))
    old_outs = {**created.outs, "adopt": False, "call_recording": False, "__inputs": given}
    program = checked(lines, user_id)
    assert lines.check(old_inputs, program).failures == []
    assert lines.diff(created.id, old_outs, program).changes == "NONE"  # pulumi preview
    client.people.update_call_recording(user_id, CallRecordingSetting(enabled=recording))
    read = lines.read(created.id, old_outs, old_inputs)  # pulumi preview --refresh
    assert read.outs.get("call_recording") is None and "__inputs" not in read.outs
    assert read.inputs == program
    rechecked = lines.check(read.inputs, program)
    assert lines.diff(created.id, read.outs, rechecked.inputs).changes == "NONE"


@pytest.mark.sandbox_only("faults")
def test_create_when_the_recording_step_fails_gives_the_line_back(
    lines: KindClient, user_id: str, client: CallingPlanApi, org: OrgHandle, sandbox: SandboxServer
) -> None:
    before = calling_units(client)
    rule = FaultRule(method="PUT", path="/v1/people/*/features/callRecording", mode="fail_before_commit")
    sandbox.faults.add(rule)
    with pytest.raises(HostError) as failed:
        lines.create(checked(lines, user_id, phone_number=org.numbers[0], call_recording=True))
    assert "callRecording" in failed.value.details
    assert client.people.get(user_id, calling_data=True).location_id is None
    assert calling_units(client) == before
    row = client.numbers.find_by_number(org.numbers[0])
    assert row is not None and row.owner is None
    assert list(client.numbers.list(location_id=org.location_id, extension="201")) == []


@pytest.mark.sandbox_only("faults")
def test_create_after_a_dropped_licence_reply_still_applies_recording(
    lines: KindClient, user_id: str, client: CallingPlanApi, sandbox: SandboxServer
) -> None:
    rule = FaultRule(method="PATCH", path="/v1/licenses/users", mode="drop_after_commit", count=1)
    sandbox.faults.add(rule)
    created = lines.create(checked(lines, user_id, call_recording=True))
    assert created.outs["call_recording"] is True
    assert client.people.get_call_recording(user_id).enabled is True


@pytest.mark.sandbox_only(RECORDING)
def test_read_shows_recording_switched_off_outside(
    lines: KindClient, user_id: str, client: CallingPlanApi
) -> None:
    inputs = checked(lines, user_id, call_recording=True)
    created = lines.create(inputs)
    client.people.update_call_recording(user_id, CallRecordingSetting(enabled=False))
    read = lines.read(created.id, created.outs, inputs)
    assert read.outs["call_recording"] is False
    assert read.inputs is not None and read.inputs["call_recording"] is False
    assert lines.diff(created.id, read.outs, inputs).changes == "SOME"


@pytest.mark.sandbox_only(RECORDING)
def test_read_shows_recording_mode_never_as_not_recording(
    lines: KindClient, user_id: str, client: CallingPlanApi
) -> None:
    inputs = checked(lines, user_id, call_recording=True)
    created = lines.create(inputs)
    client.people.update_call_recording(user_id, CallRecordingSetting(record="Never"))
    assert lines.read(created.id, created.outs, inputs).outs["call_recording"] is False


@pytest.mark.sandbox_only(RECORDING)
def test_update_switches_recording_on_then_off(
    lines: KindClient, user_id: str, client: CallingPlanApi
) -> None:
    created = lines.create(checked(lines, user_id))
    outs = lines.update(created.id, created.outs, checked(lines, user_id, call_recording=True))
    assert outs["call_recording"] is True and client.people.get_call_recording(user_id).enabled is True
    outs = lines.update(created.id, outs, checked(lines, user_id, call_recording=False))
    assert outs["call_recording"] is False and client.people.get_call_recording(user_id).enabled is False


@pytest.mark.sandbox_only(RECORDING)
def test_update_leaving_recording_out_keeps_it_as_it_is(
    lines: KindClient, user_id: str, client: CallingPlanApi, org: OrgHandle, sandbox: SandboxServer
) -> None:
    created = lines.create(checked(lines, user_id, call_recording=True))
    since = len(sandbox.requests)
    outs = lines.update(created.id, created.outs, checked(lines, user_id, extension="202"))
    paths = [e.path for e in sandbox.requests.entries(since) if e.org_id == org.org_id]
    assert not [p for p in paths if p.endswith("/callRecording")]
    assert outs.get("call_recording") is None
    assert client.people.get_call_recording(user_id).enabled is True


@pytest.mark.sandbox_only(RECORDING)
def test_update_when_the_line_change_fails_puts_the_recording_back(
    lines: KindClient, user_id: str, client: CallingPlanApi
) -> None:
    other = client.people.create(Person(emails=[tagged_email("cy")], first_name="Cy", last_name="Do"))
    assert other.id is not None
    lines.create(checked(lines, other.id, extension="202"))
    created = lines.create(checked(lines, user_id))
    with pytest.raises(HostError) as failed:
        lines.update(created.id, created.outs, checked(lines, user_id, extension="202", call_recording=True))
    assert "409" in failed.value.details
    assert client.people.get(user_id, calling_data=True).extension == "201"
    assert client.people.get_call_recording(user_id).enabled is False


@pytest.mark.sandbox_only("a STANDARD-tier organisation")
def test_update_to_recording_on_a_standard_plan_is_refused_changing_nothing(
    provider_host: ProviderHost, sandbox: SandboxServer
) -> None:
    lines, client, person_id = standard_plan_person(provider_host, sandbox)
    created = lines.create(checked(lines, person_id))
    news = {"user_id": person_id, "extension": "202", "call_recording": True}
    assert lines.check(created.outs, news).failed_properties == ["call_recording"]  # at preview
    with pytest.raises(HostError) as failed:  # and at apply
        lines.update(created.id, created.outs, news)
    assert "BUSINESS" in failed.value.details
    assert client.people.get(person_id, calling_data=True).extension == "201"
    assert client.people.get_call_recording(person_id).enabled is False


@pytest.mark.sandbox_only(RECORDING)
def test_create_with_adopt_reports_the_live_recording(
    lines: KindClient, user_id: str, client: CallingPlanApi
) -> None:
    lines.create(checked(lines, user_id, call_recording=True))
    inputs = checked(lines, user_id, adopt=True, call_recording=False)
    adopted = lines.create(inputs)
    assert adopted.outs["call_recording"] is True
    assert lines.diff(adopted.id, adopted.outs, inputs).changes == "SOME"
    left_out = checked(lines, user_id, adopt=True)  # not managed: whatever it is, no change
    assert lines.diff(adopted.id, lines.create(left_out).outs, left_out).changes == "NONE"


@pytest.mark.sandbox_only(RECORDING)
def test_delete_forgets_the_recording_with_the_line(
    lines: KindClient, user_id: str, client: CallingPlanApi
) -> None:
    created = lines.create(checked(lines, user_id, call_recording=True))
    lines.delete(created.id, created.outs)
    recreated = lines.create(checked(lines, user_id, call_recording=False))
    assert recreated.outs["call_recording"] is False
    assert client.people.get_call_recording(user_id).enabled is False


@pytest.mark.sandbox_only("faults")
def test_create_after_a_dropped_reply_finds_the_line_instead_of_failing(
    lines: KindClient, user_id: str, client: CallingPlanApi, sandbox: SandboxServer
) -> None:
    before = calling_units(client)
    rule = FaultRule(method="PATCH", path="/v1/licenses/users", mode="drop_after_commit", count=1)
    sandbox.faults.add(rule)
    created = lines.create(checked(lines, user_id))
    assert (created.id, created.outs["extension"]) == (user_id, "201")
    assert calling_units(client) == before + 1


@pytest.mark.sandbox_only("an organisation with one location")
def test_create_uses_the_only_location_when_none_is_configured(
    provider_host: ProviderHost, org: OrgHandle, user_id: str
) -> None:
    provider_host.configure_for(org, location=False)
    lines = provider_host.kind(ExtensionProvider, "bo-line")
    created = lines.create(checked(lines, user_id))
    assert created.outs["location_id"] == org.location_id
