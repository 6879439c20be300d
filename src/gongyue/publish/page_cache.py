"""A charter's pages kept between builds: same inputs, same bytes, not made again.

A publish usually changes one charter in a city of thousands. With a cache
folder (the ``cache`` setting, or GONGYUE_CACHE from CI), each charter's pages
— its text in force, versions, 对照, history, drafts, their papers and its
Traditional table — are kept in one pack file under a key of everything they
show. The next build makes only the charters whose key changed and copies the
others' bytes out of their packs. The pages that list charters (units, home,
directory, consultations, feeds, open data, sitemap, search) are made every
time: the cache never holds them.

The key is built from the record as loaded, not from file names, so it cannot
miss what a page shows:

* the build's key (``build_key``): gongyue's code and the programs that render,
  the configuration as the engine reads it, the settings, the theme's frames
  (menu, footer, the operator's pages in the menu) and what every page is made
  with (``Setup``), the preview's scope;
* the charter's own versions and drafts: each file's whole text, its front
  matter as read, and what the build date made of it (status and since when,
  第N版) — the build date reaches a page through these alone;
* the units above it (names, contact details, who takes views: every field);
* each model charter (范本) a version names, with its units;
* each version's place in the record's log.

A cache that another gongyue, another configuration or a broken file left is
never trusted: the manifest says which build key family made the packs, and
every file in a pack is checked against its SHA-256 before it is used.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from gongyue.publish.companions import GroupJob, Output
from gongyue.record.model import Charter, Site, Unit, Version

FORMAT = 1
MANIFEST = "gongyue-cache.json"
PACKS = "charters"  # one pack per charter, at the charter's address: charters/<unit>/<slug>.pages
SUFFIX = ".pages"
Parts = Iterable[tuple[str, bytes]]


def digest(parts: Parts) -> str:
    """SHA-256 of named parts, each framed by its name and length (no two lists collide)."""
    hashed = hashlib.sha256()
    for name, content in parts:
        hashed.update(f"{name}\0{len(content)}\0".encode())
        hashed.update(content)
    return hashed.hexdigest()


# --- what a charter's pages show ------------------------------------------------------


def charter_reads(site: Site, charter: Charter) -> Iterator[tuple[str, bytes]]:
    """Everything a charter's pages show beyond what every page of the build shows."""
    yield from _charter_parts("charter", charter)
    yield from _unit_parts(charter.unit)
    for model in _models(site, charter):
        yield from _charter_parts("model", model)
        yield from _unit_parts(model.unit)
    yield from _log_parts(site, charter)


def _charter_parts(role: str, charter: Charter) -> Iterator[tuple[str, bytes]]:
    in_force = charter.in_force.slug if charter.in_force else "-"
    yield f"{role}", f"{charter.path}\0{charter.url}\0{charter.status}\0{in_force}".encode()
    for version in [*charter.versions, *charter.drafts]:
        yield f"{role}:{version.path}", version.source_text.encode()
        yield f"{role}:{version.path}:meta", version.meta.model_dump_json().encode()
        yield f"{role}:{version.path}:derived", _derived(version).encode()


def _derived(version: Version) -> str:
    """What loading and the build date made of a version's file."""
    previous = version.previous.slug if version.previous else "-"
    later = version.superseded_by.slug if version.superseded_by else "-"
    return "\0".join(
        str(value)
        for value in (
            version.slug,
            version.status,
            version.status_since,
            version.ordinal,
            previous,
            later,
            version.body_line,
            version.body,
        )
    )


def _unit_parts(unit: Unit) -> Iterator[tuple[str, bytes]]:
    for above in unit.lineage:
        yield f"unit:{above.path}", f"{above.url}\0{above.info.model_dump_json()}".encode()


def _models(site: Site, charter: Charter) -> list[Charter]:
    """The model charters (范本) its versions name, each once, in the order named."""
    named = [v.meta.based_on for v in [*charter.versions, *charter.drafts] if v.meta.based_on]
    found: dict[int, Charter] = {}
    for path in named:
        model = site.charter_at(path)
        if model is not None and model is not charter:
            found.setdefault(id(model), model)
    return list(found.values())


def _log_parts(site: Site, charter: Charter) -> Iterator[tuple[str, bytes]]:
    if site.log is None:
        return
    for version in charter.versions:
        place = site.log.of(charter.url, version.slug)
        yield f"log:{version.slug}", repr(place).encode()


# --- the folder ---------------------------------------------------------------------------


class CacheError(Exception):
    """A cache folder a build cannot use as one (Chinese message)."""


