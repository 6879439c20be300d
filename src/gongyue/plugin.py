"""The MkDocs adapter: the only module that imports MkDocs.

It asks the core for the site and its pages, hands them to MkDocs as
generated files, points MkDocs at the package's templates and turns core
errors into build errors that name the file. Everything else is in the core.
It also lends the command-line tool MkDocs' own reading of mkdocs.yml
(``read_config``), so that `gongyue check` and `export` see what the build sees.
"""

from __future__ import annotations

import datetime as dt
import html
import logging
import os
from dataclasses import replace
from pathlib import Path
from typing import Any

from mkdocs.commands.build import get_context
from mkdocs.config import config_options as opt
from mkdocs.config import load_config
from mkdocs.config.base import Config
from mkdocs.exceptions import MkDocsException, PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page as EnginePage
from mkdocs.utils.yaml import yaml_load

from . import helper, themed
from . import pages as gp
from .checks import check_tree
from .chrome import TITLE, FrameError, Probe, frame_from_probes
from .companions import VARIANTS, Kinds, Writer, pdf_jobs
from .model import Site
from .opendata import data_files
from .pdf import unavailable as pdf_unavailable
from .project import EngineConfig, ProjectError
from .redirects import PAGE, moved_charters, redirect_pages
from .render import plain_title, sanitize, sanitize_committee
from .rules import rules_from_options
from .search import build_search_index
from .status import build_date
from .templating import ASSET_NAMES, ASSETS_DIR, filters, helpers, template_for, templates_dir
from .writing import write_atomic

CSS_URI = "assets/gongyue/gongyue.css"
JS_URI = "assets/gongyue/gongyue.js"
ONLY_ENV = "GONGYUE_ONLY"  # set by `gongyue serve --only`
PLUGIN_NAME = "gongyue"
log = logging.getLogger("mkdocs.plugins.gongyue")


class GongyueConfig(Config):
    build_date = opt.Optional(opt.Type(str))
    """Date the statuses are computed for (YYYY-MM-DD). Default: SOURCE_DATE_EPOCH, else today."""
    rules = opt.Type(dict, default={})
    """Per meeting body: {quorum: '>1/2', majority: '>1/2'} (see rules.py for defaults and basis)."""
    min_consultation_days = opt.Type(int, default=7)
    """Shortest consultation window, in days, before a warning."""
    search = opt.Type(bool, default=True)
    """Build the Pagefind search index after the site (needs the pagefind package)."""
    posters = opt.Type(bool, default=True)
    """Write the notice-board sheet with a QR code at <version>/print/ for every adopted version."""
    traditional = opt.Type(bool, default=True)
    """Write every text page in Traditional characters at <page>/hant/."""
    traditional_variant = opt.Choice(VARIANTS, default="s2tw")
    """Which Traditional forms: s2tw (Taiwan, the default), s2hk (Hong Kong) or s2t (OpenCC's)."""
    pdf = opt.Type(bool, default=False)
    """Write a PDF of every version's notice-board sheet (needs WeasyPrint and Chinese fonts)."""
    only = opt.Type(str, default="")
    """Preview one unit's subtree (folder relative to docs_dir); `gongyue serve --only` sets it."""
    extra_files = opt.ListOfItems(opt.Type(str), default=[])
    """Files inside unit folders to publish as they are (patterns relative to docs_dir)."""
    companion_process = opt.Choice(helper.METHODS, default=helper.AUTO)
    """How the helper that writes posters and Traditional pages starts (see helper.py)."""
    fast_pages = opt.Type(bool, default=True)
    """Make each charter's pages in the theme's frame rendered once per depth (themed.py);
    false: MkDocs renders them one by one, as it renders the site's other pages."""


