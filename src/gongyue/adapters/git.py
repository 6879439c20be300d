"""The git program, run for the record's history check (``record/history.py`` reads it).

The one place that starts git. It runs without prompts or optional locks, in
the C locale, and with ``git replace`` objects and grafts switched off: a local
replacement would otherwise show other bytes under a committed id.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Sequence
from pathlib import Path

TIMEOUT = 120  # seconds; a city's whole history is read in a few


def run_git(cwd: Path, args: Sequence[str], stdin: str | None = None) -> bytes | None:
    """git's output for ``args`` in ``cwd``; None when git is missing or refused."""
    env = {
        **os.environ,
        "GIT_OPTIONAL_LOCKS": "0",
        "LC_ALL": "C",
        "GIT_TERMINAL_PROMPT": "0",
        "GIT_NO_REPLACE_OBJECTS": "1",
        "GIT_GRAFT_FILE": os.devnull,
    }
    try:
        done = subprocess.run(
            ["git", *args],
            cwd=cwd,
            input=stdin.encode() if stdin is not None else None,
            capture_output=True,
            env=env,
            timeout=TIMEOUT,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    return done.stdout if done.returncode == 0 else None
