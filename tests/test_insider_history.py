"""An insider with commit rights tries to launder the record through git (issue 22, items 1–6).

Each test replays one attack exactly as it was reproduced: ordinary git
commands and a lock regenerated from the tampered files (``relock``), as a
member who wants a different text on the site would do. Each must end in a
located error from ``gongyue check``.
"""

from __future__ import annotations

import json
import os
import subprocess

import pytest
from click.testing import CliRunner

from gongyue.cli import gongyue

from .conftest import lock_tree
from .test_check_corpus import GOOD_V1, V2, C
from .test_integrity import FAILED, FAILED_TEXT, GIT_ENV, codes, committed_site, git, tamper

PARKED = "docs/guide/old.md"


@pytest.fixture
def repo(tmp_path):
    return committed_site(tmp_path)


def commit(root, message: str, **dates: str) -> None:
    """Commit everything, with the dates a hostile member chose (GIT_*_DATE) if any."""
    git(root, "add", "-A")
    env = {**os.environ, **GIT_ENV, **dates}
    subprocess.run(["git", "commit", "-qm", message], cwd=root, check=True, env=env)


def relock(root) -> None:
    """A lock computed from the files as they are now: what a hostile member commits."""
    (root / "gongyue.lock").unlink(missing_ok=True)
    lock_tree(root)


def check(root):
    return CliRunner().invoke(gongyue, ["check", str(root)])


def park(root) -> None:
    (root / "docs/guide").mkdir(parents=True, exist_ok=True)
    git(root, "mv", V2, PARKED)
    commit(root, "整理")


# 1. A rename carries the history away.


def test_parking_a_version_and_copying_it_back_edited_is_caught(repo):
    park(repo)
    original = (repo / PARKED).read_text(encoding="utf-8")
    (repo / V2).write_text(
        original.replace("邻里和睦，互相帮助。", "邻里和睦，违者罚款。"), "utf-8"
    )
    commit(repo, "放回")
    relock(repo)
    commit(repo, "重新锁定")
    git(repo, "rm", "-q", PARKED)
    commit(repo, "删除多余文件")
    result = check(repo)
    assert result.exit_code == 1
    assert f"{V2}:" in result.output and "首次提交时" in result.output
    assert "违者罚款" in result.output


def test_parking_a_version_then_removing_it_with_its_lock_entry_is_caught(repo):
    park(repo)
    git(repo, "rm", "-q", PARKED)
    relock(repo)
    commit(repo, "删除")
    result = check(repo)
    assert result.exit_code == 1
    assert f"{V2}:1: 错误：这个已表决的版本在 git 提交" in result.output
    assert f"被移到了“{PARKED}”" in result.output and "git checkout" in result.output


def test_a_version_moved_out_of_its_folder_is_refused_while_it_is_parked(repo):
    park(repo)
    relock(repo)
    commit(repo, "锁定")
    assert "history-moved" in codes(repo)


# 2. A backdated orphan branch supplies an older "first content".


def test_a_backdated_unrelated_branch_cannot_supply_the_first_content(repo):
    old = {"GIT_AUTHOR_DATE": "2001-01-01T00:00:00", "GIT_COMMITTER_DATE": "2001-01-01T00:00:00"}
    git(repo, "checkout", "-q", "--orphan", "old")
    tamper(repo)
    relock(repo)
    commit(repo, "旧档案", **old)
    git(repo, "checkout", "-q", "main")
    merged = git(
        repo,
        "merge",
        "-q",
        "--allow-unrelated-histories",
        "-X",
        "theirs",
        "old",
        "-m",
        "合并旧档案",
    )
    assert "违者罚款" in (repo / V2).read_text(encoding="utf-8"), merged
    result = check(repo)
    assert result.exit_code == 1 and f"{V2}:" in result.output and "违者罚款" in result.output


def test_history_on_the_main_line_still_follows_an_ordinary_merge(repo):
    git(repo, "checkout", "-q", "-b", "feature")
    (repo / "docs/qu/shequ/index.md").write_text(
        (repo / "docs/qu/shequ/index.md").read_text(encoding="utf-8") + "\n社区简介。\n", "utf-8"
    )
    commit(repo, "简介")
    git(repo, "checkout", "-q", "main")
    git(repo, "merge", "-q", "--no-ff", "feature", "-m", "合并")
    assert codes(repo) == set()
    tamper(repo)
    relock(repo)
    commit(repo, "改")
    assert "history-mismatch" in codes(repo)


# 3. Moving the docs folder made every version look new.


def move_docs(root) -> None:
    git(root, "mv", "docs", "pages")
    config = root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "docs_dir: pages\n", "utf-8")


