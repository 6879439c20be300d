"""The structure of texts read by an earlier build: a body read before is not read again.

Reading a charter's body into provisions (``text/articles.parse``) is the
largest part of loading a city. With a page cache, the build keeps what each
body it read became, under the SHA-256 of the body, in one file of the cache
folder (``parsed.pages``), and the next build reads only the bodies it has not
seen. A body's structure depends on nothing but the body and gongyue's code,
so the file is a pack keyed by the build family: another gongyue (or
configuration) starts it afresh, as it does the rest of the cache, and a byte
changed in it is found by its SHA-256 before anything in it is used.

Every call gives new objects, as ``parse`` does: two versions with the same
words still have two sets of provisions (the lineage tells them apart by
identity). A file that cannot be read as this shape is not used, with a note.

The checks of a version's file that depend on nothing but its path and text
and the rules (``procedure/checks.file_problems``; the rules are settings, so
part of the family) are kept the same way, by the SHA-256 of path and text:
an unchanged file is not judged again; nor is each version's adopted form (its
canonical record and text with errata undone, ``record/errata.py``) worked
out again: its seal is kept — the digests the lock records of it — and the
form itself is worked out only where a check asks for it (a changed adopted
text); keeping the whole form was a second copy of every text, read back in
every build. The checks that read across files — the lock and the digests
against it, the git history, one version against another, the build date —
run every time.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import partial
from pathlib import Path
from typing import Any, get_args

from gongyue.procedure.checks import file_problems
from gongyue.procedure.rules import Rules
from gongyue.publish import packs
from gongyue.publish.write_behind import wait, write_behind
from gongyue.record import errata
from gongyue.record.errata import Seal, seal_of
from gongyue.record.errors import Problem, Severity
from gongyue.record.loader import Readers
from gongyue.record.model import Version
from gongyue.record.sources import parse_yaml
from gongyue.text import articles
from gongyue.text.articles import Document, Kind, Note, Provision, Shape

MEMO = "parsed.pages"  # a pack (publish/packs.py) whose key is the build family
# Each table of the pack: one entry a line, its key, a tab and its value as JSON.
DOCUMENTS = "documents.lines"  # body's SHA-256 -> ``encoded`` document
FRONTS = "fronts.lines"  # front matter's SHA-256 -> ``front_encoded`` values
CHECKS = "checks.lines"  # SHA-256 of a version's path and text -> its file's problems
SEALS = "seals.lines"  # the same SHA-256 -> its adopted form's seal, when it has no problem


@dataclass
class _Table:
    """One kind of thing remembered: what an earlier build kept, and what this one used,
    each value as its JSON's bytes. A value is decoded only when asked for: a build from
    the page cache asks for none of the bodies' provisions, the largest table (decoding
    it whole took longer than everything else the memo saves such a build)."""

    known: dict[str, bytes] = field(default_factory=dict)
    used: dict[str, bytes] = field(default_factory=dict)

    def raw(self, key: str) -> bytes | None:
        return self.used.get(key, self.known.get(key))

    def get(self, key: str) -> Any:
        """The value kept for ``key`` (None: none, or not JSON: damaged)."""
        raw = self.raw(key)
        return _loaded(raw) if raw is not None else None

    def keep(self, key: str, value: Any) -> None:
        self.used[key] = _json(value)

    def reuse(self, key: str) -> None:
        """What was kept for ``key`` (found good) is kept again, as it was."""
        if key not in self.used:
            self.used[key] = self.known[key]

    @property
    def same(self) -> bool:
        """This build used exactly what was kept (nothing to write back)."""
        return self.used.keys() == self.known.keys()


@dataclass(frozen=True)
class _Remembered:
    """A body's provisions as an earlier build kept them, read back when called; read
    anew if what was kept cannot be (``_decoded``: a cache of another shape)."""

    kept: bytes  # the JSON of ``encoded``
    body: str

    def __call__(self) -> Document:
        return _decoded(_loaded(self.kept)) or articles.parse(self.body)


class ParseMemo:
    """What an earlier build read and found, kept in ``folder``: bodies as ``parse`` reads
    them, front matter as ``parse_yaml`` does, each file's own problems and adopted form."""

    def __init__(self, folder: Path, family: str) -> None:
        self.path, self.family = folder / MEMO, family
        self.documents, self.fronts = _Table(), _Table()  # by body, by front matter
        self.checks, self.seals = _Table(), _Table()  # by path and text (``_file_key``)
        self.unknown_seals: list[tuple[str, Version]] = []  # to keep once worked out
        self.file_keys: dict[Version, str] = {}  # ``_file_key`` of each version seen
        self.fresh = 0
        self.note = ""
        self._read()

    @property
    def readers(self) -> Readers:
        return Readers(front=self.front, body=self.parse, seen=self.seen)

    def parse(self, body: str) -> Document | Callable[[], Document]:
        """The body's provisions: read now when no earlier build read them; otherwise
        what reads them back when first asked for (``Version.document``), which a build
        from the page cache mostly never does."""
        key = hashlib.sha256(body.encode("utf-8")).hexdigest()
        kept = self.documents.raw(key)
        if kept is not None:
            self.documents.used[key] = kept
            return _Remembered(kept, body)
        document = articles.parse(body)
        self.documents.keep(key, encoded(document))
        self.fresh += 1
        return document

    def front(self, front: str, path: str) -> dict[str, Any]:
        """The front matter's values; ``parse_yaml``'s problems (the path names the file) are
        never kept: a front matter that was read is one that could be."""
        key = hashlib.sha256(front.encode("utf-8", "surrogatepass")).hexdigest()
        raw = self.fronts.raw(key)
        values = _front_decoded(raw) if raw is not None else None
        if values is not None:
            self.fronts.reuse(key)
            return values
        values = parse_yaml(front, path)
        kept = _front_encoded(values)
        self.fresh += 1
        if kept is not None:
            self.fronts.keep(key, kept)
        return values

    def seen(self, version: Version) -> None:
        """A version loaded: its adopted form's seal, when an earlier build worked it out."""
        key = self._file_key(version)
        kept = self.seals.get(key)
        seal = _seal_decoded(kept) if kept is not None else None
        if seal is None:
            self.unknown_seals.append((key, version))
            return
        errata.remember(version, seal)
        self.seals.reuse(key)

    def judge(self, version: Version, rules: Rules) -> list[Problem]:
        """``file_problems`` of the version, as found when its path and text were last seen."""
        key = self._file_key(version)
        kept = self.checks.get(key)
        problems = _problems_decoded(version.path, kept) if kept is not None else None
        if problems is not None:
            self.checks.reuse(key)
            return problems
        problems = file_problems(version, rules)
        self.checks.keep(key, [[p.line, p.message, p.hint, p.code, p.severity] for p in problems])
        self.fresh += 1
        return problems

    def save(self) -> None:
        """Keep what this build read, and only that (a text no longer in the city is dropped),
        with the seals of the forms its checks worked out (a form with a problem is worked
        out each time)."""
        for key, version in self.unknown_seals:
            form = errata.found(version)
            if form is not None and not form.problems:
                self.seals.keep(key, _seal_encoded(seal_of(form)))
                self.fresh += 1
        tables = self._tables()
        if not self.fresh and all(table.same for _, table in tables):
            return
        used = [(name, table.used) for name, table in tables]
        write_behind(self.path, partial(_write, self.path, self.family, used))

    def _file_key(self, version: Version) -> str:
        """``_file_key``, worked out once a version (its form and its checks both ask)."""
        key = self.file_keys.get(version)
        if key is None:
            key = self.file_keys[version] = _file_key(version)
        return key

    def _tables(self) -> list[tuple[str, _Table]]:
        return [
            (DOCUMENTS, self.documents),
            (FRONTS, self.fronts),
            (CHECKS, self.checks),
            (SEALS, self.seals),
        ]

    def _read(self) -> None:
        """What an earlier build of this family kept, its bytes checked like a pack's."""
        wait(self.path)  # an earlier build in this process may still be writing it
        found, unpacked = packs.opened(self.path, self.family)
        if found == packs.DAMAGED:
            self.note = f"缓存里的 {MEMO} 已损坏，这次不用它：所有正文重新读取。"
        if found != packs.HIT:
            return
        try:
            files = dict(unpacked)
            kept = [_entries(files[name]) for name, _ in self._tables()]
        except (ValueError, OSError, KeyError):
            self.note = f"缓存里的 {MEMO} 格式不对，这次不用它：所有正文重新读取。"
            return
        for (_, table), entries in zip(self._tables(), kept, strict=True):
            table.known = entries


