"""The phone's short proofs (record/tlog/shortcuts.py): path files and peaks beside the
C2SP tiles. Whatever the tree's size and the leaf's place, the proof holds for the
leaf that is there and for no other; where its tiles are full it reads a few
hundred bytes, not whole tiles."""

from __future__ import annotations

import hashlib

from hypothesis import given, settings
from hypothesis import strategies as st

from gongyue.record.tlog import merkle, tiles
from gongyue.record.tlog.shortcuts import PEAKS, fold, path_files, peaks_file, peaks_of, prove


def published(size: int) -> tuple[dict[str, bytes], merkle.MemoryTree]:
    tree = merkle.MemoryTree([hashlib.sha256(str(i).encode()).digest() for i in range(size)])
    files = {**tiles.hash_tiles(tree), **path_files(tree), PEAKS: peaks_file(tree)}
    return files, tree


def reader(files: dict[str, bytes], log: list[str] | None = None):
    def read(path: str) -> bytes:
        if log is not None:
            log.append(path)
        return files[path]

    return read


@settings(deadline=None)  # a tree of 5,000 entries is built per example: slow on a busy machine
@given(st.integers(1, 5000))
def test_the_peaks_fold_to_the_root_of_rfc_9162(size):
    files, tree = published(size)
    assert sum(1 << h for _, h in peaks_of(size)) == size
    hashes = [tree.levels[h][start >> h] for start, h in peaks_of(size)]
    assert fold(hashes) == merkle.root(tree)
    assert files[PEAKS].splitlines()[0] == str(size).encode()


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 1500), st.data())
def test_a_leaf_is_proven_where_it_is_and_nowhere_else(size, data):
    files, tree = published(size)
    position = data.draw(st.integers(0, size - 1))
    root = merkle.root(tree)
    leaf = tree.levels[0][position]
    assert prove(reader(files), size, root, position, leaf)
    assert not prove(reader(files), size, root, position, hashlib.sha256(b"other").digest())
    if size > 1:
        elsewhere = data.draw(st.integers(0, size - 1).filter(lambda p: p != position))
        assert not prove(reader(files), size, root, elsewhere, leaf)


def test_a_changed_path_file_or_peak_proves_nothing():
    files, tree = published(600)
    root, leaf = merkle.root(tree), tree.levels[0][300]
    peaks = bytearray(files[PEAKS])
    peaks[-2] = ord("0") if peaks[-2] != ord("0") else ord("1")  # still a hex digit
    path = bytearray(files["path/0/300"])
    path[5] ^= 1
    for name, data in ((PEAKS, peaks), ("path/0/300", path), (PEAKS, b"600\nzz\n")):
        assert not prove(reader({**files, name: bytes(data)}), 600, root, 300, leaf)


def test_in_full_tiles_a_proof_reads_two_path_files_and_the_peaks():
    size = 65536 + 300  # one full level-1 tile: 256 full level-0 tiles under it
    files, tree = published(size)
    read: list[str] = []
    assert prove(reader(files, read), size, merkle.root(tree), 33333, tree.levels[0][33333])
    assert sorted(read) == sorted([PEAKS, "path/0/x033/333", "path/1/130"])
    assert sum(len(files[p]) for p in read) < 1500
    # No path file is ever rewritten: a grown tree's files keep every earlier one as it was.
    grown, _ = published(size + 700)
    assert all(grown[p] == data for p, data in files.items() if p.startswith("path/"))


def test_the_files_a_publish_adds_are_those_of_the_tiles_it_filled():
    files, tree = published(700)
    before = {p for p in published(300)[0] if p.startswith("path/")}
    added = set(path_files(tree, since=300))
    assert added == {p for p in files if p.startswith("path/")} - before
