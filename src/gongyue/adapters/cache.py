"""The page cache in a build: where it is, and the keys only the engine's side can read.

The folder is the ``cache`` setting, else GONGYUE_CACHE (what CI sets), relative
to mkdocs.yml's folder; neither: no cache. What it keeps and how it is keyed is
``publish/page_cache.py``.
"""

from __future__ import annotations

import gc
import logging
import os
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from mkdocs.exceptions import PluginError

from gongyue.adapters import pagefind, same_build
from gongyue.adapters.options import load_checked, scope
from gongyue.adapters.pagefind_again import index_again
from gongyue.adapters.sharding import Part
from gongyue.publish import opendata, shard_key
from gongyue.publish.folder_lock import lock_folder
from gongyue.publish.kept_site import KeptSite, lock_file, set_aside
from gongyue.publish.page_cache import CACHE_ENV, PageCache, open_cache
from gongyue.publish.parse_memo import ParseMemo
from gongyue.publish.search import Area, index_site
from gongyue.publish.site_data_cache import data_key, kept_data
from gongyue.record.model import Site
from gongyue.record.settings import Settings

log = logging.getLogger("mkdocs.plugins.gongyue")
WAITING = "另一次生成正在写同一个输出文件夹（{}），等它写完再开始：两次同时写，网站里会混进两次生成的页面。"


def folder(config: Any, settings: Settings, docs_dir: Path) -> Path | None:
    """The cache folder this build uses, or None; PluginError when it is one the build
    writes or reads its sources from (clearing it could lose them). ``docs_dir`` is the
    real docs folder (a preview hands MkDocs a view of it)."""
    name = settings.cache or os.environ.get(CACHE_ENV, "")
    if not name:
        return None
    config_file = config.config_file_path
    base = Path(config_file).absolute().parent if config_file else Path.cwd()
    found = (base / name).resolve()
    for role, other in (("docs_dir", docs_dir), ("site_dir", config.site_dir)):
        other_dir = Path(other).resolve()
        if found == other_dir or other_dir in found.parents or found in other_dir.parents:
            raise PluginError(
                f"mkdocs.yml: 错误：缓存文件夹 {name} 与 {role}（{other}）重叠。"
                "修改建议：把 cache（或 GONGYUE_CACHE）写成一个单独的文件夹，例如 .gongyue-cache。"
            )
    return found


def family(config: Any, settings: Settings) -> str:
    """What every charter's key shares and a change of which clears the cache: gongyue's
    code and the programs that render, the configuration as the engine reads it
    (mkdocs.yml, what it INHERITs, its ``!ENV`` values, the theme's overrides), the settings."""
    config_file = Path(config.config_file_path or "mkdocs.yml")
    custom = config.theme.custom_dir
    theme_files = sorted(p for p in Path(custom).rglob("*") if p.is_file()) if custom else []
    return shard_key.shard_key(
        [
            *shard_key.tool_parts(),
            *shard_key.config_parts(config_file, theme_files, os.environ),
            ("settings", settings.model_dump_json().encode()),
        ]
    )


def open_for_build(
    config: Any, settings: Settings, docs_dir: Path, build_parts: list[tuple[str, bytes]]
) -> PageCache | None:
    """The build's cache (None without a folder); ``build_parts`` are what every page of
    this build is made with (``themed.build_parts``)."""
    where = folder(config, settings, docs_dir)
    if where is None:
        return None
    shared = family(config, settings)
    key = shard_key.shard_key([("family", shared.encode()), *build_parts])
    return open_cache(where, key, shared, Path(config.site_dir))


def set_aside_last_site(
    config: Any, settings: Settings, docs_dir: Path, part: Part
) -> KeptSite | None:
    """The last build's output moved out of MkDocs' way (``publish/kept_site.py``), so
    that unchanged charters' folders can be moved back instead of written, and all of it
    when nothing changed (``same_build.py``: a build of the whole site); None without a
    cache folder, with PDFs (made from sheets only a pack holds), or in a preview."""
    where = folder(config, settings, docs_dir)
    if where is None or settings.pdf or scope(settings):
        return None
    shared = family(config, settings)
    inputs = same_build.inputs_of(config, settings, docs_dir, shared) if part.whole else None
    same_build.count_warnings()
    site_dir = Path(config.site_dir)
    lock = lock_folder(lock_file(where, site_dir), partial(log.info, WAITING.format(site_dir)))
    kept = set_aside(where, site_dir, shared, inputs, lock)
    if kept.note:
        log.info(kept.note)
    return kept


