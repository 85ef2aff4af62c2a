"""Fault injection (`/_sandbox/faults`) and the global rate limit (`/_sandbox/rate-limit`)."""

from __future__ import annotations

import pytest
import requests

from callplan_provider.client import ApiError, CallingPlanApi
from callplan_provider.models.people import Person
from callplan_provider.sandbox.faults import FaultSpecError, parse_fault
from tests.sandbox.helpers import assert_error


def _fault(sandbox, **rule):
    response = requests.post(f"{sandbox.url}/_sandbox/faults", json=rule)
    assert response.status_code == 201, response.text
    return response.json()


def _new_person(org, api, email):
    return api.post(f"{org.api_url}/people", json={"emails": [email], "displayName": email})


def _exists(org, api, email):
    return bool(api.get(f"{org.api_url}/people", params={"email": email}).json()["items"])


def test_fail_before_commit_rolls_back_and_answers_500(sandbox, org, api):
    _fault(sandbox, method="POST", path="/v1/people", mode="fail_before_commit")
    assert_error(_new_person(org, api, "before@example.com"), 500)
    assert not _exists(org, api, "before@example.com")


@pytest.mark.parametrize("mode", ["fail_before_commit", "fail_after_commit"])
def test_injected_failure_carries_a_real_error_code(sandbox, org, mode):
    _fault(sandbox, method="POST", path="/v1/people", mode=mode)
    with pytest.raises(ApiError) as failed:  # a POST: not retried
        CallingPlanApi(org.api_url, org.admin_token).people.create(
            Person(emails=["code@example.com"], first_name="Code")
        )
    assert failed.value.code == 25590
    assert "errorCode 25590" in str(failed.value) and "errorCode 0" not in str(failed.value)


def test_throttle_reply_carries_no_error_code(sandbox, org, api):
    _fault(sandbox, path="/v1/licenses", mode="throttle", count=1)
    body = assert_error(api.get(f"{org.api_url}/licenses"), 429)
    assert body["errors"] == [{"description": body["message"]}]


def test_fail_before_commit_with_chosen_status(sandbox, org, api):
    _fault(sandbox, method="POST", path="/people", mode="fail_before_commit", status=503)
    assert_error(_new_person(org, api, "s503@example.com"), 503)


def test_fail_after_commit_keeps_change_and_answers_502(sandbox, org, api):
    _fault(sandbox, method="POST", path="/v1/people", mode="fail_after_commit")
    assert_error(_new_person(org, api, "after@example.com"), 502)
    assert _exists(org, api, "after@example.com")


def test_drop_after_commit_closes_connection_and_keeps_change(sandbox, org, api):
    _fault(sandbox, method="POST", path="/v1/people", mode="drop_after_commit")
    with pytest.raises(requests.ConnectionError):
        _new_person(org, api, "dropped@example.com")
    assert _exists(org, api, "dropped@example.com")


def test_throttle_answers_429_storm_with_retry_after(sandbox, org, api):
    _fault(sandbox, path="/v1/licenses", mode="throttle", count=2, retryAfter=7)
    first, second, third = (api.get(f"{org.api_url}/licenses") for _ in range(3))
    assert [first.status_code, second.status_code, third.status_code] == [429, 429, 200]
    assert first.headers["Retry-After"] == "7"


def test_latency_fault_fires_and_request_succeeds(sandbox, org, api):
    _fault(sandbox, method="GET", path="/v1/licenses", mode="latency", latencyMs=20)
    assert api.get(f"{org.api_url}/licenses").status_code == 200
    assert requests.get(f"{sandbox.url}/_sandbox/faults").json()["items"] == []  # spent


def test_fault_fires_count_times_then_stops(sandbox, org, api):
    _fault(sandbox, method="GET", path="/v1/people*", mode="fail_after_commit", count=2)
    statuses = [api.get(f"{org.api_url}/people").status_code for _ in range(3)]
    assert statuses == [502, 502, 200]


