"""Webex-shaped opaque ids: URL-safe base64, without padding, of `ciscospark://us/<TYPE>/<uuid>`."""

from __future__ import annotations

import base64
import uuid


def webex_id(kind: str, tail: str | None = None) -> str:
    raw = f"ciscospark://us/{kind}/{tail or uuid.uuid4()}"
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def id_kind(id_: str) -> str | None:
    """The TYPE inside an id, or None for something that is not one of ours."""
    try:
        raw = base64.urlsafe_b64decode(id_ + "=" * (-len(id_) % 4)).decode()
    except (ValueError, UnicodeDecodeError):
        return None
    parts = raw.split("/")
    return parts[3] if raw.startswith("ciscospark://us/") and len(parts) >= 5 else None


def tracking_id() -> str:
    return f"SANDBOX_{uuid.uuid4()}"
