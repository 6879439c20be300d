"""The last site as a whole: every file in it, to tell that it is exactly as left.

The record of an output folder (``kept_site.py``) lists each charter's folder,
unit page, data file and search index with its own files. A build whose inputs
are the last build's keeps the last site whole (``same_inputs.py``) only when
nothing at all was changed in it since: so the record also lists the rest —
the engine's own pages (home, directory), its assets, the sitemap, the files it
copied into a charter's folder — and the check walks everything: every file
must be there with the inode, size and time recorded, nothing else may be, and
no folder may be empty (a build leaves none).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

Listing = dict[str, list[int]]  # site-relative path of a file -> [inode, size, mtime_ns]
Walked = tuple[Listing, set[str]]  # the files under a folder, and its folders
Entries = Mapping[str, Mapping[str, Any]]  # the record's: a folder (ends with /) or a file


def rest_of(site: Path, entries: Entries, engine_files: Iterable[str]) -> Listing:
    """Every file of ``site`` no entry lists as its own: those outside the entries'
    folders (walked: a few dozen at 1,000 courtyards), and those of ``engine_files``
    inside them (what the engine copied in: a picture beside a charter)."""
    rest, _ = _walk_outside(site, entries)
    own = {path for entry in entries.values() for path in entry.get("files") or ()}
    for path in engine_files:
        if path not in rest and path not in own:
            rest.update(stat_of(site, path))
    return rest


def as_left(site: Path, entries: Entries, rest: Listing, walked: Callable[[str], Walked]) -> bool:
    """True when ``site`` holds exactly the entries' own files and ``rest``, each as
    recorded, and no empty folder; ``walked`` lists an entry's folder (ahead of time)."""
    found, folders = _walk_outside(site, entries)
    for path in entries:
        if path.endswith("/"):
            files, below = walked(path)
            found.update(files)
            folders |= below
        else:
            found.update(stat_of(site, path))
    expected = dict(rest)
    for entry in entries.values():
        own = entry.get("files")
        if not isinstance(own, dict):
            return False
        expected.update(own)
    return found == expected and folders == parents_of(found)


def stat_of(site: Path, path: str) -> Listing:
    """The file at ``path`` (relative to ``site``), not followed if a link; none if missing."""
    try:
        status = os.stat(site / path, follow_symlinks=False)
    except OSError:
        return {}
    return {path: [status.st_ino, status.st_size, status.st_mtime_ns]}


def _walk_outside(site: Path, entries: Entries) -> Walked:
    """The files and folders of ``site`` outside the entries: an entry's folder is listed
    as a folder but not walked, an entry's file is left out."""
    found: Listing = {}
    folders: set[str] = set()
    cut, waiting = len(str(site)) + 1, [str(site)]
    while waiting:
        with os.scandir(waiting.pop()) as listed:
            for entry in listed:
                relative = entry.path[cut:].replace(os.sep, "/")
                if entry.is_dir(follow_symlinks=False):
                    folders.add(relative)
                    if relative + "/" not in entries:
                        waiting.append(entry.path)
                elif relative not in entries:
                    status = entry.stat(follow_symlinks=False)
                    found[relative] = [status.st_ino, status.st_size, status.st_mtime_ns]
    return found, folders


def parents_of(paths: Iterable[str]) -> set[str]:
    """Every folder above each of ``paths`` (relative, with forward slashes)."""
    found: set[str] = set()
    for path in paths:
        while "/" in path:
            path = path.rpartition("/")[0]
            if path in found:
                break  # and so are all above it
            found.add(path)
    return found
