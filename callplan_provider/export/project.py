"""The exported Pulumi project: its files, written from a `Program`, and the dry-run summary.

`project_files(program, settings)` → {file name: text}: `Pulumi.yaml`, `__main__.py`, `README.md`,
`Pulumi.<stack>.yaml` (the endpoint, the location, a partner's `orgId` and the numbers; never the token),
`requirements.txt` and `.gitignore`. Same program and settings → same bytes: everything is
sorted, nothing depends on the clock. `write_project` puts them in a folder; `written` is what
the command says then, `summary` what `--dry-run` prints.
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

import yaml

from callplan_provider.export.code import LINE_LENGTH, comment_lines, statement_lines
from callplan_provider.export.context import Comment, Note
from callplan_provider.export.names import slug
from callplan_provider.export.program import Program
from callplan_provider.resources.config import ENDPOINT_KEY, LOCATION_KEY, ORG_KEY, TOKEN_KEY

KINDS = ("Location", "User", "Extension", "PhoneMenu", "MainNumber")
WHAT = {  # kind → (one, several)
    "Location": ("location", "locations"),
    "User": ("person", "people"),
    "Extension": ("calling line", "calling lines"),
    "PhoneMenu": ("phone menu", "phone menus"),
    "MainNumber": ("route of the main number", "routes of main numbers"),
}


@dataclass(frozen=True)
class ProjectSettings:
    project: str
    stack: str
    endpoint: str
    virtualenv: str = "venv"
    org_id: str | None = None
    """A partner administrator's customer organisation (`callplan:orgId`)."""


def project_name(folder: Path) -> str:
    """A Pulumi project name from a folder name: `My Org` → `my-org`."""
    return slug(folder.resolve().name, "calling-plan").replace("_", "-")


def project_files(program: Program, settings: ProjectSettings) -> dict[str, str]:
    return {
        "Pulumi.yaml": _pulumi_yaml(program, settings),
        f"Pulumi.{settings.stack}.yaml": _stack_yaml(program, settings),
        "__main__.py": main_py(program),
        "README.md": _readme(program, settings),
        "requirements.txt": _requirements(),
        ".gitignore": "venv/\n__pycache__/\n",
    }


