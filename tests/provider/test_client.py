"""The HTTP client against the sandbox: pages, retries, no POST replay, errors without the token."""

from __future__ import annotations

import time
from types import SimpleNamespace

import pytest
import urllib3.util.retry

from callplan_provider.client import ApiError, CallingPlanApi
from callplan_provider.models.people import Person
from callplan_provider.sandbox.bootstrap import OrgHandle
from callplan_provider.sandbox.faults import FaultRule
from callplan_provider.sandbox.server import SandboxServer
from tests.live import client_of, tagged_email


@pytest.fixture
def client(org: OrgHandle) -> CallingPlanApi:
    return client_of(org)


def fault(sandbox: SandboxServer, method: str, path: str, mode: str, **options: object) -> FaultRule:
    return sandbox.faults.add(FaultRule(method=method, path=path, mode=mode, **options))  # type: ignore[arg-type]


def fired(sandbox: SandboxServer, rule: FaultRule) -> int:
    """How often a rule fired (rules that used up their count are gone: they fired `count` times)."""
    live = next((r for r in sandbox.faults.rules() if r.id == rule.id), None)
    return live.fired if live is not None else rule.count or 0


def new_person(client: CallingPlanApi, email: str) -> Person:
    return client.people.create(Person(emails=[email], first_name="Test", last_name=email.split("@")[0]))


def test_list_follows_link_pages_to_the_end(client: CallingPlanApi) -> None:
    emails = {tagged_email(f"page{i}") for i in range(5)}
    for email in emails:
        new_person(client, email)
    listed = {p.email for p in client.people.list(max_per_page=2)}
    assert emails <= listed


def test_list_of_numbers_pages_with_start(client: CallingPlanApi, org: OrgHandle) -> None:
    every = [row.phone_number for row in client.numbers.list(location_id=org.location_id)]
    paged = [row.phone_number for row in client.numbers.list(location_id=org.location_id, max_per_page=1)]
    assert paged == every and len(paged) >= 3


def test_find_by_email_matches_exactly(client: CallingPlanApi) -> None:
    created = new_person(client, tagged_email("Exact", "Example.com"))
    found = client.people.find_by_email(tagged_email("exact"))
    assert found is not None and found.id == created.id


@pytest.mark.sandbox_only("faults")
def test_get_retries_a_429_storm_honouring_retry_after(
    client: CallingPlanApi, sandbox: SandboxServer
) -> None:
    rule = fault(sandbox, "GET", "/v1/licenses", "throttle", count=3, retry_after=0)
    assert client.licenses.find_calling() is not None
    assert fired(sandbox, rule) == 3


