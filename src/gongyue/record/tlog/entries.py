"""What the log records: one entry per event of the record, in a closed text format.

An entry is UTF-8 text, one ``key: value`` per line, each line ending in LF,
after the format line ``gongyue-log-v1`` and the ``kind`` line; the keys of each
kind come in a fixed order and no other key is allowed (docs/guide/log.md):

- ``decided``: a version voted on — ``charter`` (its folder from the docs root),
  ``version`` (the meeting's date), ``result`` (通过 or 未通过), ``digest`` (the
  fingerprint-v1 digest of the version as adopted) and ``fingerprint`` (the
  chained fingerprint; ``-`` for a failed vote, which has none);
- ``erratum``: a correction of a decided version — ``charter``, ``version``,
  ``erratum`` (its date) and ``digest`` (SHA-256 of the correction as canonical JSON);
- ``renamed``: a charter folder renamed (``gongyue move``) — ``unit``, ``from``, ``to``;
- ``started``: the first entry of every log — ``key`` (the verifier key that signs it)
  and ``lock`` (SHA-256 of ``gongyue.lock`` when the log began; ``-`` without one);
- ``rotated``: the operator changed the signing key — ``key`` (the new verifier key).

The last two are about the log itself, not the record: they are written by the
operator's command, never derived from the sources.

A log only grows: ``extend`` keeps every earlier entry as it was and appends
what is new; when the record no longer says what an earlier entry says (a
decided text changed, a version gone, an erratum taken back), it refuses, in
Chinese, naming the entry.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass

from gongyue.record.fingerprint import chained
from gongyue.record.model import Site, Version
from gongyue.record.schema import Erratum

FORMAT = "gongyue-log-v1"
DECIDED, ERRATUM, RENAMED = "decided", "erratum", "renamed"
STARTED, ROTATED = "started", "rotated"
KEYS = {
    DECIDED: ("charter", "version", "result", "digest", "fingerprint"),
    ERRATUM: ("charter", "version", "erratum", "digest"),
    RENAMED: ("unit", "from", "to"),
    STARTED: ("key", "lock"),
    ROTATED: ("key",),
}
ABOUT_THE_LOG = (STARTED, ROTATED)
NO_FINGERPRINT = "-"
_HEX = re.compile(r"[0-9a-f]{64}")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_PATH = re.compile(r"[a-z0-9][a-z0-9-]*(/[a-z0-9][a-z0-9-]*)*")
_CHECKS = {
    "charter": _PATH,
    "unit": _PATH,
    "from": re.compile(r"[a-z0-9][a-z0-9-]*"),
    "to": re.compile(r"[a-z0-9][a-z0-9-]*"),
    "version": _DATE,
    "erratum": _DATE,
    "result": re.compile(r"通过|未通过"),
    "digest": _HEX,
    "fingerprint": re.compile(r"[0-9a-f]{64}|-"),
    # A verifier key (note.py): name+hex id+base64 of the type byte and the key.
    "key": re.compile(r"[!-*,-~]+\+[0-9a-f]{8}\+[A-Za-z0-9+/]{44}"),
    "lock": re.compile(r"[0-9a-f]{64}|-"),
}


class EntryError(ValueError):
    """Bytes that are not an entry of this format (English: for whoever wrote them)."""


class LogError(Exception):
    """The record contradicts what the log already holds: what and how to go on (Chinese)."""

    def __init__(self, message: str, hint: str):
        self.message, self.hint = message, hint
        super().__init__(f"{message}修改建议：{hint}")


@dataclass(frozen=True)
class Entry:
    kind: str
    values: tuple[str, ...]  # in the order of KEYS[kind]

    def __post_init__(self) -> None:
        keys = KEYS.get(self.kind)
        if keys is None or len(keys) != len(self.values):
            raise EntryError(f"an entry of kind {self.kind!r} has keys {keys}")
        for key, value in zip(keys, self.values, strict=True):
            if not _CHECKS[key].fullmatch(value):
                raise EntryError(f"{key}: {value!r} is not allowed")

    def get(self, key: str) -> str:
        return self.values[KEYS[self.kind].index(key)]

    def encode(self) -> bytes:
        lines = [FORMAT, f"kind: {self.kind}"]
        lines += [f"{k}: {v}" for k, v in zip(KEYS[self.kind], self.values, strict=True)]
        return "".join(f"{line}\n" for line in lines).encode("utf-8")


def decode(data: bytes) -> Entry:
    """The entry these bytes encode; EntryError for anything else (closed format)."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise EntryError("not UTF-8") from None
    lines = text.split("\n")
    if len(lines) < 3 or lines[-1] != "" or lines[0] != FORMAT:
        raise EntryError(f"an entry starts with {FORMAT} and every line ends in LF")
    kind = lines[1].removeprefix("kind: ")
    keys = KEYS.get(kind) if lines[1].startswith("kind: ") else None
    body = lines[2:-1]
    if keys is None or len(body) != len(keys):
        raise EntryError("unknown kind, or keys missing or extra")
    values = []
    for key, line in zip(keys, body, strict=True):
        if not line.startswith(f"{key}: "):
            raise EntryError(f"expected {key!r} at {line!r}")
        values.append(line[len(key) + 2 :])
    entry = Entry(kind, tuple(values))
    if entry.encode() != data:
        raise EntryError("not in canonical form")
    return entry


