"""Property tests of PhoneMenu check and of the business-hours normalisation."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from pulumi.output import Unknown

from callplan_provider.menu import MENU_KEYS
from callplan_provider.resources.base import check_inputs
from callplan_provider.resources.business_hours import (
    WEEKDAYS,
    events_to_hours,
    hours_to_events,
    normalise_hours,
)
from callplan_provider.resources.phone_menu import PhoneMenuArgs, PhoneMenuProvider

PROVIDER = PhoneMenuProvider()

junk = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=12),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3),
    max_leaves=8,
)
unknown = st.builds(Unknown)
clock = st.builds(lambda h, m: f"{h}:{m:02d}", st.integers(0, 25), st.integers(0, 61))
time_range = st.builds(lambda a, b: f"{a}-{b}", clock, clock) | st.text(max_size=12)
hours = st.dictionaries(
    st.sampled_from([*WEEKDAYS, "monday", "Sun", "noday"]),
    st.lists(time_range, max_size=3) | junk,
    max_size=4,
)
target = st.sampled_from(["201", "911", "+14155550100", "+18005550100", "12", "x"]) | unknown | junk
action = st.fixed_dictionaries(
    {"action": st.sampled_from(["transfer", "operator", "voicemail", "exit", "dial_by_name", "fax"]) | junk},
    optional={
        "description": st.text(max_size=90) | junk,
        "user_id": target,
        "extension": target,
        "phone_number": target,
        "prompt": st.booleans() | junk,
    },
)
keys = st.dictionaries(st.sampled_from([*MENU_KEYS, "A", 1, "10"]), action | junk, max_size=4) | st.lists(
    st.fixed_dictionaries(
        {"key": st.sampled_from([*MENU_KEYS, "1", "x"])}, optional={"action": st.just("exit")}
    ),
    max_size=4,
)
a_menu = st.fixed_dictionaries(
    {}, optional={"greeting": st.sampled_from(["DEFAULT", "CUSTOM", "LOUD"]) | junk, "keys": keys | unknown}
)
inputs = st.fixed_dictionaries(
    {},
    optional={
        "name": st.text(max_size=80) | unknown | junk,
        "extension": target,
        "phone_number": target,
        "business_hours": hours | unknown | junk,
        "time_zone": st.sampled_from(["Europe/Paris", "Mars/Base"]) | unknown | junk,
        "language": st.sampled_from(["en_us", "en-GB", "english"]) | junk,
        "location_id": st.text(max_size=5) | unknown | junk,
        "business_hours_menu": a_menu | unknown | junk,
        "after_hours_menu": a_menu | junk,
        "adopt": st.booleans() | junk,
        "surprise": junk,
    },
)


@settings(max_examples=150, deadline=None, derandomize=True)
@given(inputs)
def test_check_never_raises(news):
    normalised, failures = check_inputs(PhoneMenuArgs, news)  # the base would hide an exception: call it bare
    assert isinstance(normalised, dict)
    assert all(f.property is not None and f.reason for f in failures)


@settings(max_examples=50, deadline=None, derandomize=True)
@given(inputs)
def test_check_through_the_provider_never_hides_a_crash(news):
    result = PROVIDER.check({}, news)
    assert not any(f.reason.startswith("invalid input:") for f in result.failures)


def _range(start: int, length: int) -> str:
    end = min(start + length, 1439)
    return f"{start // 60}:{start % 60:02d}-{end // 60:02d}:{end % 60:02d}"


valid_ranges = st.lists(
    st.builds(_range, st.integers(0, 23 * 60 + 58), st.integers(1, 60 * 4)), min_size=1, max_size=4
)


@settings(max_examples=200, deadline=None, derandomize=True)
@given(st.dictionaries(st.sampled_from(WEEKDAYS), valid_ranges, min_size=1))
def test_normalised_hours_never_flap(raw):
    try:
        normal = normalise_hours(raw)
    except ValueError:
        return  # overlapping ranges are refused, never reshaped
    assert normalise_hours(normal) == normal
    assert events_to_hours(hours_to_events(normal)) == normal


good_action = st.sampled_from(
    [
        {"action": "transfer", "extension": "201", "description": "sales"},
        {"action": "transfer", "phone_number": "+1 415 555 0100", "prompt": False},
        {"action": "operator", "user_id": "U1"},
        {"action": "exit"},
        {"action": "dial_by_name", "description": "the directory"},
    ]
)
plausible = st.fixed_dictionaries(
    {
        "name": st.text(st.characters(codec="ascii", categories=["L", "N"]), min_size=1, max_size=20),
        "extension": st.sampled_from(["201", "2000", " 300 "]),
        "business_hours": st.dictionaries(st.sampled_from([*WEEKDAYS, "Monday"]), valid_ranges, min_size=1),
        "business_hours_menu": st.fixed_dictionaries(
            {"keys": st.dictionaries(st.sampled_from([*MENU_KEYS, 1, 2]), good_action, max_size=4)}
        ),
    },
    optional={"language": st.sampled_from(["en_us", "en-GB"]), "phone_number": st.just("+1 415 555 0199")},
)


@settings(max_examples=60, deadline=None, derandomize=True)
@given(plausible)
def test_check_is_stable_on_its_own_output(news):
    first = PROVIDER.check({}, news)
    if first.failures:
        return  # overlapping ranges or a key given as 1 and "1"
    second = PROVIDER.check({}, first.inputs)
    assert second.failures == []
    assert second.inputs == first.inputs
    assert PROVIDER.diff("AA", first.inputs, second.inputs).changes is False
