"""`callplan export`: an existing organisation as a Pulumi program that takes it over, exactly.

    snapshot = read_org(api, location_id)        # reader.py: the one module that calls the API
    program = build_program(snapshot)            # program.py: one exporter per kind
    files = project_files(program, settings)     # project.py: Pulumi.yaml, __main__.py, README...

What the program is:
- the location (`Location`, kept on destroy), and every person (`User`), calling line
  (`Extension`), phone menu (`PhoneMenu`) and the main number's route (`MainNumber`) of the
  location, each with `adopt=True` when the kind takes it (the others live in the location
  object: `location_id=main_office.id`; a person without a line only in the first location's export):
  `pulumi up` writes nothing, then `pulumi preview [--refresh] --expect-no-changes` passes;
- references are Python variables (`user_id=alice.id`, a key to `alice_line.user_id`, the main
  number to the menu object); names are readable and unique (`names.py`); the plan's numbers
  and the connection are stack config, the token never;
- written as `ruff format` writes it, lint-clean (`code.py`); same organisation → same bytes;
- what it cannot express is said, never dropped: a comment where the object would be, and the
  README's "Not declared" section, each with what to do (`Note`).
"""

from __future__ import annotations

from callplan_provider.export.program import Program, build_program
from callplan_provider.export.project import (
    ProjectSettings,
    project_files,
    project_name,
    summary,
    write_project,
    written,
)
from callplan_provider.export.reader import ExportError, OrgSnapshot, read_org

__all__ = [
    "ExportError",
    "OrgSnapshot",
    "Program",
    "ProjectSettings",
    "build_program",
    "project_files",
    "project_name",
    "read_org",
    "summary",
    "write_project",
    "written",
]