@dataclass
class PageCache:
    """The packs in ``folder`` for a build whose own key is ``build_key``; ``notes`` says
    (in Chinese) what the build found there, for its log."""

    folder: Path
    build_key: str
    notes: list[str] = field(default_factory=list)
    kept: set[str] = field(default_factory=set)  # charter URLs this build made or reused
    reused: int = 0
    damaged: int = 0

    def key_of(self, site: Site, charter: Charter) -> str:
        return digest([("build", self.build_key.encode()), *charter_reads(site, charter)])

    def pack_of(self, charter_url: str) -> Path:
        return self.folder / PACKS / (charter_url.rstrip("/") + SUFFIX)

    def job(self, site: Site, charter: Charter, make: GroupJob) -> GroupJob:
        """The charter's job: its pack's pages when the pack holds them for this key,
        else ``make``, kept in a new pack."""
        key, pack = self.key_of(site, charter), self.pack_of(charter.url)
        self.kept.add(charter.url)
        found = _verified(pack, key)
        if found is _DAMAGED:
            self.damaged += 1
        elif found is not None:
            self.reused += 1
            return _Reuse(pack)
        return _MakeAndKeep(make, pack, key, charter.url)

    def prune(self, in_scope: Callable[[str], bool]) -> int:
        """Remove the packs of charters this build would have made but did not (moved or
        removed); ``in_scope`` says, of a unit URL, whether this build makes it."""
        removed = 0
        root = self.folder / PACKS
        for pack in sorted(root.rglob("*" + SUFFIX)) if root.is_dir() else []:
            url = pack.relative_to(root).as_posix().removesuffix(SUFFIX) + "/"
            unit_url = url.rstrip("/").rpartition("/")[0] + "/"
            if url not in self.kept and in_scope(unit_url):
                pack.unlink(missing_ok=True)
                removed += 1
        return removed

    def summary(self) -> str:
        made = len(self.kept) - self.reused
        line = f"缓存：{self.reused} 部公约的页面沿用上次的，{made} 部重新生成。"
        if self.damaged:
            line += f"注意：其中 {self.damaged} 部的缓存文件已损坏，没有使用，已重新生成。"
        return line


def open_cache(folder: Path, build_key: str, family: str) -> PageCache:
    """The cache in ``folder``. ``family`` is the part of the build key that changes for
    every charter at once (gongyue's code, the programs, the configuration): a cache of
    another family is cleared, with a note, never used."""
    cache = PageCache(folder, build_key)
    found = _manifest(folder)
    if found is None and (folder / PACKS).exists():
        cache.notes.append(
            f"缓存 {folder} 的说明文件读不出，这次不用它：完整生成，然后重新建立缓存。"
        )
    elif found is None:
        cache.notes.append(f"缓存 {folder} 还是空的：这次完整生成，并建立缓存。")
    elif found != _manifest_for(family):
        cache.notes.append(
            f"缓存 {folder} 是另一个版本的 gongyue（或 MkDocs、主题）或另一份设置留下的，"
            "这次不用它：完整生成，然后换成这次的缓存。"
        )
    if found != _manifest_for(family):
        _clear(folder)
        _write_atomically(folder / MANIFEST, json.dumps(_manifest_for(family)).encode())
    return cache


def _manifest_for(family: str) -> dict[str, object]:
    return {"format": FORMAT, "family": family}


def _manifest(folder: Path) -> dict[str, object] | None:
    try:
        data = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def _clear(folder: Path) -> None:
    """Remove every pack (and nothing else: the folder is the operator's to name)."""
    root = folder / PACKS
    for pack in root.rglob("*" + SUFFIX) if root.is_dir() else []:
        pack.unlink(missing_ok=True)


# --- packs --------------------------------------------------------------------------------
#
# A pack is one line of JSON (its key, then each file's path, SHA-256 and length), a
# newline, then the files' UTF-8 bytes one after another.

_DAMAGED = object()


def _verified(pack: Path, key: str) -> object:
    """``True`` when the pack holds the pages for ``key`` and every file's bytes match
    their hash; None when it holds another key's (or there is none); ``_DAMAGED`` when
    it cannot be read as a pack or a file does not match."""
    try:
        data = pack.read_bytes()
    except FileNotFoundError:
        return None
    except OSError:
        return _DAMAGED
    try:
        header, files = _read_header(data)
    except ValueError:
        return _DAMAGED
    if header.get("key") != key:
        return None
    return True if all(_matches(files, data)) else _DAMAGED


def _read_header(data: bytes) -> tuple[dict[str, object], list[tuple[str, str, int, int]]]:
    """The pack's header and, for each file, its path, hash, start and end in ``data``."""
    line, newline, _ = data.partition(b"\n")
    if not newline:
        raise ValueError("no header")
    header = json.loads(line)
    start = len(line) + 1
    files: list[tuple[str, str, int, int]] = []
    for path, sha, size in header["files"]:
        files.append((str(path), str(sha), start, start + int(size)))
        start += int(size)
    if start != len(data):
        raise ValueError("length")
    return header, files


def _matches(files: list[tuple[str, str, int, int]], data: bytes) -> Iterator[bool]:
    for _, sha, start, end in files:
        yield hashlib.sha256(data[start:end]).hexdigest() == sha


@dataclass(frozen=True)
class _Reuse:
    """A charter's pages read back from its pack (checked by ``PageCache.job``)."""

    pack: Path

    def __call__(self) -> list[Output]:
        data = self.pack.read_bytes()
        _, files = _read_header(data)
        return [
            Output(path, data[start:end].decode("utf-8"), compacted=True)
            for path, _, start, end in files
        ]


@dataclass(frozen=True)
class _MakeAndKeep:
    """A charter's pages made anew and kept in its pack for the next build."""

    make: GroupJob
    pack: Path
    key: str
    url: str

    def __call__(self) -> list[Output]:
        outputs = [output.final() for output in self.make()]
        _write_atomically(self.pack, pack_bytes(self.key, self.url, outputs))
        return outputs


def pack_bytes(key: str, url: str, outputs: Iterable[Output]) -> bytes:
    contents = [(o.path, o.html.encode("utf-8")) for o in outputs]
    files = [[path, hashlib.sha256(body).hexdigest(), len(body)] for path, body in contents]
    header = json.dumps({"format": FORMAT, "url": url, "key": key, "files": files})
    return b"".join([header.encode(), b"\n", *(body for _, body in contents)])


def _write_atomically(path: Path, data: bytes) -> None:
    """Another build reading the same folder sees the old file or the new, never half."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temporary.write_bytes(data)
    os.replace(temporary, path)
