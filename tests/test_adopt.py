"""``adopt`` is a transaction; ``amend`` starts from the latest adopted text; ``move`` keeps URLs.

The interruption test kills a real ``gongyue adopt`` process at every write it
makes (every link, rename, replace, unlink and fsync), and then looks at the
files: they are as before, or a journal says what is left, ``check`` and the
build refuse to go on, and the next command finishes exactly the same step.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner
from mkdocs.exceptions import Abort

from gongyue.cli import gongyue
from gongyue.procedure.transaction import JOURNAL, TEMPORARY, exclusive
from gongyue.record.sources import parse_yaml, split_front_matter

from .conftest import build_site, lock_tree, unit_md, write_tree
from .test_check_corpus import GOOD_V2, V2, C, good_site

VOTE = [
    "--body",
    "居民代表会议",
    "--unit",
    "代表",
    "--eligible",
    "45",
    "--present",
    "40",
    "--for",
    "30",
    "--published",
    "2024-05-03",
]
DRAFT = f"{C}/draft.md"

# Runs the real command line, but kills the process at its N-th write to the disk.
CRASHER = textwrap.dedent(
    """
    import os, sys
    import gongyue.procedure.transaction, gongyue.procedure.writing
    limit, seen = int(sys.argv[1]), [0]
    WRITES = {"link", "replace", "unlink", "rename", "fsync"}

    class Dying:
        def __getattr__(self, name):
            real = getattr(os, name)
            if name not in WRITES:
                return real
            def write(*args, **kwargs):
                seen[0] += 1
                if seen[0] > limit:
                    os._exit(137)  # as abrupt as kill -9: no cleanup, no finally
                return real(*args, **kwargs)
            return write

    gongyue.procedure.writing.os = gongyue.procedure.transaction.os = Dying()
    from gongyue.cli import gongyue as command
    command.main(sys.argv[2:], prog_name="gongyue")
    """
)


def run(*args: str, cwd: Path | None = None):
    return CliRunner().invoke(gongyue, list(args))


def snapshot(root: Path) -> dict[str, str]:
    """Every file's digest, without the site output; temporary files are listed apart."""
    files = {}
    for path in sorted(root.rglob("*")):
        if path.is_file() and "site" not in path.relative_to(root).parts:
            files[path.relative_to(root).as_posix()] = hashlib.sha256(path.read_bytes()).hexdigest()
    return files


def leftovers(root: Path) -> list[str]:
    return sorted(p.name for p in root.rglob("*") if TEMPORARY.match(p.name))


def without_leftovers(files: dict[str, str]) -> dict[str, str]:
    return {k: v for k, v in files.items() if not TEMPORARY.match(k.rsplit("/", 1)[-1])}


@pytest.fixture
def site(tmp_path) -> Path:
    """The good site, locked, with a draft ready for its vote."""
    root = write_tree(tmp_path / "site", good_site())
    lock_tree(root)
    assert run("amend", str(root / C)).exit_code == 0
    draft = root / DRAFT
    text = draft.read_text(encoding="utf-8").replace("（请填写：本次修改了什么）", "增加第四条")
    draft.write_text(text.replace("第三条 本公约", "第三条 爱护公物。\n第四条 本公约"), "utf-8")
    return root


def adopt_args(root: Path, date: str = "2024-05-01") -> list[str]:
    return ["adopt", str(root / C), "--date", date, *VOTE]


