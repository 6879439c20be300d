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
