"""The rules of the calling-plan policy pack: plain functions over the resources a preview plans.

Each `Rule` has an id, a description a reviewer understands, a default enforcement level (a
stack's policy config can change it) and a check. A resource rule judges one resource of its kind
and returns what is wrong with it; a stack rule judges every resource of the stack together and
returns `Violation`s naming the resource at fault. `callplan_provider.policy.crossguard` turns
`RULES` into `pulumi_policy` policies; nothing here needs the engine.

Resources are recognised by their type token, `pulumi-python:dynamic/callplan:<Kind>`; a type the
rules do not know (another provider, a kind added later) is left alone. `props` are the inputs
(a resource rule) or the outputs (a stack rule) the engine planned, as `check` normalised them
(menu keys as a mapping, business hours sorted). A value not known yet at preview is a
`pulumi.output.Unknown`: a rule never fails a resource on a value it cannot see.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from pulumi.output import Unknown

from callplan_provider.menu import MENU_KEYS, TARGETED_ACTIONS
from callplan_provider.resources.base import UnknownInside
from callplan_provider.resources.business_hours import normalise_hours

TYPE_PREFIX = "pulumi-python:dynamic/callplan:"
WEEKDAYS_OPEN = ("mon", "tue", "wed", "thu", "fri")
MENUS = {"business_hours_menu": "business-hours", "after_hours_menu": "after-hours"}
# Keys that only repeat the menu or hang up reach nobody.
IDLE_ACTIONS = frozenset({"repeat_menu", "exit"})


def type_token(kind: str) -> str:
    """The type token of a kind's resources, e.g. `pulumi-python:dynamic/callplan:User`."""
    return TYPE_PREFIX + kind


@dataclass(frozen=True)
class Planned:
    """One resource as a policy sees it."""

    type: str
    name: str
    urn: str
    props: Mapping[str, Any]
    protect: bool = False
    secret_outputs: frozenset[str] = frozenset()
    property_dependencies: Mapping[str, frozenset[str]] = field(default_factory=dict)
    """property → URNs of the resources its value came from"""

    @property
    def kind(self) -> str | None:
        """`User`, `Extension`, ... for this package's resources, else None."""
        return self.type.removeprefix(TYPE_PREFIX) if self.type.startswith(TYPE_PREFIX) else None

    def label(self) -> str:
        return f"{self.kind or self.type} {self.name}"


@dataclass(frozen=True)
class Violation:
    message: str
    urn: str | None = None


ResourceCheck = Callable[[Planned, Mapping[str, Any]], Iterable[str]]
StackCheck = Callable[[list[Planned], Mapping[str, Any]], Iterable[Violation]]


@dataclass(frozen=True)
class Rule:
    id: str
    description: str
    level: Literal["mandatory", "advisory"]
    check: ResourceCheck | StackCheck
    kind: str | None = None
    """The kind a resource rule judges; None for a stack rule."""
    config: Mapping[str, Any] = field(default_factory=dict)
    """JSON Schema of the rule's properties in the policy config."""


def known(value: Any) -> bool:
    """Whether a value is known all the way down (no `Unknown` inside)."""
    if isinstance(value, Unknown):
        return False
    if isinstance(value, Mapping):
        return all(known(v) for v in value.values())
    if isinstance(value, list | tuple):
        return all(known(v) for v in value)
    return True


def of_kind(resources: Iterable[Planned], kind: str) -> list[Planned]:
    return [r for r in resources if r.kind == kind]


def menu_keys(menu: Any) -> dict[str, Mapping[str, Any]]:
    """A menu's keys → actions, from either form `callplan_provider.menu` accepts.

    Check normalises keys to a mapping, but keeps the list form (`[{"key": "1", ...}]`) of a menu
    holding a value not known yet (a user's id at preview). Keys not known yet are left out.
    """
    keys = menu.get("keys") if isinstance(menu, Mapping) else None
    if isinstance(keys, Mapping):
        pairs = list(keys.items())
    elif isinstance(keys, list):
        pairs = [(item.get("key"), item) for item in keys if isinstance(item, Mapping)]
    else:
        return {}
    return {
        str(key): action
        for key, action in pairs
        if isinstance(action, Mapping) and not isinstance(key, Unknown)
    }


