"""The canonical form of a decided version, format ``gongyue-fingerprint-v1``.

The guide's page 指纹格式 (docs/guide/fingerprint.md) is the specification;
this module is one implementation of it and ``tests/vectors/`` holds the test
vectors any other implementation can check itself against. Nothing here goes
through a library's serialisation: the fields, their order and their spelling
are written out below, so a new optional field or a library upgrade never
changes a fingerprint already printed on a notice board. A later format gets a
new tag and a new function; versions locked under ``v1`` keep ``v1``.

A version's *digest* covers the decision record and the text **as adopted**:
errata are undone first (``errata.py``), so a corrected typo never changes the
fingerprint. Its *fingerprint* chains the previous adopted version's
fingerprint with that digest (``fingerprint.py``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import unicodedata
from collections.abc import Iterable
from decimal import Decimal

from gongyue.record.schema import VersionMeta

V1 = "gongyue-fingerprint-v1"
CHAIN_V1 = "gongyue-chain-v1"
NOTES_V1 = "gongyue-notes-v1"
DECISION_V1 = "gongyue-decision-v1"
FEEDBACK_V1 = "gongyue-feedback-v1"

# Unicode's White_Space characters: what a reader cannot see at the end of a line.
WHITE_SPACE = (
    "\t\n\v\f\r \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008"
    "\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)

Record = tuple[tuple[str, str], ...]  # (field, canonical value), in the order of RECORD_V1
Notes = tuple[tuple[str, str], ...]  # (article, canonical note), sorted by article
Feedback = tuple[tuple[str, str, str, str], ...]  # (summary, via, outcome, why), in order
Value = str | int | Decimal | dt.date | None

# The decision record, field by field, in this order, with where each value lives
# in the schema. ``filing``, ``errata`` and ``based_on`` are not in it: they may
# change after adoption.
RECORD_V1: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("title", ("title",)),
    ("type", ("type",)),
    ("change", ("change",)),
    ("summary", ("summary",)),
    ("reasons", ("reasons",)),
    ("consultation.from", ("consultation", "start")),
    ("consultation.to", ("consultation", "end")),
    ("consultation.where", ("consultation", "where")),
    ("consultation.comments", ("consultation", "comments")),
    ("review.by", ("review", "by")),
    ("review.date", ("review", "date")),
    ("review.result", ("review", "result")),
    ("meeting.body", ("meeting", "body")),
    ("meeting.date", ("meeting", "date")),
    ("meeting.place", ("meeting", "place")),
    ("meeting.unit", ("meeting", "unit")),
    ("meeting.eligible", ("meeting", "eligible")),
    ("meeting.present", ("meeting", "present")),
    ("meeting.for", ("meeting", "votes_for")),
    ("meeting.against", ("meeting", "against")),
    ("meeting.abstain", ("meeting", "abstain")),
    ("meeting.area_eligible", ("meeting", "area_eligible")),
    ("meeting.area_present", ("meeting", "area_present")),
    ("meeting.area_for", ("meeting", "area_for")),
    ("result", ("result",)),
    ("published", ("published",)),
    ("effective", ("effective",)),
)
RECORD_FIELDS = tuple(name for name, _ in RECORD_V1)


def canonical_value(value: Value) -> str | None:
    """One field's value as the specification writes it; None when the field is absent."""
    if value is None:
        return None
    if isinstance(value, bool):  # never in the schema; refuse rather than guess
        raise TypeError("booleans are not record values")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Decimal):
        return _plain_decimal(value)
    return _canonical_string(str(value))


