"""The last build's charter pages left where they are, instead of written again.

On a machine that keeps its output folder between builds (an operator's own
computer, a self-hosted runner), most of a publish with the page cache was
spent deleting the last site (MkDocs empties the folder first) and writing
the same 40,000 files back out of their packs: on this disk each file
created costs about as much as rendering it. So, before MkDocs empties the
folder, the build moves the whole last site aside into the cache folder (one
rename, to ``sites/<name>.previous``, named after the output folder so that
builds of two output folders sharing one cache never meet), and a charter
whose key is unchanged gets its folder moved back (one rename) instead of
its pack unpacked. What is left aside is removed at the end.

A folder is moved back only when its own files are exactly what the last
build left: the record (``sites/<name>.json``, written at the end of each
build) lists the files each charter's job made (its pack's, or a search
index's whole folder), each with its inode, size and modification time. A
file of its own edited, replaced or removed by hand since — or a folder of
another site — makes that charter's pages come out of its pack or be made
anew, as without this. Anything else found in a folder moved back (a file
added by hand, a picture the engine copied there last time) is removed
first: the engine copies again what it still has to. Trust is the page
cache's: whoever can write the cache folder and the output folder can make
the site show other pages.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import shutil
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gongyue.publish import packs
from gongyue.publish.folder_lock import FolderLock
from gongyue.publish.walk_ahead import WalkAhead
from gongyue.publish.whole_site import Listing, as_left, parents_of, rest_of, stat_of, walk

FORMAT = 1
SITES = "sites"  # in the cache folder: each output folder's record, and its last site aside
PRIVATE = ".private"  # beside the record, a folder of that output folder's alone


@dataclass
class KeptSite:
    """The last site, moved aside to ``aside`` (None: nothing to take back) while this
    build writes ``site_dir``; ``taken`` counts the folders moved back."""

    site_dir: Path
    record: Path  # where this output folder's record is kept
    family: str
    aside: Path | None = None
    last: dict[str, dict[str, object]] = field(default_factory=dict)  # folder -> key, files
    now: dict[str, dict[str, object]] = field(default_factory=dict)
    own: dict[str, Callable[[], Iterable[str]] | None] = field(default_factory=dict)
    taken: int = 0
    note: str = ""
    ahead: WalkAhead | None = None  # the last site's folders, listed while the build loads
    parents: set[str] = field(default_factory=set)  # folders made in site_dir to move into
    hash_inputs: Callable[[], str | None] | None = None  # ``same_inputs.digest`` of this build
    inputs: str | None = None  # what ``unchanged`` found it to be, recorded at ``finish``
    last_inputs: str | None = None
    last_rest: Listing = field(default_factory=dict)
    last_bytes: bytes = b""  # the last record as it was read, written back by ``keep_whole``
    engine_files: list[str] = field(default_factory=list)  # what the engine copied (``rest_of``)
    lock: FolderLock | None = None  # held until the record is written (``folder_lock.py``)

    @property
    def private(self) -> Path:
        """A folder in the cache that is this output folder's alone, kept between its builds
        (the search index's staged pages): builds of another output folder sharing the
        cache, even at the same time, never touch it."""
        return self.record.with_suffix(PRIVATE)

    def unchanged(self) -> bool:
        """Asked before the build reads any source: works out this build's inputs (recorded
        at ``finish``), and True when they are the last build's and the last site is
        exactly as that build left it; ``keep_whole`` then gives it back as it is."""
        if self.hash_inputs is not None:
            self.inputs = self.ahead.first() if self.ahead else self.hash_inputs()
        if self.aside is None or self.inputs is None or self.inputs != self.last_inputs:
            return False
        try:
            return as_left(self.aside, self.last, self.last_rest, self._walked)
        except OSError:
            return False

    def keep_whole(self) -> None:
        """The last site back in the output folder, whole, in place of whatever the engine
        wrote there, and its record with it (only after ``unchanged``)."""
        assert self.aside is not None  # only after ``unchanged`` found it
        if self.ahead is not None:
            self.ahead.stop()
            self.ahead = None
        shutil.rmtree(self.site_dir)
        os.rename(self.aside, self.site_dir)
        self.aside = None
        packs.write_atomically(self.record, self.last_bytes)
        self._unlock()

    def take(self, folder: str, key: str) -> bool:
        """Move a charter's folder (its URL), or a search index's, back from the last site
        when the last build made it for ``key`` and every file of its own is as that build
        left it. Anything else in it (what the engine copied in: a picture, an attachment)
        is removed first: the engine copies again what is still there to copy."""
        entry = self.last.get(folder)
        if entry is None or entry.get("key") != key or not self._move_back(folder, entry):
            return False
        self.now[folder] = {"key": key, "files": entry["files"]}
        self.taken += 1
        return True

    def take_last(self, folder: str) -> str | None:
        """Move a folder back as ``take`` does, whatever key the last build made it for,
        for this build to make it again over what is there (a search index keeps what it
        made of unchanged pages). Returns that key; what this build makes of the folder it
        records itself (``made``)."""
        entry = self.last.get(folder)
        if entry is None or not self._move_back(folder, entry):
            return None
        return str(entry.get("key"))

    def _move_back(self, folder: str, entry: dict[str, object]) -> bool:
        if self.aside is None:
            return False
        source, target = self.aside / folder, self.site_dir / folder
        files, (found, folders) = entry.get("files"), self._walked(folder)
        if not isinstance(files, dict) or not files:
            return False
        if any(found.get(path) != status for path, status in files.items()):
            return False  # one of its own files was changed, replaced or removed since
        try:
            _remove(self.aside, found.keys() - files.keys(), folders - parents_of(files))
            self._make_parent(folder)
            os.rename(source, target)  # fails when the target exists: then made as usual
        except OSError:
            return False
        return True

    def take_file(self, path: str, key: str) -> bool:
        """Move one page back (a unit's), as ``take`` moves a folder: when the last build
        wrote it for ``key`` and it is as that build left it."""
        entry = self.last.get(path)
        if self.aside is None or entry is None or entry.get("key") != key:
            return False
        source, target = self.aside / path, self.site_dir / path
        files = entry.get("files")
        if not files or files != stat_of(self.aside, path) or os.path.lexists(target):
            return False
        try:
            self._make_parent(path)
            os.rename(source, target)
        except OSError:
            return False
        self.now[path] = entry
        self.taken += 1
        return True

    def _walked(self, folder: str) -> tuple[Listing, set[str]]:
        """The files and folders under ``folder`` in the last site (``whole_site.walk``), listed
        while the build loaded when they could be."""
        assert self.aside is not None  # only asked for while the last site is aside
        if self.ahead is None:
            return walk(self.aside, self.aside / folder)
        walked: tuple[Listing, set[str]] = self.ahead.take(folder)
        return walked

    def _make_parent(self, path: str) -> None:
        """The folder ``path`` (a folder's, ending with a slash, or a file's) is moved into,
        made once: three charters of a courtyard share it, and on this disk each folder
        made costs more than the move itself."""
        parent = path.rstrip("/").rpartition("/")[0]
        if parent not in self.parents:
            os.makedirs(self.site_dir / parent, exist_ok=True)
            self.parents.add(parent)

    def made(self, folder: str, key: str, own: Callable[[], Iterable[str]] | None = None) -> None:
        """A folder (its path ends with a slash) or a file this build wrote itself, listed
        at ``finish``: of a folder, the files ``own`` names (a charter's pack's), or all of
        it (a search index)."""
        self.now[folder] = {"key": key}
        self.own[folder] = own

    def finish(self, whole: bool = True) -> None:
        """Once the build has written everything: record what it left in its output
        folder, then remove the last site. ``whole``: the build made every page it should
        and said no warning; only then may a build with the same inputs keep it whole."""
        for folder, entry in list(self.now.items()):
            if "files" in entry:
                continue
            listing, own = _listing(self.site_dir, folder), self.own.get(folder)
            try:
                mine = set(own()) if own is not None else set(listing)
            except (OSError, ValueError, KeyError, TypeError):
                del self.now[folder]  # its pack cannot say: made again next time
                continue
            entry["files"] = {path: listing[path] for path in mine if path in listing}
        record = {"format": FORMAT, "family": self.family, "site": str(self.site_dir)}
        if whole and self.inputs is not None:
            rest = rest_of(self.site_dir, self.now, self.engine_files)
            record |= {"inputs": self.inputs, "rest": rest}
        data = json.dumps({**record, "folders": self.now}, ensure_ascii=False, sort_keys=True)
        packs.write_atomically(self.record, data.encode())
        self.discard()

    def discard(self) -> None:
        """Remove what is left of the last site (also when the build failed)."""
        if self.ahead is not None:
            self.ahead.stop()
            self.ahead = None
        if self.aside is not None:
            shutil.rmtree(self.aside, ignore_errors=True)
            self.aside = None
        self._unlock()

    def _unlock(self) -> None:
        """Let the next build into this folder start (its record is written, or never will be)."""
        if self.lock is not None:
            self.lock.release()
            self.lock = None


def set_aside(
    cache: Path,
    site_dir: Path,
    family: str,
    inputs: Callable[[], str | None] | None = None,
    lock: FolderLock | None = None,
) -> KeptSite:
    """Move the last site out of MkDocs' way when the cache's record says this cache's
    build of this configuration wrote it; otherwise leave it for MkDocs to empty.
    ``inputs`` works out the build's inputs (``same_inputs.digest``), while it starts
    when it can (``KeptSite.unchanged``); None: never kept whole. ``lock``: this output
    folder's (``folder_lock.py``), held by the site until its build ends."""
    try:
        return _set_aside(cache, site_dir.resolve(), family, inputs, lock)
    except BaseException:
        if lock is not None:
            lock.release()
        raise


def _set_aside(
    cache: Path,
    site_dir: Path,
    family: str,
    inputs: Callable[[], str | None] | None,
    lock: FolderLock | None,
) -> KeptSite:
    record = _named(cache, site_dir, ".json")
    kept = KeptSite(site_dir, record, family, hash_inputs=inputs, lock=lock)
    aside = _named(cache, site_dir, ".previous")
    shutil.rmtree(aside, ignore_errors=True)  # a build that was killed left it
    last, kept.last_bytes = _record(kept.record)
    kept.record.unlink(missing_ok=True)  # until this build has written its own
    folders = _moved_aside(kept, last, aside)
    walks = (f for f in folders if f.endswith("/"))
    # Even with nothing to take back, this build's inputs are worked out on the other core.
    kept.ahead = WalkAhead(walk, aside, walks, inputs)
    return kept


def lock_file(cache: Path, site_dir: Path) -> Path:
    """Where builds into ``site_dir`` with this ``cache`` wait for each other."""
    return _named(cache, site_dir.resolve(), ".lock")


def _named(cache: Path, site_dir: Path, suffix: str) -> Path:
    """A file of the output folder ``site_dir`` (resolved) in the cache, named after it."""
    name = hashlib.sha256(str(site_dir).encode("utf-8")).hexdigest()[:16]
    return cache / SITES / (name + suffix)


def _moved_aside(kept: KeptSite, last: dict[str, object] | None, aside: Path) -> dict[str, Any]:
    """The last record's folders, once the last site is at ``aside``; none when it is
    not this cache's build of this configuration, or could not be moved."""
    site_dir = kept.site_dir
    if last is None or last.get("family") != kept.family or last.get("site") != str(site_dir):
        return {}
    folders = last.get("folders")
    if not isinstance(folders, dict) or not site_dir.is_dir():
        return {}
    try:
        aside.parent.mkdir(parents=True, exist_ok=True)
        os.rename(site_dir, aside)
        site_dir.mkdir()
    except OSError as error:
        kept.note = f"没能把上次生成的网站移到缓存文件夹里（{error.strerror or error}），这次重新写出所有页面。"
        if error.errno == errno.EXDEV:  # the OS says it in English: say what it means
            kept.note += "输出文件夹和缓存文件夹不在同一个磁盘分区上；想省下这一步，把缓存文件夹放到输出文件夹所在的分区。"
        return {}
    kept.aside, kept.last = aside, folders
    kept.last_inputs, kept.last_rest = _inputs_and_rest(last)
    return folders


def _record(path: Path) -> tuple[dict[str, object] | None, bytes]:
    """The record, and its bytes as read."""
    try:
        raw = path.read_bytes()
        data = json.loads(raw)
    except (OSError, ValueError):
        return None, b""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        return None, b""
    return data, raw


def _inputs_and_rest(record: dict[str, object]) -> tuple[str | None, Listing]:
    """What the last build read (``same_inputs.digest``) and the rest of what it wrote
    (``whole_site.rest_of``), when it recorded them (it may keep its site whole)."""
    inputs, rest = record.get("inputs"), record.get("rest")
    if isinstance(inputs, str) and isinstance(rest, dict):
        return inputs, rest
    return None, {}


def _listing(site: Path, folder: str) -> Listing:
    """Every file (and link) under ``folder`` (relative to ``site``; a file's path: that
    file) by its path relative to ``site``: inode, size and modification time."""
    if not folder.endswith("/"):
        return stat_of(site, folder)
    return walk(site, site / folder)[0]


def _remove(site: Path, files: Iterable[str], folders: Iterable[str]) -> None:
    """Remove these files, then these folders (which then hold none of a folder's own)."""
    for path in files:
        (site / path).unlink()
    for path in sorted(folders, key=len, reverse=True):  # the deepest first
        shutil.rmtree(site / path)