def data_files(
    config: Any, settings: Settings, docs_dir: Path, site: Site, part: Part, kept: KeptSite | None
) -> tuple[dict[str, str], list[str]]:
    """The site's data files (``opendata.data_files``, each charter's own apart) MkDocs is to
    write, and those moved back from the last output instead: from the cache folder when
    nothing they read changed (``publish/site_data_cache.py``), in a build of the whole
    city; a shard's, the top job's and a preview's are always made and written."""
    site_url = config.site_url or ""
    make = partial(opendata.data_files, site, config.site_name, site_url, False)
    where = folder(config, settings, docs_dir)
    if where is None or not part.whole or scope(settings):
        return make(), []
    key = data_key(family(config, settings), site, config.site_name, site_url)
    return kept_data(where, key, make, kept)


def parse_memo(config: Any, settings: Settings, docs_dir: Path) -> ParseMemo | None:
    """The bodies earlier builds read (``publish/parse_memo.py``), None without a cache."""
    where = folder(config, settings, docs_dir)
    return ParseMemo(where, family(config, settings)) if where is not None else None


def owned_units(site: Site, subtree: str) -> Callable[[str], bool]:
    """Of a unit URL: whether this build loads every charter of that unit, so a pack of
    one of its charters this build did not make belongs to a charter that is gone.
    ``subtree``: the shard or preview folder (docs-relative), "" for the whole city."""
    root = f"{site.docs_dir.rstrip('/')}/{subtree.strip('/')}" if subtree else ""
    urls = {
        unit.url
        for unit in site.units
        if site.makes(unit.url) and (not root or f"{unit.path}/".startswith(f"{root}/"))
    }
    return urls.__contains__


def load_remembering(config: Any, settings: Settings, docs_dir: Path, part: Part) -> Site:
    """``options.load_checked``, with the bodies earlier builds read, and what their files'
    own checks found, remembered when the build has a cache folder.

    The record of a city is millions of objects that all live until the build ends:
    Python's collector walking them while they are made, and again at every collection
    after, was a tenth of a build from the cache. So it is off while they are made, and
    they are then left out of its walks (``gc.freeze``) until the build ends
    (``making.finish_making``, or ``abandon_making`` when it fails)."""
    gc.disable()
    try:
        site = _load(config, settings, docs_dir, part)
    finally:
        gc.enable()
    gc.freeze()
    return site


def _load(config: Any, settings: Settings, docs_dir: Path, part: Part) -> Site:
    memo = parse_memo(config, settings, docs_dir)
    if memo is None:
        return load_checked(config, settings, docs_dir, part)
    site = load_checked(config, settings, docs_dir, part, memo.readers, memo.judge)
    if memo.note:
        log.info(memo.note)
    memo.save()
    return site


def index_search(
    site_dir: Path, pages: list[str], areas: list[Area] | None, cache: PageCache | None
) -> str | None:
    """``search.index_site`` with Pagefind, which runs only for the indexes whose pages
    changed when the build has a cache; then the cache forgets indexes no longer made.
    ``areas`` None: this build makes no index. Called last in every build that is not a
    preview: what the last site left aside is then recorded and removed."""
    problem = None
    try:
        problem = _index(site_dir, pages, areas, cache)
        return problem
    finally:
        if cache is not None and cache.site is not None:
            cache.site.finish(whole=problem is None and not same_build.warned())


def _index(
    site_dir: Path, pages: list[str], areas: list[Area] | None, cache: PageCache | None
) -> str | None:
    if areas is None:
        return None
    if cache is None:
        return index_site(site_dir, pages, areas, pagefind.index)
    problem = index_site(site_dir, pages, areas, cache.indexer(pagefind.index, index_again))
    if problem is None:
        cache.prune_indexes()
        log.info(cache.search_summary())
    return problem