def _plain_decimal(value: Decimal) -> str:
    """Exact decimal notation: no exponent, no trailing zeros after the point."""
    text = format(value.normalize(), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


def _canonical_string(text: str) -> str:
    return "\n".join(_stripped_lines(text)).strip("\n")


def _stripped_lines(text: str) -> list[str]:
    """NFC, split at line feeds, no white space at the end of a line."""
    return [line.rstrip(WHITE_SPACE) for line in unicodedata.normalize("NFC", text).split("\n")]


def record_of(meta: VersionMeta) -> Record:
    """The record's fields in order; absent and empty ones are left out."""
    pairs = ((name, canonical_value(_value_at(meta, where))) for name, where in RECORD_V1)
    return tuple((name, value) for name, value in pairs if value)


def _value_at(meta: VersionMeta, where: tuple[str, ...]) -> Value:
    node: object = meta
    for attribute in where:
        node = getattr(node, attribute, None)
        if node is None:
            return None
    return node  # type: ignore[return-value]  # the schema's leaves are all of type Value


def canonical_text(body: str) -> str:
    """NFC, no trailing white space, single blank lines: what a reader would call the same text.

    Written out here rather than shared with the parser's ``reading.content``: the
    fingerprint spec must not move when the parser does.
    """
    kept: list[str] = []
    for line in _stripped_lines(body):
        if line or (kept and kept[-1]):
            kept.append(line)
    return "\n".join(kept).strip("\n")


def _escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace("\n", "\\n").replace("\t", "\\t")


def payload(record: Record, text: str) -> str:
    """The exact string whose SHA-256 is the digest (the specification's section 3)."""
    fields = "".join(f"{name}\t{_escape(value)}\n" for name, value in record)
    return f"{V1}\n{fields}\n{text}"


def digest(record: Record, text: str) -> str:
    return hashlib.sha256(payload(record, text).encode("utf-8")).hexdigest()


def chain(previous: str, content_digest: str) -> str:
    return hashlib.sha256(f"{CHAIN_V1}\n{previous}\n{content_digest}".encode()).hexdigest()


def canonical_notes(notes: dict[str, str]) -> Notes:
    """The per-article notes (``notes:``) in canonical form, sorted by the article named."""
    pairs = ((_canonical_string(k), _canonical_string(v)) for k, v in notes.items())
    return tuple(sorted((k, v) for k, v in pairs if k and v))


def notes_digest(notes: Notes) -> str | None:
    """SHA-256 of the notes (the specification's section on notes); None without notes.

    Notes are frozen after adoption like the text, but kept out of the fingerprint:
    a printed fingerprint never changes, and notes explain a vote rather than make it.
    """
    if not notes:
        return None
    lines = "".join(f"{_escape(article)}\t{_escape(note)}\n" for article, note in notes)
    return hashlib.sha256(f"{NOTES_V1}\n{lines}".encode()).hexdigest()


def canonical_decision(text: str | None) -> str:
    """A 修改决定 as it is frozen: each line NFC with its edges' white space gone, blank
    lines dropped ("" without one)."""
    if not text:
        return ""
    lines = (_canonical_string(line) for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def decision_digest(decision: str) -> str | None:
    """SHA-256 of a canonical 修改决定 (the specification's section on decisions); None
    without one. Frozen after the vote like the notes, and kept out of the fingerprint:
    the text it gives is in the fingerprint already."""
    if not decision:
        return None
    return hashlib.sha256(f"{DECISION_V1}\n{decision}\n".encode()).hexdigest()


def canonical_feedback(received: Iterable[tuple[str, str, str, str | None]]) -> Feedback:
    """The views received, as frozen: each field NFC with its edges' white space gone, in
    the order the committee recorded them (a missing reason is "")."""
    return tuple(
        (
            _canonical_string(summary),
            via,
            outcome,
            _canonical_string(why or ""),
        )
        for summary, via, outcome, why in received
    )


def feedback_digest(feedback: Feedback) -> str | None:
    """SHA-256 of the views received and what became of them (the specification's section
    on feedback); None without any. Frozen after the vote like the notes, outside the
    fingerprint: what residents said does not change what was adopted."""
    if not feedback:
        return None
    lines = "".join("\t".join(_escape(part) for part in row) + "\n" for row in feedback)
    return hashlib.sha256(f"{FEEDBACK_V1}\n{lines}".encode()).hexdigest()
