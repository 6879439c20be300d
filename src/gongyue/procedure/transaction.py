"""Several file changes as one step: one writer at a time, and all of it or none of it.

``adopt`` creates a version, rewrites ``gongyue.lock`` and deletes the draft;
``move`` renames a folder and rewrites the lock and a unit's ``index.md``. No
file system makes three changes at once, so a step is first written down in
full — every new file's text included — as a journal, atomically; that is the
moment it happens. The changes follow, each of them safe to repeat. If the
process dies before the journal exists, nothing changed; if it dies after,
the next writing command finishes the step from the journal, and until then
``check`` and the build refuse to go on and say how to finish it.

Writing commands hold a lock on the site folder, so two of them never
interleave; the lock dies with its process, so nothing stale is left behind.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Literal

from gongyue.procedure.writing import RefusedWrite, write_atomic
from gongyue.record.errors import Problem

JOURNAL = ".gongyue-journal.json"
TEMPORARY = re.compile(r"^\..+\.[a-z0-9_]{8}\.tmp$")  # what writing.write_atomic names its files

try:
    import fcntl
except ImportError:  # Windows: no test runs there, so no command writes there either
    fcntl = None  # type: ignore[assignment]


class Busy(Exception):
    """Another gongyue command is writing in this site."""


class Unsupported(Exception):
    """This system has no advisory file locks (Windows): two writers could not be kept apart."""


class Conflict(Exception):
    """A journalled change meets a file that is neither before nor after it."""


@dataclass(frozen=True)
class Change:
    kind: Literal["create", "replace", "delete", "rename"]
    path: str  # relative to the site folder
    text: str | None = None  # create, replace
    to: str | None = None  # rename


@contextmanager
def exclusive(site_dir: Path) -> Iterator[None]:
    """Hold the site's writer lock for the duration of one command (Linux and macOS)."""
    if fcntl is None:
        raise Unsupported()
    fd = os.open(site_dir, os.O_RDONLY)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise Busy() from None
        yield
    finally:
        os.close(fd)  # closing releases the lock


def commit(site_dir: Path, title: str, changes: list[Change]) -> None:
    """Make ``changes`` as one step (the caller holds the writer lock and checked them)."""
    record = {"format": 1, "step": title, "changes": [asdict(c) for c in changes]}
    write_atomic(site_dir / JOURNAL, json.dumps(record, ensure_ascii=False, indent=1) + "\n")
    _apply(site_dir, changes)
    _unlink(site_dir / JOURNAL)


def finish(site_dir: Path) -> str | None:
    """Finish a step a killed command left half done; its title, or None if there was none."""
    journal = site_dir / JOURNAL
    if not journal.is_file():
        return None
    record = json.loads(journal.read_text(encoding="utf-8"))
    changes = [Change(**c) for c in record["changes"]]
    _apply(site_dir, changes)
    _unlink(journal)
    touched = {(site_dir / c.path).parent for c in changes}
    touched |= {(site_dir / c.to).parent for c in changes if c.to}
    sweep(sorted(touched))
    return str(record.get("step", ""))


def sweep(folders: list[Path]) -> None:
    """Remove the temporary files a killed write left behind (``.<name>.<random>.tmp``)."""
    for folder in folders:
        if folder.is_dir():
            for leftover in folder.iterdir():
                if TEMPORARY.match(leftover.name) and leftover.is_file():
                    _unlink(leftover)


def _unlink(path: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        os.unlink(path)


def pending_problem(site_dir: Path) -> Problem | None:
    """What ``check`` and the build say while a step is half done."""
    journal = site_dir / JOURNAL
    if not journal.is_file():
        return None
    try:
        step = json.loads(journal.read_text(encoding="utf-8")).get("step", "")
    except (ValueError, AttributeError):
        step = ""
    return Problem(
        JOURNAL,
        1,
        f"上一次的“{step or '写入'}”在写文件时被中断，还没有做完，现在的文件是半新半旧的。",
        "在网站文件夹运行“gongyue lock”：它会先把中断的这一步做完（不会丢失任何文件）。",
        "unfinished-step",
    )


def _apply(site_dir: Path, changes: list[Change]) -> None:
    for change in changes:
        path = site_dir / change.path
        if change.kind == "create":
            _create(path, change.text or "")
        elif change.kind == "replace":
            write_atomic(path, change.text or "", overwrite=True)
        elif change.kind == "delete":
            _unlink(path)
        else:
            _rename(path, site_dir / (change.to or ""))


def _create(path: Path, text: str) -> None:
    try:
        write_atomic(path, text)
    except RefusedWrite:
        if path.read_text(encoding="utf-8") != text:
            raise Conflict(str(path)) from None


def _rename(source: Path, target: Path) -> None:
    if source.exists() and not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        os.rename(source, target)
    elif source.exists() or not target.exists():
        raise Conflict(f"{source} -> {target}")
