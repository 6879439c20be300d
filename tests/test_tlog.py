"""The transparency log's pieces (issue 24): RFC 9162 proofs, C2SP tiles and checkpoints.

The oracle below is written from RFC 9162 §2.1 alone, as the RFC states it —
recursive, over the entries themselves — and the module under test must agree
with it on random trees, and refuse every proof that was tampered with.
"""

from __future__ import annotations

import base64
import hashlib
import json
import sys

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from hypothesis import given, settings
from hypothesis import strategies as st

from gongyue.record.tlog import merkle, note, tiles

from .conftest import ROOT

# --- the oracle: RFC 9162 §2.1.1, §2.1.3.1 and §2.1.4.1, word for word -----------------


def sha(data: bytes) -> bytes:
    return hashlib.sha256(data).digest()


def mth(d: list[bytes]) -> bytes:
    n = len(d)
    if n == 0:
        return sha(b"")
    if n == 1:
        return sha(b"\x00" + d[0])
    k = 1
    while k * 2 < n:
        k *= 2
    return sha(b"\x01" + mth(d[:k]) + mth(d[k:]))


def rfc_path(m: int, d: list[bytes]) -> list[bytes]:
    n = len(d)
    if n == 1:
        return []
    k = 1
    while k * 2 < n:
        k *= 2
    if m < k:
        return [*rfc_path(m, d[:k]), mth(d[k:])]
    return [*rfc_path(m - k, d[k:]), mth(d[:k])]


def rfc_subproof(m: int, d: list[bytes], b: bool) -> list[bytes]:
    n = len(d)
    if m == n:
        return [] if b else [mth(d)]
    k = 1
    while k * 2 < n:
        k *= 2
    if m <= k:
        return [*rfc_subproof(m, d[:k], b), mth(d[k:])]
    return [*rfc_subproof(m - k, d[k:], False), mth(d[:k])]


# Distinct entries: with repeated ones, a proof for one position can be a proof for another.
ENTRIES = st.lists(st.binary(max_size=12), min_size=1, max_size=70, unique=True)


def flipped(proof: list[bytes], at: int) -> list[bytes]:
    changed = list(proof)
    changed[at] = bytes([changed[at][0] ^ 1]) + changed[at][1:]
    return changed


@given(ENTRIES, st.data())
def test_roots_and_inclusion_proofs_are_the_rfcs(entries, data):
    tree = merkle.MemoryTree.of_entries(entries)
    root = merkle.root(tree)
    assert root == mth(entries)
    index = data.draw(st.integers(0, len(entries) - 1))
    proof = merkle.inclusion_proof(tree, index)
    assert proof == rfc_path(index, entries)
    leaf = merkle.leaf_hash(entries[index])
    assert merkle.verify_inclusion(index, len(entries), leaf, proof, root)
    if proof:
        at = data.draw(st.integers(0, len(proof) - 1))
        assert not merkle.verify_inclusion(index, len(entries), leaf, flipped(proof, at), root)
    other = data.draw(st.integers(0, len(entries) - 1))
    if other != index:
        assert not merkle.verify_inclusion(other, len(entries), leaf, proof, root)
    # (The size itself is pinned by the signed checkpoint that carries the root.)


@given(ENTRIES, st.data())
def test_consistency_proofs_are_the_rfcs_and_catch_a_rewritten_past(entries, data):
    tree = merkle.MemoryTree.of_entries(entries)
    new = len(entries)
    old = data.draw(st.integers(0, new))
    proof = merkle.consistency_proof(tree, old)
    assert proof == ([] if old in (0, new) else rfc_subproof(old, entries, True))
    old_root, new_root = mth(entries[:old]), mth(entries)
    assert merkle.verify_consistency(old, new, old_root, new_root, proof)
    if proof:
        at = data.draw(st.integers(0, len(proof) - 1))
        assert not merkle.verify_consistency(old, new, old_root, new_root, flipped(proof, at))
    if 0 < old < new:
        # The insider's move: the same number of entries, one of them changed.
        rewritten = [entries[0] + b"!", *entries[1:old]]
        assert not merkle.verify_consistency(old, new, mth(rewritten), new_root, proof)
        assert not merkle.verify_consistency(old, new, old_root, new_root, proof[:-1])


