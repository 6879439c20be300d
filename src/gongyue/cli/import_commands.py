"""``gongyue import``: the file a committee has (Word, WPS, PDF) made into a draft (issue 27).

Reads only the file it is given; writes one new ``draft.md`` when told where (``--into``)
and never over a file; says in Chinese what it found and what it left out.
"""

from __future__ import annotations

import datetime as dt
import tempfile
import zipfile
from pathlib import Path

import click
from docx.opc.exceptions import OpcError
from lxml import etree

from gongyue.adapters import engine
from gongyue.adapters.libreoffice import CannotConvert, to_docx
from gongyue.adapters.options import load_project
from gongyue.cli.chinese import AnyPath, ChineseCommand, ChineseDate, Choice, Folder, option
from gongyue.procedure.importing.importer import (
    AS_BASE,
    AS_DRAFT,
    Said,
    body_of,
    changes_against,
    find_uploads,
    found_in,
    imported_into_folder,
    word_report,
    write_draft,
)
from gongyue.procedure.importing.pdffile import NoTextLayer, read_pdf
from gongyue.procedure.importing.wordfile import ACCEPT, REJECT, read_docx
from gongyue.procedure.workflow import WorkflowError

KINDS = (".docx", ".doc", ".wps", ".pdf")


@click.command("import", cls=ChineseCommand)
@click.argument("source", type=AnyPath())
@option("--into", type=Folder(), help="公约文件夹：把导入的文本写成其中的 draft.md。")
@option(
    "--as",
    "as_",
    type=Choice((AS_DRAFT, AS_BASE)),
    default=AS_DRAFT,
    help="draft：修改现行文本的草案（默认）；base：还没有录入的现行文本，写成待记录的草案。",
)
@option(
    "--changes",
    is_flag=True,
    help="Word 文件里的修订：撤销全部修订后与现行文本核对，接受全部修订后作为草案。",
)
@option("--date", "on", type=ChineseDate(), metavar="YYYY-MM-DD", help="按哪一天计算状态。")
def import_command(
    source: Path, into: Path | None, as_: str, changes: bool, on: dt.date | None
) -> None:
    """把 Word（.docx、.doc）、WPS（.wps）或 PDF 文件导入为草案。

    Word 的自动编号（“第一条”“（一）”常常不是文字，而是编号）会照 Word 显示的样子写成文字；
    隐藏的文字、图片等没有导入的内容逐一列出。不写 --into 时只把导入的正文打印出来。

    \b
    示例：
      gongyue import 居民公约（修改稿）.docx
      gongyue import 居民公约（修改稿）.docx --into docs/chenghua/mengzhuiwan/xinhong/jumin-gongyue
      gongyue import 修订模式.docx --into docs/…/jumin-gongyue --changes
      gongyue import 范本.pdf --into docs/…/jumin-gongyue --as base
    """
    if not source.is_file():
        raise WorkflowError(f"找不到文件 {source}。", "核对文件名。")
    suffix = source.suffix.lower()
    if suffix not in KINDS:
        raise WorkflowError(
            f"{source.name} 不是 Word、WPS 或 PDF 文件。", "导入 .docx、.doc、.wps 或 .pdf 文件。"
        )
    said = Said()
    with tempfile.TemporaryDirectory(prefix="gongyue-import-") as folder:
        body, rejected = _read(source, suffix, Path(folder), said, changes)
    said.add(found_in(body))
    if into is None:
        click.echo(body, nl=False)
    else:
        project = load_project(into)
        drafted = write_draft(project, into, body, as_, today=on or engine.build_day(project))
        if rejected is not None:
            changes_against(rejected, drafted.in_force, said)
        said.lines = [*drafted.notes, *said.lines]
        said.add(f"已写出 {drafted.target}，请用 gongyue check 检查")
    for line in said.lines:
        click.echo(f"导入：{line}", err=True)


