"""User through the real dynamic-provider host over gRPC, against the sandbox (or, in live mode, an
organisation: the person's e-mail carries the test prefix)."""

from __future__ import annotations

from typing import Any

import pytest

from callplan_provider.client import CallingPlanApi
from callplan_provider.resources.user import UserProvider
from callplan_provider.sandbox.bootstrap import OrgHandle
from callplan_provider.sandbox.faults import FaultRule
from callplan_provider.sandbox.server import SandboxServer
from tests.live import client_of, tagged_email
from tests.provider.conftest import UNKNOWN, HostError, KindClient, ProviderHost

ANN = {"email": tagged_email("Ann.Lee", "Example.com"), "first_name": "Ann", "last_name": "Lee"}
ANN_EMAIL = ANN["email"].lower()


@pytest.fixture
def users(provider_host: ProviderHost, org: OrgHandle) -> KindClient:
    provider_host.configure_for(org)
    return provider_host.kind(UserProvider, "ann")


@pytest.fixture
def client(org: OrgHandle) -> CallingPlanApi:
    return client_of(org)


def checked(users: KindClient, **changes: Any) -> dict[str, Any]:
    result = users.check({}, {**ANN, **changes})
    assert result.failures == []
    return result.inputs


def test_check_normalises_through_the_host(users: KindClient) -> None:
    assert checked(users) == {
        "email": ANN_EMAIL,
        "first_name": "Ann",
        "last_name": "Lee",
        "display_name": "Ann Lee",
    }


def test_check_reports_each_bad_property(users: KindClient) -> None:
    result = users.check({}, {"email": "nope", "first_name": "", "nickname": "A"})
    assert sorted(result.failed_properties) == ["email", "first_name", "last_name", "nickname"]


def test_check_keeps_an_unknown_value_at_preview(users: KindClient) -> None:
    result = users.check({}, {**ANN, "last_name": UNKNOWN})
    assert result.failures == []
    assert type(result.inputs["last_name"]).__name__ == "Unknown"


def test_create_with_secret_token_in_config_invites_the_person(
    users: KindClient, client: CallingPlanApi
) -> None:
    created = users.create(checked(users))
    person = client.people.get(created.id)
    assert (person.email, person.display_name, person.invite_pending) == (
        ANN_EMAIL,
        "Ann Lee",
        True,
    )
    assert created.outs["invite_pending"] is True and created.outs["created"]


def test_diff_after_create_shows_no_change(users: KindClient) -> None:
    inputs = checked(users)
    created = users.create(inputs)
    assert users.diff(created.id, created.outs, checked(users)).changes == "NONE"


def test_diff_new_email_replaces(users: KindClient) -> None:
    created = users.create(checked(users))
    diff = users.diff(created.id, created.outs, checked(users, email="ann@new.example.com"))
    assert (diff.changes, diff.replaces) == ("SOME", ["email"])


def test_diff_unknown_email_replaces(users: KindClient) -> None:
    created = users.create(checked(users))
    news = users.check({}, {**ANN, "email": UNKNOWN}).inputs
    diff = users.diff(created.id, created.outs, news)
    assert (diff.changes, diff.replaces) == ("SOME", ["email"])


def test_update_renames_the_person(users: KindClient, client: CallingPlanApi) -> None:
    created = users.create(checked(users))
    outs = users.update(created.id, created.outs, checked(users, last_name="Smith"))
    assert (outs["display_name"], client.people.get(created.id).last_name) == ("Ann Smith", "Smith")
    assert outs["created"] == created.outs["created"]


def test_read_shows_an_outside_rename_as_drift(users: KindClient, client: CallingPlanApi) -> None:
    inputs = checked(users)
    created = users.create(inputs)
    person = client.people.get(created.id)
    client.people.update(created.id, person.model_copy(update={"first_name": "Annie"}))
    read = users.read(created.id, created.outs, inputs)
    assert read.outs["first_name"] == "Annie"
    assert read.inputs is not None and read.inputs["first_name"] == "Annie"
    assert "invite_pending" not in read.inputs
    assert users.diff(created.id, read.outs, checked(users)).changes == "SOME"


def test_read_after_an_outside_delete_is_gone(users: KindClient, client: CallingPlanApi) -> None:
    created = users.create(checked(users))
    client.people.delete(created.id)
    read = users.read(created.id, created.outs)
    assert (read.id, read.outs) == ("", {})


def test_delete_removes_the_person(users: KindClient, client: CallingPlanApi) -> None:
    created = users.create(checked(users))
    users.delete(created.id, created.outs)
    assert client.people.find_by_email(ANN_EMAIL) is None
    users.delete(created.id, created.outs)  # already gone: no error


@pytest.mark.sandbox_only("the account owner the sandbox bought the plan with")
def test_create_existing_email_without_adopt_fails_naming_adopt(users: KindClient, org: OrgHandle) -> None:
    with pytest.raises(HostError) as failed:
        users.create(checked(users, email=org.owner_email))
    assert "adopt=True" in failed.value.details
    assert org.admin_token not in failed.value.details


@pytest.mark.sandbox_only("the account owner the sandbox bought the plan with")
def test_create_with_adopt_takes_over_and_shows_the_difference(users: KindClient, org: OrgHandle) -> None:
    inputs = checked(users, email=org.owner_email, first_name="Boss", adopt=True)
    adopted = users.create(inputs)
    assert adopted.id == org.owner_id
    assert adopted.outs["first_name"] == "Account"
    diff = users.diff(adopted.id, adopted.outs, inputs)
    assert (diff.changes, diff.replaces) == ("SOME", [])


@pytest.mark.sandbox_only("faults")
def test_create_after_a_dropped_reply_does_not_duplicate(
    users: KindClient, client: CallingPlanApi, sandbox: SandboxServer
) -> None:
    sandbox.faults.add(FaultRule(method="POST", path="/v1/people", mode="drop_after_commit", count=1))
    created = users.create(checked(users))
    assert [p.id for p in client.people.list(email=ANN_EMAIL)] == [created.id]