# --- front matter: YAML's values as JSON's, a Decimal marked as one --------------------------

_DECIMAL = "\x00decimal"  # no key a front matter can hold: control characters are refused


class _Unkept(Exception):
    """A value JSON would not give back as it is (kept unmemoised)."""


def _front_encoded(values: dict[str, Any]) -> Any:
    try:
        return _value(values)
    except _Unkept:
        return None


def _value(value: Any) -> Any:
    if value is None or type(value) in (str, int, bool):
        return value
    if type(value) is Decimal:
        return {_DECIMAL: str(value)}
    if type(value) is list:
        return [_value(item) for item in value]
    if type(value) is dict and _DECIMAL not in value and all(type(k) is str for k in value):
        return {key: _value(item) for key, item in value.items()}
    raise _Unkept


def _front_decoded(raw: bytes) -> dict[str, Any] | None:
    """The values ``_front_encoded`` kept, or None when ``raw`` is not such (damaged). JSON's
    own reader gives each Decimal back and refuses a float, which YAML here never gives
    (walking the values after it was a tenth of loading a city)."""
    try:
        values = json.loads(
            raw.decode("utf-8", "surrogatepass"),
            object_hook=_decimal_back,
            parse_float=_refused,
            parse_constant=_refused,
        )
    except (_Unkept, ArithmeticError, ValueError):
        return None
    return values if type(values) is dict else None


