"""`gongyue log`: a key, the log written beside a built site, and the check a monitor runs."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from gongyue.cli import gongyue
from gongyue.procedure.lock import LOCK_NAME
from gongyue.publish.log import folder_reader, read_published
from gongyue.record.tlog.note import Verifier

from .conftest import lock_tree
from .test_check_corpus import GOOD_V2, V2, C, good_site, write_tree

NAME = "gongyue.example.cn/test"


def run(*args: str | Path, key: str = ""):
    env = {"GONGYUE_LOG_KEY": key} if key else {"GONGYUE_LOG_KEY": ""}
    return CliRunner().invoke(gongyue, [str(a) for a in args], env=env)


@pytest.fixture
def keys() -> tuple[str, str]:
    said = run("log", "key", NAME).output.splitlines()
    secret = next(line for line in said if line.startswith("PRIVATE+KEY+"))
    verifier = next(line for line in said if line.startswith(NAME + "+"))
    return secret, verifier


@pytest.fixture
def city(tmp_path) -> Path:
    root = write_tree(tmp_path / "site", good_site())
    lock_tree(root)
    return root


def published(root: Path, out: Path, secret: str, *previous: str | Path) -> Path:
    out.mkdir(parents=True)
    result = run("log", "write", out, root, *previous, key=secret)
    assert result.exit_code == 0, result.output
    return out


def test_a_key_names_the_log_and_its_secret_stays_out_of_the_verifier(keys):
    secret, verifier = keys
    assert Verifier.parse(verifier).name == NAME
    # PRIVATE+KEY+<name>+<hash>+<base64>: base64 itself may hold a “+”
    assert secret.split("+", 4)[4] not in verifier


def test_first_log_then_a_new_version_extends_it_and_the_check_says_so(city, keys, tmp_path):
    secret, verifier = keys
    first = published(city, tmp_path / "week-1", secret, "--first")
    log = read_published(folder_reader(first), Verifier.parse(verifier))
    assert log.checkpoint.size == 3  # started, then the two decided versions
    newer = GOOD_V2.replace("2016-03", "2020-05").replace("互相帮助", "互相帮助，爱护环境")
    (city / f"{C}/2020-05-20.md").write_text(newer, encoding="utf-8")
    (city / LOCK_NAME).unlink()
    lock_tree(city)
    second = published(city, tmp_path / "week-2", secret, "--previous", first)
    checked = run("log", "check", first, second, "--key", verifier)
    assert checked.exit_code == 0, checked.output
    assert "加上 1 条新的" in checked.output


def test_a_rewrite_with_a_new_lock_is_refused_and_nothing_is_written(city, keys, tmp_path):
    secret, _ = keys
    first = published(city, tmp_path / "week-1", secret, "--first")
    (city / V2).write_text(GOOD_V2.replace("邻里和睦", "邻里和谐"), encoding="utf-8")
    (city / LOCK_NAME).unlink()
    lock_tree(city)
    (tmp_path / "week-2").mkdir()
    refused = run("log", "write", tmp_path / "week-2", city, "--previous", first, key=secret)
    assert refused.exit_code == 1 and "Traceback" not in refused.output
    assert "2016-03-20 版" in refused.output and "没有写出日志" in refused.output
    assert not (tmp_path / "week-2" / "log").exists()


def test_a_log_started_afresh_is_caught_by_whoever_kept_the_old_one(city, keys, tmp_path):
    secret, verifier = keys
    first = published(city, tmp_path / "seen", secret, "--first")
    (city / V2).write_text(GOOD_V2.replace("邻里和睦", "邻里和谐"), encoding="utf-8")
    (city / LOCK_NAME).unlink()
    lock_tree(city)
    again = published(city, tmp_path / "now", secret, "--first")  # the insider starts over
    alarm = run("log", "check", first, again, "--key", verifier)
    assert alarm.exit_code == 1 and "已公布的记录被改写了" in alarm.output


def test_a_log_signed_by_another_key_is_refused(city, keys, tmp_path):
    secret, verifier = keys
    first = published(city, tmp_path / "seen", secret, "--first")
    other = run("log", "key", NAME).output.splitlines()
    forged_key = next(line for line in other if line.startswith("PRIVATE+KEY+"))
    forged = published(city, tmp_path / "forged", forged_key, "--first")
    refused = run("log", "check", first, forged, "--key", verifier)
    assert refused.exit_code == 1 and "检查点无法核对" in refused.output


@pytest.mark.parametrize(
    ("args", "words"),
    [
        ([], "要写 --previous"),
        (["--first", "--previous", "."], "只能写一个"),
    ],
)
def test_a_write_says_what_it_needs(city, keys, tmp_path, args, words):
    secret, _ = keys
    (tmp_path / "out").mkdir()
    result = run("log", "write", tmp_path / "out", city, *args, key=secret)
    assert result.exit_code == 1 and words in result.output


def test_without_the_secret_or_a_published_log_the_write_stops_in_chinese(city, keys, tmp_path):
    secret, _ = keys
    (tmp_path / "out").mkdir()
    missing = run("log", "write", tmp_path / "out", city, "--first")
    assert missing.exit_code == 1 and "GONGYUE_LOG_KEY" in missing.output
    (tmp_path / "empty").mkdir()
    none = run("log", "write", tmp_path / "out", city, "--previous", tmp_path / "empty", key=secret)
    assert none.exit_code == 1 and "第一次公布时用 --first" in none.output
    shutil.rmtree(tmp_path / "empty")


def test_a_log_never_starts_from_a_record_its_lock_contradicts(city, keys, tmp_path):
    secret, _ = keys
    (city / V2).write_text(GOOD_V2.replace("邻里和睦", "邻里和谐"), encoding="utf-8")
    refused = run("log", "write", tmp_path / "out", city, "--first", key=secret)
    assert refused.exit_code == 1 and "Traceback" not in refused.output
    assert "没有写出日志" in refused.output and "gongyue check" in refused.output
    assert not (tmp_path / "out" / "log").exists()


def test_a_new_key_is_stated_in_the_log_and_the_old_verifier_reads_the_past(city, keys, tmp_path):
    secret, verifier = keys
    first = published(city, tmp_path / "week-1", secret, "--first")
    said = run("log", "key", NAME).output.splitlines()
    new_secret = next(line for line in said if line.startswith("PRIVATE+KEY+"))
    new_verifier = next(line for line in said if line.startswith(NAME + "+"))
    refused = run("log", "write", tmp_path / "x", city, "--previous", first, key=new_secret)
    assert refused.exit_code == 1 and "检查点无法核对" in refused.output
    args = ("--previous", first, "--previous-key", verifier)
    second = published(city, tmp_path / "week-2", new_secret, *args)
    log = read_published(folder_reader(second), Verifier.parse(new_verifier))
    assert [e.kind for e in log.entries][-1] == "rotated"
    assert log.entries[-1].get("key") == new_verifier


def test_a_log_folder_that_is_not_a_log_is_never_touched(city, keys, tmp_path):
    secret, _ = keys
    mine = tmp_path / "out" / "log"
    mine.mkdir(parents=True)
    (mine / "notes.txt").write_text("会议记录", encoding="utf-8")
    refused = run("log", "write", tmp_path / "out", city, "--first", key=secret)
    assert refused.exit_code == 1 and "不是日志" in refused.output
    assert (mine / "notes.txt").read_text(encoding="utf-8") == "会议记录"
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["log"]
