"""The record's log as a site publishes it, and as the next publish reads it back.

A site publishes its log under ``log/``: the C2SP tiles of the tree, the entry
bundles, and ``log/checkpoint``, signed by the operator's key. The next publish
is handed what the live site serves (the build never fetches anything itself),
reads it back with ``read_published`` — the checkpoint must carry the operator's
signature and the tiles and entries must hash to its root — and makes the new
log with ``next_entries``: the published entries as they were, then the
record's new events. ``log_files`` writes the result. Any rewrite of the past
fails one of these checks, whatever the repository's lock and history say.
"""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from gongyue.procedure.lock import LOCK_NAME
from gongyue.record.model import Site
from gongyue.record.tlog import merkle, note, shortcuts, tiles
from gongyue.record.tlog.entries import (
    Entry,
    contradiction,
    decode,
    events,
    extend,
    reconcile,
    rotated,
    signing_keys,
    started,
    unlogged,
)
from gongyue.record.tlog.places import LogPlaces, places_of

FOLDER = "log/"
CHECKPOINT = "checkpoint"
# A province's log holds about 100,000 entries; a checkpoint claiming more than this is
# refused before anything is fetched or held in memory for it.
MAX_ENTRIES = 10_000_000
# The folder `gongyue log write` wrote, as CI hands it to a build when mkdocs.yml's
# ``log`` is not written (the adapters read the environment; the core is handed it).
LOG_ENV = "GONGYUE_LOG"


def log_folder(setting: str, environment: Mapping[str, str]) -> str:
    """The log folder a build uses: the ``log`` setting, else GONGYUE_LOG; "" for none."""
    return setting or environment.get(LOG_ENV, "")


class MissingFile(Exception):
    """A site has no such file (a 404, or no such file in its folder)."""


class PublishedLogError(Exception):
    """What the live site serves is not a log this site's key signed (Chinese message)."""


@dataclass(frozen=True)
class Published:
    checkpoint: note.Checkpoint
    entries: list[Entry]


def read_published(read: Callable[[str], bytes], verifier: note.Verifier) -> Published:
    """The log the site published, from its files (``read``: path under ``log/`` -> bytes),
    every hash checked against the signed checkpoint."""
    try:
        body = note.open_note(read(CHECKPOINT).decode("utf-8"), verifier)
        point = note.Checkpoint.parse(body)
    except (note.NoteError, UnicodeDecodeError) as error:
        raise PublishedLogError(f"已公布的日志的检查点无法核对（{error}）。") from None
    entries = read_entries(read, point.size)
    tree = merkle.MemoryTree.of_entries([e.encode() for e in entries])
    if merkle.root(tree) != point.root:
        raise PublishedLogError("已公布的日志的条目与签了名的检查点对不上。")
    if merkle.root(tiles.TiledTree(point.size, read)) != point.root:
        raise PublishedLogError("已公布的日志的瓦片与签了名的检查点对不上。")
    return Published(point, entries)


def read_entries(read: Callable[[str], bytes], size: int) -> list[Entry]:
    """The first ``size`` entries from the bundles (their hashes still to be checked)."""
    refuse_implausible(size)
    found: list[Entry] = []
    for n, width in enumerate(tiles.widths(size, 0)):
        try:
            bundle = tiles.read_bundle(read(tiles.tile_path("entries", n, width)))
            found += [decode(data) for data in bundle]
        except ValueError as error:  # EntryError too
            raise PublishedLogError(f"已公布的日志里有不是条目的内容（{error}）。") from None
        if len(found) != (n + 1) * tiles.WIDTH and len(found) != size:
            raise PublishedLogError(f"已公布的日志的第 {n} 组条目不是 {width} 条。")
    return found


def next_entries(
    previous: Published | None, site: Site, verifier: note.Verifier, lock: str
) -> list[Entry]:
    """The log after this publish: the published entries unchanged, then the record's
    new events. A site's first log starts with a ``started`` entry naming its key and
    the lock it began from; a log signed from now on by another key says so in a
    ``rotated`` entry. LogError when the record contradicts the published log."""
    now, key = events(site), verifier.text()
    if previous is None:
        return [started(key, lock), *now]
    grown = extend(previous.entries, now)
    keys = signing_keys(previous.entries)
    if not keys or keys[-1][1] != key:
        grown.insert(previous.checkpoint.size, rotated(key))
    return grown


def lock_digest(site_dir: Path) -> str:
    """SHA-256 of the site's gongyue.lock, which a first log names (``-`` without one)."""
    try:
        return hashlib.sha256((site_dir / LOCK_NAME).read_bytes()).hexdigest()
    except FileNotFoundError:
        return "-"


