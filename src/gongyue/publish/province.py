"""A site built as shards: one job per unit subtree, a small top job, and a merge.

The operator's CI system runs the jobs (a matrix); nothing here schedules. A
shard job builds one unit subtree and keeps only the files under its address,
with a manifest: the shard's hollow record (``record.summary``), the sitemap
entries and search pages it made, and the key of its inputs. The top job
grafts the records into its own tree and makes everything else. The merge lays
the outputs side by side and indexes the whole for search: the result is the
same bytes a single build of the same sources writes.
"""

from __future__ import annotations

import gzip
import json
import os
import re
import shutil
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import Any

from gongyue.procedure.writing import write_atomic
from gongyue.publish.search import INDEX_FOLDER
from gongyue.record.summary import SCHEMA as RECORD_SCHEMA

SHARD_MANIFEST = "gongyue-shard.json"
TOP_MANIFEST = "gongyue-top.json"
MANIFEST_SCHEMA = "gongyue/shard/v1"
TOP_SCHEMA = "gongyue/top/v1"
# What a shard's output depends on besides its files: the programs that render it.


# --- the sitemap, written in one order whoever builds it -------------------------------

_ENTRY = re.compile(r"(\s*<url>\s*<loc>)([^<]*)(</loc>.*?</url>)", re.DOTALL)
_LASTMOD = re.compile(r"\s*<lastmod>[^<]*</lastmod>")


def sitemap_locs(site_dir: Path) -> list[str]:
    """The addresses (as written, escaped) in the engine's sitemap.xml."""
    path = site_dir / "sitemap.xml"
    if not path.is_file():
        return []
    return [m.group(2) for m in _ENTRY.finditer(path.read_text(encoding="utf-8"))]


def loc_of(url: str, site_url: str) -> str:
    """A sitemap address for a site-relative ``url``, written as the engine writes its own."""
    return escape(site_url.rstrip("/") + "/" + url, quote=False)


class OutputError(Exception):
    """A shard or top output, its manifest, or a merge that cannot be used (one Chinese line)."""


SITEMAP_LIMIT = 50_000  # addresses per file (sitemaps.org); a province has millions
SITEMAPS = "sitemaps"  # where the parts go when there are more


def write_sitemap(
    site_dir: Path, locs: list[str], site_url: str, limit: int = SITEMAP_LIMIT
) -> None:
    """Rewrite sitemap.xml (and its .gz twin, same gzip timestamp) with ``locs`` in sorted
    order, each entry shaped like the engine's first one: a shard build, a top job and a
    single build then list the same pages the same way. Above ``limit`` addresses the
    entries go to numbered files in ``sitemaps/`` and sitemap.xml becomes their index."""
    path = site_dir / "sitemap.xml"
    if not path.is_file():
        return
    text = path.read_text(encoding="utf-8")
    entries = list(_ENTRY.finditer(text))
    if not entries:
        return
    first = entries[0]
    head, tail = text[: first.start()], text[entries[-1].end() :]
    # No <lastmod>: the engine writes the build date there, on every page, every day.
    after = _LASTMOD.sub("", first.group(3))
    ordered = sorted(set(locs))
    parts = [ordered[i : i + limit] for i in range(0, len(ordered), limit)] or [[]]
    bodies = ["".join(first.group(1) + loc + after for loc in part) for part in parts]
    if len(parts) == 1:
        _write_with_gz(site_dir, head + bodies[0] + tail)
        return
    (site_dir / SITEMAPS).mkdir(exist_ok=True)
    for number, body in enumerate(bodies, 1):
        write_atomic(
            site_dir / SITEMAPS / f"sitemap-{number}.xml", head + body + tail, overwrite=True
        )
    _write_with_gz(site_dir, _sitemap_index(len(parts), site_url))


def _sitemap_index(count: int, site_url: str) -> str:
    root = site_url.rstrip("/") + "/" if site_url else ""
    items = "".join(
        f"    <sitemap>\n         <loc>{escape(f'{root}{SITEMAPS}/sitemap-{n}.xml', quote=False)}"
        "</loc>\n    </sitemap>\n"
        for n in range(1, count + 1)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
        f"{items}</sitemapindex>\n"
    )


def _write_with_gz(site_dir: Path, text: str) -> None:
    write_atomic(site_dir / "sitemap.xml", text, overwrite=True)
    gz_path = site_dir / "sitemap.xml.gz"
    if gz_path.is_file():
        # MTIME 0 ("no time"), not the engine's build time: the same every day.
        with (
            open(gz_path, "wb") as raw,
            gzip.GzipFile(filename=str(gz_path), mode="wb", fileobj=raw, mtime=0) as stream,
        ):
            stream.write(text.encode("utf-8"))


def under(loc_or_path: str, prefix: str, site_url: str) -> bool:
    """``loc_or_path`` (a sitemap address or a site-relative file) lies under ``prefix``."""
    root = site_url.rstrip("/") + "/" if site_url else "/"
    for start in (escape(root, quote=False), "/", ""):
        if loc_or_path.startswith(start + prefix):
            return True
    return False


# --- manifests -------------------------------------------------------------------------


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


# --- the merge ---------------------------------------------------------------------------


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
