"""The MkDocs plugin: hands MkDocs the site gongyue makes, and makes the rest itself.

MkDocs renders the pages people wrote, the home, directory, search and unit
pages (a unit page the cache holds comes back instead); gongyue makes each
charter's pages and their papers in the theme's frame (asked of MkDocs once per
depth), on every core while MkDocs works. Core errors become build errors that
name the file.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import Files

from gongyue.adapters import cache, making, options, same_build, sharding, site_log, stopping
from gongyue.adapters import files as site_files
from gongyue.adapters.frames import FrameMaker
from gongyue.adapters.preview import docs_view
from gongyue.adapters.unit_pages import UnitPages, unit_pages
from gongyue.publish import pages as gp
from gongyue.publish.chrome import FrameError
from gongyue.publish.compact import compact
from gongyue.publish.companion_writer import Writer
from gongyue.publish.companions import Companions
from gongyue.publish.host import host_of
from gongyue.publish.kept_site import KeptSite
from gongyue.publish.manifests import OutputError
from gongyue.publish.page_cache import PageCache
from gongyue.publish.redirects import write_redirects
from gongyue.publish.render import sanitize, sanitize_committee
from gongyue.publish.templating import filters, helpers, owns_template
from gongyue.record.model import Site
from gongyue.record.settings import Settings
from gongyue.record.summary import SummaryError

log = logging.getLogger("mkdocs.plugins.gongyue")


class GongyuePlugin(BasePlugin):  # type: ignore[type-arg]
    config_scheme = options.CONFIG_SCHEME  # carries the settings; ``self.settings`` is their model

    def __init__(self) -> None:
        self.settings = Settings()
        self.site: Site | None = None
        self.pages: dict[str, gp.Page] = {}
        self.indexed: list[str] = []  # output files of the pages search should find
        self.nav: Any = None
        self.files: Files | None = None
        self.docs_dir = Path()  # the real docs folder (a preview hands MkDocs a view of it)
        self.serving = False
        self.writer: Writer | None = None
        self.cache: PageCache | None = None
        self.kept: KeptSite | None = None  # the last site, while this build may take from it
        self.units: UnitPages | None = None  # unit pages from the cache, MkDocs not rendering
        self.part = sharding.Part()
        self.dirty = False

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.serving, self.dirty = command == "serve", dirty
        if self.serving:  # so that its temporary site is removed however it is stopped
            stopping.stop_as_interrupted()

    def on_config(self, config: Any) -> Any:
        self.settings = options.settings_of(self.config)
        if self.settings.pdf and self.serving:
            log.info("预览时不生成 PDF（每个约需 0.3 秒）；mkdocs build 时会生成。")
        options.adjust_theme(config)
        try:
            self.part = sharding.part_from_env()
        except (SummaryError, OutputError) as error:
            raise PluginError(str(error)) from None
        self.docs_dir = Path(config.docs_dir).absolute()
        only = options.scope(self.settings)
        if only and (self.docs_dir / only).is_dir():
            # MkDocs walks only what the preview shows; its real folder is what is watched.
            config.docs_dir = str(docs_view(self.docs_dir, only))
            config.watch.append(str(self.docs_dir / only))
        return config

    def on_pre_build(self, *, config: Any) -> None:
        # Before MkDocs empties the site folder: unchanged charters' folders may be taken back.
        if not (self.serving or self.dirty):
            self.kept = cache.set_aside_last_site(config, self.settings, self.docs_dir, self.part)

    def on_files(self, files: Files, *, config: Any) -> Files:
        self.site = None
        if same_build.keep_whole_if_unchanged(self.kept, config):
            return Files([])  # nothing to make: the last site is put back (on_post_build)
        self.site = site = cache.load_remembering(config, self.settings, self.docs_dir, self.part)
        site.log = site_log.places(config, self.settings, site, self.part)
        if options.scope(self.settings):
            site_files.keep_only_home(files)
        site_files.keep_only_published(files, site)
        models = gp.build_pages(site)
        if files.get_file_from_path("index.md") is None:
            models.append(gp.home_page(site, config.site_name))
        site_files.add_pages(files, config, models, self.settings.fast_pages)
        self.pages = {m.src_uri: m for m in models}
        self.pages.setdefault("index.md", gp.home_page(site, config.site_name))
        self.indexed = []
        data = cache.data_files(config, self.settings, self.docs_dir, site, self.part, self.kept)
        site_files.add_data_and_assets(files, config, *data, self.settings.traditional_variant)
        if config.nav is None:
            config.nav = site_files.small_nav(files)
        return files

    def on_nav(self, nav: Any, *, config: Any, files: Files) -> Any:
        self.nav, self.files = nav, files
        same_build.note_engine_files(self.kept, files)
        return nav

    def on_page_markdown(self, markdown: str, *, page: Any, config: Any, files: Any) -> str:
        site_files.set_meta(page, self.pages.get(page.file.src_uri))
        return markdown

    def on_page_content(self, html_text: str, *, page: Any, config: Any, files: Any) -> str:
        if page.file.src_uri in self.pages:
            return sanitize_committee(html_text)
        site_files.plain_own_title(page)
        return sanitize(html_text)

    def on_post_page(self, output: str, *, page: Any, config: Any) -> str:
        # gongyue's pages, as the pages made outside MkDocs are written (themed.py).
        return compact(output) if page.file.src_uri in self.pages else output

    def on_page_context(self, context: Any, *, page: Any, config: Any, nav: Any) -> Any:
        model = self.pages.get(page.file.src_uri)
        if model is not None:
            context["gy"] = model
            if model.indexed:
                self.indexed.append(page.file.dest_uri)
        return context

    def on_env(self, env: Any, *, config: Any, files: Any) -> Any:
        # MkDocs renders without autoescaping; ours escape everything they print.
        env.autoescape = owns_template
        env.globals.update(helpers())
        env.filters.update(filters())
        env.globals["gy_companions"] = self._companions()  # which companion pages to link to
        env.globals["gy_host"] = host_of(config.repo_url, config.edit_uri)
        if self.site is None:
            return env  # nothing changed: nothing to make
        # As early as the frames can be rendered: the more of MkDocs' work the pages
        # made outside it overlap, the better. A preview (serve) makes them after, here.
        maker = FrameMaker(config, env, self.nav, self.files)
        pages = list(self.pages.values())
        try:
            self.writer, indexed, self.cache = making.start_making(
                config,
                self.settings,
                maker,
                pages,
                self._companions(),
                not self.serving,
                self.docs_dir,
                self.kept,
            )
        except FrameError as error:
            raise PluginError(str(error)) from None
        self.indexed += indexed
        self.units = unit_pages(config, self, self.cache, maker, self.pages)
        self.indexed += self.units.indexed(self.pages) if self.units else []
        return env

    def on_build_error(self, *, error: Exception) -> None:
        making.abandon_making(self.writer, self.kept)
        self.writer = None

    def on_post_build(self, *, config: Any) -> None:
        writer, self.writer = self.writer, None
        subtree = self.part.shard or options.scope(self.settings)
        owned = cache.owned_units(self.site, subtree) if self.site else None
        try:
            making.finish_making(writer, self.cache, owned)
        except RuntimeError as error:
            raise PluginError(str(error)) from None
        if self.site is None:  # nothing changed (on_files): the last site, whole
            return same_build.put_back(self.kept)
        if self.units is not None:
            self.units.finish(config, self.site, owned)
        write_redirects(self.site, Path(config.site_dir))
        if options.scope(self.settings):
            return making.release_record()  # a preview: no sitemap or search index of its own
        if not self.part.shard:  # the top job publishes the log for the whole site
            site_log.publish(config, self.settings, Path(config.site_dir))
        made = making.not_written_by_mkdocs(config, self.pages, self.settings, self.units)
        try:
            making.finish_site(
                config, self.settings, self.site, self.part, made, self.indexed, self.cache
            )
        except (SummaryError, OutputError) as error:
            raise PluginError(str(error)) from None

    def _companions(self) -> Companions:
        return options.companions_of(self.settings, self.serving)
