"""What each resource of the running program claims, and the hand-overs between them.

All dynamic resources of a stack are served by one provider process, and the engine checks them one
at a time in the order the program declares them. Each check records here, under the resource's
Pulumi name (the hidden `__name` input), the keys it holds (from its old inputs) and the keys it
wants (its new inputs):

    ("number", "+14155550101")           a direct number, a menu's number, the main number
    ("extension", location, "201")       an extension in a location ("" = the default location)
    ("menu", location, "Main menu")      a phone menu's name in a location
    ("port", "+12125550150")             a number in a port order

Two resources wanting one key is a clash inside the program: the second fails naming the first
(`record`). A key the organisation shows held by an object this program changes in the same run is
no clash but a hand-over: the giver (a resource that held the key and no longer wants it) releases
it when its apply is done (`released`), and the taker's apply waits for that (`wait_for`, bounded).
When the taker is checked before its giver (a swap always has one such side), the question stays
open (`expect_release`) until the giver's check answers it; the program's last check (the program
says how many resources it declares: the hidden `__program` input) fails on any question left open.

Everything lives at module level under one lock (providers are pickled: they hold nothing).
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

Key = tuple[str, ...]
WAIT_SECONDS = 120.0


def describe(key: Key) -> str:
    kind = key[0]
    if kind == "number":
        return f"phone number {key[1]}"
    if kind == "extension":
        return f"extension {key[2]}" + (f" in location {key[1]}" if key[1] else "")
    if kind == "menu":
        return f'phone menu name "{key[2]}"' + (f" in location {key[1]}" if key[1] else "")
    return f"number {key[1]} of a port order"


@dataclass
class Holding:
    """One resource's claims: who it is in the organisation (`owner_id`), what it held and wants."""

    name: str
    kind: str
    owner_id: str | None
    held: frozenset[Key]
    wanted: frozenset[Key]

    @property
    def giving(self) -> frozenset[Key]:
        return self.held - self.wanted


@dataclass
class OpenQuestion:
    """`taker` wants `key`, which the organisation shows held by `owner_id`; `message` if nobody gives it."""

    taker: str
    key: Key
    owner_id: str
    message: str
    prop: str = ""
    reason: str = ""


@dataclass
class _State:
    lock: threading.Condition = field(default_factory=threading.Condition)
    holdings: dict[str, Holding] = field(default_factory=dict)
    program_size: int | None = None
    open: list[OpenQuestion] = field(default_factory=list)
    # (giver, key) → released: True once the giver's apply let go of it.
    released: dict[tuple[str, Key], bool] = field(default_factory=dict)
    # taker → {key: giver}: the hand-overs the taker's apply waits for.
    handovers: dict[str, dict[Key, str]] = field(default_factory=dict)
    new_lines: set[str] = field(default_factory=set)
    olds: dict[str, dict[str, Any]] = field(default_factory=dict)


_state = _State()


def reset() -> None:
    """Forget the program (tests)."""
    global _state
    _state = _State()


def old_inputs(name: str, olds: Mapping[str, Any]) -> dict[str, Any]:
    """The old inputs of `name`: these, or those of its first check. Once the engine has decided to
    replace a resource it checks it again without its old inputs (to fill defaults afresh); that
    second check is the same resource, not a new one."""
    with _state.lock:
        if olds:
            _state.olds[name] = dict(olds)
        return dict(_state.olds.get(name, {}))


def record(holding: Holding, program_size: int | None = None) -> list[tuple[Key, str]]:
    """Record a resource's claims; the keys another resource of the program already wants, with its name."""
    with _state.lock:
        if program_size is not None:
            _state.program_size = program_size
        _state.holdings[holding.name] = holding
        _state.open = [q for q in _state.open if q.taker != holding.name]  # a re-check asks anew
        clashes = []
        for key in sorted(holding.wanted):
            other = next(
                (
                    h
                    for h in _state.holdings.values()
                    if h.name != holding.name
                    and key in h.wanted
                    and not (h.owner_id and h.owner_id == holding.owner_id)
                ),
                None,
            )
            if other is not None:
                clashes.append((key, other.name))
        return clashes


