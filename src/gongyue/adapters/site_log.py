"""The log in a build: read the folder ``gongyue log write`` wrote, place each version
shown in it, and publish it with the site.

The build never makes or signs the log and never fetches anything: CI fetched
the live site's log and ran ``gongyue log write`` before (``log`` and
``log_key`` in mkdocs.yml name its folder and the public key; CI may hand the folder
in GONGYUE_LOG instead). A build whose
sources the log does not hold as they are stops, in Chinese.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from mkdocs.exceptions import PluginError

from gongyue.adapters.sharding import Part
from gongyue.publish.log import (
    PublishedLogError,
    copy_log,
    folder_reader,
    log_folder,
    places_for_build,
    read_published,
)
from gongyue.record.model import Site
from gongyue.record.settings import Settings
from gongyue.record.tlog.entries import LogError
from gongyue.record.tlog.note import NoteError, Verifier
from gongyue.record.tlog.places import LogPlaces


def places(config: Any, settings: Settings, site: Site, part: Part) -> LogPlaces | None:
    """Where the versions of this build stand in the site's log; None without one."""
    folder = _folder(config, settings)
    if folder is None or site.preview:
        return None
    try:
        verifier = Verifier.parse(settings.log_key)
    except NoteError:
        raise PluginError(
            "mkdocs.yml: 错误：设置了 log 却没有写对 log_key（日志的验证密钥）。"
            "修改建议：写 gongyue log key 给出的验证密钥（名字+编号+密钥）。"
        ) from None
    try:
        published = read_published(folder_reader(folder), verifier)
        return places_for_build(published, site, whole=part.whole)
    except PublishedLogError as error:
        raise PluginError(
            f"{folder}: 错误：{error}修改建议：重新运行 gongyue log write。"
        ) from None
    except LogError as error:
        raise PluginError(f"{folder}: 错误：{error}") from None


def publish(config: Any, settings: Settings, site_dir: Path) -> None:
    folder = _folder(config, settings)
    if folder is not None:
        copy_log(folder, site_dir)


def _folder(config: Any, settings: Settings) -> Path | None:
    name = log_folder(settings.log, os.environ)
    if not name:
        return None
    config_file = config.config_file_path
    base = Path(config_file).absolute().parent if config_file else Path.cwd()
    return base / name
