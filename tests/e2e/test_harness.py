"""The harness's translation of CLI flags into Automation API keywords (no engine needed)."""

from __future__ import annotations

from pulumi import automation

from tests.e2e.pulumi_cli import operation_keywords


def test_operation_keywords_map_flags_to_the_methods_keywords() -> None:
    flags = ("--refresh", "--expect-no-changes", "--policy-pack", "a", "--policy-pack=b", "--parallel", "2")

    assert operation_keywords(automation.Stack.preview, flags) == {
        "refresh": True,
        "expect_no_changes": True,
        "policy_packs": ["a", "b"],
        "parallel": 2,
    }


def test_operation_keywords_drop_what_the_automation_api_always_passes() -> None:
    assert operation_keywords(automation.Stack.up, ("--yes", "--skip-preview")) == {}


def test_operation_keywords_of_a_flag_the_method_lacks_are_none() -> None:
    assert operation_keywords(automation.Stack.refresh, ("--refresh",)) is None


def test_operation_keywords_of_an_unknown_or_odd_flag_are_none() -> None:
    assert operation_keywords(automation.Stack.preview, ("--show-reads",)) is None
    assert operation_keywords(automation.Stack.preview, ("--refresh=false",)) is None
    assert operation_keywords(automation.Stack.preview, ("--target",)) is None
