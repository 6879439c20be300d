"""One build at a time into an output folder that keeps its last site.

A build with a page cache moves the last site aside, takes unchanged
charters back, and records, file by file, what it left. Two builds into the
same folder at once — two pushes close together on a runner that keeps its
work folder, an operator starting a second build in another window — would
each take back from, and write over, what the other is writing; the one that
ends last records the files as it finds them, some of them the other build's
from other sources, and a later build would keep those as its own: pages of
an older text served until that charter changes again. So the second build
waits for the first, on a lock file beside the folder's record in the cache
(``sites/<name>.lock``), from before it touches the folder until its record
is written.

The lock is the operating system's (``flock``): a build that is killed
releases it with its process, and a helper forked while it is held closes its
copy at once, so that one outliving the build never holds it on. The file
stays; removing it would let a third build lock a new file while the second
still holds the old one. Where the system has no such lock (Windows), builds
are not kept apart, as before.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]


class FolderLock:
    """An open lock file, held until ``release``."""

    def __init__(self, descriptor: int) -> None:
        self.descriptor: int | None = descriptor
        _held.add(self)

    def release(self) -> None:
        """Close the file: the lock is released once no process has it open."""
        _held.discard(self)
        if self.descriptor is not None:
            os.close(self.descriptor)
            self.descriptor = None


_held: set[FolderLock] = set()


def _not_in_children() -> None:
    """In a process forked while a lock is held (the build's helpers), the lock file is
    closed: a helper that outlived the build would otherwise hold the lock on."""
    for lock in list(_held):
        lock.release()  # the child's copy: the parent still holds the lock


os.register_at_fork(after_in_child=_not_in_children)


def lock_folder(lock_file: Path, waiting: Callable[[], None]) -> FolderLock | None:
    """Hold ``lock_file``'s lock, calling ``waiting`` first if another process holds it
    (then waiting for that process to release it). None where the system cannot lock,
    or the lock file cannot be opened: the build goes on unlocked, as before."""
    if fcntl is None:
        return None
    try:
        lock_file.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(lock_file, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError:
        return None
    try:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            waiting()
            fcntl.flock(descriptor, fcntl.LOCK_EX)
    except BaseException as error:  # interrupted while waiting, or a system without locks
        os.close(descriptor)
        if isinstance(error, OSError):
            return None
        raise
    return FolderLock(descriptor)
