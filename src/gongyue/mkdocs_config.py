"""The site's configuration as MkDocs reads it, for the command-line tool (an adapter).

`gongyue check`, `adopt` and `export` must judge by the same rules and link to
the same address as the build, so they read mkdocs.yml with the engine's own
loader: ``!ENV`` values, ``INHERIT``, defaults and the plugin's validated
options all come out as the build sees them. This and ``plugin.py`` are the
only modules that import MkDocs.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from mkdocs.config import load_config
from mkdocs.exceptions import MkDocsException
from mkdocs.utils.yaml import yaml_load

from .project import EngineConfig, ProjectError

PLUGIN = "gongyue"


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
    plugin = config.plugins.get(PLUGIN)
    with open(config_file, "rb") as stream:  # read already, so it parses: INHERIT and !ENV
        raw: dict[str, Any] = yaml_load(stream) or {}
    return EngineConfig(
        docs_dir=Path(config.docs_dir),
        site_name=str(config.site_name or ""),
        site_url=str(config.site_url or ""),
        options=dict(plugin.config) if plugin is not None else {},
        raw=dict(raw),
    )
