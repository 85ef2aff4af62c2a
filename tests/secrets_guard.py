"""The secrets guard: one check that no token, PIN or document byte leaked anywhere the suite saw.

A pytest plugin (`pytest_plugins` of `tests/conftest.py`). While the tests run it collects the
secrets and everything that could leak them; a last test item, appended to every run whatever
`-k`/`-m` select (`tests/secrets_guard.py::no_secret_leaked`), greps the one for the other.

The secrets (`Guard.add_secret`), taken where they are born or read:
- every API token a sandbox of this process mints (`Control.issue_token`, admin and read-only),
  and the tokens of every `OrgHandle` (orgs of a sandbox served by another process too);
- every transfer PIN the sandbox is given (`_set_port_pin`), and every PIN in the `losing_carrier`
  of a PortOrder provider operation;
- every port document: what the provider reads (`read_document`) and what the sandbox decodes from
  an upload; their first `DOCUMENT_WINDOW` bytes (a leak of a document starts with its start).

What could leak them (`Guard.record`):
- every log record of every logger at DEBUG, with its traceback: the root logger is at DEBUG for
  the session (a logger that sets its own level keeps it, as the sandbox's uvicorn does);
- the text of every `ApiError`, `CallplanError`, `SettingsError` and sandbox error ever built;
- in process, every provider operation of every kind: the exception (with its traceback) that
  escapes it, check's failure reasons, and the properties the engine would store in the state
  (check's inputs, the outputs and inputs of create, read and update), less the properties a
  resource makes secret (`SECRET_PROPERTIES`);
- every serialized provider (`serialize_provider`, the pickle decoded);
- what every test printed (pytest's captured stdout and stderr: `pulumi.log` prints there when no
  engine runs), and the stdout and stderr of every `pulumi` command of the end-to-end tests;
- at the end, files under pytest's temporary directory: every provider host's stderr
  (`provider-host-*.stderr`), the end-to-end stacks' state backends (every file under `.pulumi/`,
  with the pickled providers in the checkpoints decoded) and stack config (`Pulumi.*.yaml`).

`forms(secret)` lists the forms a leak may take: as is, percent-encoded, JSON- and repr-escaped,
base64 and URL-safe base64 at each of the three alignments (so it is found inside a longer base64
text too), and hex for documents. A secret shorter than `WHOLE_WORD_BELOW` (a 4-digit PIN) counts
only as a whole word, not inside a longer run of letters and digits (a phone number ending in
8642). `LeakFinder` greps every form of every secret in one pass (Aho-Corasick, pyahocorasick).
A failure lists each leak with its source and context, the secret masked.
"""

from __future__ import annotations

import base64
import binascii
import functools
import hashlib
import json
import logging
import os
import re
import threading
import traceback
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote_from_bytes

import ahocorasick
import pytest

DOCUMENT_WINDOW = 64
MIN_DOCUMENT_BYTES = 16  # a shorter document is too common a byte string to grep for
MIN_SECRET = 4  # the shortest transfer PIN; a shorter "PIN" (refused by check) is no grep-able secret
WHOLE_WORD_BELOW = 12
MIN_ENCODED = 16  # base64 and hex forms shorter than this are left out (too common)
CONTEXT = 40
# Properties a resource declares secret (`additional_secret_outputs`): the engine encrypts them.
SECRET_PROPERTIES: Mapping[str, tuple[str, ...]] = {"PortOrder": ("losing_carrier",)}
PROVIDER_OPERATIONS = ("check", "diff", "create", "read", "update", "delete")
_WORD = re.compile(r"[A-Za-z0-9]")
# A UUID (tracking ids, object ids) is random hex: a short PIN of digits turns up in one by chance.
_UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
_PICKLED_PROVIDER = re.compile(rb'"__provider":\s*"([A-Za-z0-9+/=]+)"')


# --- the secrets and their forms ----------------------------------------------------------------


