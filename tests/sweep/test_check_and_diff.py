"""The bad-input sweep, offline: every kind's check and diff on random and near-valid inputs.

For every input: check raises nothing and reports no `CHECK_CRASHED` failure (a validator bug).
For every input check passes: its normalised inputs are a fixed point (checked again, they pass
unchanged: else every preview would flap), and diff of them against themselves is no change. For
any two inputs (and for junk as the old state), diff raises nothing and replaces only
`replace_fields`. Settings: `SWEEP_CHECK` (tests/sweep/conftest.py).
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given

from callplan_provider.resources import KINDS, provider_classes
from callplan_provider.resources.base import CHECK_CRASHED, contains_unknown
from tests.sweep.conftest import SWEEP_CHECK, TALLY
from tests.sweep.inputs import JUNK, OrgFacts, inputs_for
from tests.sweep.refusals import known_gap


def inputs_only(provider: Any, props: dict[str, Any]) -> dict[str, Any]:
    """Checked inputs as a program gives them again (without what check adds, e.g. fingerprints)."""
    return {k: v for k, v in props.items() if k in provider.args_model.model_fields}


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_check_and_diff_of_any_input_raise_nothing_and_never_flap(kind: str, offline_facts: OrgFacts) -> None:
    provider = provider_classes()[kind]()

    @SWEEP_CHECK
    @given(news=inputs_for(kind, offline_facts), olds=inputs_for(kind, offline_facts), junk=JUNK)
    def sweep(news: dict[str, Any], olds: dict[str, Any], junk: Any) -> None:
        TALLY.add(kind, "offline", "tried")
        checked = provider.check({}, news)
        assert not [f.reason for f in checked.failures if f.reason.startswith(CHECK_CRASHED)], news
        old_outputs = provider.check({}, olds).inputs
        diff = provider.diff("id", old_outputs, checked.inputs)
        assert set(diff.replaces or []) <= set(provider.replace_fields)
        provider.diff("id", junk if isinstance(junk, dict) else {"state": junk}, checked.inputs)
        if checked.failures:
            TALLY.add(kind, "offline", "refused by check")
            return
        if contains_unknown(checked.inputs):
            compared_unknown = any(
                contains_unknown(checked.inputs.get(f)) for f in provider.compared_fields()
            )
            assert provider.diff("id", checked.inputs, checked.inputs).changes == compared_unknown
            TALLY.add(kind, "offline", "passed check with unknowns")
            return
        again = provider.check({}, inputs_only(provider, checked.inputs))
        if again.failures and known_gap(kind, checked.inputs):
            TALLY.add(kind, "offline", "known gaps")
            return
        assert again.failures == [], (news, checked.inputs)
        assert again.inputs == checked.inputs, (news, checked.inputs)
        assert not provider.diff("id", checked.inputs, again.inputs).changes
        TALLY.add(kind, "offline", "passed check")

    sweep()
