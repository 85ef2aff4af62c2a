"""How fast the sandbox answers over loopback HTTP (run: `pytest benchmarks --benchmark-enable`).

Speed is measured here, never asserted in the test suite.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import count

import pytest
import requests

from callplan_provider.sandbox.bootstrap import OrgHandle, create_activated_org
from callplan_provider.sandbox.server import SandboxServer

_emails = count()


@pytest.fixture(scope="module")
def org() -> Iterator[OrgHandle]:
    with SandboxServer() as server:
        yield create_activated_org(
            server.url, licenses=1000, numbers=[f"+1415555{n:04d}" for n in range(100, 150)]
        )


@pytest.fixture(scope="module")
def api(org: OrgHandle) -> Iterator[requests.Session]:
    with org.session() as session:
        yield session


def test_list_numbers_throughput(benchmark, org: OrgHandle, api: requests.Session) -> None:
    benchmark(lambda: api.get(f"{org.api_url}/telephony/config/numbers").raise_for_status())


def test_create_person_throughput(benchmark, org: OrgHandle, api: requests.Session) -> None:
    def create() -> None:
        body = {"emails": [f"bench{next(_emails)}@example.com"], "displayName": "Bench"}
        api.post(f"{org.api_url}/people", json=body).raise_for_status()

    benchmark(create)


def test_list_people_page_throughput(benchmark, org: OrgHandle, api: requests.Session) -> None:
    benchmark(lambda: api.get(f"{org.api_url}/people", params={"max": 50}).raise_for_status())
