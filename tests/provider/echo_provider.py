"""A provider that echoes what the host hands it: checks the harness itself, not the package."""

from __future__ import annotations

from typing import Any

from pulumi.dynamic import (
    CheckResult,
    ConfigureRequest,
    CreateResult,
    DiffResult,
    ReadResult,
    ResourceProvider,
)
from pulumi.output import Unknown

SEEN: dict[str, Any] = {}


class EchoProvider(ResourceProvider):
    kind = "Echo"

    def configure(self, req: ConfigureRequest) -> None:
        SEEN["token"] = req.config.get("callplan:token")

    def check(self, olds: dict[str, Any], news: dict[str, Any]) -> CheckResult:
        unknown = sorted(k for k, v in news.items() if isinstance(v, Unknown))
        return CheckResult({**news, "unknown_keys": unknown, "token": SEEN.get("token")}, [])

    def diff(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> DiffResult:
        return DiffResult(changes=olds.get("v") != news.get("v"), replaces=["v"], delete_before_replace=True)

    def create(self, props: dict[str, Any]) -> CreateResult:
        return CreateResult("echo-1", {**props, "created": True})

    def read(self, id_: str, props: dict[str, Any]) -> ReadResult:
        return ReadResult(id_, {**props, "read": True}, inputs={"v": props.get("v")})
