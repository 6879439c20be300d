"""The page cache's files: many files' bytes in one, each checked by its SHA-256.

A pack is one line of JSON — its format, what it holds (``name``), the key of
the inputs it was made from, and each file's path, SHA-256 (of its path and
bytes) and length — a newline, then the files' bytes one after another. ``state`` tells whether a
pack holds what a key asks for, and whether it can be trusted at all.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable
from pathlib import Path

FORMAT = 1
SUFFIX = ".pages"
HIT, MISS, DAMAGED = "hit", "miss", "damaged"
Files = list[tuple[str, bytes]]  # (path, bytes)


def state(pack: Path, key: str, within: tuple[str, ...] = ("",)) -> str:
    """HIT when the pack holds the files for ``key`` and every file matches its hash; MISS
    when there is no pack or it holds another key's files; DAMAGED when it cannot be read
    as a pack, a file does not match, or a path is not a plain relative path starting
    with one of ``within`` (a pack writes only where its own files belong)."""
    return opened(pack, key, within)[0]


def opened(pack: Path, key: str, within: tuple[str, ...] = ("",)) -> tuple[str, Files]:
    """``state``, and the files when it is HIT (none otherwise): the pack read once, so the
    files given are the ones checked, whatever replaces the pack in between, and a
    75 MB pack is not read, hashed and copied twice."""
    try:
        data = pack.read_bytes()
    except FileNotFoundError:
        return MISS, []
    except OSError:
        return DAMAGED, []
    try:
        header, spans = _read_header(data)
    except (ValueError, KeyError, TypeError):
        return DAMAGED, []
    if header.get("key") != key:
        return MISS, []
    if not all(_belongs(path, within) for path, _, _, _ in spans):
        return DAMAGED, []
    view = memoryview(data)
    if not all(_hash(path, view[start:end]) == sha for path, sha, start, end in spans):
        return DAMAGED, []
    return HIT, [(path, data[start:end]) for path, _, start, end in spans]


def unpacked(pack: Path) -> Files:
    """The files of a pack ``state`` found whole."""
    data = pack.read_bytes()
    _, spans = _read_header(data)
    return [(path, data[start:end]) for path, _, start, end in spans]


def write_out(files: Files, root: Path) -> None:
    """Write the files of a pack under ``root`` as kept (bytes, no decoding), making each
    folder once: a build into an empty output folder writes forty thousand of them."""
    made: set[Path] = set()
    for path, body in files:
        target = root / path
        if target.parent not in made:
            target.parent.mkdir(parents=True, exist_ok=True)
            made.add(target.parent)
        target.write_bytes(body)


def listed(pack: Path) -> list[str]:
    """The paths of the files a pack holds, from its header alone (ValueError when it
    has none of this format)."""
    with pack.open("rb") as file:
        header = json.loads(file.readline())
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise ValueError("not a pack of this format")
    return [str(path) for path, _, _ in header["files"]]


def write(pack: Path, name: str, key: str, files: Iterable[tuple[str, bytes]]) -> None:
    files = list(files)
    listed = [[path, _hash(path, body), len(body)] for path, body in files]
    header = json.dumps({"format": FORMAT, "name": name, "key": key, "files": listed})
    write_atomically(pack, b"".join([header.encode(), b"\n", *(body for _, body in files)]))


def write_atomically(path: Path, data: bytes) -> None:
    """Another build reading the same folder sees the old file or the new, never half.
    Not ``procedure/writing.write_atomic``: that one is for sources (text, fsync'd, never
    replacing unasked); a cache file may be lost, and 3,000 fsyncs a build cost seconds."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        temporary.write_bytes(data)
        os.replace(temporary, path)
    finally:  # interrupted (Ctrl+C, a full disk): nothing half-written is left behind
        temporary.unlink(missing_ok=True)


def _hash(path: str, body: bytes | memoryview) -> str:
    """A file's SHA-256 with its path in it: a changed path is as damaged as a changed byte."""
    digest = hashlib.sha256(path.encode("utf-8") + b"\0")
    digest.update(body)
    return digest.hexdigest()


def _belongs(path: str, within: tuple[str, ...]) -> bool:
    parts = path.split("/")
    plain = bool(path) and "\\" not in path and "" not in parts and not {".", ".."} & set(parts)
    return plain and path.startswith(within)


def _read_header(data: bytes) -> tuple[dict[str, object], list[tuple[str, str, int, int]]]:
    """The pack's header and, for each file, its path, hash, start and end in ``data``."""
    end = data.find(b"\n")  # not ``partition``: that copies the rest, the whole pack
    if end < 0:
        raise ValueError("no header")
    line = data[:end]
    header = json.loads(line)
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise ValueError("not a pack of this format")
    start = len(line) + 1
    spans: list[tuple[str, str, int, int]] = []
    for path, sha, size in header["files"]:
        spans.append((str(path), str(sha), start, start + int(size)))
        start += int(size)
    if start != len(data):
        raise ValueError("length")
    return header, spans
