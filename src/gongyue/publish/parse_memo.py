"""The structure of texts read by an earlier build: a body read before is not read again.

Reading a charter's body into provisions (``text/articles.parse``) is the
largest part of loading a city. With a page cache, the build keeps what each
body it read became, under the SHA-256 of the body, in one file of the cache
folder (``parsed.json``), and the next build reads only the bodies it has not
seen. A body's structure depends on nothing but the body and gongyue's code,
so the file also names the build family it was made by: another gongyue (or
configuration) starts it afresh, as it does the rest of the cache.

Every call gives new objects, as ``parse`` does: two versions with the same
words still have two sets of provisions (the lineage tells them apart by
identity). A file that cannot be read as this shape is not used, with a note.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any, get_args

from gongyue.publish import packs
from gongyue.text import articles
from gongyue.text.articles import Document, Kind, Note, Provision, Shape

MEMO = "parsed.json"
FORMAT = 1


class ParseMemo:
    """``parse`` with the bodies an earlier build read, kept in ``folder``."""

    def __init__(self, folder: Path, family: str) -> None:
        self.path, self.family = folder / MEMO, family
        self.known: dict[str, Any] = {}
        self.used: dict[str, Any] = {}
        self.fresh = 0
        self.note = ""
        self._read()

    def parse(self, body: str) -> Document:
        key = hashlib.sha256(body.encode("utf-8")).hexdigest()
        kept = self.used.get(key, self.known.get(key))
        document = _decoded(kept) if kept is not None else None
        if document is None:
            document = articles.parse(body)
            kept = encoded(document)
            self.fresh += 1
        self.used[key] = kept
        return document

    def save(self) -> None:
        """Keep what this build read, and only that (a text no longer in the city is dropped)."""
        if not self.fresh and self.used.keys() == self.known.keys():
            return
        data = {"format": FORMAT, "family": self.family, "documents": self.used}
        packs.write_atomically(self.path, json.dumps(data, ensure_ascii=False).encode("utf-8"))

    def _read(self) -> None:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return
        except (OSError, ValueError):
            self.note = f"缓存里的 {MEMO} 读不出，这次不用它：所有文本重新读取。"
            return
        if not isinstance(data, dict) or not isinstance(data.get("documents"), dict):
            self.note = f"缓存里的 {MEMO} 格式不对，这次不用它：所有文本重新读取。"
        elif data.get("format") == FORMAT and data.get("family") == self.family:
            self.known = data["documents"]


def encoded(document: Document) -> list[Any]:
    """A document as JSON values: its shape, each provision's fields, each note's."""
    provisions = [
        [p.kind, p.label, p.number, p.heading, p.text, p.anchor, p.chapter, p.line, p.sub]
        for p in document.provisions
    ]
    notes = [[n.line, n.code, n.message, n.hint] for n in document.notes]
    return [document.shape, provisions, notes]


# The JSON types of each field, in ``encoded``'s order (None: may be null).
_PROVISION = (str, str, (int, None), str, str, str, (str, None), int, (int, None))
_NOTE = (int, str, str, str)


def _decoded(kept: Any) -> Document | None:
    """The document ``encoded`` gave, or None when ``kept`` is not one (a damaged file)."""
    try:
        shape, provisions, notes = kept
        if not (
            shape in get_args(Shape)
            and all(_typed(fields, _PROVISION) for fields in provisions)
            and all(fields[0] in get_args(Kind) for fields in provisions)
            and all(_typed(fields, _NOTE) for fields in notes)
        ):
            return None
        return Document(
            shape,
            tuple(Provision(*fields) for fields in provisions),
            tuple(Note(*fields) for fields in notes),
        )
    except (TypeError, ValueError):
        return None


def _typed(fields: Any, types: tuple[Any, ...]) -> bool:
    if not isinstance(fields, list) or len(fields) != len(types):
        return False
    return all(_is(value, kind) for value, kind in zip(fields, types, strict=True))


def _is(value: Any, kind: Any) -> bool:
    if isinstance(kind, tuple):
        return value is None or _is(value, kind[0])
    return isinstance(value, kind) and not (kind is int and isinstance(value, bool))
