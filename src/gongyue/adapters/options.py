"""The plugin's settings as MkDocs carries them, the checked load they drive, and mkdocs.yml
as MkDocs reads it (for the command-line tool too)."""

from __future__ import annotations

import datetime as dt
import logging
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from mkdocs.config import config_options as opt
from mkdocs.config import load_config
from mkdocs.exceptions import MkDocsException, PluginError
from mkdocs.utils.yaml import yaml_load

from gongyue.adapters.git import run_git
from gongyue.adapters.sharding import Part, add_shards
from gongyue.procedure.checks import Judge, check_tree
from gongyue.procedure.rules import DEFAULT_RULES, rules_from_settings
from gongyue.publish.companions import Companions
from gongyue.publish.manifests import OutputError
from gongyue.publish.templating import templates_dir
from gongyue.record import project
from gongyue.record.loader import READ, Readers
from gongyue.record.model import Site
from gongyue.record.project import EngineConfig, Project, ProjectError
from gongyue.record.settings import SETTINGS, Settings, SettingsError, read_settings
from gongyue.record.status import EPOCH_VARIABLE, configured_build_date
from gongyue.record.summary import SummaryError

log = logging.getLogger("mkdocs.plugins.gongyue")

PLUGIN_NAME = "gongyue"
ONLY_ENV = "GONGYUE_ONLY"  # set by `gongyue serve --only`


class _Carried(opt.BaseConfigOption[Any]):
    """A gongyue setting as MkDocs holds it: carried through as written, checked by the
    core's ``Settings`` model (``record/settings.py``), which says in Chinese what is wrong."""

    def run_validation(self, value: object) -> Any:
        return value


# The plugin's MkDocs config: one carried value per setting the model lists.
CONFIG_SCHEME = tuple((name, _Carried()) for name in SETTINGS)


def settings_of(config: Mapping[str, Any]) -> Settings:
    """The model of the plugin's settings; a value that does not fit stops the build in Chinese."""
    try:
        return read_settings(dict(config))
    except SettingsError as error:
        raise PluginError(f"mkdocs.yml: 错误：gongyue 的设置有误：{error}。") from None


def load_project(start: Path) -> Project:
    """The site at ``start`` or above it, its mkdocs.yml read as the build reads it."""
    return project.load_project(start, read_config, run_git)


def scope(settings: Settings) -> str:
    return os.environ.get(ONLY_ENV) or settings.only


def date_of(settings: Settings) -> dt.date:
    """The date statuses are computed for: ``build_date``, SOURCE_DATE_EPOCH or today."""
    return configured_build_date(settings.build_date, os.environ.get(EPOCH_VARIABLE))


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def read_config(config_file: Path) -> EngineConfig:
    """What the build would see of ``config_file``: ``!ENV``, ``INHERIT``, defaults and the
    plugin's values; ProjectError (Chinese) when MkDocs cannot read it. ``load_project``
    reads with it, for the command-line tool."""
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
        theme_dir=Path(config.theme.custom_dir) if config.theme.custom_dir else None,
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


def load_checked(
    config: Any,
    settings: Settings,
    docs_dir: Path,
    part: Part,
    readers: Readers = READ,
    judge: Judge | None = None,
) -> Site:
    """Load and check the sources in ``docs_dir`` (absolute, symlinks kept: the lock's keys
    are paths relative to the site folder); what ``gongyue check`` calls an error stops
    the build. A shard loads its subtree; the top job all but the shards', then grafts
    their records in. ``readers`` read each version and ``judge`` checks its file (the
    page cache's remember)."""
    # `mkdocs build -f mkdocs.yml` gives a relative config path.
    config_file = config.config_file_path
    site_dir = Path(config_file).absolute().parent if config_file else docs_dir.parent
    try:
        rules = rules_from_settings(settings)
    except ValueError as error:
        raise PluginError(f"mkdocs.yml: 错误：gongyue 的设置有误：{error}。") from None
    only = part.shard or scope(settings)
    site, report = check_tree(
        site_dir,
        docs_dir,
        rules,
        date_of(settings),
        only,
        settings.extra_files,
        part.skipped,
        git=run_git,
        readers=readers,
        judge=judge,
    )
    site.preview = bool(only) and not part.shard
    site.search_areas = settings.search_areas
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


def companions_of(settings: Settings, serving: bool) -> Companions:
    """Which companion pages a build writes (no PDFs in a preview)."""
    pdf = settings.pdf and settings.posters and not serving
    try:
        rules = rules_from_settings(settings)
    except ValueError:  # said by the check, with the setting's line
        rules = DEFAULT_RULES
    return Companions(
        settings.posters,
        settings.traditional,
        pdf,
        settings.traditional_variant,
        papers=settings.papers,
        rules=rules,
    )
