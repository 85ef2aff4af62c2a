"""PhoneMenu: an auto attendant and its own business-hours schedule.

API: `POST|GET|PUT|DELETE /telephony/config/locations/{locationId}/schedules[/businessHours/{id}]`
and `/telephony/config/locations/{locationId}/autoAttendants[/{id}]`; list
`GET /telephony/config/autoAttendants`.

Owns: the auto attendant (name, extension, phone number, business schedule, language, time zone,
both menus) and its business-hours schedule, named `"<menu name> hours"`. Replaced when the
location changes. Natural key: the name in the location (`adopt=True` takes over an existing one).

- `business_hours`: per weekday, `"HH:MM-HH:MM"` ranges, normalised so the diff never flaps; on
  the wire each range is one weekly-recurring event (`resources/business_hours.py`).
- Menus map keys `0`-`9`, `*`, `#` (each once) to actions built by the helpers of
  `callplan_provider.menu` (which holds their rules). Transfers to a *user* are resolved when
  applied: the person's extension (or, without one, their work number) becomes the key's `value`;
  refresh keeps `user_id` while the key still points at that person. Outside numbers must be
  valid E.164 and may be toll-free (a caller can be sent to a supplier's free-phone line); the
  menu's *own* number may not be toll-free (no toll-free in a calling plan).
- The location's main number belongs to MainNumber (`callplan_provider.ownership`): create and
  update refuse it as `phone_number` (so does check, from the organisation's number inventory:
  `resources/preview.py`), refresh ignores it when MainNumber has routed it to this menu, and update keeps
  it (a menu has one number: giving the menu its own number while the main number rings it is
  refused, saying to route the main number elsewhere first).
- Create is schedule then auto attendant, with no look-up first: the API refuses a second auto
  attendant of the name in the location (409, nothing written), so the name is looked up only
  then, or with `adopt` (the base's `create_refuses_clash`). A schedule already named
  `"<menu name> hours"` (left behind when the auto attendant was deleted outside the program, or
  by a create that failed) is the menu's: when its POST is refused, create, with or without
  `adopt`, takes it over and writes the declared hours (`claim_schedule`), unless a menu of the
  name still exists: then the create clashes with that menu, whose schedule stays untouched. When
  the second step fails, a schedule made is deleted and one taken over gets its previous hours
  back; when its outcome is unknown (a lost reply), the schedule stays as it is, since the auto
  attendant may exist and use it: the base looks the menu up by name, or the next `pulumi up`
  takes over both (the base's take-over rule). The time zone and language the program leaves out
  are read back from the auto attendant (one GET): the API documents no default for them, so the
  location's cannot stand in; given, nothing is read.
- Update writes what changed: the schedule (by the id in the state) when the hours or the name
  change, the auto attendant when its own fields do. It reads the auto attendant only when the
  number changes (the main number may ring the menu) or the schedule's id is gone. It renames the
  schedule with the menu (the API changes a schedule's id with its name, and renames the menu's
  reference): when that PUT's reply is lost, its automatic retry goes to the old id and gets a
  404, so the schedule is looked up by its new name before the 404 is believed (`_put_schedule`).
- Delete removes the auto attendant then its schedule by the id in the state; only when that id
  is gone, by its name; when neither finds it (renamed elsewhere, and not refreshed since), a
  warning names it and the fix. Numbers stay in the inventory.
- Outputs: every input, plus `id`, `schedule_name` and `caller_hears` (the text a caller hears in
  each menu, derived from the keys: "For sales, press 1. ...").
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Annotated, Any

import pulumi
from pydantic import AfterValidator, BeforeValidator, Field, model_validator

from callplan_provider.client import CallingPlanApi
from callplan_provider.client.session import ApiError
from callplan_provider.menu import MENU_KEYS, TARGETED_ACTIONS, MenuArgs, MenuInput, caller_hears
from callplan_provider.models.auto_attendants import (
    AutoAttendant,
    AutoAttendantMenu,
    AutoAttendantUpdate,
    KeyConfiguration,
)
from callplan_provider.models.schedules import Schedule, ScheduleUpdate
from callplan_provider.numbering import ExtensionDigits, PlanNumber
from callplan_provider.ownership import menu_number, own_number
from callplan_provider.resources import config, org_cache
from callplan_provider.resources.base import (
    ArgsModel,
    CallplanError,
    CallplanResource,
    FieldProblem,
    LanguageCode,
    Live,
    Reconciler,
    TimeZone,
    recover,
)
from callplan_provider.resources.business_hours import (
    claim_schedule,
    events_to_hours,
    hours_to_events,
    normalise_hours,
    release_schedule,
)
from callplan_provider.resources.claims import Key
from callplan_provider.resources.preview import (
    OrgCheck,
    claim_location,
    line_claims,
    verify_extension,
    verify_own_number,
)

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
        if user_id and wire.value in user_targets(user_id):
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


def _menu_name(value: str) -> str:
    name = value.strip()
    if not name or len(name) > 74:  # the schedule "<name> hours" must fit in 80 characters
        raise ValueError("name must be 1 to 74 characters")
    return name


class PhoneMenuArgs(ArgsModel):
    """The inputs of a PhoneMenu (an auto attendant with its own business-hours schedule)."""

    name: Annotated[str, AfterValidator(_menu_name)] = Field(
        description="the menu's name, unique in the location"
    )
    extension: ExtensionDigits | None = Field(
        default=None, description="the menu's extension (this and/or phone_number)"
    )
    phone_number: PlanNumber | None = Field(
        default=None,
        description="the menu's own number, from the inventory (not the main number: see MainNumber)",
    )
    business_hours: Annotated[dict[str, list[str]], BeforeValidator(normalise_hours)] = Field(
        description='opening hours per weekday, e.g. {"mon": ["09:00-12:00", "13:00-17:00"]}'
    )
    time_zone: TimeZone | None = Field(default=None, description="IANA time zone; default: the location's")
    language: LanguageCode | None = Field(
        default=None, description="announcement language code, e.g. en_us; default: the location's"
    )
    location_id: Annotated[str, Field(min_length=1)] | None = Field(
        default=None,
        description="default: the configured location (callplan:locationId); changing it replaces",
    )
    business_hours_menu: MenuArgs = Field(default_factory=MenuArgs)
    after_hours_menu: MenuArgs = Field(default_factory=MenuArgs)
    adopt: bool = Field(default=False, description="take over an existing menu of the same name")

    @model_validator(mode="after")
    def _reachable(self) -> PhoneMenuArgs:
        if self.extension is None and self.phone_number is None:
            raise FieldProblem("extension", "give the menu an extension, a phone_number or both")
        return self


def schedule_name(menu_name: str) -> str:
    """The name of the menu's own business-hours schedule."""
    return f"{menu_name} hours"


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
    create_refuses_clash = True  # a second auto attendant of the name in the location: 409, nothing written
    computed_outputs = ("schedule_name", "schedule_id", "caller_hears")
    server_default_fields = ("location_id", "time_zone", "language")

    def claimed(self, inputs: Mapping[str, Any]) -> dict[Key, str]:
        claimed = line_claims(inputs)
        name, location = inputs.get("name"), claim_location(inputs)
        if isinstance(name, str) and location is not None:
            claimed[("menu", location, name)] = "name"
        return claimed

    def verify_with_org(self, check: OrgCheck) -> None:
        if not any(check.changed(prop) for prop in ("name", "extension", "phone_number")):
            return
        own_id = _own_menu_id(check)
        verify_own_number(check, "phone_number", own_id, "this menu")
        verify_extension(check, own_id)

    def create_remote(self, api: CallingPlanApi, args: PhoneMenuArgs) -> tuple[str, Live]:
        location_id = args.location_id or config.default_location_id()
        self.refuse_main_number(args.phone_number, org_cache.main_number(api, location_id))
        targets = _user_targets(api)
        menus = _wire_menus(args, targets)  # resolve users before writing anything
        schedule = claim_schedule(
            api,
            location_id,
            schedule_name(args.name),
            args.business_hours,
            menu_exists=lambda: api.auto_attendants.find_by_name(location_id, args.name) is not None,
        )
        auto_attendant = _auto_attendant(args, schedule.name, menus)
        try:
            menu_id = api.auto_attendants.create(location_id, auto_attendant)
        except ApiError as err:
            if not err.is_outcome_unknown:  # else the menu may exist, using the schedule: the base finds it
                release_schedule(api, location_id, schedule, err)  # a failed create leaves things as found
            raise
        return menu_id, _written(api, location_id, menu_id, args, auto_attendant, schedule.id)

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
        main_number = org_cache.main_number(api, location_id)
        self.refuse_main_number(args.phone_number, main_number)
        menus = _wire_menus(args, _user_targets(api))
        changed = set(self.changed_fields(olds, args.model_dump(mode="json", exclude_none=True)))
        name, schedule_id = schedule_name(args.name), olds.get("schedule_id")
        update = _menu_update(args, menus)
        if "business_hours" in changed or olds.get("schedule_name") != name or not schedule_id:
            schedule_id = _update_schedule(api, location_id, id_, olds, args)
            update.business_schedule = name
        if "phone_number" in changed:
            _set_number(api, location_id, id_, update, args.phone_number, main_number)
        if changed - {"business_hours"}:  # the schedule's rename renamed the menu's reference already
            api.auto_attendants.update(location_id, id_, update)
        written = _auto_attendant(args, name, menus)
        written.time_zone = args.time_zone or olds.get("time_zone")
        written.language_code = args.language or olds.get("language")
        return _written(api, location_id, id_, args, written, schedule_id)

    def delete_remote(self, api: CallingPlanApi, id_: str, outputs: dict[str, Any]) -> None:
        location_id = outputs.get("location_id") or config.default_location_id()
        schedule, schedule_id = outputs.get("schedule_name"), outputs.get("schedule_id")
        try:
            api.auto_attendants.delete(location_id, id_)
        except ApiError as err:
            if not err.is_not_found:
                raise
        try:
            _delete_schedule(api, location_id, schedule, schedule_id)
        except ApiError as err:
            if not err.is_conflict:
                raise
            pulumi.log.warn(f"schedule {schedule!r} kept: another phone menu still uses it ({err.message})")


