"""No tracebacks, no half-done commands (issue 22, item 19).

Each input below once ended in a Python traceback, an English message, or a
command that wrote part of its work before failing. Each now gets one Chinese
answer, and a refused command leaves every file as it was.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from gongyue.cli import gongyue

from .conftest import lock_tree, unit_md, version_md, write_tree
from .test_adopt_recorded import CHARTER, MEETING
from .test_check_corpus import C, good_site


def run(*args: str | Path):
    return CliRunner().invoke(gongyue, [str(a) for a in args])


def files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def no_traceback(result) -> None:
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )
    assert "Traceback" not in result.output


def test_move_with_a_quoted_renamed_key_records_the_new_name(tmp_path):
    root = write_tree(tmp_path / "site", good_site())
    lock_tree(root)
    (root / "docs/qu/shequ/index.md").write_text(
        '---\nunit: {name: 测试社区, kind: 社区}\n"renamed": {jiu-gongyue: jumin-gongyue}\n---\n',
        "utf-8",
    )
    result = run("move", root / C, "jumin-gongyue-2012")
    no_traceback(result)
    assert result.exit_code == 0, result.output
    index = (root / "docs/qu/shequ/index.md").read_text(encoding="utf-8")
    assert index.count("renamed") == 1 and "jiu-gongyue: jumin-gongyue-2012" in index
    assert run("check", root, "--date", "2024-01-01").exit_code == 0


def test_a_source_that_cannot_be_read_is_located_not_a_traceback(tmp_path):
    root = write_tree(tmp_path / "site", good_site())
    lock_tree(root)
    (root / "docs/qu/shequ/index.md").write_text(
        "---\nunit: {name: 测试社区, kind: 社区}\nrenamed: {a: b}\nrenamed: {c: d}\n---\n", "utf-8"
    )
    before = files(root)
    result = run("move", root / C, "jumin-gongyue-2012")
    no_traceback(result)
    assert result.exit_code == 1 and "index.md:4: 错误：" in result.output
    assert files(root) == before


def two_drafts(tmp_path: Path) -> Path:
    meeting = MEETING.format(present=43)
    draft = version_md("第一条 测试。\n\n第二条 新增。", date=None, change="修正", extra=meeting)
    other = version_md("第一条 测试。\n\n第二条 另一个。", date=None, change="修正", extra=meeting)
    root = write_tree(
        tmp_path / "s",
        {
            "mkdocs.yml": "site_name: 测试\nplugins:\n  - gongyue\n",
            "docs/a/index.md": unit_md("测试社区", "社区"),
            f"{CHARTER}/2016-03-20.md": version_md("第一条 测试。"),
            f"{CHARTER}/draft.md": draft,
            f"{CHARTER}/draft-b.md": other,
        },
    )
    lock_tree(root)
    return root


def test_check_flags_two_drafts_that_record_one_meeting(tmp_path):
    root = two_drafts(tmp_path)
    result = run("check", root, "--date", "2024-03-12")
    assert result.exit_code == 1
    assert f"{CHARTER}/draft.md:" in result.output and "也记录了这次表决" in result.output


def test_adopt_recorded_is_all_or_nothing(tmp_path):
    root = two_drafts(tmp_path)
    before = files(root)
    result = run("adopt-recorded", root, "--date", "2024-03-12")
    no_traceback(result)
    assert result.exit_code == 1 and "有草案记录了同一次表决，没有生成任何版本" in result.output
    assert files(root) == before


def test_adopt_recorded_adopts_every_recorded_draft_in_one_step(tmp_path):
    root = two_drafts(tmp_path)
    second = "docs/b/gongyue"
    moved = (root / CHARTER / "draft-b.md").read_text("utf-8")
    write_tree(
        root,
        {
            "docs/b/index.md": unit_md("另一社区", "社区"),
            f"{second}/2016-03-20.md": version_md("第一条 测试。"),
            f"{second}/draft.md": moved,
        },
    )
    (root / CHARTER / "draft-b.md").unlink()
    (root / "gongyue.lock").unlink()
    lock_tree(root)
    result = run("adopt-recorded", root, "--date", "2024-03-12")
    assert result.exit_code == 0, result.output
    assert (root / CHARTER / "2024-03-09.md").is_file() and (
        root / second / "2024-03-09.md"
    ).is_file()
    assert run("check", root, "--date", "2024-03-12").exit_code == 0


@pytest.mark.parametrize(
    ("option", "value", "said"),
    [
        ("--repo", "javascript:alert(1)", "不是网址，要以 https:// 或 http:// 开头"),
        ("--url", "//evil.example", "不是网址"),
        ("--name", "某市\n第二行", "有换行或控制字符"),
        ("--name", "   ", "不能是空的"),
    ],
)
def test_init_validates_before_it_writes_anything(tmp_path, option, value, said):
    target = tmp_path / "new"
    result = run("init", target, option, value)
    no_traceback(result)
    assert result.exit_code == 2 and said in result.output and "错误：" in result.output
    assert not target.exists()


@pytest.mark.parametrize(
    "args",
    [
        ["new", "charter", "{unit}", "--type", "文明公约", "--title", "文明\n公约"],
        ["new", "unit", "{unit}/yuan-9", "--name", "九号\r院落", "--kind", "院落"],
    ],
)
def test_new_refuses_a_title_or_name_with_a_line_break(tmp_path, args):
    root = write_tree(tmp_path / "site", good_site())
    lock_tree(root)
    before = files(root)
    result = run(*[a.replace("{unit}", str(root / "docs/qu/shequ")) for a in args])
    no_traceback(result)
    assert result.exit_code == 2 and "有换行或控制字符" in result.output
    assert files(root) == before


def test_two_recorded_votes_in_one_charter_are_refused_whole(tmp_path):
    root = two_drafts(tmp_path)
    later = root / CHARTER / "draft-b.md"
    later.write_text(
        later.read_text("utf-8").replace("date: 2024-03-09", "date: 2024-03-10"), "utf-8"
    )
    before = files(root)
    result = run("adopt-recorded", root, "--date", "2024-03-12")
    no_traceback(result)
    assert (
        result.exit_code == 1 and "一部公约一次只能生成一个版本，没有生成任何版本" in result.output
    )
    assert files(root) == before