class GongyuePlugin(BasePlugin[GongyueConfig]):
    def __init__(self) -> None:
        self.site: Site | None = None
        self.pages: dict[str, gp.Page] = {}
        self.indexed: list[str] = []  # output files of the pages search should find
        self.indexed_made: list[str] = []  # made outside the engine (themed pages, twins)
        self.nav: Any = None
        self.files: Files | None = None
        self.serving = False
        self.writer: Writer | None = None

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.serving = command == "serve"

    def on_config(self, config: Any) -> Any:
        if self.config.pdf and self.serving:
            log.info("预览时不生成 PDF（每个约需 0.3 秒）；mkdocs build 时会生成。")
        config.theme.dirs.insert(1 if config.theme.custom_dir else 0, str(templates_dir()))
        if config.theme.get("language", "en") == "en":
            config.theme["language"] = "zh"
        # Material fetches Roboto from Google by default: no network at run time,
        # and system fonts carry Chinese better on old phones anyway.
        if config.theme.get("font") == {"text": "Roboto", "code": "Roboto Mono"}:
            config.theme["font"] = False
        toc = config.mdx_configs.get("toc")
        if toc and toc.get("permalink") and "permalink_title" not in toc:
            toc["permalink_title"] = "本节的链接"  # Python-Markdown's default is English
        if CSS_URI not in config.extra_css:
            config.extra_css.append(CSS_URI)
        if JS_URI not in [str(js) for js in config.extra_javascript]:
            config.extra_javascript.append(JS_URI)
        return config

    def on_files(self, files: Files, *, config: Any) -> Files:
        site = self._load(config)
        if site.scope:
            _keep_only_home(files)
        _keep_only_published(files, site)
        models = gp.build_pages(site)
        if files.get_file_from_path("index.md") is None:
            models.append(gp.home_page(site, config.site_name))
        for model in models:
            if not (self.config.fast_pages and model.kind in themed.THEMED_KINDS):
                files.append(_generated(config, model.src_uri, model.markdown))
        self.pages = {m.src_uri: m for m in models}
        self.indexed = []
        self.pages.setdefault("index.md", gp.home_page(site, config.site_name))
        if not config.site_url:
            log.info(
                "mkdocs.yml 没有设置 site_url，没有生成订阅（feed.xml），张贴版上也没有二维码。"
                "修改建议：在 mkdocs.yml 中写上网站的网址，例如 site_url: https://gongyue.example.cn/。"
            )
        for uri, text in data_files(site, config.site_name, config.site_url or "").items():
            files.append(File.generated(config, uri, content=text))
        for name in ASSET_NAMES:
            uri = f"assets/gongyue/{name}"
            files.append(File.generated(config, uri, abs_src_path=str(ASSETS_DIR / name)))
        if config.nav is None:
            config.nav = _small_nav(files)
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
        env.autoescape = lambda name: bool(name) and name.startswith("gongyue/")
        env.globals.update(helpers())
        env.filters.update(filters())
        env.globals["gy_kinds"] = self._kinds()  # which companion pages to link to
        # As early as the frames can be rendered: the more of MkDocs' work the pages
        # made outside it overlap, the better.
        self._start_companions(config, env)
        return env

    def on_build_error(self, *, error: Exception) -> None:
        if self.writer is not None:
            self.writer.stop()
            self.writer = None

    def on_post_build(self, *, config: Any) -> None:
        self._finish_companions()
        self._write_redirects(Path(config.site_dir))
        if self.config.fast_pages and config.site_url:
            made = [p.url for p in self.pages.values() if p.kind in themed.THEMED_KINDS]
            themed.add_to_sitemap(Path(config.site_dir), made, config.site_url)
        if self.config.search and not self._scope():
            indexed = self.indexed + self.indexed_made
            problem = build_search_index(Path(config.site_dir), indexed)
            if problem:
                log.warning(problem)

    def _start_companions(self, config: Any, env: Any) -> None:
        """Themed pages, Traditional twins and posters, made beside MkDocs' own work."""
        kinds = self._kinds()
        if kinds.pdf and _pdf_problem():
            kinds = replace(kinds, pdf=False)
        pages = list(self.pages.values())
        fast = self.config.fast_pages
        own, twins = themed.frame_depths(pages, kinds, fast)
        lang = themed.hant_lang(kinds.variant)
        try:
            frames: themed.Frames | None = themed.Frames(
                {d: self._frame(d, config, env) for d in own},
                {d: self._frame(d, config, env, lang) for d in twins},
            )
        except FrameError as error:
            if fast:
                raise PluginError(str(error)) from None
            log.info("繁体页使用简单版式：%s", error)
            frames = None
        twin_urls = frozenset(p.url for p in pages if p.has_traditional_twin)
        setup = themed.Setup(tuple(config.theme.dirs), config.site_url or "", kinds, twin_urls)
        jobs = themed.jobs(pages, frames, setup, config.site_name, fast)
        self.indexed_made = themed.indexed(pages, kinds, fast)
        # A build makes them in a second process while MkDocs renders, and this one
        # helps when MkDocs is done; a preview (serve) makes them all after, in this one.
        # PDFs come last (they read the CSS).
        pdfs = pdf_jobs(pages, kinds)
        method = self.config.companion_process
        self.writer = Writer(jobs, Path(config.site_dir), not self.serving, pdfs, method)

    def _frame(self, depth: int, config: Any, env: Any, lang: str = "") -> Any:
        """The theme's frame at ``depth``, as two probe pages rendered by MkDocs agree on it."""
        probes = (Probe("a", depth), Probe("b", depth))
        a, b = ((self._render_probe(p, config, env, bool(lang)), p) for p in probes)
        frame = frame_from_probes(a, b)
        return frame.with_lang(lang) if lang else frame

    def _render_probe(self, probe: Probe, config: Any, env: Any, hant: bool) -> str:
        file = _generated(config, probe.url + "index.md", "")
        page = EnginePage(None, file, config)
        page.read_source(config)
        files = self.files if self.files is not None else Files([])
        page.render(config, files)
        page.meta = {"template": themed.FRAME, "title": probe.marks[TITLE]}
        context: dict[str, Any] = dict(get_context(self.nav, files, config, page))
        context.update(gy_probe=probe.marks, gy_hant=hant)
        return str(env.get_template(themed.FRAME).render(context))

    def _finish_companions(self) -> None:
        writer, self.writer = self.writer, None
        if writer is None:
            return
        try:
            writer.wait()
        except RuntimeError as error:
            raise PluginError(f"张贴版和繁体页没有全部写出。{error}") from None

    def _write_redirects(self, site_dir: Path) -> None:
        """Old addresses of renamed charters, for every page written under the new ones."""
        if self.site is None:
            return
        moved = moved_charters(self.site)
        written = [
            page.relative_to(site_dir).as_posix()
            for _, new in moved
            for page in (site_dir / new).rglob(PAGE)
        ]
        for path, text in redirect_pages(self.site, written).items():
            write_atomic(site_dir / path, text, overwrite=True)

    def _kinds(self) -> Kinds:
        pdf = self.config.pdf and self.config.posters
        return Kinds(
            self.config.posters,
            self.config.traditional,
            pdf and not self.serving,
            self.config.traditional_variant,
        )

    def _load(self, config: Any) -> Site:
        """Load and check the sources; what ``gongyue check`` calls an error stops the build."""
        # Absolute (symlinks kept): `mkdocs build -f mkdocs.yml` gives a relative config path,
        # and the lock's keys are paths relative to the site folder.
        docs_dir = Path(config.docs_dir).absolute()
        site_dir = (
            Path(config.config_file_path).absolute().parent
            if config.config_file_path
            else docs_dir.parent
        )
        try:
            rules = rules_from_options(dict(self.config))
        except ValueError as error:
            raise PluginError(f"mkdocs.yml: 错误：gongyue 的设置有误：{error}。") from None
        extra = tuple(self.config.extra_files)
        site, report = check_tree(
            site_dir, docs_dir, rules, self._build_date(), self._scope(), extra
        )
        self.site = site
        if site.scope:  # a preview speaks only of what it shows
            report = report.within(f"{site.docs_dir}/{site.scope}/")
        for note in report.notes:
            log.info(note)
        for problem in report.warnings:
            log.warning(problem.format())
        if report.errors:
            lines = "\n".join(p.format() for p in report.errors)
            raise PluginError(
                f"公约内容有 {len(report.errors)} 个错误，网站没有生成（与“gongyue check”的结果相同）：\n{lines}"
            )
        return site

    def _scope(self) -> str:
        return os.environ.get(ONLY_ENV) or self.config.only

    def _build_date(self) -> dt.date:
        value = self.config.build_date
        if value:
            try:
                return dt.date.fromisoformat(value)
            except ValueError:
                raise PluginError(
                    f"mkdocs.yml: 错误：gongyue 的 build_date “{value}”不是有效日期。"
                    "修改建议：写成 YYYY-MM-DD，或删去这一项。"
                ) from None
        return build_date(dict(os.environ))


