"""Short proofs for a resident's phone: files beside the C2SP tiles that let the verify
page prove a version's inclusion with about 2 KB instead of whole tiles.

The tiles alone make a phone download the leaf's whole 8-KB tile and a whole tile of
the level above. Two kinds of small files avoid that, both derived from the tree
and both checked by the reader against the signed checkpoint, so they need no
signature of their own:

- ``peaks``: the tree's size, then the root of each complete subtree of its binary
  decomposition, left to right (RFC 9162's root is their fold from the right).
  Rewritten at every publish: one small file.
- ``path/L/N``: for node N of a *full* level-L tile (a leaf for L = 0), its eight
  siblings inside that tile, from the lowest up (256 bytes). A full tile never
  changes, so these are written once, when their tile fills: a publish adds them
  and never rewrites one.

A reader proves leaf P: from P's hash, it climbs to the peak that holds P, taking
each sibling from a path file where its tile is full (else from the tiles), puts
the result in place of that peak, folds the peaks and compares with the
checkpoint's root (``prove`` does exactly that, as gongyue.js does).
"""

from __future__ import annotations

from collections.abc import Callable

from gongyue.record.tlog.merkle import HASH_SIZE, MemoryTree, node_hash
from gongyue.record.tlog.tiles import HEIGHT, WIDTH, TiledTree, index_path, levels, widths

PEAKS = "peaks"


def peaks_of(size: int) -> list[tuple[int, int]]:
    """(start, height) of each complete subtree of the decomposition of ``size``, left
    to right: one per bit of ``size``, the largest first."""
    found, start = [], 0
    for height in range(size.bit_length() - 1, -1, -1):
        if size >> height & 1:
            found.append((start, height))
            start += 1 << height
    return found


def fold(hashes: list[bytes]) -> bytes:
    """The root from the peaks' hashes (RFC 9162's MTH, for a tree split as it splits)."""
    folded = hashes[-1]
    for left in reversed(hashes[:-1]):
        folded = node_hash(left, folded)
    return folded


def peaks_file(tree: MemoryTree) -> bytes:
    lines = [str(tree.size)]
    for start, height in peaks_of(tree.size):
        lines.append(tree.levels[height][start >> height].hex())
    return "".join(f"{line}\n" for line in lines).encode()


def read_peaks(data: bytes) -> tuple[int, list[bytes]]:
    """(size, peak hashes) of a peaks file; ValueError for anything else."""
    size_line, *hex_lines = data.decode("ascii").split("\n")[:-1]  # UnicodeError is a ValueError
    size = int(size_line)
    hashes = [bytes.fromhex(line) for line in hex_lines]
    if len(hashes) != len(peaks_of(size)) or any(len(h) != HASH_SIZE for h in hashes):
        raise ValueError("a peaks file has one hash per complete subtree of its size")
    return size, hashes


def path_files(tree: MemoryTree, since: int = 0) -> dict[str, bytes]:
    """``path/L/N`` for every node of every full tile: its eight siblings in the tile.
    With ``since``, only those of the tiles that filled after the first ``since`` leaves
    (the files a publish adds to a log of that size)."""
    files: dict[str, bytes] = {}
    for level in range(levels(tree.size)):
        base = HEIGHT * level
        full = [n for n, width in enumerate(widths(tree.size, level)) if width == WIDTH]
        for n in (n for n in full if (n + 1) * WIDTH << base > since):
            for node in range(n * WIDTH, (n + 1) * WIDTH):
                siblings = (tree.levels[base + k][(node >> k) ^ 1] for k in range(HEIGHT))
                files[f"path/{level}/{index_path(node)}"] = b"".join(siblings)
    return files


def path_file(level: int, node: int) -> str:
    return f"path/{level}/{index_path(node)}"


def prove(read: Callable[[str], bytes], size: int, root: bytes, position: int, leaf: bytes) -> bool:
    """Whether ``leaf`` (a leaf hash) is at ``position`` in the tree whose checkpoint says
    ``size`` and ``root``, from the peaks file, the path files where the tiles on the
    way up are full, and the tiles elsewhere (``read``: a path under log/)."""
    try:
        counted, peaks = read_peaks(read(PEAKS))
    except ValueError:
        return False
    if counted != size or fold(peaks) != root or not 0 <= position < size:
        return False
    spans = peaks_of(size)
    which = next(i for i, (start, h) in enumerate(spans) if start <= position < start + (1 << h))
    siblings = _Siblings(read, size)
    node = leaf
    for height in range(spans[which][1]):
        sibling = siblings.at(position, height)
        node = node_hash(sibling, node) if position >> height & 1 else node_hash(node, sibling)
    return fold([*peaks[:which], node, *peaks[which + 1 :]]) == root


class _Siblings:
    """The sibling of a leaf's ancestor at each height: from the path file of the full
    tile that holds it, else computed from the tiles. Each file is read once."""

    def __init__(self, read: Callable[[str], bytes], size: int):
        self.read, self.size = read, size
        self.tiles = TiledTree(size, read)
        self.files: dict[str, bytes] = {}

    def at(self, position: int, height: int) -> bytes:
        level, k = divmod(height, HEIGHT)
        owner = position >> (HEIGHT * level)  # the leaf's ancestor a level-``level`` tile holds
        if widths(self.size, level)[owner // WIDTH] == WIDTH:
            name = path_file(level, owner)
            if name not in self.files:
                self.files[name] = self.read(name)
            return self.files[name][k * HASH_SIZE : (k + 1) * HASH_SIZE]
        return self.tiles.node(height, (position >> height) ^ 1)
