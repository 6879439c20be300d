"""A build's part in a province: the whole site, one shard, or the top job.

``gongyue build --shard`` and ``--top`` run MkDocs with an environment variable
that says which; this module reads it and does the part's work after MkDocs:
the sitemap in one order, the shard's manifest and pruning, the top manifest.
It does not import MkDocs: its problems are OutputError (Chinese), which the
plugin turns into build errors.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field
from pathlib import Path

from gongyue.adapters import pagefind
from gongyue.publish import manifests, sitemap
from gongyue.publish.manifests import Manifest, OutputError
from gongyue.publish.page_cache import PageCache
from gongyue.publish.search import Indexer, area_records, areas_of, index_site
from gongyue.record.model import Site
from gongyue.record.summary import SummaryError, graft, unit_record

log = logging.getLogger("mkdocs.plugins.gongyue")


@dataclass
class Part:
    shard: str = ""
    key: str = ""
    shards: list[Manifest] = field(default_factory=list)

    @property
    def is_top(self) -> bool:
        return bool(self.shards)

    @property
    def whole(self) -> bool:
        """The whole site in one build (it indexes its own pages for search)."""
        return not (self.shard or self.shards)

    @property
    def skipped(self) -> tuple[str, ...]:
        return tuple(m.shard for m in self.shards)


# How `gongyue build` (adapters/engine.py) tells the MkDocs it starts which part to build.
SHARD_ENV = "GONGYUE_SHARD"  # a unit folder, relative to docs: build that subtree only
KEY_ENV = "GONGYUE_SHARD_KEY"  # the key of its inputs, kept in its manifest
TOP_ENV = "GONGYUE_TOP"  # shard output folders (os.pathsep between): build the rest


def part_from_env() -> Part:
    """Which part this build is; OutputError (Chinese) when a shard output cannot be read."""
    shard = os.environ.get(SHARD_ENV, "").strip("/")
    top = [Path(p) for p in os.environ.get(TOP_ENV, "").split(os.pathsep) if p]
    if shard and top:
        raise OutputError(
            f"{SHARD_ENV} 与 {TOP_ENV} 不能同时设置：一次构建要么是分片，要么是顶层。"
        )
    shards = [manifests.read_shard_manifest(p, record=False) for p in top]
    return Part(shard, os.environ.get(KEY_ENV, ""), shards)


def add_shards(site: Site, part: Part) -> None:
    """The top job's tree: its own units, and each shard's hollow record in its place."""
    records = (manifests.read_shard_manifest(m.folder).record for m in part.shards)
    try:
        graft(site, records)  # one record in memory at a time
    except SummaryError as error:
        raise OutputError(f"{error}。修改建议：用同一份源文件重新构建分片。") from None


def finish(
    site_dir: Path,
    site: Site,
    part: Part,
    made: list[str],
    indexed: list[str],
    site_url: str,
    search: bool,
    cache: PageCache | None = None,
) -> list[str]:
    """The part's work after MkDocs; the pages a search index should find here (none for
    a shard or the top job: the merge indexes the whole, when ``search``). A shard with a
    search area of its own indexes it here, through the page ``cache`` when there is one."""
    locs = sitemap.sitemap_locs(site_dir) + [sitemap.loc_of(url, site_url) for url in made]
    if part.shard:
        index = cache.indexer(pagefind.index) if cache is not None else pagefind.index
        _finish_shard(site_dir, site, part, locs, indexed, site_url, index if search else None)
        if cache is not None and cache.kept_indexes:
            log.info(cache.search_summary())
        return []
    if part.is_top:
        locs += [loc for m in part.shards for loc in m.locs]
        indexed = indexed + [page for m in part.shards for page in m.indexed]
        sitemap.write_sitemap(site_dir, locs, site_url)
        areas = area_records(areas_of(site))
        manifests.write_top_manifest(site_dir, part.shards, indexed, search, areas)
        return []
    sitemap.write_sitemap(site_dir, locs, site_url)
    return indexed


def _finish_shard(
    site_dir: Path,
    site: Site,
    part: Part,
    locs: list[str],
    indexed: list[str],
    site_url: str,
    index: Indexer | None,
) -> None:
    slugs = tuple(part.shard.split("/"))
    unit = next((u for u in site.units if u.slugs == slugs), None)
    if unit is None:
        raise OutputError(
            f"{part.shard}：不是一个单位文件夹（没有写 unit: 的 index.md），不能作为分片。"
        )
    prefix = unit.url
    manifest = Manifest(
        part.shard,
        part.key,
        unit_record(unit),
        [loc for loc in locs if sitemap.under(loc, prefix, site_url)],
        [page for page in indexed if page.startswith(prefix)],
    )
    manifests.prune_to(site_dir, prefix)
    area = [a for a in areas_of(site) if a.prefix == prefix]
    if index is not None and area:  # an area of its own: indexed here, beside the other shards
        problem = index_site(site_dir, manifest.indexed, area, index)
        if problem:
            log.warning(problem)  # the merge tries again
        else:
            manifest.index = area[0].bundle
    manifests.write_shard_manifest(site_dir, manifest)
