"""Drive the real `pulumi` CLI on a copy of an example project, offline, on a local file backend.

`PulumiProject` drives one stack through the Automation API (`pulumi.automation`): a
`LocalWorkspace` on the project's folder and an `automation.Stack` (`automation_stack`), so
config, outputs and engine events come typed. The four operations (`up`, `preview`, `refresh`,
`destroy`) take the CLI flags the tests have always passed (`"--expect-no-changes"`,
`"--refresh"`, `"--run-program"`, `"--policy-pack", path`, ...) and hand them to the matching
`Stack` method as keyword arguments; a flag the Automation API has no keyword for runs the
command as given instead. Each returns a `Run` with the exit code, the output and the engine
events (`Run.events`, `Run.policy_violations()`). `run(...)` is the plain command line, for what
the Automation API does not cover.

Every command, whichever way it is started, goes through `EngineCommand`, the Automation API's
command runner made for tests: the engine from `.tools/bin` first on PATH, a private PULUMI_HOME,
a `file://` state backend, a passphrase, no update checks and no plugin downloads, and none of
the caller's `CALLPLAN_*` or `PULUMI_*` settings (so the stack config is the only source of the
connection settings; the Automation API's own runner would pass the caller's environment on).
Every command has a timeout and is timed per verb (`TIMINGS`, reported at the end of the
session); a failing command raises `PulumiError` with the command line and the tail of its
output, unless the caller passes `check=False` and judges the `Run`.

Secrets stay out of the harness's errors: the values set as secret config (`set_config`,
`init_stack`, `config set --secret`, `config set-all --secret`) and any the test adds to
`known_secrets` read `[secret]` in every error the harness raises (`PulumiError`, the Automation
API's `CommandError`) and in the command lines it records. What a command printed stays as it
printed it in the `Run` (`Run.output`): a test, and the secrets guard, judge that.
"""

from __future__ import annotations

import contextlib
import functools
import inspect
import json
import os
import shutil
import subprocess
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pulumi import automation
from pulumi.automation import CommandResult, ConfigValue, EngineEvent, LocalWorkspace, PolicyEvent
from pulumi.automation.errors import CommandError, create_command_error
from semver import VersionInfo

REPO = Path(__file__).resolve().parents[2]
TOOLS_BIN = REPO / ".tools" / "bin"
VENV = REPO / ".venv"
EXAMPLES = REPO / "examples" / "stacks"
PASSPHRASE = "e2e-passphrase-not-a-secret"
STACK = "e2e"
# Keep every command well under pytest's own timeout (pyproject: 300 s per test).
COMMAND_TIMEOUT = 180


SECRET_MARK = "[secret]"


class PulumiError(AssertionError):
    pass


def secrets_in_argv(argv: list[str]) -> set[str]:
    """The values a `config set --secret KEY VALUE` or `config set-all --secret KEY=VALUE` sets."""
    words = [a for a in argv if a != "--non-interactive"]
    if words[:1] != ["config"] or "--secret" not in words:
        return set()
    if words[1:2] == ["set-all"]:
        pairs = [words[i + 1] for i, word in enumerate(words[:-1]) if word == "--secret"]
        return {pair.partition("=")[2] for pair in pairs if "=" in pair}
    end = words.index("--") if "--" in words else len(words)  # after `--`, every word is positional
    options, rest = words[:end], words[end + 1 :]
    positional = [
        word
        for i, word in enumerate(options[2:], 2)
        if not word.startswith("-") and options[i - 1] not in _VALUED
    ] + rest
    return {positional[1]} if len(positional) >= 2 else set()


# Options of `pulumi config set` that take a value (its two positionals are the key and the value).
_VALUED = {"--stack", "-s", "--color", "--config-file", "--cwd", "-C"}


def scrub(text: str, secrets: set[str]) -> str:
    """`text` with every known secret replaced by `[secret]` (longest first: one may hold another)."""
    for secret in sorted((s for s in secrets if s), key=len, reverse=True):
        text = text.replace(secret, SECRET_MARK)
    return text


