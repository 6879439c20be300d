"""Pagefind, run to build the search index: the one place that starts it.

Pagefind's extended build segments Chinese, so “电动车” finds the articles
about 电动自行车 without a server. It is handed only the pages worth finding
(``publish/search.py`` says which): named one by one in the glob of a
configuration file in the folder it runs in (a command line could not hold
them), so it reads them where they are. It was a staging folder of hard links
at their own paths before: making its 4,500 folders took two seconds of each
change at 1,000 courtyards on a disk where a folder costs half a millisecond,
longer than Pagefind spends walking the whole output. Pages whose path a glob
cannot name plainly, and more pages than a glob can hold (Pagefind refuses a
long one, and then indexes nothing), are still staged. A build that keeps
its output folder keeps a staging folder, brought up to date
(``pagefind_stage.py``). The language list is sorted afterwards so the same
site gives the same bytes, and the fragments it writes are made lighter
(``pagefind_fragments.py``). Problems come back as one Chinese sentence.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from gongyue.adapters import pagefind_fragments
from gongyue.adapters.pagefind_stage import restage
from gongyue.publish.search import INDEX_FOLDER

ENTRY = "pagefind-entry.json"
CONFIG = "pagefind.json"  # read by Pagefind from the folder it runs in
PLAIN_PATH = re.compile(r"[A-Za-z0-9._/-]+")  # nothing a glob reads as more than itself
# Pagefind 1.5.2 refuses a glob of 5,500 such paths (286 KB) and takes one of 5,000
# (260 KB): it then finds no page and builds no index. Well below that, staged instead.
GLOB_LIMIT = 100_000  # characters


def index(site_dir: Path, pages: list[str], output: Path) -> str | None:
    """Index ``pages`` of ``site_dir`` into ``output`` (a ``publish.search.Indexer``)."""
    return build_search_index(site_dir, pages, output=output)


def build_search_index(
    site_dir: Path,
    pages: list[str],
    python: str = sys.executable,
    output: Path | None = None,
    stage: Path | None = None,
) -> str | None:
    """Index ``pages`` (files relative to site_dir) into site_dir/pagefind (or ``output``).

    ``python`` is the interpreter whose Pagefind runs (a benchmark compares versions);
    ``stage``, a folder kept between builds to link the pages into (``pagefind_stage``).

    Returns a Chinese problem, or None when it worked.
    """
    output = (output or site_dir / INDEX_FOLDER).resolve()  # Pagefind runs in another folder
    pages = sorted(set(pages))
    before = pagefind_fragments.names(output)  # a last index's kept fragments, already slim
    with tempfile.TemporaryDirectory(prefix="gongyue-search-") as work:
        staged = restage(site_dir, stage, pages) if stage is not None else None
        site = staged.resolve() if staged else _selected(site_dir.resolve(), Path(work), pages)
        command = [python, "-m", "pagefind", "--site", str(site), "--silent"]
        command += ["--output-path", str(output)]
        try:
            result = subprocess.run(
                command, capture_output=True, text=True, check=False, timeout=3600, cwd=work
            )
        except (OSError, subprocess.TimeoutExpired) as exc:
            return f"搜索索引没有生成（{type(exc).__name__}）。网站的其余部分不受影响。"
    if result.returncode != 0:
        return _failed(result.stderr)
    _sort_languages(output / ENTRY)
    pagefind_fragments.slim_new(output, before)
    return None


def _failed(said: str) -> str:
    """Pagefind's failure in one Chinese sentence: what to install, or what it said."""
    if "No module named pagefind" in said:
        return (
            "搜索索引没有生成：没有安装 pagefind[extended]。网站的其余部分不受影响。"
            "修改建议：pip install 'pagefind[extended]'，或在插件设置中写 search: false。"
        )
    return (
        f"搜索索引没有生成，Pagefind 说：{said.strip()[-300:]}。网站的其余部分不受影响。"
        "修改建议：把这段话报告给 gongyue 的维护者；暂时可以在插件设置中写 search: false。"
    )


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


def _selected(site_dir: Path, work: Path, pages: list[str]) -> Path:
    """The folder Pagefind is to index, holding ``pages`` and nothing else it will read:
    the output folder itself, the pages named in the glob of a configuration file in
    ``work`` (where Pagefind runs); else (a path a glob would read as more than itself,
    or more pages than a glob can name) a staging folder in ``work``."""
    glob = "{" + ",".join(pages) + "}"
    if pages and len(glob) <= GLOB_LIMIT and all(PLAIN_PATH.fullmatch(page) for page in pages):
        (work / CONFIG).write_text(json.dumps({"glob": glob}), encoding="utf-8")
        return site_dir
    staging = work / "staging"
    _stage(site_dir, staging, pages)
    return staging


def _stage(site_dir: Path, staging: Path, pages: list[str]) -> None:
    """The pages to index, at their own paths, so that result URLs come out right."""
    staging.mkdir()
    for rel in pages:
        target = staging / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(site_dir / rel, target)  # same disk: no copy at all
        except OSError:
            shutil.copyfile(site_dir / rel, target)
