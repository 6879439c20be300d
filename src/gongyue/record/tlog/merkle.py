"""The Merkle tree of RFC 9162 §2.1, over any source of its complete subtrees.

A log of n entries has leaf hashes ``SHA-256(0x00 || entry)``; an inner node is
``SHA-256(0x01 || left || right)``; the tree of n > 1 leaves splits at the
largest power of two below n (RFC 9162 §2.1.1). Every hash this module needs
is the hash of a range of leaves, which it builds from *complete* subtrees —
2**h leaves starting at a multiple of 2**h — asked of a ``Tree``. A tree in
memory computes them from its leaves; a published log reads them from its
tiles (``tiles.py``). So the proofs the build publishes and the proofs a
monitor or a resident's browser checks come from one piece of code.

The proofs are those of RFC 9162 §2.1.3.1 (inclusion, ``PATH``) and §2.1.4.1
(consistency, ``PROOF``/``SUBPROOF``); the checks follow §2.1.3.2 and §2.1.4.2
step by step.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from typing import Protocol

HASH_SIZE = 32
EMPTY_ROOT = hashlib.sha256(b"").digest()  # the root of a tree without leaves


def leaf_hash(entry: bytes) -> bytes:
    return hashlib.sha256(b"\x00" + entry).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    return hashlib.sha256(b"\x01" + left + right).digest()


class Tree(Protocol):
    """A tree of ``size`` leaves that can say the hash of any complete subtree in it."""

    @property
    def size(self) -> int: ...

    def node(self, height: int, index: int) -> bytes:
        """The hash of leaves ``[index * 2**height, (index + 1) * 2**height)``."""
        ...


def split(n: int) -> int:
    """The largest power of two smaller than ``n`` (n > 1): where RFC 9162 splits."""
    return 1 << ((n - 1).bit_length() - 1)


def range_hash(tree: Tree, start: int, end: int) -> bytes:
    """MTH of leaves ``[start, end)``, for the ranges the RFC's recursion makes (their
    left part always starts at a multiple of its own size)."""
    n = end - start
    if n == 0:
        return EMPTY_ROOT
    if n & (n - 1) == 0 and start % n == 0:
        return tree.node(n.bit_length() - 1, start // n)
    k = split(n)
    return node_hash(range_hash(tree, start, start + k), range_hash(tree, start + k, end))


def root(tree: Tree, size: int | None = None) -> bytes:
    """The root hash of the first ``size`` leaves (all of them by default)."""
    return range_hash(tree, 0, tree.size if size is None else size)


def inclusion_proof(tree: Tree, index: int, size: int | None = None) -> list[bytes]:
    """``PATH(index, D[0:size])``: the hashes that lead from leaf ``index`` to the root."""
    size = tree.size if size is None else size
    if not 0 <= index < size <= tree.size:
        raise ValueError(f"leaf {index} is not in a tree of {size}")
    return _path(tree, index, 0, size)


def _path(tree: Tree, index: int, start: int, end: int) -> list[bytes]:
    n = end - start
    if n == 1:
        return []
    k = split(n)
    if index < start + k:
        return [*_path(tree, index, start, start + k), range_hash(tree, start + k, end)]
    return [*_path(tree, index, start + k, end), range_hash(tree, start, start + k)]


def consistency_proof(tree: Tree, old_size: int, new_size: int | None = None) -> list[bytes]:
    """``PROOF(old_size, D[0:new_size])``: what shows the new tree extends the old one."""
    new_size = tree.size if new_size is None else new_size
    if not 0 <= old_size <= new_size <= tree.size:
        raise ValueError(f"a tree of {old_size} cannot be proven inside one of {new_size}")
    if old_size in (0, new_size):
        return []
    return _subproof(tree, old_size, 0, new_size, True)


def _subproof(tree: Tree, m: int, start: int, end: int, whole: bool) -> list[bytes]:
    n = end - start
    if m == n:
        return [] if whole else [range_hash(tree, start, end)]
    k = split(n)
    if m <= k:
        return [*_subproof(tree, m, start, start + k, whole), range_hash(tree, start + k, end)]
    return [*_subproof(tree, m - k, start + k, end, False), range_hash(tree, start, start + k)]


def verify_inclusion(
    index: int, size: int, entry_hash: bytes, proof: Sequence[bytes], root_hash: bytes
) -> bool:
    """RFC 9162 §2.1.3.2: does ``proof`` put the leaf ``entry_hash`` at ``index`` under
    ``root_hash`` of a tree of ``size``?"""
    if not 0 <= index < size:
        return False
    fn, sn, r = index, size - 1, entry_hash
    for p in proof:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            while not fn & 1 and fn != 0:
                fn, sn = fn >> 1, sn >> 1
        else:
            r = node_hash(r, p)
        fn, sn = fn >> 1, sn >> 1
    return sn == 0 and r == root_hash


def verify_consistency(
    old_size: int, new_size: int, old_root: bytes, new_root: bytes, proof: Sequence[bytes]
) -> bool:
    """RFC 9162 §2.1.4.2: is the tree of ``new_size`` with ``new_root`` an extension of the
    tree of ``old_size`` with ``old_root``? (Equal sizes: equal roots and no proof; an
    empty old tree is extended by any tree.)"""
    if not 0 <= old_size <= new_size:
        return False
    if old_size == new_size:
        return not proof and old_root == new_root
    if old_size == 0:
        return not proof and old_root == EMPTY_ROOT
    if not proof:
        return False
    path = list(proof)
    if old_size & (old_size - 1) == 0:  # an exact power of two: the old root is a node
        path.insert(0, old_root)
    return _extends(path, old_size - 1, new_size - 1, old_root, new_root)


def _extends(path: list[bytes], fn: int, sn: int, old_root: bytes, new_root: bytes) -> bool:
    """Steps 3 to 7 of RFC 9162 §2.1.4.2: both roots rebuilt from one path."""
    while fn & 1:
        fn, sn = fn >> 1, sn >> 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr, sr = node_hash(c, fr), node_hash(c, sr)
            while not fn & 1 and fn != 0:
                fn, sn = fn >> 1, sn >> 1
        else:
            sr = node_hash(sr, c)
        fn, sn = fn >> 1, sn >> 1
    return fr == old_root and sr == new_root and sn == 0


class MemoryTree:
    """A tree held in memory: its leaf hashes, and each level of complete nodes made
    from them once."""

    def __init__(self, leaf_hashes: Sequence[bytes]):
        self.levels: list[list[bytes]] = [list(leaf_hashes)]
        while len(self.levels[-1]) > 1:
            below = self.levels[-1]
            self.levels.append(
                [node_hash(below[i], below[i + 1]) for i in range(0, len(below) - 1, 2)]
            )

    @classmethod
    def of_entries(cls, entries: Sequence[bytes]) -> MemoryTree:
        return cls([leaf_hash(e) for e in entries])

    @property
    def size(self) -> int:
        return len(self.levels[0])

    def node(self, height: int, index: int) -> bytes:
        return self.levels[height][index]
