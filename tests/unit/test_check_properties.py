"""Property test of `check` for every kind: any input gets failures or passes, never an exception."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pulumi.dynamic import CheckResult
from pulumi.output import Unknown

from callplan_provider.resources import KINDS, provider_classes

PLAUSIBLE_TEXT = [
    "",
    " ",
    "201",
    "911",
    "0",
    "+14155550100",
    "+18005550100",
    "415 555 0100",
    "ann@example.com",
    "Front desk",
    "mon",
    "09:00-17:00",
    "17:00-09:00",
    "America/New_York",
    "en_us",
    "TRANSFER_WITHOUT_PROMPT",
    "/no/such/bill.pdf",
    "Y2lzY29zcGFyazovL3VzL1BFT1BMRS8x",
    "\x00",
    "é" * 300,
]

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from(PLAUSIBLE_TEXT),
    st.text(max_size=30),
    st.just(Unknown()),
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(
            st.one_of(st.sampled_from(["mon", "1", "key", "action", "value"]), st.text(max_size=6)),
            inner,
            max_size=4,
        ),
    ),
    max_leaves=12,
)


def inputs_for(kind: str) -> st.SearchStrategy[dict[str, Any]]:
    names = list(provider_classes()[kind].args_model.model_fields)
    keys = st.one_of(st.sampled_from(names), st.text(max_size=8))
    return st.dictionaries(keys, values, max_size=len(names) + 2)


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_check_any_input_gives_failures_or_passes(kind: str) -> None:
    provider = provider_classes()[kind]()

    @settings(max_examples=60, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
    @given(inputs_for(kind))
    def run(news: dict[str, Any]) -> None:
        result = provider.check({}, news)
        assert isinstance(result, CheckResult)
        assert isinstance(result.inputs, dict)
        assert all(isinstance(f.property, str) and f.reason for f in result.failures)

    run()
