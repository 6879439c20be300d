"""``gongyue log``: the record's log for operators — a key, the log written beside a built
site, and the check that a log extends the one seen before (issue 24).

The private key comes from the environment (``GONGYUE_LOG_KEY``, a CI secret),
never from a file in the repository; nothing here goes to the network: the
log the live site serves is handed in as a folder CI fetched.
"""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Callable
from pathlib import Path

import click
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from gongyue.adapters import engine, web
from gongyue.adapters.options import load_project
from gongyue.cli.chinese import ChineseCommand, ChineseGroup, Folder, OneLine, option
from gongyue.procedure.checks import check_tree
from gongyue.procedure.workflow import WorkflowError, project_rules
from gongyue.publish.log import (
    FOLDER,
    MissingFile,
    Published,
    PublishedLogError,
    extension_problem,
    fetch_log,
    folder_reader,
    has_log,
    lock_digest,
    log_files,
    next_entries,
    read_published,
)
from gongyue.publish.monitor import monitor
from gongyue.record.model import Site
from gongyue.record.project import Project
from gongyue.record.tlog.entries import LogError
from gongyue.record.tlog.note import NoteError, Verifier, parse_signer, signer_text, verifier_of

KEY_VARIABLE = "GONGYUE_LOG_KEY"


@click.group("log", cls=ChineseGroup)
def log_group() -> None:
    """公约记录日志：仓库之外的见证（规范见编辑指南《公约记录日志 v1》）。

    \b
    示例：
      gongyue log key gongyue.example.cn/chengdu
      gongyue log write site --previous 线上网站
      gongyue log check 以前看到的 现在的 --key 验证密钥
    """


@log_group.command("key")
@click.argument("name", type=OneLine())
def key_command(name: str) -> None:
    """新建日志的签名密钥：私钥放进 CI 的机密变量，验证密钥公开。

    NAME 是日志的名字，写网站的地址（不带 https://），例如 gongyue.example.cn/chengdu。

    \b
    示例：
      gongyue log key gongyue.example.cn/chengdu
    """
    private = Ed25519PrivateKey.generate()
    try:
        secret = signer_text(name, private)
    except NoteError:
        raise WorkflowError(
            "日志的名字里不能有空格或加号。", "写网站的地址，例如 gongyue.example.cn/chengdu。"
        ) from None
    click.echo(f"私钥（只放进 CI 的机密变量 {KEY_VARIABLE}，不要提交到仓库，不要发给别人）：")
    click.echo(secret)
    click.echo("验证密钥（公开：写在网站的说明里，交给街道办和愿意监督的人）：")
    click.echo(verifier_of(name, private).text())


@log_group.command("write")
@click.argument("out", type=Folder())
@click.argument("site_dir", default=".", type=Folder())
@option(
    "--previous",
    type=Folder(exists=True),
    help="线上网站现在的 log/ 所在的文件夹（gongyue log fetch 下载的）。",
)
@option("--first", is_flag=True, help="这是这个网站的第一份日志（以前没有公布过）。")
@option(
    "--previous-key",
    help="更换了签名密钥时：以前那个密钥的验证密钥（核对线上的日志用它，新日志里记下这次更换）。",
)
def write_command(
    out: Path, site_dir: Path, previous: Path | None, first: bool, previous_key: str | None
) -> None:
    """在文件夹 OUT 里写出这些源文件的日志 log/：以前公布的条目原样保留，接上新的。

    在生成网站之前运行；mkdocs.yml 里的 log: 写 OUT，网站就带上日志，每个版本的页面和张贴版印出它在日志里的位置。
    私钥从环境变量 GONGYUE_LOG_KEY 读取。记录有错误（gongyue check 报的），或与已公布的日志对不上时
    （已表决的文本被改、版本被删……），拒绝，不写任何文件。

    \b
    示例：
      gongyue log fetch 线上网站
      gongyue log write 日志 --previous 线上网站
      gongyue log write 日志 --first                 第一次公布，从现有的记录和锁定文件开始
    """
    name, private = _signer()
    verifier = verifier_of(name, private)
    seen_by = _verifier(previous_key, "--previous-key") if previous_key else verifier
    previous_log = _previous(previous, first, seen_by)
    project = load_project(site_dir)
    if out.resolve().is_relative_to(project.docs_dir.resolve()):
        raise WorkflowError(f"{out} 在 docs 里面。", "日志写在 docs 外面的文件夹里，例如“日志”。")
    site = _checked_site(project)
    try:
        entries = next_entries(previous_log, site, verifier, lock_digest(project.site_dir))
    except LogError as error:
        raise WorkflowError(f"{error.message}没有写出日志。", error.hint) from None
    files = log_files(entries, name, private)
    _replace_log(out, files)
    added = len(entries) - (previous_log.checkpoint.size if previous_log else 0)
    click.echo(f"已在 {out / FOLDER} 写出日志：共 {len(entries)} 条，新增 {added} 条。")


