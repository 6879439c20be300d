"""Debian's Chromium as the tests and the benchmarks launch it (one list of flags).

The flags this machine needs: no sandbox as root, no GPU, no background network
chatter. ``tests/conftest.py``, ``scripts/bench.py`` and ``scripts/bench_search.py``
all launch with these.
"""

from __future__ import annotations

import shutil

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
