"""`gongyue adopt-recorded`: the browser path's last step, run by CI after a merge."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from gongyue.cli import gongyue

from .conftest import lock_tree, unit_md, version_md, write_tree

CHARTER = "docs/a/gongyue"
MEETING = """\
meeting:
  body: 居民代表会议
  date: 2024-03-09
  unit: 代表
  eligible: 50
  present: {present}
  for: 40
  against: 1
  abstain: 2
result: 通过
published: 2024-03-11
"""


def _site(root: Path, present: int | None) -> Path:
    meeting = MEETING.format(present=present) if present is not None else ""
    draft = version_md("第一条 测试。\n\n第二条 新增。", date=None, change="修正", extra=meeting)
    site = write_tree(
        root,
        {
            "mkdocs.yml": "site_name: 测试\nplugins:\n  - gongyue\n",
            "docs/a/index.md": unit_md("测试社区", "社区"),
            f"{CHARTER}/2016-03-20.md": version_md("第一条 测试。"),
            f"{CHARTER}/draft.md": draft,
        },
    )
    lock_tree(site)
    return site


def _run(site: Path):
    return CliRunner().invoke(gongyue, ["adopt-recorded", str(site), "--date", "2024-03-12"])


def _files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}


def test_a_draft_with_its_vote_filled_in_becomes_a_locked_version(tmp_path):
    site = _site(tmp_path / "s", present=43)
    result = _run(site)
    assert result.exit_code == 0, result.output
    assert (site / CHARTER / "2024-03-09.md").is_file()
    assert not (site / CHARTER / "draft.md").exists()
    assert f"{CHARTER}/2024-03-09.md" in (site / "gongyue.lock").read_text(encoding="utf-8")
    checked = CliRunner().invoke(gongyue, ["check", str(site), "--date", "2024-03-12"])
    assert checked.exit_code == 0, checked.output


def test_a_draft_without_a_vote_is_left_alone(tmp_path):
    site = _site(tmp_path / "s", present=None)
    before = _files(site)
    result = _run(site)
    assert result.exit_code == 0 and "没有改动任何文件" in result.output
    assert _files(site) == before


def test_an_impossible_vote_changes_nothing_and_names_the_draft(tmp_path):
    site = _site(tmp_path / "s", present=30)  # 43 votes cast by 30 present
    before = _files(site)
    result = _run(site)
    assert result.exit_code == 1
    assert f"{CHARTER}/draft.md:" in result.output and "Traceback" not in result.output
    assert _files(site) == before
