"""The merge: the top job's output and every shard's subtree, side by side in one site.

The outputs are hard-linked where the disk allows (a province is tens of
gigabytes). Outputs that do not belong together (a shard missing, one extra,
one from another build), a file two outputs both have, or a symbolic link
stop the merge with one Chinese line; nothing is ever written over.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

from gongyue.publish.manifests import (
    TOP_MANIFEST,
    OutputError,
    read_shard_manifest,
    read_top_manifest,
)
from gongyue.publish.search import INDEX_FOLDER


def merge(top: Path, shards: list[Path], out: Path) -> dict[str, Any]:
    """Lay the top job's output and each shard's subtree side by side in ``out`` (new or
    empty); the top manifest (its ``indexed`` pages are what search should find).
    OutputError (Chinese) when the outputs do not belong together."""
    _refuse_inside_inputs(out, [top, *shards])
    plan = read_top_manifest(top)
    manifests = {m.shard: (m, m.folder) for m in (read_shard_manifest(f, False) for f in shards)}
    _check_together(plan["shards"], {name: m.key for name, (m, _) in manifests.items()})
    if out.exists() and any(out.iterdir()):
        raise OutputError(
            f"{out}：不是空文件夹。修改建议：合并到一个新的文件夹，已有的文件不会被覆盖。"
        )
    _link_tree(top, out, skip={TOP_MANIFEST})
    for manifest, folder in manifests.values():
        _link_tree(folder / manifest.prefix, out / manifest.prefix, skip=set())
        if manifest.index:  # its search area, indexed by the shard job
            where = f"{INDEX_FOLDER}/{manifest.index}"
            _link_tree(folder / where, out / where, skip=set())
    return {**plan, "indexed_areas": sorted(m.index for m, _ in manifests.values() if m.index)}


def _refuse_inside_inputs(out: Path, inputs: list[Path]) -> None:
    """The merged site may not be written into what it is merged from (it would read
    itself), nor the other way round."""
    target = out.resolve()
    for folder in inputs:
        source = folder.resolve()
        if target == source or source in target.parents or target in source.parents:
            raise OutputError(
                f"{out}：合并的输出文件夹不能在输入（{folder}）里面，也不能包含输入。"
                "修改建议：合并到一个新的、与各个输出并列的文件夹。"
            )


def _check_together(planned: dict[str, str], found: dict[str, str]) -> None:
    missing = sorted(set(planned) - set(found))
    extra = sorted(set(found) - set(planned))
    stale = sorted(name for name in set(planned) & set(found) if planned[name] != found[name])
    if missing or extra or stale:
        said = "；".join(
            f"{what}：{'、'.join(names)}"
            for what, names in (
                ("缺少分片", missing),
                ("顶层构建没有用到的分片", extra),
                ("与顶层构建所用的不是同一次构建", stale),
            )
            if names
        )
        raise OutputError(
            f"分片与顶层构建对不上（{said}）。修改建议：用同一批分片的输出重新运行 gongyue build --top，再合并。"
        )


# A build never writes a symbolic link: one in an output points somewhere else on the disk.
_LINKED = "{}：是符号链接，gongyue 的构建不会写出它。修改建议：删去这个输出，重新构建。"


def _link_tree(source: Path, target: Path, skip: set[str]) -> None:
    """Copy ``source`` into ``target`` as hard links where the disk allows (a province is
    tens of gigabytes); never over a file that is already there."""
    if source.is_symlink():
        raise OutputError(_LINKED.format(source))
    for where, dirs, files in os.walk(source):
        here = Path(where)
        dirs.sort()
        into = target / here.relative_to(source)
        into.mkdir(parents=True, exist_ok=True)
        linked = [name for name in [*dirs, *files] if (here / name).is_symlink()]
        if linked:
            raise OutputError(_LINKED.format(here / linked[0]))
        for name in sorted(files):
            if here == source and name in skip:
                continue
            destination = into / name
            if destination.exists():
                raise OutputError(f"{destination}：两个输出都有这个文件，合并不知道用哪一个。")
            try:
                os.link(here / name, destination)
            except OSError:
                shutil.copy2(here / name, destination)
