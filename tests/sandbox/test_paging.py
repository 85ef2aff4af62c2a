"""Pagination: `max`/`start` in, `Link: <url>;rel="next"` out, on every list endpoint."""

from __future__ import annotations

import requests

from tests.sandbox.helpers import create_person


def _follow(session: requests.Session, url: str, key: str, **params) -> tuple[list[dict], int]:
    """Every item, following `next` links verbatim; and how many pages it took."""
    items, pages = [], 0
    response = session.get(url, params=params)
    while True:
        pages += 1
        assert response.status_code == 200, response.text
        items += response.json()[key]
        next_link = response.links.get("next")
        if not next_link:
            return items, pages
        response = session.get(next_link["url"])


def test_list_people_pages_with_link_header(org, api):
    for i in range(6):
        create_person(api, org, f"page{i}@example.com")
    people, pages = _follow(api, f"{org.api_url}/people", "items", max=2)
    assert pages == 4  # the owner and six more, two by two
    assert len({p["id"] for p in people}) == 7


def test_list_people_link_keeps_query(org, api):
    for i in range(3):
        create_person(api, org, f"q{i}@example.com", displayName=f"Query {i}")
    response = api.get(
        f"{org.api_url}/people", params={"displayName": "Query", "max": 1, "callingData": "true"}
    )
    link = response.headers["Link"]
    assert link.endswith(';rel="next"')
    assert "displayName=Query" in link and "callingData=true" in link and "start=1" in link


def test_list_numbers_pages_with_start(org, api):
    api.post(
        f"{org.api_url}/telephony/config/locations/{org.location_id}/numbers",
        json={"phoneNumbers": [f"+1415555081{i}" for i in range(5)]},
    )
    rows, pages = _follow(api, f"{org.api_url}/telephony/config/numbers", "phoneNumbers", max=3)
    assert len(rows) == 8 and pages == 3
    assert len({r["phoneNumber"] for r in rows}) == 8


def test_list_last_page_has_no_link(org, api):
    response = api.get(f"{org.api_url}/telephony/config/numbers", params={"max": 100})
    assert "Link" not in response.headers


def test_list_with_bad_max_is_refused(org, api):
    assert api.get(f"{org.api_url}/people", params={"max": 0}).status_code == 400


def test_list_locations_pages(org, api):
    address = {"address1": "1 A St", "city": "Austin", "state": "TX", "postalCode": "73301", "country": "US"}
    body = {"name": "Second", "timeZone": "America/Chicago", "address": address, "preferredLanguage": "en_us"}
    api.post(f"{org.api_url}/locations", json={**body, "announcementLanguage": "en_us"}).raise_for_status()
    locations, pages = _follow(api, f"{org.api_url}/telephony/config/locations", "locations", max=1)
    assert (len(locations), pages) == (2, 2)
