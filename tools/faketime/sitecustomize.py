"""Loaded by every Python process of a shifted-clock test run (scripts/shifted-clocks.sh).

libfaketime 0.9.10 (Debian's) answers EINVAL to the absolute monotonic `clock_nanosleep` that
`time.sleep` uses since Python 3.11, even with FAKETIME_DONT_FAKE_MONOTONIC=1. Timed waits on a
lock are unaffected, so `time.sleep` waits on one instead. Outside such a run this does nothing.
"""

import os
import threading
import time

if os.environ.get("FAKETIME") and "faketime" in os.environ.get("LD_PRELOAD", ""):

    def _sleep(seconds: float) -> None:
        if seconds < 0:
            raise ValueError("sleep length must be non-negative")
        threading.Event().wait(seconds)

    time.sleep = _sleep
