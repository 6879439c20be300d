"""The last site's folders listed by a second process while this one loads the record.

Before a charter's folder is moved back (``kept_site.py``), every file in it
is listed with its inode, size and time, to be sure nobody touched it: at
1,000 courtyards that is 3,200 folders and 48,000 files, most of a second
on one core, and the same work whatever the build is. The listing needs
nothing from the record, so it can run on the other core from the moment the
last site is set aside while this process loads and checks the record.

Only where a fork is safe (``companion_process.fork_is_safe``): the child
needs nothing but the folder's path and copies nothing back but the
listings. Anything that goes wrong (no fork, a child that dies, a listing
that cannot be read back) leaves each folder to be listed when it is taken,
as without this; a listing is used once, for the folder it was made of.
"""

from __future__ import annotations

import pickle
from collections.abc import Callable, Iterable
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from gongyue.publish.companion_process import context_for, fork_is_safe

Walk = Callable[[Path, Path], Any]  # (site, folder) -> what ``whole_site.walk`` gives
WAIT = 120.0  # seconds the child may still need once this process asks for its result
_FIRST = "first"  # the tag of the message ``first``'s result comes in
_NONE = object()  # ``first`` not known yet (None is a result it may give)


class WalkAhead:
    """``walk`` run over ``folders`` of ``site`` in a child process, its results handed
    out one folder at a time (``take``). ``first``, when given, runs in the child before
    the walks and its result is sent ahead of theirs (``first``): what must be known
    before the build reads anything, found while it starts."""

    def __init__(
        self,
        walk: Walk,
        site: Path,
        folders: Iterable[str],
        first: Callable[[], Any] | None = None,
    ) -> None:
        self.walk, self.site = walk, site
        self.walked: dict[str, Any] = {}
        self._child: tuple[Any, Connection] | None = None
        self._first_job, self._first, self._first_pending = first, _NONE, first is not None
        folders = sorted(folders)
        if not (folders or first) or not fork_is_safe():
            return
        context = context_for("fork")
        receiving, sending = context.Pipe(duplex=False)
        job = (walk, site, folders, first, sending)
        child = context.Process(target=_walk_all, args=job, daemon=True)
        try:
            child.start()
        except OSError:
            receiving.close()
            return
        finally:
            sending.close()  # the child holds its own end
        self._child = (child, receiving)

    def first(self) -> Any:
        """What ``first`` gave: the child's, waited for, else (no child, or it failed)
        worked out now."""
        if self._first is _NONE:
            self._first = self._receive_first()
            if self._first is _NONE:
                assert self._first_job is not None  # only asked of a walk given one
                self._first = self._first_job()
        return self._first

    def _receive_first(self) -> Any:
        if not self._first_pending or self._child is None:
            return _NONE
        self._first_pending = False
        receiving = self._child[1]
        try:
            if receiving.poll(WAIT):
                message = receiving.recv()
                if isinstance(message, tuple) and len(message) == 2 and message[0] == _FIRST:
                    return message[1]
        except (EOFError, OSError, pickle.PickleError):
            pass
        self.stop()  # out of step: everything is done here instead
        return _NONE

    def take(self, folder: str) -> Any:
        """What ``walk`` gives for ``folder``: the child's listing, waited for the first
        time one is asked for, else (no child, or it failed) walked now."""
        self._collect()
        found = self.walked.pop(folder, None)
        return found if found is not None else self.walk(self.site, self.site / folder)

    def stop(self) -> None:
        """End the child if it still runs (a build that failed before taking anything)."""
        if self._child is not None:
            child, receiving = self._child
            self._child = None
            receiving.close()
            child.terminate()
            child.join()

    def _collect(self) -> None:
        if self._first_pending and self._child is not None:
            self._first = self._receive_first()  # the child sends it before the walks
        if self._child is None:
            return
        child, receiving = self._child
        self._child = None
        try:
            if receiving.poll(WAIT):
                self.walked = receiving.recv()
        except (EOFError, OSError, pickle.PickleError):
            self.walked = {}
        finally:
            receiving.close()
            child.join(WAIT)
            if child.is_alive():
                child.kill()
                child.join()
        if not isinstance(self.walked, dict):
            self.walked = {}


def _walk_all(
    walk: Walk,
    site: Path,
    folders: list[str],
    first: Callable[[], Any] | None,
    sending: Connection,
) -> None:
    try:
        if first is not None:
            sending.send((_FIRST, first()))
        walked = {}
        for folder in folders:
            try:
                walked[folder] = walk(site, site / folder)
            except OSError:
                continue  # walked again when taken, where the error is met as without this
        sending.send(walked)
    finally:
        sending.close()