def places_for_build(published: Published, site: Site, whole: bool) -> LogPlaces:
    """Where the versions this build shows stand in the log it was handed; LogError when
    the log does not hold the record as it is (``gongyue log write`` was not run on
    these sources, or the record was changed after)."""
    found = reconcile(published.entries, events(site))
    problem = contradiction(found, whole)
    if problem:
        raise problem
    if found.missing:
        raise unlogged(found.missing[0])
    # Every charter's: a top job's verify data names its shards' versions too.
    wanted = [(c.url.rstrip("/"), v.slug) for c in site.charters for v in c.adopted]
    return places_of(published.checkpoint.origin, published.entries, wanted)


def copy_log(folder: Path, site_dir: Path) -> list[str]:
    """Copy the log's files from ``folder`` into the built site; their paths in it."""
    copied = []
    source = folder / FOLDER
    for file in sorted(p for p in source.rglob("*") if p.is_file()):
        rel = file.relative_to(folder).as_posix()
        target = site_dir / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(file, target)
        copied.append(rel)
    return copied


def log_files(entries: list[Entry], origin: str, key: Ed25519PrivateKey) -> dict[str, bytes]:
    """Everything under ``log/``: tiles, entry bundles and the signed checkpoint."""
    encoded = [e.encode() for e in entries]
    tree = merkle.MemoryTree.of_entries(encoded)
    body = note.Checkpoint(origin, len(entries), merkle.root(tree)).body()
    files = {**tiles.hash_tiles(tree), **tiles.entry_bundles(encoded)}
    files.update(shortcuts.path_files(tree))  # a phone's short proofs (record/tlog/shortcuts.py)
    files[shortcuts.PEAKS] = shortcuts.peaks_file(tree)
    files[CHECKPOINT] = note.sign(body, origin, key).encode("utf-8")
    return {FOLDER + path: data for path, data in files.items()}


def proves_extension(previous: Published, entries: list[Entry]) -> bool:
    """A consistency proof from the published tree to the new one checks out (RFC 9162):
    what a monitor asks of every new checkpoint."""
    tree = merkle.MemoryTree.of_entries([e.encode() for e in entries])
    old = previous.checkpoint
    if old.size > tree.size:
        return False
    proof = merkle.consistency_proof(tree, old.size)
    return merkle.verify_consistency(old.size, tree.size, old.root, merkle.root(tree), proof)


def refuse_implausible(size: int) -> None:
    if size > MAX_ENTRIES:
        raise PublishedLogError(
            f"检查点说日志有 {size} 条，超过了 {MAX_ENTRIES} 条的上限：这不是一个网站的公约记录。"
        )


def fetch_log(read: Callable[[str], bytes]) -> dict[str, bytes]:
    """Every file of the log a site serves (``read``: path from the site's root), as
    ``gongyue log write --previous`` reads it; nothing is checked here but the form of
    the checkpoint — the write checks the rest. MissingFile when the site has no log."""
    checkpoint = read(FOLDER + CHECKPOINT)
    body = checkpoint.decode("utf-8", "replace").partition("\n\n")[0] + "\n"
    try:
        size = note.Checkpoint.parse(body).size
    except note.NoteError as error:
        raise PublishedLogError(f"检查点的格式不对（{error}）。") from None
    refuse_implausible(size)
    paths = [tiles.tile_path("entries", n, w) for n, w in enumerate(tiles.widths(size, 0))]
    for level in range(tiles.levels(size)):
        paths += [tiles.tile_path(level, n, w) for n, w in enumerate(tiles.widths(size, level))]
    files = {FOLDER + CHECKPOINT: checkpoint}
    files.update({FOLDER + path: read(FOLDER + path) for path in paths})
    return files


def folder_reader(folder: Path) -> Callable[[str], bytes]:
    """Reads ``log/`` files from a folder that holds a published site (or its ``log/``
    as CI fetched it); a missing file is a PublishedLogError."""

    def read(path: str) -> bytes:
        try:
            return (folder / FOLDER / path).read_bytes()
        except OSError:
            raise PublishedLogError(f"{folder / FOLDER / path}：没有这个文件。") from None

    return read


def has_log(folder: Path) -> bool:
    return (folder / FOLDER / CHECKPOINT).is_file()


def extension_problem(old: Published, new: Published) -> str | None:
    """Why ``new`` is not ``old`` with entries added (Chinese), or None when it is: the
    earlier entries unchanged and the consistency proof of RFC 9162 checking out."""
    size = old.checkpoint.size
    if new.checkpoint.size < size:
        return f"新的日志只有 {new.checkpoint.size} 条，比以前看到的 {size} 条少：记录被删改了。"
    if new.entries[:size] != old.entries:
        first = next(
            i for i, (a, b) in enumerate(zip(old.entries, new.entries, strict=False)) if a != b
        )
        return f"新的日志的第 {first + 1} 条与以前看到的不同：已公布的记录被改写了。"
    if not proves_extension(old, new.entries):
        return "新的日志不是以前那份加上新条目（一致性证明不成立）：已公布的记录被改写了。"
    return None
