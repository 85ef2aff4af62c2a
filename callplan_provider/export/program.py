"""The exported program as data: declarations in sections, and notes on what is left out.

`build_program(snapshot)` runs each exporter of `EXPORTERS`, in order, on one `ExportContext`:

    locations.export_location     Location: the location, which the others live in
    people.export_people          User, and Extension for a line in the location
    menus.export_menus            PhoneMenu (keys refer to the lines and menus declared)
    routes.export_main_number     MainNumber, routed to a line or a menu object
    unmodelled.export_unmodelled  notes: open port orders, schedules, other locations...

An exporter reads `ctx.snapshot`, declares resources (`ctx.declare`), registers what later
exporters may refer to (`ctx.lines`, `ctx.menus`) and says what it cannot express (`ctx.note`):
see `callplan_provider.export.context`. To export a new kind, add a module with an exporter and
put it in `EXPORTERS` after the kinds it refers to.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from callplan_provider.export import locations, menus, people, routes, unmodelled
from callplan_provider.export.context import ExportContext, Note, Section
from callplan_provider.export.reader import OrgSnapshot


@dataclass
class Program:
    snapshot: OrgSnapshot
    sections: list[Section]
    notes: list[Note]
    numbers: dict[str, str]  # the stack config `numbers`: resource name → E.164
    counts: Counter[str]  # kind → resources declared

    @property
    def declared(self) -> int:
        return sum(self.counts.values())


Exporter = Callable[[ExportContext], None]


EXPORTERS: tuple[Exporter, ...] = (
    locations.export_location,
    people.export_people,
    menus.export_menus,
    routes.export_main_number,
    unmodelled.export_unmodelled,
)


def build_program(snapshot: OrgSnapshot) -> Program:
    ctx = ExportContext(snapshot)
    for export in EXPORTERS:
        export(ctx)
    return Program(snapshot, ctx.sections, ctx.notes, dict(sorted(ctx.numbers.items())), ctx.counts)
