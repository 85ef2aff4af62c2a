"""The rules as CrossGuard policies (`pulumi_policy`), and the pack's folder (no engine).

The policies are driven the way `pulumi_policy`'s analyzer drives them: `ResourceValidationArgs`
and `PolicyResource`s whose props are proxies that raise on values unknown at preview.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from pulumi.output import Unknown
from pulumi_policy import (
    EnforcementLevel,
    PolicyCustomTimeouts,
    PolicyResource,
    PolicyResourceOptions,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    StackValidationArgs,
    StackValidationPolicy,
)
from pulumi_policy.proxy import UNKNOWN_BOOLEAN_VALUE, UNKNOWN_STRING_VALUE, unknown_checking_proxy

from callplan_provider.cli import main
from callplan_provider.policy import PACK_DIR, PolicyPackError, pack_path
from callplan_provider.policy.crossguard import PACK_NAME, plain, policies
from callplan_provider.policy.rules import RULES, type_token

STACK = "urn:pulumi:prod::office::"


def options(protect: bool = False, secret_outputs: tuple[str, ...] = ()) -> PolicyResourceOptions:
    return PolicyResourceOptions(
        protect, [], None, [], PolicyCustomTimeouts(0, 0, 0), list(secret_outputs), None
    )


def policy(policy_id: str) -> Any:
    (found,) = [p for p in policies() if p.name == policy_id]
    return found


def validate_resource(
    policy_id: str, kind: str, props: dict[str, Any], opts: PolicyResourceOptions | None = None
) -> list[str]:
    reported: list[str] = []
    args = ResourceValidationArgs(
        type_token(kind),
        unknown_checking_proxy(props),
        f"{STACK}{type_token(kind)}::x",
        "x",
        opts or options(),
        None,
        {},
        {},
    )
    policy(policy_id).validate(args, lambda message, urn=None: reported.append(message))
    return reported


def stack_resource(
    kind: str, name: str, props: dict[str, Any], **deps: list[PolicyResource]
) -> PolicyResource:
    urn = f"{STACK}{type_token(kind)}::{name}"
    return PolicyResource(
        type_token(kind), unknown_checking_proxy(props), urn, name, options(), None, None, [], deps
    )


def validate_stack(
    policy_id: str, resources: list[PolicyResource], config: dict[str, Any] | None = None
) -> list[tuple[str, str | None]]:
    reported: list[tuple[str, str | None]] = []
    args = StackValidationArgs(resources, config or {}, {})
    policy(policy_id).validate(args, lambda message, urn=None: reported.append((message, urn)))
    return reported


# --- the policies ---------------------------------------------------------------------------------


def test_policies_carry_each_rules_id_description_and_level() -> None:
    levels = {"mandatory": EnforcementLevel.MANDATORY, "advisory": EnforcementLevel.ADVISORY}

    assert [(p.name, p.description, p.enforcement_level) for p in policies()] == [
        (r.id, r.description, levels[r.level]) for r in RULES
    ]


def test_resource_rules_are_resource_policies_and_the_others_stack_policies() -> None:
    kinds = {p.name: type(p) for p in policies()}
    assert kinds == {r.id: ResourceValidationPolicy if r.kind else StackValidationPolicy for r in RULES}


def test_policies_with_config_declare_its_schema() -> None:
    schemas = {p.name: p.config_schema.properties for p in policies() if p.config_schema}
    assert set(schemas) == {"menu-keys-reach-extensions", "calling-lines-within-licenses"}
    assert schemas["calling-lines-within-licenses"]["licenses"]["type"] == "integer"


def test_resource_policy_reports_a_violation_of_its_kind() -> None:
    (message,) = validate_resource("main-number-protected", "MainNumber", {"phone_number": "+14155550100"})
    assert "protect=True" in message


def test_resource_policy_ignores_other_types() -> None:
    assert validate_resource("main-number-protected", "User", {"email": "a@example.com"}) == []


def test_resource_policy_reads_options() -> None:
    opts = options(secret_outputs=("losing_carrier",))
    assert validate_resource("port-order-pin-secret", "PortOrder", {"losing_carrier": {}}, opts) == []
    assert len(validate_resource("port-order-pin-secret", "PortOrder", {"losing_carrier": {}})) == 1


def test_resource_policy_never_fails_on_a_value_unknown_at_preview() -> None:
    after_hours = {"extension_enabled": UNKNOWN_BOOLEAN_VALUE, "keys": {}}
    assert (
        validate_resource("after-hours-menu-does-something", "PhoneMenu", {"after_hours_menu": after_hours})
        == []
    )


def test_stack_policy_matches_a_line_to_its_user_by_property_dependency() -> None:
    ann, bo = (stack_resource("User", n, {"email": f"{n}@example.com"}) for n in ("ann", "bo"))
    line = stack_resource(
        "Extension", "ann-line", {"user_id": UNKNOWN_STRING_VALUE, "extension": "201"}, user_id=[ann]
    )

    reported = validate_stack("users-have-extensions", [ann, bo, line])

    assert [urn for _, urn in reported] == [bo.urn]


def test_stack_policy_reads_its_config() -> None:
    lines = [stack_resource("Extension", f"l{i}", {"extension": f"20{i}"}) for i in range(3)]
    assert validate_stack("calling-lines-within-licenses", lines, {"licenses": 3}) == []
    ((message, urn),) = validate_stack("calling-lines-within-licenses", lines, {"licenses": 2})
    assert "3 calling lines" in message and urn is None


def test_plain_copies_proxies_with_unknowns_as_unknown() -> None:
    proxied = unknown_checking_proxy(
        {"a": [1, UNKNOWN_STRING_VALUE], "b": {"c": UNKNOWN_BOOLEAN_VALUE, "d": "x"}}
    )

    copied = plain(proxied)

    assert (type(copied), copied["a"][0], copied["b"]["d"]) == (dict, 1, "x")
    assert isinstance(copied["a"][1], Unknown) and isinstance(copied["b"]["c"], Unknown)


# --- the folder -----------------------------------------------------------------------------------


def test_pack_folder_names_the_python_runtime_and_a_venv() -> None:
    project = yaml.safe_load((PACK_DIR / "PulumiPolicy.yaml").read_text())

    assert project["runtime"] == {"name": "python", "options": {"virtualenv": "venv"}}
    assert (PACK_DIR / "__main__.py").is_file()
    assert PACK_NAME == "callplan"


def test_pack_path_links_venv_to_this_environment(tmp_path: Path) -> None:
    folder = tmp_path / "pack"
    shutil.copytree(PACK_DIR, folder, ignore=shutil.ignore_patterns("venv", "__pycache__"))

    assert pack_path(folder) == folder
    assert (folder / "venv").resolve() == Path(sys.prefix).resolve()
    assert pack_path(folder) == folder  # a second call keeps the link


def test_pack_path_relinks_a_venv_pointing_elsewhere(tmp_path: Path) -> None:
    (tmp_path / "venv").symlink_to(tmp_path / "gone")

    pack_path(tmp_path)

    assert (tmp_path / "venv").resolve() == Path(sys.prefix).resolve()


def test_pack_path_outside_a_virtualenv_says_to_use_one(tmp_path: Path) -> None:
    with pytest.raises(PolicyPackError, match="virtualenv"):
        pack_path(tmp_path, environment=tmp_path / "not-a-venv")


def test_pack_path_without_pulumi_policy_names_the_extra(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "pulumi_policy", None)
    with pytest.raises(PolicyPackError, match=r"callplan-provider\[policy\]"):
        pack_path(tmp_path)


def test_cli_policy_path_prints_the_pack_folder() -> None:
    result = CliRunner().invoke(main, ["policy-path"])

    assert (result.exit_code, result.output.strip()) == (0, str(PACK_DIR))
    assert (PACK_DIR / "venv" / "bin" / "python").exists()
