"""Provider settings: stack config first, then the environment; one registry per process."""

from __future__ import annotations

import pytest
from pulumi.dynamic import Config, ConfigureRequest

from callplan_provider.client.session import DEFAULT_ENDPOINT
from callplan_provider.resources import config
from callplan_provider.resources.base import CallplanError
from callplan_provider.resources.user import UserProvider


def test_settings_stack_config_wins_over_the_environment() -> None:
    stack = Config(
        {"callplan:endpoint": "http://a/v1/", "callplan:token": "T1", "callplan:locationId": "L1"}, "p"
    )
    env = {"CALLPLAN_ENDPOINT": "http://b/v1", "CALLPLAN_TOKEN": "T2", "CALLPLAN_LOCATION_ID": "L2"}
    settings = config.settings_from(stack, env)
    assert (settings.endpoint, settings.token, settings.location_id) == ("http://a/v1", "T1", "L1")


def test_settings_fall_back_to_the_environment() -> None:
    env = {"CALLPLAN_ENDPOINT": "http://b/v1", "WEBEX_ACCESS_TOKEN": "W", "CALLPLAN_LOCATION_ID": "L2"}
    settings = config.settings_from(Config({}, "p"), env)
    assert (settings.endpoint, settings.token, settings.location_id) == ("http://b/v1", "W", "L2")


def test_settings_org_id_from_stack_config_or_the_environment() -> None:
    assert (
        config.settings_from(Config({"callplan:orgId": "O1"}, "p"), {"CALLPLAN_ORG_ID": "O2"}).org_id == "O1"
    )
    assert config.settings_from(Config({}, "p"), {"CALLPLAN_ORG_ID": "O2"}).org_id == "O2"
    assert config.settings_from(None, {}).org_id is None


def test_configured_org_id_reaches_the_client_session() -> None:
    stack = Config({"callplan:endpoint": "http://c/v1", "callplan:token": "T3", "callplan:orgId": "O1"}, "p")
    UserProvider().configure(ConfigureRequest(stack))
    assert config.api().session.org_id == "O1"


def test_settings_callplan_token_wins_over_webex_access_token() -> None:
    settings = config.settings_from(None, {"CALLPLAN_TOKEN": "C", "WEBEX_ACCESS_TOKEN": "W"})
    assert settings.token == "C"


def test_settings_default_endpoint_is_webex() -> None:
    assert config.settings_from(None, {}).endpoint == DEFAULT_ENDPOINT


def test_settings_token_is_not_in_the_repr() -> None:
    assert "S3CRET" not in repr(config.settings_from(None, {"CALLPLAN_TOKEN": "S3CRET"}))


def test_configure_through_the_provider_installs_the_settings() -> None:
    stack = Config({"callplan:endpoint": "http://c/v1", "callplan:token": "T3"}, "p")
    UserProvider().configure(ConfigureRequest(stack))
    assert config.api().session.endpoint == "http://c/v1"


def test_api_without_token_names_the_config_key(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("CALLPLAN_TOKEN", "WEBEX_ACCESS_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    config.configure(Config({}, "p"))
    with pytest.raises(config.SettingsError, match=r"callplan:token"):
        config.api()


def test_provider_without_token_fails_with_a_short_error(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("CALLPLAN_TOKEN", "WEBEX_ACCESS_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    config.configure(Config({}, "p"))
    with pytest.raises(CallplanError, match=r"pulumi config set --secret callplan:token"):
        UserProvider().read("p1", {"email": "a@example.com"})


def test_configuring_each_kind_with_the_same_settings_keeps_one_client() -> None:
    """The host configures every kind's provider on its first call: the lists read for one kind
    serve the others (one people list, one organisation per command)."""
    stack = {"callplan:endpoint": "http://c/v1", "callplan:token": "T3"}
    config.configure(stack)
    first = config.api()
    config.configure(dict(stack))
    assert config.api() is first


def test_configuring_other_settings_makes_a_new_client() -> None:
    config.configure({"callplan:endpoint": "http://c/v1", "callplan:token": "T3"})
    first = config.api()
    config.configure({"callplan:endpoint": "http://c/v1", "callplan:token": "T4"})
    assert config.api() is not first