def _read(
    source: Path, suffix: str, folder: Path, said: Said, changes: bool
) -> tuple[str, str | None]:
    """The body (changes accepted) and, with ``changes``, the text with them rejected."""
    if suffix == ".pdf":
        try:
            pdf = read_pdf(source)
        except NoTextLayer:
            raise WorkflowError(
                f"{source.name} 没有文字层，像是扫描的图片。",
                "先做文字识别（OCR），或找原来的 Word 文件。",
            ) from None
        said.add(
            f"PDF {pdf.pages} 页"
            + (f"，页码 {len(pdf.page_numbers)} 处没有导入" if pdf.page_numbers else "")
        )
        return body_of(pdf.lines), None
    word = source
    if suffix in (".doc", ".wps"):
        try:
            word = to_docx(source, folder)
        except CannotConvert as error:
            message, _, hint = str(error).partition("修改建议：")
            raise WorkflowError(message, hint) from None
        said.add(f"{suffix} 文件已由 LibreOffice 转成 .docx 再导入")
    try:
        read = read_docx(word, ACCEPT)
    except (OpcError, zipfile.BadZipFile, KeyError, ValueError, etree.XMLSyntaxError):
        raise WorkflowError(
            f"{source.name} 读不出来：不是完好的 Word（.docx）文件。",
            "用 Word 或 WPS 打开它，“另存为” .docx（Word 文档）后再导入。",
        ) from None
    word_report(read.report, said)
    rejected = body_of(read_docx(word, REJECT).lines) if changes else None
    if read.report.tracked:
        counts = f"插入 {read.report.insertions} 处、删除 {read.report.deletions} 处、移动 {read.report.moves} 处"
        said.add(
            f"文件里有修订（{counts}），已全部接受"
            + ("" if changes else "；加 --changes 可以核对修订前的文本")
        )
    return body_of(read.lines), rejected


@click.command("import-uploads", cls=ChineseCommand)
@click.argument("site_dir", default=".", type=Folder())
@option(
    "--report", type=AnyPath(), help="把导入说明（Markdown）写进这个文件，供 CI 贴到合并请求里。"
)
@option("--date", "on", type=ChineseDate(), metavar="YYYY-MM-DD", help="按哪一天计算状态。")
def import_uploads_command(site_dir: Path, report: Path | None, on: dt.date | None) -> None:
    """导入在网页上传到公约文件夹里的 Word、WPS、PDF 文件（CI 运行）。

    每个公约文件夹里的 .docx、.doc、.wps、.pdf 文件都导入成这个文件夹的 draft.md，成功后删除原文件；
    文件夹里已有草案的，保留原文件并说明。导入说明写进 --report 的文件，CI 把它贴到合并请求里。

    \b
    示例：
      gongyue import-uploads --report 导入说明.md
    """
    project = load_project(site_dir)
    today = on or engine.build_day(project)
    uploads = find_uploads(project.docs_dir)
    sections: list[str] = []
    failed = 0
    for source in uploads:
        said = Said()
        rel = source.relative_to(project.site_dir).as_posix()
        try:
            with tempfile.TemporaryDirectory(prefix="gongyue-import-") as folder:
                body, _ = _read(source, source.suffix.lower(), Path(folder), said, False)
                said.add(found_in(body))
                target = imported_into_folder(project, source, body, today)
            said.add(
                f"已写出 {target.relative_to(project.site_dir).as_posix()}，删除了上传的 {source.name}"
            )
        except WorkflowError as error:
            failed += 1
            said.add(f"没有导入：{error.message}{error.hint}")
        sections += [f"### {rel}", "", *[f"- {line}" for line in said.lines], ""]
        for line in said.lines:
            click.echo(f"{rel}：{line}", err=True)
    if not uploads:
        click.echo("公约文件夹里没有上传的 Word、WPS、PDF 文件。", err=True)
    if report is not None and uploads:
        report.write_text("## 导入上传的文件\n\n" + "\n".join(sections), encoding="utf-8")
    if failed:
        raise WorkflowError(f"{failed} 个上传的文件没有导入。", "按上面的说明处理后再提交。")
