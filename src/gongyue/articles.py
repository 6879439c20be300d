"""The structure of a charter body: chapters, articles, preamble and closing.

Committees write charters in two common shapes, and this parser reads both:

* 第一章 总则 / 第一条 …, with items （一）… and paragraphs (款) inside an
  article, the markers written as headings, in bold or as plain paragraphs;
* short conventions: 一、… or 1. … (optionally 一、 as group headings with 1.
  articles under them).

Every provision gets a stable anchor derived from its number, so links to
“第九条” keep working across builds.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from .numerals import NUMERAL_CHARS, cn_to_int

Kind = Literal["preamble", "chapter", "section", "article", "closing"]
Shape = Literal["tiao", "short", "plain"]

_N = NUMERAL_CHARS
# 条/條 and 节/節: residents in Traditional-script communities write the same structure.
CHAPTER = re.compile(rf"^第([{_N}\d]+)章(?:[\s\u3000]+|$)(.*)$")
SECTION = re.compile(rf"^第([{_N}\d]+)[节節](?:[\s\u3000]+|$)(.*)$")
ARTICLE = re.compile(rf"^第([{_N}\d]+)[条條](?:[\s\u3000：:]+|$)(.*)$")
ITEM = re.compile(rf"^[（(]([{_N}]+)[）)]\s*")
SUB_ITEM = re.compile(r"^(?:[（(](\d{1,2})[）)]|(\d{1,2})[.．、])\s*")
CN_ITEM = re.compile(rf"^([{_N}]+)[、，]\s*(.*)$")
NUM_ITEM = re.compile(r"^(\d{1,3})[.．、]\s*(.*)$")
HEADING = re.compile(r"^#{1,6}\s+")
CLOSING = re.compile(r"^(本.{0,12}(自|从|于).{0,30}(施行|生效|执行)|本.{0,12}解释|\d{4}\s*年)")


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

    @property
    def is_article(self) -> bool:
        return self.kind == "article"

    @property
    def display_label(self) -> str:
        return self.label or {"preamble": "序言", "closing": "结语"}.get(self.kind, "")


ClauseKind = Literal["kuan", "xiang", "mu"]


@dataclass(frozen=True)
class Clause:
    """A part of an article: 款 (paragraph), 项 （一）, 目 1. or （1）."""

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
        if ITEM.match(line):
            xiang, mu = xiang + 1, 0
            found.append(Clause("xiang", line, f"{provision.anchor}-xiang-{xiang}"))
        elif xiang and SUB_ITEM.match(line):
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

    @property
    def articles(self) -> tuple[Provision, ...]:
        return tuple(p for p in self.provisions if p.is_article)


@dataclass
class _Line:
    number: int
    raw: str
    plain: str  # without heading marks and the bold around a lead-in
    is_heading: bool
    is_blank: bool


@dataclass
class _Open:
    kind: Kind
    label: str
    number: int | None
    heading: str
    line: int
    chapter: str | None
    lines: list[str] = field(default_factory=list)


_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)


def _blank_comments(body: str) -> str:
    """HTML comments are notes to the committee; keep their lines so numbers still match."""
    return _COMMENT.sub(lambda m: "\n" * m.group(0).count("\n"), body)


def parse(body: str) -> Document:
    body = _blank_comments(body)
    lines = [_read_line(i + 1, raw) for i, raw in enumerate(body.split("\n"))]
    shape, article_rx, chapter_rx = _decide_shape(lines)
    opened = _group(lines, shape, article_rx, chapter_rx)
    return Document(shape, _finish(opened))


def _read_line(number: int, raw: str) -> _Line:
    text = raw.strip().replace("\u3000", " ").strip()
    is_heading = bool(HEADING.match(text))
    text = HEADING.sub("", text)
    if text.startswith("**"):
        end = text.find("**", 2)
        if end > 2:
            text = (text[2:end].strip() + " " + text[end + 2 :].strip()).strip()
    return _Line(number, raw, text, is_heading, not text)


def _decide_shape(
    lines: list[_Line],
) -> tuple[Shape, re.Pattern[str] | None, list[re.Pattern[str]]]:
    if any(ARTICLE.match(ln.plain) for ln in lines):
        return "tiao", ARTICLE, [CHAPTER, SECTION]
    cn_items = [ln for ln in lines if CN_ITEM.match(ln.plain)]
    num_items = [ln for ln in lines if NUM_ITEM.match(ln.plain)]
    if cn_items and num_items and all(ln.is_heading for ln in cn_items):
        return "short", NUM_ITEM, [CN_ITEM]
    if cn_items:
        return "short", CN_ITEM, []
    if num_items:
        return "short", NUM_ITEM, []
    return "plain", None, []


def _group(
    lines: list[_Line],
    shape: Shape,
    article_rx: re.Pattern[str] | None,
    chapter_rx: list[re.Pattern[str]],
) -> list[_Open]:
    opened: list[_Open] = []
    current = _Open("preamble", "", None, "", 1, None)
    chapter: str | None = None
    seen_article = False
    after_blank = False
    for ln in lines:
        if ln.is_blank:
            after_blank = True
            current.lines.append("")
            continue
        if _is_title(ln, current, opened):
            continue  # the document's own “# 标题” is shown from front matter
        new = _start_of(ln, article_rx, chapter_rx, seen_article)
        if new is None and current.kind == "article" and after_blank and _closes(ln, shape):
            new = _Open("closing", "", None, "", ln.number, None, [ln.raw.strip()])
        if new is not None:
            opened.append(current)
            current = new
            if new.kind in ("chapter", "section"):
                chapter = _key(new)
            new.chapter = chapter if new.kind == "article" else new.chapter
            seen_article = seen_article or new.kind == "article"
        else:
            current.lines.append(ln.raw.strip())
        after_blank = False
    opened.append(current)
    return [op for op in opened if op.kind != "preamble" or _content(op.lines)]


def _closes(ln: _Line, shape: Shape) -> bool:
    """After the last article, “本公约自……起施行” (or any unnumbered line, in short shapes)."""
    return bool(CLOSING.match(ln.plain)) or (shape == "short" and not ln.raw.startswith(" "))


def _is_title(ln: _Line, current: _Open, opened: list[_Open]) -> bool:
    return (
        not opened
        and current.kind == "preamble"
        and not _content(current.lines)
        and ln.raw.lstrip().startswith("# ")
    )


def _start_of(
    ln: _Line,
    article_rx: re.Pattern[str] | None,
    chapter_rx: list[re.Pattern[str]],
    seen_article: bool,
) -> _Open | None:
    for rx in chapter_rx:
        match = rx.match(ln.plain)
        if match and (ln.is_heading or rx is not CN_ITEM):
            kind: Kind = "section" if rx is SECTION else "chapter"
            label = ln.plain[: match.start(2)].strip() if match.group(2) else ln.plain
            return _Open(
                kind, label, cn_to_int(match.group(1)), match.group(2).strip(), ln.number, None
            )
    if article_rx is not None:
        match = article_rx.match(ln.plain)
        if match:
            label = ln.plain[: match.start(2)].strip() if match.group(2) else ln.plain.strip()
            rest = match.group(2).strip()
            return _Open("article", label, cn_to_int(match.group(1)), "", ln.number, None, [rest])
    if ln.is_heading and seen_article:
        # An unnumbered heading between articles (e.g. “## 附则”) groups what follows.
        return _Open("chapter", "", None, ln.plain, ln.number, None)
    return None


def _key(op: _Open) -> str:
    return f"{op.kind}:{op.line}"


def _content(lines: list[str]) -> str:
    """Join a provision's lines: blank runs collapse, edges are trimmed."""
    kept: list[str] = []
    for line in lines:
        if line or (kept and kept[-1]):
            kept.append(line)
    return "\n".join(kept).strip("\n")


