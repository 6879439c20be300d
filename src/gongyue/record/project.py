"""Finding a site and reading its settings from mkdocs.yml.

The core does not import the engine, so how mkdocs.yml is read is handed in:
the command-line tool loads projects through the adapter
(``adapters/options.load_project``), which reads the file as the build does
(``!ENV``, ``INHERIT``). Without one (scripts, the core's own tests) a plain
YAML reading stands in. Either way the gongyue settings become one typed
``Settings`` (``record/settings.py``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from gongyue.record.history import RunGit, without_git
from gongyue.record.settings import Settings, SettingsError, read_settings

CONFIG_NAME = "mkdocs.yml"


class ProjectError(Exception):
    """A site that cannot be found or whose mkdocs.yml cannot be read (Chinese message)."""


class _TolerantLoader(yaml.SafeLoader):
    """Reads mkdocs.yml files that use MkDocs' or Material's own tags (!ENV, !!python/name)."""


def _any_tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Any:
    if isinstance(node, yaml.MappingNode):
        return loader.construct_mapping(node)
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node)
    return loader.construct_scalar(node)  # type: ignore[arg-type]


_TolerantLoader.add_multi_constructor("", _any_tag)


@dataclass(frozen=True)
class EngineConfig:
    """What a site engine makes of mkdocs.yml, as plain data."""

    docs_dir: Path
    site_name: str
    site_url: str
    options: dict[str, Any]  # the values written under the gongyue plugin, as the engine read them
    raw: dict[str, Any]  # the file's own keys (after INHERIT), for the export to carry over
    theme_dir: Path | None = None  # the operator's theme overrides (custom_dir), if any


ConfigReader = Callable[[Path], EngineConfig]


@dataclass(frozen=True)
class Project:
    site_dir: Path
    docs_dir: Path
    settings: Settings = field(default_factory=Settings)
    site_name: str = ""
    site_url: str = ""
    # All of mkdocs.yml, for ``gongyue export`` to carry over to another engine; gongyue's
    # own settings are read from ``settings``, never from here.
    config: dict[str, Any] = field(default_factory=dict, repr=False)
    theme_dir: Path | None = None  # the operator's theme overrides: every page's frame
    # git, run by the adapter that loaded the project (adapters/git.py); read without
    # one, there is no history to check and the check says so.
    git: RunGit = field(default=without_git, repr=False)


def find_site_dir(start: Path) -> Path:
    """``start`` or the nearest folder above it that holds mkdocs.yml."""
    start = start.resolve()
    for folder in [start, *start.parents]:
        if (folder / CONFIG_NAME).is_file():
            return folder
    raise ProjectError(
        f"在 {start} 及其上级文件夹中找不到 mkdocs.yml。请在网站文件夹中运行，或写明网站文件夹。"
    )


def read_plain(config_file: Path) -> EngineConfig:
    """mkdocs.yml as plain YAML: no INHERIT, ``!ENV`` read as its variable's name."""
    try:
        config = yaml.load(config_file.read_text(encoding="utf-8-sig"), _TolerantLoader)
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise ProjectError(
            f"{CONFIG_NAME} 无法读取（{type(exc).__name__}）。请检查它的格式。"
        ) from None
    config = config if isinstance(config, dict) else {}
    theme = config.get("theme")
    custom = theme.get("custom_dir") if isinstance(theme, dict) else None
    return EngineConfig(
        config_file.parent / str(config.get("docs_dir") or "docs"),
        str(config.get("site_name") or ""),
        str(config.get("site_url") or ""),
        plugin_options(config),
        config,
        config_file.parent / custom if isinstance(custom, str) else None,
    )


def load_project(
    start: Path, reader: ConfigReader = read_plain, git: RunGit | None = None
) -> Project:
    """The site at ``start`` or above it, its mkdocs.yml read by ``reader``; ``git`` runs
    the program for the history check."""
    site_dir = find_site_dir(start)
    config = reader(site_dir / CONFIG_NAME)
    try:
        settings = read_settings(config.options)
    except SettingsError as error:
        raise ProjectError(f"{CONFIG_NAME} 中 gongyue 的设置有误：{error}。") from None
    return Project(
        site_dir,
        config.docs_dir,
        settings,
        config.site_name,
        config.site_url,
        config.raw,
        config.theme_dir,
        **({"git": git} if git is not None else {}),
    )


def plugin_options(config: dict[str, Any]) -> dict[str, Any]:
    for entry in config.get("plugins") or []:
        if entry == "gongyue":
            return {}
        if isinstance(entry, dict) and "gongyue" in entry:
            return dict(entry["gongyue"] or {})
    if isinstance(config.get("plugins"), dict):
        return dict(config["plugins"].get("gongyue") or {})
    return {}
