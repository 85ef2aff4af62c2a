"""Property tests of `check` for every kind: any input gets failures or passes, never an exception.

`Reconciler.check` turns any exception of a validator into one failure starting `CHECK_CRASHED`
(the engine must not crash), so "no exception" alone would always pass: the tests assert that no
failure is that catch-all, i.e. every problem is reported by a validator, on its own property.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pulumi.dynamic import CheckResult
from pulumi.output import Unknown

from callplan_provider.resources import KINDS, provider_classes
from callplan_provider.resources.base import CHECK_CRASHED

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
    "x" * 300,  # longer than a file name may be
    "~no-such-user-zz/bill.pdf",  # a home directory nobody has
]
# pydantic's own phrasing: says what is wrong, not what to write (base.py maps it to a fix).
RAW_PYDANTIC = ("Input should", "String should", "List should", "Field required", "Datetimes provided")

# Awkward values for every property, one at a time (the random inputs rarely put one exactly there).
AWKWARD: list[Any] = [
    *PLAUSIBLE_TEXT,
    201,
    -1,
    2**70,
    0.5,
    float("nan"),
    float("inf"),
    True,
    [],
    [""],
    {},
    {"key": "1"},
    Unknown(),
    "\ud800",
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
        assert not [f.reason for f in result.failures if f.reason.startswith(CHECK_CRASHED)]

    run()


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_check_awkward_value_in_any_property_never_crashes(kind: str) -> None:
    provider = provider_classes()[kind]()
    for name in provider.args_model.model_fields:
        for value in AWKWARD:
            failures = provider.check({}, {name: value}).failures
            crashed = [f.reason for f in failures if f.reason.startswith(CHECK_CRASHED)]
            assert not crashed, (name, value)
            assert all(f.property for f in failures), (name, value)


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_check_failure_reasons_say_what_to_write_not_pydantics_phrasing(kind: str) -> None:
    provider = provider_classes()[kind]()

    @settings(max_examples=60, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
    @given(inputs_for(kind))
    def run(news: dict[str, Any]) -> None:
        raw = [
            f.reason for f in provider.check({}, news).failures if any(p in f.reason for p in RAW_PYDANTIC)
        ]
        assert not raw

    run()


def test_check_crashing_validator_is_reported_as_a_bug_without_its_text(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The catch-all the tests above rule out: it blames no property and quotes no value."""
    secret = "SECRET-1234"

    def crash(*_: Any) -> Any:
        raise OSError(f"cannot open {secret}")

    monkeypatch.setattr("callplan_provider.resources.base.check_inputs", crash)
    [failure] = provider_classes()["User"]().check({}, {"email": secret}).failures
    assert failure.property == ""
    assert failure.reason.startswith(CHECK_CRASHED) and "OSError" in failure.reason
    assert secret not in failure.reason
