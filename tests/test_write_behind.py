"""A cache file written by a second process while the build goes on (write_behind.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from gongyue.publish import packs, parse_memo, write_behind
from gongyue.publish.parse_memo import MEMO, ParseMemo
from gongyue.text.articles import parse


@pytest.fixture(params=["forked", "at once"])
def forking(request, monkeypatch) -> bool:
    """The child process forced (under the test runner's threads a fork is not chosen),
    or the file written at once."""
    monkeypatch.setattr(write_behind, "fork_is_safe", lambda: request.param == "forked")
    return bool(request.param == "forked")


def test_a_file_written_behind_is_whole_once_waited_for(tmp_path: Path, forking):
    target = tmp_path / "big.pages"
    body = bytes(range(256)) * 40_000  # 10 MB, read back whole only once waited for
    write_behind.write_behind(target, lambda: packs.write_atomically(target, body))
    assert (target in write_behind._writing) is forking
    write_behind.wait(target)
    assert target.read_bytes() == body and target not in write_behind._writing
    write_behind.write_behind(target, lambda: packs.write_atomically(target, b"second"))
    write_behind.write_behind(target, lambda: packs.write_atomically(target, b"third"))
    write_behind.wait(target)
    assert target.read_bytes() == b"third"  # the second was waited for before the third began


def test_a_child_that_cannot_write_loses_the_file_quietly(tmp_path: Path, monkeypatch, capfd):
    monkeypatch.setattr(write_behind, "fork_is_safe", lambda: True)
    target = tmp_path / "missing-folder" / "x.pages"

    def fail() -> None:
        raise OSError(28, "No space left on device")

    write_behind.write_behind(target, fail)
    write_behind.wait(target)
    assert not target.exists()
    assert "Traceback" not in capfd.readouterr().err


def test_a_memo_written_behind_is_what_the_next_build_reads(tmp_path: Path, forking):
    """A second build in the same process (``mkdocs serve``, the tests) reads the memo the
    first one kept, whole, even while its writer may still run."""
    memo = ParseMemo(tmp_path, "family")
    for n in range(200):
        memo.parse(f"第一条 第{n}项。")
    memo.save()
    again = ParseMemo(tmp_path, "family")
    assert again.note == "" and len(again.documents.known) == 200
    assert parse_memo._loaded(again.documents.known[next(iter(again.documents.known))])
    assert (tmp_path / MEMO).is_file()
    lazy = again.parse("第一条 第7项。")
    assert callable(lazy) and lazy() == parse("第一条 第7项。")