def _delete_schedule(
    api: CallingPlanApi, location_id: str, name: str | None, schedule_id: str | None
) -> None:
    """By the id the state holds; by name when there is none or it is gone (a warning when neither
    finds it: renamed elsewhere, its id changed with its name, and the state has not seen it)."""
    if schedule_id:
        try:
            api.schedules.delete(location_id, schedule_id)
            return
        except ApiError as err:
            if not err.is_not_found:
                raise
    found = api.schedules.find_by_name(location_id, name) if name else None
    if found is not None:
        api.schedules.delete(location_id, found.id)
    elif name:
        pulumi.log.warn(
            f"schedule {name!r} not found by its id or its name: already gone, or renamed outside the "
            "program (a schedule's id changes with its name), in which case it is left in the location "
            "under its new name: delete it by hand. `pulumi refresh` (or `pulumi destroy --refresh`) "
            "records a menu's schedule as renamed, so that delete finds it"
        )


def _own_menu_id(check: OrgCheck) -> str | None:
    """The menu these inputs are in the organisation: the one of its old name (an update), or of its
    name when it is taken over (adopt=True, or found as the program declares it)."""
    name = check.olds.get("name") or check.known("name")
    location = check.location_id()
    if not isinstance(name, str) or not location:
        return None
    found = check.ask(lambda s: s.menu(location, name))
    if found is None:
        return None
    if check.olds or check.news.get("adopt"):
        return found.id
    if (found.extension, found.phone_number) != (check.known("extension"), check.known("phone_number")):
        check.fail(
            "name",
            f'a phone menu named "{name}" already exists in {check.location_name(location)} (extension '
            f"{found.extension or 'none'}, number {found.phone_number or 'none'}) and differs from this one: "
            "set adopt=True to take it over, or pick another name",
        )
    return found.id


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


