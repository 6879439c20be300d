"""The tree as static files: C2SP tlog-tiles, written and read back.

A tile holds up to 256 consecutive hashes of one level of the tree: level-0
tiles hold the leaf hashes, a level-L tile the roots of complete subtrees of
256**L leaves. Tile N of level L is at ``tile/L/N``, N written in groups of
three digits, all but the last prefixed ``x`` (1234067 is ``x001/x234/067``);
the rightmost tile of a level, while it has fewer than 256 hashes, is
``tile/L/N.p/W`` with W its width. The entries themselves are bundled the same
way under ``tile/entries/N[.p/W]``, each prefixed with its length as a big-endian
uint16. A reader needs only the tiles on its path to prove anything: a
resident's browser downloads a few of them, not the log.
"""

from __future__ import annotations

import re
import struct
from collections.abc import Callable, Sequence

from gongyue.record.tlog.merkle import HASH_SIZE, MemoryTree, node_hash

HEIGHT = 8
WIDTH = 1 << HEIGHT  # hashes in a full tile
MAX_ENTRY = 0xFFFF  # bytes: the length prefix is a uint16

_TILE_PATH = re.compile(r"tile/(entries|\d+)/((?:x\d{3}/)*\d{3})(?:\.p/(\d+))?")


def index_path(n: int) -> str:
    """A tile number as path elements: 1234067 -> x001/x234/067."""
    groups = f"{n:d}"
    groups = groups.zfill(-(-len(groups) // 3) * 3)
    parts = [groups[i : i + 3] for i in range(0, len(groups), 3)]
    return "/".join([*(f"x{p}" for p in parts[:-1]), parts[-1]])


def tile_path(level: int | str, n: int, width: int = WIDTH) -> str:
    """``tile/<L>/<N>[.p/<W>]``; ``level`` "entries" for an entry bundle."""
    if not 1 <= width <= WIDTH:
        raise ValueError(f"a tile holds 1 to {WIDTH} hashes, not {width}")
    partial = f".p/{width}" if width < WIDTH else ""
    return f"tile/{level}/{index_path(n)}{partial}"


def parse_tile_path(path: str) -> tuple[str, int, int]:
    """(level, number, width) of a tile path; ValueError for anything else."""
    match = _TILE_PATH.fullmatch(path)
    if match is None:
        raise ValueError(f"not a tile path: {path}")
    digits = match.group(2).replace("x", "").replace("/", "")
    width = int(match.group(3)) if match.group(3) is not None else WIDTH
    if match.group(3) is not None and not 1 <= width < WIDTH:
        raise ValueError(f"not a partial tile's width: {path}")
    return match.group(1), int(digits), width


def widths(size: int, level: int) -> list[int]:
    """The width of every tile of ``level`` a tree of ``size`` leaves publishes."""
    nodes = size >> (HEIGHT * level)  # complete subtrees of 256**level leaves
    full, rest = divmod(nodes, WIDTH)
    return [WIDTH] * full + ([rest] if rest else [])


def levels(size: int) -> int:
    """How many levels of tiles a tree of ``size`` has (0 for an empty tree)."""
    count = 0
    while size >> (HEIGHT * count):
        count += 1
    return count


def hash_tiles(tree: MemoryTree) -> dict[str, bytes]:
    """Every hash tile of ``tree``, by path: what is published."""
    found: dict[str, bytes] = {}
    for level in range(levels(tree.size)):
        row = tree.levels[HEIGHT * level]
        for n, width in enumerate(widths(tree.size, level)):
            start = n * WIDTH
            found[tile_path(level, n, width)] = b"".join(row[start : start + width])
    return found


def entry_bundles(entries: Sequence[bytes]) -> dict[str, bytes]:
    """The entries, 256 to a bundle, each with its length in front."""
    found: dict[str, bytes] = {}
    for start in range(0, len(entries), WIDTH):
        chunk = entries[start : start + WIDTH]
        if any(len(e) > MAX_ENTRY for e in chunk):
            raise ValueError(f"an entry is longer than {MAX_ENTRY} bytes")
        body = b"".join(struct.pack(">H", len(e)) + e for e in chunk)
        found[tile_path("entries", start // WIDTH, len(chunk))] = body
    return found


def read_bundle(data: bytes) -> list[bytes]:
    """The entries of a bundle; ValueError when it is cut short."""
    entries, at = [], 0
    while at < len(data):
        if at + 2 > len(data):
            raise ValueError("an entry bundle ends inside a length")
        (length,) = struct.unpack_from(">H", data, at)
        if at + 2 + length > len(data):
            raise ValueError("an entry bundle ends inside an entry")
        entries.append(data[at + 2 : at + 2 + length])
        at += 2 + length
    return entries


class TiledTree:
    """A published tree of ``size`` leaves, read from its tiles through ``read``
    (path -> bytes: a folder, or what was fetched). Only the tiles a question needs
    are read, each once."""

    def __init__(self, size: int, read: Callable[[str], bytes]):
        self._size, self.read = size, read
        self._tiles: dict[tuple[int, int], bytes] = {}

    @property
    def size(self) -> int:
        return self._size

    def node(self, height: int, index: int) -> bytes:
        level, below = divmod(height, HEIGHT)
        if below:  # between two tiled levels: made from the level beneath
            return node_hash(self.node(height - 1, 2 * index), self.node(height - 1, 2 * index + 1))
        n, at = divmod(index, WIDTH)
        tile = self._tile(level, n)
        if (at + 1) * HASH_SIZE > len(tile):
            raise ValueError(f"no node {index} at height {height} in a tree of {self._size}")
        return tile[at * HASH_SIZE : (at + 1) * HASH_SIZE]

    def _tile(self, level: int, n: int) -> bytes:
        if (level, n) not in self._tiles:
            row = widths(self._size, level)
            if n >= len(row):
                raise ValueError(f"a tree of {self._size} has no tile {n} at level {level}")
            data = self.read(tile_path(level, n, row[n]))
            if len(data) != row[n] * HASH_SIZE:
                raise ValueError(
                    f"tile {level}/{n} has {len(data)} bytes, not {row[n] * HASH_SIZE}"
                )
            self._tiles[(level, n)] = data
        return self._tiles[(level, n)]