def _checked_site(project: Project) -> Site:
    """The record, checked as gongyue check checks it: a log never starts from, or takes
    in, a record whose lock or history says it was tampered with."""
    today = engine.build_day(project)
    site, report = check_tree(
        project.site_dir,
        project.docs_dir,
        project_rules(project),
        today,
        extra_files=project.settings.extra_files,
        git=project.git,
    )
    if report.errors:
        raise WorkflowError(
            f"记录有 {len(report.errors)} 个错误，没有写出日志。",
            "运行 gongyue check，改正以后再写日志。",
            problems=report.errors,
        )
    return site


def _replace_log(out: Path, files: dict[str, bytes]) -> None:
    """Write the log's files in place of an older log, whole or not at all: into a folder
    beside it first, then swapped in. A ``log`` folder that holds no log is never touched."""
    old = out / FOLDER
    if old.exists() and not has_log(out):
        raise WorkflowError(
            f"{old} 已经存在，而且不是日志（没有 checkpoint），没有改动它。",
            "日志写在一个单独的文件夹里，例如 log-new。",
        )
    staging = out / ".gongyue-log-staging"
    shutil.rmtree(staging, ignore_errors=True)
    for path, data in files.items():
        target = staging / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    if old.exists():
        shutil.rmtree(old)
    (staging / FOLDER).rename(old)
    staging.rmdir()


@log_group.command("check")
@click.argument("seen", type=Folder(exists=True))
@click.argument("now", type=Folder(exists=True))
@option("--key", "key", required=True, help="网站公布的验证密钥。")
def check_command(seen: Path, now: Path, key: str) -> None:
    """核对网站现在的日志 NOW 是不是以前看到的 SEEN 加上新的条目。

    两个文件夹里都要有 log/（例如两次下载的网站）。不是时退出码为 1，并说明哪里不对。

    \b
    示例：
      gongyue log check 上个月的 今天的 --key 验证密钥
    """
    verifier = _verifier(key, "--key")
    old, new = _read(seen, verifier), _read(now, verifier)
    problem = extension_problem(old, new)
    if problem:
        raise WorkflowError(f"{problem}", "向网站的运维人员和街道办报告；保留这两份日志作证据。")
    added = new.checkpoint.size - old.checkpoint.size
    click.echo(f"日志是以前那份加上 {added} 条新的，以前公布的记录没有被改动。")


def _verifier(text: str, option_name: str) -> Verifier:
    try:
        return Verifier.parse(text)
    except NoteError:
        raise WorkflowError(
            f"{option_name} 不是验证密钥。", "照网站公布的抄全（名字+编号+密钥）。"
        ) from None


def _signer() -> tuple[str, Ed25519PrivateKey]:
    text = os.environ.get(KEY_VARIABLE, "")
    if not text:
        raise WorkflowError(
            "没有日志的私钥。",
            f"在 CI 的机密变量 {KEY_VARIABLE} 里放 gongyue log key 给出的私钥。",
        )
    try:
        return parse_signer(text)
    except NoteError:
        raise WorkflowError(f"{KEY_VARIABLE} 不是 gongyue log key 给出的私钥。") from None


def _previous(folder: Path | None, first: bool, verifier: Verifier) -> Published | None:
    if folder is None and not first:
        raise WorkflowError("要写 --previous（线上网站现在的日志）或 --first（第一份日志）。")
    if folder is not None and first:
        raise WorkflowError("--previous 与 --first 只能写一个。")
    if folder is None:
        return None
    if not has_log(folder):
        raise WorkflowError(
            f"{folder} 里没有已公布的日志（log/checkpoint）。", "第一次公布时用 --first。"
        )
    return _read(folder, verifier)


def _read(folder: Path, verifier: Verifier) -> Published:
    try:
        return read_published(folder_reader(folder), verifier)
    except PublishedLogError as error:
        raise WorkflowError(f"{folder}：{error}") from None


