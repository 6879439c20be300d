"""A cache file written by a second process while the build goes on.

The parse memo (``parse_memo.py``, 75 MB at 1,000 courtyards) is written
again whenever a text changed: hashing and writing it took 0.4 s of a
change's publish, in the middle of loading, with nothing in it that the rest
of the build needs. So it is handed to a forked child, which writes it (as
atomically as ever: ``packs.write_atomically``) while this process goes on.

A fork, only where it is safe (``companion_process.fork_is_safe``), and not a
thread: a thread alive when the companion helper starts would make that
fork unsafe. Otherwise the file is written at once, as before. The child is
not a daemon, so the interpreter waits for it at exit; this process waits
for it before reading the same file again (``wait``: a second build in the
same process, as under ``mkdocs serve`` or the tests), so a build never
reads a memo half as new as it should be. A child that cannot write (a full
disk) loses the file quietly, as a cache file may be lost: the next build
reads the texts again.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from multiprocessing.process import BaseProcess
from pathlib import Path

from gongyue.publish.companion_process import context_for, fork_is_safe

_writing: dict[Path, BaseProcess] = {}


def write_behind(path: Path, write: Callable[[], None]) -> None:
    """Run ``write`` (which writes ``path``) in a child process, or now."""
    wait(path)
    if not fork_is_safe():
        write()
        return
    context = context_for("fork")
    child = context.Process(target=_write, args=(write,), daemon=False)
    try:
        child.start()
    except OSError:
        write()
        return
    _writing[path] = child


def wait(path: Path) -> None:
    """Return once no child of this process is writing ``path``."""
    child = _writing.pop(path, None)
    if child is not None:
        child.join()


def _write(write: Callable[[], None]) -> None:
    with contextlib.suppress(OSError):  # the file is lost, as a cache file may be
        write()
