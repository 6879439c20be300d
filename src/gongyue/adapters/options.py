"""The plugin's settings, the checked load they drive, and mkdocs.yml as MkDocs reads it."""

from __future__ import annotations

import datetime as dt
import logging
import os
from pathlib import Path
from typing import Any

from mkdocs.config import config_options as opt
from mkdocs.config import load_config
from mkdocs.config.base import Config
from mkdocs.exceptions import MkDocsException, PluginError
from mkdocs.utils.yaml import yaml_load

from gongyue.adapters.sharding import Part, add_shards
from gongyue.procedure.checks import check_tree
from gongyue.procedure.rules import rules_from_options
from gongyue.publish import companion_process
from gongyue.publish.companions import VARIANTS, Companions
from gongyue.publish.province import OutputError
from gongyue.publish.templating import templates_dir
from gongyue.record.model import Site
from gongyue.record.project import EngineConfig, ProjectError
from gongyue.record.status import EPOCH_VARIABLE, BuildDateError, configured_build_date
from gongyue.record.summary import SummaryError

log = logging.getLogger("mkdocs.plugins.gongyue")

PLUGIN_NAME = "gongyue"
ONLY_ENV = "GONGYUE_ONLY"  # set by `gongyue serve --only`


class GongyueConfig(Config):
    build_date = opt.Optional(opt.Type(str))
    """Date the statuses are computed for (YYYY-MM-DD). Default: SOURCE_DATE_EPOCH, else today."""
    rules = opt.Type(dict, default={})
    """Per meeting body: {quorum: '>1/2', majority: '>1/2'} (see rules.py for defaults and basis)."""
    min_consultation_days = opt.Type(int, default=7)
    """Shortest consultation window, in days, before a warning."""
    search = opt.Type(bool, default=True)
    """Build the Pagefind search index after the site (needs the pagefind package)."""
    search_areas = opt.Type(bool, default=False)
    """One search index per top-level unit (a province's cities): a first search downloads
    one city's index, not the province's; the search page's 范围 picks it (全部 merges)."""
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
    companion_process = opt.Choice(companion_process.METHODS, default=companion_process.AUTO)
    """How the helper that writes posters and Traditional pages starts (see publish/companion_process.py)."""
    fast_pages = opt.Type(bool, default=True)
    """Make each charter's pages in the theme's frame rendered once per depth (themed.py);
    false: MkDocs renders them one by one, as it renders the site's other pages."""


def scope(options: GongyueConfig) -> str:
    return os.environ.get(ONLY_ENV) or options.only


def date_of(options: GongyueConfig) -> dt.date:
    """The date statuses are computed for; a malformed setting stops the build in Chinese."""
    try:
        return configured_build_date(options.build_date, os.environ.get(EPOCH_VARIABLE))
    except BuildDateError as error:
        raise PluginError(f"错误：{error}") from None


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def read_config(config_file: Path) -> EngineConfig:
    """What the build would see of ``config_file``: ``!ENV``, ``INHERIT``, defaults and the
    plugin's validated options; ProjectError (Chinese) when MkDocs cannot read it. The
    command-line tool installs this as its config reader."""
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
    return _engine_config(config, config_file)


def _engine_config(config: Any, config_file: Path) -> EngineConfig:
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


CSS_URI = "assets/gongyue/gongyue.css"
JS_URI = "assets/gongyue/gongyue.js"


def adjust_theme(config: Any) -> None:
    """The package's templates, stylesheet and script, and Chinese where MkDocs says English."""
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


def load_checked(config: Any, options: GongyueConfig, docs_dir: Path, part: Part) -> Site:
    """Load and check the sources in ``docs_dir`` (absolute, symlinks kept: the lock's keys
    are paths relative to the site folder); what ``gongyue check`` calls an error stops
    the build. A shard loads its subtree; the top job all but the shards', then grafts
    their records in."""
    # `mkdocs build -f mkdocs.yml` gives a relative config path.
    config_file = config.config_file_path
    site_dir = Path(config_file).absolute().parent if config_file else docs_dir.parent
    try:
        rules = rules_from_options(dict(options))
    except ValueError as error:
        raise PluginError(f"mkdocs.yml: 错误：gongyue 的设置有误：{error}。") from None
    extra = tuple(options.extra_files)
    only = part.shard or scope(options)
    site, report = check_tree(
        site_dir, docs_dir, rules, date_of(options), only, extra, part.skipped
    )
    site.preview = bool(only) and not part.shard
    site.search_areas = options.search_areas
    if site.scope:  # a preview or a shard speaks only of what it shows
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
    if part.is_top:
        try:
            add_shards(site, part)
        except (SummaryError, OutputError) as error:
            raise PluginError(str(error)) from None
    return site


def companions_of(options: GongyueConfig, serving: bool) -> Companions:
    """Which companion pages a build writes (no PDFs in a preview)."""
    pdf = options.pdf and options.posters and not serving
    return Companions(options.posters, options.traditional, pdf, options.traditional_variant)
