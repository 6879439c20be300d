"""Word files for the import tests, written part by part as Word and WPS write them: a
document whose article numbers live only in numbering.xml (``第%1条`` in
``chineseCountingThousand``), items on a second level, instances that restart, styles
that carry numbering, tracked changes, fields, hidden text, tables, footnotes, comments."""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from html import escape
from pathlib import Path

NS = (
    'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
)
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml"


def run(text: str, hidden: bool = False) -> str:
    props = "<w:rPr><w:vanish/></w:rPr>" if hidden else ""
    return f'<w:r>{props}<w:t xml:space="preserve">{escape(text)}</w:t></w:r>'


def para(
    *runs: str, num: str | None = None, ilvl: int = 0, style: str | None = None, mark: str = ""
) -> str:
    props = ""
    if style:
        props += f'<w:pStyle w:val="{style}"/>'
    if num is not None:
        props += f'<w:numPr><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num}"/></w:numPr>'
    if mark:
        props += (
            f'<w:rPr><w:{mark} w:id="90" w:author="居委会" w:date="2026-11-01T00:00:00Z"/></w:rPr>'
        )
    pr = f"<w:pPr>{props}</w:pPr>" if props else ""
    body = "".join(r if r.startswith("<") else run(r) for r in runs)
    return f"<w:p>{pr}{body}</w:p>"


def tracked(kind: str, text: str, change: int = 1) -> str:
    """An insertion (ins), deletion (del) or either end of a move (moveFrom, moveTo)."""
    tag = "w:delText" if kind in ("del", "moveFrom") else "w:t"
    inner = f'<w:r><{tag} xml:space="preserve">{escape(text)}</{tag}></w:r>'
    return f'<w:{kind} w:id="{change}" w:author="居委会" w:date="2026-11-01T00:00:00Z">{inner}</w:{kind}>'


def simple_field(code: str, result: str) -> str:
    return f'<w:fldSimple w:instr="{escape(code)}">{run(result)}</w:fldSimple>'


def complex_field(code: str, result: str) -> str:
    return (
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        f'<w:r><w:instrText xml:space="preserve"> {escape(code)} </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        f"{run(result)}"
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    )


def table(rows: list[list[str]]) -> str:
    cells = "".join(
        "<w:tr>" + "".join(f"<w:tc>{para(c)}</w:tc>" for c in row) + "</w:tr>" for row in rows
    )
    return f"<w:tbl>{cells}</w:tbl>"


def level(
    ilvl: int, fmt: str, text: str, start: int = 1, suffix: str = "space", style: str = ""
) -> str:
    pstyle = f'<w:pStyle w:val="{style}"/>' if style else ""
    return (
        f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/>{pstyle}'
        f'<w:suff w:val="{suffix}"/><w:lvlText w:val="{escape(text)}"/></w:lvl>'
    )


# The way Chinese charters number articles and items: 第%1条 and （%1）.
ARTICLES = level(0, "chineseCountingThousand", "第%1条") + level(
    1, "chineseCounting", "（%2）", suffix="nothing"
)


@dataclass
class WordFile:
    body: list[str] = field(default_factory=list)
    abstract: dict[str, str] = field(default_factory=lambda: {"1": ARTICLES})
    nums: dict[str, str] = field(default_factory=lambda: {"1": "1"})  # numId -> abstractNumId
    overrides: dict[str, str] = field(default_factory=dict)  # numId -> <w:lvlOverride> xml
    styles: str = ""
    footnotes: dict[str, str] = field(default_factory=dict)
    comments: dict[str, str] = field(default_factory=dict)

    def numbering(self) -> str:
        abstract = "".join(
            f'<w:abstractNum w:abstractNumId="{k}">{v}</w:abstractNum>'
            for k, v in self.abstract.items()
        )
        nums = "".join(
            f'<w:num w:numId="{n}"><w:abstractNumId w:val="{a}"/>{self.overrides.get(n, "")}</w:num>'
            for n, a in self.nums.items()
        )
        return f"<w:numbering {NS}>{abstract}{nums}</w:numbering>"

    def write(self, path: Path) -> Path:
        parts = {
            "word/document.xml": f"<w:document {NS}><w:body>{''.join(self.body)}<w:sectPr/></w:body></w:document>",
            "word/numbering.xml": self.numbering(),
            "word/styles.xml": f"<w:styles {NS}>{self.styles}</w:styles>",
            "word/footnotes.xml": f"<w:footnotes {NS}>"
            + "".join(
                f'<w:footnote w:id="{k}">{para(v)}</w:footnote>' for k, v in self.footnotes.items()
            )
            + "</w:footnotes>",
            "word/comments.xml": f"<w:comments {NS}>"
            + "".join(
                f'<w:comment w:id="{k}" w:author="街道审核">{para(v)}</w:comment>'
                for k, v in self.comments.items()
            )
            + "</w:comments>",
        }
        types = {
            "document": "document.main",
            "numbering": "numbering",
            "styles": "styles",
            "footnotes": "footnotes",
            "comments": "comments",
        }
        content_types = (
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            + "".join(
                f'<Override PartName="/word/{k}.xml" ContentType="{MAIN}.{v}+xml"/>'
                for k, v in types.items()
            )
            + "</Types>"
        )
        rels = (
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{REL}/officeDocument" Target="word/document.xml"/></Relationships>'
        )
        document_rels = (
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            + "".join(
                f'<Relationship Id="rId{i}" Type="{REL}/{k}" Target="{k}.xml"/>'
                for i, k in enumerate(["numbering", "styles", "footnotes", "comments"], 2)
            )
            + "</Relationships>"
        )
        with zipfile.ZipFile(path, "w") as package:
            package.writestr("[Content_Types].xml", content_types)
            package.writestr("_rels/.rels", rels)
            package.writestr("word/_rels/document.xml.rels", document_rels)
            for name, xml in parts.items():
                package.writestr(
                    name, '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' + xml
                )
        return path
