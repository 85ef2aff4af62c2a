"""The calling-plan policy pack as CrossGuard policies (`pulumi_policy`), and the pack's entry point.

`policies()` turns each `rules.Rule` into a `ResourceValidationPolicy` (a rule with a `kind`) or a
`StackValidationPolicy`, with the rule's id, description, default enforcement level and config
schema. The engine hands a policy proxied values that raise on anything unknown at preview;
`plain` copies them into plain dicts and lists with `pulumi.output.Unknown` in those places, so
the rules judge what is known and skip the rest.

`serve()` is what the pack's `__main__.py` runs: it serves the policies to the engine over gRPC
until the engine stops it. It needs the `pulumi-policy` package (`callplan-provider[policy]`).
"""

from __future__ import annotations

import io
import sys
from collections.abc import Mapping, Sequence
from typing import Any

from pulumi.output import Unknown
from pulumi_policy import (
    EnforcementLevel,
    Policy,
    PolicyConfigSchema,
    PolicyPack,
    PolicyResource,
    ReportViolation,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    StackValidationArgs,
    StackValidationPolicy,
)
from pulumi_policy.proxy import UnknownValueError

from callplan_provider.policy.rules import RULES, Planned, ResourceCheck, Rule, StackCheck, type_token

PACK_NAME = "callplan"
LEVELS = {"mandatory": EnforcementLevel.MANDATORY, "advisory": EnforcementLevel.ADVISORY}


def plain(value: Any) -> Any:
    """A policy's proxied value as plain dicts and lists, `Unknown()` where the value is unknown."""
    if isinstance(value, str | bytes):
        return value
    if isinstance(value, Mapping):
        return {key: _item(value, key) for key in value}
    if isinstance(value, Sequence):
        return [_item(value, index) for index in range(len(value))]
    return value


def _item(container: Any, key: Any) -> Any:
    try:
        return plain(container[key])
    except UnknownValueError:
        return Unknown()


def _planned(resource: ResourceValidationArgs | PolicyResource) -> Planned:
    options = resource.opts
    dependencies = getattr(resource, "property_dependencies", None) or {}
    return Planned(
        type=resource.resource_type,
        name=resource.name,
        urn=resource.urn,
        props=plain(resource.props),
        protect=bool(options.protect),
        secret_outputs=frozenset(options.additional_secret_outputs or ()),
        property_dependencies={
            prop: frozenset(r.urn for r in sources) for prop, sources in dependencies.items()
        },
    )


def _config_schema(rule: Rule) -> PolicyConfigSchema | None:
    return PolicyConfigSchema(properties=dict(rule.config)) if rule.config else None


def _resource_policy(rule: Rule, check: ResourceCheck, kind: str) -> ResourceValidationPolicy:
    def validate(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
        if args.resource_type != type_token(kind):
            return
        for message in check(_planned(args), args.get_config() or {}):
            report_violation(message, None)

    return ResourceValidationPolicy(
        name=rule.id,
        description=rule.description,
        enforcement_level=LEVELS[rule.level],
        validate=validate,
        config_schema=_config_schema(rule),
    )


def _stack_policy(rule: Rule, check: StackCheck) -> StackValidationPolicy:
    def validate(args: StackValidationArgs, report_violation: ReportViolation) -> None:
        resources = [_planned(r) for r in args.resources]
        for violation in check(resources, args.get_config() or {}):
            report_violation(violation.message, violation.urn)

    return StackValidationPolicy(
        name=rule.id,
        description=rule.description,
        enforcement_level=LEVELS[rule.level],
        validate=validate,
        config_schema=_config_schema(rule),
    )


def policies() -> list[Policy]:
    built: list[Policy] = []
    for rule in RULES:
        if rule.kind is None:
            built.append(_stack_policy(rule, rule.check))  # type: ignore[arg-type]
        else:
            built.append(_resource_policy(rule, rule.check, rule.kind))  # type: ignore[arg-type]
    return built


def serve() -> None:
    """Serve the pack to the engine (blocks until the engine stops the process)."""
    # pulumi_policy writes the port the engine must dial to sys.stdout.buffer without flushing:
    # make stdout unbuffered so that the port reaches the engine whatever runs this process.
    sys.stdout = io.TextIOWrapper(io.FileIO(sys.stdout.fileno(), "wb", closefd=False), write_through=True)
    PolicyPack(name=PACK_NAME, policies=policies(), enforcement_level=EnforcementLevel.ADVISORY)
