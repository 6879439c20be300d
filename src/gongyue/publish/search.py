"""The search index: Pagefind, fed only the pages worth finding.

Pagefind's extended build segments Chinese, so “电动车” finds the articles
about 电动自行车 without a server. The templates mark what a page contributes
(``data-pagefind-body``); this module hands Pagefind just those pages — texts
in force, units, drafts open for comment — instead of letting it parse every
superseded version and 对照 page, and says in Chinese when it could not.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from gongyue.record.model import Site

INDEX_FOLDER = "pagefind"
ENTRY = "pagefind-entry.json"


@dataclass(frozen=True)
class Area:
    """One top-level unit's own search index (``search_areas``): in a province, a resident's
    first search downloads the index of their city, whose size does not grow with the
    province; 全部 merges every area's index in the browser."""

    bundle: str  # folder under pagefind/
    prefix: str  # the unit's URL: the pages it indexes
    name: str


def areas_of(site: Site) -> list[Area]:
    """The areas of a site that asks for them, in the order of its top-level units."""
    if not site.search_areas:
        return []
    return [Area("-".join(root.slugs), root.url, root.name) for root in site.roots]


def area_records(areas: list[Area]) -> list[dict[str, Any]]:
    return [asdict(area) for area in areas]


def index_site(site_dir: Path, pages: list[str], areas: list[Area]) -> str | None:
    """The site's search index: one for all ``pages``, or one per area (pages outside
    every area are not indexed then: the indexed kinds all live in units)."""
    if not areas:
        return build_search_index(site_dir, pages)
    for area in areas:
        mine = [page for page in pages if page.startswith(area.prefix)]
        output = site_dir / INDEX_FOLDER / area.bundle
        problem = build_search_index(site_dir, mine, output=output) if mine else None
        if problem:
            return problem
    return None


def build_search_index(
    site_dir: Path, pages: list[str], python: str = sys.executable, output: Path | None = None
) -> str | None:
    """Index ``pages`` (files relative to site_dir) into site_dir/pagefind (or ``output``).

    ``python`` is the interpreter whose Pagefind runs (a benchmark compares versions).

    Returns a Chinese problem, or None when it worked.
    """
    with tempfile.TemporaryDirectory(prefix="gongyue-search-") as staging:
        _stage(site_dir, Path(staging), pages)
        command = [
            python,
            "-m",
            "pagefind",
            "--site",
            staging,
            "--silent",
            "--output-path",
            str(output or site_dir / INDEX_FOLDER),
        ]
        try:
            result = subprocess.run(
                command, capture_output=True, text=True, check=False, timeout=3600
            )
        except (OSError, subprocess.TimeoutExpired) as exc:
            return f"搜索索引没有生成（{type(exc).__name__}）。网站的其余部分不受影响。"
    if result.returncode != 0:
        missing = "No module named pagefind" in result.stderr
        reason = "没有安装 pagefind[extended]" if missing else result.stderr.strip()[-300:]
        return f"搜索索引没有生成：{reason}。修改建议：pip install 'pagefind[extended]'，或在插件设置中写 search: false。"
    _sort_languages((output or site_dir / INDEX_FOLDER) / ENTRY)
    return None


def _sort_languages(entry: Path) -> None:
    """Pagefind lists the languages (zh, zh-hant) in a different order on each run;
    sorted, the same site gives the same bytes. Everything else is kept as written."""
    if not entry.is_file():  # nothing was indexed
        return
    data = json.loads(entry.read_text(encoding="utf-8"))
    languages = data.get("languages")
    if isinstance(languages, dict):
        data["languages"] = dict(sorted(languages.items()))
        text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
        entry.write_text(text, encoding="utf-8")


def _stage(site_dir: Path, staging: Path, pages: list[str]) -> None:
    """The pages to index, at their own paths, so that result URLs come out right."""
    for rel in sorted(set(pages)):
        target = staging / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(site_dir / rel, target)  # same disk: no copy at all
        except OSError:
            shutil.copyfile(site_dir / rel, target)