def _finish(opened: list[_Open]) -> tuple[Provision, ...]:
    article_numbers = [op.number for op in opened if op.kind == "article"]
    restarts = len(article_numbers) != len(set(article_numbers))
    anchors: dict[str, str] = {}  # chapter key -> anchor
    used: set[str] = set()
    result: list[Provision] = []
    for index, op in enumerate(opened):
        chapter_anchor: str | None
        if op.kind in ("chapter", "section"):
            anchor = _unique(_heading_anchor(op, index), used)
            anchors[_key(op)] = anchor
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
                _content(op.lines),
                anchor,
                chapter_anchor if op.kind == "article" else None,
                op.line,
            )
        )
    return tuple(result)


def _heading_anchor(op: _Open, index: int) -> str:
    prefix = "jie" if op.kind == "section" else "zhang"
    return f"{prefix}-{op.number}" if op.number is not None else f"{prefix}-x{index}"


def _anchor(op: _Open, chapter_anchor: str | None) -> str:
    if op.kind == "preamble":
        return "xuyan"
    if op.kind == "closing":
        return "jieyu"
    base = f"tiao-{op.number}"
    return f"{chapter_anchor}-{base}" if chapter_anchor else base


def _unique(anchor: str, used: set[str]) -> str:
    candidate, n = anchor, 2
    while candidate in used:
        candidate, n = f"{anchor}-{n}", n + 1
    used.add(candidate)
    return candidate
