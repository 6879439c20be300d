"""City-scale benchmark: gongyue against plain MkDocs + Material, in one run.

    make bench                      # N = 100 and 1,000 courtyards
    make bench ARGS=--with-5000     # also 5,000 (gongyue only: the baselines take hours)

For each N it generates the synthetic city (scripts/gen_corpus.py) and builds:

* gongyue: the real plugin, search index, posters and Traditional pages included;
* lean: the same without posters and Traditional pages (``posters: false``,
  ``traditional: false``), to show what those cost;
* plain: the same version texts and unit pages as plain pages, with
  Material's full navigation and built-in search (what a city would get
  without gongyue);
* floor: the same plain pages with a one-entry nav and no search, the least
  MkDocs can do for that many pages.

Each build runs in its own process; wall time, CPU time and peak RSS come from
that process. Page figures count every ``index.html``. “Search bytes” is what a
first query downloads: for gongyue, measured in Chromium (every /pagefind/
response of one query), raw and as gzip would send it; for plain, Material's
search index plus its worker. Results go to stdout and bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import gzip
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
import gen_corpus  # noqa: E402

WORK = Path(os.environ.get("GONGYUE_BENCH_DIR", "/tmp/gongyue-bench"))
PLAIN_CONFIG = """site_name: 合成城市
theme:
  name: material
  language: zh
  font: false
plugins:
  - search
"""
FLOOR_CONFIG = """site_name: 合成城市
theme:
  name: material
  language: zh
  font: false
nav:
  - index.md
plugins: []
validation:
  nav:
    omitted_files: ignore
    not_found: ignore
