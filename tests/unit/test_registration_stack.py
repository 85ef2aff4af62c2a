"""The state keeps the program's line that declared a resource as its source position, and no stack trace."""

from __future__ import annotations

from pathlib import Path

import pulumi.runtime.resource as sdk_resource
from pulumi.runtime.proto import source_pb2

import callplan_provider
from callplan_provider.resources.base import _declaration_frame, _registration

PACKAGE = Path(callplan_provider.__file__).resolve().parent


def frame(path: Path, line: int) -> source_pb2.StackFrame:
    return source_pb2.StackFrame(pc=source_pb2.SourcePosition(uri=path.as_uri(), line=line))


def test_only_the_program_line_is_kept() -> None:
    program = Path("/project/__main__.py")
    trace = source_pb2.StackTrace(
        frames=[
            frame(PACKAGE / "resources" / "base.py", 680),
            frame(PACKAGE / "resources" / "user.py", 160),
            frame(program, 17),
            frame(Path("/venv/lib/python3.11/site-packages/pulumi/runtime/stack.py"), 237),
            source_pb2.StackFrame(),
        ]
    )
    kept = _declaration_frame(trace)
    assert [(f.pc.uri, f.pc.line) for f in kept.frames] == [(program.as_uri(), 17)]


def test_a_stack_of_the_package_alone_is_left_as_it_is() -> None:
    trace = source_pb2.StackTrace(frames=[frame(PACKAGE / "resources" / "base.py", 680)])
    assert _declaration_frame(trace) == trace


def test_a_registration_sends_the_program_line_and_no_stack_trace(monkeypatch) -> None:
    program = Path("/project/__main__.py")
    trace = source_pb2.StackTrace(frames=[frame(PACKAGE / "resources" / "user.py", 160), frame(program, 17)])
    monkeypatch.setattr(sdk_resource, "_get_stack_trace", lambda: trace)
    with _registration():
        sent = sdk_resource._get_stack_trace()
        position = sdk_resource._get_source_position(sent)
    assert sent is None
    assert position is not None and (position.uri, position.line) == (program.as_uri(), 17)
    assert sdk_resource._get_stack_trace() is trace  # put back
