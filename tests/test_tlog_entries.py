"""What the log records (issue 24): entries in a closed format, and a log that only grows.

The insider's moves replayed against a log made earlier: a decided text edited,
a version deleted, an erratum taken back — each is refused with the entry
named; a new version, an erratum and a charter renamed with `gongyue move` are
appended, every earlier entry kept as it was.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from click.testing import CliRunner
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from hypothesis import given
from hypothesis import strategies as st

from gongyue.cli import gongyue
from gongyue.record.loader import load_site
from gongyue.record.tlog import note
from gongyue.record.tlog.entries import (
    DECIDED,
    ERRATUM,
    FORMAT,
    KEYS,
    RENAMED,
    Entry,
    EntryError,
    LogError,
    decode,
    events,
    extend,
)

from .conftest import lock_tree
from .test_check_corpus import GOOD_V2, V1, V2, C, good_site, write_tree

DAY = dt.date(2024, 6, 1)
HEX = st.text("0123456789abcdef", min_size=64, max_size=64)
SLUG = st.from_regex(r"[a-z0-9][a-z0-9-]{0,10}", fullmatch=True)
FOLDER = st.lists(SLUG, min_size=1, max_size=4).map("/".join)
DATE = st.dates(dt.date(1990, 1, 1), dt.date(2100, 1, 1)).map(dt.date.isoformat)
VALUES = {
    "charter": FOLDER,
    "unit": FOLDER,
    "from": SLUG,
    "to": SLUG,
    "version": DATE,
    "erratum": DATE,
    "result": st.sampled_from(["通过", "未通过"]),
    "digest": HEX,
    "fingerprint": HEX | st.just("-"),
    "key": st.builds(
        lambda name, seed: note.verifier_of(
            name, Ed25519PrivateKey.from_private_bytes(seed)
        ).text(),
        st.from_regex(r"[a-z0-9.-]{1,20}(/[a-z0-9-]{1,10})?", fullmatch=True),
        st.binary(min_size=32, max_size=32),
    ),
    "lock": HEX | st.just("-"),
}
ENTRY = st.sampled_from(sorted(KEYS)).flatmap(
    lambda kind: st.tuples(*(VALUES[key] for key in KEYS[kind])).map(
        lambda values: Entry(kind, values)
    )
)


@given(ENTRY)
def test_every_entry_reads_back_as_itself(entry):
    data = entry.encode()
    assert data.startswith(f"{FORMAT}\nkind: {entry.kind}\n".encode())
    assert decode(data) == entry


@given(ENTRY, st.data())
def test_any_other_bytes_are_refused(entry, data):
    text = entry.encode().decode()
    lines = text.split("\n")
    at = data.draw(st.integers(0, len(lines) - 2))
    damaged = data.draw(
        st.sampled_from(
            [
                text.replace("\n", "\r\n"),
                text + "extra: 1\n",
                text[:-1],
                "\n".join([*lines[:at], lines[at] + " ", *lines[at + 1 :]]),
                "\n".join(lines[:at] + lines[at + 1 :]),
            ]
        )
    )
    with pytest.raises(EntryError):
        decode(damaged.encode())


def test_a_value_outside_its_form_cannot_be_an_entry():
    with pytest.raises(EntryError):
        Entry(DECIDED, ("qu/she", "2024-01-01", "通过", "ABC", "-"))
    with pytest.raises(EntryError):
        Entry(RENAMED, ("qu/she", "../x", "y"))


# --- the record's events, and a log that only grows ----------------------------------------


def city(tmp_path: Path) -> Path:
    root = write_tree(tmp_path / "site", good_site())
    lock_tree(root)
    return root


def record(root: Path) -> list[Entry]:
    return events(load_site(root, root / "docs", DAY))


def test_the_record_becomes_decided_entries_with_their_fingerprints(tmp_path):
    entries = record(city(tmp_path))
    assert [(e.kind, e.get("version")) for e in entries] == [
        (DECIDED, "2012-06-18"),
        (DECIDED, "2016-03-20"),
    ]
    assert all(e.get("charter") == "qu/shequ/jumin-gongyue" for e in entries)
    assert entries[0].get("fingerprint") != entries[1].get("fingerprint")


def test_a_log_of_an_unchanged_record_is_the_same_log(tmp_path):
    first = record(city(tmp_path))
    assert extend(first, first) == first


def test_an_edited_decided_text_is_refused_against_the_log(tmp_path):
    root = city(tmp_path)
    logged = record(root)
    (root / V2).write_text(GOOD_V2.replace("邻里和睦", "邻里和谐"), encoding="utf-8")
    with pytest.raises(LogError) as refused:
        extend(logged, record(root))
    assert "“qu/shequ/jumin-gongyue”的 2016-03-20 版" in str(refused.value)
    assert "文本或表决记录被改动了" in str(refused.value)


def test_a_deleted_version_is_refused_against_the_log(tmp_path):
    root = city(tmp_path)
    logged = record(root)
    (root / V2).unlink()
    with pytest.raises(LogError, match="现在的记录里没有了"):
        extend(logged, record(root))


def test_an_erratum_is_appended_and_cannot_be_taken_back(tmp_path):
    root = city(tmp_path)
    logged = record(root)
    corrected = GOOD_V2.replace("邻里和睦", "邻里和穆").replace(
        "---\n第", "errata:\n  - {date: 2024-05-01, from: 和睦, to: 和穆}\n---\n第", 1
    )
    (root / V2).write_text(corrected, encoding="utf-8")
    grown = extend(logged, record(root))
    assert grown[:2] == logged and [e.kind for e in grown[2:]] == [ERRATUM]
    (root / V2).write_text(GOOD_V2, encoding="utf-8")
    with pytest.raises(LogError, match="2024-05-01 勘误"):
        extend(grown, record(root))


def test_a_charter_moved_with_gongyue_move_keeps_its_entries(tmp_path, monkeypatch):
    root = city(tmp_path)
    logged = record(root)
    monkeypatch.chdir(root)
    moved = CliRunner().invoke(gongyue, ["move", C, "xin-gongyue", "--date", "2024-06-01"])
    assert moved.exit_code == 0, moved.output
    grown = extend(logged, record(root))
    assert grown[:2] == logged
    assert [(e.kind, e.values) for e in grown[2:]] == [
        (RENAMED, ("qu/shequ", "jumin-gongyue", "xin-gongyue"))
    ]


def test_a_version_backfilled_before_the_logged_ones_is_refused(tmp_path):
    # Its fingerprint changes every later one in the chain: the log says otherwise.
    root = city(tmp_path)
    logged = record(root)
    earlier = (root / V1).read_text(encoding="utf-8").replace("2012-06-18", "2010-01-05")
    (root / f"{C}/2010-01-05.md").write_text(earlier, encoding="utf-8")
    with pytest.raises(LogError, match="2012-06-18 版"):
        extend(logged, record(root))
