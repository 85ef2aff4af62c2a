"""The sandbox's OpenAPI document, generated from `create_app` (written to `schemas/openapi.json`).

Deterministic: the same code gives byte-for-byte the same `openapi_json()`, so a test can compare
the committed file with a fresh one and fail when it is stale. `CALLPLAN_STRICT_MODELS` (which
the tests set) turns every model's `additionalProperties` from true to false; that switch is a test setting,
not part of the API, so boolean `additionalProperties` are left out of the document.
"""

from __future__ import annotations

import json
from typing import Any

from callplan_provider.sandbox.app import create_app
from callplan_provider.sandbox.store import Store


def openapi_document() -> dict[str, Any]:
    store = Store(":memory:")
    try:
        document: dict[str, Any] = create_app(store).openapi()
    finally:
        store.close()
    _drop_strictness(document)
    return document


def _drop_strictness(node: Any) -> None:
    if isinstance(node, dict):
        if isinstance(node.get("additionalProperties"), bool):
            del node["additionalProperties"]
        for value in node.values():
            _drop_strictness(value)
    elif isinstance(node, list):
        for value in node:
            _drop_strictness(value)


def openapi_json() -> str:
    """The document as written to disk: sorted keys, two-space indent, final newline."""
    return json.dumps(openapi_document(), sort_keys=True, indent=2, ensure_ascii=False) + "\n"
