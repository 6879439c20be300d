"""Building an export with a site engine, then its search index (``gongyue export --build``).

The export is plain Markdown and a plain mkdocs.yml, so MkDocs, ProperDocs and
Zensical all build it. None of them runs the gongyue plugin there, so none
makes the Pagefind index: Zensical writes its own whole-site ``search.json``,
which our search page does not read. After the engine, Pagefind indexes the
pages the templates marked (``data-pagefind-body``) — the same pages the
plugin's build hands it — so the search page works as in the plugin's build.
The engine runs as its own program (``python -m``), never imported here.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

from gongyue.adapters.pagefind import build_search_index

ENGINES = {"mkdocs": "mkdocs", "properdocs": "properdocs", "zensical": "zensical"}
SITE = "site"  # where every engine writes by default, next to mkdocs.yml
MARK = b"data-pagefind-body"


class EngineError(Exception):
    """The engine is missing or its build failed (Chinese message)."""


def build_export(out: Path, engine: str) -> Path:
    """Build the export in ``out`` with ``engine`` and index it; the site folder."""
    module = ENGINES[engine]
    if importlib.util.find_spec(module) is None:
        raise EngineError(
            f"没有安装 {engine}。修改建议：pip install {engine}，或换用别的 --build。"
        )
    command = [sys.executable, "-m", module, "build", "--strict", "-f", "mkdocs.yml"]
    result = subprocess.run(command, cwd=out, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        said = (result.stderr + result.stdout).strip()[-600:]
        raise EngineError(f"{engine} 没有建成网站（退出码 {result.returncode}）：\n{said}")
    site = out / SITE
    problem = build_search_index(site, marked_pages(site))
    if problem:
        raise EngineError(problem)
    return site


def marked_pages(site: Path) -> list[str]:
    """Pages (relative to ``site``) whose content the templates marked for search."""
    return sorted(
        page.relative_to(site).as_posix()
        for page in site.rglob("*.html")
        if MARK in page.read_bytes()
    )
