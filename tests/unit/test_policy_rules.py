"""The policy pack's rules over plain resources (no engine, no pulumi_policy).

Each rule: the examples' shapes pass, a resource that breaks the rule fails with a message naming
the resource and the fix, and a value not known yet at preview never fails anything.
"""

from __future__ import annotations

from typing import Any

import pytest
from pulumi.output import Unknown

from callplan_provider import resources
from callplan_provider.policy import rules
from callplan_provider.policy.rules import RULES, Planned, type_token

STACK = "urn:pulumi:prod::office::"
WEEK = {day: ["09:00-12:00", "13:00-17:00"] for day in ("mon", "tue", "wed", "thu", "fri")}


def planned(kind: str, resource_name: str, /, **props: Any) -> Planned:
    options = {k: props.pop(k) for k in ("protect", "secret_outputs", "property_dependencies") if k in props}
    return Planned(
        type=type_token(kind), name=resource_name, urn=urn(kind, resource_name), props=props, **options
    )


def urn(kind: str, name: str) -> str:
    return f"{STACK}{type_token(kind)}::{name}"


def user(name: str) -> Planned:
    return planned("User", name, email=f"{name}@example.com")


def line(name: str, extension: Any, of: str | None = None) -> Planned:
    deps = {"user_id": frozenset({urn("User", of)})} if of else {}
    return planned(
        "Extension", f"{name}-line", extension=extension, user_id=Unknown(), property_dependencies=deps
    )


def menu(**props: Any) -> Planned:
    base: dict[str, Any] = {
        "name": "Main menu",
        "extension": "200",
        "business_hours": WEEK,
        "business_hours_menu": {
            "extension_enabled": True,
            "keys": {"0": {"action": "operator", "extension": "203"}},
        },
        "after_hours_menu": {
            "extension_enabled": True,
            "keys": {"1": {"action": "voicemail", "extension": "201"}},
        },
    }
    return planned("PhoneMenu", "main-menu", **{**base, **props})


def resource_messages(rule_id: str, resource: Planned, config: dict[str, Any] | None = None) -> list[str]:
    (rule,) = [r for r in RULES if r.id == rule_id]
    assert rule.kind == resource.kind
    return list(rule.check(resource, config or {}))  # type: ignore[arg-type]


def stack_violations(
    rule_id: str, stack: list[Planned], config: dict[str, Any] | None = None
) -> list[rules.Violation]:
    (rule,) = [r for r in RULES if r.id == rule_id]
    assert rule.kind is None
    return list(rule.check(stack, config or {}))  # type: ignore[arg-type]


def office() -> list[Planned]:
    """The small-office example's shape: four people with lines, a menu, a protected main number."""
    people = ["alice", "bob", "carol", "dave"]
    return [
        *(user(p) for p in people),
        *(line(p, str(201 + i), of=p) for i, p in enumerate(people)),
        menu(),
        planned("MainNumber", "main-number", phone_number="+14155550100", protect=True),
    ]


# --- the table ----------------------------------------------------------------------------------


def test_rules_have_unique_ids_descriptions_and_levels() -> None:
    assert len({r.id for r in RULES}) == len(RULES) == 7
    assert all(r.description.endswith(".") and r.level in ("mandatory", "advisory") for r in RULES)


def test_rules_name_only_kinds_the_package_has() -> None:
    assert {r.kind for r in RULES} - {None} <= set(resources.KINDS)


def test_type_token_is_the_resources_type() -> None:
    for kind, provider in resources.provider_classes().items():
        module = __import__(provider.__module__, fromlist=[kind])
        assert type_token(kind) == "pulumi-python:" + getattr(module, kind)._resource_type_name


def test_planned_kind_of_another_provider_is_none() -> None:
    assert Planned(type="aws:s3/bucket:Bucket", name="b", urn="u", props={}).kind is None


def test_the_office_example_passes_every_rule() -> None:
    stack = office()
    found = [
        m
        for rule in RULES
        for m in (
            rule.check(stack, {"licenses": 10})  # type: ignore[arg-type]
            if rule.kind is None
            else [m for r in rules.of_kind(stack, rule.kind) for m in rule.check(r, {})]  # type: ignore[arg-type]
        )
    ]
    assert found == []