def _pdf_problem() -> str | None:
    problem = pdf_unavailable()
    if problem:
        log.warning(problem)
    return problem


def _generated(config: Any, src_uri: str, content: str) -> File:
    return File.generated(config, src_uri, content=content, inclusion=InclusionLevel.NOT_IN_NAV)


def _keep_only_published(files: Files, site: Site) -> None:
    """Nothing from a unit or charter folder reaches the site raw or the nav.

    The generated pages take the place of the sources; attachments (a unit's
    pictures, files named in ``extra_files``) are published as they are, off the nav.
    """
    for file in list(files):
        if file.generated_by or not file.src_uri:
            continue
        if not site.publishes_as_is(file.src_uri):
            files.remove(file)
        elif file.src_uri in site.attachments and file.is_documentation_page():
            file.inclusion = InclusionLevel.NOT_IN_NAV


def _keep_only_home(files: Files) -> None:
    """A preview renders the home page and the previewed subtree; other pages are left out."""
    for file in list(files.documentation_pages()):
        if file.src_uri != "index.md":
            files.remove(file)


def _small_nav(files: Files) -> list[Any]:
    """Home, directory, consultations and ordinary pages: never a unit or charter page.

    The operator's pages in a folder (the committees' guide) become one section of
    their own, apart from what residents look for."""
    nav: list[Any] = [{title: uri} for title, uri in gp.TOP_PAGES]
    own = {
        file.src_uri: file
        for file in files.documentation_pages()
        if file.inclusion != InclusionLevel.NOT_IN_NAV and file.src_uri != "index.md"
    }
    return nav + gp.own_pages_nav(
        list(own), lambda uri: gp.first_heading(own[uri].content_string) if uri in own else ""
    )


