"""Unit tests: no HTTP. The provider settings point at an unused loopback port."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from callplan_provider.resources import config
from tests.unit.fake_kind import GadgetProvider


@pytest.fixture(autouse=True)
def offline_settings() -> Iterator[None]:
    config.configure({"callplan:endpoint": "http://127.0.0.1:9/v1", "callplan:token": "unit-token"})
    yield
    config.reset()


@pytest.fixture
def gadgets() -> Iterator[GadgetProvider]:
    GadgetProvider.store = {}
    GadgetProvider.fail_create_with = None
    GadgetProvider.created_anyway = False
    yield GadgetProvider()
    GadgetProvider.store = {}
