"""The gRPC harness itself, with a provider that echoes (no sandbox needed)."""

from __future__ import annotations

from tests.provider.conftest import UNKNOWN, ProviderHost
from tests.provider.echo_provider import EchoProvider


def test_check_secret_config_reaches_configure_unwrapped(provider_host: ProviderHost) -> None:
    provider_host.configure({"callplan:token": "s3cret", "callplan:endpoint": "http://x/v1"})
    checked = provider_host.kind(EchoProvider).check({}, {"v": 1})
    assert checked.inputs["token"] == "s3cret"


def test_check_unknown_reaches_provider_as_unknown(provider_host: ProviderHost) -> None:
    provider_host.configure({})
    checked = provider_host.kind(EchoProvider).check({}, {"v": UNKNOWN, "w": 2})
    assert checked.inputs["unknown_keys"] == ["v"]


def test_diff_reports_replaces_and_delete_before_replace(provider_host: ProviderHost) -> None:
    provider_host.configure({})
    diff = provider_host.kind(EchoProvider).diff("echo-1", {"v": 1}, {"v": 2})
    assert (diff.changes, diff.replaces, diff.delete_before_replace) == ("SOME", ["v"], True)


def test_read_returns_inputs_when_the_provider_sets_them(provider_host: ProviderHost) -> None:
    provider_host.configure({})
    echo = provider_host.kind(EchoProvider)
    created = echo.create({"v": 3})
    read = echo.read(created.id, created.outs)
    assert (read.outs["read"], read.inputs) == (True, {"v": 3})