def erratum_digest(erratum: Erratum) -> str:
    """SHA-256 of the correction as canonical JSON (keys sorted, no spaces, UTF-8)."""
    data = erratum.model_dump(mode="json", by_alias=True, exclude_none=True)
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def events(site: Site) -> list[Entry]:
    """Every event the record holds, in the order a new log takes them: decided
    versions and errata by date (then charter, version), renames after them. A top
    job's record speaks only of the charters it makes (its shards' are summaries)."""
    dated: list[tuple[str, int, Entry]] = []
    for charter in (c for c in site.charters if site.makes(c.url)):
        folder = charter.url.rstrip("/")
        for version in charter.versions:
            digest, fingerprint = chained(charter)[version.path]
            values = (folder, version.slug, _result(version), digest, fingerprint or NO_FINGERPRINT)
            dated.append((version.slug, 0, Entry(DECIDED, values)))
            for erratum in version.meta.errata:
                day = erratum.date.isoformat()
                fixed = (folder, version.slug, day, erratum_digest(erratum))
                dated.append((day, 1, Entry(ERRATUM, fixed)))
    renames = [
        Entry(RENAMED, (unit.url.rstrip("/"), old, new))
        for unit in site.units
        if site.makes(unit.url)
        for old, new in sorted(unit.renamed.items())
    ]
    ordered = [e for _, _, e in sorted(dated, key=lambda d: (d[0], d[1], d[2].values))]
    return ordered + sorted(renames, key=lambda e: e.values)


def _result(version: Version) -> str:
    return "通过" if version.adopted else "未通过"


@dataclass(frozen=True)
class Reconciled:
    """How the record's events stand to a log's entries."""

    missing: list[Entry]  # events of the record the log does not hold yet, in their order
    changed: list[Entry]  # entries of the log the record now says otherwise
    gone: list[Entry]  # entries of the log the record no longer holds


def reconcile(log: Sequence[Entry], now: Sequence[Entry]) -> Reconciled:
    """Compare the record's events ``now`` with the entries of ``log``, following the
    log's renames and the record's own (a charter renamed since keeps its entries)."""
    renames = {
        (e.get("unit"), e.get("from")): e.get("to") for e in [*log, *now] if e.kind == RENAMED
    }
    current = {_identity(e): e for e in now}
    kept: set[tuple[str, ...]] = set()
    changed, gone = [], []
    for entry in log:
        if entry.kind in ABOUT_THE_LOG:
            continue
        key = _identity(entry, renames)
        found = current.get(key)
        if found is None:
            gone.append(entry)
        elif found.values[1:] != entry.values[1:]:  # [0] is the folder, perhaps renamed since
            changed.append(entry)
        kept.add(key)
    missing = [e for e in now if _identity(e) not in kept]
    return Reconciled(missing, changed, gone)


def extend(previous: Sequence[Entry], now: Sequence[Entry]) -> list[Entry]:
    """The log after ``previous``: every earlier entry unchanged, then what ``now`` (the
    record's events) adds, in its order. LogError when the record contradicts an
    earlier entry."""
    found = reconcile(previous, now)
    problem = contradiction(found, whole=True)
    if problem:
        raise problem
    return [*previous, *found.missing]


def unlogged(entry: Entry) -> LogError:
    return LogError(
        f"记录里的{_described(entry)}，网站的日志里还没有。",
        "先用 gongyue log write 把它记进日志，再生成网站（CI 模板就是这样做的）。",
    )


def contradiction(found: Reconciled, whole: bool) -> LogError | None:
    """The first way the record contradicts the log (a shard sees only its own part, so
    entries of other parts are not ``gone`` for it), or None."""
    if whole and found.gone:
        return _gone(found.gone[0])
    if found.changed:
        return _changed(found.changed[0])
    return None


def started(verifier: str, lock: str) -> Entry:
    return Entry(STARTED, (verifier, lock))


def rotated(verifier: str) -> Entry:
    return Entry(ROTATED, (verifier,))


def signing_keys(log: Sequence[Entry]) -> list[tuple[int, str]]:
    """(position, verifier key) of every key the log says signs it, oldest first."""
    return [(i, e.get("key")) for i, e in enumerate(log) if e.kind in ABOUT_THE_LOG]


def _identity(entry: Entry, renames: dict[tuple[str, str], str] | None = None) -> tuple[str, ...]:
    """What an entry is about, with its charter's folder followed through renames."""
    if entry.kind == RENAMED:
        return (RENAMED, *entry.values)
    folder = follow(entry.get("charter"), renames or {})
    extra = (entry.get("erratum"), entry.get("digest")) if entry.kind == ERRATUM else ()
    return (entry.kind, folder, entry.get("version"), *extra)


def follow(folder: str, renames: dict[tuple[str, str], str]) -> str:
    seen = set()
    while folder not in seen:
        seen.add(folder)
        unit, _, name = folder.rpartition("/")
        if (unit, name) not in renames:
            break
        folder = f"{unit}/{renames[(unit, name)]}"
    return folder


def _gone(entry: Entry) -> LogError:
    return LogError(
        f"日志里已经记下的{_described(entry)}，现在的记录里没有了。已公布的记录只能增加，不能删除。",
        "把它恢复原样（文件夹被移动或改名了，就移回原处；公约文件夹改名要用 gongyue move）；"
        "要撤回一个版本，应当另行表决并记入新的版本。",
    )


def _changed(entry: Entry) -> LogError:
    return LogError(
        f"日志里已经记下的{_described(entry)}，现在的记录与它不同（文本或表决记录被改动了）。",
        "把它恢复原样；要改正错字，用勘误（errata）写明。",
    )


def _described(entry: Entry) -> str:
    if entry.kind == RENAMED:
        return f"“{entry.get('unit')}/{entry.get('from')}”改名为“{entry.get('to')}”"
    label = f"“{entry.get('charter')}”的 {entry.get('version')} 版"
    return label + (f"的 {entry.get('erratum')} 勘误" if entry.kind == ERRATUM else "")