def test_moving_the_docs_folder_keeps_each_versions_first_content(repo):
    move_docs(repo)
    relock(repo)
    commit(repo, "换文件夹")
    assert codes(repo) == set()
    tamper_at = repo / V2.replace("docs/", "pages/", 1)
    text = tamper_at.read_text(encoding="utf-8")
    tamper_at.write_text(text.replace("邻里和睦，互相帮助。", "邻里和睦，违者罚款。"), "utf-8")
    relock(repo)
    commit(repo, "改")
    assert "history-mismatch" in codes(repo)


def test_moving_the_docs_folder_and_editing_in_the_same_commit_is_caught(repo):
    move_docs(repo)
    moved = repo / V2.replace("docs/", "pages/", 1)
    moved.write_text(
        moved.read_text(encoding="utf-8").replace("邻里和睦，互相帮助。", "邻里和睦，违者罚款。"),
        "utf-8",
    )
    relock(repo)
    commit(repo, "换文件夹")
    assert "history-mismatch" in codes(repo)


def test_a_version_deleted_while_the_docs_folder_moved_is_caught(repo):
    move_docs(repo)
    git(repo, "rm", "-qf", V2.replace("docs/", "pages/", 1))
    relock(repo)
    commit(repo, "换文件夹")
    assert "history-deleted" in codes(repo)


# 4. Moving a charter into another unit republished it as the other unit's.


def test_moving_a_charter_into_another_unit_is_refused(repo):
    other = repo / "docs/qu/linju/index.md"
    other.parent.mkdir(parents=True)
    other.write_text(
        (repo / "docs/qu/shequ/index.md")
        .read_text(encoding="utf-8")
        .replace("测试社区", "邻居社区"),
        "utf-8",
    )
    commit(repo, "新单位")
    git(repo, "mv", C, "docs/qu/linju/jumin-gongyue")
    relock(repo)
    commit(repo, "移动")
    result = check(repo)
    assert result.exit_code == 1
    assert (
        f"{V2}:1: 错误：" in result.output
        and "不能离开它的公约文件夹，也不能移到别的单位" in result.output
    )


# 5. `git replace` showed other bytes under the committed id.


def test_a_replaced_blob_does_not_stand_in_for_the_committed_one(repo):
    first = git(repo, "rev-parse", f"HEAD:{V2}").strip()
    tamper(repo)
    relock(repo)
    commit(repo, "改")
    now = git(repo, "rev-parse", f"HEAD:{V2}").strip()
    git(repo, "replace", first, now)
    assert "违者罚款" in git(repo, "cat-file", "-p", first)  # the replacement is in force for git
    assert "history-mismatch" in codes(repo)


# 6. A failed vote turned adopted by a record erratum, accepted with --rechain.


def test_a_failed_vote_cannot_be_turned_adopted_by_an_erratum(repo):
    flipped = FAILED_TEXT.replace("result: 未通过", "result: 通过")
    flipped = flipped.replace(
        "title:",
        "errata:\n  - {date: 2014-06-01, field: result, from: 未通过, to: 通过}\ntitle:",
        1,
    )
    (repo / FAILED).write_text(flipped, "utf-8")
    result = check(repo)
    assert result.exit_code == 1
    assert "表决结果（result）是表决的决定，不能用勘误更改" in result.output
    relocked = CliRunner().invoke(gongyue, ["lock", str(repo), "--rechain"])
    assert relocked.exit_code == 1
    assert "表决结果（result）是表决的决定" in relocked.output
    lock = json.loads((repo / "gongyue.lock").read_text(encoding="utf-8"))
    assert lock["versions"][FAILED]["fingerprint"] is None


def test_rechain_names_what_it_accepts_and_blames_the_backfill(repo):
    backfilled = repo / C / "2014-09-09.md"
    dates = {"2012-06-18": "2014-09-09", "2012-06-20": "2014-09-11", "2012-05-28": "2014-08-20"}
    text = GOOD_V1.replace("change: 制定", "change: 修订").replace("2012-06-08", "2014-08-30")
    for old, new in dates.items():
        text = text.replace(old, new)
    backfilled.write_text(text, "utf-8")
    lock = json.loads((repo / "gongyue.lock").read_text(encoding="utf-8"))
    result = check(repo)
    cause = "这个版本的文本没有变，但它的指纹变了：前面补录了已通过的版本 2014-09-09.md"
    assert f"{V2}:1: 错误：{cause}" in result.output, result.output
    done = CliRunner().invoke(gongyue, ["lock", str(repo), "--rechain"])
    assert done.exit_code == 0, done.output
    old = lock["versions"][V2]["fingerprint"][:12]
    assert f"接受了新的指纹：{V2}（原 {old}，现 " in done.output
    assert done.output.count("接受了新的指纹") == 1  # only V2's chain changed
