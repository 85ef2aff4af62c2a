"""The real dynamic-provider host (`python -u -m pulumi.dynamic`) over gRPC, as the engine drives it.

    def test_create_user(provider_host, org):
        provider_host.configure_for(org)                 # callplan:endpoint / token (secret) / locationId
        users = provider_host.kind(UserProvider)
        checked = users.check({}, {"email": "ann@example.com", "first_name": "Ann", "last_name": "Lee"})
        assert checked.failures == []
        created = users.create(checked.inputs)           # HostedResource(id, outs)
        diff = users.diff(created.id, created.outs, checked.inputs)
        read = users.read(created.id, created.outs)      # ReadOutcome(id, outs, inputs)
        users.update(created.id, created.outs, news)     # outs
        users.delete(created.id, created.outs)

What the harness does like the engine:
- one host subprocess per test (the host caches a configured provider per `__provider` string
  for its lifetime, so a fresh org needs a fresh host), `PULUMI_PROJECT` set, stdout's first
  line is the port; stderr goes to a file whose tail is attached to `HostError`;
- `configure(config)` wraps the keys in `secret_keys` (default: any key ending in `token`) as
  secrets — config secrets reach the host wrapped and are unwrapped there;
- resource properties are never secret-wrapped (the engine strips secretness, acceptSecrets=False);
- unknowns: put `UNKNOWN` (the wire sentinel) in a dict; Check and Diff keep it as `Unknown()`;
- `__provider` is added to every property bag from `serialize_provider(ProviderClass())`.
A failed call raises `HostError` with the gRPC status and the provider's message.
"""

from __future__ import annotations

import asyncio
import itertools
import os
import subprocess
import sys
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import grpc
import pytest
from pulumi.dynamic.dynamic import ResourceProvider, serialize_provider
from pulumi.runtime import rpc
from pulumi.runtime.proto import provider_pb2, provider_pb2_grpc

UNKNOWN = rpc.UNKNOWN
PROVIDER_KEY = "__provider"
PROJECT = "callplan-test"
RPC_TIMEOUT = 60.0
REPO_ROOT = Path(__file__).resolve().parents[2]
_HOST_NUMBERS = itertools.count(1)
_ENV_SETTINGS = (
    "CALLPLAN_ENDPOINT",
    "CALLPLAN_TOKEN",
    "WEBEX_ACCESS_TOKEN",
    "CALLPLAN_LOCATION_ID",
    "CALLPLAN_ORG_ID",
)


class HostError(Exception):
    """A gRPC call to the host failed; `details` holds the provider's message (and traceback)."""

    def __init__(self, method: str, error: grpc.RpcError, stderr_tail: str) -> None:
        self.code = error.code()
        self.details = error.details() or ""
        super().__init__(f"{method}: {self.code.name}: {self.details}\n--- host stderr ---\n{stderr_tail}")


@dataclass
class CheckOutcome:
    inputs: dict[str, Any]
    failures: list[tuple[str, str]]

    @property
    def failed_properties(self) -> list[str]:
        return [prop for prop, _ in self.failures]


@dataclass
class DiffOutcome:
    changes: str  # "SOME" | "NONE" | "UNKNOWN"
    replaces: list[str] = field(default_factory=list)
    delete_before_replace: bool = False


@dataclass
class HostedResource:
    id: str
    outs: dict[str, Any]


@dataclass
class ReadOutcome:
    id: str
    outs: dict[str, Any]
    inputs: dict[str, Any] | None


_SERIALIZED: dict[type[ResourceProvider], str] = {}


def serialized(provider_class: type[ResourceProvider]) -> str:
    """`__provider` of a kind (computed once: serialize_provider leaks a pickle wrapper per call)."""
    if provider_class not in _SERIALIZED:
        _SERIALIZED[provider_class] = serialize_provider(provider_class())
    return _SERIALIZED[provider_class]


def to_struct(props: Mapping[str, Any]) -> Any:
    loop = asyncio.new_event_loop()
    try:
        return loop.run_until_complete(rpc.serialize_properties(dict(props), {}))
    finally:
        loop.close()


