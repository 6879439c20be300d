"""Errata and notes cannot change what was voted (issue 22, items 7 and 8).

An erratum corrects spelling. One that turns 不得 into 可以, or 3 into 5, is a
different rule under an unchanged fingerprint: it is an error unless the
committee says why and marks it substantive, and then residents see it in the
status box. ``notes:`` explain the 修改对照 of an adopted version: after the
vote they are frozen like the text.
"""

from __future__ import annotations

import subprocess

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from gongyue.cli import gongyue
from gongyue.record.meaning import changes_in_meaning

from .conftest import build_site
from .test_check_corpus import GOOD_V2, V2
from .test_insider_history import check, commit, relock
from .test_integrity import codes, committed_site

RULE = "第二条 邻里和睦，不得在楼道堆放杂物，每户限停3辆车。"
ERRATA_AFTER = "published: 2016-03-22\n"


@pytest.fixture
def repo(tmp_path):
    """The fixture site, whose 2016 version was adopted with RULE as its second article."""
    root = committed_site(tmp_path, V2=GOOD_V2.replace("第二条 邻里和睦，互相帮助。", RULE))
    assert codes(root) == set()
    return root


def correct(root, old: str, new: str, erratum: str) -> None:
    """Change the text and record it as an erratum, as a committee member would."""
    text = (root / V2).read_text(encoding="utf-8").replace(old, new)
    (root / V2).write_text(
        text.replace(ERRATA_AFTER, f"{ERRATA_AFTER}errata:\n  - {erratum}\n"), "utf-8"
    )


def test_an_erratum_that_turns_a_prohibition_into_a_permission_is_refused(repo):
    correct(
        repo,
        "不得在楼道",
        "可以在楼道",
        "{date: 2016-05-02, where: 第二条, from: 不得在楼道, to: 可以在楼道}",
    )
    result = check(repo)
    assert result.exit_code == 1
    line = (repo / V2).read_text(encoding="utf-8").split("\n").index("errata:") + 2
    assert (
        f"{V2}:{line}: 错误：这条勘误改变了表示许可、禁止或否定的词（“不得”→“可以”）"
        in result.output
    )
    assert "重新表决" in result.output and "substantive: true" in result.output


def test_an_erratum_that_changes_a_number_is_refused(repo):
    correct(repo, "限停3辆", "限停5辆", "{date: 2016-05-02, from: 限停3辆, to: 限停5辆}")
    assert "这条勘误改变了数字或日期" in check(repo).output
    assert codes(repo) == {"erratum"}


def test_a_spelling_correction_stays_a_plain_erratum(repo):
    correct(repo, "堆放杂物", "堆方杂物", "{date: 2016-05-02, from: 堆放, to: 堆方}")
    assert codes(repo) == set()


def test_an_erratum_dated_after_the_build_date_is_refused(repo):
    correct(repo, "堆放杂物", "堆方杂物", "{date: 2099-01-01, from: 堆放, to: 堆方}")
    result = CliRunner().invoke(gongyue, ["check", str(repo), "--date", "2024-01-01"])
    assert result.exit_code == 1 and "勘误日期 2099-01-01 晚于今天（2024-01-01）" in result.output


def test_a_substantive_erratum_with_its_reason_passes_and_is_shown_in_the_status_box(repo):
    erratum = (
        "{date: 2016-05-02, where: 第二条, from: 限停3辆, to: 限停5辆, substantive: true, "
        "reason: 会议记录为5辆，誊写时写错}"
    )
    correct(repo, "限停3辆", "限停5辆", erratum)
    assert codes(repo) == set()
    built = build_site(repo, lock=False)
    for url in ("qu/shequ/jumin-gongyue/2016-03-20/", "qu/shequ/jumin-gongyue/"):
        banner = built.main(url).select_one(".gy-banner")
        assert banner is not None
        said = " ".join(banner.get_text(" ", strip=True).split())
        assert "涉及实质内容的勘误 （2016-05-02）：第二条：“限停3辆”更正为“限停5辆”" in said, url
        assert "理由：会议记录为5辆，誊写时写错" in said


def test_a_reason_without_the_mark_is_not_enough(repo):
    correct(
        repo, "限停3辆", "限停5辆", "{date: 2016-05-02, from: 限停3辆, to: 限停5辆, reason: 写错了}"
    )
    assert codes(repo) == {"erratum"}


def test_a_result_or_kind_of_change_cannot_be_corrected_even_when_marked(repo):
    text = (repo / V2).read_text(encoding="utf-8").replace("change: 修订", "change: 废止")
    (repo / V2).write_text(text, "utf-8")
    correct(
        repo,
        "",
        "",
        "{date: 2016-05-02, field: change, from: 修订, to: 废止, substantive: true, reason: 改}",
    )
    assert "修改方式（change）是表决的决定，不能用勘误更改" in check(repo).output


# Item 8: notes are frozen after the vote.

NOTE = "notes:\n  第二条: 楼道是消防通道\n"


