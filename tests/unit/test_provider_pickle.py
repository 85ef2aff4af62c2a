"""The serialized provider: by reference, identical for every resource of a kind, no secrets."""

from __future__ import annotations

import base64

import dill
import pytest
from pulumi.dynamic.dynamic import serialize_provider

from callplan_provider.resources import KINDS, config, provider_classes


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_pickle_round_trip_gives_the_same_class(kind: str) -> None:
    provider_class = provider_classes()[kind]
    loaded = dill.loads(base64.b64decode(serialize_provider(provider_class())))
    assert type(loaded) is provider_class


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_pickle_is_the_same_for_every_resource_of_a_kind(kind: str) -> None:
    provider_class = provider_classes()[kind]
    assert serialize_provider(provider_class()) == serialize_provider(provider_class())


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_pickle_holds_no_instance_attributes(kind: str) -> None:
    assert vars(provider_classes()[kind]()) == {}


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_pickle_is_by_reference_and_small(kind: str) -> None:
    pickled = base64.b64decode(serialize_provider(provider_classes()[kind]()))
    assert b"callplan_provider.resources." in pickled
    assert len(pickled) < 300


def test_pickle_does_not_change_with_the_settings() -> None:
    provider_class = provider_classes()["User"]
    before = serialize_provider(provider_class())
    config.configure({"callplan:endpoint": "http://127.0.0.1:1/v1", "callplan:token": "another-secret"})
    after = serialize_provider(provider_class())
    assert before == after
    assert b"another-secret" not in base64.b64decode(after)