@dataclass
class Run:
    args: list[str]
    returncode: int
    stdout: str
    stderr: str
    seconds: float
    events: list[EngineEvent] = field(default_factory=list)
    """The engine's events, when the command ran through an Automation API operation."""
    result: Any = None
    """The Automation API's typed result of a successful operation (`UpResult`, `PreviewResult`...)."""

    @property
    def output(self) -> str:
        return self.stdout + self.stderr

    def json(self) -> Any:
        return json.loads(self.stdout)

    def policy_violations(self) -> list[PolicyEvent]:
        """The policy pack's findings (policy, enforcement level, resource, message)."""
        return [e.policy_event for e in self.events if e.policy_event is not None]


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
    """Copy `examples/stacks/<name>` into a tree that mirrors the repository (see `copy_project`)."""
    return copy_project(EXAMPLES / name, dest_root)


def copy_project(source: Path, dest_root: Path) -> Path:
    """Copy the project folder `source` (in this repository) into a tree that mirrors the repository.

    The copy keeps a relative `virtualenv: ../../../.venv` working through a `.venv` symlink at
    the root of the tree, so the tests run the Pulumi.yaml exactly as shipped.
    """
    dest_root.mkdir(parents=True, exist_ok=True)
    (dest_root / ".venv").symlink_to(VENV, target_is_directory=True)
    project = dest_root / source.resolve().relative_to(REPO)
    shutil.copytree(source, project, ignore=shutil.ignore_patterns("__pycache__", "Pulumi.*.yaml"))
    return project


# --- the command runner -----------------------------------------------------------------------------


@functools.cache
def _engine_version(pulumi: str) -> VersionInfo:
    version = subprocess.run([pulumi, "version"], capture_output=True, text=True, check=True).stdout
    return VersionInfo.parse(version.strip().removeprefix("v"))


@dataclass
class Completed:
    """One command the runner ran."""

    argv: list[str]
    result: CommandResult
    seconds: float

    @property
    def verb(self) -> str:
        return next((a for a in self.argv[1:] if not a.startswith("-")), "pulumi")


class EngineCommand(automation.PulumiCommand):
    """The Automation API's command runner, with the harness's environment, a timeout and timings.

    `completed` lists every command run, with its result also when it failed (the Automation API
    then raises a `CommandError` that holds only the result's text). `known_secrets` are scrubbed
    from the errors it raises and the command lines it records.
    """

    def __init__(self, pulumi: Path, env: Mapping[str, str], timeout: float = COMMAND_TIMEOUT) -> None:
        # Not PulumiCommand.__init__: it would run `pulumi version` with the caller's environment.
        self.command = str(pulumi)
        self.version = _engine_version(self.command)
        self.env = dict(env)
        self.timeout = timeout
        self.completed: list[Completed] = []
        self.known_secrets: set[str] = set()

    def run(
        self,
        args: list[str],
        cwd: str,
        additional_env: Mapping[str, str],
        on_output: Callable[[str], Any] | None = None,
        on_error: Callable[[str], Any] | None = None,
        timeout: float | None = None,
    ) -> CommandResult:
        argv = [self.command, "--non-interactive", *args]
        self.known_secrets |= secrets_in_argv(list(args))
        env = {**self.env, **additional_env, "PULUMI_AUTOMATION_API": "true"}
        limit = timeout or self.timeout
        started = time.monotonic()
        try:
            proc = subprocess.run(argv, cwd=cwd, env=env, capture_output=True, text=True, timeout=limit)
        except subprocess.TimeoutExpired as exc:
            message = f"`{' '.join(argv)}` timed out after {limit} s\n{_tail(exc.stdout, exc.stderr)}"
            raise PulumiError(self.scrub(message)) from None
        result = CommandResult(stdout=proc.stdout, stderr=proc.stderr, code=proc.returncode)
        done = Completed(["pulumi", *(self.scrub(a) for a in args)], result, time.monotonic() - started)
        self.completed.append(done)
        TIMINGS.add(done.verb, done.seconds)
        for callback, text in ((on_output, proc.stdout), (on_error, proc.stderr)):
            for line in text.splitlines() if callback else ():
                callback(line)  # type: ignore[misc]
        if proc.returncode != 0:
            shown = CommandResult(self.scrub(proc.stdout), self.scrub(proc.stderr), proc.returncode)
            raise create_command_error(shown) from None
        return result

    def scrub(self, text: str) -> str:
        return scrub(text, self.known_secrets)


