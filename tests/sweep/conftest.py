"""The bad-input sweep's settings, its organisations, and its tally.

Settings live here, in two hypothesis profiles per level: `CALLPLAN_SWEEP=ci` (the default, what
`make test` runs: derandomized, so every run tries the same inputs, and bounded) or
`CALLPLAN_SWEEP=explore` (random, twenty times the examples: run it by hand to look further).
`SWEEP_CHECK` is the offline check/diff sweep's, `SWEEP_APPLY` the apply sweep's (its examples are
inputs that passed check: each is created on the sandbox, then read, diffed and deleted).

`TALLY` counts what the sweep tried; the end of the run prints it (`pytest_terminal_summary`).
"""

from __future__ import annotations

import os
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

from callplan_provider.resources import config
from callplan_provider.resources.extension import ExtensionProvider
from callplan_provider.resources.phone_menu import PhoneMenuProvider
from callplan_provider.resources.user import UserProvider
from callplan_provider.sandbox.bootstrap import create_activated_org
from tests.conftest import seed_numbers
from tests.sweep.inputs import Files, OrgFacts

# Examples per kind: inputs tried offline; inputs that passed check and were applied on the sandbox.
EXAMPLES = {"ci": {"check": 120, "apply": 15}, "explore": {"check": 2400, "apply": 300}}
_LEVEL = os.environ.get("CALLPLAN_SWEEP", "ci")
_COMMON: dict[str, Any] = {
    "derandomize": _LEVEL == "ci",
    "database": None,
    "print_blob": True,
    "suppress_health_check": [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
}
settings.register_profile(
    "sweep-check", max_examples=EXAMPLES[_LEVEL]["check"], deadline=timedelta(seconds=10), **_COMMON
)
settings.register_profile("sweep-apply", max_examples=EXAMPLES[_LEVEL]["apply"], deadline=None, **_COMMON)
SWEEP_CHECK = settings.get_profile("sweep-check")
SWEEP_APPLY = settings.get_profile("sweep-apply")


@dataclass
class Tally:
    """Per kind and level ("offline": check and diff; "sandbox": apply), the inputs tried and their fate."""

    counts: dict[tuple[str, str], Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    rules: Counter[str] = field(default_factory=Counter)

    def add(self, kind: str, level: str, outcome: str) -> None:
        self.counts[kind, level][outcome] += 1

    def lines(self) -> list[str]:
        if not self.counts:
            return []
        tried = {
            level: sum(c["tried"] for (_, lv), c in self.counts.items() if lv == level) for level in LEVELS
        }
        lines = [
            f"bad-input sweep ({_LEVEL}): {sum(tried.values())} inputs tried, "
            + ", ".join(f"{n} {LEVELS[level]}" for level, n in tried.items() if n)
        ]
        for (kind, level), counts in sorted(self.counts.items()):
            fate = ", ".join(f"{n} {what}" for what, n in counts.most_common() if what != "tried")
            lines.append(f"  {kind} {level}: {counts['tried']} tried: {fate}")
        lines += [f"  refused at apply by the {rule}: {n}" for rule, n in self.rules.most_common()]
        return lines


LEVELS = {"offline": "offline (check, diff)", "sandbox": "on the sandbox (check, create, read, diff, delete)"}
TALLY = Tally()


def pytest_terminal_summary(terminalreporter: Any) -> None:
    for line in TALLY.lines():
        terminalreporter.write_line(line)


def _today() -> Any:
    return datetime.now(UTC).date()


@pytest.fixture
def offline_facts(tmp_path: Path) -> OrgFacts:
    """Made-up objects: check and diff never ask the organisation."""
    person = "Y2lzY29zcGFyazovL3VzL1BFT1BMRS9zd2VlcC0"
    return OrgFacts(
        location_id="Y2lzY29zcGFyazovL3VzL0xPQ0FUSU9OL3N3ZWVw",
        owner_email="owner@example.com",
        main_number="+14155550100",
        free_numbers=["+14155550101", "+14155550102"],
        line_users=[(person + "1", "2001"), (person + "2", "2002")],
        bare_users=[person + "3", person + "4"],
        menus=[("Y2lzY29zcGFyazovL3VzL0FVVE9fQVRURU5EQU5UL3N3ZWVw", "2100")],
        files=Files.make(tmp_path / "documents"),
        today=_today(),
        offline=True,
    )


@pytest.fixture
def served_facts(sandbox: Any, tmp_path: Path) -> Iterator[OrgFacts]:
    """A fresh organisation with people (with and without a line), a phone menu and free numbers;
    the provider process's settings point at it."""
    org = create_activated_org(sandbox.url, numbers=seed_numbers(6))
    config.configure(
        {
            "callplan:endpoint": org.api_url,
            "callplan:token": org.admin_token,
            "callplan:locationId": org.location_id,
        }
    )
    try:
        yield _populate(org, Files.make(tmp_path / "documents"))
    finally:
        config.reset()


def _populate(org: Any, files: Files) -> OrgFacts:
    users, lines = UserProvider(), ExtensionProvider()

    def person(n: int) -> str:
        checked = users.check(
            {}, {"email": f"sweep-fixture{n}@example.com", "first_name": "P", "last_name": str(n)}
        )
        return users.create(checked.inputs).id

    people = [person(n) for n in range(5)]
    line_users = []
    for user, extension in zip(people[:2], ("2001", "2002"), strict=True):
        lines.create(lines.check({}, {"user_id": user, "extension": extension}).inputs)
        line_users.append((user, extension))
    menus = PhoneMenuProvider()
    checked = menus.check(
        {},
        {
            "name": "Sweep fixture menu",
            "extension": "2100",
            "business_hours": {"mon": ["09:00-17:00"]},
            "business_hours_menu": {"keys": {"0": {"action": "exit"}}},
        },
    )
    menu_id = menus.create(checked.inputs).id
    assert org.main_number is not None
    return OrgFacts(
        location_id=org.location_id,
        owner_email=org.owner_email,
        main_number=org.main_number,
        free_numbers=list(org.numbers),
        line_users=line_users,
        bare_users=people[2:],
        menus=[(menu_id, "2100")],
        files=files,
        today=_today(),
        offline=False,
    )