@dataclass(frozen=True)
class Secret:
    kind: str  # "token", "PIN" or "document"
    value: bytes

    @property
    def masked(self) -> str:
        """How a report names it without showing it."""
        return f"{self.kind} sha256:{hashlib.sha256(self.value).hexdigest()[:10]} ({len(self.value)} bytes)"


def forms(secret: Secret) -> Iterator[tuple[str, bytes]]:
    """(name, bytes) of each form the secret may take in a leak (duplicates and short encodings left out)."""
    seen: set[bytes] = set()
    for name, form in _all_forms(secret):
        encoded = name in ("base64", "URL-safe base64", "hex")
        if form in seen or (encoded and len(form) < MIN_ENCODED):
            continue
        seen.add(form)
        yield name, form


def _all_forms(secret: Secret) -> Iterator[tuple[str, bytes]]:
    value = secret.value
    yield "as is", value
    if secret.kind == "document":
        yield "repr", repr(value)[2:-1].encode()
        yield "percent-encoded", quote_from_bytes(value).encode()
        yield "hex", value.hex().encode()
    else:
        text = value.decode("utf-8", "surrogatepass")
        yield "percent-encoded", quote_from_bytes(value, safe="").encode()
        yield "form-encoded", quote_from_bytes(value, safe=" ").replace(" ", "+").encode()
        yield "JSON", json.dumps(text)[1:-1].encode()
        yield "repr", repr(text)[1:-1].encode("utf-8", "surrogatepass")
    for shift in range(3):
        chunk = value[shift:]
        chunk = chunk[: len(chunk) // 3 * 3]
        yield "base64", base64.b64encode(chunk)
        yield "URL-safe base64", base64.urlsafe_b64encode(chunk)


@dataclass(frozen=True)
class Leak:
    secret: Secret
    form: str
    source: str
    context: str

    def __str__(self) -> str:
        return f"{self.secret.masked}, {self.form}, in {self.source}: ...{self.context}..."


class LeakFinder:
    """Every form of every secret, found in one pass over a text."""

    def __init__(self, secrets: Iterable[Secret]) -> None:
        self._automaton = ahocorasick.Automaton()
        for secret in secrets:
            whole_word = len(secret.value) < WHOLE_WORD_BELOW
            for name, form in forms(secret):
                key = form.decode("latin-1")
                if key not in self._automaton:
                    self._automaton.add_word(key, (secret, name, whole_word, len(key)))
        self._empty = len(self._automaton) == 0
        if not self._empty:
            self._automaton.make_automaton()

    def find(self, source: str, text: str | bytes) -> list[Leak]:
        if self._empty or not text:
            return []
        haystack = _as_latin1(text)
        leaks = []
        for end, (secret, form, whole_word, length) in self._automaton.iter(haystack):
            start = end - length + 1
            if whole_word and (_is_word_char(haystack, start - 1) or _is_word_char(haystack, end + 1)):
                continue
            if whole_word and _inside_uuid(haystack, start, end + 1):
                continue
            leaks.append(Leak(secret, form, source, _masked_context(haystack, start, end + 1)))
        return leaks


def _as_latin1(text: str | bytes) -> str:
    """One character per byte (UTF-8 for text), so byte needles and text haystacks line up."""
    data = text.encode("utf-8", "surrogatepass") if isinstance(text, str) else text
    return data.decode("latin-1")


def _inside_uuid(haystack: str, start: int, end: int) -> bool:
    window_start = max(0, start - 36)
    window = haystack[window_start : end + 36]
    return any(
        m.start() + window_start <= start and end <= m.end() + window_start for m in _UUID.finditer(window)
    )


def _is_word_char(haystack: str, index: int) -> bool:
    return 0 <= index < len(haystack) and bool(_WORD.match(haystack[index]))


def _masked_context(haystack: str, start: int, end: int) -> str:
    before = haystack[max(0, start - CONTEXT) : start]
    after = haystack[end : end + CONTEXT]
    return repr(f"{before}<SECRET>{after}")[1:-1]


# --- what the suite saw --------------------------------------------------------------------------


@dataclass
class Guard:
    secrets: dict[bytes, Secret] = field(default_factory=dict)
    texts: dict[str, list[str | bytes]] = field(default_factory=lambda: defaultdict(list))
    roots: list[Path] = field(default_factory=list)  # where the end-of-run files are looked for
    grepped: Counter[str] = field(default_factory=Counter)  # what the last `leaks()` went through
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add_secret(self, kind: str, value: str | bytes | None) -> None:
        if not value:
            return
        data = value.encode("utf-8", "surrogatepass") if isinstance(value, str) else bytes(value)
        if kind == "document":
            data = data[:DOCUMENT_WINDOW]
        if len(data) < (MIN_DOCUMENT_BYTES if kind == "document" else MIN_SECRET):
            return
        self.secrets.setdefault(data, Secret(kind, data))

    def record(self, source: str, text: str | bytes) -> None:
        if text:
            with self.lock:  # the sandbox's server thread logs too
                self.texts[source].append(text)

    def sources(self) -> Iterator[tuple[str, str | bytes]]:
        """Every recorded text, then every file of `roots` that could hold a leak (source, content)."""
        for source, texts in self.texts.items():
            for text in texts:
                yield source, text
        for path in _files_to_grep(self.roots):
            content = path.read_bytes()
            yield str(path), content
            for pickled in _PICKLED_PROVIDER.findall(content):
                yield f"{path} (a pickled provider)", _unbase64(pickled)

    def leaks(self) -> list[Leak]:
        finder = LeakFinder(self.secrets.values())
        found: list[Leak] = []
        self.grepped.clear()
        for source, text in self.sources():
            found.extend(finder.find(source, text))
            self.grepped["texts" if source in self.texts else "files"] += 1
            self.grepped["bytes"] += len(text)
        return found

    def summary(self) -> str:
        kinds = Counter(secret.kind for secret in self.secrets.values())
        secrets = ", ".join(f"{n} {kind}s" for kind, n in sorted(kinds.items())) or "no secrets"
        grepped = self.grepped
        return (
            f"{secrets}, grepped for in the run's texts ({grepped['texts']}) and files ({grepped['files']}): "
            f"{grepped['bytes'] / 1e6:.1f} MB"
        )


def _files_to_grep(roots: Iterable[Path]) -> Iterator[Path]:
    for root in roots:
        for folder, dirs, files in os.walk(root):  # never follows symlinks (the e2e trees link .venv)
            here = Path(folder)
            in_backend = ".pulumi" in here.parts
            for name in files:
                if in_backend or name.startswith("provider-host-") or re.fullmatch(r"Pulumi\..+\.yaml", name):
                    yield here / name
            dirs[:] = [d for d in dirs if d != ".venv"]


def _unbase64(text: bytes) -> bytes:
    try:
        return base64.b64decode(text)
    except (binascii.Error, ValueError):
        return text


GUARD = Guard()


# --- taps: where the secrets are born and where text is made --------------------------------------


class Taps:
    """Wrappers put on functions and methods for the session, and taken off again."""

    def __init__(self) -> None:
        self._undo: list[tuple[Any, str, Any, bool]] = []

    def wrap(self, owner: Any, name: str, make: Callable[[Any], Any]) -> None:
        original = getattr(owner, name)  # AttributeError: a tap lost its target, loudly
        own = name in vars(owner)
        setattr(owner, name, make(original))
        self._undo.append((owner, name, original, own))

    def after(self, owner: Any, name: str, seen: Callable[..., None]) -> None:
        """Call `seen(result, *args, **kwargs)` after each call of `owner.name`."""

        def make(original: Callable[..., Any]) -> Callable[..., Any]:
            @functools.wraps(original)
            def tapped(*args: Any, **kwargs: Any) -> Any:
                result = original(*args, **kwargs)
                seen(result, *args, **kwargs)
                return result

            return tapped

        self.wrap(owner, name, make)

    def undo(self) -> None:
        for owner, name, original, own in reversed(self._undo):
            if own:
                setattr(owner, name, original)
            else:
                delattr(owner, name)
        self._undo.clear()


class _AsBefore(logging.Filter):
    """What a handler would have received without the guard: the root logger back at its own level."""

    def __init__(self, root_level: int) -> None:
        super().__init__()
        self.root_level = root_level

    def filter(self, record: logging.LogRecord) -> bool:
        logger: logging.Logger | None = logging.getLogger(record.name)
        while logger is not None and logger.parent is not None and logger.level == logging.NOTSET:
            logger = logger.parent
        own = logger.level if logger is not None and logger.parent is not None else self.root_level
        return record.levelno >= own


class _Recorder(logging.Handler):
    def __init__(self, guard: Guard) -> None:
        super().__init__(logging.DEBUG)
        self.guard = guard
        self.setFormatter(logging.Formatter("%(name)s %(levelname)s %(message)s"))

    def emit(self, record: logging.LogRecord) -> None:
        try:
            self.guard.record("log records", self.format(record))
        except Exception:
            self.handleError(record)


def install_taps(guard: Guard, taps: Taps) -> None:
    _tap_secrets(guard, taps)
    _tap_errors(guard, taps)
    _tap_providers(guard, taps)
    _tap_engine(guard, taps)


def _tap_secrets(guard: Guard, taps: Taps) -> None:
    from callplan_provider.resources import port_order
    from callplan_provider.sandbox import bootstrap
    from callplan_provider.sandbox.backend import control
    from callplan_provider.sandbox.backend import port_orders as sandbox_port_orders

    taps.after(control.Control, "issue_token", lambda token, *_, **__: guard.add_secret("token", token))

    def org_made(_: None, org: Any, *__: Any, **___: Any) -> None:
        guard.add_secret("token", org.admin_token)
        guard.add_secret("token", org.read_token)

    taps.after(bootstrap.OrgHandle, "__init__", org_made)
    taps.after(
        sandbox_port_orders.PortOrdersArea,
        "_set_port_pin",
        lambda _, __, ___, pin, **____: guard.add_secret("PIN", pin),
    )
    taps.after(
        sandbox_port_orders, "_decode_document", lambda content, *_: guard.add_secret("document", content)
    )
    taps.after(port_order, "read_document", lambda result, *_: guard.add_secret("document", result[0]))


def _tap_errors(guard: Guard, taps: Taps) -> None:
    from callplan_provider.client.session import ApiError
    from callplan_provider.resources.base import CallplanError
    from callplan_provider.resources.config import SettingsError
    from callplan_provider.sandbox.errors import SandboxError

    for error in (ApiError, CallplanError, SettingsError, SandboxError):
        taps.after(error, "__init__", lambda _, exc, *__, **___: guard.record("error messages", str(exc)))


def _tap_providers(guard: Guard, taps: Taps) -> None:
    from callplan_provider.resources import provider_classes

    for kind, provider_class in provider_classes().items():
        for operation in PROVIDER_OPERATIONS:
            taps.wrap(provider_class, operation, functools.partial(_watched, guard, kind))


def _watched(guard: Guard, kind: str, original: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(original)
    def operation(provider: Any, *args: Any, **kwargs: Any) -> Any:
        for props in [*args, *kwargs.values()]:
            guard.add_secret("PIN", _pin_in(props))
        try:
            result = original(provider, *args, **kwargs)
        except BaseException as exc:
            guard.record("provider errors", "".join(traceback.format_exception(exc)))
            raise
        for reason in [f.reason for f in getattr(result, "failures", None) or []]:
            guard.record("check failures", reason)
        for name in ("inputs", "outs"):
            props = getattr(result, name, None)
            if isinstance(props, Mapping):
                shown = {k: v for k, v in props.items() if k not in SECRET_PROPERTIES.get(kind, ())}
                guard.record(f"{kind} properties for the state", repr(shown))
        return result

    return operation


def _pin_in(props: Any) -> str | None:
    carrier = props.get("losing_carrier") if isinstance(props, Mapping) else None
    pin = carrier.get("pin") if isinstance(carrier, Mapping) else None
    return pin if isinstance(pin, str) else None


def _tap_engine(guard: Guard, taps: Taps) -> None:
    from pulumi.dynamic import dynamic

    from tests.e2e import pulumi_cli

    taps.after(
        dynamic,
        "serialize_provider",
        lambda pickled, *_: guard.record("pickled providers", _unbase64(pickled.encode())),
    )
    taps.after(
        pulumi_cli.PulumiProject,
        "run",
        lambda run, *_, **__: guard.record("pulumi command output", run.stdout + run.stderr),
    )


# --- the plugin ------------------------------------------------------------------------------------


class SecretsLeaked(AssertionError):
    def __init__(self, leaks: list[Leak]) -> None:
        lines = [f"{len(leaks)} secret leak(s):", *(f"- {leak}" for leak in leaks[:50])]
        if len(leaks) > 50:
            lines.append(f"... and {len(leaks) - 50} more")
        super().__init__("\n".join(lines))


class SecretsCheck(pytest.Item):
    """Greps everything the run recorded for every secret it collected (see the module docstring)."""

    def runtest(self) -> None:
        leaks = GUARD.leaks()
        if leaks:
            raise SecretsLeaked(leaks)

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> str:
        if isinstance(excinfo.value, SecretsLeaked):
            return str(excinfo.value)
        return str(super().repr_failure(excinfo, style=style))

    def reportinfo(self) -> tuple[Path, int | None, str]:
        return Path(__file__), None, "no secret leaked"


_TAPS = Taps()
_RECORDER = _Recorder(GUARD)
_ROOT_LEVEL: list[int] = []
# pytest's own log handlers (failure reports, caplog, live logs) keep showing what they did before.
_PYTEST_LOG_HANDLERS = ("caplog_handler", "report_handler", "log_file_handler", "log_cli_handler")


def pytest_configure(config: pytest.Config) -> None:
    install_taps(GUARD, _TAPS)
    root = logging.getLogger()
    _ROOT_LEVEL.append(root.level)
    root.setLevel(logging.DEBUG)
    root.addHandler(_RECORDER)


def pytest_sessionstart(session: pytest.Session) -> None:
    logging_plugin = session.config.pluginmanager.get_plugin("logging-plugin")
    as_before = _AsBefore(_ROOT_LEVEL[-1] if _ROOT_LEVEL else logging.WARNING)
    for name in _PYTEST_LOG_HANDLERS:
        handler = getattr(logging_plugin, name, None)
        if isinstance(handler, logging.Handler):
            handler.addFilter(as_before)


def pytest_unconfigure(config: pytest.Config) -> None:
    logging.getLogger().removeHandler(_RECORDER)
    if _ROOT_LEVEL:
        logging.getLogger().setLevel(_ROOT_LEVEL.pop())
    _TAPS.undo()


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(session: pytest.Session, items: list[pytest.Item]) -> None:
    """The check runs last, in every run."""
    here = Path(__file__)
    where = (
        here.relative_to(session.config.rootpath) if here.is_relative_to(session.config.rootpath) else here
    )
    nodeid = f"{where.as_posix()}::no_secret_leaked"
    items.append(SecretsCheck.from_parent(session, name="no_secret_leaked", nodeid=nodeid))


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    """What tests printed (pytest captures it): e.g. `pulumi.log` writes to stderr outside an engine."""
    if report.when != "teardown":  # its sections hold every phase's
        return
    for title, content in report.sections:
        if "stdout" in title or "stderr" in title:
            GUARD.record("captured output", content)


@pytest.fixture(scope="session", autouse=True)
def _secrets_guard_files(tmp_path_factory: pytest.TempPathFactory) -> None:
    """The files of this run (provider host stderr, e2e state) are under pytest's temporary directory."""
    GUARD.roots.append(tmp_path_factory.getbasetemp())


def pytest_terminal_summary(terminalreporter: Any) -> None:
    terminalreporter.write_line(f"secrets guard: {GUARD.summary()}")
