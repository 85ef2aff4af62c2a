"""The bad-input sweep on a served sandbox: nothing check lets through is refused for a reason
check could know (`tests/sweep/apply.py`). PortOrder's is `test_apply_port_order.py` (dates)."""

from __future__ import annotations

import pytest

from callplan_provider.resources import KINDS
from tests.sweep.apply import sweep_apply
from tests.sweep.inputs import NEAR_VALID, OrgFacts

KINDS_HERE = sorted(set(KINDS) - {"PortOrder"})


@pytest.mark.parametrize("kind", KINDS_HERE)
def test_apply_refuses_nothing_check_could_know(kind: str, served_facts: OrgFacts) -> None:
    if kind not in NEAR_VALID:
        pytest.skip(f"no near-valid inputs for {kind} yet: add them to tests/sweep/inputs.py")
    sweep_apply(kind, served_facts)
