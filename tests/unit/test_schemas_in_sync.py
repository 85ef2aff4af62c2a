"""The committed `schemas/` are exactly what the models generate."""

from __future__ import annotations

from pathlib import Path

import jsonschema

from callplan_provider.resources import KINDS
from callplan_provider.schemas import generated_files, input_schemas

SCHEMAS = Path(__file__).resolve().parents[2] / "schemas"


def test_schemas_committed_files_match_the_models() -> None:
    stale = [
        relative
        for relative, content in generated_files().items()
        if not (SCHEMAS / relative).is_file() or (SCHEMAS / relative).read_text(encoding="utf-8") != content
    ]
    assert not stale, f"schemas/ is out of date ({', '.join(stale)}): run `make schemas`"


def test_schemas_cover_every_kind() -> None:
    assert sorted(input_schemas()) == sorted(KINDS)


def test_schemas_are_valid_json_schemas() -> None:
    for schema in input_schemas().values():
        jsonschema.Draft202012Validator.check_schema(schema)


def test_schemas_refuse_unknown_properties() -> None:
    schema = input_schemas()["User"]
    validator = jsonschema.Draft202012Validator(schema)
    assert not validator.is_valid({"email": "a@example.com", "first_name": "A", "last_name": "B", "x": 1})