# --- main number --------------------------------------------------------------------------------


def test_main_number_unprotected_fails_naming_protect() -> None:
    (message,) = resource_messages("main-number-protected", planned("MainNumber", "main", phone_number="+1"))
    assert "MainNumber main" in message and "protect=True" in message


def test_main_number_protected_passes() -> None:
    assert resource_messages("main-number-protected", planned("MainNumber", "m", protect=True)) == []


# --- after hours ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "after_hours",
    [
        {"extension_enabled": False, "keys": {"1": {"action": "voicemail", "extension": "201"}}},
        {"extension_enabled": False, "keys": {"0": {"action": "operator", "extension": "203"}}},
        {"extension_enabled": False, "keys": {"5": {"action": "dial_by_name"}}},
        {"extension_enabled": True, "keys": {}},
        {"extension_enabled": False, "keys": [{"key": "1", "action": "transfer", "user_id": Unknown()}]},
        {"extension_enabled": False, "keys": [Unknown()]},
        {"extension_enabled": Unknown(), "keys": {}},
        None,
    ],
    ids=[
        "voicemail",
        "operator",
        "dial-by-name",
        "extension-dialling",
        "list-form",
        "unknown-key",
        "unknown",
        "default",
    ],
)
def test_after_hours_menu_that_reaches_someone_passes(after_hours: Any) -> None:
    assert resource_messages("after-hours-menu-does-something", menu(after_hours_menu=after_hours)) == []


@pytest.mark.parametrize(
    ("after_hours", "says"),
    [
        ({"extension_enabled": False, "keys": {}}, "hear the greeting"),
        (
            {"extension_enabled": False, "keys": {"9": {"action": "repeat_menu"}, "*": {"action": "exit"}}},
            "hang up",
        ),
        ({"extension_enabled": False, "keys": [{"key": "9", "action": "repeat_menu"}]}, "hang up"),
    ],
    ids=["nothing", "repeat-or-exit", "list-form"],
)
def test_after_hours_menu_that_reaches_nobody_fails(after_hours: dict[str, Any], says: str) -> None:
    (message,) = resource_messages("after-hours-menu-does-something", menu(after_hours_menu=after_hours))
    assert "PhoneMenu main-menu" in message and says in message and "extension_enabled=True" in message


# --- business hours -----------------------------------------------------------------------------


def test_business_hours_on_weekdays_pass() -> None:
    hours = {"sat": ["10:00-14:00"], "wed": ["09:00-17:00"]}
    assert resource_messages("business-hours-open-on-a-weekday", menu(business_hours=hours)) == []


def test_business_hours_only_at_the_weekend_fail_naming_the_days() -> None:
    hours = {"sat": ["10:00-14:00"], "sun": ["10:00-12:00"]}
    (message,) = resource_messages("business-hours-open-on-a-weekday", menu(business_hours=hours))
    assert "open only on sat, sun" in message and '"mon"' in message


@pytest.mark.parametrize(
    ("hours", "says"),
    [({"mon": ["09:00-09:00"]}, "is empty"), ({}, "at least one weekday")],
    ids=["empty-range", "no-day"],
)
def test_business_hours_empty_fail_with_the_reason(hours: dict[str, Any], says: str) -> None:
    (message,) = resource_messages("business-hours-open-on-a-weekday", menu(business_hours=hours))
    assert "business_hours" in message and says in message


@pytest.mark.parametrize("hours", [Unknown(), {"mon": [Unknown()]}, {"sat": Unknown()}])
def test_business_hours_not_known_yet_pass(hours: Any) -> None:
    assert resource_messages("business-hours-open-on-a-weekday", menu(business_hours=hours)) == []


# --- port order ----------------------------------------------------------------------------------


def test_port_order_with_secret_carrier_block_passes() -> None:
    order = planned("PortOrder", "port-in", secret_outputs=frozenset({"losing_carrier"}))
    assert resource_messages("port-order-pin-secret", order) == []


