"""What the search index holds: the pages worth finding, in one index or one per area.

The templates mark what a page contributes (``data-pagefind-body``); the build
hands the indexer just those pages — texts in force, units, drafts open for
comment — instead of every superseded version and 对照 page. Pagefind itself
is run by ``adapters/pagefind.py`` (``Indexer``): the core starts no program.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from gongyue.record.model import Site

INDEX_FOLDER = "pagefind"

# Index these pages (files relative to the site folder) into that folder: a problem in
# Chinese, or None when it worked.
Indexer = Callable[[Path, list[str], Path], str | None]


@dataclass(frozen=True)
class Reuse:
    """The last index of the same pages' folder, moved to where this one is written, and
    what the indexer said it made of each page whose bytes are the same as then (its own
    name for it, such as a Pagefind fragment's): that much it need not write again."""

    made: dict[str, str]  # page (file relative to the site folder) -> the indexer's name


# ``Indexer`` for a build that keeps its output folder: also given the last index (or None)
# and a folder of its own kept between such builds (or None), and also saying what it made
# of each page, for the next build's ``Reuse``.
IndexAgain = Callable[
    [Path, list[str], Path, Reuse | None, Path | None], tuple[str | None, dict[str, str]]
]


@dataclass(frozen=True)
class Area:
    """One top-level unit's own search index (``search_areas``): in a province, a resident's
    first search downloads the index of their city, whose size does not grow with the
    province; 全部 merges every area's index in the browser."""

    bundle: str  # folder under pagefind/
    prefix: str  # the unit's URL: the pages it indexes
    name: str


def areas_of(site: Site) -> list[Area]:
    """The areas of a site that asks for them, in the order of its top-level units."""
    if not site.search_areas:
        return []
    return [Area("-".join(root.slugs), root.url, root.name) for root in site.roots]


def area_records(areas: list[Area]) -> list[dict[str, Any]]:
    return [asdict(area) for area in areas]


def index_site(site_dir: Path, pages: list[str], areas: list[Area], index: Indexer) -> str | None:
    """The site's search index: one for all ``pages``, or one per area (pages outside
    every area are not indexed then: the indexed kinds all live in units)."""
    if not areas:
        return index(site_dir, pages, site_dir / INDEX_FOLDER)
    for area in areas:
        mine = [page for page in pages if page.startswith(area.prefix)]
        output = site_dir / INDEX_FOLDER / area.bundle
        problem = index(site_dir, mine, output) if mine else None
        if problem:
            return problem
    return None