def _decimal_back(kept: dict[str, Any]) -> Any:
    """A JSON object as it was kept: a Decimal's mark and text, else the mapping itself."""
    if _DECIMAL not in kept:
        return kept
    (text,) = kept.values()  # ValueError when the mark is not alone
    if type(text) is not str:
        raise _Unkept
    return Decimal(text)


def _refused(text: str) -> Any:
    raise _Unkept


def _json(value: Any) -> bytes:
    """A value as UTF-8 JSON on one line (JSON writes a line end in a string as an escape),
    any lone surrogate kept as it is (none reaches a value today: files are strict UTF-8
    and YAML refuses the escape; kept rather than lost)."""
    return json.dumps(value, ensure_ascii=False).encode("utf-8", "surrogatepass")


def _loaded(raw: bytes) -> Any:
    """The value ``_json`` wrote, or None when ``raw`` is not JSON (damaged)."""
    try:
        return json.loads(raw.decode("utf-8", "surrogatepass"))
    except ValueError:
        return None


def _write(path: Path, family: str, tables: list[tuple[str, dict[str, bytes]]]) -> None:
    """The memo's pack, each table laid out as lines here: in the child that writes it
    (``write_behind``), not in the build (at 5,000 courtyards, 0.8 s of its time)."""
    packs.write(path, MEMO, family, ((name, _lines(table)) for name, table in tables))


def _lines(table: dict[str, bytes]) -> bytes:
    """A table as the pack keeps it: an entry a line, its key (a SHA-256 in hex), a tab,
    and its value's JSON."""
    return b"\n".join(key.encode("ascii") + b"\t" + value for key, value in table.items())


