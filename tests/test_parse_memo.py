"""The parse memo: a body read by an earlier build gives what reading it again gives."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from hashlib import sha256
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gongyue.adapters.git import run_git
from gongyue.procedure.checks import check_tree
from gongyue.procedure.lock import entries_now
from gongyue.procedure.rules import DEFAULT_RULES
from gongyue.publish import packs, write_behind
from gongyue.publish.parse_memo import (
    CHECKS,
    DOCUMENTS,
    FRONTS,
    MEMO,
    SEALS,
    ParseMemo,
    _entries,
    _front_encoded,
    _json,
    _lines,
    _loaded,
    _seal_decoded,
    _seal_encoded,
    encoded,
)
from gongyue.record import errata
from gongyue.record.errata import seal_of
from gongyue.record.errors import SourceError
from gongyue.record.loader import READ
from gongyue.record.sources import parse_yaml, split_front_matter
from gongyue.text.articles import Document, parse

from .conftest import ROOT, lock_tree, write_tree
from .test_check_corpus import CASES, V2, good_site, run_check


@pytest.fixture(autouse=True)
def memo_written_at_once(monkeypatch):
    """These tests read the memo's file as saved: it is written at once, not by a child
    (``test_write_behind.py`` covers that)."""
    monkeypatch.setattr(write_behind, "fork_is_safe", lambda: False)


TODAY = dt.date(2026, 11, 25)

REAL = sorted((ROOT / "docs").rglob("20*.md"))[:12]  # the demo's texts, as committees wrote them
lines = st.sampled_from(
    [
        "第一章 总则",
        "第一条 居民应当爱护绿化。",
        "第二条 不得占用消防通道。",
        "（一）遵守公约；",
        "一、爱护公共设施。",
        "1. 按时缴费。",
        "## 第三条",
        "**第四条** 文明养犬。",
        "",
        "　　序言的一句。",
    ]
)
bodies = st.lists(lines, max_size=12).map("\n".join)


def provisions(memo: ParseMemo, body: str) -> Document:
    """What the memo gives for ``body``, read as ``Version.document`` reads it."""
    found = memo.parse(body)
    return found if isinstance(found, Document) else found()


@settings(max_examples=60, deadline=None)
@given(body=bodies)
def test_a_remembered_body_is_read_as_parse_reads_it(tmp_path_factory, body):
    folder = tmp_path_factory.mktemp("memo")
    first = ParseMemo(folder, "family")
    assert provisions(first, body) == parse(body)
    first.save()
    again = ParseMemo(folder, "family")
    assert provisions(again, body) == parse(body) and again.fresh == 0


# Published texts as people pasted them (tests/corpus/README.md gives their sources).
PUBLISHED = sorted((ROOT / "tests/corpus/texts").glob("*.md")) + sorted(
    p for p in (ROOT / "tests/corpus/decisions").glob("*.*") if p.name != "README.md"
)


def test_real_texts_through_the_memo(tmp_path: Path):
    bodies = [path.read_text(encoding="utf-8").split("\n---\n", 1)[1] for path in REAL]
    bodies += [path.read_text(encoding="utf-8") for path in PUBLISHED]
    assert len(PUBLISHED) == 7 and any(parse(body).notes for body in bodies)
    memo = ParseMemo(tmp_path, "family")
    for body in bodies:
        memo.parse(body)
    memo.save()
    again = ParseMemo(tmp_path, "family")
    assert [provisions(again, body) for body in bodies] == [parse(body) for body in bodies]
    assert again.fresh == 0


def test_each_call_gives_new_provisions(tmp_path: Path):
    """Two versions with the same words: the lineage tells their provisions apart by identity."""
    memo = ParseMemo(tmp_path, "family")
    one, two = provisions(memo, "第一条 甲。"), provisions(memo, "第一条 甲。")
    assert one == two and one.provisions[0] is not two.provisions[0]
    memo.save()
    again = ParseMemo(tmp_path, "family")
    one, two = provisions(again, "第一条 甲。"), provisions(again, "第一条 甲。")
    assert one == two and one.provisions[0] is not two.provisions[0]


def test_a_remembered_body_is_read_only_when_asked_for(tmp_path: Path):
    """A build from the page cache loads every version but makes few pages: the
    provisions an earlier build kept are read back the first time a version's are asked
    for, once; a version sent to a helper process carries them, not the memo."""
    import pickle

    from gongyue.record.model import Charter, Unit, Version

    memo = ParseMemo(tmp_path, "family")
    memo.parse("第一条 甲。")
    memo.save()
    again = ParseMemo(tmp_path, "family")
    unit = Unit("docs/u", ("u",), None, "")  # type: ignore[arg-type]
    charter = Charter("docs/u/c", "c", unit)
    lazy = again.parse("第一条 甲。")
    version = Version("docs/u/c/draft.md", "draft", None, lazy, 1, None, charter)  # type: ignore[arg-type]
    assert not isinstance(version.parsed, Document)  # not read yet
    first = version.document
    assert first == parse("第一条 甲。") and version.document is first  # read once
    version.parsed = again.parse("第一条 甲。")
    sent = pickle.loads(pickle.dumps(version))
    assert isinstance(sent.parsed, Document) and sent.document == parse("第一条 甲。")
    assert b"_Remembered" not in pickle.dumps(version)


def test_a_memo_of_another_family_or_a_damaged_one_is_not_used(tmp_path: Path):
    memo = ParseMemo(tmp_path, "family")
    memo.parse("第一条 甲。")
    memo.save()
    assert ParseMemo(tmp_path, "another").documents.known == {}
    data = (tmp_path / MEMO).read_bytes()
    flipped = data.replace("甲".encode(), "乙".encode())  # one character of a text, bytes intact
    (tmp_path / MEMO).write_bytes(flipped)
    damaged = ParseMemo(tmp_path, "family")
    assert "已损坏" in damaged.note and damaged.documents.known == {}
    assert provisions(damaged, "第一条 甲。") == parse("第一条 甲。") and damaged.fresh == 1
    (tmp_path / MEMO).write_bytes(b"\xff")
    assert "已损坏" in ParseMemo(tmp_path, "family").note


def test_a_well_formed_entry_of_the_wrong_shape_is_read_again(tmp_path: Path):
    """Kept with a good hash but not a document (another gongyue's shape): read anew when
    asked for."""
    kept = encoded(parse("第一条 甲。"))
    kept[1][0][4] = 123  # a provision's text that is not text
    documents = _lines({sha256("第一条 甲。".encode()).hexdigest(): _json(kept)})
    files = [(DOCUMENTS, documents), (FRONTS, b""), (CHECKS, b""), (SEALS, b"")]
    packs.write(tmp_path / MEMO, MEMO, "family", files)
    memo = ParseMemo(tmp_path, "family")
    assert memo.documents.known and provisions(memo, "第一条 甲。") == parse("第一条 甲。")


def test_only_what_a_build_read_is_kept(tmp_path: Path):
    memo = ParseMemo(tmp_path, "family")
    memo.parse("第一条 甲。")
    memo.parse("第一条 乙。")
    memo.save()
    later = ParseMemo(tmp_path, "family")
    later.parse("第一条 乙。")
    later.save()
    documents = dict(packs.unpacked(tmp_path / MEMO))[DOCUMENTS]
    assert len(_entries(documents)) == 1


# --- front matter -------------------------------------------------------------------------

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**20), 10**20),
    st.decimals(allow_nan=False, allow_infinity=False, places=2),
    st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=12),
)
keys = st.text(st.sampled_from("abc公约_-"), min_size=1, max_size=6)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(keys, inner, max_size=3)),
    max_leaves=10,
)


def as_yaml(value: Any) -> str:
    """``value`` written as a committee might: decimals as plain numbers."""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict):
        return "{" + ", ".join(f"{json.dumps(k)}: {as_yaml(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(as_yaml(v) for v in value) + "]"
    return json.dumps(value, ensure_ascii=False)


@settings(max_examples=80, deadline=None)
@given(front=st.dictionaries(keys, values, max_size=5).map(lambda d: f"meta: {as_yaml(d)}\n"))
def test_a_remembered_front_matter_is_read_as_the_parser_reads_it(tmp_path_factory, front):
    folder = tmp_path_factory.mktemp("memo")
    expected = parse_yaml(front, "x.md")
    first = ParseMemo(folder, "family")
    assert first.front(front, "x.md") == expected
    first.save()
    again = ParseMemo(folder, "family")
    got = again.front(front, "x.md")
    assert got == expected and repr(got) == repr(expected)  # Decimal("1.50") stays "1.50"
    assert again.fresh == 0 or _front_encoded(expected) is None


def test_real_front_matter_through_the_memo(tmp_path: Path):
    fronts = [split_front_matter(p.read_text(encoding="utf-8"), "")[0] for p in REAL]
    memo = ParseMemo(tmp_path, "family")
    for front in fronts:
        memo.front(front, "x.md")
    memo.save()
    again = ParseMemo(tmp_path, "family")
    read = [again.front(front, "x.md") for front in fronts]
    assert repr(read) == repr([parse_yaml(front, "x.md") for front in fronts])
    assert again.fresh == 0


def test_a_front_matter_with_a_problem_is_said_every_time(tmp_path: Path):
    memo = ParseMemo(tmp_path, "family")
    for _ in range(2):
        with pytest.raises(SourceError):
            memo.front("a: 1\na: 2\n", "docs/x.md")
    memo.save()
    with pytest.raises(SourceError):
        ParseMemo(tmp_path, "family").front("a: 1\na: 2\n", "docs/x.md")


# --- what a file's own checks found --------------------------------------------------------


def report_of(root: Path, memo: ParseMemo | None) -> list[str]:
    judge = memo.judge if memo is not None else None
    readers = memo.readers if memo is not None else READ
    _, report = check_tree(
        root, root / "docs", DEFAULT_RULES, TODAY, git=run_git, readers=readers, judge=judge
    )
    return [problem.format() for problem in report.problems]


def test_what_checks_found_is_what_they_find_again(tmp_path: Path):
    """Every broken input of the check corpus, checked with an empty memo, then with the memo
    that check filled: the same report as without a memo, and no file judged again."""
    assert len(CASES) >= 30
    for number, (_, change, *_) in enumerate(CASES):
        files = good_site()
        change(files)
        root = write_tree(tmp_path / f"site-{number}", files)
        lock_tree(root)
        expected = report_of(root, None)
        memo = ParseMemo(tmp_path / f"cache-{number}", "family")
        assert report_of(root, memo) == expected
        memo.save()
        again = ParseMemo(tmp_path / f"cache-{number}", "family")
        assert report_of(root, again) == expected and again.fresh == 0


def test_a_file_judged_at_one_path_is_judged_again_at_another(tmp_path: Path):
    files = good_site()
    root = write_tree(tmp_path / "site", files)
    memo = ParseMemo(tmp_path / "cache", "family")
    report_of(root, memo)
    memo.save()
    moved = {k.replace("jumin-gongyue", "wenming-gongyue"): v for k, v in files.items()}
    other = write_tree(tmp_path / "moved", moved)
    again = ParseMemo(tmp_path / "cache", "family")
    report_of(other, again)
    assert again.fresh == 2  # the two versions' checks; their texts are remembered


def reshaped(root: Path, cache: Path, table: str, entry: Any) -> list[str]:
    """Check ``root`` with an empty memo, then put ``entry`` in place of every entry of the
    memo's ``table``, kept with good hashes (another gongyue's shape); the report expected."""
    memo = ParseMemo(cache, "family")
    expected = report_of(root, memo)
    memo.save()
    files = dict(packs.unpacked(cache / MEMO))
    files[table] = _lines({key: _json(entry) for key in _entries(files[table])})
    packs.write(cache / MEMO, MEMO, "family", files.items())
    return expected


def test_a_kept_judgement_of_the_wrong_shape_is_judged_again(tmp_path: Path):
    root = write_tree(tmp_path / "site", good_site())
    expected = reshaped(root, tmp_path / "cache", CHECKS, [[1, "假的问题", "", "x", "危险"]])
    again = ParseMemo(tmp_path / "cache", "family")
    assert report_of(root, again) == expected and again.fresh == 2


def test_the_demos_seals_come_back_as_worked_out(tmp_path: Path):
    """What the lock records of each version's adopted form, from the memo, is what
    undoing its errata gives (the demo has errata, notes, decisions and views received),
    and the forms themselves are not worked out again."""
    memo = ParseMemo(tmp_path, "family")
    first, _ = check_tree(
        ROOT, ROOT / "docs", DEFAULT_RULES, TODAY, git=run_git, readers=memo.readers
    )
    memo.save()
    again = ParseMemo(tmp_path, "family")
    site, _ = check_tree(
        ROOT, ROOT / "docs", DEFAULT_RULES, TODAY, git=run_git, readers=again.readers
    )
    decided = [v for c in site.charters for v in c.versions]
    assert len(again.seals.known) == len(decided) > 20 and again.fresh == 0
    assert all(errata.found(v) is None for v in decided)  # no form worked out
    assert all(errata.sealed(v) == seal_of(errata.undo_errata(v)) for v in decided)
    assert entries_now(site) == entries_now(first)
    seals = [errata.sealed(v) for v in decided]
    assert any(v.meta.errata for v in decided)
    assert any(seal.feedback for seal in seals)  # the demo records no notes or decisions


digests = st.text("0123456789abcdef", min_size=64, max_size=64)


@given(digest=digests, others=st.lists(st.none() | digests, min_size=3, max_size=3))
def test_a_kept_seal_reads_back_as_it_was(digest, others):
    seal = errata.Seal(digest, *others)
    kept = _entries(_lines({"f": _json(_seal_encoded(seal))}))["f"]
    assert _seal_decoded(_loaded(kept)) == seal


@pytest.mark.parametrize(
    "entry",
    [
        ["ab", None, None, None],  # not a digest
        ["A" * 64, None, None, None],  # not as hexdigest writes one
        ["a" * 64, None, None],  # a field short
        ["a" * 64, 1, None, None],
        {"digest": "a" * 64},
    ],
)
def test_a_kept_seal_of_the_wrong_shape_is_worked_out_again(tmp_path: Path, entry):
    root = write_tree(tmp_path / "site", good_site())
    expected = reshaped(root, tmp_path / "cache", SEALS, entry)
    again = ParseMemo(tmp_path / "cache", "family")
    assert report_of(root, again) == expected
    again.save()
    assert again.fresh == 2  # both versions' seals worked out and kept again


def test_a_forged_memo_cannot_hide_a_changed_adopted_text_from_gongyue_check(
    tmp_path: Path, monkeypatch
):
    """An insider changes an adopted text and forges the build's memo so that the changed
    file's seal is the one the lock vouches for. The build trusts its cache as it
    trusts its packs (the guide's trust model); ``gongyue check``, which the CI templates
    run before every publish, never reads the cache and says the text was changed."""
    root = write_tree(tmp_path / "site", good_site())
    lock_tree(root)
    cache = tmp_path / "cache"
    memo = ParseMemo(cache, "family")
    assert report_of(root, memo) == []
    memo.save()
    version = root / "docs/qu/shequ/jumin-gongyue/2016-03-20.md"
    original = _key(version)
    version.write_text(version.read_text(encoding="utf-8").replace("互相帮助", "互相监督"), "utf-8")
    files = dict(packs.unpacked(cache / MEMO))
    seals = _entries(files[SEALS])
    seals[_key(version)] = seals[original]
    files[SEALS] = _lines(seals)
    packs.write(cache / MEMO, MEMO, "family", files.items())
    assert report_of(root, ParseMemo(cache, "family")) == []  # fooled: the cache is trusted
    monkeypatch.setenv("GONGYUE_CACHE", str(cache))
    result = run_check(root, "--format", "json")
    assert result.exit_code == 1
    assert [p["code"] for p in json.loads(result.stdout)] == ["lock-mismatch"]


def _key(version: Path) -> str:
    path = version.relative_to(version.parents[4]).as_posix()
    return sha256(f"{path}\0{version.read_text(encoding='utf-8')}".encode()).hexdigest()


# --- the pack's tables ----------------------------------------------------------------------

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(), inner, max_size=3),
    max_leaves=8,
)


@given(st.dictionaries(st.text("0123456789abcdef", min_size=1, max_size=64), json_values))
def test_a_table_reads_back_as_written(table):
    """One entry a line: texts with line ends, tabs and any character stay on their line."""
    written = _lines({key: _json(value) for key, value in table.items()})
    assert {key: _loaded(raw) for key, raw in _entries(written).items()} == table


def test_a_table_line_without_a_value_makes_the_memo_unused(tmp_path: Path):
    memo = ParseMemo(tmp_path, "family")
    memo.parse("第一条 甲。")
    memo.save()
    files = dict(packs.unpacked(tmp_path / MEMO))
    files[DOCUMENTS] += b"\nnot-a-line"
    packs.write(tmp_path / MEMO, MEMO, "family", files.items())
    broken = ParseMemo(tmp_path, "family")
    assert "格式不对" in broken.note and broken.documents.known == {}
    assert provisions(broken, "第一条 甲。") == parse("第一条 甲。") and broken.fresh == 1


def test_a_kept_body_that_is_not_json_is_read_again_when_asked_for(tmp_path: Path):
    """A value is decoded only when used: one that is not JSON (kept with a good hash)
    gives the body's provisions read anew, not an error."""
    key = sha256("第一条 甲。".encode()).hexdigest()
    files = [(DOCUMENTS, _lines({key: b"[not json"})), (FRONTS, b""), (CHECKS, b""), (SEALS, b"")]
    packs.write(tmp_path / MEMO, MEMO, "family", files)
    memo = ParseMemo(tmp_path, "family")
    assert memo.documents.known == {key: b"[not json"} and memo.note == ""
    assert provisions(memo, "第一条 甲。") == parse("第一条 甲。")


def test_remembered_seals_give_the_lock_what_the_forms_give(tmp_path: Path):
    """A version with notes and a 修改决定: the lock's entries from the seals an earlier build
    kept are the ones worked out from the forms, digests of notes and decision included."""
    files = good_site()
    frozen = "notes:\n  第二条: 楼道是消防通道\ndecision: |\n  一、第二条修改为：……\n"
    files[V2] = str(files[V2]).replace("---\n", "---\n" + frozen, 1)
    root = write_tree(tmp_path / "site", files)
    lock_tree(root)
    memo = ParseMemo(tmp_path / "cache", "family")
    first, report = check_tree(
        root, root / "docs", DEFAULT_RULES, TODAY, git=run_git, readers=memo.readers
    )
    memo.save()
    again = ParseMemo(tmp_path / "cache", "family")
    site, report_again = check_tree(
        root, root / "docs", DEFAULT_RULES, TODAY, git=run_git, readers=again.readers
    )
    assert again.fresh == 0 and report_again.problems == report.problems
    (version,) = [v for c in site.charters for v in c.versions if v.path == V2]
    seal = errata.sealed(version)
    assert errata.found(version) is None and seal.notes and seal.decision
    assert entries_now(site) == entries_now(first)
