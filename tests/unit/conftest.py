"""Unit tests: no HTTP. The provider settings point at an unused loopback port."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from callplan_provider.client.session import set_backoff_factor
from callplan_provider.resources import config
from tests.unit.fake_kind import GadgetProvider


@pytest.fixture(autouse=True)
def offline_settings() -> Iterator[None]:
    config.configure({"callplan:endpoint": "http://127.0.0.1:9/v1", "callplan:token": "unit-token"})
    yield
    config.reset()


@pytest.fixture
def gadgets() -> Iterator[GadgetProvider]:
    set_backoff_factor(0)  # recovery look-ups retry without waiting
    GadgetProvider.store = {}
    GadgetProvider.fail_create_with = None
    GadgetProvider.created_anyway = False
    GadgetProvider.lookup_errors_after_create = []
    GadgetProvider._failing_finds = []
    yield GadgetProvider()
    GadgetProvider.store = {}
    set_backoff_factor()
