"""Checks of generated Python with ruff, run as a user would: its defaults, outside this repository
(where `callplan_provider` is a third-party package for import sorting)."""

from __future__ import annotations

import subprocess
import sys
import tempfile

LINT_RULES = "E,F,W,I,B,UP,SIM"


def ruff(*args: str, source: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "ruff", *args, "--isolated", "--stdin-filename", "__main__.py", "-"]
    with tempfile.TemporaryDirectory() as elsewhere:
        return subprocess.run(
            command, input=source, capture_output=True, text=True, check=False, cwd=elsewhere
        )


def ruff_formatted(source: str) -> str:
    done = ruff("format", source=source)
    assert done.returncode == 0, done.stderr
    return done.stdout


def lint_problems(source: str, *, long_lines: bool = True) -> str:
    """ruff's findings with the broad rule set ('' when clean); `long_lines=False` ignores E501."""
    done = ruff("check", "--select", LINT_RULES, *([] if long_lines else ["--ignore", "E501"]), source=source)
    return "" if done.returncode == 0 else done.stdout
