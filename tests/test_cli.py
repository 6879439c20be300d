"""The committee's commands, through click's runner, on real files."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from gongyue.cli import gongyue

from .conftest import ROOT, lock_tree
from .test_check_corpus import GOOD_V2, V2, C, good_site, tree_digest, write_tree

CHARTER_ARGS = ["--body", "居民代表会议", "--unit", "代表", "--eligible", "45", "--present", "40"]


@pytest.fixture
def site(tmp_path, monkeypatch) -> Path:
    root = write_tree(tmp_path / "site", good_site())
    lock_tree(root)
    monkeypatch.chdir(root)
    return root


def run(*args: str):
    return CliRunner().invoke(gongyue, list(args))


def all_commands(group: click.Group, prefix: str = "") -> list[tuple[str, click.Command]]:
    found = []
    for name, command in group.commands.items():
        found.append((f"{prefix}{name}", command))
        if isinstance(command, click.Group):
            found += all_commands(command, f"{prefix}{name} ")
    return found


@pytest.mark.parametrize("name", [n for n, _ in all_commands(gongyue)])
def test_every_command_has_chinese_help_with_an_example(name):
    result = run(*name.split(), "--help")
    assert result.exit_code == 0
    assert "示例：" in result.output, name
    assert "用法：" in result.output
    assert "Usage" not in result.output and "Show this message" not in result.output


def test_every_command_is_in_the_guide():
    guide = Path(__file__).resolve().parent.parent / "docs" / "guide"
    text = "".join(p.read_text(encoding="utf-8") for p in guide.glob("*.md"))
    for name, command in all_commands(gongyue):
        if not isinstance(command, click.Group):
            assert f"gongyue {name}" in text, name


def test_lock_then_check_catches_an_edited_adopted_text(site):
    assert run("lock").exit_code == 0
    lock = json.loads((site / "gongyue.lock").read_text(encoding="utf-8"))
    assert sorted(lock["versions"]) == [f"{C}/2012-06-18.md", V2]
    assert run("check").exit_code == 0
    (site / V2).write_text(GOOD_V2.replace("爱护环境", "爱护环境卫生"), encoding="utf-8")
    result = run("check")
    assert result.exit_code == 1
    assert (
        f"{V2}:1: 错误：这个已表决版本的文本或表决记录与 gongyue.lock 中的记录不一致"
        in result.output
    )
    # lock refuses to bless the change without an erratum, and leaves the lock alone
    before = (site / "gongyue.lock").read_bytes()
    assert run("lock").exit_code == 1
    assert (site / "gongyue.lock").read_bytes() == before


def test_an_erratum_that_states_the_change_is_the_way_to_correct_an_adopted_text(site):
    run("lock")
    before = (site / "gongyue.lock").read_bytes()
    fixed = GOOD_V2.replace("爱护环境", "爱护环境卫生").replace(
        "published: 2016-03-22",
        "published: 2016-03-22\nerrata:\n  - {date: 2016-04-02, where: 第一条, from: 爱护环境。, to: 爱护环境卫生。}",
    )
    (site / V2).write_text(fixed, encoding="utf-8")
    assert run("check").exit_code == 0  # the erratum undoes to the adopted text
    assert run("lock").exit_code == 0
    assert (site / "gongyue.lock").read_bytes() == before  # nothing for the lock to change
    # An erratum does not cover a second, unstated change.
    (site / V2).write_text(fixed.replace("邻里和睦", "邻里和谐"), encoding="utf-8")
    result = run("check")
    assert result.exit_code == 1 and "与 gongyue.lock 中的记录不一致" in result.output
    assert run("lock").exit_code == 1


def test_a_deleted_adopted_version_is_caught(site):
    run("lock")
    (site / V2).unlink()
    result = run("check")
    assert result.exit_code == 1 and "文件不见了" in result.output


def test_filing_can_be_updated_after_adoption(site):
    run("lock")
    text = GOOD_V2 + ""
    text = text.replace(
        "published: 2016-03-22", "published: 2016-03-22\nfiling: {with: 街道, status: 已备案}"
    )
    (site / V2).write_text(text, encoding="utf-8")
    assert run("check").exit_code == 0


def test_amend_writes_the_text_in_force_and_refuses_a_second_time(site):
    result = run("amend", C, "--date", "2020-01-01")
    assert result.exit_code == 0, result.output
    draft = (site / C / "draft.md").read_text(encoding="utf-8")
    assert "邻里和睦，互相帮助。" in draft and "change: 修订    # 制定|修正|修订|废止" in draft
    before = tree_digest(site)
    again = run("amend", C)
    assert again.exit_code == 1 and "已经存在，没有改动任何文件" in again.output
    assert tree_digest(site) == before


def test_adopt_refuses_a_failing_vote_and_leaves_the_draft(site):
    run("amend", C)
    draft = site / C / "draft.md"
    draft.write_text(
        draft.read_text(encoding="utf-8").replace("（请填写：本次修改了什么）", "改第一条"),
        encoding="utf-8",
    )
    before = tree_digest(site)
    result = run(
        "adopt", C, "--date", "2024-05-01", *CHARTER_ARGS, "--for", "15", "--against", "20"
    )
    assert result.exit_code == 1
    assert "未达到实到的过半数" in result.output and "草案保持原样" in result.output
    assert tree_digest(site) == before


def test_adopt_refuses_a_placeholder_summary(site):
    run("amend", C)
    result = run("adopt", C, "--date", "2024-05-01", *CHARTER_ARGS, "--for", "30")
    assert result.exit_code == 1 and "模板里的提示文字" in result.output
    assert (site / C / "draft.md").exists()


def test_draft_to_adopted_version_end_to_end(site):
    run("lock")
    run("amend", C)
    draft = site / C / "draft.md"
    text = draft.read_text(encoding="utf-8").replace("（请填写：本次修改了什么）", "增加第二条")
    draft.write_text(
        text.replace("第二条 邻里", "第二条 新增的约定。\n第三条 邻里").replace(
            "第三条 本公约", "第四条 本公约"
        ),
        encoding="utf-8",
    )
    diff = run("diff", C, "--to", "draft", "--format", "json")
    assert json.loads(diff.output)["summary"]["added"] == 1
    result = run(
        "adopt",
        C,
        "--date",
        "2024-05-01",
        *CHARTER_ARGS,
        "--for",
        "30",
        "--published",
        "2024-05-03",
    )
    assert result.exit_code == 0, result.output
    assert not draft.exists()
    adopted = (site / C / "2024-05-01.md").read_text(encoding="utf-8")
    assert "for: 30    # 赞成" in adopted and "<!--" not in adopted
    lock = json.loads((site / "gongyue.lock").read_text(encoding="utf-8"))
    assert f"{C}/2024-05-01.md" in lock["versions"]
    assert run("check", "--date", "2024-06-01").exit_code == 0
    text_diff = run("diff", C, "--date", "2024-06-01")
    assert text_diff.output.startswith("2016-03-20 → 2024-05-01：新增1条、2条仅序号变化")


def test_adopt_never_overwrites_an_existing_version(site):
    run("amend", C)
    before = tree_digest(site)
    result = run("adopt", C, "--date", "2016-03-20", *CHARTER_ARGS, "--for", "30")
    assert result.exit_code == 1 and "已经存在" in result.output
    assert tree_digest(site) == before


def test_new_unit_and_charter_scaffolds(site):
    result = run("new", "unit", "docs/qu/shequ/5号院落", "--name", "5号院落", "--kind", "院落")
    assert result.exit_code == 0, result.output
    index = site / "docs/qu/shequ/5-haoyuanluo/index.md"
    assert "kind: 院落    # 市 区 县" in index.read_text(encoding="utf-8")
    result = run("new", "charter", "docs/qu/shequ/5-haoyuanluo", "--type", "院落公约")
    assert result.exit_code == 0, result.output
    draft = (site / "docs/qu/shequ/5-haoyuanluo/yuanluo-gongyue/draft.md").read_text(
        encoding="utf-8"
    )
    assert "title: 5号院落院落公约    # 标题" in draft
    check = run("check", "--format", "json")
    codes = {p["code"] for p in json.loads(check.output)}
    assert codes == {"placeholder"}  # a fresh draft only warns that it is unfinished
    assert (
        run("new", "unit", "docs/qu/shequ/5-haoyuanluo", "--name", "x", "--kind", "院落").exit_code
        == 1
    )


def diff_schema_errors(data: object) -> list[str]:
    import jsonschema

    schema = json.loads((ROOT / "docs/schema/diff-v1.json").read_text(encoding="utf-8"))
    return [error.message for error in jsonschema.Draft202012Validator(schema).iter_errors(data)]


def test_diff_text_and_json_shapes(site):
    result = run("diff", C, "--format", "json")
    data = json.loads(result.output)
    assert diff_schema_errors(data) == []
    assert data["schema"] == "gongyue/diff/v1"
    assert data["from"] == "2012-06-18" and data["to"] == "2016-03-20"
    assert data["summary"]["modified"] == 1
    change = next(c for c in data["changes"] if c["op"] == "modified")
    assert change == {
        "op": "modified",
        "kind": "article",
        "old": "第二条",
        "new": "第二条",
        "old_text": "邻里和睦。",
        "new_text": "邻里和睦，互相帮助。",
        "relations": [],
    }
    assert data["summary_text"] == "修改1条"
    text = run("diff", C)
    assert "邻里和睦{+，互相帮助+}。" in text.output


def test_diff_names_a_split_in_text_and_json(site):
    both = "邻里之间和睦相处，遇到矛盾先协商解决；互相帮助，关心照顾院落里的老人和孩子。"
    (site / V2).write_text(GOOD_V2.replace("邻里和睦，互相帮助。", both), encoding="utf-8")
    assert run("amend", C).exit_code == 0
    draft = site / C / "draft.md"
    front = draft.read_text(encoding="utf-8").split("第一条")[0]
    body = (
        "第一条 爱护环境。\n第二条 邻里之间和睦相处，遇到矛盾先协商解决。\n"
        "第三条 互相帮助，关心照顾院落里的老人和孩子。\n第四条 本公约自公布之日起施行。\n"
    )
    draft.write_text(front + body, encoding="utf-8")
    data = json.loads(run("diff", C, "--to", "draft", "--format", "json").output)
    assert diff_schema_errors(data) == []
    split = [c for c in data["changes"] if c["relations"]]
    assert sorted((c["op"], c["old"], c["new"]) for c in split) == [
        ("added", None, "第三条"),
        ("modified", "第二条", "第二条"),
    ]
    assert split[0]["relations"] == [
        {
            "kind": "split",
            "old": ["第二条"],
            "new": ["第二条", "第三条"],
            "words": "第二条拆分为第二条、第三条",
        }
    ]
    assert data["summary_text"] == "新增1条、修改1条、1条仅序号变化"
    text = run("diff", C, "--to", "draft").output
    assert "【新增】第三条（第二条拆分为第二条、第三条）" in text


@pytest.mark.parametrize(
    ("args", "code", "words"),
    [
        (["adopt", C], 2, "缺少必填的参数（--date）"),
        (["new", "unit", "x", "--name", "甲", "--kind", "院子"], 2, "可选：市 区 县"),
        (["check", "--bogus"], 2, "没有这个选项（--bogus）"),
        (["diff", "docs/qu"], 1, "不是一部公约的文件夹"),
        (["diff", C, "--from", "1999-01-01"], 1, "没有找到版本“1999-01-01”"),
    ],
)
def test_usage_errors_are_chinese(site, args, code, words):
    result = run(*args)
    assert result.exit_code == code
    assert words in result.output
    assert "Error" not in result.output and "Traceback" not in result.output


def test_outside_a_site_the_message_says_so(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("check")
    assert result.exit_code == 1 and "找不到 mkdocs.yml" in result.output


def test_console_script_runs_without_material_banner(site):
    result = subprocess.run(
        [str(Path(sys.executable).parent / "gongyue"), "check"],
        capture_output=True,
        text=True,
        cwd=site,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "检查完毕" in result.stderr and "Zensical" not in result.stderr


def test_guide_states_the_default_rules_as_the_code_does():
    from gongyue.procedure.rules import DEFAULT_BODIES

    guide = (Path(__file__).resolve().parent.parent / "docs/guide/rules.md").read_text(
        encoding="utf-8"
    )
    for body, rule in DEFAULT_BODIES.items():
        quorum = f"实到达到应到的{rule.quorum.words()}"
        majority = f"赞成达到实到的{rule.majority.words()}"
        if rule.area_quorum and rule.area_majority:
            quorum += f"；参与表决面积达到总面积的{rule.area_quorum.words()}"
            majority += f"；同意面积达到参与表决面积的{rule.area_majority.words()}"
        assert f"| {body} | {quorum} | {majority} | {rule.basis} |" in guide, body
