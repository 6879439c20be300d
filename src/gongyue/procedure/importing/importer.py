"""``gongyue import``: a Word or PDF file made into a draft in our format, with a report.

The reading is done by ``wordfile.py`` and ``pdffile.py``; here the lines become a body,
what was found is said in Chinese (articles and items the parser reads, numbers worked
out from Word's lists, what was left out and where), tracked changes are compared with
the text in force, and the draft is written beside the charter's versions.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from gongyue.procedure.importing.wordfile import Report
from gongyue.procedure.workflow import WorkflowError, site_and_charter, write_new, writing
from gongyue.record.layout import is_version_file
from gongyue.record.model import Charter, Version
from gongyue.record.project import Project
from gongyue.record.scaffold import amendment_draft, render_version
from gongyue.text.articles import parse
from gongyue.text.compare import compare

AS_DRAFT, AS_BASE = "draft", "base"


@dataclass
class Said:
    """What an import found, line by line, for the committee."""

    lines: list[str] = field(default_factory=list)

    def add(self, line: str) -> None:
        self.lines.append(line)


def body_of(lines: list[str]) -> str:
    return "\n".join(lines).strip("\n") + "\n"


def found_in(body: str) -> str:
    """How the parser reads the imported body: articles, items, chapters."""
    doc = parse(body)
    articles = len(doc.articles)
    chapters = sum(1 for p in doc.provisions if p.kind == "chapter")
    items = sum(
        1
        for a in doc.articles
        for line in a.text.split("\n")
        if line.lstrip().startswith(("（", "("))
    )
    return (
        f"读出 {articles} 条"
        + (f"、{chapters} 章" if chapters else "")
        + (f"，条中有 {items} 项" if items else "")
    )


def word_report(report: Report, said: Said) -> None:
    said.add(
        f"段落 {report.paragraphs} 个；Word 自动编号 {report.numbered} 处已写成文字"
        + _formats(report)
    )
    if report.tables:
        said.add(f"表格 {report.tables} 个，写成 Markdown 表格")
    if report.footnotes:
        said.add(f"脚注 {report.footnotes} 条，写在正文末尾（注1、注2……）")
    if report.hidden:
        said.add(
            f"隐藏的文字没有导入（{len(report.hidden)} 处）：{'、'.join(_first(report.hidden))}"
        )
    for dropped in report.dropped:
        said.add(f"没有导入：{dropped}")
    for unsure in report.unsure:
        said.add(f"请核对：{unsure}")
    for comment in report.comments:
        said.add(f"批注：{comment}")


FORMAT_NAMES = {  # Word's number formats, as a committee would call them
    "chineseCounting": "中文数字",
    "chineseCountingThousand": "中文数字",
    "taiwaneseCounting": "中文数字",
    "taiwaneseCountingThousand": "中文数字",
    "japaneseCounting": "中文数字",
    "ideographDigital": "中文数字",
    "chineseLegalSimplified": "大写数字",
    "ideographLegalTraditional": "大写数字",
    "ideographTraditional": "天干",
    "ideographZodiac": "地支",
    "decimal": "阿拉伯数字",
    "decimalZero": "阿拉伯数字",
    "decimalHalfWidth": "阿拉伯数字",
    "decimalFullWidth": "全角数字",
    "decimalFullWidth2": "全角数字",
    "decimalEnclosedCircle": "带圈数字",
    "decimalEnclosedCircleChinese": "带圈数字",
    "decimalEnclosedParen": "带括号的数字",
    "upperLetter": "英文字母",
    "lowerLetter": "英文字母",
    "upperRoman": "罗马数字",
    "lowerRoman": "罗马数字",
    "bullet": "项目符号",
}


def _formats(report: Report) -> str:
    counted: dict[str, int] = {}
    for fmt, n in report.formats.items():
        name = FORMAT_NAMES.get(fmt, fmt)
        counted[name] = counted.get(name, 0) + n
    parts = "、".join(f"{name} {n} 处" for name, n in sorted(counted.items()))
    return f"（{parts}）" if parts else ""


def _first(places: list[str], at_most: int = 5) -> list[str]:
    unique = list(dict.fromkeys(places))
    return unique[:at_most] + (["……"] if len(unique) > at_most else [])


def changes_against(rejected: str, in_force: Version | None, said: Said) -> None:
    """The text with every change rejected, against the text in force: the same, or where not."""
    if in_force is None:
        said.add("这部公约还没有通过的文本，修订前的文本无从核对")
        return
    comparison = compare(in_force.document, parse(rejected))
    different = [c for c in comparison.changes if c.op != "unchanged"]
    if not different:
        said.add(f"撤销全部修订后的文本与现行文本（{in_force.slug} 版）一致")
        return
    labels = [c.old_label or c.new_label or "" for c in different]
    said.add(
        f"撤销全部修订后的文本与现行文本（{in_force.slug} 版）不一致：{comparison.summary}"
        f"（{'、'.join(_first([x for x in labels if x], 8))}）。修订可能不是在现行文本上做的，请核对"
    )


@dataclass(frozen=True)
class Drafted:
    target: Path
    in_force: Version | None  # the text the draft amends, if the charter has one
    notes: list[str]  # about the writing itself (an interrupted step finished first)


def write_draft(
    project: Project,
    charter_dir: Path,
    body: str,
    as_: str,
    today: dt.date,
    besides: frozenset[str] = frozenset(),
) -> Drafted:
    """``draft.md`` in the charter folder, never over a file, one writer at a time: an
    amendment of the text in force, or (``base``, or a charter with no adopted text) the
    text to be recorded."""
    notes: list[str] = []
    with writing(project, notes):
        target = charter_dir / "draft.md"
        if target.exists():
            raise WorkflowError(
                f"{target} 已经存在，没有改动任何文件。", "先处理已有的草案（表决或删除），再导入。"
            )
        charter = _charter(project, charter_dir, today, besides)
        in_force = text_in_force(charter)
        write_new(target, _draft_text(charter, charter_dir, in_force, body, as_))
    return Drafted(target, in_force, notes)


def _draft_text(
    charter: Charter | None, charter_dir: Path, in_force: Version | None, body: str, as_: str
) -> str:
    if in_force is not None and as_ == AS_DRAFT:
        return amendment_draft(in_force.meta, body, in_force.date)
    title = _title(body) or (charter.title if charter else charter_dir.name)
    kind = charter.type if charter else "居民公约"
    meta = {"title": title, "type": kind, "change": "制定", "summary": "（请填写：这份文本是什么）"}
    return render_version(meta, body)


def _charter(
    project: Project, charter_dir: Path, today: dt.date, besides: frozenset[str]
) -> Charter | None:
    try:
        return site_and_charter(project, charter_dir, today, besides)[1]
    except WorkflowError:
        if any(charter_dir.glob("*.md")):
            raise
        return None  # a new charter folder: its first text


def text_in_force(charter: Charter | None) -> Version | None:
    if charter is None:
        return None
    adopted = charter.adopted
    return charter.in_force or (adopted[-1] if adopted else None)


def _title(body: str) -> str | None:
    first = next((line for line in body.split("\n") if line.strip()), "")
    return first[2:].strip() if first.startswith("# ") else None


UPLOADED = (".docx", ".doc", ".wps", ".pdf")


def find_uploads(docs_dir: Path) -> list[Path]:
    """Word, WPS and PDF files put in a charter folder (one that holds versions or a
    draft): what a committee uploads through the git host's web page."""
    found = []
    for path in sorted(docs_dir.rglob("*")):
        if path.suffix.lower() not in UPLOADED or not path.is_file():
            continue
        names = [p.name for p in path.parent.glob("*.md")]
        if any(is_version_file(n) or n.startswith("draft") for n in names):
            found.append(path)
    return found


def imported_into_folder(project: Project, source: Path, body: str, today: dt.date) -> Path:
    """``body`` written as the draft of the charter ``source`` was uploaded to (the charter
    is read as if the upload were not there); the upload is deleted only once the draft
    is written, so an interrupted import loses nothing."""
    rel = source.resolve().relative_to(project.site_dir).as_posix()
    drafted = write_draft(project, source.parent, body, AS_DRAFT, today, frozenset({rel}))
    source.unlink()
    return drafted.target
