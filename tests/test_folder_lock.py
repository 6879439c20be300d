"""One build at a time into an output folder (folder_lock.py). Two real builds at once
are in test_kept_site.py; here, the lock itself."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from gongyue.publish.folder_lock import lock_folder


def never_waits() -> None:
    pytest.fail("waited for a lock nobody should hold")


def test_a_lock_released_is_taken_at_once(tmp_path: Path):
    first = lock_folder(tmp_path / "sites" / "a.lock", never_waits)
    assert first is not None
    first.release()
    first.release()  # twice is harmless: a failed build may release what finish released
    again = lock_folder(tmp_path / "sites" / "a.lock", never_waits)
    assert again is not None
    again.release()


def test_a_lock_held_by_another_process_is_waited_for_and_said(tmp_path: Path):
    """Another process holds the lock: ``waiting`` is called, then the lock is had as soon
    as that process lets it go (here: when it ends)."""
    lock = tmp_path / "a.lock"
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys; from gongyue.publish.folder_lock import lock_folder;"
            f"held = lock_folder(__import__('pathlib').Path({str(lock)!r}), lambda: None);"
            "print('held', flush=True);"
            "__import__('select').select([sys.stdin], [], [], 60)",  # ends by itself at worst
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None and holder.stdin is not None
    assert holder.stdout.readline().strip() == "held"
    said: list[str] = []

    def waiting() -> None:
        said.append("waiting")
        holder.stdin.close()  # the other build ends, and its lock with it

    mine = lock_folder(lock, waiting)
    holder.wait(timeout=30)
    assert said == ["waiting"] and mine is not None
    mine.release()


def test_a_helper_forked_while_the_lock_is_held_does_not_hold_it(tmp_path: Path):
    """The build's helpers are forked while it holds the lock; one that lives on after the
    build released it must not keep the next build waiting."""
    held = lock_folder(tmp_path / "a.lock", never_waits)
    assert held is not None
    read, write = os.pipe()
    started_read, started = os.pipe()
    child = os.fork()
    if child == 0:  # the helper: says it has started, then lives until the pipe closes
        os.close(write)
        os.write(started, b"!")
        os.read(read, 1)
        os._exit(0)
    os.close(read)
    assert os.read(started_read, 1) == b"!"
    try:
        held.release()
        again = lock_folder(tmp_path / "a.lock", never_waits)
        assert again is not None
        again.release()
    finally:
        os.close(write)
        os.waitpid(child, 0)
        os.close(started)
        os.close(started_read)


def test_a_lock_file_that_cannot_be_opened_leaves_the_build_unlocked(tmp_path: Path):
    (tmp_path / "a.lock").mkdir()  # not a file: cannot be opened for writing
    assert lock_folder(tmp_path / "a.lock", never_waits) is None
