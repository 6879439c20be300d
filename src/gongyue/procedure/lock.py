"""``gongyue.lock``: the digest and fingerprint of every decided version.

The lock is committed with the sources. It records each version **as
adopted** (errata undone), so a correction never touches it; what may change
it is decided in ``integrity.py``. This module only reads and writes the file.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from gongyue.record.canonical import V1
from gongyue.record.errata import Seal, sealed
from gongyue.record.errors import Problem
from gongyue.record.fingerprint import chained
from gongyue.record.model import Site

LOCK_NAME = "gongyue.lock"
FORMAT = 3  # 3: entries carry the digest of the version's notes; 2 did not
SPECS = {V1}  # fingerprint formats this gongyue can compute


@dataclass(frozen=True)
class Entry:
    digest: str  # SHA-256 of the version's record and text as adopted
    fingerprint: str | None  # chained with the adopted versions before it; None: failed vote
    spec: str = V1
    notes: str | None = None  # digest of the per-article notes as adopted; None: no notes
    decision: str | None = None  # digest of the 修改决定 voted on; None: none was recorded
    feedback: str | None = None  # digest of the views received and answered; None: none


Lock = dict[str, Entry]  # path relative to the site directory -> entry


@dataclass(frozen=True)
class LockRead:
    entries: Lock | None  # None: no usable lock
    problems: list[Problem]
    old_format: bool = False  # a lock written by gongyue before fingerprint format v1
    notes_recorded: bool = True  # False for a format-2 lock, written before notes were frozen


def read_lock(site_dir: Path) -> LockRead:
    path = site_dir / LOCK_NAME
    if not path.is_file():
        return LockRead(None, [])
    stat = path.stat()
    read = _read_lock(path, stat.st_mtime_ns, stat.st_size)
    # A copy: the cached reading stays as the file says, whatever a caller does to it.
    entries = dict(read.entries) if read.entries is not None else None
    return LockRead(entries, list(read.problems), read.old_format, read.notes_recorded)


@lru_cache(maxsize=2)
def _read_lock(path: Path, mtime_ns: int, size: int) -> LockRead:
    """The lock as of this modification: a preview rebuilds many times over one lock,
    and a city's lock is megabytes of JSON."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("format") == 1:
            return LockRead(None, [_old_format()], old_format=True)
        if data.get("format") not in (2, FORMAT):
            return LockRead(None, [_newer_format(data.get("format"))])
        entries = {p: _entry(e) for p, e in data["versions"].items()}
    except (ValueError, KeyError, TypeError, AttributeError):
        return LockRead(None, [_corrupt()])
    unknown = sorted({e.spec for e in entries.values()} - SPECS)
    if unknown:
        return LockRead(None, [_newer_format(unknown[0])])
    return LockRead(entries, [], notes_recorded=data["format"] == FORMAT)


def _entry(data: dict[str, object]) -> Entry:
    digest, fingerprint, spec = data["digest"], data.get("fingerprint"), data.get("spec", V1)
    notes, decision, feedback = data.get("notes"), data.get("decision"), data.get("feedback")
    if not isinstance(digest, str) or not isinstance(spec, str):
        raise TypeError("entry")
    if any(
        v is not None and not isinstance(v, str) for v in (fingerprint, notes, decision, feedback)
    ):
        raise TypeError("entry")
    return Entry(digest, fingerprint, spec, notes, decision, feedback)  # type: ignore[arg-type]


def _corrupt() -> Problem:
    return Problem(
        LOCK_NAME,
        1,
        "锁定文件 gongyue.lock 已损坏，无法读取。",
        "用版本管理（git）恢复这个文件；不要手工编辑它。",
        "lock-corrupt",
    )


def _old_format() -> Problem:
    return Problem(
        LOCK_NAME,
        1,
        "gongyue.lock 是旧版 gongyue 写的，指纹的算法已换成有书面规范的 v1。",
        "运行“gongyue lock”升级：它按 git 历史核对每个版本后重写锁定文件。",
        "lock-old-format",
    )


def _newer_format(found: object) -> Problem:
    return Problem(
        LOCK_NAME,
        1,
        f"gongyue.lock 用了这个 gongyue 不认识的格式（{found}），可能是新版 gongyue 写的。",
        "升级 gongyue（pip install -U gongyue）后再运行。",
        "lock-format",
    )


def entries_now(site: Site) -> Lock:
    """What the lock would record for the files as they are."""
    entries: Lock = {}
    for charter in site.charters:
        chain = chained(charter)
        for version in charter.versions:
            _, fingerprint = chain[version.path]
            entries[version.path] = locked_entry(sealed(version), fingerprint)
    return entries


def locked_entry(seal: Seal, fingerprint: str | None) -> Entry:
    """The entry of a version: its digest and fingerprint, and the digests of what is frozen
    with the text but kept out of the fingerprint."""
    return Entry(
        seal.digest, fingerprint, notes=seal.notes, decision=seal.decision, feedback=seal.feedback
    )


def _written(entry: Entry) -> dict[str, str | None]:
    written = {"digest": entry.digest, "fingerprint": entry.fingerprint, "spec": entry.spec}
    optional = {"notes": entry.notes, "decision": entry.decision, "feedback": entry.feedback}
    return {**written, **{k: v for k, v in optional.items() if v is not None}}


def render_lock(entries: Lock) -> str:
    data = {
        "format": FORMAT,
        "note": "由 gongyue lock 生成，记录每个已表决版本（勘误还原后）的摘要、指纹和逐条说明、修改决定、征求意见情况的摘要。请勿手工修改。",
        "versions": {path: _written(e) for path, e in sorted(entries.items())},
    }
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
