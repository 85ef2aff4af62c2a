"""TODO (sandbox-core): organisations, activation codes, tokens, clock, faults and rate limit.

Interface used by `app.py`:
- `Control(store)`; `control.resolve_token(token) -> Grant | None` (org id + scope);
  `control.backend_for(grant) -> OrgBackend`; `control.now() -> datetime` (the sandbox clock).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Literal

from callplan_provider.sandbox.backend import OrgBackend
from callplan_provider.sandbox.store import Store

Scope = Literal["admin", "read"]


@dataclass(frozen=True)
class Grant:
    org_id: str
    scope: Scope


class Control:
    def __init__(self, store: Store) -> None:
        self.store = store

    def now(self) -> datetime:
        return datetime.now(UTC)

    def resolve_token(self, token: str) -> Grant | None:
        return None

    def backend_for(self, grant: Grant) -> OrgBackend:
        return OrgBackend(self.store, grant.org_id, self.now)
