"""Reading a charter body line by line into numbered provisions.

A number at the start of a line opens a new provision only where a reader
would see one: after a finished sentence and, when nothing separates it from
its text, in its place in the sequence (``第一条为了……`` yes; a line broken by a
PDF that starts with ``第二十条规定的……`` no). Items run together on one line
are cut apart, lines broken at a page's width are joined, page numbers are
dropped, and whatever looks like structure but is not taken as such becomes a
``Note`` that ``gongyue check`` shows with its line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from gongyue.text.markers import (
    ARTICLE,
    CHAPTER,
    CIRCLED,
    CLOSING,
    CN_ITEM,
    HEADING,
    HEADING_MAX,
    ITEM,
    NUM_ITEM,
    PAGE_NUMBER,
    RUN_ON_ARTICLE,
    RUN_ON_CN_ITEM,
    RUN_ON_NUM_ITEM,
    SECTION,
    SUB_ITEM,
    WRAP_MIN,
    ends_block,
    ends_sentence,
    is_heading_like,
    number_of,
)
from gongyue.text.numerals import int_to_cn

Kind = Literal["preamble", "chapter", "section", "article", "closing"]
Shape = Literal["tiao", "short", "plain"]


@dataclass(frozen=True)
class Note:
    """Something in the text a reader would take for structure that the parser did not."""

    line: int  # in the body, 1-based
    code: str
    message: str
    hint: str


@dataclass
class _Line:
    number: int
    raw: str
    plain: str  # without heading marks and the bold around a lead-in
    is_heading: bool  # written as a Markdown heading
    is_blank: bool


@dataclass
class Opened:
    """A provision as the reader opened it, with the lines taken into it so far."""

    kind: Kind
    label: str
    number: int | None
    heading: str
    line: int
    chapter: str | None
    lines: list[str] = field(default_factory=list)
    sub: int | None = None


def read(body: str) -> tuple[Shape, list[Opened], list[Note]]:
    """The shape of ``body`` (already normalized), its provisions as opened, and notes."""
    lines = [_read_line(i + 1, raw) for i, raw in enumerate(body.split("\n"))]
    shape, scheme = _decide_shape(lines)
    grouper = _Grouper(shape, scheme, _group_headings(lines, shape, scheme))
    opened = grouper.run(lines)
    return shape, opened, grouper.notes + _structure_notes(shape, body)


def _read_line(number: int, raw: str) -> _Line:
    text = raw.strip()
    is_heading = bool(HEADING.match(text))
    text = HEADING.sub("", text)
    if text.startswith("**"):
        end = text.find("**", 2)
        if end > 2:
            text = (text[2:end].strip() + " " + text[end + 2 :].strip()).strip()
    return _Line(number, raw, text, is_heading, not text)


# -- the shape and numbering scheme of a text ------------------------------------------

Scheme = Literal["tiao", "cn", "num", "cn+num", "none"]


def _decide_shape(lines: list[_Line]) -> tuple[Shape, Scheme]:
    if _counts_as_tiao(lines) or _runs_on(lines, RUN_ON_ARTICLE):
        return "tiao", "tiao"
    cn_items = [ln for ln in lines if CN_ITEM.match(ln.plain)]
    num_items = [ln for ln in lines if NUM_ITEM.match(ln.plain)]
    if cn_items and num_items and all(_is_group_title(ln) for ln in cn_items):
        return "short", "cn+num"
    if cn_items:
        return "short", "cn"
    if num_items or _runs_on(lines, RUN_ON_NUM_ITEM):
        return "short", "num"
    if _runs_on(lines, RUN_ON_CN_ITEM):
        return "short", "cn"
    return "plain", "none"


def _runs_on(lines: list[_Line], marker: re.Pattern[str]) -> bool:
    """Items 1 and 2 both after a finished sentence inside lines (a text pasted as one line)."""
    numbers = {number_of(m[2]) for ln in lines for m in marker.finditer(ln.plain)}
    return {1, 2} <= numbers


def _counts_as_tiao(lines: list[_Line]) -> bool:
    """Any 第X条 set off from its text, or two glued ones, or a glued 第一条."""
    glued = 0
    for ln in lines:
        match = ARTICLE.match(ln.plain)
        if not match:
            continue
        if match["sep"] or ln.is_heading or not match["rest"] or number_of(match[1]) == 1:
            return True
        glued += 1
    return glued >= 2


def _is_group_title(ln: _Line) -> bool:
    """一、安全 above 1. 2. …: a Markdown heading, or a short line that is no sentence."""
    if ln.is_heading:
        return True
    match = CN_ITEM.match(ln.plain)
    rest = match["rest"] if match else ln.plain
    return 0 < len(rest) <= HEADING_MAX and not ends_sentence(rest) and "。" not in rest


def _group_headings(lines: list[_Line], shape: Shape, scheme: Scheme) -> set[int]:
    """Unnumbered short lines that stand above numbered provisions (“文明风尚培育”, “附则”).

    A single such line before the first provision is the text's own title, not
    a group heading; once the text has one inside or two anywhere, they all are.
    """
    if shape == "plain":
        return set()
    found: list[int] = []
    first_start = None
    for index, ln in enumerate(lines):
        if _looks_numbered(ln.plain, scheme):
            first_start = index if first_start is None else first_start
            continue
        if ln.is_blank or ln.is_heading or not is_heading_like(ln.plain):
            continue
        previous = _previous_content(lines, index)
        following = _next_content(lines, index)
        if (
            following is not None
            and _looks_numbered(following.plain, scheme)
            and (previous is None or ends_block(previous.plain) or lines[index - 1].is_blank)
        ):
            found.append(index)
    inside = [i for i in found if first_start is not None and i > first_start]
    return {lines[i].number for i in found} if inside or len(found) >= 2 else set()


def _looks_numbered(text: str, scheme: Scheme) -> bool:
    if scheme == "tiao":
        return bool(ARTICLE.match(text) or CHAPTER.match(text) or SECTION.match(text))
    if scheme == "num":
        return bool(NUM_ITEM.match(text))
    return bool(CN_ITEM.match(text) or NUM_ITEM.match(text))


def _previous_content(lines: list[_Line], index: int) -> _Line | None:
    return next((lines[k] for k in range(index - 1, -1, -1) if not lines[k].is_blank), None)


def _next_content(lines: list[_Line], index: int) -> _Line | None:
    return next((lines[k] for k in range(index + 1, len(lines)) if not lines[k].is_blank), None)


# -- grouping lines into provisions ---------------------------------------------------


class _Grouper:
    """Walks the lines once, opening a provision wherever a reader would see one."""

    def __init__(self, shape: Shape, scheme: Scheme, headings: set[int]) -> None:
        self.shape, self.scheme, self.headings = shape, scheme, headings
        self.opened: list[Opened] = []
        self.current = Opened("preamble", "", None, "", 1, None)
        self.chapter: str | None = None
        self.last: tuple[int, int] | None = None  # (number, sub) of the last article
        self.boundary = True  # the previous content ended a sentence or a block
        self.after_blank = False
        self.awaiting_heading = False  # 第一章 alone on its line, its title on the next
        self.seen_article = False
        self.joined: list[int] = []  # lines taken as the continuation of a wrapped line
        self.tail = _Tail()  # the last line of the open provision, while lines join onto it
        self.notes: list[Note] = []

    def run(self, lines: list[_Line]) -> list[Opened]:
        for ln in lines:
            self._take(ln)
        self._flush()
        self.opened.append(self.current)
        if self.joined:
            self._note_joined()
        return [op for op in self.opened if op.kind != "preamble" or content(op.lines)]

    def _note_joined(self) -> None:
        first, count = self.joined[0], len(self.joined)
        self.notes.append(
            Note(
                first - 1,
                "joined-lines",
                f"有 {count} 处断行的上一行没有以标点结束，已当作同一段落接起来（从 PDF 复制的文本常见）。",
                "如果这些是分开的段落或条目，请在上一行末尾补上句号、分号等标点。",
            )
        )

    def _take(self, ln: _Line) -> None:
        if ln.is_blank:
            self.after_blank = self.boundary = True
            self._flush()
            self.current.lines.append("")
            return
        if self._is_title(ln):
            return  # the document's own “# 标题” is shown from front matter
        if PAGE_NUMBER.match(ln.plain):
            self._note(
                ln,
                "page-number",
                f"这一行“{ln.plain}”像是 PDF 的页码，没有当作正文。",
                "删去从 PDF 复制时带进来的页码。",
            )
            return
        looks_numbered = _looks_numbered(ln.plain, self.scheme)
        if self.awaiting_heading and is_heading_like(ln.plain) and not looks_numbered:
            self.current.heading, self.awaiting_heading = ln.plain, False
            return
        self.awaiting_heading = False
        self._place(ln, ln.plain, whole=True)
        self.after_blank = False

    def _place(self, ln: _Line, text: str, whole: bool = False) -> None:
        new = self._start_of(ln, text)
        if new is None and self._closes(ln, text):
            new = Opened("closing", "", None, "", ln.number, None, [text])
        if new is None:
            self._continue(ln, text, whole)
            return
        self._open(new)
        rest = new.lines.pop() if new.lines else ""
        if rest:
            self._continue(ln, rest)
        else:
            self.boundary = True

    def _open(self, new: Opened) -> None:
        self._flush()
        self.opened.append(self.current)
        self.current = new
        if new.kind in ("chapter", "section"):
            self.chapter = key(new)
            self.awaiting_heading = not new.heading
        if new.kind == "article":
            new.chapter = self.chapter
            self.last = (new.number or 0, new.sub or 0)
            self.seen_article = True

    def _continue(self, ln: _Line, text: str, whole: bool = False) -> None:
        """Text inside the current provision; an item run on after a sentence starts anew."""
        split = self._run_on(text)
        if split is not None:
            self._continue(ln, text[:split])
            self.boundary = True
            self._place(ln, text[split:].lstrip())
            return
        # A whole line keeps its Markdown (bold, links); a piece of a line is plain text.
        written = ln.raw.strip() if whole else text
        if self.tail.takes(written):
            self.tail.join(written)
            self.joined.append(ln.number)
        else:
            self._flush()
            self.tail.join(written)
        # A short line without a full stop is a title or the end of a list, not a wrap.
        self.boundary = ends_block(text) or ln.is_heading

    def _run_on(self, text: str) -> int | None:
        """Where the next number in sequence starts after a finished sentence, if it does."""
        if self.current.kind == "article" and self.last is not None:
            expected = self.last[0] + 1
        elif self.current.kind == "preamble" and not self.opened:
            expected = 1  # the whole text on one line: the first item follows the preamble
        else:
            return None
        marker = self._run_on_marker()
        if marker is None:
            return None
        for match in marker.finditer(text, 1):
            if number_of(match[2]) == expected:
                return match.start(1)
        return None

    def _run_on_marker(self) -> re.Pattern[str] | None:
        if self.scheme == "tiao":
            return RUN_ON_ARTICLE
        if self.scheme in ("cn", "cn+num") and not self.current.label[:1].isdigit():
            return RUN_ON_CN_ITEM
        if self.scheme in ("num", "cn+num"):
            return RUN_ON_NUM_ITEM
        return None

    def _is_title(self, ln: _Line) -> bool:
        return (
            not self.opened
            and self.current.kind == "preamble"
            and ln.raw.lstrip().startswith("# ")
            and not self.tail
            and not any(self.current.lines)
        )

    def _closes(self, ln: _Line, text: str) -> bool:
        """After the last article, “本公约自……起施行” (or any unnumbered line, in short shapes)."""
        if self.current.kind != "article" or not self.after_blank:
            return False
        return bool(CLOSING.match(text)) or (self.shape == "short" and not ln.raw.startswith(" "))

    # -- what opens a provision --------------------------------------------------------

    def _start_of(self, ln: _Line, text: str | None = None) -> Opened | None:
        text = ln.plain if text is None else text
        if ln.number in self.headings and text == ln.plain:
            return Opened("chapter", "", None, text, ln.number, None)
        if ln.is_heading and self.seen_article and not _looks_numbered(text, self.scheme):
            # An unnumbered heading between articles (e.g. “## 附则”) groups what follows.
            return Opened("chapter", "", None, text, ln.number, None)
        if self.scheme == "tiao":
            return self._chapter(ln, text) or self._article(ln, text)
        if self.scheme == "cn+num":
            return self._group(ln, text) or self._item(ln, text, NUM_ITEM)
        if self.scheme in ("cn", "num"):
            return self._item(ln, text, CN_ITEM if self.scheme == "cn" else NUM_ITEM)
        return None

    def _chapter(self, ln: _Line, text: str) -> Opened | None:
        for rx, kind in ((CHAPTER, "chapter"), (SECTION, "section")):
            match = rx.match(text)
            if not match:
                continue
            rest = match["rest"].strip()
            set_off = bool(match["sep"]) or ln.is_heading or not rest
            title_like = not ends_sentence(rest) and "。" not in rest and "，" not in rest
            fits = len(rest) <= (2 * HEADING_MAX if set_off else HEADING_MAX)
            if title_like and fits and (self.boundary or ln.is_heading):
                label = text[: match.start("sep")].replace(" ", "")
                return Opened(kind, label, number_of(match[1]), rest, ln.number, None)  # type: ignore[arg-type]
            self._refuse(ln, text[: match.start("sep")], "这里不像章节标题")
        return None

    def _article(self, ln: _Line, text: str) -> Opened | None:
        match = ARTICLE.match(text)
        if not match:
            return None
        number, sub = number_of(match[1]), number_of(match[2]) if match[2] else None
        label = text[: match.start("sep")].replace(" ", "")
        set_off = bool(match["sep"]) or ln.is_heading or not match["rest"]
        in_sequence = self._in_sequence(number, sub)
        next_one = self._in_sequence(number, sub, exactly=True)
        if (set_off and (self.boundary or next_one)) or (in_sequence and self.boundary):
            rest = match["rest"].strip()
            return Opened("article", label, number, "", ln.number, None, [rest], sub)
        self._refuse(ln, label, self._why_not(in_sequence and not self.boundary))
        return None

    def _item(self, ln: _Line, text: str, rx: re.Pattern[str]) -> Opened | None:
        match = rx.match(text)
        if not match or (rx is CN_ITEM and match["sep"] == "，" and not self.boundary):
            return None
        number = number_of(match[1])
        if self.boundary or self._in_sequence(number, None):
            label = text[: match.end("sep")].replace(" ", "")
            return Opened("article", label, number, "", ln.number, None, [match["rest"].strip()])
        self._refuse(ln, text[: match.end("sep")], self._why_not(False))
        return None

    def _group(self, ln: _Line, text: str) -> Opened | None:
        match = CN_ITEM.match(text)
        if match and _is_group_title(ln):
            label = text[: match.end("sep")]
            self.last = None  # 1. 2. … start again under each group
            return Opened(
                "chapter", label, number_of(match[1]), match["rest"].strip(), ln.number, None
            )
        return None

    def _in_sequence(self, number: int | None, sub: int | None, exactly: bool = False) -> bool:
        """The next number, or (not ``exactly``) one a little further, as after a missed one."""
        if number is None:
            return False
        if self.last is None:  # a text may start at any number (an excerpt, a 第X条之一)
            return not exactly or (number == 1 and not sub)
        last_number, last_sub = self.last
        reach = 1 if exactly else 3
        if sub:
            return number == last_number and last_sub < sub <= last_sub + reach
        return last_number < number <= last_number + reach

    def _why_not(self, in_sequence: bool) -> str:
        if in_sequence:
            return "上一行没有以句号等标点结束，所以当作上一行的延续"
        if self.last is None:
            return "它前面没有第一条，编号又和正文连在一起"
        expected = self.last[0] + 1
        word = f"第{int_to_cn(expected)}条" if self.scheme == "tiao" else f"第 {expected} 项"
        return f"按顺序这里应是{word}，编号又和正文连在一起"

    def _refuse(self, ln: _Line, label: str, why: str) -> None:
        self._note(
            ln,
            "unparsed-number",
            f"这一行以“{label}”开头，但没有当作新的一条：{why}。",
            "如果这是新的一条，请核对编号、在编号后空一格，并确认上一条以句号结束；"
            "如果是正文里引用别的条文，请把这一行接在上一行末尾。",
        )

    def _note(self, ln: _Line, code: str, message: str, hint: str) -> None:
        self.notes.append(Note(ln.number, code, message, hint))

    def _flush(self) -> None:
        if self.tail:
            self.current.lines.append(self.tail.text())
            self.tail = _Tail()


class _Tail:
    """A line being built from the lines a PDF broke it into.

    Kept in pieces and joined once: adding each broken line to a growing string
    would copy a long paragraph once per line.
    """

    def __init__(self) -> None:
        self.pieces: list[str] = []
        self.length = 0

    def __bool__(self) -> bool:
        return bool(self.pieces)

    def takes(self, text: str) -> bool:
        """Whether ``text`` continues this line: it was broken by a page's width, not by the writer."""
        if not self.pieces:
            return False
        first, last = self.pieces[0], self.pieces[-1].rstrip()
        return (
            self.length >= WRAP_MIN
            and bool(last)
            and not ends_sentence(last)
            and not self.pieces[-1].endswith(("  ", "\\"))
            and not first.startswith(("|", "-", "*", "+", ">", "#"))
            and not text.startswith(("|", "-", "*", "+", ">", "#"))
            and not ITEM.match(text)
            and not CIRCLED.match(text)
            and not SUB_ITEM.match(text)
            and not CN_ITEM.match(text)
        )

    def join(self, text: str) -> None:
        if self.pieces:
            self.pieces[-1] = left = self.pieces[-1].rstrip()
            text = text.lstrip()
            if not (_is_wide(left[-1]) or _is_wide(text[0])):
                text = " " + text
        self.pieces.append(text)
        self.length += len(text.strip())

    def text(self) -> str:
        return "".join(self.pieces)


def _is_wide(char: str) -> bool:
    return (
        "\u2e80" <= char <= "\u9fff" or "\uf900" <= char <= "\uffef" or "\u3000" <= char <= "\u303f"
    )


def _structure_notes(shape: Shape, body: str) -> list[Note]:
    if shape != "plain":
        return []
    visible = len(body) - sum(body.count(space) for space in " \n\t\r")
    if visible <= 300:
        return []
    return [
        Note(
            1,
            "no-structure",
            f"正文有 {visible} 字，但没有认出任何条文编号，修改对照将无法逐条比较。",
            "每一条另起一行，以“第一条”“一、”或“1.”开头，编号后空一格；"
            "从 Word、PDF 或微信复制的文本，请检查编号是否和上一句连在了一行。",
        )
    ]


def content(lines: list[str]) -> str:
    """Join a provision's lines: blank runs collapse, edges are trimmed."""
    kept: list[str] = []
    for line in lines:
        if line or (kept and kept[-1]):
            kept.append(line)
    return "\n".join(kept).strip("\n")


def key(op: Opened) -> str:
    return f"{op.kind}:{op.line}"
