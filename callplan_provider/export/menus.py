"""Phone menus: a `PhoneMenu` for every auto attendant of the location, with hours, menus and keys.

Keys are read with the provider's own `key_from_wire` and written, in keypad order, with the helpers
(`cp.transfer_to_user(...)`, `cp.operator(...)`, ...). A key's destination becomes a reference:
a person's extension → their line's user (`transfer_to_user(alice_line.user_id)`, which follows
the person), a person's or a menu's own number → that resource's `phone_number`, another menu's
extension → that menu's `extension`, the main number → the stack config. Menus that others refer
to come first; in a cycle the reference back is the literal value, with a comment. Anything
else (an outside number, an extension nobody has) is written as it is, with a comment when the
organisation would refuse it.

`time_zone` and `language` are written when they differ from the location's (the provider's
default otherwise). A custom greeting's recording, the holiday schedule, a business-hours
schedule shared with another menu or named otherwise, and one-off schedule events are said in a
note (the program keeps them as they are until the menu changes). Not declared (a note says what to
do): a menu whose hours cannot be written as weekly opening hours, and one reachable only through
the main number (a PhoneMenu needs an extension or its own number; the main number is
MainNumber's).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from callplan_provider.export.code import Call, Code, Dict, Expr, Item, List
from callplan_provider.export.context import Comment, ExportContext, Section, check_values, refusal
from callplan_provider.export.names import slug
from callplan_provider.export.reader import MenuView
from callplan_provider.menu import ACTIONS, MENU_KEYS, MenuKeyArgs
from callplan_provider.models.auto_attendants import AutoAttendantMenu, KeyConfiguration
from callplan_provider.resources.business_hours import events_to_hours, normalise_hours
from callplan_provider.resources.phone_menu import key_from_wire, schedule_name

SECTION = "Phone menus"
_NO_TARGET_HELPERS = {
    "dial_by_extension": "cp.dial_by_extension",
    "dial_by_name": "cp.dial_by_name",
    "repeat_menu": "cp.repeat_menu",
    "exit": "cp.exit_menu",
}
_TRANSFER_HELPERS = {
    "user_id": "cp.transfer_to_user",
    "extension": "cp.transfer_to_extension",
    "phone_number": "cp.transfer_to_number",
}


def export_menus(ctx: ExportContext) -> None:
    section = ctx.section(SECTION)
    for view in _in_reference_order(ctx, ctx.snapshot.menus):
        _export_menu(ctx, section, view)


# --- order -----------------------------------------------------------------------------------


def _in_reference_order(ctx: ExportContext, views: list[MenuView]) -> list[MenuView]:
    """By name, except that a menu comes after the menus its keys reach (cycles: by name)."""
    pending = sorted(views, key=lambda v: (v.menu.name, v.id))
    done: list[MenuView] = []
    while pending:
        placed = {v.id for v in done}
        ready = next(
            (v for v in pending if _menus_reached(ctx, v) - {v.id} <= placed),
            pending[0],
        )
        pending.remove(ready)
        done.append(ready)
    return done


def _menus_reached(ctx: ExportContext, view: MenuView) -> set[str]:
    values = {
        key.value
        for menu in (view.menu.business_hours_menu, view.menu.after_hours_menu)
        for key in menu.key_configurations
        if key.value
    }
    return {m.id for m in ctx.snapshot.menus if {m.menu.extension, m.menu.phone_number} & values}


# --- one menu --------------------------------------------------------------------------------


def _export_menu(ctx: ExportContext, section: Section, view: MenuView) -> None:
    menu, location = view.menu, ctx.snapshot.location
    hours = events_to_hours(view.events)
    own_number = menu.phone_number if menu.phone_number != ctx.snapshot.main_number else None
    subject = f"the phone menu {menu.name!r}"
    problem = _not_expressible(hours, menu.extension, own_number)
    if problem:
        section.blocks.append(Comment([ctx.note(subject, problem)]))
        return
    default_language = location.preferred_language or location.announcement_language
    values: dict[str, Any] = {
        "name": menu.name,
        "extension": menu.extension,
        "phone_number": own_number,
        "business_hours": hours,
        "time_zone": menu.time_zone if menu.time_zone != location.time_zone else None,
        "language": menu.language_code if menu.language_code != default_language else None,
    }
    checked = check_values("PhoneMenu", values)
    if checked.problems:
        section.blocks.append(Comment([ctx.note(subject, refusal("a PhoneMenu", checked.problems))]))
        return
    values.update(checked.rewritten)
    variable = ctx.namer.take(slug(menu.name, "menu"))
    items = [Item("name", values["name"])]
    if values["extension"]:
        items.append(Item("extension", values["extension"]))
    if own_number:
        items.append(Item("phone_number", ctx.number(variable, own_number)))
    items.append(Item("business_hours", _hours(hours)))
    items += [Item(name, values[name]) for name in ("time_zone", "language") if values[name]]
    items.append(Item("business_hours_menu", _menu(ctx, view, menu.business_hours_menu)))
    items.append(Item("after_hours_menu", _menu(ctx, view, menu.after_hours_menu)))
    items += ctx.location_id()
    ctx.declare(section, "PhoneMenu", variable, items, _caveats(ctx, view))
    ctx.menus[view.id] = variable


def _not_expressible(hours: dict[str, list[str]], extension: str | None, own_number: str | None) -> str:
    if not (extension or own_number):
        return (
            "it has no extension and no number but the main number, and a PhoneMenu needs one of "
            "its own (the main number is MainNumber's); give it an extension in the admin portal "
            "and export again."
        )
    try:
        normalise_hours(hours)
    except ValueError as err:
        return (
            f"its business hours cannot be written as weekly opening hours ({err}); "
            "make its schedule's events weekly, without overlaps, in the admin portal and export again."
        )
    return ""


def _hours(hours: Mapping[str, list[str]]) -> Dict:
    return Dict(tuple(Item(day, List(tuple(ranges))) for day, ranges in hours.items()), explode=True)


def _caveats(ctx: ExportContext, view: MenuView) -> list[str]:
    menu, subject = view.menu, f"the phone menu {view.menu.name!r}"
    own = schedule_name(menu.name)
    notes = []
    sharing = [
        m.menu.name
        for m in ctx.snapshot.menus
        if m.id != view.id and menu.business_schedule and m.menu.business_schedule == menu.business_schedule
    ]
    if sharing:
        notes.append(
            f"its business hours are the schedule {menu.business_schedule!r}, shared with "
            f"{', '.join(repr(n) for n in sorted(sharing))}; a PhoneMenu keeps its hours in a schedule "
            f"of its own, {own!r}, and its first update renames the shared one. Before changing this "
            f"menu here, give it its own schedule {own!r} in the admin portal."
        )
    elif menu.business_schedule and menu.business_schedule != own:
        notes.append(
            f"its business hours are the schedule {menu.business_schedule!r}; its first update "
            f"renames it {own!r}, the name PhoneMenu gives a menu's schedule."
        )
    if any(not _weekly(event) for event in view.events):
        notes.append(
            "its schedule has one-off events, declared here as weekly hours on their weekday; its "
            "first update makes them weekly. Holidays belong in a holiday schedule."
        )
    if menu.holiday_schedule:
        notes.append(
            f"its holiday schedule {menu.holiday_schedule!r} is not managed by this package; it is "
            "kept as it is."
        )
    for which, wire in (("business-hours", menu.business_hours_menu), ("after-hours", menu.after_hours_menu)):
        if wire.greeting == "CUSTOM":
            notes.append(
                f"the {which} menu plays a custom greeting; its recording is managed in the admin "
                "portal, not here."
            )
    return [ctx.note(subject, text, declared=True) for text in notes]


def _weekly(event: Any) -> bool:
    recurrence = event.recurrence
    return bool(recurrence and recurrence.recur_weekly and recurrence.recur_for_ever)


# --- keys ------------------------------------------------------------------------------------


def _menu(ctx: ExportContext, view: MenuView, wire: AutoAttendantMenu) -> Dict:
    items = []
    if wire.greeting != "DEFAULT":
        items.append(Item("greeting", wire.greeting))
    items.append(Item("extension_enabled", wire.extension_enabled))
    keys: list[Item] = []
    dangling: list[str] = []
    for key in sorted(wire.key_configurations, key=lambda k: MENU_KEYS.index(k.key)):
        expr, comments = _key(ctx, view, key)
        if expr is None:
            dangling += comments
            continue
        keys.append(Item(key.key, expr, tuple(dangling + comments)))
        dangling = []
    items.append(Item("keys", Dict(tuple(keys), explode=bool(keys), trailing_comments=tuple(dangling))))
    return Dict(tuple(items), explode=True)


def _key(ctx: ExportContext, view: MenuView, wire: KeyConfiguration) -> tuple[Expr | None, list[str]]:
    """The helper call for a key, with comments; None when no helper can express it."""
    action = key_from_wire(wire, None, lambda _: [])
    name = action["action"]
    subject = f"key {wire.key} of the phone menu {view.menu.name!r} ({wire.action})"
    if name not in ACTIONS:
        text = (
            "this package does not manage that action, so the first `pulumi up` would remove the "
            "key: set the key here to an action it has, or remove it in the admin portal first."
        )
        return None, [ctx.note(subject, text)]
    checked = check_values(MenuKeyArgs, action)
    if checked.problems:
        text = f"{refusal('a menu key', checked.problems)} Until then the first `pulumi up` removes the key."
        return None, [ctx.note(subject, text)]
    action.update(checked.rewritten)
    description = action.get("description")
    if name in _NO_TARGET_HELPERS:
        return Call.of(_NO_TARGET_HELPERS[name], *([description] if description else [])), []
    target, value, comment = _destination(ctx, view, wire.value or "")
    comments = [comment] if comment else []
    if name == "transfer":
        call = Call.of(_TRANSFER_HELPERS[target], value, *([description] if description else []))
        if action.get("prompt"):
            call = Call(call.func, (*call.items, Item("prompt", True)))
        return call, comments
    helper = f"cp.{name}"
    if target == "extension":
        return Call.of(helper, value, *([description] if description else [])), comments
    kwargs: dict[str, Expr] = {target: value}
    if description:
        kwargs["description"] = description
    return Call.of(helper, **kwargs), comments


def _destination(ctx: ExportContext, view: MenuView, value: str) -> tuple[str, Expr, str]:
    """(target property, expression, comment) for a key's wire value."""
    snapshot = ctx.snapshot
    if value.startswith("+"):
        if value == snapshot.main_number:
            return "phone_number", ctx.number("main_number", value), ""
        for person in snapshot.people:
            if person.id in ctx.lines and person.person.work_number == value:
                return "phone_number", Code(f"{ctx.lines[person.id]}.phone_number"), ""
        for menu in snapshot.menus:
            if menu.id in ctx.menus and menu.menu.phone_number == value:
                return "phone_number", Code(f"{ctx.menus[menu.id]}.phone_number"), ""
        return "phone_number", value, ""
    for person in snapshot.people:
        if person.person.extension == value and person.person.location_id == snapshot.location.id:
            if person.id in ctx.lines:
                return "user_id", Code(f"{ctx.lines[person.id]}.user_id"), ""
            return (
                "extension",
                value,
                f"extension {value} is the line of {_name(person.person)}, not declared here.",
            )
    for menu in snapshot.menus:
        if menu.menu.extension == value:
            if menu.id in ctx.menus:
                return "extension", Code(f"{ctx.menus[menu.id]}.extension"), ""
            if menu.id == view.id:
                return "extension", value, "this menu's own extension."
            return (
                "extension",
                value,
                f"the extension of the phone menu {menu.menu.name!r}, not declared above.",
            )
    comment = ctx.note(
        f"the destination of a key of the phone menu {view.menu.name!r}",
        f"nobody has extension {value} now, and the organisation refuses any change to this menu "
        "until the key reaches an extension in use: point it elsewhere here.",
        declared=True,
    )
    return "extension", value, comment


def _name(person: Any) -> str:
    return " ".join(p for p in (person.first_name, person.last_name) if p) or person.email or person.id
