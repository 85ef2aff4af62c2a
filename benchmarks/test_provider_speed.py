"""How fast the provider's hot paths are (run: `pytest benchmarks --benchmark-enable`).

Speed is measured here, never asserted in the test suite: check and diff run on every preview for
every resource, `serialize_provider` once per resource in the program, read on every refresh.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import count

import pytest
from pulumi.dynamic.dynamic import serialize_provider
from pulumi.output import Unknown

from callplan_provider.resources import config
from callplan_provider.resources.extension import ExtensionProvider
from callplan_provider.resources.user import UserProvider
from callplan_provider.sandbox.bootstrap import create_activated_org
from callplan_provider.sandbox.server import SandboxServer

ANN = {"email": "Ann@Example.com", "first_name": "Ann", "last_name": "Lee"}
_emails = count()


def test_user_check(benchmark) -> None:
    benchmark(UserProvider().check, {}, ANN)


def test_extension_check_with_an_unknown(benchmark) -> None:
    news = {"user_id": Unknown(), "extension": "201", "phone_number": "+14155550100"}
    benchmark(ExtensionProvider().check, {}, news)


def test_user_diff(benchmark) -> None:
    provider = UserProvider()
    inputs = provider.check({}, ANN).inputs
    outs = {**inputs, "invite_pending": True, "created": "2026-01-01T00:00:00.000Z"}
    benchmark(provider.diff, "p1", outs, inputs)


def test_serialize_provider(benchmark) -> None:
    benchmark(serialize_provider, UserProvider())


@pytest.fixture(scope="module")
def configured() -> Iterator[None]:
    with SandboxServer() as server:
        org = create_activated_org(server.url, licenses=1000, numbers=["+14155550100", "+14155550101"])
        config.configure({"callplan:endpoint": org.api_url, "callplan:token": org.admin_token})
        yield
        config.reset()


def test_user_create_over_http(benchmark, configured: None) -> None:
    provider = UserProvider()

    def create() -> None:
        provider.create(provider.check({}, {**ANN, "email": f"bench{next(_emails)}@example.com"}).inputs)

    benchmark(create)


def test_user_read_over_http(benchmark, configured: None) -> None:
    provider = UserProvider()
    created = provider.create(provider.check({}, {**ANN, "email": "bench-read@example.com"}).inputs)
    benchmark(provider.read, created.id, created.outs)