def test_a_shrunk_log_is_never_an_extension():
    entries = [bytes([i]) for i in range(9)]
    tree = merkle.MemoryTree.of_entries(entries)
    assert not merkle.verify_consistency(9, 5, mth(entries), mth(entries[:5]), [])
    assert not merkle.verify_consistency(3, 3, mth(entries[:3]), mth(entries[:4]), [])
    with pytest.raises(ValueError):
        merkle.consistency_proof(tree, 10)


# --- tiles ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("n", "path"),
    [(0, "000"), (7, "007"), (999, "999"), (1000, "x001/000"), (1234067, "x001/x234/067")],
)
def test_tile_numbers_are_written_as_c2sp_says(n, path):
    assert tiles.index_path(n) == path
    assert tiles.tile_path(0, n) == f"tile/0/{path}"
    assert tiles.tile_path("entries", n, 8) == f"tile/entries/{path}.p/8"


@given(st.sampled_from([0, 1, 2, "entries"]), st.integers(0, 10**9), st.integers(1, 256))
def test_a_tile_path_reads_back(level, n, width):
    assert tiles.parse_tile_path(tiles.tile_path(level, n, width)) == (str(level), n, width)


@pytest.mark.parametrize("bad", ["tile/0/1234", "tile/0/x01/002", "tile/0/000.p/256", "tile/a/000"])
def test_what_is_not_a_tile_path_is_refused(bad):
    with pytest.raises(ValueError):
        tiles.parse_tile_path(bad)


def served(size: int) -> tuple[merkle.MemoryTree, dict[str, bytes]]:
    entries = [f"entry {i}".encode() for i in range(size)]
    tree = merkle.MemoryTree.of_entries(entries)
    return tree, {**tiles.hash_tiles(tree), **tiles.entry_bundles(entries)}