def from_struct(struct: Any, keep_unknowns: bool = False) -> dict[str, Any]:
    props = rpc.deserialize_properties(struct, keep_unknowns) or {}
    return {k: v for k, v in props.items() if k != PROVIDER_KEY}


def secret(value: Any) -> dict[str, Any]:
    """A value wrapped as the engine sends a secret config value."""
    return {rpc._special_sig_key: rpc._special_secret_sig, "value": value}


class ProviderHost:
    def __init__(self, workdir: Path) -> None:
        env = {k: v for k, v in os.environ.items() if k not in _ENV_SETTINGS}
        env.update({"PULUMI_PROJECT": PROJECT, "CALLPLAN_STRICT_MODELS": "1", "PYTHONUNBUFFERED": "1"})
        # Providers are pickled by reference: the host must import them (and test doubles in tests/).
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO_ROOT), env.get("PYTHONPATH")]))
        self.stderr_path = workdir / f"provider-host-{next(_HOST_NUMBERS)}.stderr"
        self._stderr = self.stderr_path.open("wb")
        self.process = subprocess.Popen(
            [sys.executable, "-u", "-m", "pulumi.dynamic", "127.0.0.1:0"],
            cwd=workdir,
            env=env,
            stdout=subprocess.PIPE,
            stderr=self._stderr,
        )
        self.channel: grpc.Channel | None = None
        self._stub: provider_pb2_grpc.ResourceProviderStub | None = None

    @property
    def stub(self) -> provider_pb2_grpc.ResourceProviderStub:
        """Connect on first use (the process may have been started ahead of time)."""
        if self._stub is None:
            assert self.process.stdout is not None
            port_line = self.process.stdout.readline().decode().strip()
            if not port_line.isdigit():
                raise RuntimeError(f"the provider host did not start:\n{self.stderr_tail()}")
            self.channel = grpc.insecure_channel(f"127.0.0.1:{port_line}")
            self._stub = provider_pb2_grpc.ResourceProviderStub(self.channel)
        return self._stub

    def stderr_tail(self, limit: int = 4000) -> str:
        self._stderr.flush()
        return self.stderr_path.read_text(errors="replace")[-limit:]

    def call(self, method: str, request: Any) -> Any:
        try:
            return getattr(self.stub, method)(request, timeout=RPC_TIMEOUT)
        except grpc.RpcError as error:
            raise HostError(method, error, self.stderr_tail()) from None

    def configure(self, config: Mapping[str, Any], secret_keys: tuple[str, ...] | None = None) -> None:
        """Send the stack config; keys in `secret_keys` (default: ending in `token`) go as secrets."""
        secrets = secret_keys if secret_keys is not None else tuple(k for k in config if k.endswith("token"))
        args = {k: secret(v) if k in secrets else v for k, v in config.items()}
        response = self.call(
            "Configure", provider_pb2.ConfigureRequest(args=to_struct(args), acceptSecrets=True)
        )
        assert response.acceptSecrets is False

    def configure_for(self, org: Any, *, location: bool = True) -> None:
        """Point the host at an org (its admin token as a secret; a partner's customer org by its id)."""
        config = {"callplan:endpoint": org.api_url, "callplan:token": org.admin_token}
        if location:
            config["callplan:locationId"] = org.location_id
        if getattr(org, "managed_org_id", None):
            config["callplan:orgId"] = org.managed_org_id
        self.configure(config)

    def kind(self, provider_class: type[ResourceProvider], name: str = "r") -> KindClient:
        return KindClient(self, provider_class, name)

    def close(self) -> None:
        if self.channel is not None:
            self.channel.close()
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)
        if self.process.stdout is not None:
            self.process.stdout.close()
        self._stderr.close()


