"""The manifests a shard job and the top job leave beside their output.

A shard job keeps only the files under its unit's address, with
``gongyue-shard.json``: the shard's hollow record (``record.summary``), the
sitemap entries and search pages it made, and the key of its inputs. The top
job's ``gongyue-top.json`` says which shards (and keys) it was built from.
Every manifest is read as untrusted input: a path that leaves its folder, a
strange shard name or a symbolic link is refused with one Chinese line.
"""

from __future__ import annotations

import json
import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from gongyue.procedure.writing import write_atomic
from gongyue.record.summary import SCHEMA as RECORD_SCHEMA

SHARD_MANIFEST = "gongyue-shard.json"
TOP_MANIFEST = "gongyue-top.json"
MANIFEST_SCHEMA = "gongyue/shard/v1"
TOP_SCHEMA = "gongyue/top/v1"


class OutputError(Exception):
    """A shard or top output, its manifest, or a merge that cannot be used (one Chinese line)."""


@dataclass
class Manifest:
    """What a shard build left beside its pages."""

    shard: str  # the unit folder, relative to docs
    key: str
    record: dict[str, Any]  # {} once read past (a top job grafts one record at a time)
    locs: list[str]
    indexed: list[str]
    folder: Path = Path()
    index: str = ""  # the search area (search_areas) the shard indexed itself, in pagefind/

    @property
    def prefix(self) -> str:
        return self.shard.strip("/") + "/"


def write_shard_manifest(site_dir: Path, manifest: Manifest) -> None:
    data = {
        "schema": MANIFEST_SCHEMA,
        "record_schema": RECORD_SCHEMA,
        "shard": manifest.shard,
        "key": manifest.key,
        "record": manifest.record,
        "locs": sorted(manifest.locs),
        "indexed": sorted(manifest.indexed),
        "index": manifest.index,
    }
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    write_atomic(site_dir / SHARD_MANIFEST, text + "\n", overwrite=True)


def read_shard_manifest(folder: Path, record: bool = True) -> Manifest:
    """The manifest of the shard output in ``folder`` (without its record unless
    ``record``: a province's records are read one at a time); OutputError (Chinese)
    otherwise."""
    path = folder / SHARD_MANIFEST
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise OutputError(
            f"{path}：不是一个分片的输出（{type(error).__name__}）。"
            "修改建议：先运行“gongyue build --shard 单位文件夹 -d 这个文件夹”。"
        ) from None
    if (
        not isinstance(data, dict)
        or data.get("schema") != MANIFEST_SCHEMA
        or data.get("record_schema") != RECORD_SCHEMA
    ):
        raise OutputError(
            f"{path}：分片清单的格式不是本版 gongyue 写的（{MANIFEST_SCHEMA}）。"
            "修改建议：用同一版本的 gongyue 重新构建所有分片。"
        )
    try:
        kept = data["record"] if record else {}
        fields = (data["shard"], data["key"], kept, data["locs"], data["indexed"])
        manifest = Manifest(*fields, folder, data.get("index", ""))
    except KeyError as missing:
        raise OutputError(
            f"{path}：分片清单缺少“{missing.args[0]}”。修改建议：重新构建这个分片。"
        ) from None
    _refuse_strange_paths(path, manifest)
    return manifest


_SHARD_NAME = re.compile(r"[a-z0-9][a-z0-9-]*(/[a-z0-9][a-z0-9-]*)*")
_AREA_NAME = re.compile(r"[a-z0-9][a-z0-9-]*")


def _refuse_strange_paths(path: Path, manifest: Manifest) -> None:
    """Every path a manifest names stays inside the output: a manifest is read from a
    folder someone else may have filled, and the merge writes where it says."""
    if not _stays_inside(manifest):
        raise OutputError(
            f"{path}：分片清单里有不在输出文件夹之内的路径，或不是网址的地址。"
            "修改建议：这不是 gongyue 写的清单，删去这个文件夹，重新构建这个分片。"
        )


def _stays_inside(manifest: Manifest) -> bool:
    values = [manifest.shard, manifest.index, *manifest.locs, *manifest.indexed]
    if not all(isinstance(value, str) for value in values):
        return False
    return (
        _SHARD_NAME.fullmatch(manifest.shard) is not None
        and (not manifest.index or _AREA_NAME.fullmatch(manifest.index) is not None)
        and all(plain_path(page) for page in manifest.indexed)
        # Sitemap addresses go into XML as they are: plain, and without markup.
        and all(plain_path(loc) and not set(loc) & set('<>"') for loc in manifest.locs)
    )


def plain_path(value: str) -> bool:
    """A relative path that stays where it is read: no root, no "..", no backslash, no control."""
    if not value or value.startswith("/") or "\\" in value or any(ord(c) < 0x20 for c in value):
        return False
    return all(part not in ("..", ".") for part in value.split("/"))


def prune_to(site_dir: Path, prefix: str) -> None:
    """Keep only what a shard owns: the files under ``prefix`` (its manifest and search
    index are written after). Dotfiles (``.git``, ``.nojekyll``) stay, as MkDocs keeps
    them: the build did not write them."""
    folder, rest = site_dir, prefix.strip("/").split("/")
    while rest and folder.is_dir():
        for entry in folder.iterdir():
            if entry.name != rest[0] and not entry.name.startswith("."):
                _remove(entry)
        folder, rest = folder / rest[0], rest[1:]


def _remove(entry: Path) -> None:
    if entry.is_dir() and not entry.is_symlink():
        shutil.rmtree(entry)
    else:
        entry.unlink()


def write_top_manifest(
    site_dir: Path,
    shards: list[Manifest],
    indexed: list[str],
    search: bool,
    areas: list[dict[str, Any]],
) -> None:
    data = {
        "schema": TOP_SCHEMA,
        "search": search,
        "areas": areas,
        "shards": {m.shard: m.key for m in shards},
        "indexed": sorted(set(indexed)),
    }
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    write_atomic(site_dir / TOP_MANIFEST, text + "\n", overwrite=True)


def read_top_manifest(folder: Path) -> dict[str, Any]:
    path = folder / TOP_MANIFEST
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        data = None
    if not isinstance(data, dict) or data.get("schema") != TOP_SCHEMA:
        raise OutputError(
            f"{path}：不是顶层构建的输出。修改建议：先运行“gongyue build --top 各分片的输出文件夹 -d {folder}”。"
        )
    names = [*data.get("shards", {}), *(a.get("bundle") for a in data.get("areas") or [])]
    indexed = data.get("indexed", [])
    if not all(isinstance(n, str) and _SHARD_NAME.fullmatch(n) for n in names) or not all(
        isinstance(p, str) and plain_path(p) for p in indexed
    ):
        raise OutputError(
            f"{path}：顶层清单里有不在输出文件夹之内的路径。"
            "修改建议：这不是 gongyue 写的清单，删去这个文件夹，重新运行 gongyue build --top。"
        )
    return data
