"""A build with nothing changed keeps the last site whole (``publish/same_inputs.py``).

The engine's side of it: what the build reads besides its files (the family —
code, configuration, settings —, the build date, where the log is, the git
commit the history check reads from), whether the build said a warning (a
build that warned is not kept whole: the next one says it again), and, when
the inputs are the last build's and the output folder is as that build left
it, an engine that makes nothing while the last site is put back.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from mkdocs.exceptions import PluginError

from gongyue.adapters.git import run_git
from gongyue.adapters.options import date_of
from gongyue.publish import same_inputs
from gongyue.publish.kept_site import KeptSite
from gongyue.publish.log import log_folder
from gongyue.record.settings import Settings
from gongyue.record.status import EPOCH_VARIABLE

log = logging.getLogger("mkdocs.plugins.gongyue")
GIT_STATE = ["rev-parse", "--show-toplevel", "--is-shallow-repository", "HEAD"]


def inputs_of(
    config: Any, settings: Settings, docs_dir: Path, family: str
) -> Callable[[], str | None]:
    """What works out this build's inputs: the parts known now, the files when called
    (in a second process while the build starts, ``KeptSite.unchanged``)."""
    config_file = config.config_file_path
    root = Path(config_file).absolute().parent if config_file else docs_dir.parent
    log_name = log_folder(settings.log, os.environ)
    logs = [root / log_name] if log_name else []
    parts = [
        ("family", family.encode()),
        ("date", date_of(settings).isoformat().encode()),
        ("epoch", os.environ.get(EPOCH_VARIABLE, "-").encode()),
        ("strict", repr(bool(config.strict)).encode()),
        ("folders", repr((str(docs_dir), str(root), [str(p) for p in logs])).encode()),
        ("git", run_git(root, GIT_STATE) or b"-"),
    ]
    existing = [folder for folder in logs if folder.is_dir()]
    return partial(same_inputs.digest, parts, [docs_dir, *existing], [root])


class _Warnings(logging.Handler):
    """Counts what the engine's log says at WARNING or above during one build."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


_warnings = _Warnings()


def count_warnings() -> None:
    """From now (the build's start) on, count the warnings the build says."""
    _warnings.count = 0
    engine_log = logging.getLogger("mkdocs")
    if _warnings not in engine_log.handlers:
        engine_log.addHandler(_warnings)


def warned() -> bool:
    return _warnings.count > 0


def keep_whole_if_unchanged(kept: KeptSite | None, config: Any) -> bool:
    """True when this build's inputs are the last build's and its output folder is as that
    build left it: the engine is then given nothing to make (no page, and no menu to find
    pages for: a menu naming pages it does not have would warn) and the plugin gives
    the last site back once it is done (``KeptSite.keep_whole``)."""
    if kept is None or not kept.unchanged():
        return False
    config.nav = []
    log.info(
        "这次生成读到的文件、设置和 git 提交与上次完全相同，输出文件夹也与上次生成时一样：沿用上次的整个网站，不重新生成。"
    )
    return True


def note_engine_files(kept: KeptSite | None, files: Any) -> None:
    """What the engine copies besides pages (a picture in a charter's folder): part of
    the site a build may keep whole (``whole_site.rest_of``)."""
    if kept is not None:
        kept.engine_files = [file.dest_uri for file in files if not file.is_documentation_page()]


def put_back(kept: KeptSite | None) -> None:
    """``KeptSite.keep_whole``, its failure said in Chinese."""
    if kept is None:
        return
    try:
        kept.keep_whole()
    except OSError as error:
        raise PluginError(
            f"{kept.site_dir}: 错误：没能把上次的网站放回输出文件夹（{error.strerror or error}）。"
            "修改建议：再生成一次（会完整生成）；仍然出错时检查这个文件夹和缓存文件夹的权限和剩余空间。"
        ) from None
