"""A preview's view of the docs folder: the previewed unit, its ancestors, the site's own pages.

MkDocs walks every file under ``docs_dir`` before any plugin can narrow the
site down; in a city of thousands of courtyards that walk is most of a
preview's start and of every rebuild after an edit. A preview therefore hands
MkDocs a folder of symbolic links holding only what it shows: the site's own
pages and files at the top, each ancestor unit's files (its ``index.md`` for
the breadcrumbs), and the previewed unit's whole folder. gongyue itself still
reads the real folder, so every message names the real files.

A view stays in the system's temporary folder for the next preview of the
same unit; beside it, ``gongyue-preview-<key>.docs`` names the docs folder it
shows. Each preview removes the views of docs folders that no longer exist
(a copy of the repository deleted, a test's folder gone), which nothing can
preview again; a view made before these marks is removed when none of its
links leads anywhere any more.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import tempfile
from pathlib import Path

from gongyue.record.loader import is_unit_folder

PREFIX = "gongyue-preview-"
MARK = ".docs"  # the file beside a view naming its docs folder


def docs_view(docs: Path, scope: str) -> Path:
    """The view for previewing ``scope`` (a unit folder relative to ``docs``), made or updated."""
    key = hashlib.sha256(f"{docs.resolve()}\n{scope}".encode()).hexdigest()[:16]
    temp = Path(tempfile.gettempdir())
    remove_orphan_views(temp)
    view = temp / f"{PREFIX}{key}"
    view.with_name(view.name + MARK).write_text(str(docs.resolve()), encoding="utf-8")
    chain = [part for part in scope.strip("/").split("/") if part]
    folder, target = docs, view
    for depth in range(len(chain) + 1):
        keep = chain[depth] if depth < len(chain) else None
        target.mkdir(exist_ok=True)
        wanted = _wanted(folder, keep, top=depth == 0)
        if keep is not None:
            wanted[keep] = folder / keep
        _sync(target, wanted, chain_folder=keep if depth < len(chain) - 1 else None)
        if keep is None or depth == len(chain) - 1:
            break
        folder, target = folder / keep, target / keep
    return view


def remove_orphan_views(temp: Path) -> None:
    """Remove the views (and their marks) whose docs folder no longer exists."""
    for mark in temp.glob(f"{PREFIX}*{MARK}"):
        try:
            docs = mark.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue  # another preview is writing it, or it is not ours
        if docs and not Path(docs).is_dir():
            shutil.rmtree(mark.with_name(mark.name.removesuffix(MARK)), ignore_errors=True)
            mark.unlink(missing_ok=True)
    for view in temp.glob(f"{PREFIX}*"):
        unmarked = (
            view.is_dir()
            and not view.is_symlink()
            and not view.with_name(view.name + MARK).exists()
        )
        if unmarked and _leads_nowhere(view):
            shutil.rmtree(view, ignore_errors=True)


def _leads_nowhere(view: Path) -> bool:
    """A view (its top level) holds links, and every one of them is broken."""
    try:
        links = [entry for entry in view.iterdir() if entry.is_symlink()]
    except OSError:
        return False
    return bool(links) and not any(link.exists() for link in links)


def _wanted(folder: Path, keep: str | None, top: bool) -> dict[str, Path]:
    """Files of ``folder``, and at the top its folders that are not units (the site's own)."""
    return {
        entry.name: entry
        for entry in sorted(folder.iterdir())
        if entry.name != keep
        and (entry.is_file() or (top and entry.is_dir() and not is_unit_folder(entry)))
    }


def _sync(target: Path, wanted: dict[str, Path], chain_folder: str | None) -> None:
    """Links in ``target`` to exactly ``wanted``; ``chain_folder`` is a real folder of the view."""
    for entry in list(target.iterdir()):
        if entry.name == chain_folder and not entry.is_symlink():
            continue
        if (
            entry.name not in wanted
            or entry.name == chain_folder
            or _stale(entry, wanted[entry.name])
        ):
            _remove(entry)
    for name, source in wanted.items():
        if name != chain_folder and not (target / name).is_symlink():
            with contextlib.suppress(FileExistsError):  # a second preview of this unit made it
                (target / name).symlink_to(source.resolve(), target_is_directory=source.is_dir())


def _stale(link: Path, source: Path) -> bool:
    return not link.is_symlink() or os.readlink(link) != str(source.resolve())


def _remove(entry: Path) -> None:
    if entry.is_symlink() or entry.is_file():
        entry.unlink(missing_ok=True)  # another preview may have removed it first
    else:
        shutil.rmtree(entry, ignore_errors=True)