def _menu_update(
    args: PhoneMenuArgs, menus: tuple[AutoAttendantMenu, AutoAttendantMenu]
) -> AutoAttendantUpdate:
    """The PUT of the menu's own fields (the number: `_set_number`); a time zone or language the
    program leaves out is not sent, so the auto attendant keeps the one it has."""
    update = AutoAttendantUpdate(
        name=args.name, extension=args.extension, business_hours_menu=menus[0], after_hours_menu=menus[1]
    )
    if args.time_zone is not None:
        update.time_zone = args.time_zone
    if args.language is not None:
        update.language_code = args.language
    return update


def _set_number(
    api: CallingPlanApi,
    location_id: str,
    menu_id: str,
    update: AutoAttendantUpdate,
    wanted: str | None,
    main_number: str | None,
) -> None:
    """Put the menu's changed number in `update`; the main number, routed here, is MainNumber's."""
    current = api.auto_attendants.get(location_id, menu_id).phone_number
    try:
        number = menu_number(wanted, current, main_number)
    except ValueError as err:
        raise CallplanError(str(err)) from None
    if not number == current == main_number:
        update.phone_number = number  # None clears it


def _update_schedule(
    api: CallingPlanApi, location_id: str, menu_id: str, olds: Mapping[str, Any], args: PhoneMenuArgs
) -> str:
    """Rename and re-time the menu's schedule (the API renames the menu's reference with it): by the
    id the state holds; when that is gone (renamed or deleted elsewhere), the one the menu names.
    Returns the schedule's id, which changes with its name."""
    known, known_name = olds.get("schedule_id"), olds.get("schedule_name")
    if known and known_name:
        try:
            return _put_schedule(api, location_id, known, known_name, args)
        except ApiError as err:
            if not err.is_not_found:
                raise
    current = api.auto_attendants.get(location_id, menu_id).business_schedule
    found = api.schedules.find_by_name(location_id, current) if current else None
    if found is None:  # deleted out of band: make it again, and point the menu at it
        made = claim_schedule(api, location_id, schedule_name(args.name), args.business_hours)
        api.auto_attendants.update(location_id, menu_id, AutoAttendantUpdate(business_schedule=made.name))
        return made.id
    return _put_schedule(api, location_id, found.id, found.name, args)


