"""``gongyue print``: one paper of the procedure (issue 26), for a committee to print.

The same sheet the site shows under ``<draft or version>/papers/<kind>/``, written as one
self-contained HTML file (or a PDF, when WeasyPrint and a Chinese font are installed).
Nothing is written over an existing file.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from gongyue.adapters import engine, fontconfig
from gongyue.adapters.options import load_project
from gongyue.cli.chinese import (
    AnyPath,
    ChineseCommand,
    ChineseDate,
    Choice,
    Folder,
    OneLine,
    WholeNumber,
    option,
)
from gongyue.procedure.workflow import WorkflowError, project_rules, site_and_charter
from gongyue.publish.pages import CharterScoped, DraftPage, VersionPage, charter_pages
from gongyue.publish.paper_kinds import NAMES, kinds
from gongyue.publish.papers import paper, self_contained
from gongyue.publish.pdf import write_pdf
from gongyue.record.model import Charter, Version

DRAFT_ONLY = ("notice", "ballot", "tally")
DECIDED_ONLY = ("publication", "filing")


@click.command("print", cls=ChineseCommand)
@click.argument("charter_dir", type=Folder())
@click.argument("kind", type=Choice(tuple(NAMES)))
@option(
    "--draft",
    "draft",
    type=OneLine(),
    help="哪一份修改稿（draft 或 draft-名字），默认唯一的那一份。",
)
@option("--version", "version", type=OneLine(), help="已表决的版本的日期，默认最近一次表决的。")
@option("--first", type=WholeNumber(1), default=1, help="表决票从第几号印起（一次最多印 500 张）。")
@option(
    "-o", "--out", type=AnyPath(), help="写进这个新文件：以 .html 或 .pdf 结尾，不能是已有的文件。"
)
@option("--date", "on", type=ChineseDate(), metavar="YYYY-MM-DD", help="按哪一天计算状态。")
def print_command(
    charter_dir: Path,
    kind: str,
    draft: str | None,
    version: str | None,
    first: int,
    out: Path | None,
    on: dt.date | None,
) -> None:
    """打印这次修改的一份文书：征求意见公告、表决票、计票表、会议记录、公布公告、备案报告、征求意见情况。

    \b
    KIND：notice 征求意见公告 · ballot 表决票 · tally 举手表决计票表 · minutes 会议记录
          publication 公布公告 · filing 备案报告 · feedback 征求意见情况
    表决票、计票表和会议记录按修改稿的表决安排（plan）生成；公布公告和备案报告按已表决的版本生成。
    不写 -o 时把网页打印到终端；-o 以 .pdf 结尾时生成 A4 的 PDF（需要 gongyue[pdf] 和中文字体）。

    \b
    示例：
      gongyue print docs/qingyang/fanglinlu/yuan-141/yuanluo-gongyue notice -o 征求意见公告.html
      gongyue print docs/qingyang/fanglinlu/yuan-141/yuanluo-gongyue ballot -o 表决票.pdf
      gongyue print docs/qingyang/fanglinlu/yuan-131/yuanluo-gongyue filing --version 2025-06-21 -o 备案报告.pdf
    """
    if out is not None and out.exists():
        raise WorkflowError(f"{out} 已经存在，没有改动它。", "写一个新的文件名。")
    if out is not None and out.suffix not in (".html", ".pdf"):
        raise WorkflowError(f"{out} 不是 .html 或 .pdf 文件。", "文件名以 .html 或 .pdf 结尾。")
    project = load_project(charter_dir)
    today = on or engine.build_day(project)
    site, charter = site_and_charter(project, charter_dir, today)
    chosen = _version(charter, kind, draft, version)
    page = _page_of(site, charter, chosen)
    if kind not in kinds(chosen):
        raise WorkflowError(_missing(kind, chosen), _how(kind))
    plan = chosen.meta.plan
    if kind == "ballot" and plan is not None and first > plan.eligible:
        raise WorkflowError(
            f"应到只有 {plan.eligible} {plan.unit}，没有第 {first} 号表决票。",
            f"--first 写 1 到 {plan.eligible} 之间的数。",
        )
    made = paper(
        page, kind, project.site_name or "公约", project.site_url, project_rules(project), first
    )
    html = self_contained(made.html)
    if out is None:
        click.echo(html, nl=False)
    elif out.suffix == ".pdf":
        why = fontconfig.unavailable()
        if why:
            raise WorkflowError(why.split("修改建议：")[0], why.partition("修改建议：")[2] or "")
        write_pdf(html, out, out)
        click.echo(f"已写出 {out}。", err=True)
    else:
        out.write_text(html, encoding="utf-8")
        click.echo(f"已写出 {out}。", err=True)


def _version(charter: Charter, kind: str, draft: str | None, version: str | None) -> Version:
    """The draft or decided version the paper is about: named, or the one it must be."""
    if draft is not None or (kind in DRAFT_ONLY and version is None):
        return _draft(charter, draft)
    if version is not None or kind in DECIDED_ONLY or not charter.drafts:
        return _decided(charter, version)
    return _draft(charter, None)


def _draft(charter: Charter, name: str | None) -> Version:
    if not charter.drafts:
        raise WorkflowError(f"{charter.path} 没有修改稿。", "先用 gongyue amend 起草。")
    if name is None and len(charter.drafts) > 1:
        names = "、".join(d.slug for d in charter.drafts)
        raise WorkflowError(f"{charter.path} 有几份修改稿：{names}。", "用 --draft 写明是哪一份。")
    found = (
        charter.drafts[0]
        if name is None
        else next((d for d in charter.drafts if d.slug == name), None)
    )
    if found is None:
        names = "、".join(d.slug for d in charter.drafts)
        raise WorkflowError(f"没有修改稿“{name}”。", f"可选：{names}。")
    return found


def _decided(charter: Charter, date: str | None) -> Version:
    if not charter.versions:
        raise WorkflowError(
            f"{charter.path} 还没有表决过的版本。", "表决以后再打印公布公告和备案报告。"
        )
    if date is None:
        return charter.versions[-1]
    found = next((v for v in charter.versions if v.slug == date), None)
    if found is None:
        known = "、".join(v.slug for v in charter.versions)
        raise WorkflowError(f"没有 {date} 表决的版本。", f"可选：{known}。")
    return found


def _page_of(site, charter: Charter, version: Version) -> CharterScoped:  # type: ignore[no-untyped-def]
    for page in charter_pages(site, charter):
        if isinstance(page, DraftPage | VersionPage) and page.version is version:
            return page
    raise WorkflowError(f"找不到 {version.path} 的网页。", "用 gongyue check 检查这部公约。")


def _missing(kind: str, version: Version) -> str:
    name = NAMES[kind]
    if version.is_draft:
        return f"{version.path} 还没有{name}。"
    return f"{version.path} 没有{name}（{version.meta.result or '没有表决结果'}）。"


def _how(kind: str) -> str:
    if kind in ("ballot", "tally", "minutes"):
        return "在修改稿的前置信息里写上表决安排 plan（会议类型、日期、地点、计票单位、应到），写法见编辑指南《表决的文书》。"
    if kind in DECIDED_ONLY:
        return "公布公告和备案报告只有表决通过的版本才有：用 --version 写明是哪一次表决。"
    return "用 --draft 或 --version 写明是哪一份。"