def record_sleeps(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """The seconds urllib3's Retry would sleep, recorded instead of slept (no real waiting)."""
    slept: list[float] = []
    monkeypatch.setattr(urllib3.util.retry, "time", SimpleNamespace(sleep=slept.append, time=time.time))
    return slept


@pytest.mark.parametrize(("retry_after", "waited"), [(2, 2), (3600, 60)], ids=["header", "capped"])
@pytest.mark.sandbox_only("faults")
def test_get_retry_waits_the_retry_after_seconds(
    client: CallingPlanApi,
    sandbox: SandboxServer,
    monkeypatch: pytest.MonkeyPatch,
    retry_after: int,
    waited: int,
) -> None:
    slept = record_sleeps(monkeypatch)
    rule = fault(sandbox, "GET", "/v1/licenses", "throttle", count=1, retry_after=retry_after)
    assert client.licenses.find_calling() is not None
    assert fired(sandbox, rule) == 1
    assert slept == [waited]  # the header's value (up to the 60 s cap), not the back-off


@pytest.mark.sandbox_only("faults")
def test_post_is_retried_after_a_429(client: CallingPlanApi, sandbox: SandboxServer) -> None:
    rule = fault(sandbox, "POST", "/v1/people", "throttle", count=1, retry_after=1)
    new_person(client, "throttled@example.com")
    assert fired(sandbox, rule) == 1
    assert client.people.find_by_email("throttled@example.com") is not None


@pytest.mark.parametrize(("method", "status"), [("GET", 502), ("PUT", 503), ("DELETE", 504)])
@pytest.mark.sandbox_only("faults")
def test_idempotent_call_is_retried_on_gateway_errors(
    client: CallingPlanApi, sandbox: SandboxServer, method: str, status: int
) -> None:
    person = new_person(client, f"retry{status}@example.com")
    assert person.id is not None
    fault(sandbox, method, f"/v1/people/{person.id}", "fail_before_commit", count=2, status=status)
    if method == "GET":
        assert client.people.get(person.id).id == person.id
    elif method == "PUT":
        changed = client.people.update(person.id, person.model_copy(update={"last_name": "Retried"}))
        assert changed.last_name == "Retried"
    else:
        client.people.delete(person.id)
        with pytest.raises(ApiError) as gone:
            client.people.get(person.id)
        assert gone.value.is_not_found


@pytest.mark.sandbox_only("faults")
def test_post_is_not_replayed_after_a_502(client: CallingPlanApi, sandbox: SandboxServer) -> None:
    rule = fault(sandbox, "POST", "/v1/people", "fail_after_commit", count=2, status=502)
    with pytest.raises(ApiError) as failed:
        new_person(client, "once502@example.com")
    assert failed.value.status == 502 and failed.value.is_outcome_unknown
    assert fired(sandbox, rule) == 1
    assert [p.email for p in client.people.list(email="once502@example.com")] == ["once502@example.com"]


@pytest.mark.sandbox_only("faults")
def test_post_is_not_replayed_after_a_dropped_connection(
    client: CallingPlanApi, sandbox: SandboxServer
) -> None:
    rule = fault(sandbox, "POST", "/v1/people", "drop_after_commit", count=2)
    with pytest.raises(ApiError) as failed:
        new_person(client, "dropped@example.com")
    assert failed.value.status is None and failed.value.is_outcome_unknown
    assert fired(sandbox, rule) == 1
    assert client.people.find_by_email("dropped@example.com") is not None


@pytest.mark.sandbox_only("faults")
def test_get_is_retried_after_a_dropped_connection(client: CallingPlanApi, sandbox: SandboxServer) -> None:
    fault(sandbox, "GET", "/v1/licenses", "drop_after_commit", count=1)
    assert client.licenses.find_calling() is not None


def test_error_carries_status_code_message_and_tracking_id(client: CallingPlanApi) -> None:
    with pytest.raises(ApiError) as failed:
        client.people.get("no-such-person")
    error = failed.value
    assert (error.status, error.is_not_found) == (404, True)
    assert error.message and error.tracking_id
    assert error.tracking_id in str(error) and "404" in str(error)


@pytest.mark.sandbox_only("the sandbox's own errorCode 25409")
def test_error_on_conflict_has_the_api_error_code(client: CallingPlanApi) -> None:
    new_person(client, "conflict@example.com")
    with pytest.raises(ApiError) as failed:
        new_person(client, "conflict@example.com")
    assert (failed.value.is_conflict, failed.value.code) == (True, 25409)
    assert "conflict@example.com" in failed.value.message


def test_error_never_contains_the_token(org: OrgHandle) -> None:
    client = CallingPlanApi(org.api_url, org.admin_token + "-wrong")
    with pytest.raises(ApiError) as failed:
        client.people.get("someone")
    assert failed.value.status == 401
    assert org.admin_token not in str(failed.value) and org.admin_token not in repr(failed.value.args)


@pytest.mark.sandbox_only("a read-only token")
def test_read_only_token_cannot_write(org: OrgHandle) -> None:
    client = CallingPlanApi(org.api_url, org.read_token)
    with pytest.raises(ApiError) as failed:
        new_person(client, "ro@example.com")
    assert failed.value.status == 403
