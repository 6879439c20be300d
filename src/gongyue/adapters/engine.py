"""MkDocs run as a program of its own: a shard, a top job, a preview.

The one place that writes ``python -m mkdocs`` and that hands a build its part
through the environment (``GONGYUE_SHARD``, ``GONGYUE_SHARD_KEY``, ``GONGYUE_TOP``,
``GONGYUE_ONLY``); the plugin reads them back in ``sharding.py`` and
``options.py``. The core below decides what to build (``publish/sharded.py``)
and never starts the engine itself.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

from gongyue.adapters.options import ONLY_ENV
from gongyue.adapters.sharding import KEY_ENV, SHARD_ENV, TOP_ENV
from gongyue.procedure.workflow import WorkflowError
from gongyue.publish import sharded
from gongyue.publish.sharded import CONFIG_NAME, ShardError
from gongyue.record.loader import is_unit_folder
from gongyue.record.project import Project
from gongyue.record.status import EPOCH_VARIABLE, configured_build_date

HANDOFF = (SHARD_ENV, KEY_ENV, TOP_ENV, ONLY_ENV)  # never inherited from the caller's own run


def mkdocs(verb: str, config_file: Path, *args: str) -> list[str]:
    """The command line of this Python's MkDocs, with the site's configuration."""
    return [sys.executable, "-m", "mkdocs", verb, "-f", str(config_file), *args]


def environment(part: dict[str, str]) -> dict[str, str]:
    """This process's environment, without any earlier hand-off, with ``part`` added."""
    env = {k: v for k, v in os.environ.items() if k not in HANDOFF}
    return {**env, **part, "NO_MKDOCS_2_WARNING": "1"}


def build_day(project: Project) -> dt.date:
    """The day this build judges statuses on: ``build_date``, SOURCE_DATE_EPOCH or today."""
    return configured_build_date(project.settings.build_date, os.environ.get(EPOCH_VARIABLE))


def key_of(project: Project, shard: str) -> str:
    """The input key of ``shard`` built now, with this process's environment."""
    return sharded.key_of(project, shard, build_day(project), environment({}))


def build_shard(project: Project, shard: str, out: Path) -> bool:
    """Build ``shard`` into ``out``; False when the output there has the same key and is kept."""
    today, env = build_day(project), environment({})
    key = sharded.shard_to_build(project, shard, out, today, env)
    if key is None:
        return False
    _build(project, out, {SHARD_ENV: shard, KEY_ENV: key})
    return True


def build_top(project: Project, shard_outputs: list[Path], out: Path) -> int:
    """Build the top job into ``out`` from the shard outputs in (or under) ``shard_outputs``;
    how many shards it used."""
    outputs = sharded.top_to_build(project, shard_outputs, out)
    _build(project, out, {TOP_ENV: os.pathsep.join(str(f.resolve()) for f in outputs)})
    return len(outputs)


def _build(project: Project, out: Path, part: dict[str, str]) -> None:
    command = mkdocs("build", project.site_dir / CONFIG_NAME, "-d", str(out.resolve()))
    result = subprocess.run(
        command,
        cwd=project.site_dir,
        env=environment(part),
        capture_output=True,
        text=True,
        check=False,
    )
    sys.stderr.write(result.stderr)
    if result.returncode != 0:
        raise ShardError(f"MkDocs 没有建成（退出码 {result.returncode}），原因见上面的输出。")


def serve_command(
    project: Project, unit_dir: Path | None, port: int
) -> tuple[list[str], dict[str, str]]:
    """The ``mkdocs serve`` call (and its environment) for a preview, of one unit if given."""
    part: dict[str, str] = {}
    if unit_dir is not None:
        folder, docs = unit_dir.resolve(), project.docs_dir.resolve()
        if folder == docs or not folder.is_relative_to(docs) or not is_unit_folder(folder):
            raise WorkflowError(
                f"{unit_dir} 不是一个社区或院落的文件夹。",
                "写单位文件夹的路径，例如 docs/chenghua/xinhong/yuan-3。",
            )
        part[ONLY_ENV] = folder.relative_to(docs).as_posix()
    address = f"127.0.0.1:{port}"
    command = mkdocs("serve", project.site_dir / CONFIG_NAME, "--dev-addr", address)
    return command, environment(part)
