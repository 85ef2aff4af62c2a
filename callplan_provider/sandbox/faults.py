"""Fault injection: rules that make chosen routes misbehave, for testing clients.

A rule matches a method (`*` for any) and a path glob (`/v1/people*`; a pattern without the
`/v1` prefix matches too), lets the first `after` matching requests through (default 0), then
fires `count` times (None: every time). `after` puts a fault on a later call of a sequence, e.g.
the look-up that follows a create rather than the one before it. Modes:

- `fail_before_commit`: the route runs, its changes are rolled back, the reply is `status`
  (default 500) with an error body.
- `fail_after_commit`: the route runs and its changes are kept, but the reply is `status`
  (default 502): the client cannot know the outcome.
- `drop_after_commit`: as above, but the TCP connection is closed without any reply.
- `latency`: the request waits `latencyMs` first (combines with the others).
- `throttle`: a 429 storm; the request is not run and gets 429 with `Retry-After: retryAfter`.

Rules live in memory (not in the database): they are test conditions, not state. A rule with an
unknown field (`seconds` for `latencyMs`) is refused with a 400 naming it.
On the command line a rule is written `FAULT_SPEC`, e.g.
`"POST /v1/people fail_after_commit count=2"` or `"* /v1/* latency latency_ms=40 count=inf"`
(see `parse_fault`; its option names are `FAULT_OPTIONS`).
"""

from __future__ import annotations

import fnmatch
import itertools
import threading
from dataclasses import dataclass
from typing import Literal

from pydantic import ConfigDict, Field, ValidationError

from callplan_provider.models.base import ApiModel

FaultMode = Literal["fail_before_commit", "fail_after_commit", "drop_after_commit", "latency", "throttle"]
API_PREFIX = "/v1"
# The options of a rule written on the command line, and how to write the whole rule.
FAULT_OPTIONS = ("count", "after", "status", "latency_ms", "retry_after")
FAULT_SPEC = "'METHOD PATH MODE [count=N|inf after=N status=S latency_ms=MS retry_after=S]'"


class FaultRule(ApiModel):
    model_config = ConfigDict(extra="forbid")  # a control body: a misspelt field is a 400, not ignored

    id: str | None = None
    method: str = "*"
    path: str
    mode: FaultMode
    count: int | None = Field(default=1, ge=1)
    status: int | None = Field(default=None, ge=400, le=599)
    latency_ms: int = Field(default=0, ge=0, le=60_000)
    retry_after: int = Field(default=1, ge=0, le=3600)
    after: int = Field(default=0, ge=0, description="matching requests let through before it fires")
    fired: int = 0
    passed: int = 0

    def matches(self, method: str, path: str) -> bool:
        if self.method != "*" and self.method.upper() != method.upper():
            return False
        bare = path[len(API_PREFIX) :] if path.startswith(API_PREFIX + "/") else path
        return fnmatch.fnmatchcase(path, self.path) or fnmatch.fnmatchcase(bare, self.path)

    @property
    def exhausted(self) -> bool:
        return self.count is not None and self.fired >= self.count


class FaultList(ApiModel):
    items: list[FaultRule] = Field(default_factory=list)


@dataclass
class Triggered:
    """What the faults of one request say: an extra delay and at most one failure."""

    latency_s: float = 0.0
    failure: FaultRule | None = None


class FaultBook:
    """The active rules; thread-safe, since tests set them while the server runs."""

    def __init__(self) -> None:
        self._rules: list[FaultRule] = []
        self._ids = itertools.count(1)
        self._lock = threading.Lock()

    def add(self, rule: FaultRule) -> FaultRule:
        with self._lock:
            stored = rule.model_copy(update={"id": f"fault-{next(self._ids)}", "fired": 0, "passed": 0})
            self._rules.append(stored)
            return stored

    def rules(self) -> list[FaultRule]:
        with self._lock:
            return [r.model_copy() for r in self._rules]

    def remove(self, rule_id: str) -> bool:
        with self._lock:
            before = len(self._rules)
            self._rules = [r for r in self._rules if r.id != rule_id]
            return len(self._rules) < before

    def clear(self) -> None:
        with self._lock:
            self._rules.clear()

    def take(self, method: str, path: str) -> Triggered:
        """Fire the rules matching this request (spending one of each one's count)."""
        triggered = Triggered()
        with self._lock:
            for rule in self._rules:
                if rule.exhausted or not rule.matches(method, path):
                    continue
                if rule.passed < rule.after:
                    rule.passed += 1
                    continue
                if rule.mode == "latency":
                    triggered.latency_s += rule.latency_ms / 1000
                elif triggered.failure is None:
                    triggered.failure = rule
                else:
                    continue
                rule.fired += 1
            self._rules = [r for r in self._rules if not r.exhausted]
        return triggered


class FaultSpecError(ValueError):
    pass


def parse_fault(spec: str) -> FaultRule:
    """`"POST /v1/people fail_after_commit count=2 status=503"` → a `FaultRule`."""
    parts = spec.split()
    if len(parts) < 3:
        raise FaultSpecError(f"a fault is {FAULT_SPEC}, not {spec!r}")
    method, path, mode, *options = parts
    fields: dict[str, object] = {"method": method, "path": path, "mode": mode}
    for option in options:
        key, sep, value = option.partition("=")
        key = key.replace("-", "_")
        if not sep or key not in FAULT_OPTIONS:
            raise FaultSpecError(f"unknown fault option {option!r} (known: {', '.join(FAULT_OPTIONS)})")
        fields[key] = None if value in ("", "inf", "always") and key == "count" else value
    try:
        return FaultRule.model_validate(fields)
    except ValidationError as exc:
        raise FaultSpecError(f"bad fault {spec!r}: {exc.errors()[0]['msg']}") from exc
