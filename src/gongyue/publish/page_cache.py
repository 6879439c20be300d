"""A charter's pages kept between builds: same inputs, same bytes, not made again.

A publish usually changes one charter in a city of thousands. With a cache
folder (the ``cache`` setting, or GONGYUE_CACHE from CI), each charter's pages
— its text in force, versions, 对照, history, drafts, their papers, its
Traditional table and its ``charter.json`` — are kept in one pack file
(``packs.py``) under a key of everything they show. The next build makes only
the charters whose key changed and writes the others' bytes out of their
packs — or, when the last build's output folder is still there, leaves them
in it (``kept_site.py``). A unit's page is kept too, under a key of what it
shows (``unit_cache.py``); the other pages that list charters (home,
directory, consultations, feeds, the site's open data, sitemap) are made every
time: the cache never holds them. A search index is kept too, under a key of every page it indexes
(``indexer``), so Pagefind runs only when one of them changed — and then, when the
last output folder is still there, over the last index (``index_reuse.py``).

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

import json
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from weakref import WeakKeyDictionary

from gongyue.publish import packs
from gongyue.publish.companions import GroupJob, Output
from gongyue.publish.index_reuse import (
    MADE,
    Made,
    PageDigests,
    page_digests,
    read_made,
    record_made,
    reuse_of,
)
from gongyue.publish.kept_site import PRIVATE, SITES, KeptSite
from gongyue.publish.packs import SUFFIX
from gongyue.publish.posters import SHEETS_FOR_PDF
from gongyue.publish.search import IndexAgain, Indexer
from gongyue.publish.shard_key import shard_key  # every key is framed as a shard's
from gongyue.record.model import Charter, Site, Unit, Version

CACHE_ENV = "GONGYUE_CACHE"  # the cache folder CI hands a build (or ``gongyue merge``)
FORMAT = 1  # of the folder (its manifest); the packs' own is packs.FORMAT
MANIFEST = "gongyue-cache.json"
PACKS = "charters"  # one pack per charter, at the charter's address: charters/<unit>/<slug>.pages
SEARCH = "search"  # one pack per search index, at its folder: search/pagefind.pages
STAGE = ".stage"  # an index's pages linked, in its output folder's ``KeptSite.private``
UNITS = "units"  # one pack per unit page, at the unit's address (``unit_cache.py``)


# --- what a charter's pages show ------------------------------------------------------


@dataclass
class Digests:
    """What the keys read of the record, worked out once a build: many keys read the same
    charter (its pages', its unit page's, those based on it) or unit (every charter's
    below it, every unit page's below and beside it)."""

    charters: dict[int, bytes] = field(default_factory=dict)  # by id
    units: dict[int, bytes] = field(default_factory=dict)

    def charter(self, charter: Charter) -> bytes:
        """``charter_parts``, hashed."""
        found = self.charters.get(id(charter))
        if found is None:
            found = shard_key(list(charter_parts(charter))).encode()
            self.charters[id(charter)] = found
        return found

    def unit(self, unit: Unit) -> bytes:
        """The unit's address and everything its ``index.md`` says of it."""
        found = self.units.get(id(unit))
        if found is None:
            found = f"{unit.url}\0{unit.info.model_dump_json()}".encode()
            self.units[id(unit)] = found
        return found


# One build's digests live as long as its record (the engine's preview rebuilds in one process).
_digests: WeakKeyDictionary[Site, Digests] = WeakKeyDictionary()


def digests_of(site: Site) -> Digests:
    """The digests of this record (``Digests``): every key of a build shares them."""
    found = _digests.get(site)
    if found is None:
        found = _digests[site] = Digests()
    return found


def charter_reads(site: Site, charter: Charter, digests: Digests) -> Iterator[tuple[str, bytes]]:
    """Everything a charter's pages show beyond what every page of the build shows."""
    yield "charter", digests.charter(charter)
    yield from _unit_parts(charter.unit, digests)
    for model in _models(site, charter):
        yield f"model:{model.path}", digests.charter(model)
        yield from _unit_parts(model.unit, digests)
    yield from log_parts(site, charter)


def charter_parts(charter: Charter) -> Iterator[tuple[str, bytes]]:
    """A charter as loaded: every version's and draft's whole text, and what loading and
    the build date made of it. Its front matter as validated is not repeated: it is read
    from that text alone, by code whose digest is in every key (``adapters/cache.family``)
    — but for a version a top job knows from a shard's summary, which has no text."""
    in_force = charter.in_force.slug if charter.in_force else "-"
    yield "charter", f"{charter.path}\0{charter.url}\0{charter.status}\0{in_force}".encode()
    for version in [*charter.versions, *charter.drafts]:
        yield version.path, version.source_text.encode()
        if not version.source_text:
            yield f"{version.path}:meta", version.meta.model_dump_json().encode()
        yield f"{version.path}:derived", _derived(version).encode()


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


def _unit_parts(unit: Unit, digests: Digests) -> Iterator[tuple[str, bytes]]:
    for above in unit.lineage:
        yield f"unit:{above.path}", digests.unit(above)


def _models(site: Site, charter: Charter) -> list[Charter]:
    """The model charters (范本) its versions name, each once, in the order named."""
    named = [v.meta.based_on for v in [*charter.versions, *charter.drafts] if v.meta.based_on]
    found: dict[int, Charter] = {}
    for path in named:
        model = site.charter_at(path)
        if model is not None and model is not charter:
            found.setdefault(id(model), model)
    return list(found.values())


def log_parts(site: Site, charter: Charter) -> Iterator[tuple[str, bytes]]:
    """Where each of the charter's versions stands in the site's log, if it has one."""
    if site.log is None:
        return
    for version in charter.versions:
        place = site.log.of(charter.url, version.slug)
        yield f"log:{version.slug}", repr(place).encode()


def packed(root: Path) -> Iterator[tuple[str, Path]]:
    """Each pack under ``root`` (charters', units') with the URL it is named after."""
    for pack in sorted(root.rglob("*" + SUFFIX)) if root.is_dir() else []:
        yield pack.relative_to(root).as_posix().removesuffix(SUFFIX) + "/", pack


def parent_url(url: str) -> str:
    """The URL of the unit a charter's or a unit's URL is under ("/" for a top unit)."""
    return url.rstrip("/").rpartition("/")[0] + "/"


# --- the folder ---------------------------------------------------------------------------


@dataclass
class PageCache:
    """The packs in ``folder`` for a build whose own key is ``build_key``; ``notes`` says
    (in Chinese) what the build found there, for its log."""

    folder: Path
    build_key: str
    site_dir: Path  # the output folder, where a charter's pack is written out
    notes: list[str] = field(default_factory=list)
    kept: set[str] = field(default_factory=set)  # charter URLs this build made or reused
    reused: int = 0
    in_place: int = 0  # of the reused: left in the output folder by the last build
    damaged: int = 0
    kept_indexes: set[Path] = field(default_factory=set)  # search packs this build used
    indexes_reused: int = 0
    damaged_indexes: int = 0
    site: KeptSite | None = None  # the last build's output, when it can be taken back

    def key_of(self, site: Site, charter: Charter) -> str:
        parts = charter_reads(site, charter, digests_of(site))
        return shard_key([("build", self.build_key.encode()), *parts])

    def pack_of(self, charter_url: str) -> Path:
        return self.folder / PACKS / (charter_url.rstrip("/") + SUFFIX)

    def job(self, site: Site, charter: Charter, make: GroupJob) -> GroupJob:
        """The charter's job: its pack's pages when the pack holds them for this key,
        else ``make``, kept in a new pack."""
        key, pack = self.key_of(site, charter), self.pack_of(charter.url)
        self.kept.add(charter.url)
        if self.site is not None and self.site.take(charter.url, key):
            self.reused += 1
            self.in_place += 1
            return _LeftInPlace()
        if self.site is not None:
            self.site.made(charter.url, key, partial(packs.listed, pack))
        found = packs.state(pack, key, (charter.url, SHEETS_FOR_PDF + charter.url))
        if found == packs.DAMAGED:
            self.damaged += 1
        elif found == packs.HIT:
            self.reused += 1
            return _Reuse(pack, self.site_dir)
        return _MakeAndKeep(make, pack, key, charter.url)

    def prune(self, in_scope: Callable[[str], bool]) -> int:
        """Remove the packs of charters this build would have made but did not (moved or
        removed); ``in_scope`` says, of a unit URL, whether this build makes it."""
        removed = 0
        for url, pack in packed(self.folder / PACKS):
            if url not in self.kept and in_scope(parent_url(url)):
                pack.unlink(missing_ok=True)
                removed += 1
        return removed

    def indexer(self, index: Indexer, again: IndexAgain | None = None) -> Indexer:
        """``index`` run only for a search index whose pages changed: one pack per index
        (per area with ``search_areas``), keyed by every page it indexes, path and bytes.
        With ``again``, a build that keeps its output folder runs that instead, over the
        last index and what it made of the pages that did not change (``index_reuse``)."""
        return partial(self._index, index, again)

    def _index(
        self,
        index: Indexer,
        again: IndexAgain | None,
        site_dir: Path,
        pages: list[str],
        output: Path,
    ) -> str | None:
        name = output.relative_to(site_dir).as_posix()
        pack = self.folder / SEARCH / (name + SUFFIX)
        self.kept_indexes.add(pack)
        record = self._made_record(name)
        made = read_made(record, self.build_key) if record is not None else Made()
        digests = page_digests(site_dir, sorted(set(pages)), made)
        read = ((page, bytes.fromhex(digest)) for page, digest in digests.of.items())
        key = shard_key([("build", self.build_key.encode()), *read])
        if self.site is not None and self.site.take(name + "/", key):
            self.indexes_reused += 1
            return None
        found, files = packs.opened(pack, key)
        if found == packs.HIT:
            packs.write_out(files, output)
            self.indexes_reused += 1
        else:
            self.damaged_indexes += found == packs.DAMAGED
            where = (site_dir, pages, output)
            problem = self._make_index(index, again, where, (record, made), key, digests)
            if problem is not None:
                return problem  # not kept, nor left to be taken back: made again next time
            written = sorted(f for f in output.rglob("*") if f.is_file())
            packs.write(
                pack,
                name,
                key,
                ((f.relative_to(output).as_posix(), f.read_bytes()) for f in written),
            )
        if self.site is not None:
            self.site.made(name + "/", key)
        return None

    def _made_record(self, name: str) -> Path | None:
        """Where the record of what was made of index ``name``'s pages is kept: with this
        output folder's own files in the cache, as it tells of the index this folder holds
        (another folder sharing the cache holds another, and its build would otherwise
        leave a record this one cannot use: every page indexed afresh). None when this
        build keeps no output folder."""
        return None if self.site is None else self.site.private / (name + MADE)

    def _make_index(
        self,
        index: Indexer,
        again: IndexAgain | None,
        where: tuple[Path, list[str], Path],
        last: tuple[Path | None, Made],
        key: str,
        digests: PageDigests,
    ) -> str | None:
        """Run the indexer: ``again`` over the last index when this build keeps its output
        folder (that index is moved back and handed over only with the record of what was
        made of its pages, ``last``; without, it is removed), else ``index`` into an empty
        folder."""
        site_dir, pages, output = where
        if again is None or self.site is None:
            return index(site_dir, pages, output)
        record, made = last
        last_key = self.site.take_last(output.relative_to(site_dir).as_posix() + "/")
        reuse = reuse_of(made, last_key, digests) if last_key else None
        if last_key and reuse is None:
            shutil.rmtree(output)
        stage = self.site.private / (output.relative_to(site_dir).as_posix() + STAGE)
        if self.site.aside is None:  # no last output folder kept: maybe CI, whose cache
            shutil.rmtree(stage, ignore_errors=True)  # would keep the pages linked as copies
        problem, names = again(site_dir, pages, output, reuse, stage if self.site.aside else None)
        if problem is None and record is not None:
            record_made(record, self.build_key, key, digests, names)
        return problem

    def prune_indexes(self) -> None:
        """Remove the packs of search indexes this build no longer has (after indexing)."""
        root = self.folder / SEARCH
        for pack in root.rglob("*" + SUFFIX) if root.is_dir() else []:
            if pack not in self.kept_indexes:
                pack.unlink(missing_ok=True)
                if self.site is not None:
                    name = pack.relative_to(root).as_posix().removesuffix(SUFFIX)
                    shutil.rmtree(self.site.private / (name + STAGE), ignore_errors=True)
                    (self.site.private / (name + MADE)).unlink(missing_ok=True)

    def search_summary(self) -> str:
        made = len(self.kept_indexes) - self.indexes_reused
        line = f"缓存：{self.indexes_reused} 个搜索索引沿用上次的（收录的页面没有变），{made} 个重新建立。"
        if self.damaged_indexes:
            line += f"注意：其中 {self.damaged_indexes} 个的缓存文件已损坏，没有使用。"
        return line

    def summary(self) -> str:
        made = len(self.kept) - self.reused
        return said_of(("部", "公约的页面", "页面"), self.reused, made, self.damaged, self.in_place)


def said_of(
    words: tuple[str, str, str], reused: int, made: int, damaged: int, in_place: int
) -> str:
    """The build's line about what came from the cache, in ``words``: the measure word,
    what was reused and how those are called when left in place (charters' pages, unit pages)."""
    measure, what, left = words
    line = f"缓存：{reused} {measure}{what}沿用上次的，{made} {measure}重新生成。"
    if damaged:
        line += f"注意：其中 {damaged} {measure}的缓存文件已损坏，没有使用，已重新生成。"
    if in_place:
        line += f"沿用的{left}中 {in_place} {measure}留在输出文件夹的原处，没有重新写出。"
    return line


def open_cache(folder: Path, build_key: str, family: str, site_dir: Path) -> PageCache:
    """The cache in ``folder``. ``family`` is the part of the build key that changes for
    every charter at once (gongyue's code, the programs, the configuration): a cache of
    another family is cleared, with a note, never used."""
    cache = PageCache(folder, build_key, site_dir)
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
        packs.write_atomically(folder / MANIFEST, json.dumps(_manifest_for(family)).encode())
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
    """Remove every pack and record of an output folder (and nothing else: the folder is
    the operator's to name)."""
    for root in (folder / PACKS, folder / SEARCH, folder / UNITS):
        for pack in root.rglob("*" + SUFFIX) if root.is_dir() else []:
            pack.unlink(missing_ok=True)
    search = folder / SEARCH  # index records: where gongyue kept them until 2026-12
    for record in [*search.rglob("*" + MADE), *(folder / SITES).glob("*.json")]:
        record.unlink(missing_ok=True)
    for private in (folder / SITES).glob("*" + PRIVATE):
        shutil.rmtree(private, ignore_errors=True)


# --- the jobs -----------------------------------------------------------------------------


@dataclass(frozen=True)
class _LeftInPlace:
    """A charter whose pages the last build left in the output folder (``KeptSite.take``)."""

    def __call__(self) -> list[Output]:
        return []


@dataclass(frozen=True)
class _Reuse:
    """A charter's pages written out of its pack (checked by ``PageCache.job``) into the
    output folder ``site_dir``, the bytes as kept."""

    pack: Path
    site_dir: Path

    def __call__(self) -> list[Output]:
        packs.write_out(packs.unpacked(self.pack), self.site_dir)
        return []


@dataclass(frozen=True)
class _MakeAndKeep:
    """A charter's pages made anew and kept in its pack for the next build."""

    make: GroupJob
    pack: Path
    key: str
    url: str

    def __call__(self) -> list[Output]:
        outputs = [output.final() for output in self.make()]
        packs.write(self.pack, self.url, self.key, ((o.path, o.html.encode()) for o in outputs))
        return outputs
