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
    rest, _ = walk(site, site, entries)
    own = {path for entry in entries.values() for path in entry.get("files") or ()}
    for path in engine_files:
        if path not in rest and path not in own:
            rest.update(stat_of(site, path))
    return rest


def as_left(site: Path, entries: Entries, rest: Listing, walked: Callable[[str], Walked]) -> bool:
    """True when ``site`` holds exactly the entries' own files and ``rest``, each as
    recorded, and no empty folder; ``walked`` lists an entry's folder (ahead of time)."""
    found, folders = walk(site, site, entries)
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
        return {path: status_of(os.stat(site / path, follow_symlinks=False))}
    except OSError:
        return {}


def status_of(found: os.stat_result) -> list[int]:
    """What tells a file left as it was: its inode, size and modification time (ns)."""
    return [found.st_ino, found.st_size, found.st_mtime_ns]


def walk(site: Path, folder: Path, entries: Entries | None = None) -> Walked:
    """The files (``status_of``) and folders under ``folder``, by their paths relative to
    ``site``; a folder not there has none. With ``entries``: an entry's folder is listed
    as a folder but not walked, an entry's file is left out. Plain strings and
    ``scandir``: this runs over every charter's folder each build."""
    skipped = entries or {}
    found: Listing = {}
    folders: set[str] = set()
    cut, waiting = len(str(site)) + 1, [str(folder)]
    while waiting:
        try:
            listed = list(os.scandir(waiting.pop()))
        except FileNotFoundError:
            continue  # a charter whose folder is not there: nothing of it to take back
        for entry in listed:
            relative = entry.path[cut:].replace(os.sep, "/")
            if entry.is_dir(follow_symlinks=False):
                folders.add(relative)
                if relative + "/" not in skipped:
                    waiting.append(entry.path)
            elif relative not in skipped:
                found[relative] = status_of(entry.stat(follow_symlinks=False))
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
