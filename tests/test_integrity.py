"""The record is append-only: a changed text cannot be laundered through the lock.

Each test is what a careless or a hostile committee member would try: edit an
adopted text and regenerate, empty or delete ``gongyue.lock``; commit the edit
together with a made-up lock; delete a version; flip a failed vote. The
repository's history is asked where there is one, and the notes say so where
there is none.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from gongyue.cli import gongyue

from .conftest import lock_tree, write_tree
from .test_check_corpus import GOOD_V1, V1, V2, C, good_site

GIT_ENV = {
    "GIT_AUTHOR_NAME": "居委会",
    "GIT_AUTHOR_EMAIL": "jwh@example.cn",
    "GIT_COMMITTER_NAME": "居委会",
    "GIT_COMMITTER_EMAIL": "jwh@example.cn",
    "GIT_CONFIG_NOSYSTEM": "1",
    "HOME": "/nonexistent",
}
FAILED = f"{C}/2014-05-10.md"
FAILED_TEXT = (
    GOOD_V1.replace("2012-06-18", "2014-05-10")
    .replace("for: 36", "for: 10")
    .replace("against: 1", "against: 27")
    .replace("result: 通过", "result: 未通过")
    .replace("published: 2012-06-20\n", "")
)


def git(root: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", *args],
        cwd=root,
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, **GIT_ENV},
    )
    return done.stdout


def run(root: Path, *args: str):
    return CliRunner().invoke(gongyue, [*args[:1], str(root), *args[1:]] if args else [])


@pytest.fixture
def repo(tmp_path) -> Path:
    return committed_site(tmp_path)


def committed_site(tmp_path: Path, **texts: str) -> Path:
    """The good site, locked and committed, as a committee's repository is; ``texts``
    replace the adopted text of a version (``V2=...``) before anything is committed."""
    files = {**good_site(), FAILED: FAILED_TEXT}
    for name, text in texts.items():
        files[globals()[name]] = text
    root = write_tree(tmp_path / "site", files)
    lock_tree(root)
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "公约")
    return root


def tamper(root: Path) -> None:
    text = (root / V2).read_text(encoding="utf-8")
    (root / V2).write_text(
        text.replace("邻里和睦，互相帮助。", "邻里和睦，违者罚款。"), encoding="utf-8"
    )


def codes(root: Path) -> set[str]:
    result = CliRunner().invoke(gongyue, ["check", str(root), "--format", "json"])
    return {p["code"] for p in json.loads(result.stdout) if p["severity"] == "error"}


def test_a_clean_repository_checks_clean(repo):
    assert codes(repo) == set()


def test_deleting_the_lock_and_relocking_does_not_launder_an_edit(repo):
    tamper(repo)
    (repo / "gongyue.lock").unlink()
    assert codes(repo) == {"lock-absent", "history-mismatch"}
    result = run(repo, "lock")
    assert result.exit_code == 1
    assert "首次提交时" in result.output and "违者罚款" in result.output
    assert not (repo / "gongyue.lock").exists()


def test_emptying_the_lock_does_not_launder_an_edit(repo):
    tamper(repo)
    (repo / "gongyue.lock").write_text("", encoding="utf-8")
    assert codes(repo) == {"lock-corrupt", "history-mismatch"}
    assert run(repo, "lock").exit_code == 1


def test_committing_the_edit_with_a_made_up_lock_is_still_caught(repo):
    tamper(repo)
    (repo / "gongyue.lock").unlink()
    lock_tree(repo)  # a lock computed from the tampered file, as a hostile member would
    git(repo, "commit", "-qam", "修改")
    result = CliRunner().invoke(gongyue, ["check", str(repo)])
    assert result.exit_code == 1
    assert f"{V2}:" in result.output and "gongyue.lock 里的记录也与历史不符" in result.output


def test_a_lock_with_merge_conflict_markers_is_rebuilt_against_history(repo):
    text = (repo / "gongyue.lock").read_text(encoding="utf-8")
    (repo / "gongyue.lock").write_text("<<<<<<< HEAD\n" + text + "=======\n>>>>>>> b\n", "utf-8")
    assert codes(repo) == {"lock-corrupt"}
    assert run(repo, "lock").exit_code == 0
    assert (repo / "gongyue.lock").read_text(encoding="utf-8") == text


def test_an_erratum_that_states_the_change_passes_history_too(repo):
    text = (
        (repo / V2)
        .read_text(encoding="utf-8")
        .replace("邻里和睦", "邻里和谐")
        .replace(
            "published: 2016-03-22",
            "published: 2016-03-22\nerrata:\n  - {date: 2016-04-01, where: 第二条, from: 和睦, to: 和谐}",
        )
    )
    (repo / V2).write_text(text, encoding="utf-8")
    git(repo, "commit", "-qam", "勘误")
    assert codes(repo) == set()


def test_a_deleted_version_is_caught_after_its_lock_entry_is_removed(repo):
    (repo / V2).unlink()
    lock = json.loads((repo / "gongyue.lock").read_text(encoding="utf-8"))
    del lock["versions"][V2]
    (repo / "gongyue.lock").write_text(json.dumps(lock), encoding="utf-8")
    git(repo, "commit", "-qam", "删除")
    result = CliRunner().invoke(gongyue, ["check", str(repo)])
    assert result.exit_code == 1 and f"{V2}:1: 错误：这个已表决的版本在 git 提交" in result.output
    assert "git checkout" in result.output


def test_a_failed_vote_cannot_be_flipped_to_adopted(repo):
    (repo / FAILED).write_text(FAILED_TEXT.replace("result: 未通过", "result: 通过"), "utf-8")
    found = codes(repo)
    assert "history-mismatch" in found


def test_a_failed_vote_is_locked_even_without_history(tmp_path):
    root = write_tree(tmp_path / "site", {**good_site(), FAILED: FAILED_TEXT})
    lock_tree(root)
    (root / FAILED).write_text(FAILED_TEXT.replace("for: 10", "for: 11"), "utf-8")
    assert "lock-mismatch" in codes(root)


def test_without_history_the_lock_says_so(tmp_path):
    root = write_tree(tmp_path / "site", good_site())
    result = run(root, "lock")
    assert result.exit_code == 0
    assert "说明：没有用 git 历史核对已表决的版本：网站文件夹不在 git 仓库里" in result.output


def test_a_shallow_clone_says_its_history_is_missing(repo, tmp_path):
    clone = tmp_path / "clone"
    subprocess.run(
        ["git", "clone", "-q", "--depth", "1", f"file://{repo}", str(clone)],
        check=True,
        capture_output=True,
        env={**os.environ, **GIT_ENV},
    )
    result = CliRunner().invoke(gongyue, ["check", str(clone)])
    assert result.exit_code == 0
    assert "浅克隆" in result.output and "fetch-depth: 0" in result.output


def test_backfilling_an_older_version_changes_the_chain_and_needs_rechain(repo):
    older = GOOD_V1.replace("2012-06-18", "2008-03-01").replace("2012-06-20", "2008-03-03")
    older = older.replace("2012-05-28", "2008-02-01").replace("2012-06-08", "2008-02-15")
    (repo / f"{C}/2008-03-01.md").write_text(older, encoding="utf-8")
    assert codes(repo) == {"lock-missing-entry", "chain-changed"}
    refused = run(repo, "lock")
    assert refused.exit_code == 1 and "--rechain" in refused.output
    assert run(repo, "lock", "--rechain").exit_code == 0
    assert codes(repo) == set()


def test_an_old_format_lock_is_upgraded_against_history(repo):
    (repo / "gongyue.lock").write_text('{"format": 1, "versions": {}}\n', encoding="utf-8")
    assert codes(repo) == {"lock-old-format"}
    result = run(repo, "lock")
    assert result.exit_code == 0, result.output
    assert codes(repo) == set()


def test_a_lock_from_a_newer_gongyue_is_not_overwritten_silently(repo):
    (repo / "gongyue.lock").write_text('{"format": 9, "versions": {}}\n', encoding="utf-8")
    result = CliRunner().invoke(gongyue, ["check", str(repo)])
    assert result.exit_code == 1 and "新版 gongyue" in result.output
    assert run(repo, "lock").exit_code == 1


def test_a_record_change_needs_a_record_erratum(repo):
    text = (repo / V2).read_text(encoding="utf-8")
    (repo / V2).write_text(text.replace("for: 36", "for: 35"), encoding="utf-8")
    result = CliRunner().invoke(gongyue, ["check", str(repo)])
    assert result.exit_code == 1 and "赞成（meeting.for）原为“36”，现为“35”" in result.output
    fixed = text.replace("for: 36", "for: 35").replace(
        "published: 2016-03-22",
        "published: 2016-03-22\nerrata:\n  - {date: 2016-04-01, field: meeting.for, from: 36, to: 35}",
    )
    (repo / V2).write_text(fixed, encoding="utf-8")
    assert codes(repo) == {"erratum"}  # a count is a number: it must say why, and be shown
    said = fixed.replace("to: 35}", "to: 35, substantive: true, reason: 计票单誊写错误}")
    (repo / V2).write_text(said, encoding="utf-8")
    assert codes(repo) == set()


def test_history_follows_a_charter_folder_rename(repo):
    moving = CliRunner().invoke(gongyue, ["move", str(repo / C), "jumin-gongyue-2012"])
    assert moving.exit_code == 0, moving.output
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "改名")
    assert codes(repo) == set()
    moved = repo / "docs/qu/shequ/jumin-gongyue-2012/2016-03-20.md"
    moved.write_text(moved.read_text(encoding="utf-8").replace("互相帮助", "互不打扰"), "utf-8")
    assert "history-mismatch" in codes(repo)


def test_v1_of_the_fixture_is_untouched_by_all_this(repo):
    assert (repo / V1).read_text(encoding="utf-8") == GOOD_V1


@pytest.mark.parametrize("harm", ["tamper", "delete"])
def test_the_build_refuses_what_the_record_check_refuses(repo, harm, caplog):
    from mkdocs.exceptions import Abort

    from .conftest import build_site

    if harm == "tamper":
        tamper(repo)
    else:
        (repo / V2).unlink()  # the older version would be shown as the text in force
    with pytest.raises(Abort):
        build_site(repo, lock=False)
    said = "\n".join(r.getMessage() for r in caplog.records if r.levelname == "ERROR")
    assert f"{V2}:" in said and "错误：" in said
    assert not (repo / "site" / "index.html").exists()


def move_in_two_commits(repo: Path, before_second=lambda: None) -> None:
    """`gongyue move`, committed as a deletion and then an addition: git sees no rename."""
    moving = CliRunner().invoke(gongyue, ["move", str(repo / C), "jumin-gongyue-2012"])
    assert moving.exit_code == 0, moving.output
    git(repo, "add", "-A", C)
    git(repo, "commit", "-qm", "删除旧文件夹")
    before_second()
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "新文件夹")
    log = git(repo, "log", "-2", "--name-status", "--format=")
    assert "\nD\t" in "\n" + log and "\nR" not in "\n" + log


def test_a_rename_git_does_not_see_is_not_taken_for_a_deletion(repo):
    move_in_two_commits(repo)
    assert codes(repo) == set()


def test_a_rename_git_does_not_see_still_answers_to_the_first_commit(repo):
    def hostile() -> None:  # the re-added file is already changed, with a matching lock
        moved = repo / "docs/qu/shequ/jumin-gongyue-2012/2016-03-20.md"
        moved.write_text(moved.read_text(encoding="utf-8").replace("互相帮助", "互不打扰"), "utf-8")
        (repo / "gongyue.lock").unlink()
        lock_tree(repo)

    move_in_two_commits(repo, hostile)
    assert "history-mismatch" in codes(repo)  # the first commit, under the old name, speaks
