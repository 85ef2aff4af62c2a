"""The main number's route: `MainNumber("main-number", phone_number=..., **cp.route_to_...(...))`.

The main number rings a person (→ `route_to_user(<their line>)`, so the route waits for the line;
whether it is their work number or, for a person with their own number, an alternate number: the
inventory names the person as its owner either way)
or a phone menu (→ `route_to_menu(<the menu>)`). When that person or menu is not declared, the
route goes to their extension as a literal, with a comment. A main number that rings nobody (or
something this package does not model), or a location without one, is not declared: a
MainNumber needs a target, and a note says how to add one.
"""

from __future__ import annotations

from callplan_provider.export.code import Call, Code, Item
from callplan_provider.export.context import MAIN_NUMBER_VARIABLE, Comment, ExportContext
from callplan_provider.resources.main_number import AUTO_ATTENDANT, PEOPLE

SECTION = "The main number"
PROTECT_COMMENT = (
    "Only this resource sets the main number and where it rings. Consider "
    "opts=pulumi.ResourceOptions(protect=True) once the program is yours."
)


def export_main_number(ctx: ExportContext) -> None:
    section = ctx.section(SECTION)
    number = ctx.snapshot.main_number
    if number is None:
        section.blocks.append(
            Comment([ctx.note("the main number", "the location has none yet; nothing routes calls to it.")])
        )
        return
    route, comments = _route(ctx, number)
    if route is None:
        section.blocks.append(Comment(comments))
        return
    items = [
        Item("phone_number", ctx.number(MAIN_NUMBER_VARIABLE, number)),
        *ctx.location_id(),
        Item("**", route),
    ]
    ctx.declare(section, "MainNumber", MAIN_NUMBER_VARIABLE, items, [PROTECT_COMMENT, *comments])


def _route(ctx: ExportContext, number: str) -> tuple[Call | None, list[str]]:
    row = next((n for n in ctx.snapshot.numbers if n.phone_number == number), None)
    owner = row.owner if row else None
    if owner is None:
        text = (
            "it rings nobody, and a MainNumber needs a target; to route it, declare "
            f'cp.MainNumber("main-number", phone_number="{number}", **cp.route_to_menu(<a PhoneMenu>)) '
            "(or route_to_user(<an Extension>))."
        )
        return None, [ctx.note(f"the main number {number}", text)]
    if owner.type == PEOPLE and owner.id in ctx.lines:
        return Call.of("cp.route_to_user", Code(ctx.lines[owner.id])), []
    if owner.type == AUTO_ATTENDANT and owner.id in ctx.menus:
        return Call.of("cp.route_to_menu", Code(ctx.menus[owner.id])), []
    extension = _extension_of(ctx, owner.id)
    if owner.type in (PEOPLE, AUTO_ATTENDANT) and extension:
        comment = ctx.note(
            f"the main number's target (extension {extension})",
            "the person or menu it rings is not declared here, so the route names their extension.",
            declared=True,
        )
        return Call.of("cp.route_to_extension", extension), [comment]
    text = (
        f"it rings a {owner.type} ({owner.id}) that this package does not manage; route it to a "
        "person or a phone menu in the admin portal and export again."
    )
    return None, [ctx.note(f"the main number {number}", text)]


def _extension_of(ctx: ExportContext, owner_id: str) -> str | None:
    for person in ctx.snapshot.people:
        if person.id == owner_id and person.person.location_id == ctx.snapshot.location.id:
            return person.person.extension
    for menu in ctx.snapshot.menus:
        if menu.id == owner_id:
            return menu.menu.extension
    return None
