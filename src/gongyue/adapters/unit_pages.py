"""Unit pages MkDocs need not render again: taken back from the page cache
(``publish/unit_cache.py``) and left out of MkDocs' writing.

MkDocs has already read and converted every page when gongyue learns the
theme's frames (``on_env``); a unit page taken back then is marked excluded,
so that MkDocs does not render or write it, and what MkDocs would still have
done for it is done here: listed in the sitemap, given to search, its links
to anchors checked.

Used only when no other plugin (nor a hook) handles pages: one that reads or
rewrites every page would miss these.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from mkdocs.structure.files import Files, InclusionLevel

from gongyue.adapters.frames import FrameMaker
from gongyue.adapters.options import scope
from gongyue.publish import pages as gp
from gongyue.publish.chrome import FrameError
from gongyue.publish.page_cache import PageCache, digests_of, parent_url
from gongyue.publish.shard_key import shard_key
from gongyue.publish.unit_cache import UnitPageCache
from gongyue.publish.urls import depth
from gongyue.record.model import Site

# MkDocs' events that see one page: a plugin with one of these must see every page.
PAGE_EVENTS = (
    *("pre_page", "page_read_source", "page_markdown"),
    *("page_content", "page_context", "post_page"),
)
log = logging.getLogger("mkdocs.plugins.gongyue")


class UnitPages:
    """The unit pages of one build: which came back from the cache (``taken``, their
    files), and, at the end, what MkDocs still owes them."""

    def __init__(self, cache: UnitPageCache, files: Files) -> None:
        self.cache, self.files = cache, files
        self.taken: list[Any] = []  # MkDocs' File of each page taken back

    def take_unchanged(self, pages: Iterable[gp.Page]) -> None:
        for page in pages:
            if not isinstance(page, gp.UnitPage):
                continue
            file = self.files.get_file_from_path(page.src_uri)
            if file is not None and file.page is not None and self.cache.take(page.unit):
                file.inclusion = InclusionLevel.EXCLUDED  # MkDocs neither renders nor writes it
                self.taken.append(file)

    def urls(self) -> list[str]:
        """The pages taken back, for the sitemap (MkDocs lists only what it wrote)."""
        return [file.url for file in self.taken]

    def indexed(self, models: dict[str, gp.Page]) -> list[str]:
        """Of the pages taken back, the output files search finds."""
        return [f.dest_uri for f in self.taken if models[f.src_uri].indexed]

    def finish(self, config: Any, site: Site, owned: Callable[[str], bool] | None) -> None:
        """After MkDocs wrote its pages: their links to anchors checked as MkDocs checks
        the pages it renders, the unit pages it rendered kept for the next build, and
        the packs of units gone (of those ``owned``) removed."""
        level = config.validation.links.anchors
        for file in self.taken:
            file.page.validate_anchor_links(files=self.files, log_level=level)
        self.cache.keep()
        if owned is not None:
            self.cache.prune(lambda url: owned(parent_url(url)) and site.makes(url))
        log.info(self.cache.summary())


def unit_pages(
    config: Any, plugin: Any, cache: PageCache | None, maker: FrameMaker, pages: dict[str, gp.Page]
) -> UnitPages | None:
    """The build's unit pages, those the cache holds taken back; None: no cache, a preview
    served by MkDocs (it renders excluded pages, under a banner) or a committee's preview
    of one unit (its sitemap is MkDocs' own, which lists only what MkDocs wrote), another
    plugin that handles pages, or a theme whose frame cannot be shared."""
    previewing = plugin.serving or scope(plugin.settings)
    if cache is None or previewing or not pages or not only_plugin_with_pages(config, plugin):
        return None
    units = [p.unit for p in pages.values() if isinstance(p, gp.UnitPage)]
    try:
        frames = {at: maker.frame(at).key() for at in {depth(u.url) for u in units}}
    except FrameError:
        return None
    # The menu and the list of files are the same for every unit's key: hashed once here,
    # not once more for each unit.
    engine = [("engine", shard_key(engine_parts(maker.nav, maker.files)).encode())]
    digests = digests_of(next(iter(pages.values())).site)
    site_dir = Path(config.site_dir)
    unit_cache = UnitPageCache(
        cache.folder, cache.build_key, engine, frames, site_dir, digests, cache.site
    )
    found = UnitPages(unit_cache, maker.files)
    found.take_unchanged(pages.values())
    return found


def only_plugin_with_pages(config: Any, plugin: Any) -> bool:
    """Whether ``plugin`` alone handles MkDocs' page events (hooks count as plugins)."""
    events = config.plugins.events
    return all(getattr(m, "__self__", None) is plugin for e in PAGE_EVENTS for m in events[e])


def engine_parts(nav: Any, files: Files) -> Iterator[tuple[str, bytes]]:
    """What MkDocs gives a page beyond its frame and gongyue's build key: where it stands
    in the menu (titles and addresses: a unit page the operator put in ``nav`` is marked
    there, with links to its neighbours) and every file's path (a link in a unit's words
    becomes an address only when its file exists)."""
    yield "nav", "\n".join(_nav_lines(nav.items if nav is not None else [], 0)).encode()
    yield "files", "\n".join(sorted(f.src_uri for f in files)).encode()


def _nav_lines(items: Iterable[Any], depth: int) -> Iterator[str]:
    for item in items:
        url = getattr(item, "url", "") or ""
        yield f"{depth}\0{type(item).__name__}\0{item.title}\0{url}"
        yield from _nav_lines(getattr(item, "children", None) or [], depth + 1)