def write_project(files: Mapping[str, str], folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in files.items():
        path = folder / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


# --- __main__.py -----------------------------------------------------------------------------


def main_py(program: Program) -> str:
    snapshot = program.snapshot
    body: list[str] = []
    if program.numbers:
        body += ["config = pulumi.Config()", 'numbers = config.require_object("numbers")', ""]
    for section in program.sections:
        if not section.blocks:
            continue
        body += ["", f"# --- {section.title} " + "-" * max(3, 80 - len(section.title)), ""]
        for block in section.blocks:
            if isinstance(block, Comment):
                body += [line for text in block.texts for line in comment_lines(text, "")]
            else:
                if block.joined and body[-1] == "":
                    body.pop()
                body += statement_lines(block)
            body.append("")
    uses_pulumi = any("pulumi." in line for line in body if not line.lstrip().startswith("#"))
    imports = ["import callplan_provider as cp", *(["import pulumi"] if uses_pulumi else [])]
    where = f"{_org_name(program)} at {snapshot.location.name}"
    title = f"The calling plan of {where}, exported by `callplan export`."
    docstring = [
        *textwrap.wrap('"""' + _docstring_safe(title), width=LINE_LENGTH, break_long_words=False),
        "",
        "Every resource takes over the object that exists (adopt=True): the first `pulumi up`",
        "writes nothing. Numbers come from the stack config `numbers`. See README.md.",
        '"""',
    ]
    text = "\n".join([*docstring, "", *imports, "", *_trimmed(body)])
    return text.rstrip("\n") + "\n"


def _docstring_safe(text: str) -> str:
    """One line, without what would end or escape a docstring."""
    return " ".join(text.replace("\\", "/").replace('"', "'").split())


def _trimmed(lines: list[str]) -> list[str]:
    """No leading blank lines, no runs of more than one blank line."""
    out: list[str] = []
    for line in lines:
        if line == "" and (not out or out[-1] == ""):
            continue
        out.append(line)
    return out


def _org_name(program: Program) -> str:
    org = program.snapshot.organization
    return org.display_name if org else "the organisation"


# --- the other files -------------------------------------------------------------------------


def _pulumi_yaml(program: Program, settings: ProjectSettings) -> str:
    doc = {
        "name": settings.project,
        "description": f"The calling plan of {_org_name(program)} at {program.snapshot.location.name}",
        "runtime": {"name": "python", "options": {"virtualenv": settings.virtualenv}},
    }
    header = "# Written by `callplan export`. `virtualenv`: where callplan-provider is installed.\n"
    return header + yaml.safe_dump(doc, sort_keys=False, allow_unicode=True)


def _stack_yaml(program: Program, settings: ProjectSettings) -> str:
    config: dict[str, object] = {
        ENDPOINT_KEY: settings.endpoint,
        LOCATION_KEY: program.snapshot.location.id,
    }
    if settings.org_id:
        config[ORG_KEY] = settings.org_id
    if program.numbers:
        config[f"{settings.project}:numbers"] = dict(program.numbers)
    header = (
        "# Stack config written by `callplan export`. The token is not here: set it with\n"
        f"#   pulumi config set --secret {TOKEN_KEY} <admin token>\n"
    )
    return header + yaml.safe_dump({"config": config}, sort_keys=False, allow_unicode=True)


def _requirements() -> str:
    try:
        version = metadata.version("callplan-provider")
    except metadata.PackageNotFoundError:
        version = None
    pin = f"=={version}" if version else ""
    return f"callplan-provider{pin}\npulumi>=3.216,<4\n"


def _declared_text(program: Program) -> str:
    """`5 people (`User`), 3 calling lines (`Extension`) and 1 phone menu (`PhoneMenu`)`."""
    parts = []
    for kind in KINDS:
        count = program.counts[kind]
        if count:
            one, several = WHAT[kind]
            parts.append(f"{count} {one if count == 1 else several} (`{kind}`)")
    if not parts:
        return "nothing"
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def _readme(program: Program, settings: ProjectSettings) -> str:
    snapshot, stack = program.snapshot, settings.stack
    lines = [
        f"# {settings.project}",
        "",
        f"The calling plan of **{_org_name(program)}** at **{snapshot.location.name}** as a Pulumi "
        f"program, written by `callplan export`. It declares {_declared_text(program)}. Each "
        "resource takes over the object that exists (`adopt=True`; the MainNumber routes the number "
        "where it already rings), so the first `pulumi up` writes nothing.",
        "",
        "## Use it",
        "",
        f"It runs in the virtualenv `{settings.virtualenv}` (see `Pulumi.yaml`), which needs "
        "callplan-provider (`requirements.txt`; install it the way you installed `callplan`).",
        "",
        "```sh",
        *_commented(
            [
                (f"pulumi stack init {stack}", f"keeps Pulumi.{stack}.yaml: endpoint, location, numbers"),
                (f"pulumi config set --secret {TOKEN_KEY} <admin token>", ""),
                ("pulumi up", "takes everything over; writes nothing"),
                ("pulumi preview --refresh --expect-no-changes", ""),
            ]
        ),
        "```",
        "",
        "From then on the program owns what it declares: change a line of `__main__.py` and "
        "`pulumi up` changes exactly that object. `pulumi destroy` removes the people, lines and "
        "menus and keeps every number (and the location and the account owner). Consider "
        "`protect=True` on the MainNumber.",
        "",
        "## Numbers",
        "",
        f"The plan's numbers are stack config (`Pulumi.{stack}.yaml`, key `numbers`, by resource name), "
        "so the same program can point at another organisation:",
        "",
    ]
    lines += [f"- `{name}`: {number}" for name, number in program.numbers.items()] or ["- (none)"]
    unassigned = sorted(n.phone_number for n in snapshot.numbers if n.phone_number and n.owner is None)
    if unassigned:
        lines += [
            "",
            "Unassigned in the inventory (nothing to declare; they stay): " + ", ".join(unassigned) + ".",
        ]
    lines += ["", *_notes_section("Not declared", [n for n in program.notes if not n.declared])]
    caveats = [n for n in program.notes if n.declared]
    if caveats:
        lines += ["", *_notes_section("Declared, with a caveat", caveats)]
    return "\n".join(lines).rstrip() + "\n"


def _commented(commands: list[tuple[str, str]]) -> list[str]:
    """Shell lines with their comments lined up."""
    width = max(len(command) for command, _ in commands) + 2
    return [f"{command:<{width}}# {comment}" if comment else command for command, comment in commands]


def _notes_section(title: str, notes: list[Note]) -> list[str]:
    lines = [f"## {title}", ""]
    if not notes:
        return [*lines, "Everything in the location is declared."]
    return lines + [f"- {note.subject}: {note.text}" for note in notes]


# --- what the command prints -----------------------------------------------------------------


def written(program: Program, settings: ProjectSettings, folder: Path) -> str:
    """What `callplan export` says once the files are written: what, what is missing, what next."""
    lines = [f"wrote the Pulumi project {settings.project!r} to {folder}: {program.declared} resources"]
    skipped = sum(1 for note in program.notes if not note.declared)
    if skipped:
        lines.append(f"{skipped} not declared (why, and what to do: {folder / 'README.md'})")
    lines.append(
        f"next: cd {folder} && pulumi stack init {settings.stack} && "
        f"pulumi config set --secret {TOKEN_KEY} <token> && pulumi up"
    )
    return "\n".join(lines) + "\n"


def summary(program: Program) -> str:
    snapshot = program.snapshot
    lines = [f"{_org_name(program)}, location {snapshot.location.name} ({snapshot.location.id})"]
    lines.append("would declare:")
    lines += [f"  {kind:<11} {program.counts[kind]}" for kind in KINDS]
    skipped = [n for n in program.notes if not n.declared]
    caveats = [n for n in program.notes if n.declared]
    lines.append(f"not declared ({len(skipped)}):" if skipped else "not declared: nothing")
    lines += [f"  - {n.subject}: {n.text}" for n in skipped]
    if caveats:
        lines.append(f"declared with a caveat ({len(caveats)}):")
        lines += [f"  - {n.subject}: {n.text}" for n in caveats]
    return "\n".join(lines) + "\n"
