"""Writing files safely: a temp file in the same folder, then an atomic rename."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


class RefusedWrite(Exception):
    """The file exists and the caller did not create it in this call."""


def write_atomic(path: Path, text: str, *, overwrite: bool = False) -> None:
    """Write ``text`` to ``path`` all at once, or not at all.

    Without ``overwrite`` an existing file is never replaced: the final step is
    a hard link, which fails if the name was taken in the meantime.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    if not overwrite and path.exists():
        raise RefusedWrite(str(path))
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        # mkstemp makes the file private (0600); a source file is as readable as any other.
        os.chmod(tmp, _mode_for(path, overwrite))
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        if overwrite:
            os.replace(tmp, path)
        else:
            try:
                os.link(tmp, path)
            except FileExistsError:
                raise RefusedWrite(str(path)) from None
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def _mode_for(path: Path, overwrite: bool) -> int:
    """The replaced file's mode, or what a new file gets under the process's umask."""
    if overwrite:
        try:
            return path.stat().st_mode & 0o777
        except FileNotFoundError:
            pass
    return 0o666 & ~_umask()


def _umask() -> int:
    current = os.umask(0o022)
    os.umask(current)
    return current
