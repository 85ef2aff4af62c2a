"""The bad-input sweep of PortOrder on a served sandbox (`tests/sweep/apply.py`).

Its own module because its dates (the bill's, the requested one) derive from today: it is one of
`DATE_SENSITIVE` and runs again under the shifted clocks.
"""

from __future__ import annotations

from tests.sweep.apply import sweep_apply
from tests.sweep.inputs import OrgFacts


def test_apply_refuses_nothing_check_could_know(served_facts: OrgFacts) -> None:
    sweep_apply("PortOrder", served_facts)
