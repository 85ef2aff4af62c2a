"""The purchase bootstrap: buy a plan, get a 6-digit code, activate it for the owner's tokens."""

from __future__ import annotations

import pytest
import requests

from callplan_provider.sandbox.bootstrap import BootstrapError, create_activated_org
from tests.conftest import seed_numbers
from tests.sandbox.helpers import assert_error


def _purchase(sandbox, **body):
    return requests.post(f"{sandbox.url}/_sandbox/orgs", json=body)


def test_create_org_returns_six_digit_activation_code(sandbox):
    response = _purchase(sandbox, country="US", licenses=3)
    assert response.status_code == 201
    code = response.json()["activationCode"]
    assert len(code) == 6 and code.isdigit()


def test_activate_org_with_code_returns_admin_and_read_tokens(sandbox):
    purchase = _purchase(sandbox).json()
    response = requests.post(
        f"{sandbox.url}/_sandbox/orgs/{purchase['orgId']}/activate",
        json={"activationCode": purchase["activationCode"]},
    )
    assert response.status_code == 200
    body = response.json()
    people = requests.get(
        f"{sandbox.url}/v1/people", headers={"Authorization": f"Bearer {body['accessToken']}"}
    )
    assert people.status_code == 200
    assert body["readOnlyToken"] != body["accessToken"]


def test_activate_org_with_wrong_code_is_refused(sandbox):
    purchase = _purchase(sandbox).json()
    wrong = f"{(int(purchase['activationCode']) + 1) % 1_000_000:06d}"
    response = requests.post(
        f"{sandbox.url}/_sandbox/orgs/{purchase['orgId']}/activate", json={"activationCode": wrong}
    )
    assert_error(response, 403, 25413)


def test_activate_org_twice_is_refused(sandbox):
    purchase = _purchase(sandbox).json()
    url = f"{sandbox.url}/_sandbox/orgs/{purchase['orgId']}/activate"
    assert requests.post(url, json={"activationCode": purchase["activationCode"]}).status_code == 200
    assert_error(requests.post(url, json={"activationCode": purchase["activationCode"]}), 409, 25414)


@pytest.mark.parametrize("country", ["ID", "MO", "PH", "SA"])
def test_create_org_in_country_without_plan_is_refused(sandbox, country):
    assert_error(_purchase(sandbox, country=country), 400, 25401)


def test_create_org_makes_owner_a_person(org):
    people = org.session().get(f"{org.api_url}/people", params={"email": org.owner_email}).json()["items"]
    assert [p["id"] for p in people] == [org.owner_id]


def test_create_org_with_two_licenses_comes_with_free_main_number(sandbox):
    org = create_activated_org(sandbox.url, licenses=2)
    location = org.session().get(f"{org.api_url}/telephony/config/locations/{org.location_id}").json()
    assert org.main_number is not None
    assert location["callingLineId"]["phoneNumber"] == org.main_number


def test_create_org_with_one_license_has_no_free_number(sandbox):
    org = create_activated_org(sandbox.url, licenses=1)
    rows = org.session().get(f"{org.api_url}/telephony/config/numbers").json()["phoneNumbers"]
    assert org.main_number is None
    assert rows == []


def test_create_activated_org_seeds_numbers_in_first_location(sandbox):
    org = create_activated_org(sandbox.url, numbers=["+14155550990", "+14155550991"])
    rows = org.session().get(
        f"{org.api_url}/telephony/config/numbers", params={"locationId": org.location_id}
    )
    assert {"+14155550990", "+14155550991"} <= {r["phoneNumber"] for r in rows.json()["phoneNumbers"]}


def test_create_activated_org_with_toll_free_number_raises(sandbox):
    with pytest.raises(BootstrapError, match="Toll-free"):
        create_activated_org(sandbox.url, numbers=["+18005550100"])


def test_create_org_with_a_number_another_org_has_is_refused(sandbox):
    first = create_activated_org(sandbox.url, numbers=seed_numbers(1))
    orgs_before = requests.get(f"{sandbox.url}/_sandbox/orgs").json()["items"]
    for number in (first.numbers[0], first.main_number):
        response = _purchase(sandbox, numbers=[number])
        assert response.status_code == 400, response.text
        assert response.json() == [
            {
                "phoneNumber": number,
                "errors": [{"description": f"[Error 8361] DN is unavailable : {number}", "errorCode": 8361}],
            }
        ]
    assert requests.get(f"{sandbox.url}/_sandbox/orgs").json()["items"] == orgs_before


def test_create_activated_org_with_another_orgs_number_raises(sandbox):
    first = create_activated_org(sandbox.url, numbers=seed_numbers(1))
    with pytest.raises(BootstrapError, match="DN is unavailable"):
        create_activated_org(sandbox.url, numbers=first.numbers)


def _activate(sandbox, org_id, code):
    return requests.post(f"{sandbox.url}/_sandbox/orgs/{org_id}/activate", json={"activationCode": code})


def test_activation_locks_after_five_wrong_codes_even_for_the_right_one(sandbox):
    purchase = _purchase(sandbox).json()
    org_id, code = purchase["orgId"], purchase["activationCode"]
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    left = [assert_error(_activate(sandbox, org_id, wrong), 403, 25413)["message"] for _ in range(5)]
    assert "4 attempt(s) left" in left[0] and "0 attempt(s) left" in left[-1]
    locked = _activate(sandbox, org_id, code)
    assert_error(locked, 423, 25417)
    assert 0 < int(locked.headers["Retry-After"]) <= 15 * 60


def test_activation_unlocks_when_the_lock_has_passed(sandbox):
    purchase = _purchase(sandbox).json()
    org_id, code = purchase["orgId"], purchase["activationCode"]
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    for _ in range(5):
        _activate(sandbox, org_id, wrong)
    requests.post(f"{sandbox.url}/_sandbox/clock/advance", json={"hours": 0.25})
    assert _activate(sandbox, org_id, code).status_code == 200
