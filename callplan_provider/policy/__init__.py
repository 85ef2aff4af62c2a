"""The calling-plan policy pack (CrossGuard): guard rails a pipeline runs on every preview.

    pulumi preview --policy-pack "$(callplan policy-path)" [--policy-pack-config policy.json]

The pack is the folder `pack/` (a `PulumiPolicy.yaml` and a `__main__.py`); its policies are the
rules of `rules.py` (ids, descriptions, default enforcement levels, config), served through
`pulumi_policy` by `crossguard.py`. It needs the `policy` extra (`callplan-provider[policy]`).

The engine runs a Python policy pack with the Python of the pack's `venv` (the language host's
rule for plugins, which never run on the ambient Python). `pack_path()` points that `venv` at the
environment this package is installed in, so the pack imports the same `callplan_provider`, and
returns the folder; `callplan policy-path` prints it.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

PACK_DIR = Path(__file__).resolve().parent / "pack"


class PolicyPackError(Exception):
    """The pack cannot be made runnable here; the message says what to do."""


def pack_path(folder: Path = PACK_DIR, environment: Path | None = None) -> Path:
    """The policy pack's `folder`, with its `venv` linked to `environment` (this Python's)."""
    environment = environment or Path(sys.prefix)
    if not (environment / "bin" / "python").exists():
        raise PolicyPackError(
            f"the policy pack runs in a virtualenv, and {environment} is not one: install "
            "callplan-provider[policy] in a virtualenv and run its `callplan policy-path`"
        )
    try:
        import pulumi_policy  # noqa: F401
    except ImportError:
        raise PolicyPackError(
            "the policy pack needs pulumi-policy: "
            f"{sys.executable} -m pip install 'callplan-provider[policy]'"
        ) from None
    link = folder / "venv"
    if link.is_symlink() and Path(os.readlink(link)) == environment:
        return folder
    if link.exists() and not link.is_symlink():
        return folder  # a virtualenv made there by hand: the user's choice
    try:
        if link.is_symlink():
            link.unlink()
        link.symlink_to(environment, target_is_directory=True)
    except OSError as err:
        raise PolicyPackError(
            f"cannot link {link} to {environment} ({err.strerror}): create that link as a user "
            "who can write there"
        ) from None
    return folder
