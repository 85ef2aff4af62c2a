"""The ownership table (contract §9) as data: no two kinds manage the same wire field, and a wire
field two kinds write is split between exactly them in `callplan_provider.ownership`.

What this does NOT prove: it compares the field labels each kind declares (`managed_fields` and
`written_fields`), not the requests a provider sends. A kind that writes a field it does not
declare passes here; that is covered by the provider and e2e tests (the person's own number
intact while the main number moves), and the MainNumber's dependency on the line by
`tests/unit/test_main_number.py`.
"""

from __future__ import annotations

import ast
import importlib
from collections import defaultdict
from pathlib import Path

from callplan_provider.ownership import SHARED_FIELDS
from callplan_provider.resources import KINDS, provider_classes


def test_ownership_every_kind_declares_its_managed_fields() -> None:
    providers = provider_classes()
    assert sorted(providers) == sorted(KINDS)
    for kind, provider in providers.items():
        assert provider.managed_fields, kind
        assert all("." in wire for wire in provider.managed_fields.values()), kind


def test_ownership_no_wire_field_is_managed_by_two_kinds() -> None:
    owners: dict[str, set[str]] = defaultdict(set)
    for kind, provider in provider_classes().items():
        for wire in provider.managed_fields.values():
            owners[wire].add(kind)
    shared = {wire: sorted(kinds) for wire, kinds in owners.items() if len(kinds) > 1}
    assert shared == {}


def test_ownership_managed_fields_are_properties() -> None:
    for kind, provider in provider_classes().items():
        inputs = set(provider.args_model.model_fields)
        assert set(provider.managed_fields) <= inputs | set(provider.computed_outputs), kind
        assert set(provider.replace_fields) <= inputs, kind


def test_ownership_only_main_number_touches_the_calling_line_id() -> None:
    touching = [
        kind
        for kind, provider in provider_classes().items()
        if any(
            "callingLineId" in wire or wire.startswith("mainNumber.")
            for wire in provider.managed_fields.values()
        )
    ]
    assert touching == ["MainNumber"]


def test_ownership_a_field_two_kinds_write_is_split_between_them() -> None:
    writers: dict[str, set[str]] = defaultdict(set)
    for kind, provider in provider_classes().items():
        for wire in provider.wire_fields():
            writers[wire].add(kind)
    shared = {wire: kinds for wire, kinds in writers.items() if len(kinds) > 1}
    split = {wire: {share.kind for share in shares} for wire, shares in SHARED_FIELDS.items()}
    assert shared == split


def test_ownership_main_number_declares_what_routing_writes() -> None:
    main = provider_classes()["MainNumber"]
    assert {"person.phoneNumbers[work]", "person.alternateNumbers", "autoAttendant.phoneNumber"} <= set(
        main.wire_fields()
    )


def _imports(module: str) -> set[str]:
    source = Path(importlib.import_module(module).__file__ or "").read_text(encoding="utf-8")
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


def test_ownership_is_one_pure_module_the_kinds_call_without_importing_each_other() -> None:
    assert {m for m in _imports("callplan_provider.ownership") if not m.startswith("__")} <= {
        "dataclasses",
        "enum",
    }
    kinds = ("extension", "phone_menu", "main_number")
    for kind in kinds:
        imported = _imports(f"callplan_provider.resources.{kind}")
        assert "callplan_provider.ownership" in imported, kind
        if kind != "main_number":  # MainNumber takes an Extension to route to; nothing goes back
            assert not {f"callplan_provider.resources.{other}" for other in kinds} & imported, kind