# --- resource rules ----------------------------------------------------------------------------------


def main_number_protected(resource: Planned, config: Mapping[str, Any]) -> Iterator[str]:
    if not resource.protect:
        yield (
            f"{resource.label()} is not protected: pass opts=pulumi.ResourceOptions(protect=True), "
            "so that removing it from the program fails instead of unrouting the business's number"
        )


def after_hours_menu_does_something(resource: Planned, config: Mapping[str, Any]) -> Iterator[str]:
    menu = resource.props.get("after_hours_menu")
    if not isinstance(menu, Mapping) or menu.get("extension_enabled", True) is not False:
        return  # left out (the default offers extension dialling), not known yet, or dialling is on
    keys = menu.get("keys") or {}
    if isinstance(keys, Unknown):
        return
    entries = keys.values() if isinstance(keys, Mapping) else keys if isinstance(keys, list) else []
    # An entry or action not known yet counts as one that may reach someone.
    actions = [entry.get("action") if isinstance(entry, Mapping) else entry for entry in entries]
    if any(action not in IDLE_ACTIONS for action in actions):
        return
    yield (
        f"{resource.label()}: after hours a caller can only "
        + ("repeat the menu or hang up" if actions else "hear the greeting")
        + ": give after_hours_menu a key that reaches someone (voicemail(...), operator(...), "
        "transfer_to_...) or set extension_enabled=True"
    )


def business_hours_open_on_a_weekday(resource: Planned, config: Mapping[str, Any]) -> Iterator[str]:
    hours = resource.props.get("business_hours")
    try:
        normal = normalise_hours(hours)
    except UnknownInside:
        return
    except ValueError as err:
        if not known(hours):
            return
        yield f"{resource.label()}: business_hours: {err}"
        return
    if not set(normal) & set(WEEKDAYS_OPEN):
        yield (
            f"{resource.label()} is open only on {', '.join(normal)}: callers get the after-hours "
            'menu all week; add the weekday hours (e.g. "mon": ["09:00-17:00"])'
        )


def port_order_pin_secret(resource: Planned, config: Mapping[str, Any]) -> Iterator[str]:
    if "losing_carrier" not in resource.secret_outputs:
        yield (
            f"{resource.label()}: losing_carrier holds the port-out PIN but is not marked secret: "
            "declare the order with callplan_provider.PortOrder (it marks it secret), or pass "
            'opts=pulumi.ResourceOptions(additional_secret_outputs=["losing_carrier"]) and the '
            "block as pulumi.Output.secret(...)"
        )


# --- stack rules ---------------------------------------------------------------------------------------


def _declared_extensions(resources: list[Planned]) -> tuple[set[str], bool]:
    """Extensions the stack declares (lines and menus), and whether some are not known yet."""
    declared: set[str] = set()
    waiting = False
    for resource in [*of_kind(resources, "Extension"), *of_kind(resources, "PhoneMenu")]:
        extension = resource.props.get("extension")
        if isinstance(extension, Unknown):
            waiting = True
        elif extension:
            declared.add(str(extension))
    return declared, waiting


def menu_keys_reach_extensions(resources: list[Planned], config: Mapping[str, Any]) -> Iterator[Violation]:
    declared, waiting = _declared_extensions(resources)
    reachable = declared | {str(e) for e in config.get("organization_extensions") or []}
    for menu in of_kind(resources, "PhoneMenu"):
        for prop, label in MENUS.items():
            keys = menu_keys(menu.props.get(prop))
            for key in (k for k in MENU_KEYS if k in keys):
                action = keys[key]
                extension = action.get("extension")
                if action.get("action") not in TARGETED_ACTIONS or not extension or not known(extension):
                    continue
                if str(extension) in reachable or waiting:
                    continue
                yield Violation(
                    f"{menu.label()}: {label} key {key} ({action.get('action')}) goes to extension "
                    f"{extension}, which no Extension or PhoneMenu of this stack has and "
                    "organization_extensions does not list: fix the key, declare the line, or add "
                    f"{extension} to organization_extensions in the policy config",
                    menu.urn,
                )


