"""A second process that makes companion pages while the site engine renders its own.

How the helper starts decides what is safe and what it costs:

- ``fork``: the child inherits the page models, with nothing to load or copy —
  the fast path. Used only on Linux and only while this process runs no other
  thread: a fork copies the calling thread alone, so a lock another thread
  held would stay locked in the child for ever. macOS makes fork unsafe once
  its system libraries are loaded, and Windows has none.
- ``spawn``: a new interpreter that receives the jobs pickled. Works on every
  system; starting it and sending the pages costs a fraction of a second.
- ``none``: no helper; the engine's process makes every page once it is done.

``auto`` takes fork where it is safe, spawn for a city big enough to repay
it, and otherwise none. Whichever runs, each page is made by one process from
the same models, so the files are the same bytes.
"""

from __future__ import annotations

import gc
import multiprocessing
import pickle
import sys
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, get_args

from gongyue.record.settings import CompanionProcess

AUTO, FORK, SPAWN, NONE = get_args(CompanionProcess)  # the companion_process setting's values
SPAWN_WORTH_FROM = 400  # jobs; below this a new interpreter costs more than it saves
JOIN_TIMEOUT = 300.0  # seconds for the helper's last batch once the engine's share is done
STOP_TIMEOUT = 10.0

# (jobs, claimed counter, site folder): makes and writes jobs until none is left.
WorkFunction = Callable[[Sequence[Any], Any, Path], None]


def fork_is_safe() -> bool:
    return sys.platform.startswith("linux") and threading.active_count() == 1


def context_for(method: str) -> Any:
    """The multiprocessing context that starts a child by ``method``, with this process's
    buffered output written first (a forked child would write it a second time)."""
    sys.stdout.flush()
    sys.stderr.flush()
    return multiprocessing.get_context(method)


def choose(method: str, jobs: int) -> str:
    """The start method to use for ``jobs`` pages when ``method`` was asked for."""
    if method == AUTO:
        if fork_is_safe():
            return FORK
        return SPAWN if jobs >= SPAWN_WORTH_FROM else NONE
    if method == FORK and "fork" not in multiprocessing.get_all_start_methods():
        return SPAWN  # asked for on a system without fork (Windows)
    return method


def counter(method: str) -> Any:
    """A job counter shared with a helper started by ``method``."""
    return multiprocessing.get_context(SPAWN if method == NONE else method).Value("q", 0)


class Helper:
    """One helper process running ``work``; every way out restores this process."""

    def __init__(self, method: str, work: WorkFunction, describe: Callable[[BaseException], str]):
        self.method, self.work, self.describe = method, work, describe
        self.process: multiprocessing.process.BaseProcess | None = None
        self.frozen = False

    def start(self, jobs: Sequence[Any], claimed: Any, site_dir: Path) -> None:
        if self.method == NONE:
            return
        context = context_for(self.method)
        if self.method == FORK:
            # The page models live for the whole build: keep the collector from walking
            # them again in either process (which would copy the child's pages). When
            # something was frozen already (the build's record), whoever froze it gives
            # everything back at the end of the build (``making.release_record``): given
            # back here, the first collection after would walk the whole record mid-build.
            self.frozen = gc.get_freeze_count() == 0
            gc.freeze()
            payload: Any = jobs
        else:  # unpickled inside the child, where a failure is caught and said in one line
            try:
                payload = pickle.dumps(list(jobs), protocol=pickle.HIGHEST_PROTOCOL)
            except (pickle.PicklingError, AttributeError, TypeError):
                self.method = NONE  # jobs that cannot travel are made in this process
                return
        self.process = context.Process(
            target=_run_child,
            args=(self.work, self.describe, payload, claimed, site_dir),
            daemon=True,  # never outlives the build, whatever happens to it
        )
        try:
            self.process.start()
        except BaseException:
            self.stop()
            raise

    def join(self) -> int:
        """Wait for the helper's last batch; its exit code (0 when there was none)."""
        if self.process is None:
            return 0
        self.process.join(JOIN_TIMEOUT)
        code = self.process.exitcode
        self.stop()
        return -1 if code is None else code

    def stop(self) -> None:
        """End the helper if it runs and, when it was the first to freeze, give the
        collector everything back."""
        process, self.process = self.process, None
        if process is not None and process.is_alive():
            process.terminate()
            process.join(STOP_TIMEOUT)
            if process.is_alive():
                process.kill()
                process.join()
        if self.frozen:
            gc.unfreeze()
            self.frozen = False


def _run_child(
    work: WorkFunction,
    describe: Callable[[BaseException], str],
    payload: Any,
    claimed: Any,
    site_dir: Path,
) -> None:
    try:
        jobs = pickle.loads(payload) if isinstance(payload, bytes) else payload
        work(jobs, claimed, site_dir)
    except BaseException as error:  # one Chinese line, never a traceback
        print(describe(error), file=sys.stderr)
        sys.stderr.flush()
        sys.exit(1)
