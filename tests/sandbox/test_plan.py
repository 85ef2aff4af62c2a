"""The plan as bought: countries, add-ons, the feature table per tier, and editing the licences."""

from __future__ import annotations

from typing import Any

import pytest
import requests

from callplan_provider.sandbox.bootstrap import BootstrapError, create_activated_org
from tests.sandbox.helpers import assert_error, calling_license_id, create_calling_user, create_person


def plan(api: requests.Session, org) -> dict[str, Any]:
    body: dict[str, Any] = api.get(f"{org.api_url}/organizations/{org.org_id}").json()["callingPlan"]
    return body


def set_licenses(sandbox, org_id: str, count: int) -> requests.Response:
    url = f"{sandbox.url}/_sandbox/orgs/{org_id}/licenses"
    return requests.put(url, json={"totalUnits": count}, timeout=10)


def purchase(sandbox, **body: Any) -> requests.Response:
    return requests.post(f"{sandbox.url}/_sandbox/orgs", json=body, timeout=10)


# --- the feature table -------------------------------------------------------------------------


@pytest.mark.parametrize(("tier", "recording"), [("BUSINESS", True), ("STANDARD", False)])
def test_organization_serves_the_feature_table_of_its_tier(sandbox, tier, recording):
    org = create_activated_org(sandbox.url, tier=tier)
    with org.session() as api:
        features = {f["name"]: f["included"] for f in plan(api, org)["features"]}
    assert features == {
        "calling": True,
        "voicemail": True,
        "phoneMenus": True,
        "numberTransfer": True,
        "callRecording": recording,
    }


def test_menu_key_may_transfer_callers_to_a_toll_free_number(org, api):
    schedules = f"{org.api_url}/telephony/config/locations/{org.location_id}/schedules"
    api.post(schedules, json={"type": "businessHours", "name": "Open", "events": []}).raise_for_status()
    supplier = {"key": "5", "action": "TRANSFER_WITHOUT_PROMPT", "value": "+18005550199"}
    menu = {
        "name": "Front desk",
        "extension": "200",
        "businessSchedule": "Open",
        "businessHoursMenu": {"extensionEnabled": True, "keyConfigurations": [supplier]},
    }
    menus = f"{org.api_url}/telephony/config/locations/{org.location_id}/autoAttendants"
    response = api.post(menus, json=menu)
    assert response.status_code == 201, response.text


# --- add-ons and countries ---------------------------------------------------------------------


def test_purchase_with_add_ons_in_india_is_refused(sandbox):
    error = assert_error(purchase(sandbox, country="IN", addOns=["MEETINGS"]), 400, 25445)
    assert "IN" in error["message"]


def test_purchase_in_india_without_add_ons_is_accepted(sandbox):
    assert purchase(sandbox, country="IN").status_code == 201


def test_purchase_with_an_unknown_add_on_is_refused(sandbox):
    assert_error(purchase(sandbox, addOns=["FAX"]), 400)


def test_activated_org_lists_its_add_ons(sandbox):
    body = purchase(sandbox, addOns=["WEBINARS"]).json()
    activated = requests.post(
        f"{sandbox.url}/_sandbox/orgs/{body['orgId']}/activate",
        json={"activationCode": body["activationCode"]},
        timeout=10,
    ).json()
    headers = {"Authorization": f"Bearer {activated['accessToken']}"}
    org = requests.get(f"{sandbox.url}/v1/organizations/{body['orgId']}", headers=headers, timeout=10).json()
    assert org["callingPlan"]["addOns"] == ["WEBINARS"]


def test_purchase_in_an_unknown_country_names_the_known_ones(sandbox):
    error = assert_error(purchase(sandbox, country="XX"), 400, 25444)
    assert "'XX'" in error["message"] and "US" in error["message"] and "GB" in error["message"]
    assert "PH," not in error["message"]  # no calling plan there: not offered as a choice


def test_purchase_with_an_address_in_another_country_is_refused(sandbox):
    address = {"address1": "1 King St", "city": "Toronto", "state": "ON", "postalCode": "M5H1A1"}
    address["country"] = "CA"
    assert "plan's country" in assert_error(purchase(sandbox, country="US", address=address), 400)["message"]


def test_purchase_address_becomes_the_first_locations_address(sandbox):
    address = {"address1": "5 Pine St", "city": "Denver", "state": "CO", "postalCode": "80202"}
    address["country"] = "US"
    org = create_activated_org(sandbox.url, address=address, time_zone="America/Denver")
    with org.session() as api:
        location = api.get(f"{org.api_url}/locations/{org.location_id}").json()
    assert (location["address"], location["timeZone"]) == (address, "America/Denver")


# --- licences ----------------------------------------------------------------------------------


def test_set_license_count_changes_the_plan(org, api, sandbox):
    response = set_licenses(sandbox, org.org_id, 12)
    assert response.status_code == 200, response.text
    assert response.json()["totalUnits"] == 12
    assert plan(api, org)["licenseCount"] == 12
    (licence,) = api.get(f"{org.api_url}/licenses").json()["items"]
    assert licence["totalUnits"] == 12


def test_set_license_count_below_use_is_refused_with_the_count(org, api, sandbox):
    create_calling_user(api, org, "one@example.com", "201")
    create_calling_user(api, org, "two@example.com", "202")
    error = assert_error(set_licenses(sandbox, org.org_id, 1), 409, 25446)
    assert "2 calling licenses are in use" in error["message"]
    assert plan(api, org)["licenseCount"] == 10


def test_set_license_count_of_an_unknown_org_404(sandbox):
    assert_error(set_licenses(sandbox, "nope", 3), 404)


def test_line_beyond_the_plans_licenses_is_refused_with_the_count(org, api, sandbox):
    set_licenses(sandbox, org.org_id, 1).raise_for_status()
    create_calling_user(api, org, "first@example.com", "201")
    second = create_person(api, org, "second@example.com")
    response = api.patch(
        f"{org.api_url}/licenses/users",
        json={
            "personId": second["id"],
            "licenses": [
                {
                    "id": calling_license_id(api, org),
                    "operation": "add",
                    "properties": {"locationId": org.location_id, "extension": "202"},
                }
            ],
        },
    )
    assert "all 1 calling licenses of the plan are in use" in assert_error(response, 400, 25408)["message"]


def test_bootstrap_error_for_an_unknown_country(sandbox):
    with pytest.raises(BootstrapError, match="not a country the sandbox knows"):
        create_activated_org(sandbox.url, country="XX")
