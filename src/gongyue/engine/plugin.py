"""The MkDocs plugin: hands MkDocs the site gongyue makes, and makes the rest itself.

MkDocs renders the pages people wrote, the home, directory, search and unit
pages; gongyue makes each charter's pages, their Traditional twins and the
posters in the theme's frame (asked of MkDocs once per depth), on every core
while MkDocs works. Core errors become build errors that name the file.
"""

from __future__ import annotations

import html
import logging
from dataclasses import replace
from pathlib import Path
from typing import Any

from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import Files

from gongyue.engine import files as site_files
from gongyue.engine.frames import FrameMaker
from gongyue.engine.options import GongyueConfig, adjust_theme, kinds_of, load_checked, scope
from gongyue.engine.preview import docs_view
from gongyue.publish import pages as gp
from gongyue.publish import themed
from gongyue.publish.chrome import FrameError
from gongyue.publish.companions import Kinds, Writer, pdf_jobs
from gongyue.publish.host import host_of
from gongyue.publish.pdf import unavailable as pdf_unavailable
from gongyue.publish.redirects import write_redirects
from gongyue.publish.render import plain_title, sanitize, sanitize_committee
from gongyue.publish.search import build_search_index
from gongyue.publish.templating import filters, helpers, template_for
from gongyue.publish.themed import owns_template
from gongyue.record.model import Site

log = logging.getLogger("mkdocs.plugins.gongyue")


class GongyuePlugin(BasePlugin[GongyueConfig]):
    def __init__(self) -> None:
        self.site: Site | None = None
        self.pages: dict[str, gp.Page] = {}
        self.indexed: list[str] = []  # output files of the pages search should find
        self.nav: Any = None
        self.files: Files | None = None
        self.docs_dir = Path()  # the real docs folder (a preview hands MkDocs a view of it)
        self.serving = False
        self.writer: Writer | None = None

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.serving = command == "serve"

    def on_config(self, config: Any) -> Any:
        if self.config.pdf and self.serving:
            log.info("预览时不生成 PDF（每个约需 0.3 秒）；mkdocs build 时会生成。")
        adjust_theme(config)
        self.docs_dir = Path(config.docs_dir).absolute()
        only = scope(self.config)
        if only and (self.docs_dir / only).is_dir():
            # MkDocs walks only what the preview shows; its real folder is what is watched.
            config.docs_dir = str(docs_view(self.docs_dir, only))
            config.watch.append(str(self.docs_dir / only))
        return config

    def on_files(self, files: Files, *, config: Any) -> Files:
        self.site = site = load_checked(config, self.config, self.docs_dir)
        if site.scope:
            site_files.keep_only_home(files)
        site_files.keep_only_published(files, site)
        models = gp.build_pages(site)
        if files.get_file_from_path("index.md") is None:
            models.append(gp.home_page(site, config.site_name))
        fast = self.config.fast_pages
        for model in models:
            if not (fast and model.kind in themed.THEMED_KINDS):
                files.append(site_files.generated(config, model.src_uri, model.markdown))
        self.pages = {m.src_uri: m for m in models}
        self.pages.setdefault("index.md", gp.home_page(site, config.site_name))
        self.indexed = []
        site_files.add_data_and_assets(files, config, site)
        if config.nav is None:
            config.nav = site_files.small_nav(files)
        return files

    def on_nav(self, nav: Any, *, config: Any, files: Files) -> Any:
        self.nav, self.files = nav, files
        return nav

    def on_page_markdown(self, markdown: str, *, page: Any, config: Any, files: Any) -> str:
        model = self.pages.get(page.file.src_uri)
        if model is not None:
            # Front matter a committee wrote never reaches the theme unfiltered. The home
            # page's title is the site's name, which the theme already prints once.
            page.meta = {"template": template_for(model.kind)}
            if model.kind != gp.HOME:
                page.meta["title"] = model.safe_title
        elif "title" in page.meta:
            page.meta["title"] = plain_title(str(page.meta["title"]))
        return markdown

    def on_page_content(self, html_text: str, *, page: Any, config: Any, files: Any) -> str:
        if page.file.src_uri in self.pages:
            return sanitize_committee(html_text)
        if page.title is not None and "title" not in page.meta:
            # A title taken from the page's first heading reaches <title> and the nav
            # unescaped (Material prints it through |striptags, which decodes entities).
            page.meta["title"] = plain_title(html.unescape(str(page.title)))
        return sanitize(html_text)

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
        env.globals["gy_kinds"] = self._kinds()  # which companion pages to link to
        env.globals["gy_host"] = host_of(config.repo_url, config.edit_uri)
        # As early as the frames can be rendered: the more of MkDocs' work the pages
        # made outside it overlap, the better.
        self._start_pages(config, env)
        return env

    def on_build_error(self, *, error: Exception) -> None:
        if self.writer is not None:
            self.writer.stop()
            self.writer = None

    def on_post_build(self, *, config: Any) -> None:
        self._finish_pages()
        site_dir = Path(config.site_dir)
        if self.site is not None:
            write_redirects(self.site, site_dir)
        if self.config.fast_pages and config.site_url:
            made = [p.url for p in self.pages.values() if p.kind in themed.THEMED_KINDS]
            themed.add_to_sitemap(site_dir, made, config.site_url)
        if self.config.search and not scope(self.config):
            problem = build_search_index(site_dir, self.indexed)
            if problem:
                log.warning(problem)

    def _start_pages(self, config: Any, env: Any) -> None:
        """Charter pages, Traditional twins and posters: made beside MkDocs' own work."""
        kinds, pages, fast = self._kinds(), list(self.pages.values()), self.config.fast_pages
        if kinds.pdf and pdf_unavailable():
            log.warning(pdf_unavailable())
            kinds = replace(kinds, pdf=False)
        try:
            frames: themed.Frames | None = FrameMaker(config, env, self.nav, self.files).frames(
                pages, kinds, fast
            )
        except FrameError as error:
            if fast:
                raise PluginError(str(error)) from None
            log.info("繁体页使用简单版式：%s", error)
            frames = None
        twins = frozenset(p.url for p in pages if p.has_traditional_twin)
        host = host_of(config.repo_url, config.edit_uri)
        setup = themed.Setup(tuple(config.theme.dirs), config.site_url or "", kinds, twins, host)
        jobs = themed.jobs(pages, frames, setup, config.site_name, fast and frames is not None)
        self.indexed += themed.indexed(pages, kinds, fast)
        # A build starts helpers that work while MkDocs renders, and this process joins
        # them when MkDocs is done; a preview (serve) makes everything after, here.
        site_dir = Path(config.site_dir)
        method = self.config.companion_process
        self.writer = Writer(jobs, site_dir, not self.serving, pdf_jobs(pages, kinds), method)

    def _finish_pages(self) -> None:
        writer, self.writer = self.writer, None
        if writer is None:
            return
        try:
            writer.wait()
        except RuntimeError as error:
            raise PluginError(f"张贴版和繁体页没有全部写出。{error}") from None

    def _kinds(self) -> Kinds:
        return kinds_of(self.config, self.serving)