@pytest.mark.parametrize("size", [1, 255, 256, 257, 511, 65536, 65537, 70001])
def test_proofs_read_from_the_tiles_are_the_proofs_of_the_tree(size):
    tree, files = served(size)
    read: list[str] = []

    def fetch(path: str) -> bytes:
        read.append(path)
        return files[path]

    tiled = tiles.TiledTree(size, fetch)
    assert merkle.root(tiled) == merkle.root(tree)
    for index in {0, size // 2, size - 1}:
        read.clear()
        tiled = tiles.TiledTree(size, fetch)
        assert merkle.inclusion_proof(tiled, index) == merkle.inclusion_proof(tree, index)
        # What a resident's browser downloads: a few tiles, never the log.
        assert sum(len(files[p]) for p in read) <= 8 * 1024 * tiles.levels(size) * 2
    old = max(1, size // 3)
    assert merkle.consistency_proof(tiles.TiledTree(size, fetch), old) == merkle.consistency_proof(
        tree, old
    )


def test_a_tile_of_the_wrong_length_is_refused():
    _tree, files = served(300)
    cut = dict(files)
    cut["tile/0/001.p/44"] = files["tile/0/001.p/44"][:-1]
    with pytest.raises(ValueError, match="bytes"):
        merkle.root(tiles.TiledTree(300, cut.__getitem__))


@given(st.lists(st.binary(max_size=300), max_size=600))
@settings(max_examples=30)
def test_entry_bundles_hold_every_entry_in_order(entries):
    bundles = tiles.entry_bundles(entries)
    back = [
        e
        for path in sorted(bundles, key=lambda p: tiles.parse_tile_path(p)[1])
        for e in tiles.read_bundle(bundles[path])
    ]
    assert back == entries
    assert all(len(tiles.read_bundle(b)) <= tiles.WIDTH for b in bundles.values())


def test_an_entry_too_long_for_its_length_prefix_is_refused():
    with pytest.raises(ValueError, match="longer"):
        tiles.entry_bundles([b"x" * 70000])
    with pytest.raises(ValueError):
        tiles.read_bundle(b"\x00\x05abc")


# --- the checkpoint, a signed note ----------------------------------------------------------

ORIGIN = "gongyue.example.cn/chengdu"


def key() -> Ed25519PrivateKey:
    return Ed25519PrivateKey.from_private_bytes(bytes(range(32)))


def test_a_checkpoint_reads_back_and_says_size_and_root():
    tree, _ = served(257)
    point = note.Checkpoint(ORIGIN, 257, merkle.root(tree))
    body = point.body()
    assert body.split("\n")[:2] == [ORIGIN, "257"]
    assert base64.b64decode(body.split("\n")[2]) == merkle.root(tree)
    assert note.Checkpoint.parse(body) == point
    with pytest.raises(note.NoteError):
        note.Checkpoint.parse(body.replace("257", "0257"))


def test_the_key_id_is_the_one_the_spec_defines():
    raw = key().public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    expected = hashlib.sha256(ORIGIN.encode() + b"\x0a" + b"\x01" + raw).digest()[:4]
    verifier = note.verifier_of(ORIGIN, key())
    assert verifier.key_id == expected
    text = verifier.text()
    assert text.split("+")[1] == expected.hex()
    assert note.Verifier.parse(text).key_id == expected


def test_a_signed_checkpoint_opens_with_its_key_and_with_nothing_else():
    body = note.Checkpoint(ORIGIN, 3, merkle.EMPTY_ROOT).body()
    signed = note.sign(body, ORIGIN, key())
    lines = signed.split("\n")
    assert lines[-3] == "" and lines[-2].startswith("\u2014 " + ORIGIN + " ")
    verifier = note.verifier_of(ORIGIN, key())
    assert note.open_note(signed, verifier) == body
    with pytest.raises(note.NoteError, match="not valid"):
        note.open_note(signed.replace("\n3\n", "\n4\n", 1), verifier)
    stranger = note.verifier_of(ORIGIN + "/other", Ed25519PrivateKey.generate())
    with pytest.raises(note.NoteError, match="no signature"):
        note.open_note(signed, stranger)


def test_a_witness_cosignature_needs_no_change_of_format():
    body = note.Checkpoint(ORIGIN, 3, merkle.EMPTY_ROOT).body()
    witness = Ed25519PrivateKey.generate()
    cosigned = note.sign(body, "witness.example.org", witness)
    both = note.sign(body, ORIGIN, key()) + cosigned.split("\n\n", 1)[1]
    assert note.open_note(both, note.verifier_of(ORIGIN, key())) == body
    assert note.open_note(both, note.verifier_of("witness.example.org", witness)) == body


# --- the committed vectors -------------------------------------------------------------------

sys.path.insert(0, str(ROOT / "scripts"))
import tlog_vectors  # noqa: E402

VECTORS = json.loads(tlog_vectors.VECTORS.read_text(encoding="utf-8"))


def test_the_committed_vectors_are_what_this_code_computes():
    assert tlog_vectors.vectors() == VECTORS  # a published root or proof must never change


@pytest.mark.parametrize("vector", VECTORS["trees"], ids=lambda v: str(v["size"]))
def test_the_vectors_hold_by_the_rfc_alone(vector):
    d = tlog_vectors.entries(vector["size"])
    assert vector["root"] == mth(d).hex()
    for index, proof in vector["inclusion"].items():
        assert proof == [h.hex() for h in rfc_path(int(index), d)]
    for old, proof in vector["consistency"].items():
        expected = [] if int(old) == len(d) else rfc_subproof(int(old), d, True)
        assert proof == [h.hex() for h in expected]


def test_the_vector_checkpoint_opens_with_its_published_test_key():
    vector = VECTORS["checkpoint"]
    verifier = note.Verifier.parse(vector["verifier"])
    body = note.open_note(vector["note"], verifier)
    point = note.Checkpoint.parse(body)
    assert point.size == 300 and point.root.hex() == VECTORS["trees"][-1]["root"]


def test_the_log_benchmark_runs_on_a_small_city():
    import bench_tlog

    cells = bench_tlog.row(5).split("|")
    assert cells[1].strip() == "5" and cells[2].strip() == "10"  # two entries per courtyard