# --- flags → Automation API keywords --------------------------------------------------------------

# flag → (keyword of the Stack method, whether it takes a value); keyword None: always passed by the
# Automation API (`up`, `refresh` and `destroy` run with `--yes --skip-preview`).
_FLAGS: dict[str, tuple[str | None, bool]] = {
    "--yes": (None, False),
    "--skip-preview": (None, False),
    "--expect-no-changes": ("expect_no_changes", False),
    "--diff": ("diff", False),
    "--refresh": ("refresh", False),
    "--run-program": ("run_program", False),
    "--json": ("json", False),
    "--target-dependents": ("target_dependents", False),
    "--exclude-dependents": ("exclude_dependents", False),
    "--continue-on-error": ("continue_on_error", False),
    "--clear-pending-creates": ("clear_pending_creates", False),
    "--target": ("target", True),
    "--exclude": ("exclude", True),
    "--replace": ("replace", True),
    "--policy-pack": ("policy_packs", True),
    "--policy-pack-config": ("policy_pack_configs", True),
    "--parallel": ("parallel", True),
    "--message": ("message", True),
}
_LISTS = {"target", "exclude", "replace", "policy_packs", "policy_pack_configs"}


def operation_keywords(method: Callable[..., Any], flags: tuple[str, ...]) -> dict[str, Any] | None:
    """`("--refresh", "--target", urn)` → `{"refresh": True, "target": [urn]}` for `method`, or
    None when a flag has no keyword that `method` accepts (then the command runs as given)."""
    accepted = inspect.signature(method).parameters
    keywords: dict[str, Any] = {}
    rest = list(flags)
    while rest:
        flag, has_value, value = rest.pop(0).partition("=")
        if flag not in _FLAGS:
            return None
        keyword, takes_value = _FLAGS[flag]
        if takes_value and not has_value:
            if not rest:
                return None
            value = rest.pop(0)
        if keyword is None:
            continue
        if keyword not in accepted or (has_value and not takes_value):
            return None
        if keyword in _LISTS:
            keywords.setdefault(keyword, []).append(value)
        elif keyword == "parallel":
            keywords[keyword] = int(value)
        else:
            keywords[keyword] = value if takes_value else True
    return keywords


# --- the project --------------------------------------------------------------------------------------


