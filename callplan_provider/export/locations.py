"""The location: a `Location` with its emergency service address, which the other resources live in.

`main_office = cp.Location("main-office", name=..., address={...}, time_zone=..., adopt=True,
opts=pulumi.ResourceOptions(retain_on_delete=True))`: taken over by its name, and kept on
`pulumi destroy` (its numbers are never released, and the organisation refuses to delete a
location that has numbers, or its only one). `language` and `email_language` are written when
they are not the Location's default (`en_us`). The lines, menus and the main number then take
`location_id=main_office.id` (`ctx.location`).

Not declared (a note says why and what to do): a location whose values a `Location` refuses
(an address without a state, say); the other resources then live in the stack config's location
(`callplan:locationId`), as before.
"""

from __future__ import annotations

from typing import Any

from callplan_provider.export.code import Call, Dict, Item
from callplan_provider.export.context import Comment, ExportContext, check_values, refusal
from callplan_provider.export.names import slug
from callplan_provider.resources.location import LocationArgs

SECTION = "The location"
KEPT_COMMENT = (
    "The organisation refuses to delete a location that has numbers (they are never released), so "
    "`pulumi destroy` leaves it in place (retain_on_delete)."
)
_ADDRESS_FIELDS = ("address1", "address2", "city", "state", "postal_code", "country")


def export_location(ctx: ExportContext) -> None:
    location = ctx.snapshot.location
    section = ctx.section(SECTION)
    address = location.address.model_dump()
    values: dict[str, Any] = {
        "name": location.name,
        "address": {name: address.get(name) for name in _ADDRESS_FIELDS if address.get(name)},
        "time_zone": location.time_zone,
        "language": location.announcement_language,
        "email_language": location.preferred_language,
    }
    checked = check_values("Location", values)
    if checked.problems:
        subject = f"the location {location.name!r}"
        section.blocks.append(Comment([ctx.note(subject, refusal("a Location", checked.problems))]))
        return
    values.update(checked.rewritten)
    variable = ctx.namer.take(slug(location.name, "location"))
    items = [
        Item("name", values["name"]),
        Item("address", Dict(tuple(Item(k, v) for k, v in values["address"].items()), explode=True)),
        Item("time_zone", values["time_zone"]),
    ]
    items += [
        Item(name, values[name]) for name in ("language", "email_language") if not _default(name, values)
    ]
    opts = Call.of("pulumi.ResourceOptions", retain_on_delete=True)
    ctx.location = ctx.declare(section, "Location", variable, items, [KEPT_COMMENT], opts)


def _default(name: str, values: dict[str, Any]) -> bool:
    return values[name] in (None, LocationArgs.model_fields[name].default)