"""


# The same build without the companion pages (posters with QR codes, Traditional texts).
LEAN_OPTIONS = "      posters: false\n      traditional: false\n"


@dataclass
class Run:
    name: str
    courtyards: int
    wall: float
    cpu: float
    rss_mb: float
    pages: int
    median_kb: float
    largest_kb: float
    site_mb: float
    search: str


def build(project: Path, config: str, out: Path) -> tuple[float, float, float]:
    """Build in a child process; return wall seconds, CPU seconds and peak RSS in MB."""
    if out.exists():
        shutil.rmtree(out)
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    start = time.perf_counter()
    child = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "mkdocs",
            "build",
            "-q",
            "-f",
            str(project / config),
            "-d",
            str(out),
        ],
        env=env,
    )
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"build failed: {project / config}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def page_figures(site: Path) -> tuple[int, float, float, float]:
    sizes = [p.stat().st_size for p in site.rglob("index.html")]
    total = sum(p.stat().st_size for p in site.rglob("*") if p.is_file())
    return len(sizes), statistics.median(sizes) / 1024, max(sizes) / 1024, total / 2**20


def plain_tree(city: Path, plain: Path) -> None:
    """The same sources as ordinary MkDocs pages: version files and unit pages."""
    if plain.exists():
        shutil.rmtree(plain)
    shutil.copytree(city / "docs", plain / "docs")
    (plain / "plain.yml").write_text(PLAIN_CONFIG, encoding="utf-8")
    (plain / "floor.yml").write_text(FLOOR_CONFIG, encoding="utf-8")


def pagefind_first_query(site: Path, query: str) -> str:
    """Bytes a first search downloads, raw and gzipped, measured in Chromium."""
    import functools
    import http.server
    import threading

    from playwright.sync_api import sync_playwright

    handler = functools.partial(_Quiet, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/search/?q={query}"
    bodies: list[bytes] = []
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=[
                "--no-sandbox", "--disable-gpu", "--disable-background-networking"])  # fmt: skip
            page = browser.new_page()
            page.on(
                "response", lambda r: bodies.append(r.body()) if "/pagefind/" in r.url else None
            )
            page.goto(url)
            page.wait_for_selector(".gy-result", timeout=60000)
            page.wait_for_timeout(500)
            browser.close()
    finally:
        server.shutdown()
    raw = sum(len(b) for b in bodies)
    zipped = sum(min(len(b), len(gzip.compress(b, 6))) for b in bodies)
    return f"{raw / 1024:.0f} KB（gzip {zipped / 1024:.0f} KB）"


class _Quiet(__import__("http.server").server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


def material_search_bytes(site: Path) -> str:
    index = site / "search" / "search_index.json"
    workers = list((site / "assets" / "javascripts" / "workers").glob("search.*.js"))
    raw = index.stat().st_size + sum(w.stat().st_size for w in workers)
    zipped = len(gzip.compress(index.read_bytes(), 6)) + sum(
        len(gzip.compress(w.read_bytes(), 6)) for w in workers
    )
    return f"{raw / 1024:.0f} KB（gzip {zipped / 1024:.0f} KB）"


def measure(name: str, courtyards: int, project: Path, config: str, out: Path, search) -> Run:
    wall, cpu, rss = build(project, config, out)
    pages, median, largest, size = page_figures(out)
    run = Run(name, courtyards, wall, cpu, rss, pages, median, largest, size, search(out))
    print(row(run), flush=True)
    return run


def row(r: Run) -> str:
    return (f"| {r.courtyards:,} | {r.name} | {r.wall:.1f} | {r.cpu:.1f} | {r.rss_mb:.0f} | {r.pages:,} "
            f"| {r.median_kb:.1f} | {r.largest_kb:.1f} | {r.site_mb:.0f} | {r.search} |")  # fmt: skip


HEADER = ("| 院落 | 构建 | 用时 s | CPU s | 峰值内存 MB | 页面数 | 页面中位数 KB | 最大页面 KB "
          "| 站点 MB | 首次搜索下载 |\n|---:|---|---:|---:|---:|---:|---:|---:|---:|---|")  # fmt: skip


def machine() -> str:
    cpu = next((ln.split(":", 1)[1].strip() for ln in Path("/proc/cpuinfo").read_text().splitlines()
                if ln.startswith("model name")), platform.processor())  # fmt: skip
    mem = next(
        ln.split()[1]
        for ln in Path("/proc/meminfo").read_text().splitlines()
        if ln.startswith("MemTotal")
    )
    from importlib.metadata import version

    return (f"{os.cpu_count()} 核 {cpu}，内存 {int(mem) // 2**20} GiB，Python {platform.python_version()}，"
            f"MkDocs {version('mkdocs')}，Material {version('mkdocs-material')}，Pagefind {version('pagefind')}")  # fmt: skip


def bench(courtyards: int, baselines: bool) -> list[Run]:
    city = WORK / f"city-{courtyards}"
    gen_corpus.generate(city, courtyards, seed=1)
    (city / "mkdocs.yml").write_text(
        gen_corpus.CONFIG.format(date=gen_corpus.BUILD_DATE), encoding="utf-8"
    )
    lean = gen_corpus.CONFIG.format(date=gen_corpus.BUILD_DATE) + LEAN_OPTIONS
    (city / "lean.yml").write_text(lean, encoding="utf-8")
    runs = [measure("gongyue", courtyards, city, "mkdocs.yml", WORK / f"site-{courtyards}",
                    lambda site: pagefind_first_query(site, "电动车")),
            measure("lean", courtyards, city, "lean.yml", WORK / f"lean-{courtyards}",
                    lambda site: "—")]  # fmt: skip
    if baselines:
        plain = WORK / f"plain-{courtyards}"
        plain_tree(city, plain)
        runs.append(
            measure(
                "floor", courtyards, plain, "floor.yml", WORK / f"floor-{courtyards}", lambda s: "—"
            )
        )
        runs.append(measure("plain", courtyards, plain, "plain.yml", WORK / f"plainsite-{courtyards}",
                            material_search_bytes))  # fmt: skip
    return runs


def ratios(runs: list[Run]) -> list[str]:
    lines = []
    for n in sorted({r.courtyards for r in runs}):
        by = {r.name: r for r in runs if r.courtyards == n}
        if {"gongyue", "lean"} <= set(by):
            g, lean = by["gongyue"], by["lean"]
            lines.append(f"- {n:,} 个院落：张贴版（含二维码）和繁体页共 {g.pages - lean.pages:,} 页，"
                         f"用时 {g.wall - lean.wall:+.1f} s（{g.wall / lean.wall - 1:+.0%}），CPU {g.cpu - lean.cpu:+.1f} s。")  # fmt: skip
        if {"gongyue", "floor", "plain"} <= set(by):
            g, f, p = by["gongyue"], by["floor"], by["plain"]
            lines.append(f"- {n:,} 个院落：gongyue 用时是地板的 {g.wall / f.wall:.2f} 倍（CPU {g.cpu / f.cpu:.2f} 倍），"
                         f"比普通 MkDocs 快 {p.wall / g.wall:.1f} 倍。")  # fmt: skip
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="100,1000", help="comma-separated courtyard counts")
    parser.add_argument(
        "--with-5000", action="store_true", help="also 5,000 courtyards (gongyue only)"
    )
    parser.add_argument("--no-baselines", action="store_true")
    parser.add_argument("--results", type=Path, default=ROOT / "bench" / "RESULTS.md")
    args = parser.parse_args()
    WORK.mkdir(parents=True, exist_ok=True)
    print(HEADER, flush=True)
    runs: list[Run] = []
    for n in [int(x) for x in args.sizes.split(",")]:
        runs += bench(n, not args.no_baselines)
    if args.with_5000:
        runs += bench(5000, baselines=False)
    text = "\n".join([
        "# 基准测试结果", "", f"机器：{machine()}。", "",
        f"命令：`make bench`（{time.strftime('%Y-%m-%d')} 运行；生成日期固定为 {gen_corpus.BUILD_DATE}）。", "",
        HEADER, *[row(r) for r in runs], "", *ratios(runs), "",
    ])  # fmt: skip
    args.results.parent.mkdir(parents=True, exist_ok=True)
    args.results.write_text(text, encoding="utf-8")
    print("\n".join(ratios(runs)))


if __name__ == "__main__":
    main()
