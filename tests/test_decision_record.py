"""A 修改决定 in the record (issue 25): a draft made from one with `gongyue amend
--decision`, checked against it by `gongyue check`, kept by `gongyue adopt`, frozen
after the vote by gongyue.lock, and shown on the site as the committee's own."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from gongyue.cli import gongyue
from gongyue.procedure.lock import LOCK_NAME

from .conftest import build_site, lock_tree
from .test_adopt import VOTE  # a meeting of 45 代表 that adopts
from .test_check_corpus import C, good_site, write_tree

DECISION = """关于修改《测试社区居民公约》的决定

一、将第二条中的“互相帮助”修改为“互相帮助，守望相助”。

二、增加一条，作为第三条：
“文明养犬，牵绳出门。”

本决定自公布之日起施行。
"""


def run(*args: object):
    return CliRunner().invoke(gongyue, [str(a) for a in args])


def city(tmp_path: Path) -> Path:
    root = write_tree(tmp_path / "site", good_site())
    lock_tree(root)
    (tmp_path / "决定.txt").write_text(DECISION, encoding="utf-8")
    return root


def drafted(tmp_path: Path) -> Path:
    root = city(tmp_path)
    made = run("amend", root / C, "--decision", tmp_path / "决定.txt", "--date", "2024-06-01")
    assert made.exit_code == 0, made.output
    assert "随之变化：原第三条改为第四条" in made.output
    return root / C / "draft.md"


def test_a_draft_made_from_a_decision_records_it_and_passes_the_check(tmp_path):
    draft = drafted(tmp_path)
    text = draft.read_text(encoding="utf-8")
    assert (
        "change: 修正" in text and "decision: |" in text and "  二、增加一条，作为第三条：" in text
    )
    assert "第二条 邻里和睦，互相帮助，守望相助。" in text
    assert "第三条 文明养犬，牵绳出门。" in text and "第四条 本公约自公布之日起施行。" in text
    checked = run("check", draft.parent.parent.parent.parent, "--date", "2024-06-01")
    assert "decision-mismatch" not in checked.output and "修改决定" not in checked.output, (
        checked.output
    )


def test_a_draft_edited_after_its_decision_is_named_with_the_article_and_item(tmp_path):
    draft = drafted(tmp_path)
    text = draft.read_text(encoding="utf-8")
    draft.write_text(
        text.replace("第三条 文明养犬，牵绳出门。", "第三条 文明养犬，牵好绳。"), encoding="utf-8"
    )
    checked = run("check", draft.parent.parent.parent.parent, "--date", "2024-06-01")
    assert checked.exit_code == 1
    line = next(n for n, t in enumerate(text.split("\n"), 1) if t.startswith("第三条"))
    assert (
        f"draft.md:{line}: 错误：正文的第三条与“2016-03-20 版 + 修改决定”不一样" in checked.output
    )
    assert "修改决定的第二项改的就是这里" in checked.output


def test_a_decision_that_cannot_apply_writes_nothing(tmp_path):
    root = city(tmp_path)
    (tmp_path / "坏.txt").write_text("一、删去第九条。\n", encoding="utf-8")
    refused = run("amend", root / C, "--decision", tmp_path / "坏.txt", "--date", "2024-06-01")
    assert (
        refused.exit_code == 1
        and "坏.txt:1: 第一项用不到 2016-03-20 版上：原文没有第九条" in refused.output
    )
    assert not (root / C / "draft.md").exists()


def test_adopting_keeps_the_decision_and_the_notes_and_the_lock_freezes_the_decision(tmp_path):
    draft = drafted(tmp_path)
    root = draft.parents[4]
    text = draft.read_text(encoding="utf-8").replace(
        "summary: （请填写：本次修改了什么）", "summary: 增加文明养犬\nnotes:\n  第三条: 居民提议"
    )
    draft.write_text(text, encoding="utf-8")
    adopted = run("adopt", draft.parent, "--date", "2024-05-20", *VOTE, "--published", "2024-05-22")
    assert adopted.exit_code == 0, adopted.output
    version = (draft.parent / "2024-05-20.md").read_text(encoding="utf-8")
    assert "decision: |" in version and "  第三条: 居民提议" in version  # notes were lost before
    assert '"decision"' in (root / LOCK_NAME).read_text(encoding="utf-8")
    reworded = version.replace("守望相助”。", "邻里互助”。", 1)
    (draft.parent / "2024-05-20.md").write_text(reworded, encoding="utf-8")
    checked = run("check", root, "--date", "2024-06-01")
    assert checked.exit_code == 1 and "修改决定（decision）被改动了" in checked.output


def test_the_site_shows_the_committees_own_decision(tmp_path):
    draft = drafted(tmp_path)
    root = draft.parents[4]
    text = draft.read_text(encoding="utf-8")
    draft.write_text(text.replace("（请填写：本次修改了什么）", "增加文明养犬"), encoding="utf-8")
    built = build_site(root)
    section = built.main(f"{C.removeprefix('docs/')}/draft/").select_one("section.gy-decision")
    assert section is not None
    words = section.get_text(" ", strip=True)
    assert "一、将第二条中的“互相帮助”修改为“互相帮助，守望相助”。" in words
    assert "自动写成" not in words and "本决定自公布之日起施行。" in words
