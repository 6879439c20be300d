"""``gongyue.lock``: the fingerprint of every adopted version, committed with the sources.

``check`` compares each adopted version with its entry. The one way to change
an adopted text is an ``errata`` entry followed by ``gongyue lock``; ``lock``
refuses to record a changed text whose errata did not grow.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from .errors import Problem
from .fingerprint import fingerprints
from .model import Site, Version
from .writing import write_atomic

LOCK_NAME = "gongyue.lock"
FORMAT = 1


@dataclass(frozen=True)
class Entry:
    content: str  # SHA-256 of this version's record and text
    fingerprint: str  # chained with the versions before it
    errata: int  # number of errata entries when locked


Lock = dict[str, Entry]  # path relative to the site directory -> entry


def read_lock(site_dir: Path) -> tuple[Lock | None, list[Problem]]:
    path = site_dir / LOCK_NAME
    if not path.is_file():
        return None, []
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        entries = {
            p: Entry(e["content"], e["fingerprint"], int(e["errata"]))
            for p, e in data["versions"].items()
        }
    except (ValueError, KeyError, TypeError, AttributeError):
        return None, [
            Problem(
                LOCK_NAME,
                1,
                "锁定文件 gongyue.lock 已损坏，无法读取。",
                "用版本管理（git）恢复这个文件；不要手工编辑它。",
                "lock-corrupt",
            )
        ]
    return entries, []


def lock_problems(site_dir: Path, site: Site) -> list[Problem]:
    """What a build reports about the lock: nothing when there is no lock yet."""
    lock, problems = read_lock(site_dir)
    return problems + (check_lock(site, lock) if lock is not None else [])


def current_entries(site: Site) -> Lock:
    entries: Lock = {}
    for charter in site.charters:
        by_path = {v.path: v for v in charter.adopted}
        for path, (content, fingerprint) in fingerprints(charter).items():
            entries[path] = Entry(content, fingerprint, len(by_path[path].meta.errata))
    return entries


def check_lock(site: Site, lock: Lock) -> list[Problem]:
    current = current_entries(site)
    versions = {v.path: v for c in site.charters for v in c.adopted}
    problems: list[Problem] = []
    for path, entry in sorted(lock.items()):
        now = current.get(path)
        if now is None:
            problems.append(_missing(path))
        elif now.content != entry.content:
            problems.append(_changed(versions[path], entry, now))
    for path in sorted(set(current) - set(lock)):
        problems.append(
            Problem(
                path,
                1,
                "这个已通过的版本还没有记录在 gongyue.lock 中。",
                "确认文本无误后运行“gongyue lock”。",
                "lock-missing-entry",
                "警告",
            )
        )
    return problems


def _missing(path: str) -> Problem:
    return Problem(
        path,
        1,
        "gongyue.lock 记录了这个已通过的版本，但文件不见了（或不再是“通过”的版本）。",
        "用版本管理（git）恢复这个文件；已通过的版本不能删除。",
        "lock-version-missing",
    )


def _changed(version: Version, entry: Entry, now: Entry) -> Problem:
    if now.errata > entry.errata:
        return Problem(
            version.path,
            1,
            "这个已通过的版本按勘误改过了，锁定记录还是旧的。",
            "确认勘误无误后运行“gongyue lock”记录新的文本。",
            "lock-errata-pending",
        )
    return Problem(
        version.path,
        1,
        "这个已通过版本的文本或表决记录与 gongyue.lock 中的记录不一致。",
        "已通过的文本不能直接修改：请恢复原文；确需更正错字的，在 errata 中增加一条勘误后运行“gongyue lock”。",
        "lock-mismatch",
    )


def update_lock(site_dir: Path, site: Site) -> tuple[Lock, list[Problem]]:
    """Record the current fingerprints; refuse entries changed without a new erratum."""
    old, problems = read_lock(site_dir)
    if problems:
        return {}, problems
    current = current_entries(site)
    versions = {v.path: v for c in site.charters for v in c.adopted}
    refused = [
        _changed(versions[path], entry, current[path])
        for path, entry in sorted((old or {}).items())
        if path in current
        and current[path].content != entry.content
        and current[path].errata <= entry.errata
    ]
    refused += [_missing(path) for path in sorted(set(old or {}) - set(current))]
    if refused:
        return {}, refused
    write_atomic(site_dir / LOCK_NAME, render_lock(current), overwrite=True)
    return current, []


def render_lock(entries: Lock) -> str:
    data = {
        "format": FORMAT,
        "note": "由 gongyue lock 生成，记录每个已通过版本的指纹。请勿手工修改。",
        "versions": {
            path: {"content": e.content, "errata": e.errata, "fingerprint": e.fingerprint}
            for path, e in sorted(entries.items())
        },
    }
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