def test_port_order_with_plain_carrier_block_fails_naming_it() -> None:
    (message,) = resource_messages("port-order-pin-secret", planned("PortOrder", "port-in"))
    assert "PortOrder port-in" in message and "losing_carrier" in message and "secret" in message


# --- menu keys reach extensions --------------------------------------------------------------------


def test_menu_key_to_a_missing_extension_fails_naming_menu_key_and_extension() -> None:
    keys = {"2": {"action": "transfer", "extension": "299"}}
    stack = [*office()[:-2], menu(business_hours_menu={"extension_enabled": True, "keys": keys})]

    (violation,) = stack_violations("menu-keys-reach-extensions", stack)

    assert violation.urn == urn("PhoneMenu", "main-menu")
    assert "business-hours key 2 (transfer)" in violation.message and "extension 299" in violation.message


def test_menu_key_to_a_missing_extension_in_list_form_after_hours_fails() -> None:
    keys = [{"key": "1", "action": "voicemail", "extension": "777"}]
    stack = [*office()[:-2], menu(after_hours_menu={"extension_enabled": True, "keys": keys})]

    (violation,) = stack_violations("menu-keys-reach-extensions", stack)

    assert "after-hours key 1 (voicemail)" in violation.message


@pytest.mark.parametrize(
    ("target", "config"),
    [("201", {}), ("200", {}), ("555", {"organization_extensions": ["555"]})],
    ids=["a-line", "a-menu", "the-organisation"],
)
def test_menu_key_to_a_known_extension_passes(target: str, config: dict[str, Any]) -> None:
    keys = {"3": {"action": "transfer", "extension": target}}
    stack = [*office()[:-2], menu(business_hours_menu={"keys": keys})]
    assert stack_violations("menu-keys-reach-extensions", stack, config) == []


def test_menu_key_passes_while_a_declared_extension_is_unknown() -> None:
    stack = [
        line("eve", Unknown()),
        menu(business_hours_menu={"keys": {"3": {"action": "transfer", "extension": "299"}}}),
    ]
    assert stack_violations("menu-keys-reach-extensions", stack) == []


def test_menu_keys_to_users_numbers_and_idle_actions_pass() -> None:
    keys = {
        "1": {"action": "transfer", "user_id": Unknown()},
        "2": {"action": "transfer", "phone_number": "+14155550199"},
        "9": {"action": "repeat_menu"},
    }
    stack = [*office()[:-2], menu(business_hours_menu={"keys": keys})]
    assert stack_violations("menu-keys-reach-extensions", stack) == []


# --- users have extensions -----------------------------------------------------------------------


def test_user_without_extension_is_reported_on_the_user() -> None:
    stack = [*office(), user("eve")]

    (violation,) = stack_violations("users-have-extensions", stack)

    assert violation.urn == urn("User", "eve") and "User eve has no Extension" in violation.message


def test_line_of_another_user_does_not_count() -> None:
    stack = [user("eve"), user("fay"), line("fay", "205", of="fay")]
    assert [v.urn for v in stack_violations("users-have-extensions", stack)] == [urn("User", "eve")]


# --- licences ----------------------------------------------------------------------------------------


def test_more_lines_than_licences_fail_with_both_counts() -> None:
    (violation,) = stack_violations("calling-lines-within-licenses", office(), {"licenses": 3})
    assert "4 calling lines" in violation.message and "3 calling licences" in violation.message


@pytest.mark.parametrize("config", [{"licenses": 4}, {}], ids=["enough", "not-configured"])
def test_lines_within_licences_or_no_count_pass(config: dict[str, Any]) -> None:
    assert stack_violations("calling-lines-within-licenses", office(), config) == []


# --- kinds the rules do not know -------------------------------------------------------------------


def test_stack_rules_ignore_kinds_they_do_not_know() -> None:
    stack = [
        *office(),
        planned("Location", "hq", extension="999", name="HQ"),
        Planned("aws:x:Y", "y", "u", {}),
    ]
    found = [v for rule in RULES if rule.kind is None for v in rule.check(stack, {"licenses": 4})]  # type: ignore[arg-type]
    assert found == []
