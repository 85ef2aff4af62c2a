"""Drive the real `pulumi` CLI on a copy of an example project, offline, on a local file backend.

`PulumiProject` runs one command at a time in the project's folder with a fixed environment:
the engine from `.tools/bin` first on PATH, a private PULUMI_HOME, a `file://` state backend, a
passphrase, no update checks and no plugin downloads, and none of the caller's `CALLPLAN_*` or
`PULUMI_*` settings (so the stack config is the only source of the connection settings).
Every command has a timeout and its output is kept; a failing command raises `PulumiError` with
the command line and the tail of its output.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parents[2]
TOOLS_BIN = REPO / ".tools" / "bin"
VENV = REPO / ".venv"
EXAMPLES = REPO / "examples" / "stacks"
PASSPHRASE = "e2e-passphrase-not-a-secret"
STACK = "e2e"
# Keep every command well under pytest's own timeout (pyproject: 300 s per test).
COMMAND_TIMEOUT = 180


class PulumiError(AssertionError):
    pass


@dataclass
class Run:
    args: list[str]
    returncode: int
    stdout: str
    stderr: str
    seconds: float

    @property
    def output(self) -> str:
        return self.stdout + self.stderr

    def json(self) -> Any:
        return json.loads(self.stdout)


@dataclass
class Timings:
    """Wall time spent in pulumi commands, per command verb (reported at the end of the session)."""

    seconds: dict[str, float] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)

    def add(self, verb: str, seconds: float) -> None:
        self.seconds[verb] = self.seconds.get(verb, 0.0) + seconds
        self.counts[verb] = self.counts.get(verb, 0) + 1


TIMINGS = Timings()


def find_pulumi() -> Path | None:
    """The engine `make engine` builds, else a `pulumi` on PATH (the build script accepts one)."""
    if (TOOLS_BIN / "pulumi").is_file():
        return TOOLS_BIN / "pulumi"
    found = shutil.which("pulumi")
    return Path(found) if found else None


def engine_env(pulumi_home: Path, backend: Path) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("PULUMI_", "CALLPLAN_", "WEBEX_")) or k == "CALLPLAN_STRICT_MODELS"
    }
    pulumi = find_pulumi()
    path_dirs = [str(TOOLS_BIN), str(VENV / "bin")]
    if pulumi is not None:
        path_dirs.insert(0, str(pulumi.parent))
    env.update(
        PATH=os.pathsep.join([*path_dirs, env.get("PATH", "")]),
        PULUMI_HOME=str(pulumi_home),
        PULUMI_BACKEND_URL=backend.as_uri(),
        PULUMI_CONFIG_PASSPHRASE=PASSPHRASE,
        PULUMI_SKIP_UPDATE_CHECK="true",
        PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION="true",
        PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK="true",
        NO_COLOR="1",
    )
    return env


def copy_example(name: str, dest_root: Path) -> Path:
    """Copy `examples/stacks/<name>` into a tree that mirrors the repository.

    The copy keeps its relative `virtualenv: ../../../.venv` working through a `.venv` symlink at
    the root of the tree, so the tests run the Pulumi.yaml exactly as shipped.
    """
    dest_root.mkdir(parents=True, exist_ok=True)
    (dest_root / ".venv").symlink_to(VENV, target_is_directory=True)
    project = dest_root / "examples" / "stacks" / name
    shutil.copytree(EXAMPLES / name, project, ignore=shutil.ignore_patterns("__pycache__", "Pulumi.*.yaml"))
    return project


class PulumiProject:
    def __init__(self, folder: Path, env: dict[str, str], stack: str = STACK) -> None:
        self.folder = folder
        self.env = env
        self.stack = stack
        self.backend = Path(env["PULUMI_BACKEND_URL"].removeprefix("file://"))
        self.name = yaml.safe_load((folder / "Pulumi.yaml").read_text())["name"]

    # --- running --------------------------------------------------------------------------------

    def run(self, *args: str, check: bool = True, timeout: float = COMMAND_TIMEOUT) -> Run:
        argv = ["pulumi", *args, "--non-interactive", "--color", "never"]
        if args[:2] != ("stack", "init"):
            argv += ["--stack", self.stack]
        started = time.monotonic()
        try:
            proc = subprocess.run(
                argv, cwd=self.folder, env=self.env, capture_output=True, text=True, timeout=timeout
            )
        except subprocess.TimeoutExpired as exc:
            raise PulumiError(
                f"`{' '.join(argv)}` timed out after {timeout} s\n{_tail(exc.stdout, exc.stderr)}"
            ) from None
        seconds = time.monotonic() - started
        TIMINGS.add(args[0], seconds)
        run = Run(argv, proc.returncode, proc.stdout, proc.stderr, seconds)
        if check and proc.returncode != 0:
            raise PulumiError(f"`{' '.join(argv)}` exited {proc.returncode}\n{_tail(run.stdout, run.stderr)}")
        return run

    def init_stack(self, config: dict[str, str], secrets: dict[str, str]) -> None:
        self.run("stack", "init", self.stack)
        self.set_config(config, secrets)

    def set_config(self, config: dict[str, str], secrets: dict[str, str] | None = None) -> None:
        """Set plain and secret values in one call (`--path` keys allowed, e.g. `users.bob.lastName`)."""
        pairs = [f"--plaintext={k}={v}" for k, v in config.items()]
        pairs += [f"--secret={k}={v}" for k, v in (secrets or {}).items()]
        self.run("config", "set-all", "--path", *pairs)

    def remove_config(self, *keys: str) -> None:
        for key in keys:
            self.run("config", "rm", "--path", key)

    # --- the four operations ----------------------------------------------------------------------

    def up(self, *extra: str, check: bool = True) -> Run:
        return self.run("up", "--yes", "--skip-preview", *extra, check=check)

    def preview(self, *extra: str, check: bool = True) -> Run:
        return self.run("preview", *extra, check=check)

    def preview_json(self, *extra: str, check: bool = True) -> dict[str, Any]:
        run = self.run("preview", "--json", *extra, check=check)
        doc: dict[str, Any] = json.loads(run.stdout)
        return doc

    def refresh(self, *extra: str, check: bool = True) -> Run:
        return self.run("refresh", "--yes", "--skip-preview", *extra, check=check)

    def destroy(self, *extra: str, check: bool = True) -> Run:
        return self.run("destroy", "--yes", "--skip-preview", *extra, check=check)

    # --- reading the stack -------------------------------------------------------------------------

    def outputs(self) -> dict[str, Any]:
        doc: dict[str, Any] = self.run("stack", "output", "--json").json()
        return doc

    def export(self) -> str:
        return self.run("stack", "export").stdout

    def resource_outputs(self, name: str) -> dict[str, Any]:
        """The outputs the state holds for the resource named `name` (secrets stay ciphertext)."""
        deployment = json.loads(self.export())["deployment"]
        found = [r for r in deployment.get("resources", []) if r["urn"].rsplit("::", 1)[-1] == name]
        if len(found) != 1:
            raise PulumiError(f"{len(found)} resources named {name!r} in the state of {self.stack}")
        outputs: dict[str, Any] = found[0].get("outputs", {})
        return outputs

    def state_files(self) -> list[Path]:
        """Every file the file backend wrote for this project (state, history, backups)."""
        return sorted(p for p in (self.backend / ".pulumi").rglob("*") if p.is_file())


def changed_steps(preview: dict[str, Any]) -> list[tuple[str, str]]:
    """(op, resource name) of each step of a `pulumi preview --json` that changes something."""
    steps = []
    for step in preview.get("steps", []):
        if step.get("op") in (None, "same", "read"):
            continue
        steps.append((step["op"], step["urn"].rsplit("::", 1)[-1]))
    return sorted(steps)


def _tail(stdout: str | bytes | None, stderr: str | bytes | None, lines: int = 60) -> str:
    def text(value: str | bytes | None) -> str:
        return value.decode(errors="replace") if isinstance(value, bytes) else (value or "")

    combined = (text(stdout) + "\n" + text(stderr)).strip().splitlines()
    return "\n".join(combined[-lines:])
