"""What the exporters share: the `ExportContext` they declare into, and the program's parts.

`ctx.declare(section, kind, variable, items)` adds `variable = cp.<Kind>("<name>", ...)` with
`adopt=True` when the kind takes it (read from its `Args` model, so a kind that gains `adopt`
gets it here too); `ctx.note(subject, text)` records what is not expressed and returns the comment
to write at the object's place; `ctx.number(variable, e164)` keeps a number of the plan in the
stack config `numbers` and returns the expression that reads it. Variables are unique
(`ctx.namer`); a resource's name is its variable with dashes.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel

from callplan_provider.export.code import Call, Code, Expr, Item, Statement
from callplan_provider.export.names import Namer, resource_name
from callplan_provider.export.reader import OrgSnapshot
from callplan_provider.resources import provider_classes
from callplan_provider.resources.base import check_inputs

MAIN_NUMBER_VARIABLE = "main_number"


@dataclass(frozen=True)
class Note:
    """Something the program does not declare (or declares with a caveat): what, why, what to do."""

    subject: str
    text: str
    declared: bool = False  # declared, with a caveat

    def comment(self) -> str:
        label = "Note" if self.declared else "Not declared"
        return f"{label}: {self.subject}. {self.text[:1].upper()}{self.text[1:]}"


@dataclass
class Comment:
    """Comment lines on their own, between declarations."""

    texts: Sequence[str]


@dataclass
class Section:
    title: str
    blocks: list[Statement | Comment] = field(default_factory=list)


def kind_takes_adopt(kind: str) -> bool:
    return "adopt" in provider_classes()[kind].args_model.model_fields


@dataclass(frozen=True)
class Checked:
    """Values as a resource's check would see them: why it would refuse them, and which it spells
    otherwise (`EN-us` → `en_us`). A value check only spells otherwise is the same value: the
    provider reads the organisation's spelling as check spells it, so declaring it changes nothing."""

    problems: list[str]
    rewritten: dict[str, Any]  # property → the value check makes of it


def refusal(what: str, problems: Sequence[str]) -> str:
    """A note's text for values the resource's check refuses."""
    found = "; ".join(problems)
    return f"{what} would refuse its values ({found}); correct them in the admin portal and export again."


def check_values(model: type[BaseModel] | str, values: Mapping[str, Any]) -> Checked:
    """Run the kind's (or a model's) check on values read from the organisation."""
    if isinstance(model, str):
        model = provider_classes()[model].args_model
    normalised, failures = check_inputs(model, values)
    problems = [f.reason if f.reason.startswith(f.property) else f"{f.property} {f.reason}" for f in failures]
    rewritten = {
        name: normalised.get(name)
        for name, value in values.items()
        if not failures and value is not None and normalised.get(name) != value
    }
    return Checked(problems, rewritten)


class ExportContext:
    def __init__(self, snapshot: OrgSnapshot) -> None:
        self.snapshot = snapshot
        self.namer = Namer()
        self.namer.take(MAIN_NUMBER_VARIABLE)
        self.sections: list[Section] = []
        self.notes: list[Note] = []
        self.numbers: dict[str, str] = {}
        self.counts: Counter[str] = Counter()
        self.location: str | None = None  # variable of the location's Location, when declared
        self.lines: dict[str, str] = {}  # person id → variable of their Extension
        self.menus: dict[str, str] = {}  # auto attendant id → variable of its PhoneMenu

    def section(self, title: str) -> Section:
        found = next((s for s in self.sections if s.title == title), None)
        if found is None:
            found = Section(title)
            self.sections.append(found)
        return found

    def declare(
        self,
        section: Section,
        kind: str,
        variable: str,
        items: Sequence[Item],
        comments: Sequence[str] = (),
        opts: Expr = None,
        joined: bool = False,
    ) -> str:
        """`variable = cp.<kind>("<variable with dashes>", <items>, adopt=True, opts=...)`; `joined`:
        right under the statement before (a person's line under the person)."""
        arguments = [Item(None, resource_name(variable)), *items]
        if kind_takes_adopt(kind):
            arguments.append(Item("adopt", True))
        if opts is not None:
            arguments.append(Item("opts", opts))
        call = Call(f"cp.{kind}", tuple(arguments), explode=True)
        section.blocks.append(Statement(call, variable, tuple(comments), joined))
        self.counts[kind] += 1
        return variable

    def location_id(self) -> list[Item]:
        """`location_id=<the Location>.id` for a resource of the location (none when it is not
        declared: the resource then lives in the stack config's location)."""
        return [Item("location_id", Code(f"{self.location}.id"))] if self.location else []

    def note(self, subject: str, text: str, *, declared: bool = False) -> str:
        """Record a note for the README and the summary; returns the comment for the program."""
        note = Note(subject, text, declared)
        self.notes.append(note)
        return note.comment()

    def number(self, variable: str, phone_number: str) -> Code:
        """A number of the plan, kept in the stack config `numbers` under the resource's name."""
        key = resource_name(variable)
        self.numbers[key] = phone_number
        return Code(f'numbers["{key}"]')