def test_fault_after_lets_the_first_requests_through(sandbox, org, api):
    _fault(sandbox, method="GET", path="/v1/people", mode="fail_before_commit", after=2, count=2)
    statuses = [api.get(f"{org.api_url}/people").status_code for _ in range(5)]
    assert statuses == [200, 200, 500, 500, 200]


def test_fault_after_counts_only_matching_requests(sandbox, org, api):
    _fault(sandbox, method="POST", path="/v1/people", mode="fail_before_commit", after=1)
    api.get(f"{org.api_url}/people")
    assert _new_person(org, api, "first@example.com").status_code == 200
    assert_error(_new_person(org, api, "second@example.com"), 500)


def test_fault_matches_only_its_method(sandbox, org, api):
    _fault(sandbox, method="POST", path="/v1/people", mode="fail_before_commit")
    assert api.get(f"{org.api_url}/people").status_code == 200


def test_fault_without_count_fires_every_time(sandbox, org, api):
    _fault(sandbox, method="GET", path="/v1/licenses", mode="fail_after_commit", count=None)
    assert [api.get(f"{org.api_url}/licenses").status_code for _ in range(3)] == [502, 502, 502]


def test_delete_faults_clears_them(sandbox, org, api):
    _fault(sandbox, path="/v1/licenses", mode="throttle", count=None)
    assert requests.delete(f"{sandbox.url}/_sandbox/faults").status_code == 204
    assert api.get(f"{org.api_url}/licenses").status_code == 200


def test_delete_one_fault_by_id(sandbox, org, api):
    rule = _fault(sandbox, path="/v1/licenses", mode="throttle", count=None)
    assert requests.delete(f"{sandbox.url}/_sandbox/faults/{rule['id']}").status_code == 204
    assert api.get(f"{org.api_url}/licenses").status_code == 200


def test_add_fault_with_unknown_mode_is_refused(sandbox):
    response = requests.post(f"{sandbox.url}/_sandbox/faults", json={"path": "/v1/people", "mode": "explode"})
    assert_error(response, 400)


def test_rate_limit_answers_429_with_retry_after(sandbox, org, api):
    requests.put(f"{sandbox.url}/_sandbox/rate-limit", json={"requestsPerSecond": 1}).raise_for_status()
    responses = [api.get(f"{org.api_url}/licenses") for _ in range(3)]
    throttled = [r for r in responses if r.status_code == 429]
    assert throttled and int(throttled[0].headers["Retry-After"]) >= 1
    assert_error(throttled[0], 429)


def test_rate_limit_is_per_token(sandbox, org, api):
    requests.put(f"{sandbox.url}/_sandbox/rate-limit", json={"requestsPerSecond": 1}).raise_for_status()
    api.get(f"{org.api_url}/licenses")
    assert org.session(read_only=True).get(f"{org.api_url}/licenses").status_code == 200


def test_rate_limit_off_lets_everything_through(sandbox, org, api):
    requests.put(f"{sandbox.url}/_sandbox/rate-limit", json={"requestsPerSecond": None}).raise_for_status()
    assert {api.get(f"{org.api_url}/licenses").status_code for _ in range(5)} == {200}


def test_parse_fault_reads_command_line_spec():
    rule = parse_fault("POST /v1/people fail_after_commit count=2 status=503")
    assert (rule.method, rule.path, rule.mode, rule.count, rule.status) == (
        "POST",
        "/v1/people",
        "fail_after_commit",
        2,
        503,
    )


def test_parse_fault_reads_after():
    assert parse_fault("GET /v1/people fail_before_commit after=1 count=3").after == 1


def test_parse_fault_count_always_means_unlimited():
    assert parse_fault("* /v1/* latency latency_ms=5 count=always").count is None


@pytest.mark.parametrize("spec", ["POST /v1/people", "POST /v1/people explode", "GET /x latency speed=3"])
def test_parse_fault_rejects_bad_spec(spec):
    with pytest.raises(FaultSpecError):
        parse_fault(spec)
