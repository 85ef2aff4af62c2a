"""PhoneMenu: an auto attendant and its own business-hours schedule.

API: `POST|GET|PUT|DELETE /telephony/config/locations/{locationId}/schedules[/businessHours/{id}]`
and `/telephony/config/locations/{locationId}/autoAttendants[/{id}]`; list
`GET /telephony/config/autoAttendants`.

Owns: the auto attendant (name, extension, phone number, business schedule, language, time zone,
both menus) and its business-hours schedule, named `"<menu name> hours"`. Replaced when the
location changes. Natural key: the name in the location (`adopt=True` takes over an existing one).

- `business_hours` is per weekday (`mon`..`sun`, full names accepted), each a list of
  `"HH:MM-HH:MM"` ranges; check refuses bad or overlapping ranges and normalises (sorted,
  zero-padded, touching ranges merged, closed days dropped) so the diff never flaps. On the wire
  each range is one weekly-recurring event.
- Menus map keys `0`-`9`, `*`, `#` (each once) to actions built by the helpers below. Transfers to
  a *user* are resolved when applied: the person's extension (or, without one, their work number)
  becomes the key's `value`; refresh keeps `user_id` while the key still points at that person.
  Outside numbers must be valid E.164 and may be toll-free (a caller can be sent to a supplier's
  free-phone line); the menu's *own* number may not be toll-free (no toll-free in a calling plan).
- The location's main number belongs to MainNumber: create/update refuse it as `phone_number`
  (only the API knows it, so it is an apply-time error, not a check failure), and refresh ignores
  it when MainNumber has routed it to this menu.
- Create is schedule then auto attendant; when the second step fails the schedule is deleted.
  Delete removes the auto attendant then its schedule; numbers stay in the inventory.
- Outputs: every input, plus `id`, `schedule_name` and `caller_hears` (the text a caller hears in
  each menu, derived from the keys: "For sales, press 1. ...").
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import date, timedelta
from typing import Annotated, Any, Literal, NotRequired, TypedDict
from zoneinfo import available_timezones

import phonenumbers
import pulumi
from pulumi.output import Unknown
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    WrapValidator,
    model_validator,
)

from callplan_provider.client import CallingPlanApi
from callplan_provider.client.session import ApiError
from callplan_provider.models.auto_attendants import (
    AutoAttendant,
    AutoAttendantMenu,
    AutoAttendantUpdate,
    KeyConfiguration,
)
from callplan_provider.models.schedules import (
    Recurrence,
    RecurWeekly,
    Schedule,
    ScheduleEvent,
    ScheduleUpdate,
)
from callplan_provider.resources import config
from callplan_provider.resources.base import CallplanError, CallplanResource, FieldProblem, Live, Reconciler

# --- values that may still be unknown during a preview ---------------------------------------------


def _keep_unknown(value: Any, handler: Callable[[Any], Any]) -> Any:
    """Let a preview's unknown value through untouched; validate anything else."""
    return value if isinstance(value, Unknown) else handler(value)


KeepUnknown = WrapValidator(_keep_unknown)


def is_unknown(value: Any) -> bool:
    return isinstance(value, Unknown)


# --- numbers and extensions ----------------------------------------------------------------------

# The same short codes the API refuses as extensions (sandbox `NumbersArea`): emergency and service
# numbers of North America, Europe, the UK, Australia, East Asia and India.
EMERGENCY_NUMBERS = frozenset(
    {"000", "100", "101", "102", "108", "110", "112", "118", "119", "911", "933", "988", "999"}
)


def normalise_extension(value: str) -> str:
    extension = value.strip()
    if not extension.isdigit() or not 2 <= len(extension) <= 6 or not extension.isascii():
        raise ValueError(f"extension {value!r} must be 2 to 6 digits, e.g. '101'")
    if extension in EMERGENCY_NUMBERS:
        raise ValueError(f"extension {extension} is an emergency number; pick another one")
    return extension


def normalise_e164(value: str) -> str:
    """A valid number in E.164 (`+` and country code), e.g. '+14155550100'."""
    try:
        parsed = phonenumbers.parse(value, None)
    except phonenumbers.NumberParseException:
        parsed = None
    if parsed is None or not value.strip().startswith("+") or not phonenumbers.is_valid_number(parsed):
        raise ValueError(f"{value!r} is not a valid phone number in E.164 form (e.g. '+14155550100')")
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def is_toll_free(e164: str) -> bool:
    return phonenumbers.number_type(phonenumbers.parse(e164, None)) == phonenumbers.PhoneNumberType.TOLL_FREE


