"""The pages gongyue makes beside MkDocs: charter pages, Traditional twins, posters."""

from __future__ import annotations

import atexit
import gc
import logging
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from gongyue.adapters import cache as page_cache
from gongyue.adapters import sharding
from gongyue.adapters.fontconfig import unavailable as pdf_unavailable
from gongyue.adapters.frames import FrameMaker
from gongyue.adapters.unit_pages import UnitPages
from gongyue.publish import pages as gp
from gongyue.publish import themed
from gongyue.publish.chrome import FrameError
from gongyue.publish.companion_writer import Writer
from gongyue.publish.companions import Companions
from gongyue.publish.host import host_of
from gongyue.publish.kept_site import KeptSite
from gongyue.publish.page_cache import PageCache
from gongyue.publish.posters import pdf_jobs
from gongyue.publish.search import areas_of
from gongyue.record.model import Site
from gongyue.record.settings import Settings

log = logging.getLogger("mkdocs.plugins.gongyue")


def start_making(
    config: Any,
    settings: Settings,
    maker: FrameMaker,
    pages: list[gp.Page],
    companions: Companions,
    background: bool,
    docs_dir: Path,
    kept: KeptSite | None = None,
) -> tuple[Writer, list[str], PageCache | None]:
    """Start making them (in helpers while MkDocs renders, when ``background``); the writer,
    the output files among them that search indexes, and the page cache the build reads
    and fills (None without one; never in ``docs_dir``, the real docs folder), which takes
    unchanged charters back from the last site when it was ``kept``. FrameError when the
    theme's frame cannot be shared and ``fast_pages`` asks for it."""
    fast, method = settings.fast_pages, settings.companion_process
    if companions.pdf and pdf_unavailable():
        log.warning(pdf_unavailable())
        companions = replace(companions, pdf=False)
    try:
        frames: themed.Frames | None = maker.frames(pages, companions, fast)
    except FrameError as error:
        if fast:
            raise  # the plugin stops the build with it
        log.info("繁体页使用简单版式：%s", error)
        frames = None
    twins = frozenset(p.url for p in pages if p.has_traditional_twin)
    host = host_of(config.repo_url, config.edit_uri)
    setup = themed.Setup(tuple(config.theme.dirs), config.site_url or "", companions, twins, host)
    fast_here = fast and frames is not None
    cache = None
    if pages:
        parts = themed.build_parts(frames, setup, config.site_name, fast_here, pages[0].site)
        cache = page_cache.open_for_build(config, settings, docs_dir, parts)
    if cache is not None:
        cache.site = kept
    elif kept is not None:  # no charter pages: nothing to take back
        kept.discard()
    jobs = themed.jobs(pages, frames, setup, config.site_name, fast_here, cache)
    for note in cache.notes if cache else ():
        log.info(note)
    site_dir = Path(config.site_dir)
    writer = Writer(jobs, site_dir, background, pdf_jobs(pages, companions), method)
    return writer, themed.indexed(pages, companions, fast), cache


def abandon_making(writer: Writer | None, kept: KeptSite | None) -> None:
    """After a failed build: stop the helpers, remove what is left of the last site, and
    let the collector have the record again (a preview builds again in this process)."""
    if writer is not None:
        writer.stop()
    if kept is not None:
        kept.discard()
    gc.unfreeze()


def finish_making(
    writer: Writer | None, cache: PageCache | None, owned: Callable[[str], bool] | None
) -> None:
    """Help with what is left and wait; RuntimeError (one Chinese line) when anything failed.
    Then the cache forgets the charters this build no longer has (of the units it ``owned``)."""
    if writer is not None:
        try:
            writer.wait()
        except RuntimeError as error:
            raise RuntimeError(f"公约页面、文书和繁体对照表没有全部写出。{error}") from None
    if cache is not None and owned is not None:
        cache.prune(owned)
        log.info(cache.summary())


def release_record() -> None:
    """At the very end of a build: what loading froze (``cache.load_remembering``) may be
    collected again (a preview builds again in this process). Not before: the first
    collection after it walks the millions of objects of the record, about half a second
    that a build which then exits never needed (measured while the search index's files
    were being listed, at 1,000 courtyards)."""
    gc.unfreeze()
    _freeze_at_exit()


def _freeze_at_exit() -> None:
    """The record is millions of objects, linked both ways (a unit and its charters, a
    charter and its versions): the collections Python runs as it exits walked them for
    about 2 s of a 12 s publish from the cache. Frozen then, they go with the process's
    memory. Registered once however many builds a process runs (a preview, the tests)."""
    atexit.unregister(gc.freeze)
    atexit.register(gc.freeze)


def finish_site(
    config: Any,
    settings: Settings,
    site: Site,
    part: sharding.Part,
    made: list[str],
    indexed: list[str],
    cache: PageCache | None,
) -> None:
    """Once every page is written: the sitemap (with the pages MkDocs did not write,
    ``made``), the part's manifest, then the search index of the pages ``indexed``.
    SummaryError or OutputError when a shard's or the top job's work cannot be done."""
    site_dir, url, search = Path(config.site_dir), config.site_url or "", settings.search
    try:
        indexed = sorted(indexed)  # one order, whichever of them MkDocs rendered
        indexed = sharding.finish(site_dir, site, part, made, indexed, url, search, cache)
        areas = areas_of(site) if search and part.whole else None
        problem = page_cache.index_search(site_dir, indexed, areas, cache)
    finally:
        release_record()
    if problem:
        log.warning(problem)


def not_written_by_mkdocs(
    config: Any, pages: dict[str, gp.Page], settings: Settings, units: UnitPages | None
) -> list[str]:
    """Pages MkDocs' sitemap misses (it has one only with a ``site_url``): those made
    outside it, unit pages taken back."""
    if not config.site_url:
        return []
    fast = settings.fast_pages
    made = [p.url for p in pages.values() if fast and p.kind in themed.THEMED_KINDS]
    return made + (units.urls() if units else [])
