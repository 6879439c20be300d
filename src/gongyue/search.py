"""The search index: Pagefind, run over the built site.

Pagefind's extended build segments Chinese, so “电动车” finds “电动自行车”
articles without a server. Which pages are indexed, and with which filters,
is decided by the templates (``data-pagefind-body``); this module only runs
the indexer, offline, and says what went wrong in Chinese.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def build_search_index(site_dir: Path) -> str | None:
    """Index ``site_dir`` in place; return a Chinese problem, or None when it worked."""
    command = [sys.executable, "-m", "pagefind", "--site", str(site_dir), "--silent"]
    try:
        result = subprocess.run(command, capture_output=True, text=True, check=False, timeout=1800)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"搜索索引没有生成（{type(exc).__name__}）。网站的其余部分不受影响。"
    if result.returncode != 0:
        missing = "No module named pagefind" in result.stderr
        reason = "没有安装 pagefind[extended]" if missing else result.stderr.strip()[-300:]
        return f"搜索索引没有生成：{reason}。修改建议：pip install 'pagefind[extended]'，或在插件设置中写 search: false。"
    return None
