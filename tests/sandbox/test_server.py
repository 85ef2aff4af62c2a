"""The server itself: restart persistence, reset, clock controls, command-line faults, the control token."""

from __future__ import annotations

import pytest
import requests

from callplan_provider.sandbox.bootstrap import control_headers, create_activated_org
from callplan_provider.sandbox.faults import parse_fault
from callplan_provider.sandbox.server import ExposedWithoutControlToken, SandboxServer, is_loopback
from tests.sandbox.helpers import assert_error, create_person


@pytest.fixture
def own_server(tmp_path):
    with SandboxServer(db=tmp_path / "own.db") as server:
        yield server


def test_state_survives_restart(tmp_path):
    db = tmp_path / "sandbox.db"
    with SandboxServer(db=db) as first:
        org = create_activated_org(first.url)
        person = create_person(org.session(), org, "stays@example.com")
    with SandboxServer(db=db) as second:
        api_url = second.url + "/v1"
        response = requests.get(f"{api_url}/people/{person['id']}", headers=org.auth_headers())
    assert response.status_code == 200
    assert response.json()["emails"] == ["stays@example.com"]


def test_reset_forgets_orgs_and_tokens(own_server):
    org = create_activated_org(own_server.url)
    assert requests.post(f"{own_server.url}/_sandbox/reset").status_code == 204
    assert requests.get(f"{org.api_url}/people", headers=org.auth_headers()).status_code == 401
    assert requests.get(f"{own_server.url}/_sandbox/orgs").json()["items"] == []


def test_faults_given_at_start_apply(tmp_path):
    rule = parse_fault("GET /v1/licenses fail_after_commit")
    with SandboxServer(db=tmp_path / "f.db", faults=[rule]) as server:
        org = create_activated_org(server.url)
        assert requests.get(f"{org.api_url}/licenses", headers=org.auth_headers()).status_code == 502


def test_rate_limit_given_at_start_applies(tmp_path):
    with SandboxServer(db=tmp_path / "r.db", rate_limit=1) as server:
        org = create_activated_org(server.url)
        statuses = {
            requests.get(f"{org.api_url}/licenses", headers=org.auth_headers()).status_code for _ in range(3)
        }
    assert 429 in statuses


def test_clock_advance_moves_by_days(own_server):
    before = requests.get(f"{own_server.url}/_sandbox/clock").json()
    requests.put(f"{own_server.url}/_sandbox/clock", json={"frozen": True, "now": "2026-03-02T10:00:00Z"})
    after = requests.post(f"{own_server.url}/_sandbox/clock/advance", json={"days": 2, "hours": 3}).json()
    assert before["frozen"] is False
    assert after == {
        "now": "2026-03-04T13:00:00.000Z",
        "frozen": True,
        "offsetSeconds": before["offsetSeconds"],
    }


def test_clock_advance_by_business_days_skips_weekend_and_holiday(own_server):
    # Friday 2026-07-03 is the observed Independence Day holiday in the US.
    requests.put(f"{own_server.url}/_sandbox/clock", json={"frozen": True, "now": "2026-07-02T09:00:00Z"})
    after = requests.post(
        f"{own_server.url}/_sandbox/clock/advance", json={"businessDays": 1, "country": "US"}
    ).json()
    assert after["now"] == "2026-07-06T09:00:00.000Z"


def test_clock_moving_backwards_is_refused(own_server):
    assert requests.post(f"{own_server.url}/_sandbox/clock/advance", json={"days": -1}).status_code == 400


def test_clock_unfrozen_runs_from_set_instant(own_server):
    state = requests.put(
        f"{own_server.url}/_sandbox/clock", json={"frozen": False, "now": "2030-01-01T00:00:00Z"}
    ).json()
    assert state["frozen"] is False and state["now"].startswith("2030-01-01T00:0")


def test_person_created_uses_sandbox_clock(own_server):
    requests.put(f"{own_server.url}/_sandbox/clock", json={"frozen": True, "now": "2027-05-05T05:05:05.123Z"})
    org = create_activated_org(own_server.url)
    assert create_person(org.session(), org, "c@example.com")["created"] == "2027-05-05T05:05:05.123Z"


def test_clock_delete_returns_to_real_time(own_server):
    requests.put(f"{own_server.url}/_sandbox/clock", json={"frozen": True, "now": "2020-01-01T00:00:00Z"})
    state = requests.delete(f"{own_server.url}/_sandbox/clock").json()
    assert (state["frozen"], state["offsetSeconds"]) == (False, 0)


@pytest.mark.parametrize("host", ["0.0.0.0", "192.0.2.10", "::", "sandbox.example.com"])
def test_server_refuses_a_non_loopback_address_without_a_control_token(tmp_path, host):
    with pytest.raises(ExposedWithoutControlToken, match="control token"):
        SandboxServer(db=tmp_path / "exposed.db", host=host)
    assert not (tmp_path / "exposed.db").exists()


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "::1"])
def test_server_on_loopback_needs_no_control_token(host):
    assert is_loopback(host)


def test_controls_need_the_control_token_when_the_server_has_one(tmp_path):
    with SandboxServer(db=tmp_path / "guarded.db", control_token="s3cret-control") as server:
        orgs = f"{server.url}/_sandbox/orgs"
        assert_error(requests.post(orgs, json={}), 401, 25418)
        assert_error(requests.get(orgs, headers=control_headers("wrong")), 401, 25418)
        assert_error(requests.post(f"{server.url}/_sandbox/reset"), 401, 25418)
        assert requests.get(orgs, headers=server.control_headers()).status_code == 200
        org = create_activated_org(server.url, control_token="s3cret-control")
        # The API itself takes the org's token, never the control token.
        assert requests.get(f"{org.api_url}/people", headers=org.auth_headers()).status_code == 200
        assert requests.get(f"{org.api_url}/people", headers=server.control_headers()).status_code == 401
