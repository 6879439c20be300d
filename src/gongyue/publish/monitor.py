"""A monitor: what someone outside the committee checks, run after run, against a site.

It reads the site through ``read`` (a path under the site root -> bytes; a
folder or what the network adapter fetched — nothing here goes to the network)
and compares with the log it kept from its last run:

- the checkpoint carries the site's key (or a key the log itself says replaced
  it, in a ``rotated`` entry after what was kept);
- the log is the kept one with entries added: earlier entries unchanged and the
  consistency proof of RFC 9162 checking out;
- every new entry says what the site publishes: a decided version's page and
  open data carry the fingerprint its entry holds, an erratum is on its version,
  a renamed charter is at its new folder.

Anything else is an alarm. The report is in Chinese, for whoever runs it from cron.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from gongyue.publish.log import (
    CHECKPOINT,
    FOLDER,
    MissingFile,
    Published,
    PublishedLogError,
    extension_problem,
    read_entries,
    read_published,
)
from gongyue.record.canonical import chain
from gongyue.record.tlog import merkle, note, shortcuts
from gongyue.record.tlog.entries import (
    DECIDED,
    ERRATUM,
    RENAMED,
    ROTATED,
    STARTED,
    Entry,
    follow,
)

Read = Callable[[str], bytes]  # a path from the site's root -> bytes; MissingFile if absent


@dataclass
class Outcome:
    published: Published | None = None  # the log as it is now, when it could be read
    verifier: note.Verifier | None = None  # the key that signed it
    said: list[str] = field(default_factory=list)  # what changed, line by line
    alarms: list[str] = field(default_factory=list)


def monitor(read: Read, verifier: note.Verifier, kept: Published | None) -> Outcome:
    """Check the site's log against ``kept`` (the last run's, or None on a first run)."""
    outcome = Outcome()
    try:
        read(FOLDER + CHECKPOINT)
    except MissingFile:
        outcome.alarms.append(
            "网站上没有日志（log/checkpoint）了。" if kept else "这个网站没有公布记录日志。"
        )
        return outcome
    try:
        now, signer = _read_signed(read, verifier, kept)
    except PublishedLogError as error:
        outcome.alarms.append(str(error))
        return outcome
    outcome.published, outcome.verifier = now, signer
    start = 0
    if kept is not None:
        problem = extension_problem(kept, now)
        if problem:
            outcome.alarms.append(problem)
            return outcome
        start = kept.checkpoint.size
    if signer.key_id != verifier.key_id:
        outcome.said.append(f"网站换了签名密钥，日志里写明了：{signer.text()}")
    outcome.alarms += _shortcut_problems(read, now, start)
    outcome.alarms += _chain_problems(now.entries, start)
    pages = _Pages(read)
    for position in range(start, now.checkpoint.size):
        entry = now.entries[position]
        line, alarm = _check(entry, pages)
        outcome.said.append(f"第 {position + 1} 条：{line}")
        if alarm:
            outcome.alarms.append(f"第 {position + 1} 条：{alarm}")
    return outcome


def _chain_problems(entries: list[Entry], start: int) -> list[str]:
    """Each adopted version's fingerprint in the log chains its digest onto the charter's
    previous adopted fingerprint (fingerprint-v1); checked for the entries from ``start``."""
    renames = {(e.get("unit"), e.get("from")): e.get("to") for e in entries if e.kind == RENAMED}
    last: dict[str, str] = {}  # charter folder (as named now) -> its latest adopted fingerprint
    problems = []
    for position, entry in enumerate(entries):
        if entry.kind != DECIDED or entry.get("result") != "通过":
            continue
        folder = follow(entry.get("charter"), renames)
        expected = chain(last.get(folder, ""), entry.get("digest"))
        if position >= start and entry.get("fingerprint") != expected:
            problems.append(
                f"第 {position + 1} 条的指纹不是由它的摘要和这部公约上一版的指纹算出的（指纹格式 v1）。"
            )
        last[folder] = entry.get("fingerprint")
    return problems


def _shortcut_problems(read: Read, now: Published, start: int) -> list[str]:
    """The phone's short proofs (record/tlog/shortcuts.py) that appeared since ``start``
    entries, and the peaks, must be what the tree says: a wrong one would make a
    resident's phone doubt a true record."""
    tree = merkle.MemoryTree.of_entries([e.encode() for e in now.entries])
    expected = shortcuts.path_files(tree, since=start)
    expected[shortcuts.PEAKS] = shortcuts.peaks_file(tree)
    problems = []
    for path, data in sorted(expected.items()):
        try:
            served = read(FOLDER + path)
        except MissingFile:
            served = None
        if served != data:
            problems.append(f"网站上的 {FOLDER}{path} 与日志不符（居民的手机会因此核对不上）。")
    return problems[:10]


