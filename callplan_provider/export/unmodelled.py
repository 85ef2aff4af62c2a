"""What the package does not model, said at the end of the program and in the README.

- Open port orders: the export cannot know the losing carrier's PIN or have the bill, which a
  `PortOrder` needs; let the order complete (its numbers then join the inventory) or declare it.
- Schedules no phone menu of the location uses: kept as they are.
- Numbers held by something other than a person or a phone menu, and a person's alternate
  numbers other than the main number (MainNumber manages only that one): kept as they are.
- With several locations: each goes in its own stack; people without a calling line are declared
  in the export of the first location only.
"""

from __future__ import annotations

from callplan_provider.export.context import Comment, ExportContext
from callplan_provider.models.port_orders import OPEN_PORT_STATUSES
from callplan_provider.resources.main_number import AUTO_ATTENDANT, PEOPLE

SECTION = "Not managed by this program"
ALTERNATE = "ALTERNATE"


def export_unmodelled(ctx: ExportContext) -> None:
    comments = _port_orders(ctx) + _schedules(ctx) + _numbers(ctx) + _locations(ctx)
    if comments:
        ctx.section(SECTION).blocks.append(Comment(comments))


def _port_orders(ctx: ExportContext) -> list[str]:
    comments = []
    for order in sorted(ctx.snapshot.port_orders, key=lambda o: (sorted(o.phone_numbers), o.id or "")):
        if order.status not in OPEN_PORT_STATUSES:
            continue
        numbers = ", ".join(sorted(order.phone_numbers))
        text = (
            f"it is {order.status}, and a PortOrder needs the losing carrier's PIN and the bill, "
            "which the organisation does not give back. Let it complete (its numbers then join the "
            "inventory: export again to use them), or declare a cp.PortOrder with the PIN as a "
            "secret (config.require_secret) and the bill file to follow it from here."
        )
        comments.append(ctx.note(f"the port order of {numbers}", text))
    return comments


def _schedules(ctx: ExportContext) -> list[str]:
    used = {
        name
        for view in ctx.snapshot.menus
        for name in (view.menu.business_schedule, view.menu.holiday_schedule)
        if name
    }
    return [
        ctx.note(
            f"the {schedule.type} schedule {schedule.name!r}",
            "no phone menu uses it, and this package manages a schedule only as a menu's business "
            "hours; it is kept as it is.",
        )
        for schedule in sorted(ctx.snapshot.schedules, key=lambda s: (s.type, s.name))
        if schedule.name not in used
    ]


def _numbers(ctx: ExportContext) -> list[str]:
    return [
        ctx.note(
            f"the number {row.phone_number or row.extension}",
            f"it belongs to a {row.owner.type}, which this package does not manage; it is kept as it is.",
        )
        for row in ctx.snapshot.numbers
        if row.owner is not None and row.owner.type not in (PEOPLE, AUTO_ATTENDANT)
    ] + [
        ctx.note(
            f"the number {row.phone_number}",
            "it is an alternate number of a person, which this package manages only for the main "
            "number (MainNumber); it is kept as it is.",
        )
        for row in ctx.snapshot.numbers
        if row.phone_number_type == ALTERNATE and row.phone_number != ctx.snapshot.main_number
    ]


def _locations(ctx: ExportContext) -> list[str]:
    others = [loc.name for loc in ctx.snapshot.locations if loc.id != ctx.snapshot.location.id]
    if not others:
        return []
    first = ctx.snapshot.locations[0].name
    text = (
        f"the organisation has other locations ({', '.join(sorted(others))}); export each into its "
        f"own stack. People without a calling line are declared in the export of {first}, the "
        "first location, only."
    )
    return [ctx.note("the other locations", text, declared=True)]
