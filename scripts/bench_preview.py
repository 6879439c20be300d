"""A committee's preview in a big city: time to the first page, and from an edit to the new page.

    .venv/bin/python scripts/bench_preview.py /tmp/gb/city-5000 [--unit qu-3/jie-2/she-3/yuan-4]

Starts ``gongyue serve --only <unit>`` (the command committees run), polls the
unit's page until it answers, then adds a line to a charter's draft
and polls that page until the new word shows. The source is put back afterwards. Prints both times in seconds;
run it three times and take the median (the machine is shared).
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

POLL = 0.05  # seconds between requests
MARK = "预览计时标记"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return str(response.read().decode("utf-8"))
    except OSError:
        return None


def wait_for(url: str, text: str = "", limit: float = 120.0) -> float:
    start = time.perf_counter()
    while time.perf_counter() - start < limit:
        page = fetch(url)
        if page is not None and text in page:
            return time.perf_counter() - start
        time.sleep(POLL)
    raise SystemExit(f"timed out waiting for {url}")


def edited_page(unit: Path, docs: Path) -> tuple[Path, str]:
    """A draft in ``unit`` to edit, and the URL of its page (adopted texts are locked)."""
    drafts = sorted(unit.glob("*/draft.md"))
    if not drafts:
        raise SystemExit(f"{unit} has no draft to edit; pick a unit with one (--unit)")
    return drafts[0], drafts[0].parent.relative_to(docs).as_posix() + "/draft/"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("city", type=Path)
    parser.add_argument("--unit", default="qu-2/jie-5/she-6/yuan-7")
    args = parser.parse_args()
    docs = args.city / "docs"
    unit = docs / args.unit
    port = free_port()
    gongyue = Path(sys.executable).with_name("gongyue")
    command = [str(gongyue), "serve", "--only", str(unit), "--port", str(port)]
    source, page = edited_page(unit, docs)
    backup = Path(tempfile.mkdtemp()) / source.name  # outside docs: check would refuse it
    shutil.copy2(source, backup)
    started = time.perf_counter()
    server = subprocess.Popen(
        command,
        cwd=args.city,
        env=dict(os.environ),
        stderr=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
    )
    try:
        base = f"http://127.0.0.1:{port}/"
        wait_for(base + args.unit + "/")
        first = time.perf_counter() - started
        wait_for(base + page)
        text = source.read_text(encoding="utf-8")
        edited = text.rstrip("\n") + f"\n\n{MARK}\n"
        changed = time.perf_counter()
        source.write_text(edited, encoding="utf-8")
        wait_for(base + page, MARK)
        again = time.perf_counter() - changed
    finally:
        server.terminate()
        server.wait(10)
        shutil.move(backup, source)
    print(f"first page {first:.2f} s; edit shown {again:.2f} s ({source.relative_to(args.city)})")


if __name__ == "__main__":
    main()
