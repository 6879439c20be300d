"""The structure of a charter body: chapters, articles, preamble and closing.

Committees write charters in two common shapes, and this parser reads both:

* 第一章 总则 / 第一条 …, with items （一）… and paragraphs (款) inside an
  article, the markers written as headings, in bold or as plain paragraphs;
* short conventions: 一、… or 1. … (optionally 一、 as group headings with 1.
  articles under them, or unnumbered group headings above the items).

They also paste them from Word, PDF and WeChat: the text is first made
uniform (``normalize``), then read line by line (``reading``), which knows the
shapes pasting leaves behind. Every provision gets a stable anchor derived
from its number, so links to “第九条” keep working across builds.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from gongyue.text.markers import CIRCLED, ITEM, SUB_ITEM
from gongyue.text.normalize import normalize
from gongyue.text.reading import Kind, Note, Opened, Shape, content, key, read

__all__ = ["Clause", "Document", "Kind", "Note", "Provision", "Shape", "clauses", "parse"]


@dataclass(frozen=True)
class Provision:
    kind: Kind
    label: str  # as numbered in the text: 第九条, 一、, 1., 第一章; "" when none
    number: int | None
    heading: str  # a chapter's or section's title
    text: str  # Markdown of the provision without its label
    anchor: str
    chapter: str | None  # anchor of the enclosing chapter
    line: int  # line in the body, 1-based
    sub: int | None = None  # the 1 of 第十条之一

    @property
    def is_article(self) -> bool:
        return self.kind == "article"

    @property
    def display_label(self) -> str:
        return self.label or {"preamble": "序言", "closing": "结语"}.get(self.kind, self.heading)


ClauseKind = Literal["kuan", "xiang", "mu"]


@dataclass(frozen=True)
class Clause:
    """A part of an article: 款 (paragraph), 项 （一） or ①, 目 1. or （1）."""

    kind: ClauseKind
    text: str  # the line as written, number included
    anchor: str


def clauses(provision: Provision) -> list[Clause]:
    """Split an article into 款, 项 and 目, each with an anchor under the article's."""
    found: list[Clause] = []
    kuan = xiang = mu = 0
    for line in provision.text.split("\n"):
        if not line.strip():
            continue
        if ITEM.match(line) or (CIRCLED.match(line) and not xiang):
            xiang, mu = xiang + 1, 0
            found.append(Clause("xiang", line, f"{provision.anchor}-xiang-{xiang}"))
        elif xiang and (SUB_ITEM.match(line) or CIRCLED.match(line)):
            mu += 1
            found.append(Clause("mu", line, f"{provision.anchor}-xiang-{xiang}-mu-{mu}"))
        else:
            kuan, xiang, mu = kuan + 1, 0, 0
            found.append(Clause("kuan", line, f"{provision.anchor}-kuan-{kuan}"))
    return found


@dataclass(frozen=True)
class Document:
    shape: Shape
    provisions: tuple[Provision, ...]
    notes: tuple[Note, ...] = ()

    @property
    def articles(self) -> tuple[Provision, ...]:
        return tuple(p for p in self.provisions if p.is_article)


_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)


def _blank_comments(body: str) -> str:
    """HTML comments are notes to the committee; keep their lines so numbers still match."""
    return _COMMENT.sub(lambda m: "\n" * m.group(0).count("\n"), body)


def parse(body: str) -> Document:
    shape, opened, notes = read(normalize(_blank_comments(body)))
    return Document(shape, _finish(opened), tuple(sorted(notes, key=lambda n: n.line)))


def _finish(opened: list[Opened]) -> tuple[Provision, ...]:
    article_numbers = [(op.number, op.sub) for op in opened if op.kind == "article"]
    restarts = len(article_numbers) != len(set(article_numbers))
    anchors: dict[str, str] = {}  # chapter key -> anchor
    used: set[str] = set()
    result: list[Provision] = []
    for index, op in enumerate(opened):
        chapter_anchor: str | None
        if op.kind in ("chapter", "section"):
            anchor = _unique(_heading_anchor(op, index), used)
            anchors[key(op)] = anchor
            chapter_anchor = anchor
        else:
            chapter_anchor = anchors.get(op.chapter or "")
            anchor = _unique(_anchor(op, chapter_anchor if restarts else None), used)
        result.append(
            Provision(
                op.kind,
                op.label,
                op.number,
                op.heading,
                content(op.lines),
                anchor,
                chapter_anchor if op.kind == "article" else None,
                op.line,
                op.sub,
            )
        )
    return tuple(result)


def _heading_anchor(op: Opened, index: int) -> str:
    prefix = "jie" if op.kind == "section" else "zhang"
    return f"{prefix}-{op.number}" if op.number is not None else f"{prefix}-x{index}"


def _anchor(op: Opened, chapter_anchor: str | None) -> str:
    if op.kind == "preamble":
        return "xuyan"
    if op.kind == "closing":
        return "jieyu"
    base = f"tiao-{op.number}" + (f"-{op.sub}" if op.sub else "")
    return f"{chapter_anchor}-{base}" if chapter_anchor else base


def _unique(anchor: str, used: set[str]) -> str:
    candidate, n = anchor, 2
    while candidate in used:
        candidate, n = f"{anchor}-{n}", n + 1
    used.add(candidate)
    return candidate
