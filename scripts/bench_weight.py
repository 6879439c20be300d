"""Issue 28's first measurement: where a city's bytes and files go, by kind of page.

A synthetic city (``gen_corpus.py``) is built once with the plugin's defaults; every
file written is put in one kind by its address (a version's page, its 对照, its print
sheet, a Traditional twin, the search index …) and the kinds are printed largest first,
with files, bytes and their share, per 1,000 courtyards. With ``--base COMMIT`` the same
city is built first with the code of that commit (a temporary git worktree put ahead on
PYTHONPATH), and both are printed side by side.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
import gen_corpus  # noqa: E402

KINDS = (  # first match wins
    ("search index (pagefind)", re.compile(r"^pagefind/")),
    ("Traditional tables", re.compile(r"/hant\.json$")),
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


def build(city: Path, site: Path, source: Path | None = None) -> float:
    """Build ``city`` into ``site`` (with the package at ``source``, else this one); seconds."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    if source is not None:  # ahead of the editable install on sys.path
        env["PYTHONPATH"] = str(source / "src")
    mkdocs = [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(city / "mkdocs.yml")]
    started = time.perf_counter()
    subprocess.run([*mkdocs, "-d", str(site)], check=True, env=env)
    return time.perf_counter() - started


def weigh(site: Path) -> tuple[Counter[str], Counter[str]]:
    """Files and bytes of every kind in a built site."""
    files: Counter[str] = Counter()
    sizes: Counter[str] = Counter()
    for path in site.rglob("*"):
        if path.is_file():
            kind = kind_of(path.relative_to(site).as_posix())
            files[kind] += 1
            sizes[kind] += path.stat().st_size
    return files, sizes


def checkout(commit: str) -> Path:
    """The package as it was at ``commit``, in a temporary worktree."""
    folder = Path(tempfile.mkdtemp(prefix="gongyue-weight-base-")) / "tree"
    subprocess.run(
        ["git", "-C", str(ROOT), "worktree", "add", "-q", "--detach", str(folder), commit],
        check=True,
    )
    return folder


def report(courtyards: int, after: tuple[Counter[str], Counter[str]], before=None) -> None:
    scale = 1000 / courtyards
    files, sizes = after
    total_files, total_bytes = sum(files.values()), sum(sizes.values())
    if before is None:
        print(f"| 种类（{courtyards} 个院落，按每 1,000 个折算） | 文件数 | MB | 占体积 |")
        print("|---|---:|---:|---:|")
        for kind, size in sizes.most_common():
            share = size / total_bytes
            print(
                f"| {kind} | {files[kind] * scale:,.0f} | {size * scale / 1e6:,.0f} | {share:.0%} |"
            )
        print(f"| 合计 | {total_files * scale:,.0f} | {total_bytes * scale / 1e6:,.0f} | 100% |")
        return
    old_files, old_sizes = before
    print(
        f"| 种类（{courtyards} 个院落，按每 1,000 个折算） | 文件数 之前 | 之后 | MB 之前 | 之后 |"
    )
    print("|---|---:|---:|---:|---:|")
    for kind, _ in (old_sizes + sizes).most_common():
        print(
            f"| {kind} | {old_files[kind] * scale:,.0f} | {files[kind] * scale:,.0f} "
            f"| {old_sizes[kind] * scale / 1e6:,.0f} | {sizes[kind] * scale / 1e6:,.0f} |"
        )
    print(
        f"| 合计 | {sum(old_files.values()) * scale:,.0f} | {total_files * scale:,.0f} "
        f"| {sum(old_sizes.values()) * scale / 1e6:,.0f} | {total_bytes * scale / 1e6:,.0f} |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--courtyards", type=int, default=1000)
    parser.add_argument("--base", help="a commit to weigh the same city with, before this code")
    arguments = parser.parse_args()
    city = Path(tempfile.mkdtemp(prefix="gongyue-weight-city-"))
    gen_corpus.city(city, arguments.courtyards)
    before = None
    if arguments.base:
        base = checkout(arguments.base)
        site = Path(tempfile.mkdtemp(prefix="gongyue-weight-site-"))
        seconds = build(city, site, base)
        before = weigh(site)
        print(f"之前（{arguments.base}）：构建 {seconds:.1f} s")
        shutil.rmtree(site, ignore_errors=True)
        subprocess.run(
            ["git", "-C", str(ROOT), "worktree", "remove", "--force", str(base)], check=True
        )
    site = Path(tempfile.mkdtemp(prefix="gongyue-weight-site-"))
    seconds = build(city, site)
    print(f"之后（当前代码）：构建 {seconds:.1f} s")
    report(arguments.courtyards, weigh(site), before)
    shutil.rmtree(city, ignore_errors=True)
    shutil.rmtree(site, ignore_errors=True)


if __name__ == "__main__":
    main()
