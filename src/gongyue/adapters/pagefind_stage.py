"""The pages Pagefind indexes, hard-linked into a folder kept between builds.

Named in a glob, the pages are read where they are, but Pagefind walks the
whole output folder to match it: 48,000 files at 1,000 courtyards, five
times that at 5,000, about a second of each index at 1,000 on this disk.
Hard-linked at their own paths into a folder of their own, it walks only
them; but making that folder's 4,500 folders took two seconds. Kept in the
cache folder between builds (where the last output folder is kept too, on
the same disk), the folder is only brought up to date: a link whose page is
another file now (the page was written again) is replaced, a page no longer
indexed is removed, anything else found there is removed. The pages are the
same files, so the index is the same bytes as from the glob.

Only for a build that keeps its output folder: a CI cache would store the
linked pages as copies. Where a link cannot be made (another disk), None:
the caller does as without a kept folder (a glob, or a staging folder of the
moment).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path


def restage(site_dir: Path, stage: Path, pages: list[str]) -> Path | None:
    """``stage`` holding ``pages`` of ``site_dir`` (hard links) and nothing else; None when
    it cannot (the stage is then removed)."""
    try:
        _remove_others(stage, set(pages))
        made: set[Path] = set()
        for page in pages:
            _link(site_dir / page, stage / page, made)
    except OSError:
        shutil.rmtree(stage, ignore_errors=True)
        return None
    return stage


def _remove_others(stage: Path, pages: set[str]) -> None:
    """Remove from ``stage`` what is not one of ``pages`` (a link, a folder, anything),
    and the folders left empty."""
    if stage.is_symlink() or (stage.exists() and not stage.is_dir()):
        stage.unlink()
    if stage.is_dir():
        _prune(stage, len(str(stage)) + 1, pages)


def _prune(folder: Path, cut: int, pages: set[str]) -> bool:
    """``_remove_others`` under ``folder``; whether anything is left in it."""
    left = False
    with os.scandir(folder) as entries:
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                if _prune(Path(entry.path), cut, pages):
                    left = True
                else:
                    os.rmdir(entry.path)
            elif entry.is_file(follow_symlinks=False) and entry.path[cut:] in pages:
                left = True
            else:
                os.unlink(entry.path)
    return left


def _link(source: Path, target: Path, made: set[Path]) -> None:
    """``target`` the same file as ``source``: left when it is, else linked again."""
    wanted = os.stat(source)
    try:
        found = os.stat(target, follow_symlinks=False)
        if (found.st_ino, found.st_dev) == (wanted.st_ino, wanted.st_dev):
            return
        target.unlink()
    except FileNotFoundError:
        if target.parent not in made:
            target.parent.mkdir(parents=True, exist_ok=True)
            made.add(target.parent)
    os.link(source, target)
