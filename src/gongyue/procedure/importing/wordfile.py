"""A Word file (.docx) read as the committee sees it in Word, into lines of Markdown.

python-docx opens the package (the document, numbering, styles, footnotes and comments
parts); the XML is walked here, in document order:

- each paragraph's automatic number (``numbering.py``), from its own ``w:numPr`` or its
  style's (styles inherit through ``w:basedOn``);
- text of runs, tabs, soft line breaks (``w:br``) as new lines, fields as their result
  (``w:fldSimple``; ``w:fldChar`` begin/separate/end: the code is left out), hidden text
  (``w:vanish``) left out and counted;
- tracked changes: insertions, deletions, moves (``w:ins``, ``w:del``, ``w:moveFrom``,
  ``w:moveTo``) and deleted or inserted paragraph marks, with all changes accepted or all
  rejected;
- tables as Markdown tables, footnotes gathered at the end (注1：……), comments listed;
- anything the text cannot carry (pictures, text boxes, embedded objects) is counted with
  its place, so that nothing is dropped without a word.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from gongyue.procedure.importing.numbering import Level, Numbering, attr, w

ACCEPT, REJECT = "accept", "reject"
CHAPTER = re.compile(r"^第[一二三四五六七八九十百零〇两\d]+章")
SECTION = re.compile(r"^第[一二三四五六七八九十百零〇两\d]+节")
HEADING_NAME = re.compile(r"^(heading|标题)\s*(\d)$", re.IGNORECASE)


@dataclass
class Report:
    """What the import did, for the committee: nothing is left out without a word."""

    paragraphs: int = 0
    numbered: int = 0  # labels worked out from Word's lists
    formats: dict[str, int] = field(default_factory=dict)  # number format -> labels
    hidden: list[str] = field(default_factory=list)  # places of hidden text left out
    dropped: list[str] = field(default_factory=list)  # “第 3 段：图片” …
    unsure: list[str] = field(default_factory=list)
    insertions: int = 0
    deletions: int = 0
    moves: int = 0
    comments: list[str] = field(default_factory=list)
    footnotes: int = 0
    tables: int = 0

    @property
    def tracked(self) -> bool:
        return bool(self.insertions or self.deletions or self.moves)


@dataclass
class _Paragraph:
    text: str
    label: str = ""
    level: Level | None = None
    heading: int | None = None  # 1, 2 … from the style's outline level
    joins_next: bool = False  # its paragraph mark is deleted (in this view)
    place: int = 0


class _Styles:
    """Paragraph styles: their numbering and outline level, inherited through basedOn."""

    def __init__(self, root: etree._Element | None):
        self.styles: dict[str, etree._Element] = {}
        if root is not None:
            for style in root.iter(w("style")):
                if style.get(w("type")) == "paragraph":
                    self.styles[style.get(w("styleId")) or ""] = style

    def _chain(self, style_id: str | None) -> Iterator[etree._Element]:
        seen: set[str] = set()
        while style_id and style_id in self.styles and style_id not in seen:
            seen.add(style_id)
            style = self.styles[style_id]
            yield style
            style_id = attr(style.find(w("basedOn")))

    def numbering(self, style_id: str | None) -> tuple[str, int] | None:
        for style in self._chain(style_id):
            num = style.find(f"{w('pPr')}/{w('numPr')}")
            if num is not None:
                num_id = attr(num.find(w("numId")))
                ilvl = attr(num.find(w("ilvl")))
                if num_id is not None:
                    return num_id, int(ilvl or 0)
        return None

    def outline(self, style_id: str | None) -> int | None:
        for style in self._chain(style_id):
            level = attr(style.find(f"{w('pPr')}/{w('outlineLvl')}"))
            if level is not None and level.isdigit():
                return int(level) + 1
            name = HEADING_NAME.match(attr(style.find(w("name"))) or "")
            if name:
                return int(name.group(2))
        return None


@dataclass
class _Reader:
    view: str
    numbering: Numbering
    styles: _Styles
    footnotes: dict[str, str]
    comments: dict[str, str]
    report: Report = field(default_factory=Report)
    notes_used: list[tuple[int, str]] = field(default_factory=list)

    # --- the body, block by block --------------------------------------------------------

    def blocks(self, body: etree._Element) -> Iterator[_Paragraph | list[list[str]]]:
        for child in body:
            tag = etree.QName(child).localname
            if tag == "p":
                self.report.paragraphs += 1
                yield self.paragraph(child, self.report.paragraphs)
            elif tag == "tbl":
                self.report.tables += 1
                yield self.table(child)
            elif tag == "sdt":
                content = child.find(w("sdtContent"))
                if content is not None:
                    yield from self.blocks(content)
            elif tag in MARKERS or tag == "sectPr":
                continue
            elif tag in ("ins", "moveTo", "del", "moveFrom"):
                if self._kept(tag):
                    yield from self.blocks(child)
            elif tag == "customXml":
                yield from self.blocks(child)
            else:
                self.report.dropped.append(
                    f"正文中的 {tag} 元素（第 {self.report.paragraphs} 段后）"
                )

    def table(self, element: etree._Element) -> list[list[str]]:
        rows = []
        for row in element.iter(w("tr")):
            cells = []
            for cell in row.findall(w("tc")):
                texts = [self.paragraph(p, self.report.paragraphs).text for p in cell.iter(w("p"))]
                cells.append(" ".join(t.strip() for t in texts if t.strip()))
            rows.append(cells)
        return rows

    # --- one paragraph -------------------------------------------------------------------

    def paragraph(self, element: etree._Element, place: int) -> _Paragraph:
        ppr = element.find(w("pPr"))
        style = attr(ppr.find(w("pStyle"))) if ppr is not None else None
        text = "".join(self._inline(element, place, []))
        found = _Paragraph(text, place=place, joins_next=self._mark_gone(ppr))
        found.heading = self._outline(ppr, style)
        numbered = self._numbering(ppr, style)
        if numbered is not None and numbered[0] != "0":  # numId 0: numbering taken off
            drawn = self.numbering.label(*numbered)
            if drawn is not None:
                found.label, found.level = drawn
                self.report.numbered += 1
                fmt = drawn[1].fmt
                self.report.formats[fmt] = self.report.formats.get(fmt, 0) + 1
            else:
                self.report.unsure.append(f"第 {place} 段：编号 {numbered[0]} 在文件里没有定义")
        return found

    def _numbering(self, ppr: etree._Element | None, style: str | None) -> tuple[str, int] | None:
        num = ppr.find(w("numPr")) if ppr is not None else None
        if num is not None:
            num_id = attr(num.find(w("numId")))
            from_style = self.styles.numbering(style)
            ilvl = attr(num.find(w("ilvl")))
            if num_id is None and from_style is not None:
                num_id = from_style[0]
            if num_id is not None:
                level = int(ilvl) if ilvl is not None else (from_style[1] if from_style else 0)
                return num_id, level
        return self.styles.numbering(style)

    def _outline(self, ppr: etree._Element | None, style: str | None) -> int | None:
        direct = attr(ppr.find(w("outlineLvl"))) if ppr is not None else None
        if direct is not None and direct.isdigit():
            return int(direct) + 1 if int(direct) < 9 else None
        return self.styles.outline(style)

    def _mark_gone(self, ppr: etree._Element | None) -> bool:
        """Whether the paragraph mark is removed in this view (a deleted mark when changes
        are accepted, an inserted one when they are rejected): it joins the next one."""
        rpr = ppr.find(w("rPr")) if ppr is not None else None
        if rpr is None:
            return False
        gone = "del" if self.view == ACCEPT else "ins"
        return rpr.find(w(gone)) is not None

    def _kept(self, wrapper: str) -> bool:
        """Whether text inside a tracked change is in this view; counts the change."""
        if wrapper == "ins":
            self.report.insertions += 1
        elif wrapper == "del":
            self.report.deletions += 1
        else:
            self.report.moves += wrapper == "moveTo"
        added = wrapper in ("ins", "moveTo")
        return added if self.view == ACCEPT else not added

    def _inline(self, element: etree._Element, place: int, fields: list[str]) -> Iterator[str]:
        for child in element:
            tag = etree.QName(child).localname
            if tag in SKIPPED:
                continue
            if tag in TRACKED:
                if self._kept(tag):
                    yield from self._inline(child, place, fields)
            elif tag in WRAPPERS:
                yield from self._inline(child, place, fields)
            elif tag in CONTENT_OF:  # a content control's content, a phonetic guide's text
                inner = child.find(w(CONTENT_OF[tag]))
                if inner is not None:
                    yield from self._inline(inner, place, fields)
            elif tag == "r":
                yield from self._run(child, place, fields)
            else:
                self.report.dropped.append(f"第 {place} 段：{DROPPED.get(tag, tag + ' 元素')}")

    def _run(self, run: etree._Element, place: int, fields: list[str]) -> Iterator[str]:
        rpr = run.find(w("rPr"))
        if rpr is not None and rpr.find(w("vanish")) is not None:
            self.report.hidden.append(f"第 {place} 段")
            return
        for child in run:
            tag = etree.QName(child).localname
            if tag == "fldChar":
                _field_step(fields, attr(child, "fldCharType"))
            elif (fields and fields[-1] == "code") or tag in SKIPPED:
                continue  # a field's code (PAGE, MERGEFIELD …) is not what Word shows
            elif tag in ("t", "delText"):
                yield (child.text or "") if tag == "t" or self.view == REJECT else ""
            elif tag in PLAIN:
                yield PLAIN[tag] if attr(child, "type") not in ("page", "column") else ""
            elif tag in ("footnoteReference", "endnoteReference"):
                prefix = "e" if tag == "endnoteReference" else ""
                yield self._note(prefix + (attr(child, "id") or ""))
            elif tag == "commentReference":
                said = self.comments.get(attr(child, "id") or "")
                self.report.comments += [f"第 {place} 段：{said}"] if said else []
            else:
                self.report.dropped.append(f"第 {place} 段：{DROPPED.get(tag, tag + ' 元素')}")

    def _note(self, note_id: str) -> str:
        text = self.footnotes.get(note_id)
        if text is None:
            return ""
        self.report.footnotes += 1
        number = len(self.notes_used) + 1
        self.notes_used.append((number, text))
        return f"〔注{number}〕"


# Where something starts or ends (bookmarks, comment and move ranges, permissions):
# no text of their own.
MARKERS = frozenset(
    {
        "proofErr",
        "bookmarkStart",
        "bookmarkEnd",
        "commentRangeStart",
        "commentRangeEnd",
        "permStart",
        "permEnd",
        "moveFromRangeStart",
        "moveFromRangeEnd",
        "moveToRangeStart",
        "moveToRangeEnd",
        "customXmlInsRangeStart",
        "customXmlInsRangeEnd",
        "customXmlDelRangeStart",
        "customXmlDelRangeEnd",
    }
)
SKIPPED = MARKERS | frozenset(
    {
        "pPr",
        "rPr",
        "lastRenderedPageBreak",
        "instrText",
        "annotationRef",
        "softHyphen",
        "footnoteRef",
        "endnoteRef",
        "delInstrText",
        "separator",
        "continuationSeparator",
    }
)
TRACKED = ("ins", "del", "moveFrom", "moveTo")
CONTENT_OF = {"sdt": "sdtContent", "ruby": "rubyBase"}
WRAPPERS = ("hyperlink", "smartTag", "customXml", "fldSimple", "sdtContent", "dir", "bdo")
PLAIN = {"tab": "\t", "ptab": "\t", "br": "\n", "cr": "\n", "noBreakHyphen": "-"}
DROPPED = {
    "drawing": "图片或文本框",
    "pict": "图片或文本框",
    "object": "嵌入的对象",
    "oMath": "公式",
    "oMathPara": "公式",
    "sym": "符号字体的字符",
}


def _field_step(fields: list[str], kind: str | None) -> None:
    """A complex field: its code between begin and separate, its result until end."""
    if kind == "begin":
        fields.append("code")
    elif kind == "separate" and fields:
        fields[-1] = "result"
    elif kind == "end" and fields:
        fields.pop()


def _part_xml(document: object, reltype_suffix: str) -> etree._Element | None:
    """A part related to the document, by the end of its relationship type."""
    part = getattr(document, "part", None)
    for rel in getattr(part, "rels", {}).values():
        if rel.reltype.endswith(reltype_suffix) and not rel.is_external:
            return etree.fromstring(rel.target_part.blob)
    return None


def _notes(root: etree._Element | None, tag: str) -> dict[str, str]:
    if root is None:
        return {}
    found = {}
    for note in root.iter(w(tag)):
        if note.get(w("type")) in ("separator", "continuationSeparator", "continuationNotice"):
            continue
        texts = ["".join(t.text or "" for t in p.iter(w("t"))) for p in note.iter(w("p"))]
        found[note.get(w("id")) or ""] = " ".join(t.strip() for t in texts if t.strip())
    return found


def _comments(root: etree._Element | None) -> dict[str, str]:
    if root is None:
        return {}
    said = {}
    for comment in root.iter(w("comment")):
        author = comment.get(w("author")) or "审阅人"
        text = "".join(t.text or "" for t in comment.iter(w("t")))
        said[comment.get(w("id")) or ""] = f"{author}：{text}"
    return said


@dataclass(frozen=True)
class ReadWord:
    lines: list[str]  # Markdown lines of the body, paragraphs apart
    report: Report


def read_docx(path: Path, view: str = ACCEPT) -> ReadWord:
    """The document as Markdown, with all tracked changes accepted (or rejected)."""
    import docx  # python-docx: the package, its parts and relationships

    document = docx.Document(str(path))
    root = document.element.body
    numbering = Numbering.read(_part_xml(document, "/numbering"))
    styles = _Styles(_part_xml(document, "/styles"))
    notes = _notes(_part_xml(document, "/footnotes"), "footnote")
    notes |= {f"e{k}": v for k, v in _notes(_part_xml(document, "/endnotes"), "endnote").items()}
    comments = _comments(_part_xml(document, "/comments"))
    reader = _Reader(view, numbering, styles, notes, comments)
    lines = _markdown(reader.blocks(root))
    if numbering.unknown_formats:
        formats = "、".join(sorted(numbering.unknown_formats))
        reader.report.unsure.append(f"不认识的编号格式 {formats}，按阿拉伯数字写出")
    if reader.notes_used:
        lines += ["", *[f"注{n}：{text}" for n, text in reader.notes_used]]
    return ReadWord(lines, reader.report)


def _markdown(blocks: Iterator[_Paragraph | list[list[str]]]) -> list[str]:
    lines: list[str] = []
    carried = ""
    titled = False
    for block in blocks:
        if isinstance(block, list):
            lines += ["", *_table(block)]
            continue
        text = carried + _label(block) + block.text
        if block.joins_next:
            carried = text
            continue
        carried = ""
        for piece in (p.strip() for p in text.replace("\t", " ").split("\n")):
            if not piece:
                continue
            if not titled and not block.label and _title_like(piece, block.heading):
                lines += ["", f"# {piece}"]
                titled = True
            elif CHAPTER.match(piece) or (block.heading in (1, 2) and not SECTION.match(piece)):
                lines += ["", f"## {piece}"]  # a chapter: by its words, or styled 标题 1, 2
            elif SECTION.match(piece) or block.heading == 3:
                lines += ["", f"### {piece}"]
            else:
                lines += ["", piece]
            titled = titled or bool(piece)
    if carried.strip():
        lines += ["", carried.strip()]
    return lines[1:] if lines and lines[0] == "" else lines


TITLE_WORDS = ("公约", "章程", "规约", "守则", "条例", "办法", "规定", "规则", "约定")


def _title_like(text: str, heading: int | None) -> bool:
    """The document's first line is its title when styled so, or when it is short and
    names a kind of charter (a Word title is often just centred bold text)."""
    if CHAPTER.match(text) or SECTION.match(text):
        return False
    return heading == 1 or (len(text) <= 40 and text.endswith(TITLE_WORDS))


def _label(paragraph: _Paragraph) -> str:
    if not paragraph.label or paragraph.level is None:
        return ""
    if paragraph.level.fmt == "bullet":
        return "- "
    gap = "" if paragraph.level.suffix == "nothing" else " "
    if paragraph.label.endswith(("、", "）", ")", "．", ".")):
        gap = "" if paragraph.level.suffix != "space" else gap
    return paragraph.label + gap


def _table(rows: list[list[str]]) -> list[str]:
    if not rows:
        return []
    width = max(len(r) for r in rows)
    cells = [[c.replace("|", "\\|") for c in r] + [""] * (width - len(r)) for r in rows]
    lines = ["| " + " | ".join(cells[0]) + " |", "|" + "---|" * width]
    return lines + ["| " + " | ".join(r) + " |" for r in cells[1:]]
