"""``gongyue``'s commands: a thin layer over ``workflow`` and the engine adapter.

Every message is Chinese; every failure is one located line per problem and
an exit code, never a traceback. How click itself is made to speak Chinese
(help, parameter types, usage errors) is ``chinese.py``.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
from dataclasses import replace
from decimal import Decimal
from pathlib import Path
from typing import Any

import click

from gongyue.adapters import engine, pagefind
from gongyue.adapters.engines import ENGINES, EngineError, build_export
from gongyue.adapters.git import run_git
from gongyue.adapters.options import ONLY_ENV, load_project
from gongyue.cli.chinese import (
    AnyPath,
    Area,
    ChineseDate,
    ChineseGroup,
    Choice,
    Folder,
    NodeOfNodes,
    OneLine,
    WebAddress,
    WholeNumber,
    option,
    usage_message,
)
from gongyue.cli.decision_commands import apply_command, decision_command
from gongyue.cli.import_commands import import_command, import_uploads_command
from gongyue.cli.log_commands import log_group, monitor_command
from gongyue.cli.paper_commands import print_command
from gongyue.procedure import annotate, starter, workflow
from gongyue.procedure.starter import City
from gongyue.procedure.workflow import Vote, WorkflowError
from gongyue.publish import sharded
from gongyue.publish.export import export_project
from gongyue.publish.opendata import diff_document
from gongyue.publish.page_cache import CACHE_ENV
from gongyue.publish.sharded import ShardError
from gongyue.record.errors import Problem, SourceError
from gongyue.record.fingerprint import SHORT
from gongyue.record.model import STATUS_PENDING
from gongyue.record.project import Project, ProjectError
from gongyue.record.schema import get_literal_values
from gongyue.record.status import EPOCH_VARIABLE, build_date
from gongyue.text.compare import Change

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")

UNIT_KINDS = get_literal_values("UnitKind")
CHARTER_TYPES = get_literal_values("CharterType")
BODIES = get_literal_values("MeetingBody")
COUNT_UNITS = get_literal_values("CountUnit")


class TopGroup(ChineseGroup):
    """The ``gongyue`` group: turns every failure into Chinese lines and an exit code."""

    def main(self, args: Any = None, prog_name: str | None = None, **extra: Any) -> Any:  # type: ignore[override]
        extra.pop("standalone_mode", None)
        try:
            self._run(args, prog_name, extra)
        except click.exceptions.Exit as done:
            sys.exit(done.exit_code)
        sys.exit(0)

    def _run(self, args: Any, prog_name: str | None, extra: dict[str, Any]) -> None:
        try:
            super().main(args=args, prog_name=prog_name, standalone_mode=False, **extra)
        except WorkflowError as error:
            for problem in error.problems + [_with_option_hint(p) for p in error.from_options]:
                click.echo(problem.format(), err=True)
            hint = f"修改建议：{error.hint}" if error.hint else ""
            _fail(f"错误：{error.message}{hint}", 1)
        except (ProjectError, ShardError) as error:
            _fail(f"错误：{error}", 1)
        except SourceError as error:  # a file a command had to read and could not
            for problem in error.problems:
                click.echo(problem.format(), err=True)
            _fail("错误：有文件无法读取，没有改动任何文件。修改建议：按上面的提示改正后再运行。", 1)
        except click.exceptions.Abort:
            _fail("已取消。", 1)
        except click.UsageError as error:
            _fail(usage_message(error), 2)


# Which of `gongyue adopt`'s options to check for a problem with the vote it was given.
OPTION_HINTS = {
    "votes-exceed-present": "核对 --for、--against、--abstain 和 --present。",
    "present-exceeds-eligible": "核对 --present 和 --eligible。",
    "area-missing": "业主大会要写 --area 总面积 参与面积 同意面积（平方米）。",
    "dates-order": "核对 --date、--published、--effective，以及草案里征求意见和审核的日期。",
    "two-in-force": "核对 --effective。",
    "meeting-future": "核对 --date：表决日期不能在今天之后。",
    "meeting-date": "核对 --date。",
}


def _with_option_hint(problem: Problem) -> Problem:
    """A problem with a value given as an option, with the option to check."""
    if problem.code == "result-contradicted":
        basis = problem.hint.partition("依据：")[2]
        return replace(
            problem,
            message=problem.message.replace(
                "表决结果写“通过”", "表决结果是“通过”（--result 没有写时即为通过）"
            ),
            hint="核对票数；如确未达到，用 --result 未通过 记录这次表决。"
            + (f"依据：{basis}" if basis else ""),
        )
    return replace(problem, hint=OPTION_HINTS.get(problem.code, problem.hint))


def _fail(message: str, code: int) -> None:
    click.echo(message, err=True)
    sys.exit(code)


ONE_LINE = OneLine()
WEB_ADDRESS = WebAddress()
FOLDER = Folder()
EXISTING_FOLDER = Folder(exists=True)
ANY_PATH = AnyPath()
COUNT = WholeNumber(0)
AREA = Area()
NODE = NodeOfNodes()


def _today(value: dt.date | None, project: Project) -> dt.date:
    """The date to judge on: --date, else the build's own (``build_date`` in mkdocs.yml,
    SOURCE_DATE_EPOCH, today), so that check and build never disagree about a status."""
    return value if value is not None else engine.build_day(project)


def _epoch() -> str | None:
    return os.environ.get(EPOCH_VARIABLE)


def _decision_file(path: Path) -> workflow.Decision:
    try:
        return workflow.Decision(path.read_text(encoding="utf-8"), str(path))
    except FileNotFoundError:
        raise WorkflowError(f"找不到修改决定的文件 {path}。", "核对文件名。") from None
    except (UnicodeDecodeError, IsADirectoryError):
        raise WorkflowError(
            f"{path} 不是 UTF-8 编码的文本文件。", "用“另存为”选 UTF-8 保存。"
        ) from None


def _say(notes: list[str]) -> None:
    for note in notes:
        click.echo(f"说明：{note}", err=True)


DATE = ChineseDate()
DATE_OPTION = option(
    "--date",
    "on",
    type=DATE,
    metavar="YYYY-MM-DD",
    help="按哪一天计算状态，默认与生成网站相同（mkdocs.yml 的 build_date，否则今天）。",
)


@click.group(cls=TopGroup, context_settings={"max_content_width": 100})
def gongyue() -> None:
    """公约：社区、院落公约的检查、起草、表决和锁定。

    \b
    示例：
      gongyue check                       检查当前网站的全部公约
      gongyue amend docs/qu/shequ/jumin-gongyue
    """


@gongyue.command()
@click.argument("site_dir", default=".", type=FOLDER)
@option(
    "--format",
    "fmt",
    type=Choice(annotate.FORMATS),
    default="text",
    help="输出格式：text；json；github（GitHub、Gitea、Forgejo Actions 在合并请求的文件上显示）；"
    "gitlab（GitLab 代码质量报告）。",
)
@option("--strict", is_flag=True, help="有警告也算不通过（退出码 1）。")
@DATE_OPTION
def check(site_dir: Path, fmt: str, strict: bool, on: dt.date | None) -> None:
    """检查全部公约：格式、日期、票数、条文编号和锁定记录。

    只读，不修改任何文件。没有错误时退出码为 0，有错误时为 1。

    \b
    示例：
      gongyue check
      gongyue check 网站文件夹 --format json --strict
      gongyue check --format github          在 GitHub/Gitea/Forgejo 的 CI 里用
      gongyue check --format gitlab > gl-code-quality-report.json
    """
    project = load_project(site_dir)
    report = workflow.check(project, _today(on, project))
    if fmt == "text":
        for problem in report.problems:
            click.echo(problem.format())
        _say(report.notes)
    else:
        writer = {"json": annotate.own_json, "github": annotate.github, "gitlab": annotate.gitlab}[
            fmt
        ]
        # json keeps paths from the site folder, as before; hosts name files from the repository.
        output = writer(report.problems, "" if fmt == "json" else _repo_prefix(site_dir))
        if output:
            click.echo(output)
    if fmt != "json" and fmt != "gitlab":
        click.echo(
            f"检查完毕：{len(report.errors)} 个错误，{len(report.warnings)} 个警告。", err=True
        )
    failed = report.errors or (strict and report.warnings)
    sys.exit(1 if failed else 0)


def _repo_prefix(site_dir: Path) -> str:
    """The site folder as seen from where the command runs (a host names files from there)."""
    relative = os.path.relpath(site_dir.resolve(), Path.cwd().resolve())
    return "" if relative == "." or relative.startswith("..") else Path(relative).as_posix()


@gongyue.command("adopt-recorded")
@click.argument("site_dir", default=".", type=FOLDER)
@DATE_OPTION
def adopt_recorded(site_dir: Path, on: dt.date | None) -> None:
    """把前置信息里已经填好表决记录（meeting 和 result）的草案，都变成正式版本并锁定。

    给不用命令行的居委会：在网页上把表决记录填进草案、合并以后，由 CI 运行这条命令并提交结果
    （见编辑指南《在网页上修改公约》）。每一份草案都和 gongyue adopt 一样先检查，再一次写好。

    \b
    示例：
      gongyue adopt-recorded
    """
    project = load_project(site_dir)
    done = workflow.adopt_recorded(project, _today(on, project))
    for adopted in done:
        _say(adopted.notes)
        click.echo(f"已生成 {adopted.path}，删除了草案，并更新了 gongyue.lock。")
    if not done:
        click.echo("没有填好表决记录的草案，没有改动任何文件。")


@gongyue.command("init")
@click.argument("folder", type=ANY_PATH)
@option(
    "--name",
    "site_name",
    default="居民公约公开平台",
    type=ONE_LINE,
    help="网站名称，例如“某某市居民公约公开平台”。",
)
@option(
    "--url",
    "site_url",
    default="",
    type=WEB_ADDRESS,
    help="网站上线后的网址（订阅和二维码要用），可以以后再写。",
)
@option(
    "--repo",
    "repo_url",
    default="",
    type=WEB_ADDRESS,
    help="代码托管平台上的仓库网址（公约页上的“提出修改”链接要用）。",
)
def init(folder: Path, site_name: str, site_url: str, repo_url: str) -> None:
    """在一个新的空文件夹里建立一个城市的公约网站。

    写出 mkdocs.yml、首页、一个可删除的示例区（社区、院落和一部公约）、编辑指南、
    .gitignore、requirements.txt，以及 GitHub、Gitea/Forgejo、GitLab 的 CI 配置：
    每个合并请求都运行 gongyue check，合并到 main 后生成并发布网站。

    \b
    示例：
      gongyue init 公约网站 --name 某某市居民公约公开平台
      cd 公约网站 && gongyue check && mkdocs serve
    """
    city = City(site_name, site_url, repo_url)
    written = starter.init_city(folder, city, build_date(_epoch()), run_git)
    click.echo(
        f"已在 {folder} 写出 {len(written)} 个文件。下一步：cd {folder}，运行 mkdocs serve 看看网站；"
    )
    click.echo(
        f"看过示例后删掉 {folder / starter.EXAMPLE_FOLDER}，运行 gongyue lock，再提交到代码托管平台。"
    )


@gongyue.group(cls=ChineseGroup)
def new() -> None:
    """新建单位（社区、院落……）或公约。

    \b
    示例：
      gongyue new unit docs/chenghua/xinhong --name 新鸿社区 --kind 社区
      gongyue new charter docs/chenghua/xinhong --type 居民公约
    """


@new.command("unit")
@click.argument("path", type=ANY_PATH)
@option("--name", required=True, type=ONE_LINE, help="中文名称，例如 新鸿社区。")
@option("--kind", required=True, type=Choice(UNIT_KINDS), help="类别：" + " ".join(UNIT_KINDS))
def new_unit(path: Path, name: str, kind: str) -> None:
    """建立一个单位文件夹和它的 index.md。

    PATH 的最后一级是文件夹名；写中文时自动换成拼音。

    \b
    示例：
      gongyue new unit docs/chenghua/xinhong/yuan-5 --name 5号院落 --kind 院落
      gongyue new unit docs/chenghua/新鸿社区 --name 新鸿社区 --kind 社区
    """
    created = workflow.new_unit(path, name, kind)
    click.echo(f"已建立 {created}。请打开它补充地址和联系方式。")


@new.command("charter")
@click.argument("unit_dir", type=FOLDER)
@option("--type", "charter_type", required=True, type=Choice(CHARTER_TYPES), help="公约类型。")
@option("--title", type=ONE_LINE, help="标题，默认为“单位名称 + 类型”。")
@option("--folder", help="公约文件夹名（小写字母、数字、连字符），默认按类型取名。")
def new_charter(unit_dir: Path, charter_type: str, title: str | None, folder: str | None) -> None:
    """在单位文件夹里起草一部新公约（draft.md）。

    已有同类公约时拒绝（要修改它请用 gongyue amend）。

    \b
    示例：
      gongyue new charter docs/qingyang/fanglinlu/yuan-131 --type 院落公约
    """
    created = workflow.new_charter(unit_dir, charter_type, title, folder)
    click.echo(f"已建立草案 {created}。写好正文后，按编辑指南征求意见。")


@gongyue.command()
@click.argument("charter_dir", type=FOLDER)
@option(
    "--decision",
    "decision_file",
    type=AnyPath(),
    help="修改决定的文件：用它修改底稿，并把它记在修改稿里（修正）。",
)
@DATE_OPTION
def amend(charter_dir: Path, decision_file: Path | None, on: dt.date | None) -> None:
    """以最新通过的文本为底稿，起草修改稿 draft.md。

    最新通过的版本尚未施行时也以它为底稿，并会说明。已有 draft.md 时拒绝，不改动任何文件。
    写了 --decision 时，修改稿的正文是底稿加上这份修改决定，决定本身记在修改稿的 decision 里；
    以后 gongyue check 核对正文与决定是否一致。

    \b
    示例：
      gongyue amend docs/chenghua/mengzhuiwan/xinhong/jumin-gongyue
      gongyue amend docs/chenghua/mengzhuiwan/xinhong/jumin-gongyue --decision 修改决定.txt
    """
    project = load_project(charter_dir)
    decision = _decision_file(decision_file) if decision_file else None
    done = workflow.amend(project, charter_dir, _today(on, project), decision)
    _say(done.notes)
    for line in done.implied:
        click.echo(f"随之变化：{line}")
    base = done.base
    pending = f"（它还没有施行，{base.effective} 起施行）" if base.status == STATUS_PENDING else ""
    click.echo(
        f"已建立修改稿 {done.path}，底稿是 {base.date} 通过的版本{pending}。"
        "请在正文中修改条文，并填写 summary（修改说明）。"
    )


@gongyue.command()
@click.argument("charter_dir", type=FOLDER)
@option(
    "--date",
    "vote_date",
    required=True,
    type=DATE,
    metavar="YYYY-MM-DD",
    help="表决日期，也是新文件名。",
)
@option("--body", required=True, type=Choice(BODIES), help="会议类型。")
@option("--eligible", required=True, type=COUNT, help="应到。")
@option("--present", required=True, type=COUNT, help="实到。")
@option("--for", "votes_for", required=True, type=COUNT, help="赞成。")
@option("--against", default=0, type=COUNT, help="反对，默认 0。")
@option("--abstain", default=0, type=COUNT, help="弃权，默认 0。")
@option("--unit", "count_unit", default="人", type=Choice(COUNT_UNITS), help="计票单位，默认 人。")
@option("--place", type=ONE_LINE, help="会议地点。")
@option("--result", default="通过", type=Choice(["通过", "未通过"]), help="表决结果，默认 通过。")
@option("--published", type=DATE, metavar="YYYY-MM-DD", help="公布日期。")
@option("--effective", type=DATE, metavar="YYYY-MM-DD", help="施行日期，默认同公布日期。")
@option(
    "--area",
    nargs=3,
    type=AREA,
    metavar="总面积 参与面积 同意面积",
    help="业主大会的专有部分面积（平方米）。",
)
@option("--draft", "draft_name", default="draft", help="草案文件名（不含 .md），默认 draft。")
def adopt(
    charter_dir: Path,
    vote_date: dt.date,
    body: str,
    eligible: int,
    present: int,
    votes_for: int,
    against: int,
    abstain: int,
    count_unit: str,
    place: str | None,
    result: str,
    published: dt.date | None,
    effective: dt.date | None,
    area: tuple[Decimal, Decimal, Decimal] | None,
    draft_name: str,
) -> None:
    """把表决过的草案变成以表决日期命名的版本，并记入 gongyue.lock。

    先检查票数、日期和通过条件；检查不通过时草案保持原样。

    \b
    示例：
      gongyue adopt docs/chenghua/mengzhuiwan/xinhong/jumin-gongyue \\
        --date 2027-01-09 --body 居民代表会议 --unit 代表 \\
        --eligible 50 --present 43 --for 40 --against 1 --abstain 2 \\
        --published 2027-01-11
    """
    vote = Vote(
        vote_date,
        body,
        eligible,
        present,
        votes_for,
        against,
        abstain,
        count_unit,
        place,
        result,
        published,
        effective,
        area,
    )
    project = load_project(charter_dir)
    done = workflow.adopt(project, charter_dir, vote, draft_name, _today(None, project))
    _say(done.notes)
    click.echo(
        f"已生成 {done.path}，删除了草案，并更新了 gongyue.lock。请把它们一起提交（提交：把这次改动存进仓库，见编辑指南《在网页上修改公约》）。"
    )


@gongyue.command("lock")
@click.argument("site_dir", default=".", type=FOLDER)
@option(
    "--rechain",
    is_flag=True,
    help="在已锁定的版本之前补录了版本时，接受新的指纹链（已经印出的指纹会作废）。",
)
@DATE_OPTION
def lock_command(site_dir: Path, rechain: bool, on: dt.date | None) -> None:
    """记录每个已表决版本的指纹（gongyue.lock）。

    已表决的文本或表决记录被改动、而勘误（errata）没有写明这处改动时拒绝；
    有 git 历史时，还要与每个版本首次提交时的内容一致。被中断的 adopt 或 move 会先被补完。

    \b
    示例：
      gongyue lock
    """
    project = load_project(site_dir)
    done = workflow.lock(project, _today(on, project), rechain)
    _say(done.notes)
    for path, old, new in done.rechained:
        click.echo(
            f"接受了新的指纹：{path}（原 {old[:SHORT]}，现 {new[:SHORT]}）；已经印出的旧指纹作废。"
        )
    click.echo(f"gongyue.lock 已更新，记录了 {done.count} 个已表决的版本。")


@gongyue.command("move")
@click.argument("charter_dir", type=FOLDER)
@click.argument("new_name")
@DATE_OPTION
def move_command(charter_dir: Path, new_name: str, on: dt.date | None) -> None:
    """给公约文件夹改名：锁定记录随之更改，旧网址自动转到新网址。

    NEW_NAME 是新的文件夹名（小写字母、数字、连字符），仍在同一个单位里。
    单位的 index.md 会记下 renamed（旧名: 新名），网站为旧网址生成转向页，
    公告栏上旧二维码仍能打开。

    \b
    示例：
      gongyue move docs/chenghua/mengzhuiwan/xinhong/jumin-gongyue xinhong-jumin-gongyue
    """
    project = load_project(charter_dir)
    done = workflow.move(project, charter_dir, new_name, _today(on, project))
    _say(done.notes)
    click.echo(
        f"已把 {done.old} 改名为 {done.new}，并更新了 gongyue.lock 和单位的 index.md。请一起提交。"
    )


@gongyue.command("diff")
@click.argument("charter_dir", type=FOLDER)
@option("--from", "start", metavar="YYYY-MM-DD", help="修改前的版本，默认为修改后版本的上一版。")
@option("--to", "end", metavar="YYYY-MM-DD|draft", help="修改后的版本，默认为现行文本。")
@option("--format", "fmt", type=Choice(["text", "json"]), default="text", help="输出格式。")
@DATE_OPTION
def diff_command(
    charter_dir: Path, start: str | None, end: str | None, fmt: str, on: dt.date | None
) -> None:
    """在终端里看两个版本的修改对照。

    \b
    示例：
      gongyue diff docs/chenghua/mengzhuiwan/xinhong/jumin-gongyue
      gongyue diff docs/chenghua/mengzhuiwan/xinhong/jumin-gongyue --to draft --format json
    """
    project = load_project(charter_dir)
    result = workflow.diff(project, charter_dir, start, end, _today(on, project))
    if fmt == "json":
        document = diff_document(result.old.slug, result.new.slug, result.comparison)
        click.echo(json.dumps(document, ensure_ascii=False, indent=2))
        return
    click.echo(f"{result.old.slug} → {result.new.slug}：{result.comparison.summary}")
    for change in result.comparison.changes:
        if change.op != "unchanged":
            click.echo(_diff_line(change))


@gongyue.command()
@click.argument("site_dir", default=".", type=FOLDER)
@option(
    "--only",
    "unit_dir",
    type=FOLDER,
    help="只预览这个单位（社区、院落）及其下属单位，大城市里也几秒就好。",
)
@option("--port", default=8000, type=WholeNumber(1024, 65535), help="端口，默认 8000。")
def serve(site_dir: Path, unit_dir: Path | None, port: int) -> None:
    """在本机预览网站，修改文件后自动刷新（按 Ctrl+C 结束）。

    \b
    示例：
      gongyue serve
      gongyue serve --only docs/chenghua/mengzhuiwan/xinhong/yuan-3
    """
    command, env = engine.serve_command(load_project(unit_dir or site_dir), unit_dir, port)
    scope = env.get(ONLY_ENV)
    click.echo(f"预览地址：http://127.0.0.1:{port}/" + (f"{scope}/" if scope else ""), err=True)
    # Become the server, so that Ctrl+C and a stop signal reach it directly.
    os.execve(command[0], command, env)


@gongyue.command("export")
@click.argument("out", type=ANY_PATH)
@click.argument("site_dir", default=".", type=FOLDER)
@option(
    "--build",
    "engine",
    type=Choice(sorted(ENGINES)),
    help="导出后用这个建站工具生成网站（OUT/site），再生成 Pagefind 搜索索引。",
)
@DATE_OPTION
def export_command(out: Path, site_dir: Path, engine: str | None, on: dt.date | None) -> None:
    """把生成的页面写到新文件夹 OUT，不用 gongyue 插件也能建站（给运维人员）。

    OUT 里有 docs/（全部页面、订阅、开放数据、张贴版、繁体页）和一份 mkdocs.yml，
    MkDocs、ProperDocs 和 Zensical 都能直接构建，不需要 gongyue 插件。

    这些建站工具不会生成本站的搜索索引（Zensical 另写一份它自己的 search.json，本站的搜索页不用它）：
    加 --build 时由 gongyue 在建站之后用 Pagefind 补上；自己建站时，建完再运行
    python -m pagefind --site OUT/site（只收录标了 data-pagefind-body 的页面）。

    OUT 必须是新的或空的文件夹；源文件不会被修改。

    \b
    示例：
      gongyue export ../导出 --build zensical
      gongyue export ../导出 && cd ../导出 && mkdocs build
    """
    project = load_project(site_dir)
    done = export_project(project, out, _today(on, project))
    click.echo(f"已导出到 {out}：{done.pages} 个生成页面，共 {done.files} 个文件。")
    if engine:
        try:
            site = build_export(out.resolve(), engine)
        except EngineError as error:
            _fail(f"错误：{error}", 1)
        click.echo(f"已用 {engine} 生成网站并建好搜索索引：{site}")


@gongyue.command("shards")
@click.argument("site_dir", default=".", type=FOLDER)
@option(
    "--depth",
    default=1,
    type=WholeNumber(1, 9),
    show_default=True,
    help="分片在第几层单位：1 是最上一层（如各区、各市），2 是它们的下一层。",
)
@option("--keys", is_flag=True, help="同时列出每个分片的输入键（用作 CI 缓存的键）。")
@option(
    "--node",
    type=NODE,
    metavar="I/N",
    help="只列出 N 个并行任务中第 I 个要构建的分片，每行一个（GitLab 的 parallel: N）。",
)
def shards_command(site_dir: Path, depth: int, keys: bool, node: tuple[int, int] | None) -> None:
    """列出分片构建的分片（JSON 数组，供 CI 的矩阵使用）。

    一个省、一个大城市的网站可以分成若干个分片，每个分片是一个单位及其下属单位，
    由 CI 的矩阵分别构建，再由 gongyue build --top 和 gongyue merge 合成一个网站，
    与一次构建的结果逐字节相同。

    \b
    示例：
      gongyue shards
      gongyue shards --depth 2 --keys
      gongyue shards --node 1/4
    """
    project = load_project(site_dir)
    plan = sharded.plan(project, depth)
    if node is not None:
        click.echo("\n".join(sharded.for_node(plan, *node)))
    elif keys:
        by_shard = {s: engine.key_of(project, s) for s in plan}
        click.echo(json.dumps(by_shard, ensure_ascii=False, indent=1))
    else:
        click.echo(sharded.plan_json(plan))


@gongyue.command("build")
@click.argument("site_dir", default=".", type=FOLDER)
@option("--shard", "shard", metavar="单位文件夹", help="只构建这个单位及其下属单位（一个分片）。")
@option(
    "--top",
    "tops",
    multiple=True,
    type=EXISTING_FOLDER,
    metavar="分片输出",
    help="构建顶层页面（首页、目录、统计、订阅、开放数据），用这些分片的输出；可写多次。",
)
@option(
    "-d",
    "--site-dir",
    "out",
    type=FOLDER,
    help="输出文件夹（会被清空后重写）；只打印输入键时不用写。",
)
@option("--print-key", is_flag=True, help="只打印这个分片的输入键，不构建。")
def build_command(
    site_dir: Path, shard: str | None, tops: tuple[Path, ...], out: Path | None, print_key: bool
) -> None:
    """构建一个分片，或用各分片的输出构建顶层页面（运维人员在 CI 里用）。

    分片的输入（它的源文件、上级单位、所依范本、网站设置、工具版本、构建日期）没有变化、
    输出文件夹里已有同一输入键的结果（CI 缓存恢复的）时，直接沿用，不重新构建。

    \b
    示例：
      gongyue build --shard docs/chenghua -d out/chenghua
      gongyue build --top out/chenghua --top out/wuhou -d out/top
      gongyue build --top out -d top      （out 下的全部分片输出）
    """
    if bool(shard) == bool(tops):
        _fail(
            "错误：--shard 与 --top 要写且只写一种。修改建议：先对每个分片运行 --shard，再运行一次 --top。",
            2,
        )
    if out is None and not print_key:
        _fail("错误：没有写输出文件夹。修改建议：加上 -d 文件夹，例如 -d out/chenghua。", 2)
    project = load_project(site_dir)
    if shard:
        name = sharded.shard_of(project, shard)
        if print_key or out is None:  # (out is None only when printing the key)
            click.echo(engine.key_of(project, name))
        elif engine.build_shard(project, name, out):
            click.echo(f"已构建分片 {name}：{out}")
        else:
            click.echo(f"分片 {name} 的输入没有变化，沿用 {out} 里已有的结果。")
        return
    if out is not None:
        used = engine.build_top(project, list(tops), out)
        click.echo(f"已构建顶层页面（用了 {used} 个分片的输出）：{out}")


@gongyue.command("merge")
@click.argument("top", type=EXISTING_FOLDER)
@click.argument(
    "shard_outputs",
    nargs=-1,
    required=True,
    type=EXISTING_FOLDER,
)
@option(
    "-o",
    "--out",
    required=True,
    type=FOLDER,
    help="合并后的网站文件夹（必须是新的或空的）。",
)
def merge_command(top: Path, shard_outputs: tuple[Path, ...], out: Path) -> None:
    """把顶层输出 TOP 与各分片的输出合成一个网站，并建搜索索引。

    分片输出可以逐个写，也可以写包含它们的文件夹。设了环境变量 GONGYUE_CACHE 时，
    搜索索引存进那个缓存文件夹（merge/ 下），收录的页面没有变就不再重建。

    \b
    示例：
      gongyue merge out/top out/chenghua out/wuhou -o site
      gongyue merge top out -o site
    """
    where = os.environ.get(CACHE_ENV, "")
    cache = sharded.merge_cache(Path(where), out, [top, *shard_outputs]) if where else None
    index = cache.indexer(pagefind.index) if cache is not None else pagefind.index
    pages = sharded.merge_outputs(top, list(shard_outputs), out, index)
    click.echo(f"已合并 {len(shard_outputs)} 个分片到 {out}；搜索收录 {pages} 个页面。")
    if cache is not None:
        cache.prune_indexes()
        for line in [*cache.notes, cache.search_summary()]:
            click.echo(line)


gongyue.add_command(log_group)
gongyue.add_command(monitor_command)
gongyue.add_command(decision_command)
gongyue.add_command(apply_command)
gongyue.add_command(print_command)
gongyue.add_command(import_command)
gongyue.add_command(import_uploads_command)


OP_WORDS = {"added": "新增", "deleted": "删除", "modified": "修改", "renumbered": "序号变化"}


def _diff_line(change: Change) -> str:
    head = f"【{OP_WORDS[change.op]}】{change.old_label or ''}{' → ' if change.old and change.new else ''}{change.new_label or ''}"
    head += "".join(f"（{r.words}）" for r in change.relations)
    if change.op == "modified":
        text = "".join(
            s.text if s.op == "same" else f"[-{s.text}-]" if s.op == "del" else f"{{+{s.text}+}}"
            for s in change.redline
        )
    else:
        provision = change.new or change.old
        text = (provision.heading + provision.text) if provision else ""
    return f"{head}\n  {text}"


def main() -> None:
    """Console entry point."""
    gongyue.main(prog_name="gongyue")