def test_notes_added_after_adoption_are_caught_by_the_history_even_with_a_new_lock(repo):
    text = (repo / V2).read_text(encoding="utf-8")
    (repo / V2).write_text(text.replace(ERRATA_AFTER, ERRATA_AFTER + NOTE), "utf-8")
    relock(repo)
    commit(repo, "补说明")
    result = check(repo)
    assert result.exit_code == 1 and "逐条说明（notes）不同" in result.output


def test_notes_changed_against_the_lock_are_caught_without_history(repo):
    subprocess.run(["rm", "-rf", str(repo / ".git")], check=True)
    text = (repo / V2).read_text(encoding="utf-8")
    (repo / V2).write_text(text.replace(ERRATA_AFTER, ERRATA_AFTER + NOTE), "utf-8")
    result = check(repo)
    assert result.exit_code == 1
    line = (repo / V2).read_text(encoding="utf-8").split("\n").index("notes:") + 1
    assert f"{V2}:{line}: 错误：表决通过以后，逐条说明（notes）被改动了" in result.output


def test_a_note_added_by_erratum_is_accepted(repo):
    text = (repo / V2).read_text(encoding="utf-8")
    (repo / V2).write_text(text.replace(ERRATA_AFTER, ERRATA_AFTER + NOTE), "utf-8")
    correct(repo, "", "", "{date: 2016-05-02, field: notes, where: 第二条, to: 楼道是消防通道}")
    commit(repo, "补说明")
    assert codes(repo) == set()


def test_a_note_erratum_must_say_what_the_note_now_is(repo):
    text = (repo / V2).read_text(encoding="utf-8")
    (repo / V2).write_text(text.replace(ERRATA_AFTER, ERRATA_AFTER + NOTE), "utf-8")
    correct(repo, "", "", "{date: 2016-05-02, field: notes, where: 第二条, to: 楼道是安全通道}")
    result = check(repo)
    assert (
        "勘误说逐条说明（notes）里“第二条”的说明改成了“楼道是安全通道”，但文件里不是这样写的"
        in result.output
    )


def test_a_lock_written_before_notes_were_frozen_still_reads(repo):
    import json

    lock = json.loads((repo / "gongyue.lock").read_text(encoding="utf-8"))
    lock["format"] = 2
    (repo / "gongyue.lock").write_text(json.dumps(lock), encoding="utf-8")
    assert codes(repo) == set()


# The words that decide meaning, as a property of any text.

TEXT = st.text(alphabet=st.sampled_from("居民楼道车位堆放杂物每户停辆，。的和在了"), max_size=30)


@given(TEXT)
def test_the_same_text_changes_nothing(text):
    assert changes_in_meaning(text, text) == []


@given(TEXT, TEXT, st.sampled_from(["不得", "禁止", "可以", "应当", "必须", "不", "未"]))
def test_adding_a_word_of_obligation_or_negation_changes_meaning(before, after, word):
    assert changes_in_meaning(before + after, before + word + after) != []


@given(TEXT, TEXT, st.integers(0, 99), st.integers(0, 99))
def test_a_different_number_changes_meaning(before, after, one, other):
    changed = changes_in_meaning(f"{before}{one}{after}", f"{before}{other}{after}")
    assert (changed != []) == (one != other)


def test_a_number_written_another_way_is_the_same_number():
    assert changes_in_meaning("每户限停3辆", "每户限停三辆") == []
    assert changes_in_meaning("第十二条", "第12条") == []
    assert changes_in_meaning("2016年", "２０１６年") == []


# The notes digest, recomputed from section 7 of the specification alone.


def notes_digest_from_the_spec(notes: dict[str, str]) -> str | None:
    import hashlib
    import unicodedata

    def canonical(text: str) -> str:
        lines = [line.rstrip() for line in unicodedata.normalize("NFC", text).split("\n")]
        return "\n".join(lines).strip("\n")

    def escaped(text: str) -> str:
        return text.replace("\\", "\\\\").replace("\n", "\\n").replace("\t", "\\t")

    pairs = sorted((canonical(k), canonical(v)) for k, v in notes.items())
    pairs = [(k, v) for k, v in pairs if k and v]
    if not pairs:
        return None
    body = "".join(f"{escaped(k)}\t{escaped(v)}\n" for k, v in pairs)
    return hashlib.sha256(f"gongyue-notes-v1\n{body}".encode()).hexdigest()


NOTE_TEXT = st.text(st.sampled_from("第四条说明楼道\n\t \\é充电"), max_size=12)


@given(st.dictionaries(NOTE_TEXT, NOTE_TEXT, max_size=4))
def test_the_notes_digest_is_what_the_specification_says(notes):
    from gongyue.record.canonical import canonical_notes, notes_digest

    assert notes_digest(canonical_notes(notes)) == notes_digest_from_the_spec(notes)


def test_a_committed_notes_vector():
    from gongyue.record.canonical import canonical_notes, notes_digest

    notes = {"第四条": "小区新建了充电棚，统一充电更安全", "第二条": "楼道是消防通道"}
    expected = "774ed9aabd601bccdb7315efc9f7b973142e46a60e19eef2094f5ecb610d8b30"
    assert notes_digest(canonical_notes(notes)) == expected
    assert notes_digest_from_the_spec(notes) == expected
