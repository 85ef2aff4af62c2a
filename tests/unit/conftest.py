"""Unit tests: no HTTP. The provider settings point at an unused loopback port."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from callplan_provider.client.session import set_backoff_factor
from callplan_provider.resources import config, snapshot
from tests.unit.fake_kind import GadgetProvider


@pytest.fixture(autouse=True)
def offline_settings(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    config.configure({"callplan:endpoint": "http://127.0.0.1:9/v1", "callplan:token": "unit-token"})
    monkeypatch.setattr(snapshot, "current", _no_organisation)  # check works offline, at once
    yield
    config.reset()


def _no_organisation() -> snapshot.Snapshot:
    raise snapshot.SnapshotUnavailable("unit tests read no organisation")


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
