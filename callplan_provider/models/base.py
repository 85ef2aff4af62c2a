"""The base of every wire model, and the Webex error body."""

from __future__ import annotations

import os
from typing import Any

from pydantic import BaseModel, ConfigDict, Field
from pydantic.alias_generators import to_camel

_EXTRA = "forbid" if os.environ.get("CALLPLAN_STRICT_MODELS") == "1" else "allow"


class ApiModel(BaseModel):
    """camelCase on the wire, snake_case in Python; unknown fields tolerated unless strict."""

    model_config = ConfigDict(
        alias_generator=to_camel,
        populate_by_name=True,
        extra=_EXTRA,  # type: ignore[typeddict-item]
        use_enum_values=True,
    )

    def to_wire(self, *, exclude: set[str] | None = None) -> dict[str, Any]:
        """The JSON body of this object: aliases, no `None` values."""
        return self.model_dump(mode="json", by_alias=True, exclude_none=True, exclude=exclude)


class ErrorItem(ApiModel):
    description: str
    error_code: int | None = None


class ErrorBody(ApiModel):
    """`{"message", "errors": [{"description", "errorCode"}], "trackingId"}`."""

    message: str
    errors: list[ErrorItem] = Field(default_factory=list)
    tracking_id: str | None = None
    error_code: int | None = None
