"""The log a site publishes, read back by the next publish (issue 24).

The insider rewrites an adopted text and makes every witness in the repository
agree (a new lock); the log the live site served says otherwise, and the next
publish refuses. A log not signed by the site's key, or whose tiles or entries
were changed, is refused before anything is built on it.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from gongyue.procedure.lock import LOCK_NAME
from gongyue.publish.log import (
    FOLDER,
    PublishedLogError,
    fetch_log,
    log_files,
    next_entries,
    proves_extension,
    read_published,
)
from gongyue.record.loader import load_site
from gongyue.record.tlog import note
from gongyue.record.tlog.entries import DECIDED, ROTATED, STARTED, LogError

from .conftest import lock_tree
from .test_check_corpus import GOOD_V2, V2, C, good_site, write_tree

ORIGIN = "gongyue.example.cn/test"
KEY = Ed25519PrivateKey.from_private_bytes(bytes(range(32)))
VERIFIER = note.verifier_of(ORIGIN, KEY)
DAY = dt.date(2024, 6, 1)


def city(tmp_path: Path) -> Path:
    root = write_tree(tmp_path / "site", good_site())
    lock_tree(root)
    return root


def publish(root: Path, previous=None) -> dict[str, bytes]:
    site = load_site(root, root / "docs", DAY)
    return log_files(next_entries(previous, site, VERIFIER, "-"), ORIGIN, KEY)


def served(files: dict[str, bytes]):
    return read_published(lambda path: files[FOLDER + path], VERIFIER)


def test_a_first_log_reads_back_as_published(tmp_path):
    files = publish(city(tmp_path))
    assert FOLDER + "checkpoint" in files and FOLDER + "tile/0/000.p/3" in files
    published = served(files)
    assert published.checkpoint.size == 3 and published.checkpoint.origin == ORIGIN
    assert [e.kind for e in published.entries] == [STARTED, DECIDED, DECIDED]
    assert published.entries[0].get("key") == VERIFIER.text()


def test_a_new_version_extends_the_published_log(tmp_path):
    root = city(tmp_path)
    first = served(publish(root))
    newer = GOOD_V2.replace("2016-03-20", "2020-05-06").replace("互相帮助", "互相帮助，爱护环境")
    (root / f"{C}/2020-05-06.md").write_text(newer, encoding="utf-8")
    second = served(publish(root, first))
    assert second.entries[:3] == first.entries and second.checkpoint.size == 4
    assert proves_extension(first, second.entries)


def test_a_rewritten_text_is_refused_even_with_a_new_lock(tmp_path):
    root = city(tmp_path)
    live = served(publish(root))
    (root / V2).write_text(GOOD_V2.replace("邻里和睦", "邻里和谐"), encoding="utf-8")
    (root / LOCK_NAME).unlink()
    lock_tree(root)  # the repository's own witness, made to agree with the rewrite
    with pytest.raises(LogError, match="2016-03-20 版"):
        publish(root, live)


def test_a_log_rewritten_in_full_is_no_extension_of_the_one_seen_before(tmp_path):
    root = city(tmp_path)
    seen = served(publish(root))
    (root / V2).write_text(GOOD_V2.replace("邻里和睦", "邻里和谐"), encoding="utf-8")
    rewritten = served(publish(root))  # started afresh, as if no log had been published
    assert not proves_extension(seen, rewritten.entries)


def test_a_log_not_signed_by_the_sites_key_is_refused(tmp_path):
    files = publish(city(tmp_path))
    forged = dict(files)
    body = note.open_note(files[FOLDER + "checkpoint"].decode(), VERIFIER)
    other = Ed25519PrivateKey.generate()
    forged[FOLDER + "checkpoint"] = note.sign(body, ORIGIN, other).encode()
    with pytest.raises(PublishedLogError, match="检查点无法核对"):
        served(forged)


@pytest.mark.parametrize("part", ["tile/0/000.p/3", "tile/entries/000.p/3"])
def test_changed_tiles_or_entries_are_refused(tmp_path, part):
    files = publish(city(tmp_path))
    changed = dict(files)
    data = bytearray(files[FOLDER + part])
    data[-1] ^= 1
    changed[FOLDER + part] = bytes(data)
    with pytest.raises(PublishedLogError):
        served(changed)


def test_a_new_signing_key_is_a_stated_entry_and_the_past_is_kept(tmp_path):
    root = city(tmp_path)
    first = served(publish(root))
    newer = Ed25519PrivateKey.from_private_bytes(bytes(range(1, 33)))
    verifier = note.verifier_of(ORIGIN, newer)
    site = load_site(root, root / "docs", DAY)
    entries = next_entries(first, site, verifier, "-")
    assert entries[:3] == first.entries and entries[3].kind == ROTATED
    assert entries[3].get("key") == verifier.text()
    files = log_files(entries, ORIGIN, newer)
    again = read_published(lambda path: files[FOLDER + path], verifier)
    assert proves_extension(first, again.entries)
    # The same key again: nothing more to state.
    assert next_entries(again, site, verifier, "-") == entries


def test_a_checkpoint_claiming_an_implausible_size_is_refused_before_anything_is_read(tmp_path):
    huge = note.Checkpoint(ORIGIN, 10**12, bytes(32)).body()
    files = {FOLDER + "checkpoint": note.sign(huge, ORIGIN, KEY).encode()}
    with pytest.raises(PublishedLogError, match="超过了 10000000 条的上限"):
        served(files)
    with pytest.raises(PublishedLogError, match="上限"):
        fetch_log(lambda path: files[path])
