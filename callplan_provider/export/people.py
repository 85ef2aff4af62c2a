"""People and their calling lines: `User` for every person, `Extension` for a line in the location.

In e-mail order. A person is `alice` (the e-mail's local part), their line `alice_line`, with
`user_id=alice.id`; a direct number goes to the stack config `numbers`, unless it is the main
number (which is MainNumber's, routed to this line). `call_recording=True` when their calls are
recorded, left out otherwise (the line's recording is then not managed, and a refresh reads none).
The account owner gets `retain_on_delete`: the organisation refuses to delete them.

A person without a calling line belongs to no location: the export of the organisation's first
location (the first the API lists) declares them, and no other, so with one stack per location
each person is declared once.

Not declared (a note says why and what to do): a person whose line is in another location (that
location's export declares them), a person without a line in the export of another location
than the first, a person without a first or last name (a `User` needs both), and a line without
an extension (an `Extension` needs one).
"""

from __future__ import annotations

from callplan_provider.export.code import Call, Code, Item
from callplan_provider.export.context import Comment, ExportContext, Section, check_values, refusal
from callplan_provider.export.names import slug
from callplan_provider.export.reader import PersonView
from callplan_provider.models.people import Person

SECTION = "People and their calling lines"
OWNER_COMMENT = (
    "The account owner: the organisation refuses to delete them, so `pulumi destroy` leaves them "
    "in place (retain_on_delete)."
)


def export_people(ctx: ExportContext) -> None:
    section = ctx.section(SECTION)
    for view in sorted(ctx.snapshot.people, key=lambda v: (_email(v.person), v.id)):
        _export_person(ctx, section, view)


def _email(person: Person) -> str:
    return (person.email or "").lower()


def who(person: Person) -> str:
    """`Ann Lee <ann@example.com>`, for notes."""
    name = " ".join(p for p in (person.first_name, person.last_name) if p) or person.display_name or ""
    return f"{name} <{person.email}>".strip()


def _export_person(ctx: ExportContext, section: Section, view: PersonView) -> None:
    person = view.person
    reason = _left_out(ctx, person)
    if reason is not None:
        section.blocks.append(Comment([ctx.note(who(person), reason)]))
        return
    user = _declare_user(ctx, section, person)
    if user is not None and person.location_id is not None:
        _declare_line(ctx, section, view, user)


def _left_out(ctx: ExportContext, person: Person) -> str | None:
    """Why this export does not declare the person, and what to do (None: it declares them)."""
    if person.location_id not in (None, ctx.snapshot.location.id):
        other = next((loc.name for loc in ctx.snapshot.locations if loc.id == person.location_id), None)
        return (
            f"their calling line is in another location ({other or person.location_id}); "
            "export that location (callplan export --location ...) to declare them there."
        )
    if person.location_id is None and not holds_people_without_lines(ctx):
        home = ctx.snapshot.locations[0].name
        return (
            f"they have no calling line, so they belong to no location: the export of {home}, the "
            "organisation's first location, declares them (each person in one stack only)."
        )
    if not (person.first_name and person.last_name and person.email):
        return (
            "a User needs a first and a last name; give them both in the admin portal and export "
            "again (their calling line is left out with them)."
        )
    return None


def holds_people_without_lines(ctx: ExportContext) -> bool:
    """People without a calling line belong to no location: the export of the organisation's first
    location (as the API lists them) declares them, the others do not."""
    locations = ctx.snapshot.locations
    return not locations or locations[0].id == ctx.snapshot.location.id


def _declare_user(ctx: ExportContext, section: Section, person: Person) -> str | None:
    """The person's User (None, with a note, when their values would not pass its check)."""
    email = _email(person)
    values = {
        "email": email,
        "first_name": person.first_name,
        "last_name": person.last_name,
        "display_name": person.display_name or None,
    }
    checked = check_values("User", values)
    if checked.problems:
        section.blocks.append(Comment([ctx.note(who(person), refusal("a User", checked.problems))]))
        return None
    values.update(checked.rewritten)
    if values["display_name"] == f"{values['first_name']} {values['last_name']}":
        values["display_name"] = None
    comments = []
    owner = email == ctx.snapshot.account_owner_email
    if owner:
        comments.append(OWNER_COMMENT)
    opts = Call.of("pulumi.ResourceOptions", retain_on_delete=True) if owner else None
    variable = ctx.namer.take(slug(email.split("@")[0], "user"))
    items = [Item(name, value) for name, value in values.items() if value is not None]
    return ctx.declare(section, "User", variable, items, comments, opts)


def _declare_line(ctx: ExportContext, section: Section, view: PersonView, user: str) -> None:
    person = view.person
    if not person.extension:
        comment = ctx.note(
            f"the calling line of {who(person)}",
            "it has no extension, which an Extension needs; give it one in the admin portal and "
            "export again.",
        )
        section.blocks.append(Comment([comment]))
        return
    number = person.work_number if person.work_number != ctx.snapshot.main_number else None
    values = {"user_id": user, "extension": person.extension, "phone_number": number}
    checked = check_values("Extension", values)
    if checked.problems:
        comment = ctx.note(f"the calling line of {who(person)}", refusal("an Extension", checked.problems))
        section.blocks.append(Comment([comment]))
        return
    values.update(checked.rewritten)
    number = values["phone_number"]
    variable = ctx.namer.take(f"{user}_line")
    items = [Item("user_id", Code(f"{user}.id")), Item("extension", values["extension"])]
    if number:
        items.append(Item("phone_number", ctx.number(variable, number)))
    if view.records_calls:
        items.append(Item("call_recording", True))
    items += ctx.location_id()
    ctx.declare(section, "Extension", variable, items, joined=True)
    ctx.lines[view.id] = variable