def giver_of(key: Key, owner_id: str | None, taker: str) -> str | None:
    """The resource of the program that gives up `key` in this run (held by `owner_id`), if any."""
    with _state.lock:
        for h in _state.holdings.values():
            if h.name != taker and key in h.giving and (owner_id is None or h.owner_id in (owner_id, None)):
                _state.handovers.setdefault(taker, {})[key] = h.name
                return h.name
        return None


def expect_release(question: OpenQuestion) -> None:
    with _state.lock:
        _state.open.append(question)


def withdraw(taker: str) -> list[OpenQuestion]:
    """Take back `taker`'s open questions (its check fails anyway: it reports them at once)."""
    with _state.lock:
        mine = [q for q in _state.open if q.taker == taker]
        _state.open = [q for q in _state.open if q.taker != taker]
        _state.lock.notify_all()
        return mine


def count_new_line(name: str) -> int:
    """Note that `name` creates a calling line; how many lines the program creates so far."""
    with _state.lock:
        _state.new_lines.add(name)
        return len(_state.new_lines)


def settle(holding: Holding) -> list[OpenQuestion]:
    """Answer the open questions `holding` gives up; at the program's last check, those left."""
    with _state.lock:
        still = []
        for q in _state.open:
            answered = q.key in holding.giving and holding.owner_id in (q.owner_id, None)
            if answered:
                _state.handovers.setdefault(q.taker, {})[q.key] = holding.name
            else:
                still.append(q)
        _state.open = still
        _state.lock.notify_all()
        if still and _all_checked():
            _state.open = []
            return still
        return []


def is_last_check() -> bool:
    with _state.lock:
        return _all_checked()


def _all_checked() -> bool:
    """Has every resource the program declares been checked? (The caller holds the lock.)"""
    return _state.program_size is not None and len(_state.holdings) >= _state.program_size


# ---- apply -------------------------------------------------------------------------------------


def handovers_to(taker: str) -> dict[Key, str]:
    with _state.lock:
        return dict(_state.handovers.get(taker, {}))


def waits_on(taker: str, keys: Iterable[Key]) -> dict[Key, str]:
    """The hand-overs of `keys` to `taker` not released yet: key → giver."""
    with _state.lock:
        mine = _state.handovers.get(taker, {})
        return {k: g for k, g in mine.items() if k in set(keys) and not _state.released.get((g, k))}


def in_cycle(taker: str, key: Key) -> bool:
    """Does the giver of `key` wait for something `taker` gives (a swap)?"""
    with _state.lock:
        giver = _state.handovers.get(taker, {}).get(key)
        if giver is None:
            return False
        return any(
            g == taker and not _state.released.get((taker, k))
            for k, g in _state.handovers.get(giver, {}).items()
        )


def wait_for_answers(taker: str, timeout: float = WAIT_SECONDS) -> None:
    """Wait (bounded) until the checks still to come answered who gives `taker` its open keys: with
    `pulumi up --skip-preview`, a taker checked before its giver is applied before the giver is checked."""
    with _state.lock:
        _state.lock.wait_for(lambda: not any(q.taker == taker for q in _state.open), timeout=timeout)


def released(giver: str, keys: Iterable[Key]) -> None:
    """`giver`'s apply let go of `keys`: wake the takers waiting for them."""
    with _state.lock:
        for key in keys:
            _state.released[(giver, key)] = True
        _state.lock.notify_all()


def giving(name: str) -> frozenset[Key]:
    with _state.lock:
        holding = _state.holdings.get(name)
        return holding.giving if holding else frozenset()


def wait_for(taker: str, keys: Iterable[Key], timeout: float = WAIT_SECONDS) -> dict[Key, str]:
    """Wait (at most `timeout` seconds) until the givers of `keys` released them; those still held."""
    wanted = list(keys)
    with _state.lock:
        _state.lock.wait_for(lambda: not waits_on(taker, wanted), timeout=timeout)
        return waits_on(taker, wanted)
