"""A partner administrator's token: acts in a customer organisation it administers with `orgId`.

Webex: "Only admin users of another organization (such as partners) may use this parameter". Without
`orgId` the partner's token acts in the partner's own organisation (a customer's objects are 404
there); an `orgId` the token does not administer is refused with 403, known organisation or not; a
customer's admin token with its own `orgId` acts as without it.
"""

from __future__ import annotations

import pytest
import requests

from callplan_provider.sandbox.bootstrap import PartnerHandle, create_activated_org, create_partner
from tests.conftest import seed_numbers
from tests.sandbox.helpers import assert_error, create_person


@pytest.fixture
def customers(sandbox):
    return [create_activated_org(sandbox.url, numbers=seed_numbers(1)) for _ in range(2)]


@pytest.fixture
def partner(sandbox, customers) -> PartnerHandle:
    return create_partner(sandbox.url, [c.org_id for c in customers])


def as_partner(partner: PartnerHandle) -> requests.Session:
    session = requests.Session()
    session.headers.update(partner.auth_headers())
    return session


def emails(response: requests.Response) -> list[str]:
    assert response.status_code == 200, response.text
    return [p["emails"][0] for p in response.json()["items"]]


def test_partner_with_org_id_acts_in_that_customer_org(partner, customers):
    first, second = customers
    http = as_partner(partner)
    made = http.post(
        f"{partner.api_url}/people",
        params={"orgId": first.org_id},
        json={"emails": ["a@x.com"], "firstName": "A"},
    )

    assert made.status_code == 200, made.text
    assert "a@x.com" in emails(http.get(f"{partner.api_url}/people", params={"orgId": first.org_id}))
    assert "a@x.com" not in emails(http.get(f"{partner.api_url}/people", params={"orgId": second.org_id}))
    assert "a@x.com" in emails(first.session().get(f"{first.api_url}/people"))


def test_partner_reads_a_customer_location_by_org_id(partner, customers):
    first = customers[0]
    url = f"{partner.api_url}/telephony/config/locations/{first.location_id}"

    assert as_partner(partner).get(url, params={"orgId": first.org_id}).status_code == 200


def test_partner_without_org_id_acts_in_its_own_org(partner, customers):
    first = customers[0]
    http = as_partner(partner)
    theirs = create_person(first.session(), first, "theirs@example.com")

    assert "theirs@example.com" not in emails(http.get(f"{partner.api_url}/people"))
    assert_error(http.get(f"{partner.api_url}/people/{theirs['id']}"), 404)
    assert_error(http.get(f"{partner.api_url}/telephony/config/locations/{first.location_id}"), 404)


def test_partner_cannot_reach_one_customers_object_through_the_other(partner, customers):
    first, second = customers
    theirs = create_person(first.session(), first, "theirs@example.com")

    url = f"{partner.api_url}/people/{theirs['id']}"
    assert_error(as_partner(partner).get(url, params={"orgId": second.org_id}), 404)


def test_partner_is_refused_an_org_it_does_not_administer(partner, sandbox):
    stranger = create_activated_org(sandbox.url)
    http = as_partner(partner)

    assert_error(http.get(f"{partner.api_url}/people", params={"orgId": stranger.org_id}), 403)
    assert_error(http.get(f"{partner.api_url}/people", params={"orgId": "no-such-org"}), 403)


def test_customer_admin_is_refused_another_orgs_id(customers):
    first, second = customers
    response = first.session().get(f"{first.api_url}/people", params={"orgId": second.org_id})

    body = assert_error(response, 403)
    assert second.org_id in body["message"]


def test_customer_admin_with_its_own_org_id_acts_as_without_it(customers):
    first = customers[0]
    create_person(first.session(), first, "mine@example.com")

    listed = first.session().get(f"{first.api_url}/people", params={"orgId": first.org_id})
    assert "mine@example.com" in emails(listed)


def test_next_page_link_keeps_the_org_id(partner, customers):
    first = customers[0]
    for i in range(3):
        create_person(first.session(), first, f"p{i}@example.com")
    page = as_partner(partner).get(f"{partner.api_url}/people", params={"orgId": first.org_id, "max": 1})

    assert f"orgId={first.org_id}" in page.links["next"]["url"]


def test_request_log_names_the_customer_org(partner, customers, sandbox):
    first = customers[0]
    sandbox.requests.clear()
    as_partner(partner).get(f"{partner.api_url}/people", params={"orgId": first.org_id})

    assert [r.org_id for r in sandbox.requests.entries()] == [first.org_id]


def test_partner_controls_attach_and_detach(partner, customers, sandbox):
    first = customers[0]
    base = f"{sandbox.url}/_sandbox/partners/{partner.org_id}"
    detached = requests.delete(f"{base}/orgs/{first.org_id}")
    assert first.org_id not in detached.json()["orgIds"]
    assert_error(as_partner(partner).get(f"{partner.api_url}/people", params={"orgId": first.org_id}), 403)

    assert first.org_id in requests.put(f"{base}/orgs/{first.org_id}").json()["orgIds"]
    assert requests.get(base).json()["orgIds"] == [c.org_id for c in reversed(customers)]


def test_partner_controls_refuse_unknown_and_own_orgs(partner, sandbox):
    base = f"{sandbox.url}/_sandbox/partners"
    assert_error(requests.put(f"{base}/{partner.org_id}/orgs/no-such-org"), 404)
    assert_error(requests.put(f"{base}/{partner.org_id}/orgs/{partner.org_id}"), 400)
    assert_error(requests.get(f"{base}/not-a-partner"), 404)


def test_partner_names_the_org_in_the_body_where_webex_takes_it_there(partner, customers):
    first, second = customers
    http = as_partner(partner)
    body = {"emails": ["b@x.com"], "firstName": "B", "orgId": first.org_id}

    assert http.post(f"{partner.api_url}/people", json=body).status_code == 200
    assert "b@x.com" in emails(first.session().get(f"{first.api_url}/people"))
    refused = http.post(f"{partner.api_url}/people", params={"orgId": second.org_id}, json=body)
    assert_error(refused, 400)
