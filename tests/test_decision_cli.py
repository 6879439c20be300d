"""`gongyue decision` and `gongyue apply` through the CLI runner (issue 25)."""

from __future__ import annotations

import json

from click.testing import CliRunner

from gongyue.cli import gongyue

from .test_decision import DEMO, OLD


def run(*args: object):
    return CliRunner().invoke(gongyue, [str(a) for a in args])


def test_a_decision_from_two_version_files_then_applied_gives_the_new_body(tmp_path):
    said = run("decision", DEMO / "2013-04-15.md", DEMO / "2019-11-30.md")
    assert said.exit_code == 0, said.output
    assert said.output.startswith("关于修改《新鸿社区居民自治章程》的决定")
    (tmp_path / "决定.txt").write_text(said.output, encoding="utf-8")
    applied = run("apply", DEMO / "2013-04-15.md", tmp_path / "决定.txt", "-o", tmp_path / "新.md")
    assert applied.exit_code == 0, applied.output
    new = (DEMO / "2019-11-30.md").read_text(encoding="utf-8")
    assert (tmp_path / "新.md").read_text(encoding="utf-8") == new[new.find("\n---\n", 4) + 5 :]
    assert "随之变化：原第七条改为第八条" in applied.output


def test_the_json_form_lists_each_item(tmp_path):
    (tmp_path / "old.md").write_text(OLD, encoding="utf-8")
    (tmp_path / "new.md").write_text(OLD.replace("牵绳", "牵好绳"), encoding="utf-8")
    said = run("decision", tmp_path / "old.md", tmp_path / "new.md", "--format", "json")
    assert json.loads(said.output) == {
        "items": [{"kind": "replace_words", "old": 2, "words": "牵绳出门", "text": "牵好绳出门"}]
    }


def test_apply_never_overwrites_and_says_what_is_wrong_in_chinese(tmp_path):
    (tmp_path / "old.md").write_text(OLD, encoding="utf-8")
    (tmp_path / "bad.txt").write_text("一、删去第九条。\n", encoding="utf-8")
    refused = run("apply", tmp_path / "old.md", tmp_path / "bad.txt")
    assert refused.exit_code == 1 and "Traceback" not in refused.output
    assert "bad.txt:1: 第一项：原文没有第九条" in refused.output
    (tmp_path / "ok.txt").write_text("一、删去第一条。\n", encoding="utf-8")
    (tmp_path / "out.md").write_text("已有", encoding="utf-8")
    kept = run("apply", tmp_path / "old.md", tmp_path / "ok.txt", "-o", tmp_path / "out.md")
    assert kept.exit_code == 1 and "已经存在" in kept.output
    assert (tmp_path / "out.md").read_text(encoding="utf-8") == "已有"
    missing = run("apply", tmp_path / "nothing.md", tmp_path / "ok.txt")
    assert missing.exit_code == 1 and "找不到文件" in missing.output


def test_two_texts_with_the_same_articles_need_no_decision(tmp_path):
    (tmp_path / "old.md").write_text(OLD, encoding="utf-8")
    said = run("decision", tmp_path / "old.md", tmp_path / "old.md")
    assert said.exit_code == 0 and "不需要修改决定" in said.output
    assert run("decision", tmp_path / "empty", tmp_path / "old.md").exit_code == 1


def test_a_charter_folder_and_two_dates_name_the_versions():
    said = run("decision", DEMO, "--from", "2013-04-15", "--to", "2019-11-30")
    assert said.exit_code == 0, said.output
    assert "一、增加一条，作为第七条：" in said.output
    unknown = run("decision", DEMO, "--from", "2013-04-15", "--to", "2019-11-31")
    assert unknown.exit_code == 1 and "没有 2019-11-31 的版本" in unknown.output
    assert "2013-04-15、2019-11-30" in unknown.output
    undated = run("decision", DEMO)
    assert undated.exit_code == 1 and "--from 修改前的日期" in undated.output


def test_a_decision_written_as_legislators_write_it_applies_through_the_cli(tmp_path):
    (tmp_path / "old.md").write_text(OLD, encoding="utf-8")
    (tmp_path / "决定.txt").write_text(
        "关于修改《测试公约》的决定\n\n会议决定对《测试公约》作如下修改：\n\n"
        "一、将第二条改为第三条，其中的“牵绳出门”修改为“牵好绳出门”。\n\n"
        "增加一条，作为第二条：“邻里之间互相提醒。”\n\n"
        "此外，对条文顺序作相应调整。\n\n本决定自公布之日起施行。\n",
        encoding="utf-8",
    )
    applied = run("apply", tmp_path / "old.md", tmp_path / "决定.txt")
    assert applied.exit_code == 0, applied.output
    assert "第二条 邻里之间互相提醒。" in applied.output
    assert "第三条 文明养犬，牵好绳出门" in applied.output
