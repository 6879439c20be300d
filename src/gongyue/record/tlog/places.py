"""Where each adopted version stands in the log: what its page and its sheet print.

A version's place is its entry's position, the entry's text (a verify page
hashes it to check inclusion) and the *pin*: the root of the log's first
``position + 1`` entries. The pin never changes once the entry is written —
later entries only add to the log — so a sheet printed today and one printed
in ten years carry the same pin, and a photograph of it still proves what the
whole record said up to that version.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from gongyue.record.tlog.entries import DECIDED, RENAMED, Entry, follow
from gongyue.record.tlog.merkle import leaf_hash, node_hash

PIN_SHORT = 16  # hex digits of the pin a sheet prints


@dataclass(frozen=True)
class Place:
    position: int  # from 0; pages print position + 1
    entry: str  # the entry's text
    pin: str  # hex root of the entries up to and including this one

    @property
    def number(self) -> int:
        return self.position + 1

    @property
    def short_pin(self) -> str:
        return self.pin[:PIN_SHORT]


@dataclass(frozen=True)
class LogPlaces:
    """The places of the versions a build shows, in the log it was built with."""

    origin: str
    size: int
    places: dict[tuple[str, str], Place]  # (charter folder as the record names it now, version)

    def of(self, charter_url: str, version: str) -> Place | None:
        return self.places.get((charter_url.rstrip("/"), version))


def places_of(
    origin: str, log: Sequence[Entry], wanted: Iterable[tuple[str, str]] | None = None
) -> LogPlaces:
    """The places of the decided entries of ``log`` (those of ``wanted`` only, when given),
    their folders followed through the log's renames."""
    renames = {(e.get("unit"), e.get("from")): e.get("to") for e in log if e.kind == RENAMED}
    keys = {
        i: (follow(e.get("charter"), renames), e.get("version"))
        for i, e in enumerate(log)
        if e.kind == DECIDED
    }
    if wanted is not None:
        asked = set(wanted)
        keys = {i: key for i, key in keys.items() if key in asked}
    pins = prefix_roots((e.encode() for e in log), set(keys))
    places = {
        key: Place(i, log[i].encode().decode("utf-8"), pins[i].hex()) for i, key in keys.items()
    }
    return LogPlaces(origin, len(log), places)


def prefix_roots(entries: Iterable[bytes], asked: set[int]) -> dict[int, bytes]:
    """Position -> root hash of the entries up to and including it, for each asked
    position, in one pass: the complete subtrees so far are kept on a stack, and a
    prefix's root folds them from the right (RFC 9162's MTH, computed incrementally)."""
    stack: list[tuple[int, bytes]] = []  # (height, hash) of complete subtrees, left to right
    roots: dict[int, bytes] = {}
    for position, entry in enumerate(entries):
        height, node = 0, leaf_hash(entry)
        while stack and stack[-1][0] == height:
            node = node_hash(stack.pop()[1], node)
            height += 1
        stack.append((height, node))
        if position in asked:
            folded = stack[-1][1]
            for _, left in reversed(stack[:-1]):
                folded = node_hash(left, folded)
            roots[position] = folded
    return roots
