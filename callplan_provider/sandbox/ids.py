"""Wire formats the sandbox generates: Webex-shaped opaque ids (URL-safe base64, without padding,
of `ciscospark://us/<TYPE>/<uuid>`), tracking ids and timestamps (`iso_z`)."""

from __future__ import annotations

import base64
import uuid
from datetime import UTC, datetime


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


def iso_z(moment: datetime) -> str:
    """ISO 8601 in UTC with milliseconds and `Z` (`2026-01-31T09:30:00.000Z`), the API's timestamp."""
    utc = moment.astimezone(UTC)
    return utc.strftime("%Y-%m-%dT%H:%M:%S.") + f"{utc.microsecond // 1000:03d}Z"
