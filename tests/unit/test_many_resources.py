"""A program of 2,000 dynamic resources registers without the SDK's RecursionError."""

from __future__ import annotations

import pickle
from typing import Any

import pulumi

from callplan_provider.resources.extension import Extension
from callplan_provider.resources.user import User
from tests.unit.pulumi_mocks import RecordingMocks


def test_register_two_thousand_resources_under_mocks() -> None:
    mocks = RecordingMocks()
    pulumi.runtime.set_mocks(mocks, preview=False)
    batch_setitems = pickle._Pickler._batch_setitems  # type: ignore[attr-defined]

    @pulumi.runtime.test
    def program() -> Any:
        users = []
        for i in range(1000):
            user = User(f"u{i}", email=f"u{i}@example.com", first_name="U", last_name=str(i))
            Extension(f"x{i}", user_id=user.id, extension=f"{2000 + i}")
            users.append(user)
        return users[-1].id.apply(lambda id_: id_ == "u999-id")

    program()
    assert len(mocks.types) == 2000
    assert set(mocks.types) == {
        "pulumi-python:dynamic/callplan:User",
        "pulumi-python:dynamic/callplan:Extension",
    }
    assert pickle._Pickler._batch_setitems is batch_setitems  # type: ignore[attr-defined]
