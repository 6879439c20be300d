"""Finding a site and reading gongyue's options from its mkdocs.yml, without MkDocs."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

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
class Project:
    site_dir: Path
    docs_dir: Path
    options: dict[str, Any] = field(default_factory=dict)  # the gongyue plugin's options
    site_name: str = ""
    site_url: str = ""
    config: dict[str, Any] = field(default_factory=dict, repr=False)  # all of mkdocs.yml


def find_site_dir(start: Path) -> Path:
    """``start`` or the nearest folder above it that holds mkdocs.yml."""
    start = start.resolve()
    for folder in [start, *start.parents]:
        if (folder / CONFIG_NAME).is_file():
            return folder
    raise ProjectError(
        f"在 {start} 及其上级文件夹中找不到 mkdocs.yml。请在网站文件夹中运行，或写明网站文件夹。"
    )


def load_project(start: Path) -> Project:
    site_dir = find_site_dir(start)
    try:
        config = yaml.load(
            (site_dir / CONFIG_NAME).read_text(encoding="utf-8-sig"), _TolerantLoader
        )
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise ProjectError(
            f"{CONFIG_NAME} 无法读取（{type(exc).__name__}）。请检查它的格式。"
        ) from None
    config = config if isinstance(config, dict) else {}
    docs = site_dir / str(config.get("docs_dir") or "docs")
    return Project(
        site_dir,
        docs,
        plugin_options(config),
        str(config.get("site_name") or ""),
        str(config.get("site_url") or ""),
        config,
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