# mkdocs.yml as MkDocs reads it: `!ENV`, `INHERIT`, defaults and the plugin's validated
# options come out as the build sees them (the CLI installs this as its config reader).


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def read_config(config_file: Path) -> EngineConfig:
    """What the build would see of ``config_file``; ProjectError (Chinese) when it cannot."""
    collected = _Collect()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(collected)
    propagate, logger.propagate = logger.propagate, False  # the engine's words, said once, below
    try:
        config = load_config(str(config_file))
    except (MkDocsException, OSError, ValueError) as error:
        reasons = "；".join(collected.messages) or str(error)
        raise ProjectError(
            f"{config_file.name} 有误，MkDocs 读不了它：{reasons}。"
            "修改建议：按这句话改正 mkdocs.yml，改好后 mkdocs build 也能通过。"
        ) from None
    finally:
        logger.removeHandler(collected)
        logger.propagate = propagate
    plugin = config.plugins.get(PLUGIN_NAME)
    with open(config_file, "rb") as stream:  # read already, so it parses: INHERIT and !ENV
        raw: dict[str, Any] = yaml_load(stream) or {}
    return EngineConfig(
        docs_dir=Path(config.docs_dir),
        site_name=str(config.site_name or ""),
        site_url=str(config.site_url or ""),
        options=dict(plugin.config) if plugin is not None else {},
        raw=dict(raw),
    )
