"""The record's log at a city's and a province's size (issue 24): what it costs.

Entries are synthetic ``decided`` entries, two per courtyard (entries ≈ decided
versions + errata). For each size: the time to make the whole log/ (tree, tiles,
entry bundles, signed checkpoint), its files and bytes; what one more decided
version adds to it; the bytes a resident's verify page downloads to check one
version's inclusion (the checkpoint and the tiles on its path); and the time and
bytes of the consistency check a publish makes against the log served before.
Times are one run on a shared machine: compare rows, not absolute seconds.

    .venv/bin/python scripts/bench_tlog.py [--courtyards 1000,50000]
"""

from __future__ import annotations

import argparse
import hashlib
import time

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from gongyue.publish.log import FOLDER, Published, log_files, proves_extension, read_published
from gongyue.record.tlog import merkle, note, shortcuts, tiles
from gongyue.record.tlog.entries import DECIDED, Entry

ORIGIN = "gongyue.example.cn/bench"
KEY = Ed25519PrivateKey.from_private_bytes(bytes(range(32)))
VERIFIER = note.verifier_of(ORIGIN, KEY)


def entry(n: int) -> Entry:
    digest = hashlib.sha256(f"text {n}".encode()).hexdigest()
    fingerprint = hashlib.sha256(f"chain {n}".encode()).hexdigest()
    folder = f"qu-{n // 20000}/jie-{n // 2000}/she-{n // 200}/yuan-{n // 2}/yuanluo-gongyue"
    version = f"{2000 + n % 25}-{1 + n % 12:02d}-{1 + n % 28:02d}"
    return Entry(DECIDED, (folder, version, "通过", digest, fingerprint))


def inclusion_bytes(files: dict[str, bytes], size: int, index: int) -> int:
    read: list[str] = []

    def fetch(path: str) -> bytes:
        read.append(path)
        return files[FOLDER + path]

    merkle.inclusion_proof(tiles.TiledTree(size, fetch), index)
    return len(files[FOLDER + "checkpoint"]) + sum(len(files[FOLDER + p]) for p in set(read))


def short_inclusion_bytes(files: dict[str, bytes], entries: list[Entry], index: int) -> int:
    """What the verify page downloads with the short proofs: checkpoint, peaks, path files."""
    read: set[str] = set()

    def fetch(path: str) -> bytes:
        read.add(path)
        return files[FOLDER + path]

    tree = merkle.MemoryTree.of_entries([e.encode() for e in entries])
    leaf = merkle.leaf_hash(entries[index].encode())
    assert shortcuts.prove(fetch, len(entries), merkle.root(tree), index, leaf)
    return len(files[FOLDER + "checkpoint"]) + sum(len(files[FOLDER + p]) for p in read)


def remembered_bytes(files: dict[str, bytes], size: int, seen: int) -> int:
    """What a charter page downloads to check that the log it remembered (``seen``
    entries) is the start of today's: the checkpoint, and the tiles both roots need
    (gongyue.js computes them as merkle.root does here)."""
    read: set[str] = set()

    def fetch(path: str) -> bytes:
        read.add(path)
        return files[FOLDER + path]

    tree = tiles.TiledTree(size, fetch)
    merkle.root(tree)
    merkle.root(tree, seen)
    return len(files[FOLDER + "checkpoint"]) + sum(len(files[FOLDER + p]) for p in read)


def row(courtyards: int) -> str:
    entries = [entry(n) for n in range(2 * courtyards)]
    start = time.perf_counter()
    files = log_files(entries, ORIGIN, KEY)
    made = time.perf_counter() - start
    grown = log_files([*entries, entry(len(entries))], ORIGIN, KEY)
    changed = [p for p, data in grown.items() if files.get(p) != data]
    start = time.perf_counter()
    previous: Published = read_published(lambda p: files[FOLDER + p], VERIFIER)
    read_back = time.perf_counter() - start
    start = time.perf_counter()
    assert proves_extension(previous, [*entries, entry(len(entries))])
    consistent = time.perf_counter() - start
    proof = inclusion_bytes(files, len(entries), len(entries) // 3)
    short = short_inclusion_bytes(files, entries, len(entries) // 3)
    newest = short_inclusion_bytes(files, entries, len(entries) - 1)
    a_week = remembered_bytes(files, len(entries), max(1, len(entries) - 40))
    total = sum(len(d) for d in files.values())
    return (
        f"| {courtyards:,} | {len(entries):,} | {made:.2f} s | {len(files):,} 个，{total / 1e6:.1f} MB "
        f"| {len(changed)} 个，{sum(len(grown[p]) for p in changed) / 1e3:.1f} KB "
        f"| {short / 1e3:.1f} KB（最新一条 {newest / 1e3:.1f} KB；只用瓦片 {proof / 1e3:.1f} KB） "
        f"| {a_week / 1e3:.1f} KB | {read_back:.2f} s | {consistent:.2f} s |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--courtyards", default="1000,50000")
    sizes = [int(s) for s in parser.parse_args().courtyards.split(",")]
    print(
        "| 院落 | 条目 | 生成整个 log/ | log/ 的文件 | 多表决一个版本：改动的文件 "
        "| 核对页核对一个版本要下载 | 手机核对上次看到的日志（少 40 条）要下载 "
        "| 读回并核对已公布的日志 | 一致性核对 |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for courtyards in sizes:
        print(row(courtyards))


if __name__ == "__main__":
    main()
