"""``gongyue decision`` and ``gongyue apply``: the amendment as it is voted (issue 25).

Both read text files only and write nothing unless told where (``-o``), and then
never over an existing file. Errors are Chinese, with the decision's line.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import click

from gongyue.cli.chinese import AnyPath, ChineseCommand, Choice, OneLine, option
from gongyue.procedure.workflow import WorkflowError
from gongyue.text.decision.apply import ApplyError, apply_decision
from gongyue.text.decision.generate import Unsayable, decide
from gongyue.text.decision.items import Item, decision_text
from gongyue.text.decision.written import WrittenError, read_decision
from gongyue.text.numerals import int_to_cn


@click.command("decision", cls=ChineseCommand)
@click.argument("old", type=AnyPath())
@click.argument("new", type=AnyPath(), required=False)
@option("--from", "since", type=OneLine(), help="公约文件夹：修改前的版本日期（如 2016-03-20）。")
@option("--to", "until", type=OneLine(), help="公约文件夹：修改后的版本日期。")
@option(
    "--format",
    "fmt",
    type=Choice(("text", "json")),
    default="text",
    help="text：修改决定的文字；json：逐项列出。",
)
@option("--title", type=OneLine(), help="公约的名称（默认取新文本的 title）。")
def decision_command(
    old: Path, new: Path | None, since: str | None, until: str | None, fmt: str, title: str | None
) -> None:
    """由修改前后的两个文本生成修改决定（《关于修改〈……〉的决定》）。

    OLD、NEW 是两个版本的文件（或任何两个 Markdown、纯文本文件）；也可以给一个公约文件夹，
    用 --from、--to 写明前后两个版本的日期。各项按原文的顺序排列，用原文的条文序号指明要改的
    地方，新增的条文写明修改后的序号。只打印，不写任何文件。

    \b
    示例：
      gongyue decision 2016-03-20.md 2020-05-20.md
      gongyue decision 旧.md 新.md --format json
      gongyue decision docs/某街道/某社区/居民公约 --from 2016-03-20 --to 2020-05-20
    """
    old, new = _two_versions(old, new, since, until)
    old_text, new_text = _body(old), _body(new)
    try:
        items = decide(old_text, new_text)
    except Unsayable as error:
        raise WorkflowError(f"{error}", "用修改对照页说明这次修改，或把修改拆成几次。") from None
    if not items:
        click.echo("两个文本的条文没有区别，不需要修改决定。", err=True)
        return
    if fmt == "json":
        click.echo(json.dumps({"items": [_listed(i) for i in items]}, ensure_ascii=False, indent=1))
        return
    click.echo(decision_text(title or _title(new) or "本公约", items), nl=False)


@click.command("apply", cls=ChineseCommand)
@click.argument("old", type=AnyPath())
@click.argument("decision", type=AnyPath())
@option("-o", "--out", type=AnyPath(), help="把修改后的文本写进这个新文件（不能是已有的文件）。")
def apply_command(old: Path, decision: Path, out: Path | None) -> None:
    """把修改决定 DECISION 用到文本 OLD 上，打印（或写出）修改后的文本。

    读得懂自己生成的决定，也读得懂人大常委会等公布的决定的写法（一项中先写“将第X条改为第Y条”，
    再写“第一款修改为”“增加一款”等）。引用的文字找不到、条文不存在、两项改同一处，都会指出
    是决定的第几行、第几项，不写任何文件。没有写明而随之变化的（条文序号、项末的标点、
    引用的文字出现不止一处而都已修改）列在后面。

    \b
    示例：
      gongyue apply 2016-03-20.md 修改决定.txt
      gongyue apply 2016-03-20.md 修改决定.txt -o 修改后.md
    """
    written = _read(decision)
    try:
        items = read_decision(written)
        applied = apply_decision(_body(old), items)
    except WrittenError as error:
        raise WorkflowError(f"{decision}:{error.line}: {error.message}", error.hint) from None
    except ApplyError as error:
        where = f"{decision}:{error.line}: " if error.line else ""
        raise WorkflowError(
            f"{where}第{int_to_cn(error.number)}项：{error.message}", error.hint
        ) from None
    except ValueError as error:
        raise WorkflowError(f"{old}：{error}", "这样的文本暂时只能整篇修改。") from None
    if out is None:
        click.echo(applied.body, nl=not applied.body.endswith("\n"))
    elif out.exists():
        raise WorkflowError(f"{out} 已经存在，没有改动它。", "写一个新的文件名。")
    else:
        out.write_text(applied.body, encoding="utf-8")
        click.echo(f"已写出 {out}。", err=True)
    for line in applied.implied:
        click.echo(f"随之变化：{line}", err=True)


def _two_versions(
    old: Path, new: Path | None, since: str | None, until: str | None
) -> tuple[Path, Path]:
    """The two files compared: OLD and NEW, or a charter folder's versions of two dates."""
    if not old.is_dir():
        if new is None:
            raise WorkflowError(
                "少了修改后的文本。", "写两个文件，或一个公约文件夹加 --from、--to。"
            )
        return old, new
    if new is not None or not since or not until:
        raise WorkflowError(
            f"{old} 是公约文件夹，要写明比较哪两个版本。",
            f"写成 gongyue decision {old} --from 修改前的日期 --to 修改后的日期。",
        )
    versions = sorted(p.stem for p in old.glob("[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9].md"))
    for date in (since, until):
        if date not in versions:
            known = "、".join(versions) or "（没有）"
            raise WorkflowError(f"{old} 没有 {date} 的版本。", f"这个公约的版本有：{known}。")
    return old / f"{since}.md", old / f"{until}.md"


def _listed(item: Item) -> dict[str, object]:
    """An item as JSON: what it says, without empty fields (where an insertion goes is
    always said)."""
    listed: dict[str, object] = {
        k: v for k, v in dataclasses.asdict(item).items() if v and k not in ("line", "after")
    }
    if item.kind == "insert_words":
        listed["after"] = item.after
    return listed


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise WorkflowError(f"找不到文件 {path}。", "核对文件名。") from None
    except UnicodeDecodeError:
        raise WorkflowError(
            f"{path} 不是 UTF-8 编码的文本。", "用“另存为”选 UTF-8 保存。"
        ) from None
    except IsADirectoryError:
        raise WorkflowError(f"{path} 是一个文件夹。", "写一个文件。") from None


def _body(path: Path) -> str:
    """The text after a version file's front matter (all of a plain text file)."""
    text = _read(path)
    if text.startswith("---\n"):
        end = text.find("\n---\n", 4)
        if end >= 0:
            return text[end + 5 :]
    return text


def _title(path: Path) -> str | None:
    text = _read(path)
    for line in text.split("\n")[1:40] if text.startswith("---\n") else []:
        if line.startswith("title:"):
            return line.removeprefix("title:").strip().strip("'\"") or None
    return None