def _read_signed(
    read: Read, verifier: note.Verifier, kept: Published | None
) -> tuple[Published, note.Verifier]:
    """The log now, and the key that signed it: the one known, or one the log says
    replaced it after what was kept (``rotated``); PublishedLogError for anything else."""
    log = _under_log(read)
    try:
        return read_published(log, verifier), verifier
    except PublishedLogError as refused:
        unsigned = _unsigned(log)
        seen = kept.checkpoint.size if kept else 0
        stated = [e for e in unsigned[seen:] if e.kind == ROTATED]
        if not stated:
            raise refused
        candidate = note.Verifier.parse(stated[-1].get("key"))
        return read_published(log, candidate), candidate


def _unsigned(log: Read) -> list[Entry]:
    """The entries as the site serves them, before any signature is checked: only to
    find a key the log names, which then has to check out itself."""
    text = log(CHECKPOINT).decode("utf-8", "replace")
    body = text.partition("\n\n")[0] + "\n"
    try:
        size = note.Checkpoint.parse(body).size
    except note.NoteError:
        return []
    return read_entries(log, size)


def _under_log(read: Read) -> Read:
    def log(path: str) -> bytes:
        try:
            return read(FOLDER + path)
        except MissingFile:
            raise PublishedLogError(f"网站上没有 {FOLDER}{path}。") from None

    return log


class _Pages:
    """The site's open data, each charter's read once."""

    def __init__(self, read: Read):
        self.read = read
        self.charters: dict[str, dict[str, Any] | None] = {}

    def charter(self, folder: str) -> dict[str, Any] | None:
        if folder not in self.charters:
            try:
                self.charters[folder] = json.loads(self.read(f"{folder}/charter.json"))
            except (MissingFile, ValueError):
                self.charters[folder] = None
        return self.charters[folder]

    def version(self, folder: str, slug: str) -> dict[str, Any] | None:
        data = self.charter(folder)
        versions = data.get("versions", []) if isinstance(data, dict) else []
        return next((v for v in versions if v.get("slug") == slug), None)

    def page_fingerprint(self, folder: str, slug: str) -> str | None:
        """The full fingerprint the version's page states (its title attribute)."""
        try:
            html = self.read(f"{folder}/{slug}/index.html").decode("utf-8", "replace")
        except MissingFile:
            return None
        marker = 'class="gy-fingerprint" title="SHA-256：'
        at = html.find(marker)
        return html[at + len(marker) : at + len(marker) + 64] if at >= 0 else None


def _check(entry: Entry, pages: _Pages) -> tuple[str, str | None]:
    """What the entry says, in words, and the alarm if the site says otherwise."""
    if entry.kind == STARTED:
        return "日志从这里开始。", None
    if entry.kind == ROTATED:
        return "网站换了签名密钥。", None
    if entry.kind == RENAMED:
        unit, old, new = entry.values
        moved = pages.charter(f"{unit}/{new}") is not None
        said = f"“{unit}/{old}”改名为“{unit}/{new}”。"
        return said, None if moved else f"网站上没有改名后的“{unit}/{new}”。"
    folder, slug = entry.get("charter"), entry.get("version")
    version = pages.version(folder, slug)
    if entry.kind == ERRATUM:
        said = f"“{folder}”的 {slug} 版有一条 {entry.get('erratum')} 的勘误。"
        return said, None if _has_erratum(version, entry) else "网站上这个版本没有这条勘误。"
    said = f"“{folder}”的 {slug} 版表决{entry.get('result')}。"
    if version is None:
        return said, "网站上没有这个版本（开放数据里找不到）。"
    logged = entry.get("fingerprint")
    if entry.get("result") == "未通过":
        return said, None
    if version.get("fingerprint") != logged:
        return said, "网站开放数据里的指纹与日志记下的不同：网站上的文本不是记入日志的那一份。"
    if pages.page_fingerprint(folder, slug) != logged:
        return said, "网站页面上的指纹与日志记下的不同：网站上的文本不是记入日志的那一份。"
    return said + f"网站上的指纹 {logged[:12]} 与日志相符。", None


def _has_erratum(version: dict[str, Any] | None, entry: Entry) -> bool:
    errata = (version or {}).get("record", {}).get("errata", [])
    return any(_digest(e) == entry.get("digest") for e in errata if isinstance(e, dict))


def _digest(erratum: dict[str, Any]) -> str:
    """entries.erratum_digest, from the open data's copy of the correction."""
    text = json.dumps(erratum, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
