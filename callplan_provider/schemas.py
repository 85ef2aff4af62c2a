"""JSON Schemas of resource inputs and the sandbox OpenAPI document, written by `callplan schemas write`.

Minimal version (sandbox-core): writes `openapi.json` only; the provider engineer adds the
resource input schemas (`inputs/*.json`) here.
"""

from __future__ import annotations

from pathlib import Path


def write_schemas(directory: str | Path = "schemas") -> list[Path]:
    """Write every schema file into `directory`; returns the paths written."""
    from callplan_provider.sandbox.openapi import openapi_json

    target = Path(directory)
    target.mkdir(parents=True, exist_ok=True)
    openapi = target / "openapi.json"
    openapi.write_text(openapi_json(), encoding="utf-8")
    return [openapi]
