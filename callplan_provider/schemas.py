"""JSON Schemas of the resource inputs and the sandbox's OpenAPI document (`callplan schemas write`).

- `schemas/inputs/<Kind>.schema.json`: the JSON Schema of each kind's `...Args` model (every kind
  of `callplan_provider.resources.KINDS`), i.e. the properties a program may give.
- `schemas/openapi.json`: the sandbox's OpenAPI document (`callplan_provider.sandbox.openapi`).

Deterministic (sorted keys, two-space indent, final newline), so `tests/unit/test_schemas_in_sync.py`
can compare the committed files with fresh ones; regenerate with `make schemas`.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

JSON_SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


def _dump(document: Any) -> str:
    return json.dumps(document, sort_keys=True, indent=2, ensure_ascii=False) + "\n"


def input_schemas() -> dict[str, dict[str, Any]]:
    """Kind → the JSON Schema of its inputs."""
    from callplan_provider.resources import provider_classes

    schemas: dict[str, dict[str, Any]] = {}
    for kind, provider in provider_classes().items():
        schema = provider.args_model.model_json_schema()
        schema["$schema"] = JSON_SCHEMA_DIALECT
        schema["title"] = kind
        schemas[kind] = schema
    return schemas


def generated_files() -> dict[str, str]:
    """Relative path → content of every generated file."""
    from callplan_provider.sandbox.openapi import openapi_document

    files = {f"inputs/{kind}.schema.json": _dump(schema) for kind, schema in input_schemas().items()}
    files["openapi.json"] = _dump(openapi_document())
    return files


def write_schemas(root: Path) -> list[Path]:
    """Write every generated file under `root` (e.g. `schemas/`); returns the paths written."""
    written = []
    for relative, content in sorted(generated_files().items()):
        path = Path(root) / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8")
        written.append(path)
    return written