def _put_schedule(
    api: CallingPlanApi, location_id: str, schedule_id: str, current_name: str, args: PhoneMenuArgs
) -> str:
    """The schedule's name and hours, as the inputs say; its id after the PUT."""
    name = schedule_name(args.name)
    update = ScheduleUpdate(name=name, events=hours_to_events(args.business_hours))
    try:
        return api.schedules.update(location_id, schedule_id, update)
    except ApiError as err:
        if not (name != current_name and (err.is_not_found or err.is_outcome_unknown)):
            raise
        # The reply of a rename was lost, and its retry went to the old id: it may have been done.
        found = recover(lambda: api.schedules.find_by_name(location_id, name))
        if found is None:
            raise
        return found.id


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


def _written(
    api: CallingPlanApi,
    location_id: str,
    menu_id: str,
    args: PhoneMenuArgs,
    written: AutoAttendant,
    schedule_id: str | None,
) -> Live:
    """The menu just written: the inputs and the schedule's declared hours, as written. The time zone
    and language the program left out are what the API filled in: read from the auto attendant when
    not known (the API documents no default for them, so the location's cannot stand in)."""
    known = written.time_zone is not None and written.language_code is not None
    aa = written if known else api.auto_attendants.get(location_id, menu_id)
    business_menu = args.business_hours_menu.model_dump(mode="json", exclude_none=True)
    after_menu = args.after_hours_menu.model_dump(mode="json", exclude_none=True)
    hours = dict(args.business_hours)
    return _state(aa, location_id, args.phone_number, hours, (business_menu, after_menu), schedule_id)


def _state(
    aa: AutoAttendant,
    location_id: str,
    phone_number: str | None,
    business_hours: dict[str, Any],
    menus: tuple[dict[str, Any], dict[str, Any]],
    schedule_id: str | None,
) -> Live:
    """The menu in input form, plus what a caller hears."""
    return {
        "name": aa.name,
        "extension": aa.extension,
        "phone_number": phone_number,
        "business_hours": business_hours,
        "time_zone": aa.time_zone,
        "language": aa.language_code,
        "location_id": location_id,
        "business_hours_menu": menus[0],
        "after_hours_menu": menus[1],
        "schedule_name": aa.business_schedule,
        "schedule_id": schedule_id,
        "caller_hears": {"business_hours": caller_hears(menus[0]), "after_hours": caller_hears(menus[1])},
    }


def _schedule_of(
    api: CallingPlanApi, location_id: str, name: str | None, previous: Mapping[str, Any]
) -> Schedule | None:
    """The menu's schedule: by the id the state holds while the name is the same, else by name."""
    if not name:
        return None
    known = previous.get("schedule_id") if previous.get("schedule_name") == name else None
    if known:
        try:
            return api.schedules.get(location_id, known)
        except ApiError as err:
            if not err.is_not_found:
                raise
    found = api.schedules.find_by_name(location_id, name)
    return api.schedules.get(location_id, found.id) if found else None


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
    schedule = _schedule_of(api, location_id, aa.business_schedule, previous)
    events = schedule.events if schedule else []
    business_menu = menu_from_wire(aa.business_hours_menu, previous.get("business_hours_menu"), targets)
    after_menu = menu_from_wire(aa.after_hours_menu, previous.get("after_hours_menu"), targets)
    phone_number = aa.phone_number
    if phone_number not in (None, previous.get("phone_number")):
        phone_number = own_number(phone_number, org_cache.main_number(api, location_id))
    menus = (business_menu, after_menu)
    schedule_id = schedule.id if schedule else None
    return _state(aa, location_id, phone_number, events_to_hours(events), menus, schedule_id)


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
