"""click speaks Chinese through its extension points: our types, our option class, our errors."""

from __future__ import annotations

import re

import click
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from gongyue.cli import gongyue
from gongyue.cli.chinese import TYPES, ChineseOption, WholeNumber

from .test_adopt import VOTE
from .test_check_corpus import C, good_site, write_tree
from .test_cli import all_commands

ENGLISH = re.compile(r"\b(Error|Usage|Invalid|Missing|required|default|Got|Options|No such)\b")


def run(*args: str):
    return CliRunner().invoke(gongyue, list(args))


PARAMS = [(name, p) for name, command in all_commands(gongyue) for p in command.params]


@pytest.mark.parametrize(("command", "param"), PARAMS, ids=[f"{c}:{p.name}" for c, p in PARAMS])
def test_every_parameter_is_checked_by_a_type_that_speaks_chinese(command, param):
    flag = isinstance(param, click.Option) and param.is_flag
    plain = isinstance(param.type, click.types.StringParamType) or flag  # these never fail
    assert plain or isinstance(param.type, TYPES), f"{command} {param.name}: {param.type!r}"
    if isinstance(param, click.Option) and param.name != "help":
        assert isinstance(param, ChineseOption), f"{command} {param.name}"


@pytest.mark.parametrize("name", [n for n, _ in all_commands(gongyue)])
def test_help_has_no_word_of_click_english(name):
    output = run(*name.split(), "--help").output
    assert not ENGLISH.search(output), output


def test_help_says_the_extras_in_chinese():
    adopt = run("adopt", "--help").output
    assert "[不小于 0 的整数；必填]" in adopt
    assert "[默认 1；1 到 9 之间的整数]" in run("shards", "--help").output


@pytest.fixture
def site(tmp_path, monkeypatch):
    root = write_tree(tmp_path / "site", good_site())
    monkeypatch.chdir(root)
    return root


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["chek"], "没有“chek”这个命令（可用的命令："),
        (["check", ".", "多余"], "多写了参数：多余"),
        (["adopt", C, "--date"], "选项 --date 后面要写一个值"),
        (["adopt", C, "--date", "2024-05-01", *VOTE, "--area", "1"], "选项 --area 后面要写 3 个值"),
        (["check", "--strikt"], "没有这个选项（--strikt），是不是要写 --strict"),
        (["adopt", C, "--date", "2024-05-01", *VOTE[:8]], "缺少必填的参数（--for）"),
        (["amend"], "缺少必填的参数（CHARTER_DIR）"),
        (["merge", "不存在", "out", "-o", "x"], "参数的值无效（TOP）：找不到文件夹“不存在”"),
        (
            ["check", "mkdocs.yml"],
            "参数的值无效（SITE_DIR）：“mkdocs.yml”是一个文件，这里要写文件夹",
        ),
        (["shards", "--depth", "0"], "“0”不是合适的整数（1 到 9 之间的整数）"),
        (["diff", C, "--format", "xml"], "“xml”不是可选的值。修改建议：可选：text json；"),
    ],
)
def test_usage_errors_are_one_chinese_line(site, args, words):
    result = run(*args)
    assert result.exit_code == 2, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("错误："), result.output
    assert words in lines[0]
    assert not ENGLISH.search(result.output), result.output


@pytest.mark.parametrize("args", [[], ["new"]])
def test_a_group_without_a_command_shows_its_help(args):
    result = run(*args)
    assert result.exit_code == 0 and "用法：" in result.output and "命令" in result.output


def test_counts_typed_with_a_chinese_input_method_are_numbers():
    assert WholeNumber(0).convert("４５", None, None) == 45


@settings(max_examples=60)
@given(st.text(max_size=8))
def test_any_count_is_a_number_or_one_chinese_refusal(text):
    try:
        number = WholeNumber(0).convert(text, None, None)
    except click.BadParameter as error:
        assert "不是合适的整数" in error.message and not ENGLISH.search(error.message)
    else:
        assert number >= 0 and str(number) == str(int(text.strip()))
