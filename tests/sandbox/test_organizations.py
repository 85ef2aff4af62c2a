"""The organisation, its calling plan, its licences and the plan rules other areas rely on."""

from __future__ import annotations

import pytest
import requests

from callplan_provider.sandbox.backend import OrgBackend
from callplan_provider.sandbox.backend.control import Control, PurchaseRequest
from callplan_provider.sandbox.bootstrap import create_activated_org
from callplan_provider.sandbox.errors import RecordingNeedsBusiness
from callplan_provider.sandbox.store import Store
from tests.sandbox.helpers import assert_error, create_calling_user


def test_get_organization_shows_calling_plan(org, api):
    body = api.get(f"{org.api_url}/organizations/{org.org_id}").json()
    assert body["id"] == org.org_id
    plan = body["callingPlan"]
    assert {k: plan[k] for k in ("tier", "country", "accountOwnerEmail", "licenseCount", "addOns")} == {
        "tier": "BUSINESS",
        "country": "US",
        "accountOwnerEmail": org.owner_email,
        "licenseCount": 10,
        "addOns": [],
    }


def test_organization_has_its_creation_time(sandbox):
    requests.put(f"{sandbox.url}/_sandbox/clock", json={"frozen": True, "now": "2026-03-04T05:06:07Z"})
    org = create_activated_org(sandbox.url)
    listed = org.session().get(f"{org.api_url}/organizations").json()["items"]
    one = org.session().get(f"{org.api_url}/organizations/{org.org_id}").json()
    assert [o["created"] for o in listed] == [one["created"]] == ["2026-03-04T05:06:07.000Z"]


def test_get_organization_of_another_org_is_not_found(org, api, sandbox):
    other = create_activated_org(sandbox.url)
    assert_error(api.get(f"{org.api_url}/organizations/{other.org_id}"), 404)


def test_list_licenses_counts_units_and_consumed(org, api):
    create_calling_user(api, org, "ann@example.com", "1001")
    (license_,) = api.get(f"{org.api_url}/licenses").json()["items"]
    assert license_["name"] == "Webex Calling - Professional"
    assert (license_["totalUnits"], license_["consumedUnits"]) == (10, 1)


def test_get_license_by_id(org, api):
    (license_,) = api.get(f"{org.api_url}/licenses").json()["items"]
    assert api.get(f"{org.api_url}/licenses/{license_['id']}").json()["totalUnits"] == 10


@pytest.fixture
def backends():
    store = Store(":memory:")
    control = Control(store)

    def make(tier: str) -> OrgBackend:
        purchase = control.create_org(PurchaseRequest(tier=tier, licenses=1))
        return OrgBackend(store, purchase.org_id, control.now)

    yield make
    store.close()


def test_require_recording_allowed_on_business(backends):
    backends("BUSINESS").require_recording_allowed()


def test_require_recording_allowed_on_standard_is_refused(backends):
    with pytest.raises(RecordingNeedsBusiness):
        backends("STANDARD").require_recording_allowed()


def test_account_owner_email_is_the_buyer(backends):
    assert backends("STANDARD").account_owner_email() == "owner@example.com"
