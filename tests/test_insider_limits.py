"""Bounded work, clear answers (issue 22, items 17 and 18).

Input that would make the build quadratic — a line of brackets, a charter with
hundreds of versions, a version with hundreds of errata — gets a located
Chinese error from ``gongyue check`` (and so stops the build), and the renderer
stays bounded for whatever reaches it without a check. No test here measures
time: each asserts the bounded path was taken.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest
from click.testing import CliRunner

from gongyue.cli import gongyue
from gongyue.publish import render
from gongyue.text.limits import MAX_BRACKETS, MAX_ERRATA, MAX_VERSIONS

from .conftest import lock_tree, unit_md, write_tree
from .test_check_corpus import GOOD_V2, V2, C, good_site


def check(root, *args: str):
    return CliRunner().invoke(gongyue, ["check", str(root), "--date", "2024-01-01", *args])


def codes(root) -> set[str]:
    result = check(root, "--format", "json")
    return {p["code"] for p in json.loads(result.stdout) if p["severity"] == "error"}


# 17. A line of brackets.


def test_a_line_of_eight_thousand_brackets_is_refused_where_it_stands(tmp_path):
    text = GOOD_V2.replace("第三条 本公约", "第三条 " + "[" * 8000 + "\n第四条 本公约")
    root = write_tree(tmp_path / "site", {**good_site(), V2: text})
    lock_tree(root)
    result = check(root)
    line = text.split("\n").index("第三条 " + "[" * 8000) + 1
    assert result.exit_code == 1
    assert f"{V2}:{line}: 错误：这一行有 8000 个“[”，超过了 {MAX_BRACKETS} 个" in result.output


def test_brackets_in_the_reasons_are_refused_at_the_reasons_line(tmp_path):
    text = GOOD_V2.replace("change: 修订", 'change: 修订\nreasons: "' + "[" * 8000 + '"', 1)
    root = write_tree(tmp_path / "site", {**good_site(), V2: text})
    lock_tree(root)
    result = check(root)
    line = text.split("\n").index('reasons: "' + "[" * 8000 + '"') + 1
    assert result.exit_code == 1
    assert f"{V2}:{line}: 错误：这一行有 8000 个“[”" in result.output


def test_brackets_in_a_units_prose_are_refused_too(tmp_path):
    prose = "本社区介绍。\n" + "[a" * 500
    root = write_tree(
        tmp_path / "site",
        {**good_site(), "docs/qu/shequ/index.md": unit_md("测试社区", "社区", prose)},
    )
    lock_tree(root)
    assert "heavy-line" in codes(root)


@pytest.mark.parametrize("pattern", ["[", "[a", "[a](", "![", "[^"])
def test_the_renderer_never_hands_so_many_brackets_to_markdown(monkeypatch, pattern):
    def refuse() -> None:
        raise AssertionError("Markdown was asked to parse it")

    monkeypatch.setattr(render, "_markdown", refuse)
    html = render.provision_html("第一条 " + pattern * 4000)
    assert (
        html.startswith("<p>第一条 ") and "<a" not in html and "&lt;" not in html
    ) or pattern == "!["
    assert render.markdown_to_html(pattern * 4000).startswith("<p>")


def test_a_few_brackets_still_make_links():
    assert (
        render.provision_html("第一条 见[附件](fujian.pdf)。")
        == '<p>第一条 见<a href="fujian.pdf" rel="noopener nofollow">附件</a>。</p>'
    )


# 18. Hundreds of versions, hundreds of errata.


def versions(count: int) -> dict[str, str]:
    start = dt.date(1990, 1, 1)
    files: dict[str, str] = {}
    for n in range(count):
        day = (start + dt.timedelta(days=30 * n)).isoformat()
        text = (
            GOOD_V2.replace("2016-03-20", day).replace("2016-03-22", day).replace("2016-03-01", day)
        )
        text = text.replace("2016-03-10", day).replace(
            "邻里和睦，互相帮助。", f"邻里和睦，第{n}次修订。"
        )
        files[f"{C}/{day}.md"] = text.replace(
            "change: 修订", "change: 修订" if n else "change: 制定"
        )
    return files


def test_a_charter_with_more_versions_than_the_limit_is_refused(tmp_path):
    files = {k: v for k, v in good_site().items() if not k.startswith(C + "/")}
    root = write_tree(tmp_path / "site", {**files, **versions(MAX_VERSIONS + 1)})
    result = check(root)
    assert result.exit_code == 1
    assert (
        f"这部公约有 {MAX_VERSIONS + 1} 个已表决的版本，超过了 {MAX_VERSIONS} 个" in result.output
    )


def test_a_version_with_more_errata_than_the_limit_is_refused_before_any_is_undone(
    tmp_path, monkeypatch
):
    from gongyue.record import errata

    errata_lines = "".join(
        f"  - {{date: 2016-04-01, from: 甲{n}, to: 乙{n}}}\n" for n in range(MAX_ERRATA + 1)
    )
    text = GOOD_V2.replace(
        "published: 2016-03-22\n", "published: 2016-03-22\nerrata:\n" + errata_lines
    )
    root = write_tree(tmp_path / "site", {**good_site(), V2: text})
    lock_tree(root)

    def refuse(*args: object) -> str:
        raise AssertionError("an erratum was undone")

    monkeypatch.setattr(errata, "_undo_in_text", refuse)
    result = check(root)
    line = text.split("\n").index("errata:") + 1
    assert (
        f"{V2}:{line}: 错误：这个版本有 {MAX_ERRATA + 1} 条勘误，超过了 {MAX_ERRATA} 条"
        in result.output
    )


def test_a_charter_at_the_limit_still_checks(tmp_path):
    files = {k: v for k, v in good_site().items() if not k.startswith(C + "/")}
    root = write_tree(tmp_path / "site", {**files, **versions(3)})
    lock_tree(root)
    assert codes(root) == set()