def users_have_extensions(resources: list[Planned], config: Mapping[str, Any]) -> Iterator[Violation]:
    with_lines = {
        urn
        for line in of_kind(resources, "Extension")
        for urn in line.property_dependencies.get("user_id", frozenset())
    }
    for user in of_kind(resources, "User"):
        if user.urn not in with_lines:
            yield Violation(
                f"{user.label()} has no Extension: they join the plan without a calling line; give "
                "them one (an Extension whose user_id is this User's id output; a copied id does "
                "not count) or remove the user",
                user.urn,
            )


def calling_lines_within_licenses(resources: list[Planned], config: Mapping[str, Any]) -> Iterator[Violation]:
    licenses = config.get("licenses")
    if licenses is None:
        return
    lines = of_kind(resources, "Extension")
    if len(lines) > licenses:
        yield Violation(
            f"this stack declares {len(lines)} calling lines (Extensions) but the plan has "
            f"{licenses} calling licences (licenses in the policy config): remove "
            f"{len(lines) - licenses} line(s) or buy licences and raise licenses"
        )


RULES: tuple[Rule, ...] = (
    Rule(
        id="main-number-protected",
        description=(
            "The location's main number is protected (protect=True): deleting the MainNumber "
            "resource would unroute every call to the business."
        ),
        level="mandatory",
        kind="MainNumber",
        check=main_number_protected,
    ),
    Rule(
        id="after-hours-menu-does-something",
        description=(
            "Every phone menu's after-hours menu lets a caller reach someone: a key that "
            "transfers, goes to the operator, voicemail or a directory, or extension dialling."
        ),
        level="mandatory",
        kind="PhoneMenu",
        check=after_hours_menu_does_something,
    ),
    Rule(
        id="menu-keys-reach-extensions",
        description=(
            "Every menu key that sends callers to an extension (transfer, operator, voicemail) "
            "names an extension the stack declares (an Extension or a PhoneMenu) or one the "
            "organisation has (organization_extensions in the policy config)."
        ),
        level="mandatory",
        check=menu_keys_reach_extensions,
        config={
            "organization_extensions": {
                "type": "array",
                "items": {"type": "string", "pattern": "^[0-9]{2,6}$"},
                "description": "extensions that exist in the organisation outside this stack",
            }
        },
    ),
    Rule(
        id="users-have-extensions",
        description="Every User has an Extension: nobody is invited to the plan without a calling line.",
        level="advisory",
        check=users_have_extensions,
    ),
    Rule(
        id="port-order-pin-secret",
        description=(
            "A port order's carrier block (losing_carrier, which holds the port-out PIN) is marked "
            "secret, so the state and the engine's output never show the PIN."
        ),
        level="mandatory",
        kind="PortOrder",
        check=port_order_pin_secret,
    ),
    Rule(
        id="calling-lines-within-licenses",
        description=(
            "The stack declares no more calling lines (Extensions) than the plan has calling "
            "licences (licenses in the policy config; not checked without it)."
        ),
        level="mandatory",
        check=calling_lines_within_licenses,
        config={
            "licenses": {
                "type": "integer",
                "minimum": 0,
                "description": "the plan's calling licences (lower it by lines made outside this stack)",
            }
        },
    ),
    Rule(
        id="business-hours-open-on-a-weekday",
        description=(
            "Each phone menu's business hours open on at least one weekday (Monday to Friday) "
            "and no time range is empty."
        ),
        level="advisory",
        kind="PhoneMenu",
        check=business_hours_open_on_a_weekday,
    ),
)
