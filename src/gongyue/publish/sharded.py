"""``gongyue shards``, ``gongyue build`` and ``gongyue merge``: the jobs of a sharded build.

Each job runs the site engine as its own program (``python -m mkdocs build``)
with an environment variable that names its part (see ``adapters/sharding``);
nothing here imports the engine. A shard job whose inputs did not change since
the output found in its folder (restored by the CI system's cache) is skipped.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Mapping
from pathlib import Path

from gongyue.publish import manifests, shard_key
from gongyue.publish.log import (
    CHECKPOINT,
    FOLDER,
    PublishedLogError,
    folder_reader,
    log_folder,
    read_entries,
)
from gongyue.publish.merge import merge
from gongyue.publish.page_cache import PageCache, open_cache
from gongyue.publish.search import Area, Indexer, index_site
from gongyue.record.loader import is_unit_folder
from gongyue.record.project import Project
from gongyue.record.tlog.places import places_of

CONFIG_NAME = "mkdocs.yml"


class ShardError(Exception):
    """A job that cannot run or did not succeed (one Chinese message)."""


def plan(project: Project, depth: int = 1) -> list[str]:
    """The shards: every unit folder ``depth`` units down from the top (docs-relative), in
    the order a walk finds them. Units above that depth are built by the top job."""
    found: list[str] = []
    _units_at(project.docs_dir, project.docs_dir, depth, found)
    return found


def _units_at(docs: Path, folder: Path, depth: int, found: list[str]) -> None:
    for sub in sorted(p for p in folder.iterdir() if p.is_dir() and not p.name.startswith(".")):
        if not is_unit_folder(sub):
            if folder == docs or not is_unit_folder(folder):
                _units_at(docs, sub, depth, found)  # an ordinary folder that may hold units
        elif depth <= 1:
            found.append(sub.relative_to(docs).as_posix())
        else:
            _units_at(docs, sub, depth - 1, found)


def shard_of(project: Project, unit_dir: str) -> str:
    """``unit_dir`` (docs-relative, or a path to the folder) as a shard name; ShardError
    when it is not a unit folder."""
    docs = project.docs_dir.resolve()
    candidates = [Path(unit_dir).resolve(), docs / unit_dir.strip("/")]
    folder = next(
        (c for c in candidates if c.is_relative_to(docs) and c != docs and c.is_dir()), None
    )
    if folder is None or not is_unit_folder(folder):
        raise ShardError(
            f"{unit_dir}：不是一个单位文件夹（要有写了 unit: 的 index.md），不能作为分片。"
            "修改建议：运行“gongyue shards”看看可用的分片，或写单位文件夹的路径，例如 docs/chenghua。"
        )
    return folder.relative_to(docs).as_posix()


def key_of(project: Project, shard: str, today: dt.date, environment: Mapping[str, str]) -> str:
    """The shard's input key, for a build on ``today`` that sees ``environment`` (its
    ``!ENV`` values are inputs)."""
    config_file = project.site_dir / CONFIG_NAME
    parts = [
        ("status-days", shard_key.status_days(project.docs_dir, shard, today).encode()),
        *shard_key.tool_parts(),
        *shard_key.config_parts(config_file, _theme_files(project), environment),
        *shard_key.source_parts(project.site_dir, project.docs_dir, shard),
        *log_parts(project, shard, environment),
    ]
    return shard_key.shard_key(parts)


def log_parts(
    project: Project, shard: str, environment: Mapping[str, str]
) -> list[tuple[str, bytes]]:
    """The places the shard's versions have in the log the build is handed: its pages
    and sheets print them, so a log started afresh must not reuse a shard built with
    another. (The build itself checks the log's signature; a key only needs its bytes.)"""
    name = log_folder(project.settings.log, environment)
    if not name:
        return []
    folder = project.site_dir / name
    try:
        entries = read_entries(folder_reader(folder), _logged_size(folder))
    except (PublishedLogError, OSError, ValueError, IndexError):
        return [("log", b"unreadable")]  # the build says what is wrong
    places = places_of("", entries).places
    prefix = f"{shard.strip('/')}/"
    return [
        (f"log:{folder_name}/{version}", f"{place.position} {place.pin}".encode())
        for (folder_name, version), place in sorted(places.items())
        if folder_name.startswith(prefix)
    ]


def _logged_size(folder: Path) -> int:
    text = (folder / FOLDER / CHECKPOINT).read_text(encoding="utf-8")
    return int(text.split("\n")[1])


def _theme_files(project: Project) -> list[Path]:
    """The operator's theme overrides: every page's frame comes from them."""
    if project.theme_dir is None:
        return []
    return sorted(p for p in project.theme_dir.rglob("*") if p.is_file())


def shard_to_build(
    project: Project, shard: str, out: Path, today: dt.date, environment: Mapping[str, str]
) -> str | None:
    """The key to build ``shard`` into ``out`` with, or None when the output already there
    has that key (the inputs did not change) and is kept. The engine runs elsewhere
    (``adapters/engine.py``)."""
    key = key_of(project, shard, today, environment)
    _refuse_foreign_folder(project, out, manifests.SHARD_MANIFEST)
    try:
        if manifests.read_shard_manifest(out, record=False).key == key:
            return None
    except manifests.OutputError:
        pass  # nothing reusable there: build
    return key


def top_to_build(project: Project, shard_outputs: list[Path], out: Path) -> list[Path]:
    """The shard outputs in (or under) ``shard_outputs`` that a top job built into ``out``
    will graft, checked: each shard once, still a unit of the site."""
    found = find_outputs(shard_outputs)
    if not found:
        raise ShardError(
            "没有找到分片的输出（gongyue-shard.json）。修改建议：先运行 gongyue build --shard。"
        )
    try:
        names = [manifests.read_shard_manifest(f, record=False).shard for f in found]
    except manifests.OutputError as error:
        raise ShardError(str(error)) from None
    _check_shards(project, names)
    _refuse_foreign_folder(project, out, manifests.TOP_MANIFEST)
    return found


def _refuse_foreign_folder(project: Project, out: Path, manifest: str) -> None:
    """An output folder is new, empty or an earlier output of the same kind: the engine
    empties it, and nothing a person put there (``CNAME``, the docs) may be lost."""
    target = out.resolve()
    site = project.site_dir.resolve()
    if (
        target == site
        or target in site.parents
        or project.docs_dir.resolve() in [target, *target.parents]
    ):
        raise ShardError(
            f"{out}：这是网站文件夹（或 docs 文件夹，或包含它们的文件夹），构建会清空它。"
            "修改建议：用 -d 指定一个新的文件夹，例如 -d 输出/分片名。"
        )
    if out.exists() and not out.is_dir():
        raise ShardError(f"{out}：不是文件夹。修改建议：用 -d 指定一个新的文件夹。")
    if (
        out.is_dir()
        and not (out / manifest).is_file()
        and any(not entry.name.startswith(".") for entry in out.iterdir())
    ):
        raise ShardError(
            f"{out}：文件夹里已有别的文件，又不是以前构建的输出（没有 {manifest}）。"
            "修改建议：用 -d 指定一个新的或空的文件夹；gongyue 不会删除不是它生成的文件。"
        )


def _check_shards(project: Project, names: list[str]) -> None:
    """Each shard once, none inside another, each still a unit folder of the site."""
    for name in sorted(names):
        inside = [other for other in names if other != name and name.startswith(other + "/")]
        if names.count(name) > 1 or inside:
            raise ShardError(
                f"分片“{name}”出现了两次，或在分片“{'、'.join(inside)}”里面。"
                "修改建议：每个单位只能在一个分片里；用同一次“gongyue shards”的结果构建。"
            )
        if not is_unit_folder(project.docs_dir / name):
            raise ShardError(
                f"分片“{name}”的单位文件夹已不在 {project.docs_dir.name}/ 里（改名或删除了？）。"
                "修改建议：重新运行“gongyue shards”，按它列出的分片重新构建。"
            )


MERGE_CACHE = "merge"  # in the cache folder: the search index packs of ``gongyue merge``


def merge_cache(folder: Path, out: Path, inputs: list[Path]) -> PageCache:
    """The cache ``gongyue merge`` keeps its search index in (GONGYUE_CACHE), keyed by the
    programs and every page the index holds (``PageCache.indexer``): a folder of its own in
    the cache, so that a build's packs kept in the same folder are never cleared by it.
    ShardError when the folder is, holds or lies in the merged site or one of ``inputs``."""
    folder = folder.resolve()
    for other in (out, *inputs):
        other = other.resolve()
        if folder == other or other in folder.parents or folder in other.parents:
            raise ShardError(
                f"缓存文件夹 {folder} 与 {other} 重叠。修改建议：把 GONGYUE_CACHE 写成一个单独的文件夹，例如 .gongyue-cache。"
            )
    family = shard_key.shard_key(shard_key.tool_parts())
    return open_cache(folder / MERGE_CACHE, family, family, out)


def merge_outputs(top: Path, shard_outputs: list[Path], out: Path, index: Indexer) -> int:
    """Merge into ``out`` and index it for search with ``index`` (when the site has search);
    the number of pages indexed."""
    try:
        merged = merge(top, find_outputs(shard_outputs), out)
    except manifests.OutputError as error:
        raise ShardError(str(error)) from None
    indexed: list[str] = merged["indexed"]
    areas = [Area(**area) for area in merged.get("areas") or []]
    left = [area for area in areas if area.bundle not in merged["indexed_areas"]]
    if merged.get("search", True) and (left or not areas):  # areas indexed by shards are done
        problem = index_site(out, indexed, left, index)
        if problem:
            raise ShardError(problem)
    return len(indexed)


def find_outputs(folders: list[Path]) -> list[Path]:
    """The shard outputs among ``folders`` or anywhere below them (a CI job downloads them
    all into one folder), each once, in path order; never read inside a shard output."""
    found: set[Path] = set()
    for folder in folders:
        for where, dirs, files in os.walk(folder):
            if manifests.SHARD_MANIFEST in files:
                found.add(Path(where))
                dirs.clear()  # its own pages: hundreds of thousands of files
    return sorted(found)


def for_node(shards: list[str], node: int, nodes: int) -> list[str]:
    """The shards job ``node`` of ``nodes`` builds (GitLab's ``parallel: N``), dealt in turn."""
    return shards[node - 1 :: nodes]


def plan_json(shards: list[str]) -> str:
    """The plan as a CI matrix reads it (GitHub's fromJSON, GitLab's parallel:matrix)."""
    return json.dumps(shards, ensure_ascii=False)
