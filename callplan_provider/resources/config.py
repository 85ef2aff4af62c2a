"""The provider's settings and its client: one registry per process, never in the pickled provider.

Settings come from the stack config handed to `ResourceProvider.configure()` (the whole stack
config, namespaced keys, secrets decrypted):

- `callplan:endpoint` — the API root including `/v1` (default `https://webexapis.com/v1`);
- `callplan:token` — the bearer token (set it with `pulumi config set --secret`);
- `callplan:locationId` — the location that resources use when they name none (default: the
  organisation's only location; an error naming `callplan:locationId` when it has several);
- `callplan:orgId` — the customer organisation a partner administrator's token acts in (sent as
  the `orgId` query parameter of every call; unset: the token's own organisation).

Each falls back to the environment: `CALLPLAN_ENDPOINT`, `CALLPLAN_TOKEN` then
`WEBEX_ACCESS_TOKEN`, `CALLPLAN_LOCATION_ID`, `CALLPLAN_ORG_ID`.

Provider instances hold no attributes (so every resource of a kind pickles identically and no
secret reaches the state), hence this module-level registry: lock-protected, keyed by nothing
(one stack per provider process), holding the settings, the `CallingPlanApi` built from them and
the resolved default location. `configure()` replaces all three when the settings differ; the
same settings again keep them. The host configures each kind's provider on its first call (every
kind is a provider of its own), so a command touching four kinds configures four times: one
client, and the lists it read (`snapshot`, `org_cache`), serve them all.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from callplan_provider.client import CallingPlanApi
from callplan_provider.client.session import DEFAULT_ENDPOINT

ENDPOINT_KEY = "callplan:endpoint"
TOKEN_KEY = "callplan:token"
LOCATION_KEY = "callplan:locationId"
ORG_KEY = "callplan:orgId"


class ConfigSource(Protocol):
    def get(self, key: str) -> Any: ...


class SettingsError(Exception):
    """A setting is missing or ambiguous; the message says which key to set."""


@dataclass(frozen=True)
class Settings:
    endpoint: str = DEFAULT_ENDPOINT
    token: str | None = field(default=None, repr=False)
    location_id: str | None = None
    org_id: str | None = None

    def require_token(self) -> str:
        if not self.token:
            raise SettingsError(
                f"no API token: run `pulumi config set --secret {TOKEN_KEY} <token>` or export CALLPLAN_TOKEN"
            )
        return self.token


def settings_from(
    config: ConfigSource | Mapping[str, Any] | None, env: Mapping[str, str] | None = None
) -> Settings:
    """Stack config first, then the environment."""
    env = os.environ if env is None else env

    def pick(key: str, *env_keys: str) -> str | None:
        value = config.get(key) if config is not None else None
        if value in (None, ""):
            value = next((env[k] for k in env_keys if env.get(k)), None)
        return str(value) if value is not None else None

    return Settings(
        endpoint=(pick(ENDPOINT_KEY, "CALLPLAN_ENDPOINT") or DEFAULT_ENDPOINT).rstrip("/"),
        token=pick(TOKEN_KEY, "CALLPLAN_TOKEN", "WEBEX_ACCESS_TOKEN"),
        location_id=pick(LOCATION_KEY, "CALLPLAN_LOCATION_ID"),
        org_id=pick(ORG_KEY, "CALLPLAN_ORG_ID"),
    )


class _Registry:
    def __init__(self) -> None:
        self.lock = threading.RLock()
        self.settings: Settings | None = None
        self.api: CallingPlanApi | None = None
        self.default_location: str | None = None

    def replace(self, settings: Settings | None) -> None:
        with self.lock:
            self.settings = settings
            self.api = None
            self.default_location = None


_registry = _Registry()


def configure(config: ConfigSource | Mapping[str, Any] | None) -> Settings:
    """Install the settings read from `config` (with env fallback) for this process; the same
    settings as those installed keep the client and what it read."""
    settings = settings_from(config)
    with _registry.lock:
        if settings != _registry.settings:
            _registry.replace(settings)
    return settings


def reset() -> None:
    """Forget everything (tests): the next use reads the environment again."""
    _registry.replace(None)


def current_settings() -> Settings:
    with _registry.lock:
        if _registry.settings is None:
            _registry.settings = settings_from(None)
        return _registry.settings


def api() -> CallingPlanApi:
    """The process's client for the configured endpoint and token."""
    with _registry.lock:
        if _registry.api is None:
            settings = current_settings()
            _registry.api = CallingPlanApi(
                settings.endpoint, settings.require_token(), org_id=settings.org_id
            )
        return _registry.api


def default_location_id() -> str:
    """`callplan:locationId`, else the organisation's only location."""
    with _registry.lock:
        configured = current_settings().location_id
        if configured:
            return configured
        if _registry.default_location is None:
            _registry.default_location = _only_location(api())
        return _registry.default_location


def _only_location(client: CallingPlanApi) -> str:
    locations = list(client.locations.list())
    if len(locations) == 1:
        return locations[0].id
    if not locations:
        raise SettingsError("the organisation has no location; create one first")
    names = ", ".join(f"{loc.name} ({loc.id})" for loc in locations)
    raise SettingsError(
        f"the organisation has several locations ({names}): "
        f"choose one with `pulumi config set {LOCATION_KEY} <id>` or pass location_id"
    )