class PulumiProject:
    def __init__(self, folder: Path, env: dict[str, str], stack: str = STACK) -> None:
        self.folder = folder
        self.env = env
        self.stack = stack
        """The stack's name (the Automation API's `Stack` is `automation_stack`)."""
        self.backend = Path(env["PULUMI_BACKEND_URL"].removeprefix("file://"))
        self.name = yaml.safe_load((folder / "Pulumi.yaml").read_text())["name"]
        pulumi = find_pulumi()
        if pulumi is None:
            raise PulumiError("the Pulumi engine is not built: run `make engine`")
        self.command = EngineCommand(pulumi, env)
        self.workspace = LocalWorkspace(
            work_dir=str(folder), pulumi_home=env["PULUMI_HOME"], pulumi_command=self.command
        )
        self._stack: automation.Stack | None = None

    @property
    def automation_stack(self) -> automation.Stack:
        """The Automation API's handle on this project's stack (selected, or created by `init_stack`)."""
        if self._stack is None:
            self._stack = automation.Stack.select(self.stack, self.workspace)
        return self._stack

    # --- running --------------------------------------------------------------------------------

    def run(self, *args: str, check: bool = True, timeout: float = COMMAND_TIMEOUT) -> Run:
        """Any `pulumi` command line, in the project's folder, on this stack."""
        argv = [*args, "--color", "never"]
        if args[:2] != ("stack", "init"):
            argv += ["--stack", self.stack]
        mark = len(self.command.completed)
        with contextlib.suppress(CommandError):
            self.command.run(argv, str(self.folder), {}, timeout=timeout)
        return self._finish(mark, args[0], check)

    def _finish(
        self, mark: int, verb: str, check: bool, events: list[EngineEvent] | None = None, result: Any = None
    ) -> Run:
        """The Run of the `verb` command started since `completed[mark]` (an operation also reads
        the stack's outputs and history after the command itself)."""
        done = next(c for c in self.command.completed[mark:] if c.verb == verb)
        run = Run(
            done.argv,
            done.result.code,
            done.result.stdout,
            done.result.stderr,
            done.seconds,
            events or [],
            result,
        )
        if check and run.returncode != 0:
            message = f"`{' '.join(run.args)}` exited {run.returncode}\n{_tail(run.stdout, run.stderr)}"
            raise PulumiError(self.command.scrub(message))
        return run

    def _operation(self, verb: str, extra: tuple[str, ...], check: bool) -> Run:
        method = getattr(self.automation_stack, verb)
        keywords = operation_keywords(method, extra)
        if keywords is None:  # a flag the Automation API does not know: the plain command line
            auto_flags = () if verb == "preview" else ("--yes", "--skip-preview")
            return self.run(verb, *auto_flags, *extra, check=check)
        events: list[EngineEvent] = []
        mark = len(self.command.completed)
        result = None
        with contextlib.suppress(CommandError):
            result = method(color="never", on_event=events.append, **keywords)
        return self._finish(mark, verb, check, events, result)

    def init_stack(self, config: dict[str, str], secrets: dict[str, str]) -> None:
        self._stack = automation.Stack.create(self.stack, self.workspace)
        self.set_config(config, secrets)

    @property
    def known_secrets(self) -> set[str]:
        """Values scrubbed from the harness's errors (secret config values join by themselves)."""
        return self.command.known_secrets

    def set_config(self, config: dict[str, str], secrets: dict[str, str] | None = None) -> None:
        """Set plain and secret values in one call (`--path` keys allowed, e.g. `users.bob.lastName`)."""
        self.known_secrets.update((secrets or {}).values())
        values = {k: ConfigValue(value=v) for k, v in config.items()}
        values.update({k: ConfigValue(value=v, secret=True) for k, v in (secrets or {}).items()})
        self.automation_stack.set_all_config(values, path=True)

    def remove_config(self, *keys: str) -> None:
        if keys:
            self.automation_stack.remove_all_config(list(keys), path=True)

    def config(self) -> automation.ConfigMap:
        """The stack's config, typed (secrets in clear text, marked `secret`)."""
        return self.automation_stack.get_all_config()

    # --- the four operations ----------------------------------------------------------------------

    def up(self, *extra: str, check: bool = True) -> Run:
        return self._operation("up", extra, check)

    def preview(self, *extra: str, check: bool = True) -> Run:
        return self._operation("preview", extra, check)

    def preview_json(self, *extra: str, check: bool = True) -> dict[str, Any]:
        doc: dict[str, Any] = self.preview("--json", *extra, check=check).json()
        return doc

    def refresh(self, *extra: str, check: bool = True) -> Run:
        return self._operation("refresh", extra, check)

    def destroy(self, *extra: str, check: bool = True) -> Run:
        return self._operation("destroy", extra, check)

    # --- reading the stack -------------------------------------------------------------------------

    def outputs(self) -> dict[str, Any]:
        """The stack outputs as `pulumi stack output --json` prints them (secrets as "[secret]")."""
        doc: dict[str, Any] = self.run("stack", "output", "--json").json()
        return doc

    def typed_outputs(self) -> automation.OutputMap:
        """The stack outputs, typed (secrets in clear text, marked `secret`)."""
        return self.automation_stack.outputs()

    def export(self) -> str:
        """`pulumi stack export`: the state as JSON text, secrets still encrypted."""
        return self.run("stack", "export").stdout

    def resources(self) -> list[dict[str, Any]]:
        """Every resource of the state (secrets still encrypted)."""
        resources: list[dict[str, Any]] = json.loads(self.export())["deployment"].get("resources", [])
        return resources

    def resource_outputs(self, name: str) -> dict[str, Any]:
        """The outputs the state holds for the resource named `name` (secrets stay ciphertext)."""
        found = [r for r in self.resources() if r["urn"].rsplit("::", 1)[-1] == name]
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