@log_group.command("fetch")
@click.argument("out", type=Folder())
@option("--from", "address", help="网站的地址（默认用 mkdocs.yml 里的 site_url）。")
@click.argument("site_dir", default=".", type=Folder())
def fetch_command(out: Path, address: str | None, site_dir: Path) -> None:
    """下载正在公布的网站的日志 log/，放进文件夹 OUT，给 gongyue log write --previous 用。

    只下载，不核对（核对在写日志时做）。网站还没有日志时退出码为 1：第一次公布时不下载，写日志时用 --first。

    \b
    示例：
      gongyue log fetch 线上网站
      gongyue log fetch 线上网站 --from https://gongyue.example.cn/chengdu/
    """
    where = address or load_project(site_dir).site_url
    if not where:
        raise WorkflowError(
            "不知道网站的地址。", "写 --from https://网站地址，或在 mkdocs.yml 里写 site_url。"
        )
    read = web.site_reader(where)
    try:
        files = fetch_log(read)
    except MissingFile:
        raise WorkflowError(
            f"{where} 上没有日志（log/checkpoint）。",
            "第一次公布时不用下载，写日志时用 gongyue log write 日志 --first。",
        ) from None
    except (web.Unreachable, PublishedLogError) as error:
        raise WorkflowError(f"下载日志失败：{error}", "检查网址和网络，稍后再试。") from None
    _replace_log(out, files)
    click.echo(f"已把 {where} 的日志下载到 {out / FOLDER}（{len(files)} 个文件）。")


KEPT_KEY = "key"  # in a monitor's folder: the verifier key it was first given


@click.command("monitor", cls=ChineseCommand)
@click.argument("where", type=OneLine())
@option("--keep", type=Folder(), help="记下每次看到的日志的文件夹；下一次与它核对。")
@option("--key", "key", help="网站公布的验证密钥（第一次必须写；以后从 --keep 的文件夹里读）。")
def monitor_command(where: str, keep: Path | None, key: str | None) -> None:
    """监督一个网站：核对它的记录日志只增不改，新的每一条都与网站上的文本相符。

    WHERE 是网站的地址（https://…）或下载好的网站文件夹。用 --keep 记下这次看到的日志，
    下一次运行时核对网站有没有改写已经公布的记录，并列出新增的事项。
    发现不一致时退出码为 1，并用中文说明；可以放进 cron 每天运行。

    \b
    示例：
      gongyue monitor https://gongyue.example.cn/chengdu/ --keep 成都 --key 验证密钥
      gongyue monitor https://gongyue.example.cn/chengdu/ --keep 成都
    """
    verifier = _monitor_key(keep, key)
    kept = _kept(keep, verifier) if keep else None
    recorder = _Recorder(web.site_reader(where), keep)
    try:
        outcome = monitor(recorder.read, verifier, kept)
    except web.Unreachable as error:
        raise WorkflowError(
            f"读不到网站：{error}", "检查网址和网络，稍后再试；日志没有改动。"
        ) from None
    before = kept.checkpoint.size if kept else 0
    if outcome.published is not None:
        size = outcome.published.checkpoint.size
        click.echo(f"网站的日志：{size} 条（上次看到 {before} 条）。")
    for line in outcome.said:
        click.echo(line)
    if outcome.alarms:
        for alarm in outcome.alarms:
            click.echo(f"警报：{alarm}", err=True)
        click.echo(
            "发现不一致：已公布的记录可能被改写了。保留这个文件夹和这次的输出作证据，"
            "向街道办和网站的运维人员报告。",
            err=True,
        )
        sys.exit(1)
    if keep is not None and outcome.published is not None:
        _replace_log(keep, recorder.log_files())
        signer = outcome.verifier or verifier
        (keep / KEPT_KEY).write_text(signer.text() + "\n", encoding="utf-8")
    click.echo("核对完毕：以前公布的记录没有被改动。")


def _monitor_key(keep: Path | None, key: str | None) -> Verifier:
    """The key the site's checkpoints are checked with: the one the keep folder learnt (a
    rotation the log stated moves it on), else --key, needed on a first run."""
    stored = keep / KEPT_KEY if keep else None
    if stored is not None and stored.is_file():
        return _verifier(stored.read_text(encoding="utf-8"), str(stored))
    if key:
        return _verifier(key, "--key")
    raise WorkflowError(
        "第一次核对一个网站，要写 --key（网站公布的验证密钥）。",
        "向街道办或网站的运维人员要验证密钥；以后用同一个 --keep 文件夹就不用再写。",
    )


def _kept(keep: Path, verifier: Verifier) -> Published | None:
    return _read(keep, verifier) if has_log(keep) else None


class _Recorder:
    """Reads the site, keeping what it read under log/ for the next run; a full tile
    already kept is read from the keep folder (tiles never change once full)."""

    def __init__(self, read: Callable[[str], bytes], keep: Path | None):
        self.site, self.keep = read, keep
        self.seen: dict[str, bytes] = {}

    def read(self, path: str) -> bytes:
        kept = self.keep / path if self.keep else None
        full_tile = path.startswith(FOLDER + "tile/") and ".p/" not in path
        if kept is not None and full_tile and kept.is_file():
            data = kept.read_bytes()
        else:
            data = self.site(path)
        if path.startswith(FOLDER):
            self.seen[path] = data
        return data

    def log_files(self) -> dict[str, bytes]:
        return dict(self.seen)
