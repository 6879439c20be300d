"""Everything a build reads, in one digest: when it is the last build's, so is the site.

Builds are deterministic: the same sources, lock, settings, code, build date and
git history give the same bytes. So a build that finds all it would read to be
what the last build of its output folder read, and that output folder exactly
as that build left it, keeps the last site whole instead of loading the record
at all (``KeptSite.unchanged``).

The digest is of the files themselves, never of their times: every file under
the docs folder (and the log folder) and every file beside mkdocs.yml, each
with its path, and every folder's name (a folder can make a unit). What the
engine reads beyond those (mkdocs.yml's parents, hooks, theme overrides, the
programs) is in the parts the caller hands in. A link anywhere in a folder
hashed, or a file that cannot be read, gives no digest: that build is made as
usual, and so is the next.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

Hash = Any  # hashlib's object (its class is private)


class _NotPlain(Exception):
    """A link, a device, a file that cannot be read: nothing to vouch for."""


def digest(parts: Iterable[tuple[str, bytes]], trees: list[Path], tops: list[Path]) -> str | None:
    """The SHA-256 of ``parts`` (name, value), of every folder and file under each of
    ``trees``, and of the files directly in each of ``tops``; None when one of them is
    not a plain file or folder, or cannot be read."""
    whole = hashlib.sha256()
    for name, value in parts:
        _add(whole, b"part", name.encode("utf-8"), value)
    try:
        for number, tree in enumerate(trees):
            _add(whole, b"tree", str(number).encode(), os.fsencode(tree))
            _hash_tree(whole, tree)
        for number, top in enumerate(tops):
            _add(whole, b"top", str(number).encode(), os.fsencode(top))
            _hash_files_in(whole, top)
    except (_NotPlain, OSError):
        return None
    return whole.hexdigest()


def _add(whole: Hash, kind: bytes, name: bytes, value: bytes) -> None:
    """One item, its parts' lengths first: no two lists of items hash alike."""
    for piece in (kind, name, value):
        whole.update(len(piece).to_bytes(8, "big"))
        whole.update(piece)


def _hash_tree(whole: Hash, root: Path) -> None:
    cut, waiting = len(os.fsencode(root)) + 1, [os.fsencode(root)]
    while waiting:
        folder = waiting.pop()
        with os.scandir(folder) as found:
            entries = sorted(found, key=lambda entry: entry.name)
        for entry in entries:
            relative = entry.path[cut:]
            if entry.is_symlink():
                raise _NotPlain(entry.path)
            if entry.is_dir():
                _add(whole, b"folder", relative, b"")
                waiting.append(entry.path)
            else:
                _add(whole, b"file", relative, _file_digest(entry))


def _hash_files_in(whole: Hash, folder: Path) -> None:
    with os.scandir(os.fsencode(folder)) as found:
        entries = sorted(found, key=lambda entry: entry.name)
    for entry in entries:
        if entry.is_symlink():
            raise _NotPlain(entry.path)
        if not entry.is_dir():
            _add(whole, b"file", entry.name, _file_digest(entry))


def _file_digest(entry: os.DirEntry[bytes]) -> bytes:
    if not entry.is_file(follow_symlinks=False):
        raise _NotPlain(entry.path)  # a socket, a pipe: never read
    with open(entry.path, "rb") as file:
        return hashlib.sha256(file.read()).digest()