def normalise_own_number(value: str) -> str:
    e164 = normalise_e164(value)
    if is_toll_free(e164):
        raise ValueError(f"{e164} is toll-free; a calling plan has no toll-free numbers, use a local one")
    return e164


Extension = Annotated[str, AfterValidator(normalise_extension), KeepUnknown]
PhoneNumber = Annotated[str, AfterValidator(normalise_e164), KeepUnknown]
OwnNumber = Annotated[str, AfterValidator(normalise_own_number), KeepUnknown]
UserId = Annotated[str, Field(min_length=1), KeepUnknown]

# --- business hours ------------------------------------------------------------------------------

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
WIRE_DAYS = dict(
    zip(WEEKDAYS, ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"), strict=True)
)
_DAY_NAMES = {**{d: d for d in WEEKDAYS}, **{full: d for d, full in WIRE_DAYS.items()}}
_RANGE = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*[-\u2013]\s*(\d{1,2}):(\d{2})\s*$")
# Events need a date; a fixed week (2024-01-01 is a Monday) keeps the wire form deterministic.
_ANCHOR_MONDAY = date(2024, 1, 1)


def _minutes(hours: str, minutes: str) -> int | None:
    h, m = int(hours), int(minutes)
    return h * 60 + m if h <= 23 and m <= 59 else None


def _clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _parse_range(day: str, text: Any) -> tuple[int, int]:
    match = _RANGE.match(text) if isinstance(text, str) else None
    start = _minutes(match[1], match[2]) if match else None
    end = _minutes(match[3], match[4]) if match else None
    if start is None or end is None:
        raise ValueError(
            f"{day}: {text!r} is not a time range; write 'HH:MM-HH:MM' (24 h, end at most 23:59)"
        )
    if start >= end:
        raise ValueError(f"{day}: {text!r} ends before it starts; write the earlier time first")
    return start, end


def _merge(day: str, ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(ranges):
        if merged and start < merged[-1][1]:
            previous = f"{_clock(merged[-1][0])}-{_clock(merged[-1][1])}"
            raise ValueError(
                f"{day}: {_clock(start)}-{_clock(end)} overlaps {previous}; make them not overlap"
            )
        if merged and start == merged[-1][1]:
            merged[-1] = (merged[-1][0], end)  # touching ranges are one opening
        else:
            merged.append((start, end))
    return merged


def normalise_hours(value: Any) -> dict[str, list[str]]:
    """`{"mon": ["13:00-17:00", "9:00-12:00"]}` → `{"mon": ["09:00-12:00", "13:00-17:00"]}`."""
    if not isinstance(value, Mapping):
        raise ValueError('business_hours must map weekdays to time ranges, e.g. {"mon": ["09:00-17:00"]}')
    days: dict[str, list[str]] = {}
    for raw_day, raw_ranges in value.items():
        day = _DAY_NAMES.get(str(raw_day).strip().lower())
        if day is None:
            raise ValueError(f"{raw_day!r} is not a weekday; use mon, tue, wed, thu, fri, sat or sun")
        if day in days:
            raise ValueError(f"{day} is given twice; give each weekday once")
        items = [raw_ranges] if isinstance(raw_ranges, str) else raw_ranges
        if not isinstance(items, list | tuple):
            raise ValueError(f"{day}: give a list of 'HH:MM-HH:MM' ranges")
        ranges = _merge(day, [_parse_range(day, item) for item in items])
        days[day] = [f"{_clock(s)}-{_clock(e)}" for s, e in ranges]
    normal = {day: days[day] for day in WEEKDAYS if days.get(day)}
    if not normal:
        raise ValueError('give the opening hours of at least one weekday, e.g. {"mon": ["09:00-17:00"]}')
    return normal


def hours_to_events(hours: Mapping[str, list[str]]) -> list[ScheduleEvent]:
    """One weekly event per range, named `mon-0900-1200`."""
    events = []
    for offset, day in enumerate(WEEKDAYS):
        for text in hours.get(day, []):
            start, end = text.split("-")
            when = _ANCHOR_MONDAY + timedelta(days=offset)
            events.append(
                ScheduleEvent(
                    name=f"{day}-{start.replace(':', '')}-{end.replace(':', '')}",
                    start_date=when,
                    end_date=when,
                    start_time=start,
                    end_time=end,
                    all_day_enabled=False,
                    recurrence=Recurrence(
                        recur_for_ever=True, recur_weekly=RecurWeekly(**{WIRE_DAYS[day]: True})
                    ),
                )
            )
    return events


def events_to_hours(events: list[ScheduleEvent]) -> dict[str, list[str]]:
    """The weekly hours a schedule's events describe (a one-off event counts for its weekday)."""
    ranges: dict[str, list[str]] = {}
    for event in events:
        start = "00:00" if event.all_day_enabled else event.start_time or "00:00"
        end = "23:59" if event.all_day_enabled else event.end_time or "23:59"
        weekly = event.recurrence.recur_weekly if event.recurrence else None
        days = [d for d in WEEKDAYS if getattr(weekly, WIRE_DAYS[d])] if weekly else []
        for day in days or [WEEKDAYS[event.start_date.weekday()]]:
            ranges.setdefault(day, []).append(f"{start}-{end}")
    try:
        return normalise_hours(ranges)
    except ValueError:  # overlapping events made elsewhere: show them as they are
        return {day: sorted(ranges[day]) for day in WEEKDAYS if day in ranges}


# --- menus ---------------------------------------------------------------------------------------

MENU_KEYS = ("1", "2", "3", "4", "5", "6", "7", "8", "9", "0", "*", "#")  # the order a caller hears
ActionName = Literal[
    "transfer", "operator", "voicemail", "dial_by_extension", "dial_by_name", "repeat_menu", "exit"
]
ACTIONS: tuple[str, ...] = ActionName.__args__  # type: ignore[attr-defined]
TARGETED_ACTIONS = frozenset({"transfer", "operator", "voicemail"})
TARGET_FIELDS = ("user_id", "extension", "phone_number")


def _check_action(value: Any) -> Any:
    if isinstance(value, str) and value not in ACTIONS:
        raise ValueError(f"{value!r} is not a menu action; use one of {', '.join(ACTIONS)}")
    return value


class MenuKeyArgs(BaseModel):
    """What one key does. Build it with the helpers (`transfer_to_user(...)`, `exit_menu()`, ...)."""

    model_config = ConfigDict(extra="forbid")

    action: Annotated[ActionName, BeforeValidator(_check_action), KeepUnknown]
    description: Annotated[str, Field(min_length=1, max_length=80), KeepUnknown] | None = Field(
        default=None, description='What the caller is offered, e.g. "sales" → "For sales, press 1."'
    )
    user_id: UserId | None = Field(default=None, description="Transfer target: a person (their extension)")
    extension: Extension | None = Field(default=None, description="Transfer target: an extension")
    phone_number: PhoneNumber | None = Field(default=None, description="Transfer target: an E.164 number")
    prompt: bool | None = Field(default=None, description="transfer only: play a transfer prompt first")

    @model_validator(mode="after")
    def _one_target(self) -> MenuKeyArgs:
        if is_unknown(self.action):
            return self
        targets = [f for f in TARGET_FIELDS if getattr(self, f) is not None]
        if self.action in TARGETED_ACTIONS and len(targets) != 1:
            raise ValueError(f"{self.action} needs exactly one target: user_id, extension or phone_number")
        if self.action not in TARGETED_ACTIONS and targets:
            raise ValueError(f"{self.action} takes no target; remove {', '.join(targets)}")
        if self.prompt and self.action != "transfer":
            raise ValueError("prompt applies to transfer only")
        if self.prompt is False:
            self.prompt = None  # one spelling of "no prompt", so the diff never flaps
        return self


def _normalise_keys(value: Any) -> Any:
    """Keys as a mapping (`{"1": action}`) or in list form (`[{"key": "1", ...}]`); each key once."""
    if isinstance(value, Unknown):
        return value
    if isinstance(value, list | tuple):
        pairs = []
        for item in value:
            if not isinstance(item, Mapping) or "key" not in item:
                raise ValueError('each list item needs a "key", e.g. {"key": "1", "action": "exit"}')
            pairs.append((item["key"], {k: v for k, v in item.items() if k != "key"}))
    elif isinstance(value, Mapping):
        pairs = list(value.items())
    else:
        raise ValueError(
            'keys must map a key to an action, e.g. {"1": transfer_to_extension("201", "sales")}'
        )
    keys: dict[str, Any] = {}
    for raw_key, action in pairs:
        key = str(raw_key).strip()
        if key not in MENU_KEYS:
            raise ValueError(f"{raw_key!r} is not a phone key; use 0-9, * or #")
        if key in keys:
            raise ValueError(f"key {key} is used twice; each key can do one thing per menu")
        keys[key] = action
    return {key: keys[key] for key in MENU_KEYS if key in keys}


class MenuArgs(BaseModel):
    """A business-hours or after-hours menu."""

    model_config = ConfigDict(extra="forbid")

    greeting: Literal["DEFAULT", "CUSTOM"] = "DEFAULT"
    extension_enabled: bool = Field(
        default=True, description="offer 'enter the extension of the person you are calling'"
    )
    keys: Annotated[dict[str, MenuKeyArgs], BeforeValidator(_normalise_keys), KeepUnknown] = Field(
        default_factory=dict,
        description="phone key (0-9, *, #) → action",
        json_schema_extra={"propertyNames": {"pattern": "^[0-9*#]$"}},
    )


_KEY_WORDS = {"*": "star", "#": "pound"}


def _offer(key: str, action: Mapping[str, Any]) -> str:
    press = f"press {_KEY_WORDS.get(key, key)}"
    description = action.get("description")
    if description:
        return f"For {description}, {press}."
    target = action.get("extension") or action.get("phone_number")
    default = {
        "transfer": f"To be transferred to {target}" if target else "To reach a colleague",
        "operator": "To reach the operator",
        "voicemail": "To leave a message",
        "dial_by_extension": "To dial an extension",
        "dial_by_name": "To find someone by name",
        "repeat_menu": "To hear these options again",
        "exit": "To end this call",
    }.get(str(action.get("action")), "For this option")
    return f"{default}, {press}."


def caller_hears(menu: Mapping[str, Any]) -> str:
    """The options a caller hears, in keypad order (1-9, 0, *, #), from a normalised menu."""
    keys = menu.get("keys") or {}
    sentences = [_offer(key, keys[key]) for key in MENU_KEYS if key in keys]
    if menu.get("extension_enabled", True):
        sentences.append("If you know the extension of the person you are calling, enter it now.")
    return " ".join(sentences)


# --- wire mapping of menus ------------------------------------------------------------------------

_TO_WIRE = {
    "operator": "TRANSFER_TO_OPERATOR",
    "voicemail": "TRANSFER_TO_MAILBOX",
    "dial_by_extension": "EXTENSION_DIALING",
    "dial_by_name": "NAME_DIALING",
    "repeat_menu": "REPEAT_MENU",
    "exit": "EXIT",
}
_FROM_WIRE = {
    **{wire: name for name, wire in _TO_WIRE.items()},
    "TRANSFER_WITHOUT_PROMPT": "transfer",
    "TRANSFER_WITH_PROMPT": "transfer",
    "PLAY_ANNOUNCEMENT": "play_announcement",  # not managed here: shows as drift
}
UserTargets = Callable[[str], list[str]]
"""user id → the values that reach that person: extension first, then phone numbers."""


def key_to_wire(key: str, action: Mapping[str, Any], user_targets: UserTargets) -> KeyConfiguration:
    name = action["action"]
    if name == "transfer":
        wire_action = "TRANSFER_WITH_PROMPT" if action.get("prompt") else "TRANSFER_WITHOUT_PROMPT"
    else:
        wire_action = _TO_WIRE[name]
    value = action.get("extension") or action.get("phone_number")
    if action.get("user_id"):
        reachable = user_targets(action["user_id"])
        if not reachable:
            raise ValueError(
                f"key {key}: user {action['user_id']} has no extension or number yet; give them an "
                "Extension first (and make the menu depend on it)"
            )
        value = reachable[0]
    return KeyConfiguration(key=key, action=wire_action, description=action.get("description"), value=value)


def menu_to_wire(menu: Mapping[str, Any], user_targets: UserTargets) -> AutoAttendantMenu:
    keys = menu.get("keys") or {}
    return AutoAttendantMenu(
        greeting=menu.get("greeting", "DEFAULT"),
        extension_enabled=menu.get("extension_enabled", True),
        key_configurations=[key_to_wire(k, keys[k], user_targets) for k in MENU_KEYS if k in keys],
    )


def key_from_wire(
    wire: KeyConfiguration, previous: Mapping[str, Any] | None, user_targets: UserTargets
) -> dict[str, Any]:
    """The input form of a live key; a transfer still reaching the previous input's user keeps `user_id`."""
    action: dict[str, Any] = {"action": _FROM_WIRE.get(wire.action, wire.action)}
    if wire.description:
        action["description"] = wire.description
    if wire.action == "TRANSFER_WITH_PROMPT":
        action["prompt"] = True
    if wire.value is not None and action["action"] in TARGETED_ACTIONS:
        user_id = (previous or {}).get("user_id")
        if user_id and not is_unknown(user_id) and wire.value in user_targets(user_id):
            action["user_id"] = user_id
        else:
            action["phone_number" if wire.value.startswith("+") else "extension"] = wire.value
    return action


def menu_from_wire(
    wire: AutoAttendantMenu, previous: Mapping[str, Any] | None, user_targets: UserTargets
) -> dict[str, Any]:
    previous_keys = (previous or {}).get("keys") or {}
    if not isinstance(previous_keys, Mapping):
        previous_keys = {}
    keys = {k.key: key_from_wire(k, previous_keys.get(k.key), user_targets) for k in wire.key_configurations}
    return {
        "greeting": wire.greeting,
        "extension_enabled": wire.extension_enabled,
        "keys": {k: keys[k] for k in MENU_KEYS if k in keys},
    }


# --- the inputs ----------------------------------------------------------------------------------

_TIME_ZONES = frozenset(available_timezones())


def _time_zone(value: str) -> str:
    if value not in _TIME_ZONES:
        raise ValueError(f"{value!r} is not an IANA time zone; write e.g. 'America/New_York'")
    return value


def _language(value: str) -> str:
    code = value.strip().lower().replace("-", "_")
    if not re.fullmatch(r"[a-z]{2}_[a-z]{2}", code):
        raise ValueError(f"{value!r} is not a language code; write e.g. 'en_us' or 'fr_ca'")
    return code


def _menu_name(value: str) -> str:
    name = value.strip()
    if not name or len(name) > 74:  # the schedule "<name> hours" must fit in 80 characters
        raise ValueError("name must be 1 to 74 characters")
    return name


class PhoneMenuArgs(BaseModel):
    """The inputs of a PhoneMenu (an auto attendant with its own business-hours schedule)."""

    model_config = ConfigDict(extra="forbid")

    name: Annotated[str, AfterValidator(_menu_name), KeepUnknown] = Field(
        description="the menu's name, unique in the location"
    )
    extension: Extension | None = Field(
        default=None, description="the menu's extension (this and/or phone_number)"
    )
    phone_number: OwnNumber | None = Field(
        default=None,
        description="the menu's own number, from the inventory (not the main number: see MainNumber)",
    )
    business_hours: Annotated[dict[str, list[str]], BeforeValidator(normalise_hours), KeepUnknown] = Field(
        description='opening hours per weekday, e.g. {"mon": ["09:00-12:00", "13:00-17:00"]}'
    )
    time_zone: Annotated[str, AfterValidator(_time_zone), KeepUnknown] | None = Field(
        default=None, description="IANA time zone; default: the location's"
    )
    language: Annotated[str, AfterValidator(_language), KeepUnknown] | None = Field(
        default=None, description="announcement language code, e.g. en_us; default: the location's"
    )
    location_id: Annotated[str, Field(min_length=1), KeepUnknown] | None = Field(
        default=None,
        description="default: the configured location (callplan:locationId); changing it replaces",
    )
    business_hours_menu: Annotated[MenuArgs, KeepUnknown] = Field(default_factory=MenuArgs)
    after_hours_menu: Annotated[MenuArgs, KeepUnknown] = Field(default_factory=MenuArgs)
    adopt: bool = Field(default=False, description="take over an existing menu of the same name")

    @model_validator(mode="after")
    def _reachable(self) -> PhoneMenuArgs:
        if self.extension is None and self.phone_number is None:
            raise FieldProblem("extension", "give the menu an extension, a phone_number or both")
        return self


def schedule_name(menu_name: str) -> str:
    """The name of the menu's own business-hours schedule."""
    return f"{menu_name} hours"


# --- helper constructors --------------------------------------------------------------------------


class MenuKeyInput(TypedDict):
    """A key's action, as the helpers build it (plain dict, so Pulumi can carry it)."""

    action: str
    description: NotRequired[Any]
    user_id: NotRequired[Any]
    extension: NotRequired[Any]
    phone_number: NotRequired[Any]
    prompt: NotRequired[bool]


class MenuInput(TypedDict):
    greeting: NotRequired[str]
    extension_enabled: NotRequired[bool]
    keys: NotRequired[Mapping[str, MenuKeyInput]]


def _key(action: str, description: Any, **targets: Any) -> MenuKeyInput:
    built: dict[str, Any] = {"action": action}
    if description is not None:
        built["description"] = description
    built.update({k: v for k, v in targets.items() if v is not None})
    return built  # type: ignore[return-value]


def transfer_to_user(user_id: Any, description: Any = None, *, prompt: bool = False) -> MenuKeyInput:
    """Send the caller to a person (their extension, else their number, resolved when applied)."""
    return _key("transfer", description, user_id=user_id, prompt=prompt or None)


def transfer_to_extension(extension: Any, description: Any = None, *, prompt: bool = False) -> MenuKeyInput:
    return _key("transfer", description, extension=extension, prompt=prompt or None)


def transfer_to_number(phone_number: Any, description: Any = None, *, prompt: bool = False) -> MenuKeyInput:
    """Send the caller to an outside number (E.164; toll-free allowed)."""
    return _key("transfer", description, phone_number=phone_number, prompt=prompt or None)


def operator(
    extension: Any = None, description: Any = None, *, phone_number: Any = None, user_id: Any = None
) -> MenuKeyInput:
    """Send the caller to the operator: one of an extension, a number or a user."""
    return _key("operator", description, extension=extension, phone_number=phone_number, user_id=user_id)


def voicemail(
    extension: Any = None, description: Any = None, *, phone_number: Any = None, user_id: Any = None
) -> MenuKeyInput:
    """Send the caller to a voicemail box: one of an extension, a number or a user."""
    return _key("voicemail", description, extension=extension, phone_number=phone_number, user_id=user_id)


def dial_by_extension(description: Any = None) -> MenuKeyInput:
    return _key("dial_by_extension", description)


def dial_by_name(description: Any = None) -> MenuKeyInput:
    return _key("dial_by_name", description)


def repeat_menu(description: Any = None) -> MenuKeyInput:
    return _key("repeat_menu", description)


def exit_menu(description: Any = None) -> MenuKeyInput:
    return _key("exit", description)


def menu_options(
    keys: Mapping[str, MenuKeyInput] | None = None,
    *,
    greeting: Literal["DEFAULT", "CUSTOM"] = "DEFAULT",
    extension_enabled: bool = True,
) -> MenuInput:
    """A menu: `menu_options({"1": transfer_to_extension("201", "sales"), "0": operator("150")})`."""
    return {"greeting": greeting, "extension_enabled": extension_enabled, "keys": dict(keys or {})}


# --- the provider --------------------------------------------------------------------------------


class PhoneMenuProvider(Reconciler[PhoneMenuArgs]):
    kind = "PhoneMenu"
    args_model = PhoneMenuArgs
    managed_fields = {
        "name": "autoAttendant.name",
        "extension": "autoAttendant.extension",
        "phone_number": "autoAttendant.phoneNumber",
        "business_hours": "businessHoursSchedule.events",
        "time_zone": "autoAttendant.timeZone",
        "language": "autoAttendant.languageCode",
        "business_hours_menu": "autoAttendant.businessHoursMenu",
        "after_hours_menu": "autoAttendant.afterHoursMenu",
    }
    replace_fields = ("location_id",)
    natural_key = "name"
    computed_outputs = ("schedule_name", "schedule_id", "caller_hears")
    server_default_fields = ("location_id", "time_zone", "language")

    def create_remote(self, api: CallingPlanApi, args: PhoneMenuArgs) -> tuple[str, Live]:
        location_id = args.location_id or config.default_location_id()
        _refuse_main_number(args.phone_number, _main_number(api, location_id))
        targets = _user_targets(api)
        menus = _wire_menus(args, targets)  # resolve users before writing anything
        schedule = schedule_name(args.name)
        schedule_id = _create_schedule(api, location_id, schedule, args.business_hours)
        try:
            menu_id = _create_auto_attendant(api, location_id, _auto_attendant(args, schedule, menus))
        except ApiError as err:
            _undo_schedule(api, location_id, schedule_id, schedule, err)  # a failed create leaves nothing
            raise
        return menu_id, _live(api, location_id, menu_id, None, targets)

    def find_existing(self, api: CallingPlanApi, args: PhoneMenuArgs) -> tuple[str, Live] | None:
        location_id = args.location_id or config.default_location_id()
        found = api.auto_attendants.find_by_name(location_id, args.name)
        if found is None:
            return None
        return found.id, _live(api, location_id, found.id, args.model_dump(), _user_targets(api))

    def read_remote(self, api: CallingPlanApi, id_: str, outputs: dict[str, Any]) -> Live | None:
        location_id = outputs.get("location_id") or config.default_location_id()
        return _live(api, location_id, id_, outputs, _user_targets(api))

    def update_remote(self, api: CallingPlanApi, id_: str, olds: dict[str, Any], args: PhoneMenuArgs) -> Live:
        location_id = olds.get("location_id") or config.default_location_id()
        main_number = _main_number(api, location_id)
        _refuse_main_number(args.phone_number, main_number)
        targets = _user_targets(api)
        menus = _wire_menus(args, targets)
        current = api.auto_attendants.get(location_id, id_)
        schedule = _update_schedule(api, location_id, current.business_schedule, args)
        update = AutoAttendantUpdate(
            name=args.name,
            extension=args.extension,
            business_schedule=schedule,
            business_hours_menu=menus[0],
            after_hours_menu=menus[1],
        )
        if args.phone_number is not None or current.phone_number != main_number:
            update.phone_number = args.phone_number  # None clears it; the main number stays MainNumber's
        if args.time_zone is not None:
            update.time_zone = args.time_zone
        if args.language is not None:
            update.language_code = args.language
        api.auto_attendants.update(location_id, id_, update)
        return _live(api, location_id, id_, olds, targets)

    def delete_remote(self, api: CallingPlanApi, id_: str, outputs: dict[str, Any]) -> None:
        location_id = outputs.get("location_id") or config.default_location_id()
        schedule = outputs.get("schedule_name")
        try:
            schedule = api.auto_attendants.get(location_id, id_).business_schedule or schedule
            api.auto_attendants.delete(location_id, id_)
        except ApiError as err:
            if not err.is_not_found:
                raise
        found = api.schedules.find_by_name(location_id, schedule) if schedule else None
        if found is None:
            return
        try:
            api.schedules.delete(location_id, found.id)
        except ApiError as err:
            if not err.is_conflict:
                raise
            pulumi.log.warn(f"schedule {schedule!r} kept: another phone menu still uses it ({err.message})")


def _user_targets(api: CallingPlanApi) -> UserTargets:
    """user id → [extension, work number] (what a transfer to that person dials), cached per call."""
    cache: dict[str, list[str]] = {}

    def targets(user_id: str) -> list[str]:
        if user_id not in cache:
            try:
                person = api.people.get(user_id, calling_data=True)
            except ApiError as err:
                if not err.is_not_found:
                    raise
                raise CallplanError(f"user {user_id} named in a menu key does not exist") from None
            cache[user_id] = [v for v in (person.extension, person.work_number) if v]
        return cache[user_id]

    return targets


def _wire_menus(args: PhoneMenuArgs, targets: UserTargets) -> tuple[AutoAttendantMenu, AutoAttendantMenu]:
    try:
        return (
            menu_to_wire(args.business_hours_menu.model_dump(exclude_none=True), targets),
            menu_to_wire(args.after_hours_menu.model_dump(exclude_none=True), targets),
        )
    except ValueError as err:
        raise CallplanError(str(err)) from None


def _main_number(api: CallingPlanApi, location_id: str) -> str | None:
    calling = api.locations.get_calling(location_id).calling_line_id
    return calling.phone_number if calling else None


def _refuse_main_number(phone_number: str | None, main_number: str | None) -> None:
    if phone_number is not None and phone_number == main_number:
        raise CallplanError(
            f"phone_number {phone_number} is the location's main number, which belongs to MainNumber: "
            "leave phone_number out and route the main number to this menu with "
            "MainNumber(..., phone_menu_id=menu.id)"
        )


def _undo_schedule(
    api: CallingPlanApi, location_id: str, schedule_id: str, name: str, cause: ApiError
) -> None:
    try:
        api.schedules.delete(location_id, schedule_id)
    except ApiError as err:
        raise CallplanError(
            f"{cause}; the menu's schedule {name!r} could not be removed ({err}): delete it by hand"
        ) from None


def _create_schedule(api: CallingPlanApi, location_id: str, name: str, hours: dict[str, list[str]]) -> str:
    schedule = Schedule(type="businessHours", name=name, events=hours_to_events(hours))
    try:
        return api.schedules.create(location_id, schedule)
    except ApiError as err:
        found = api.schedules.find_by_name(location_id, name) if err.is_outcome_unknown else None
        if found is None:
            raise
        return found.id  # the reply was lost but the schedule was made


def _create_auto_attendant(api: CallingPlanApi, location_id: str, auto_attendant: AutoAttendant) -> str:
    try:
        return api.auto_attendants.create(location_id, auto_attendant)
    except ApiError as err:
        found = (
            api.auto_attendants.find_by_name(location_id, auto_attendant.name)
            if err.is_outcome_unknown
            else None
        )
        if found is None:
            raise
        return found.id


def _update_schedule(api: CallingPlanApi, location_id: str, current: str | None, args: PhoneMenuArgs) -> str:
    """Rename and re-time the menu's schedule; the API renames the menu's reference with it."""
    name = schedule_name(args.name)
    found = api.schedules.find_by_name(location_id, current) if current else None
    if found is None:
        _create_schedule(api, location_id, name, args.business_hours)  # deleted out of band: make it again
        return name
    update = ScheduleUpdate(name=name, events=hours_to_events(args.business_hours))
    api.schedules.update(location_id, found.id, update)
    return name


def _auto_attendant(
    args: PhoneMenuArgs, schedule: str, menus: tuple[AutoAttendantMenu, AutoAttendantMenu]
) -> AutoAttendant:
    return AutoAttendant(
        name=args.name,
        extension=args.extension,
        phone_number=args.phone_number,
        business_schedule=schedule,
        time_zone=args.time_zone,
        language_code=args.language,
        business_hours_menu=menus[0],
        after_hours_menu=menus[1],
    )


def _live(
    api: CallingPlanApi,
    location_id: str,
    menu_id: str,
    previous: Mapping[str, Any] | None,
    targets: UserTargets,
) -> Live:
    """The menu as the API has it, in input form (plus the computed outputs)."""
    aa = api.auto_attendants.get(location_id, menu_id)
    previous = previous or {}
    schedule = api.schedules.find_by_name(location_id, aa.business_schedule) if aa.business_schedule else None
    events = api.schedules.get(location_id, schedule.id).events if schedule else []
    business_menu = menu_from_wire(aa.business_hours_menu, previous.get("business_hours_menu"), targets)
    after_menu = menu_from_wire(aa.after_hours_menu, previous.get("after_hours_menu"), targets)
    phone_number = aa.phone_number
    if phone_number not in (None, previous.get("phone_number")) and phone_number == _main_number(
        api, location_id
    ):
        phone_number = previous.get("phone_number")  # routed here by MainNumber: not drift
    return {
        "name": aa.name,
        "extension": aa.extension,
        "phone_number": phone_number,
        "business_hours": events_to_hours(events),
        "time_zone": aa.time_zone,
        "language": aa.language_code,
        "location_id": location_id,
        "business_hours_menu": business_menu,
        "after_hours_menu": after_menu,
        "schedule_name": aa.business_schedule,
        "schedule_id": schedule.id if schedule else None,
        "caller_hears": {
            "business_hours": caller_hears(business_menu),
            "after_hours": caller_hears(after_menu),
        },
    }


# --- the resource --------------------------------------------------------------------------------


class PhoneMenu(CallplanResource, module="callplan", name="PhoneMenu"):
    """A phone menu (auto attendant) with its own business hours. See the module docstring."""

    provider_class = PhoneMenuProvider

    name: pulumi.Output[str]
    extension: pulumi.Output[str | None]
    phone_number: pulumi.Output[str | None]
    business_hours: pulumi.Output[dict[str, list[str]]]
    time_zone: pulumi.Output[str]
    language: pulumi.Output[str]
    location_id: pulumi.Output[str]
    business_hours_menu: pulumi.Output[dict[str, Any]]
    after_hours_menu: pulumi.Output[dict[str, Any]]
    adopt: pulumi.Output[bool]
    schedule_name: pulumi.Output[str]
    schedule_id: pulumi.Output[str]
    caller_hears: pulumi.Output[dict[str, str]]
    """{"business_hours": "For sales, press 1. ...", "after_hours": "..."}"""

    def __init__(
        self,
        resource_name: str,
        *,
        name: str | pulumi.Input[str],
        business_hours: Mapping[str, list[str]] | pulumi.Input[Mapping[str, Any]],
        extension: str | pulumi.Input[str] | None = None,
        phone_number: str | pulumi.Input[str] | None = None,
        time_zone: str | pulumi.Input[str] | None = None,
        language: str | pulumi.Input[str] | None = None,
        location_id: str | pulumi.Input[str] | None = None,
        business_hours_menu: MenuInput | pulumi.Input[Mapping[str, Any]] | None = None,
        after_hours_menu: MenuInput | pulumi.Input[Mapping[str, Any]] | None = None,
        adopt: bool = False,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        inputs = {
            "name": name,
            "extension": extension,
            "phone_number": phone_number,
            "business_hours": business_hours,
            "time_zone": time_zone,
            "language": language,
            "location_id": location_id,
            "business_hours_menu": business_hours_menu,
            "after_hours_menu": after_hours_menu,
            "adopt": adopt,
        }
        super().__init__(resource_name, inputs, opts)
