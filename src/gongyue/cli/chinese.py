"""click in Chinese, through click's own extension points.

Click writes its help and its usage errors in English. Rather than rewrite its
sentences after the fact, every piece that speaks is ours: the command and
group classes lay out help with Chinese headings and extras; every parameter
type checks its value and fails with a Chinese sentence; the few usage errors
click raises itself (a missing parameter, an unknown option, an option without
its value) carry the parameter or option they are about, and ``usage_message``
says them in Chinese from those attributes, never from click's wording.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import click

FAIL = "参数的值无效"


class ChineseUsageError(click.UsageError):
    """A usage error whose message is already Chinese."""


class ChineseOption(click.Option):
    """An option whose help extras (默认, 范围, 必填) are said in Chinese."""

    def get_help_extra(self, ctx: click.Context) -> Any:
        return {}  # click's extras are English; ``chinese_extras`` says them instead

    def chinese_extras(self) -> list[str]:
        extras = []
        if self.show_default and self.default not in (None, ""):
            extras.append(f"默认 {self.default}")
        if isinstance(self.type, WholeNumber):
            extras.append(self.type.words())
        if self.required:
            extras.append("必填")
        return extras


option = functools.partial(click.option, cls=ChineseOption)


class ChineseCommand(click.Command):
    """Help in Chinese: headings, the help option, and the 示例 block kept as written."""

    def format_usage(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        formatter.write_usage(ctx.command_path, " ".join(self.collect_usage_pieces(ctx)), "用法：")

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [
            row
            for p in self.get_params(ctx)
            if isinstance(p, click.Option) and (row := _help_row(p, ctx)) is not None
        ]
        if rows:
            with formatter.section("选项"):
                formatter.write_dl(rows)

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        option = super().get_help_option(ctx)
        if option is not None:
            option.help = "显示本帮助并退出。"
        return option

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        # click refuses extra arguments in English; let them through and refuse them here.
        allowed, ctx.allow_extra_args = ctx.allow_extra_args, True
        try:
            rest = super().parse_args(ctx, args)
        except click.UsageError as error:
            error.ctx = error.ctx or ctx  # click's parser leaves out which command it was parsing
            raise
        finally:
            ctx.allow_extra_args = allowed
        if rest and not allowed and not ctx.resilient_parsing:
            raise ChineseUsageError(f"多写了参数：{' '.join(rest)}", ctx)
        return rest


def _help_row(param: click.Option, ctx: click.Context) -> tuple[str, str] | None:
    record = param.get_help_record(ctx)
    if record is None:
        return None
    names, text = record
    extras = param.chinese_extras() if isinstance(param, ChineseOption) else []
    return names, f"{text}  [{'；'.join(extras)}]" if extras else text


class ChineseGroup(ChineseCommand, click.Group):
    command_class = ChineseCommand

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        ChineseCommand.format_options(self, ctx, formatter)
        self.format_commands(ctx, formatter)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [
            (name, cmd.get_short_help_str(60))
            for name in self.list_commands(ctx)
            if (cmd := self.get_command(ctx, name)) is not None
        ]
        if rows:
            with formatter.section("命令"):
                formatter.write_dl(rows)

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if not args and self.no_args_is_help and not ctx.resilient_parsing:
            click.echo(ctx.get_help())  # ``gongyue`` alone, or ``gongyue new``: the help
            ctx.exit(0)
        return click.Group.parse_args(self, ctx, args)

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        name = args[0]
        if self.get_command(ctx, name) is None and not ctx.resilient_parsing:
            known = " ".join(self.list_commands(ctx))
            raise ChineseUsageError(f"没有“{name}”这个命令（可用的命令：{known}）", ctx)
        return super().resolve_command(ctx, args)


ChineseGroup.group_class = ChineseGroup


def usage_message(error: click.UsageError) -> str:
    """One Chinese line for a usage error, with where to read the command's help."""
    param = getattr(error, "param", None)
    choices = (
        f"可选：{' '.join(str(c) for c in param.type.choices)}；"
        if param is not None and isinstance(param.type, click.Choice)
        else ""
    )
    command = error.ctx.command_path if error.ctx else "gongyue"
    return (
        f"错误：{_what_is_wrong(error)}。修改建议：{choices}运行“{command} --help”查看用法和示例。"
    )


def _what_is_wrong(error: click.UsageError) -> str:
    if isinstance(error, ChineseUsageError):
        return error.message
    if isinstance(error, click.MissingParameter):
        return f"缺少必填的参数（{_name_of(error.param)}）"
    if isinstance(error, click.BadParameter):  # raised by our types, whose messages are Chinese
        return f"{FAIL}（{_name_of(error.param)}）：{error.message}"
    if isinstance(error, click.NoSuchOption):
        maybe = f"，是不是要写 {' 或 '.join(error.possibilities)}" if error.possibilities else ""
        return f"没有这个选项（{error.option_name}）{maybe}"
    if isinstance(error, click.BadOptionUsage):
        return f"选项 {error.option_name} 后面{_values_wanted(error)}"
    return "用法有误"