def crash_run(root: Path, limit: int, args: list[str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", CRASHER, str(limit), *args],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
    )


def test_an_uninterrupted_adopt_makes_the_version_removes_the_draft_and_locks_it(site):
    result = run(*adopt_args(site))
    assert result.exit_code == 0, result.output
    assert not (site / DRAFT).exists() and (site / f"{C}/2024-05-01.md").exists()
    assert (
        f"{C}/2024-05-01.md" in json.loads((site / "gongyue.lock").read_text("utf-8"))["versions"]
    )
    assert run("check", str(site), "--date", "2024-06-01").exit_code == 0
    assert not (site / JOURNAL).exists() and leftovers(site) == []


def test_adopt_killed_at_every_write_leaves_the_old_state_or_a_step_the_next_command_finishes(
    site, tmp_path, caplog
):
    done = tmp_path / "done"
    shutil.copytree(site, done)
    assert run(*adopt_args(done)).exit_code == 0
    after, before = snapshot(done), snapshot(site)
    outcomes = []
    for limit in range(40):
        trial = tmp_path / f"trial-{limit}"
        shutil.copytree(site, trial)
        died = crash_run(trial, limit, adopt_args(trial))
        if died.returncode == 0:
            assert snapshot(trial) == after  # the whole step fits in `limit` writes
            break
        assert died.returncode == 137, died.stderr
        state = without_leftovers(snapshot(trial))
        if JOURNAL not in state:
            assert state == before, limit
            outcomes.append("old")
        else:
            outcomes.append("journal")
            check = run("check", str(trial), "--date", "2024-06-01")
            assert check.exit_code == 1 and f"{JOURNAL}:1: 错误：" in check.output
            with pytest.raises(Abort):
                build_site(trial, lock=False)
        finishing = run("lock", str(trial), "--date", "2024-06-01")
        assert finishing.exit_code == 0, finishing.output
        if outcomes[-1] == "journal":
            assert "被中断了，已经把它做完" in finishing.output
            assert snapshot(trial) == after, limit
        else:
            assert without_leftovers(snapshot(trial)) == before and leftovers(trial) == []
    else:
        pytest.fail("adopt never completed within 40 writes")
    assert "old" in outcomes and "journal" in outcomes  # both sides of the commit point were hit


def test_a_second_adopt_waits_for_nobody_and_changes_nothing(site):
    before = snapshot(site)
    with exclusive(site):  # another gongyue command is writing
        result = run(*adopt_args(site))
    assert result.exit_code == 1 and "另一个 gongyue 命令正在修改" in result.output
    assert snapshot(site) == before


def test_two_adopts_at_once_record_one_vote_once(site):
    args = [
        [sys.executable, "-m", "gongyue.cli", *adopt_args(site, day)]
        for day in ("2024-05-01", "2024-05-02")
    ]
    procs = [
        subprocess.Popen(a, cwd=site, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for a in args
    ]
    results = [(p.wait(), p.stderr.read() if p.stderr else "") for p in procs]
    assert sorted(code for code, _ in results) == [0, 1], results
    failure = next(err for code, err in results if code == 1)
    assert "Traceback" not in failure and failure.startswith("错误：")
    versions = sorted(p.name for p in (site / C).glob("2024-*.md"))
    assert len(versions) == 1
    assert run("check", str(site), "--date", "2024-06-01").exit_code == 0


def test_a_broken_file_elsewhere_does_not_stop_an_adopt_or_half_do_it(site):
    (site / "docs/qu/shequ/yuan-9/index.md").parent.mkdir(parents=True)
    (site / "docs/qu/shequ/yuan-9/index.md").write_text("---\nunit: [坏\n---\n", "utf-8")
    result = run(*adopt_args(site))
    assert result.exit_code == 0, result.output
    assert not (site / DRAFT).exists()
    report = CliRunner().invoke(
        gongyue, ["check", str(site), "--date", "2024-06-01", "--format", "json"]
    )
    paths = {p["path"] for p in json.loads(report.stdout) if p["severity"] == "error"}
    assert paths == {"docs/qu/shequ/yuan-9/index.md"}


def test_adopt_errors_point_at_the_draft_and_the_options(site):
    before = snapshot(site)
    result = run(
        "adopt", str(site / C), "--date", "2024-05-01", *VOTE[:-4], "--for", "15", "--against", "20"
    )
    assert result.exit_code == 1
    assert f"{DRAFT}:1: 错误：表决记录：" in result.output and "赞成 15/40 代表" in result.output
    assert "--result 未通过" in result.output and "2024-05-01.md:" not in result.output
    assert snapshot(site) == before


def test_a_count_given_as_an_option_names_the_options_to_check(site):
    before = snapshot(site)
    result = run(
        "adopt", str(site / C), "--date", "2024-05-01", *VOTE[:-4], "--for", "60", "--against", "0"
    )
    assert result.exit_code == 1
    line = next(
        ln for ln in result.output.splitlines() if ln.startswith(f"{DRAFT}:1: 错误：表决记录：")
    )
    assert line.endswith("修改建议：核对 --for、--against、--abstain 和 --present。"), line
    assert snapshot(site) == before


def test_a_placeholder_left_in_the_draft_is_named_at_its_line(site):
    draft = site / DRAFT
    lines = draft.read_text(encoding="utf-8").split("\n")
    at = next(i for i, line in enumerate(lines) if line.startswith("第一条"))
    lines.insert(at, "（在这里写序言，可删去）")
    draft.write_text("\n".join(lines), encoding="utf-8")
    result = run(*adopt_args(site))
    assert result.exit_code == 1
    assert f"{DRAFT}:{at + 1}: 错误：正文里还有模板的提示文字" in result.output


def test_amend_starts_from_the_latest_adopted_text_even_before_it_takes_effect(site):
    effective = run(
        "adopt", str(site / C), "--date", "2024-05-01", *VOTE, "--effective", "2030-01-01"
    )
    assert effective.exit_code == 0, effective.output
    amended = run("amend", str(site / C), "--date", "2024-06-01")
    assert amended.exit_code == 0, amended.output
    assert "底稿是 2024-05-01 通过的版本（它还没有施行，2030-01-01 起施行）" in amended.output
    draft = (site / DRAFT).read_text(encoding="utf-8")
    assert "第四条 本公约" in draft and "base: 2024-05-01" in draft


def test_a_draft_written_on_an_older_text_is_not_adopted_over_a_newer_one(site):
    other = site / f"{C}/draft-b.md"
    other.write_text((site / DRAFT).read_text(encoding="utf-8"), encoding="utf-8")
    assert run(*adopt_args(site, "2024-05-01")).exit_code == 0
    result = run(*adopt_args(site, "2024-07-01"), "--draft", "draft-b")
    assert result.exit_code == 1
    assert "底稿是 2016-03-20 的版本，但之后又通过了：2024-05-01" in result.output
    assert "gongyue diff" in result.output and other.exists()


def test_odd_place_names_are_written_as_text(site):
    for place, day in (("101", "2024-05-01"),):
        result = run(*adopt_args(site, day), "--place", place)
        assert result.exit_code == 0, result.output
        text = (site / f"{C}/{day}.md").read_text(encoding="utf-8")
        front, _, _ = split_front_matter(text, "v.md")
        assert parse_yaml(front, "v.md")["meeting"]["place"] == place  # text, not a number
    assert run("amend", str(site / C), "--date", "2024-06-01").exit_code == 0
    draft = site / DRAFT
    draft.write_text(
        draft.read_text("utf-8").replace("（请填写：本次修改了什么）", "再改"), "utf-8"
    )
    later = [*adopt_args(site, "2024-07-01")[:-1], "2024-07-02"]  # published after this vote
    result = run(*later, "--place", "~")
    assert result.exit_code == 0, result.output
    front, _, _ = split_front_matter((site / f"{C}/2024-07-01.md").read_text("utf-8"), "v.md")
    assert parse_yaml(front, "v.md")["meeting"]["place"] == "~"  # text, not null
    assert run("check", str(site), "--date", "2024-08-01").exit_code == 0


def test_files_written_by_commands_are_readable_by_everyone(site):
    old = os.umask(0o022)
    try:
        assert run(*adopt_args(site)).exit_code == 0
        assert (
            run(
                "new",
                "unit",
                str(site / "docs/qu/shequ/yuan-7"),
                "--name",
                "7号院落",
                "--kind",
                "院落",
            ).exit_code
            == 0
        )
        assert run("lock", str(site), "--date", "2024-06-01").exit_code == 0
    finally:
        os.umask(old)
    for rel in (f"{C}/2024-05-01.md", "gongyue.lock", "docs/qu/shequ/yuan-7/index.md"):
        assert stat.S_IMODE((site / rel).stat().st_mode) == 0o644, rel


def test_a_new_charter_over_an_existing_one_is_refused(site):
    result = run("new", "charter", str(site / "docs/qu/shequ"), "--type", "居民公约")
    assert result.exit_code == 1 and "gongyue amend" in result.output
    other = run(
        "new",
        "charter",
        str(site / "docs/qu/shequ"),
        "--type",
        "居民公约",
        "--folder",
        "jumin-gongyue-2",
    )
    assert other.exit_code == 0, other.output


@pytest.mark.parametrize(
    "args",
    [
        ["check", ".", "--date", "2024-13-01"],
        ["amend", C, "--date", "明天"],
        ["lock", ".", "--date", "2024/05/01"],
        ["diff", C, "--date", "20240501"],
        ["export", "../out", ".", "--date", "2024-02-30"],
        ["adopt", C, "--date", "2024-5-1", *VOTE],
        ["adopt", C, "--date", "2024-05-01", *VOTE, "--area", "很大", "1", "1"],
        ["adopt", C, "--date", "2024-05-01", *VOTE[:-4], "--for", "三十"],
    ],
    ids=["check", "amend", "lock", "diff", "export", "adopt-date", "adopt-area", "adopt-count"],
)
def test_every_bad_option_value_is_one_chinese_line(site, monkeypatch, args):
    monkeypatch.chdir(site)
    result = run(*args)
    assert result.exit_code == 2
    lines = result.output.strip().split("\n")
    assert len(lines) == 1 and lines[0].startswith("错误：参数的值无效"), result.output
    assert "Traceback" not in result.output and "Invalid" not in result.output
    assert "YYYY-MM-DD" in lines[0] or "平方米" in lines[0] or "整数" in lines[0]


def test_a_bad_draft_name_is_refused(site):
    result = run(*adopt_args(site), "--draft", "../draft")
    assert result.exit_code == 1 and "不是草案的文件名" in result.output


def test_move_renames_the_folder_and_the_old_addresses_keep_working(site):
    assert run(*adopt_args(site)).exit_code == 0
    moved = run("move", str(site / C), "jumin-gongyue-2012")
    assert moved.exit_code == 0, moved.output
    new = "docs/qu/shequ/jumin-gongyue-2012"
    assert not (site / C).exists() and (site / new / "2024-05-01.md").exists()
    lock = json.loads((site / "gongyue.lock").read_text(encoding="utf-8"))["versions"]
    assert all(not path.startswith(C + "/") for path in lock) and f"{new}/2016-03-20.md" in lock
    assert "jumin-gongyue: jumin-gongyue-2012" in (site / "docs/qu/shequ/index.md").read_text(
        "utf-8"
    )
    assert run("check", str(site), "--date", "2024-06-01").exit_code == 0
    (site / "mkdocs.yml").write_text(
        (site / "mkdocs.yml")
        .read_text("utf-8")
        .replace("  - gongyue\n", "  - gongyue:\n      build_date: '2024-06-01'\n"),
        encoding="utf-8",
    )
    built = build_site(site, lock=False)
    for old in (
        "qu/shequ/jumin-gongyue/",
        "qu/shequ/jumin-gongyue/2016-03-20/",
        "qu/shequ/jumin-gongyue/2016-03-20/changes/",
        "qu/shequ/jumin-gongyue/history/",
    ):
        page = built.html(old)
        refresh = page.select_one('meta[http-equiv="refresh"]')
        assert refresh is not None, old
        target = refresh["content"].split("url=", 1)[1]
        landing = (built.site_dir / old / target).resolve()
        assert (landing / "index.html").is_file(), (old, target)
        assert "jumin-gongyue-2012" in str(landing)
    # Moving it back frees the old name: the old addresses are real pages again.
    back = run("move", str(site / new), "jumin-gongyue")
    assert back.exit_code == 0, back.output
    index = (site / "docs/qu/shequ/index.md").read_text("utf-8")
    assert "jumin-gongyue-2012: jumin-gongyue" in index and "jumin-gongyue: jumin" not in index
    assert run("check", str(site), "--date", "2024-06-01").exit_code == 0


def test_move_refuses_a_taken_or_bad_name(site):
    (site / "docs/qu/shequ/yuan-1").mkdir()
    (site / "docs/qu/shequ/yuan-1/index.md").write_text(unit_md("一号院落", "院落"), "utf-8")
    before = snapshot(site)
    assert "已经存在" in run("move", str(site / C), "yuan-1").output
    assert "只能用小写字母" in run("move", str(site / C), "居民公约").output
    assert snapshot(site) == before


def test_the_unchanged_first_version_is_still_what_it_was(site):
    assert (site / V2).read_text(encoding="utf-8") == GOOD_V2