class KindClient:
    """The gRPC calls of one resource kind, property bags in and out as plain dicts."""

    def __init__(self, host: ProviderHost, provider_class: type[ResourceProvider], name: str) -> None:
        self.host = host
        self.provider = serialized(provider_class)
        kind = getattr(provider_class, "kind", provider_class.__name__.removesuffix("Provider"))
        self.urn = f"urn:pulumi:test::{PROJECT}::pulumi-python:dynamic/callplan:{kind}::{name}"

    def _props(self, props: Mapping[str, Any]) -> Any:
        return to_struct({**props, PROVIDER_KEY: self.provider})

    def check(self, olds: Mapping[str, Any], news: Mapping[str, Any]) -> CheckOutcome:
        request = provider_pb2.CheckRequest(urn=self.urn, olds=self._props(olds), news=self._props(news))
        response = self.host.call("Check", request)
        failures = [(f.property, f.reason) for f in response.failures]
        return CheckOutcome(from_struct(response.inputs, keep_unknowns=True), failures)

    def diff(self, id_: str, olds: Mapping[str, Any], news: Mapping[str, Any]) -> DiffOutcome:
        request = provider_pb2.DiffRequest(
            id=id_, urn=self.urn, olds=self._props(olds), news=self._props(news)
        )
        response = self.host.call("Diff", request)
        changes = provider_pb2.DiffResponse.DiffChanges.Name(response.changes).removeprefix("DIFF_")
        return DiffOutcome(changes, list(response.replaces), response.deleteBeforeReplace)

    def create(self, props: Mapping[str, Any]) -> HostedResource:
        response = self.host.call(
            "Create", provider_pb2.CreateRequest(urn=self.urn, properties=self._props(props))
        )
        return HostedResource(response.id, from_struct(response.properties))

    def read(self, id_: str, outs: Mapping[str, Any], inputs: Mapping[str, Any] | None = None) -> ReadOutcome:
        request = provider_pb2.ReadRequest(
            id=id_, urn=self.urn, properties=self._props(outs), inputs=self._props(inputs or outs)
        )
        response = self.host.call("Read", request)
        inputs_back = from_struct(response.inputs) if response.HasField("inputs") else None
        return ReadOutcome(response.id, from_struct(response.properties), inputs_back)

    def update(self, id_: str, olds: Mapping[str, Any], news: Mapping[str, Any]) -> dict[str, Any]:
        request = provider_pb2.UpdateRequest(
            id=id_, urn=self.urn, olds=self._props(olds), news=self._props(news)
        )
        return from_struct(self.host.call("Update", request).properties)

    def delete(self, id_: str, outs: Mapping[str, Any]) -> None:
        self.host.call(
            "Delete", provider_pb2.DeleteRequest(id=id_, urn=self.urn, properties=self._props(outs))
        )


class _Spares:
    """One host started ahead of time, so a test never waits for Python and Pulumi to import."""

    def __init__(self) -> None:
        self.spare: ProviderHost | None = None

    def take(self, workdir: Path) -> ProviderHost:
        host = self.spare if self.spare is not None else ProviderHost(workdir)
        self.spare = ProviderHost(workdir)
        return host

    def close(self) -> None:
        if self.spare is not None:
            self.spare.close()
            self.spare = None


@pytest.fixture(scope="session")
def _provider_host_spares(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[_Spares, Path]]:
    spares = _Spares()
    try:
        yield spares, tmp_path_factory.mktemp("provider-host")
    finally:
        spares.close()


@pytest.fixture
def provider_host(_provider_host_spares: tuple[_Spares, Path]) -> Iterator[ProviderHost]:
    """A fresh dynamic-provider host process for this test (its stderr is in `host.stderr_path`)."""
    spares, workdir = _provider_host_spares
    host = spares.take(workdir)
    try:
        yield host
    finally:
        host.close()


@pytest.fixture
def check_offline(monkeypatch: pytest.MonkeyPatch) -> None:
    """Check in this process cannot read the organisation (as without a token): for tests of what
    apply refuses on its own, e.g. what changed in the organisation after the preview."""
    from callplan_provider.resources import snapshot

    def unavailable() -> snapshot.Snapshot:
        raise snapshot.SnapshotUnavailable("this test checks offline")

    monkeypatch.setattr(snapshot, "current", unavailable)
