"""The README's short program is real: it registers under Pulumi mocks with the kinds it names."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from unittest import mock

import pulumi

from tests.unit.pulumi_mocks import RecordingMocks

README = Path(__file__).resolve().parents[2] / "README.md"


def readme_program() -> str:
    blocks = re.findall(r"```python\n(.*?)```", README.read_text(), flags=re.S)
    programs = [b for b in blocks if "import callplan_provider" in b]
    assert programs, "the README has no Python program importing callplan_provider"
    return programs[0]


def test_readme_program_registers_every_kind_it_declares() -> None:
    mocks = RecordingMocks()
    pulumi.runtime.set_mocks(mocks, preview=False)
    exported: dict[str, Any] = {}

    @pulumi.runtime.test
    def program() -> Any:
        with mock.patch.object(pulumi, "export", side_effect=exported.__setitem__):
            exec(compile(readme_program(), str(README), "exec"), {"__name__": "__main__"})
        return exported["caller_hears"].apply(lambda text: text)

    program()
    kinds = sorted({t.rsplit(":", 1)[-1] for t in mocks.types})
    assert kinds == ["Extension", "MainNumber", "PhoneMenu", "User"]
    assert all(t.startswith("pulumi-python:dynamic/callplan:") for t in mocks.types)
