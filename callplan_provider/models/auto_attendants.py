"""Auto attendants ("phone menus"): `/telephony/config/...autoAttendants`.

- `POST /telephony/config/locations/{locationId}/autoAttendants` with
  `AutoAttendant.to_write_body()` → 201 `CreatedId`.
- `GET /telephony/config/locations/{locationId}/autoAttendants/{id}` → `AutoAttendant`.
- `PUT` the same path (any subset of the write fields) → 204; `DELETE` → 204.
- `GET /telephony/config/autoAttendants` (`locationId`, `name`, `phoneNumber`, `max`, `start`) →
  `AutoAttendantList` (wrapper `autoAttendants`), paged by a `Link` header.

`businessSchedule` and `holidaySchedule` name schedules of the auto attendant's location.
"""

from __future__ import annotations

from typing import Any, ClassVar, Literal

from pydantic import Field

from callplan_provider.models.base import ApiModel
from callplan_provider.models.schedules import CreatedId

MenuKey = Literal["0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "*", "#"]
KeyAction = Literal[
    "TRANSFER_WITHOUT_PROMPT",
    "TRANSFER_WITH_PROMPT",
    "TRANSFER_TO_OPERATOR",
    "TRANSFER_TO_MAILBOX",
    "EXTENSION_DIALING",
    "NAME_DIALING",
    "REPEAT_MENU",
    "EXIT",
    "PLAY_ANNOUNCEMENT",
]
TRANSFER_ACTIONS: frozenset[str] = frozenset(
    {"TRANSFER_WITHOUT_PROMPT", "TRANSFER_WITH_PROMPT", "TRANSFER_TO_OPERATOR", "TRANSFER_TO_MAILBOX"}
)
Greeting = Literal["DEFAULT", "CUSTOM"]
DialingScope = Literal["ENTERPRISE", "GROUP"]


class KeyConfiguration(ApiModel):
    """One key of a menu. Transfer actions carry their destination (E.164 or extension) in `value`."""

    key: MenuKey
    action: KeyAction
    description: str | None = None
    value: str | None = None


class AutoAttendantMenu(ApiModel):
    greeting: Greeting = "DEFAULT"
    extension_enabled: bool = True
    key_configurations: list[KeyConfiguration] = Field(default_factory=list)

    @classmethod
    def default(cls) -> AutoAttendantMenu:
        """A minimal valid menu: key 0 ends the call."""
        return cls(key_configurations=[KeyConfiguration(key="0", action="EXIT")])


class AutoAttendant(ApiModel):
    """An auto attendant's details and its create/update body (PUT accepts any subset)."""

    id: str | None = None
    name: str = Field(min_length=1, max_length=128)
    enabled: bool | None = None
    location_id: str | None = None
    location_name: str | None = None
    phone_number: str | None = None
    extension: str | None = None
    routing_prefix: str | None = None
    esn: str | None = None
    toll_free_number: bool | None = None
    first_name: str | None = None
    last_name: str | None = None
    business_schedule: str | None = None
    holiday_schedule: str | None = None
    language_code: str | None = None
    language: str | None = None
    time_zone: str | None = None
    extension_dialing: DialingScope = "ENTERPRISE"
    name_dialing: DialingScope = "ENTERPRISE"
    business_hours_menu: AutoAttendantMenu = Field(default_factory=AutoAttendantMenu.default)
    after_hours_menu: AutoAttendantMenu = Field(default_factory=AutoAttendantMenu.default)

    SERVER_FIELDS: ClassVar[frozenset[str]] = frozenset(
        {"id", "enabled", "location_id", "location_name", "routing_prefix", "esn", "toll_free_number"}
        | {"language"}
    )

    def to_write_body(self) -> dict[str, Any]:
        """The POST/PUT body: everything but the server-owned fields."""
        return self.to_wire(exclude=set(self.SERVER_FIELDS))


class AutoAttendantUpdate(ApiModel):
    """A PUT body: every field optional; fields left out keep their value."""

    name: str | None = Field(default=None, min_length=1, max_length=128)
    phone_number: str | None = None
    extension: str | None = None
    first_name: str | None = None
    last_name: str | None = None
    business_schedule: str | None = None
    holiday_schedule: str | None = None
    language_code: str | None = None
    time_zone: str | None = None
    extension_dialing: DialingScope | None = None
    name_dialing: DialingScope | None = None
    business_hours_menu: AutoAttendantMenu | None = None
    after_hours_menu: AutoAttendantMenu | None = None


class AutoAttendantListItem(ApiModel):
    id: str
    name: str
    location_id: str
    location_name: str | None = None
    phone_number: str | None = None
    extension: str | None = None
    routing_prefix: str | None = None
    esn: str | None = None
    toll_free_number: bool = False


class AutoAttendantList(ApiModel):
    auto_attendants: list[AutoAttendantListItem]


__all__ = [
    "AutoAttendant",
    "AutoAttendantList",
    "AutoAttendantListItem",
    "AutoAttendantMenu",
    "AutoAttendantUpdate",
    "CreatedId",
    "KeyConfiguration",
]