def _name_of(param: click.Parameter | None) -> str:
    if param is None:
        return ""
    if isinstance(param, click.Option):
        return "/".join(param.opts)
    return param.human_readable_name


def _values_wanted(error: click.BadOptionUsage) -> str:
    """An option given without its value(s): how many it takes."""
    command = error.ctx.command if error.ctx else None
    params = command.params if command is not None else []
    nargs = next((p.nargs for p in params if error.option_name in p.opts), 1)
    return "要写一个值" if nargs == 1 else f"要写 {nargs} 个值"


# Parameter types: each says in Chinese what is wrong and what is expected.


class WholeNumber(click.ParamType):
    """A whole number in a range; digits typed with a Chinese input method count too."""

    name = "整数"

    def __init__(self, low: int = 0, high: int | None = None):
        self.low, self.high = low, high

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if isinstance(value, int):
            return value
        text = str(value).strip()
        number = int(text) if text.isdecimal() else None
        if number is None or number < self.low or (self.high is not None and number > self.high):
            self.fail(f"“{value}”不是合适的整数（{self.words()}）", param, ctx)
        return number

    def words(self) -> str:
        if self.high is not None:
            return f"{self.low} 到 {self.high} 之间的整数"
        return f"不小于 {self.low} 的整数"


class Choice(click.Choice):  # type: ignore[type-arg]
    """One of the listed words (the usage line lists them)."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if value in self.choices:
            return value
        self.fail(f"“{value}”不是可选的值", param, ctx)


class Folder(click.ParamType):
    """A folder, as a Path; ``exists``: it must be there already."""

    name = "文件夹"

    def __init__(self, exists: bool = False):
        self.exists = exists

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        path = Path(value)
        if path.exists() and not path.is_dir():
            self.fail(f"“{value}”是一个文件，这里要写文件夹", param, ctx)
        if self.exists and not path.is_dir():
            self.fail(f"找不到文件夹“{value}”", param, ctx)
        return path


class AnyPath(click.ParamType):
    """A path to something that may not exist yet."""

    name = "路径"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        return Path(value)


class NodeOfNodes(click.ParamType):
    """I/N: the I-th of N parallel jobs (1 ≤ I ≤ N)."""

    name = "I/N"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if isinstance(value, tuple):
            return value
        match = re.fullmatch(r"\s*(\d+)\s*/\s*(\d+)\s*", str(value))
        if match is None or not 1 <= int(match.group(1)) <= int(match.group(2)):
            self.fail(f"“{value}”不是 I/N 的形式（例如 1/4，I 从 1 数到 N）", param, ctx)
        return int(match.group(1)), int(match.group(2))


ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")  # Python also reads 20240501; a committee should not


class ChineseDate(click.ParamType):
    """YYYY-MM-DD, a day that exists; anything else is one Chinese line."""

    name = "日期"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if isinstance(value, dt.date):
            return value
        text = str(value).strip()
        try:
            if not ISO_DATE.match(text):
                raise ValueError(text)
            return dt.date.fromisoformat(text)
        except ValueError:
            self.fail(f"“{value}”不是有效的日期，请写成 YYYY-MM-DD，例如 2026-03-20", param, ctx)


class Area(click.ParamType):
    """Square metres, exact: 1234.56."""

    name = "面积"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        try:
            area = Decimal(str(value).strip().replace(",", ""))
        except InvalidOperation:
            area = Decimal(-1)
        if not area.is_finite() or area < 0:
            self.fail(f"“{value}”不是面积，请写平方米数，例如 12345.67", param, ctx)
        return area


class OneLine(click.ParamType):
    """A name, title or place: one line of text, without control characters."""

    name = "文字"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        text = str(value)
        if any(ord(c) < 0x20 or ord(c) == 0x7F or c in "\u2028\u2029" for c in text):
            first = text.splitlines()[0] if text.splitlines() else ""
            self.fail(f"“{first}…”里有换行或控制字符，只能写一行文字", param, ctx)
        if not text.strip():
            self.fail("不能是空的", param, ctx)
        return text.strip()


class WebAddress(OneLine):
    """A site or repository address: http(s)://host/…, or empty (to be written later)."""

    name = "网址"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if str(value) == "":
            return ""
        text = super().convert(value, param, ctx)
        if not re.fullmatch(r"https?://[^\s/?#]+[^\s]*", text, re.IGNORECASE):
            self.fail(f"“{text}”不是网址，要以 https:// 或 http:// 开头", param, ctx)
        return text


# Every type the commands use: a test walks the commands and finds no other.
TYPES = (WholeNumber, Choice, Folder, AnyPath, NodeOfNodes, ChineseDate, Area, OneLine)