def _entries(data: bytes) -> dict[str, bytes]:
    """The table ``_lines`` wrote; ValueError for a line that is not a key and a value."""
    table: dict[str, bytes] = {}
    for line in data.split(b"\n") if data else []:
        key, tab, value = line.partition(b"\t")
        if not tab or not value:
            raise ValueError("not a line of a table")
        table[key.decode("ascii")] = value
    return table


def _file_key(version: Version) -> str:
    text = f"{version.path}\0{version.source_text}"
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


# --- seals of adopted forms ------------------------------------------------------------------


def _seal_encoded(seal: Seal) -> list[str | None]:
    return [seal.digest, seal.notes, seal.decision, seal.feedback]


def _seal_decoded(kept: Any) -> Seal | None:
    """The seal ``_seal_encoded`` kept, or None when ``kept`` is not one (damaged)."""
    if type(kept) is not list or len(kept) != 4:
        return None
    digest, notes, decision, feedback = kept
    if not _is_digest(digest) or not all(x is None or _is_digest(x) for x in kept[1:]):
        return None
    return Seal(digest, notes, decision, feedback)


def _is_digest(kept: Any) -> bool:
    return type(kept) is str and len(kept) == 64 and _HEX.issuperset(kept)


_HEX = frozenset("0123456789abcdef")


# --- checks -------------------------------------------------------------------------------

_SEVERITIES = frozenset(get_args(Severity))


def _problems_decoded(path: str, kept: Any) -> list[Problem] | None:
    """The problems ``judge`` kept for the file at ``path``, or None when ``kept`` is not
    such a list (a damaged file)."""
    if type(kept) is not list or not all(map(_is_problem, kept)):
        return None
    return [
        Problem(path, line, message, hint, code, severity)
        for line, message, hint, code, severity in kept
    ]


def _is_problem(f: Any) -> bool:
    return (
        type(f) is list
        and len(f) == 5
        and type(f[0]) is int
        and all(type(x) is str for x in f[1:4])
        and f[4] in _SEVERITIES
    )


# --- bodies -------------------------------------------------------------------------------


def encoded(document: Document) -> list[Any]:
    """A document as JSON values: its shape, each provision's fields, each note's."""
    provisions = [
        [p.kind, p.label, p.number, p.heading, p.text, p.anchor, p.chapter, p.line, p.sub]
        for p in document.provisions
    ]
    notes = [[n.line, n.code, n.message, n.hint] for n in document.notes]
    return [document.shape, provisions, notes]


_KINDS, _SHAPES = frozenset(get_args(Kind)), frozenset(get_args(Shape))


def _decoded(kept: Any) -> Document | None:
    """The document ``encoded`` gave, or None when ``kept`` is not one (a damaged file)."""
    try:
        shape, provisions, notes = kept
        if shape not in _SHAPES or not all(map(_is_provision, provisions)):
            return None
        if not all(map(_is_note, notes)):
            return None
        return Document(
            shape,
            tuple(Provision(*fields) for fields in provisions),
            tuple(Note(*fields) for fields in notes),
        )
    except (TypeError, ValueError):
        return None


# Each field's JSON type, in ``encoded``'s order, written out: a city has hundreds of
# thousands of provisions, and this is most of what reading one back costs.
def _is_provision(f: Any) -> bool:
    return (
        type(f) is list
        and len(f) == 9
        and f[0] in _KINDS
        and type(f[1]) is str
        and (f[2] is None or type(f[2]) is int)
        and type(f[3]) is str
        and type(f[4]) is str
        and type(f[5]) is str
        and (f[6] is None or type(f[6]) is str)
        and type(f[7]) is int
        and (f[8] is None or type(f[8]) is int)
    )


def _is_note(f: Any) -> bool:
    return (
        type(f) is list and len(f) == 4 and type(f[0]) is int and all(type(x) is str for x in f[1:])
    )
