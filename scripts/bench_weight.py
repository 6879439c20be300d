"""Issue 28's first measurement: where a city's bytes and files go, by kind of page.

A synthetic city (``gen_corpus.py``) is built once with the plugin's defaults; every
file written is put in one kind by its address (a version's page, its 对照, its print
sheet, a Traditional twin, the search index …) and the kinds are printed largest first,
with files, bytes and their share, per 1,000 courtyards.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
import gen_corpus  # noqa: E402

KINDS = (  # first match wins
    ("search index (pagefind)", re.compile(r"^pagefind/")),
    ("open data and API", re.compile(r"^(api|data)/|\.json$|\.xml$")),
    ("assets (CSS, JS, fonts)", re.compile(r"^assets/")),
    ("log", re.compile(r"^log/")),
    ("Traditional twins", re.compile(r"/hant/")),
    ("print sheets and PDFs", re.compile(r"/print/")),
    ("papers of the procedure", re.compile(r"/papers/")),
    ("修改决定 sheets", re.compile(r"/decision/")),
    ("对照 of adjacent versions", re.compile(r"/changes/index\.html$")),
    ("对照 of any two versions", re.compile(r"/compare/")),
    ("history pages", re.compile(r"/history/index\.html$")),
    ("version pages", re.compile(r"/\d{4}-\d{2}-\d{2}/index\.html$")),
    ("draft pages", re.compile(r"/draft(-[a-z0-9-]+)?/index\.html$")),
    ("other HTML pages", re.compile(r"\.html$")),
    ("other files", re.compile(r".")),
)


def kind_of(rel: str) -> str:
    return next(name for name, pattern in KINDS if pattern.search(rel))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--courtyards", type=int, default=1000)
    arguments = parser.parse_args()
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    city = Path(tempfile.mkdtemp(prefix="gongyue-weight-city-"))
    site = Path(tempfile.mkdtemp(prefix="gongyue-weight-site-"))
    gen_corpus.city(city, arguments.courtyards)
    mkdocs = [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(city / "mkdocs.yml")]
    subprocess.run([*mkdocs, "-d", str(site)], check=True)
    files: Counter[str] = Counter()
    sizes: Counter[str] = Counter()
    for path in site.rglob("*"):
        if path.is_file():
            kind = kind_of(path.relative_to(site).as_posix())
            files[kind] += 1
            sizes[kind] += path.stat().st_size
    scale = 1000 / arguments.courtyards
    total_files, total_bytes = sum(files.values()), sum(sizes.values())
    print(f"| 种类（{arguments.courtyards} 个院落，按每 1,000 个折算） | 文件数 | MB | 占体积 |")
    print("|---|---:|---:|---:|")
    for kind, size in sizes.most_common():
        share = size / total_bytes
        print(f"| {kind} | {files[kind] * scale:,.0f} | {size * scale / 1e6:,.0f} | {share:.0%} |")
    print(f"| 合计 | {total_files * scale:,.0f} | {total_bytes * scale / 1e6:,.0f} | 100% |")
    shutil.rmtree(city, ignore_errors=True)
    shutil.rmtree(site, ignore_errors=True)


if __name__ == "__main__":
    main()
