"""Fixtures for the engine end-to-end tests: a sandbox, an org, and a stack of an example project.

Each test module deploys one example once (module-scoped) and its tests share that stack, in file
order: every `pulumi` command costs seconds, so the tests build on each other's state instead of
starting over. Each module gets its own sandbox server (the sandbox clock is global to a server,
and the port-in tests move it).

The engine is `.tools/bin/pulumi` (`make engine`; `make test` builds it first) or a `pulumi` on
PATH. Without it these tests FAIL, saying so, unless `CALLPLAN_SKIP_E2E=1` skips them.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import LIVE
from tests.e2e.pulumi_cli import (
    TIMINGS,
    PulumiProject,
    copy_example,
    copy_project,
    engine_env,
    find_pulumi,
)
from tests.e2e.sandbox_view import SandboxView

OFFICE_NUMBERS = ["+14155550100", "+14155550101", "+14155550102"]
PORT_IN_NUMBERS = ["+12125550150", "+12125550151"]
OWNER_EMAIL = "owner@example.com"
SKIP_ENV = "CALLPLAN_SKIP_E2E"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.e2e)


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if not TIMINGS.seconds:
        return
    total = sum(TIMINGS.seconds.values())
    parts = ", ".join(
        f"{verb} {TIMINGS.counts[verb]}x {secs:.1f}s" for verb, secs in sorted(TIMINGS.seconds.items())
    )
    terminalreporter.write_line(f"e2e: {total:.1f}s in pulumi commands ({parts})")


@pytest.fixture(scope="session")
def pulumi_engine() -> Path:
    if os.environ.get(SKIP_ENV) == "1":
        pytest.skip(f"{SKIP_ENV}=1: engine end-to-end tests skipped")
    pulumi = find_pulumi()
    if pulumi is None:
        pytest.fail(
            "the Pulumi engine is not built: run `make engine` (`make test` builds it first), "
            f"or set {SKIP_ENV}=1 to skip the engine end-to-end tests",
            pytrace=False,
        )
    missing = [
        helper
        for helper in ("pulumi-language-python", "pulumi-resource-pulumi-python")
        if not (pulumi.parent / helper).is_file() and shutil.which(helper) is None
    ]
    if missing:
        pytest.fail(
            f"the Pulumi engine is incomplete ({', '.join(missing)} missing): run `make engine`",
            pytrace=False,
        )
    return pulumi


@pytest.fixture(scope="session")
def pulumi_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("pulumi-home")


@dataclass
class Deployment:
    """One example project deployed as a stack against one sandbox org."""

    project: PulumiProject
    view: SandboxView
    org: Any  # callplan_provider.sandbox.bootstrap.OrgHandle
    server: Any  # callplan_provider.sandbox.SandboxServer
    notes: dict[str, Any] = field(default_factory=dict)  # what a module's fixture wants to remember

    @property
    def folder(self) -> Path:
        return self.project.folder


@pytest.fixture(scope="module")
def e2e_sandbox() -> Iterator[Any]:
    from callplan_provider.sandbox import SandboxServer

    if LIVE is not None:
        pytest.skip("live mode: needs the embedded sandbox")
    with SandboxServer() as server:
        yield server


def new_org(server: Any, numbers: list[str]) -> Any:
    from callplan_provider.sandbox.bootstrap import create_activated_org

    return create_activated_org(server.url, numbers=numbers, owner_email=OWNER_EMAIL, licenses=10)


def start_stack(
    name: str,
    root: Path,
    server: Any,
    org: Any,
    pulumi_home: Path,
    config: dict[str, str],
    secrets: dict[str, str],
    source: Path | None = None,
) -> Deployment:
    """Copy the example (or the project folder `source`), create its stack on a fresh file
    backend and point it at the org."""
    backend = root / "state"
    backend.mkdir()
    folder = copy_project(source, root / "tree") if source else copy_example(name, root / "tree")
    project = PulumiProject(folder, engine_env(pulumi_home, backend))
    provider_config = {"callplan:endpoint": org.api_url, "callplan:locationId": org.location_id}
    project.init_stack({**provider_config, **config}, {"callplan:token": org.admin_token, **secrets})
    view = SandboxView(org.api_url, org.admin_token, org.location_id)
    return Deployment(project, view, org, server)
