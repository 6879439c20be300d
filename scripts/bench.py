"""City-scale benchmark: gongyue against plain MkDocs + Material, in one run.

    make bench                      # N = 100 and 1,000 courtyards
    make bench ARGS=--with-5000     # also 5,000 (gongyue only: the baselines take hours)

For each N it generates the synthetic city (scripts/gen_corpus.py) and builds:

* gongyue: the real plugin, search index, posters and Traditional pages included;
* slow: the same with ``fast_pages: false`` (MkDocs renders every charter page
  itself, as before the themed renderer), to compare in one run;
* floor: the same version texts and unit pages as plain pages with a one-entry
  nav and no search, the least MkDocs can do for that many pages;
* plain: those plain pages with Material's full navigation and built-in search
  (what a city would get without gongyue); only up to ``--plain-up-to``
  courtyards, as it takes more than half an hour at 1,000.

Each build runs in its own process. Wall time and CPU time (the build and
every process it starts) come from the operating system; “峰值内存” is the
largest single process's peak RSS, “合计内存” the peak of the proportional set
size (PSS) summed over the build's process tree, sampled every 0.2 s: forked
helpers share the parent's pages, which RSS would count twice. Page figures
count every ``index.html``. “Search bytes” is what a
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
from browser import CHROMIUM, FLAGS  # noqa: E402

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


# The same build with every charter page rendered by MkDocs, one by one.
SLOW_OPTIONS = "      fast_pages: false\n"
START, END = "<!-- bench:start -->", "<!-- bench:end -->"  # the section a run rewrites


@dataclass
class Run:
    name: str
    courtyards: int
    wall: float
    cpu: float
    rss_mb: float
    tree_mb: float
    pages: int
    median_kb: float
    largest_kb: float
    site_mb: float
    search: str


def build(project: Path, config: str, out: Path) -> tuple[float, float, float, float]:
    """Build in a child process: wall s, CPU s, largest process's peak RSS MB, peak PSS sum MB."""
    if out.exists():
        shutil.rmtree(out)
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    start = time.perf_counter()
    command = [
        sys.executable,
        "-m",
        "mkdocs",
        "build",
        "-q",
        "-f",
        str(project / config),
        "-d",
        str(out),
    ]
    child = subprocess.Popen(command, env=env)
    sampler = TreeMemory(child.pid)
    sampler.start()
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    sampler.stop()
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"build failed: {project / config}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, sampler.peak_mb


class TreeMemory:
    """Peak PSS summed over a process and its descendants, sampled in a thread."""

    def __init__(self, root: int) -> None:
        import threading

        self.root, self.peak_mb, self.done = root, 0.0, threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)

    def start(self) -> None:
        self.thread.start()

    def stop(self) -> None:
        self.done.set()
        self.thread.join()

    def _run(self) -> None:
        while not self.done.wait(0.2):
            total = sum(_pss_kb(pid) for pid in _tree(self.root))
            self.peak_mb = max(self.peak_mb, total / 1024)


def _tree(root: int) -> list[int]:
    parents: dict[int, int] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            parents[int(stat.parent.name)] = int(fields[1])
        except (OSError, IndexError, ValueError):
            continue
    found, frontier = [root], [root]
    while frontier:
        frontier = [pid for pid, parent in parents.items() if parent in frontier]
        found += frontier
    return found


def _pss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


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

    def results_shown(page) -> None:
        page.wait_for_selector(".gy-result", timeout=60000)
        page.wait_for_timeout(500)

    bodies, _ = search_transfer(site, f"search/?q={query}", results_shown)
    raw, zipped = sizes_of(bodies)
    return f"{raw / 1024:.0f} KB（gzip {zipped / 1024:.0f} KB）"


def search_transfer(site: Path, path: str, wait):
    """Serve ``site``, open ``path`` in Chromium and ``wait(page)``; the bodies of every
    /pagefind… response, and what ``wait`` returned."""
    import functools
    import http.server
    import threading

    from playwright.sync_api import sync_playwright

    handler = functools.partial(_Quiet, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    bodies: list[bytes] = []
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
            page = browser.new_page()
            page.on("response", lambda r: bodies.append(r.body()) if "/pagefind" in r.url else None)
            page.goto(f"http://127.0.0.1:{server.server_address[1]}/{path}")
            said = wait(page)
            browser.close()
    finally:
        server.shutdown()
    return bodies, said


def sizes_of(bodies: list[bytes]) -> tuple[int, int]:
    """Raw bytes, and bytes as a host compressing with gzip would send them."""
    return sum(len(b) for b in bodies), sum(min(len(b), len(gzip.compress(b, 6))) for b in bodies)


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
    wall, cpu, rss, tree = build(project, config, out)
    pages, median, largest, size = page_figures(out)
    run = Run(name, courtyards, wall, cpu, rss, tree, pages, median, largest, size, search(out))
    print(row(run), flush=True)
    return run


def row(r: Run) -> str:
    return (
        f"| {r.courtyards:,} | {r.name} | {r.wall:.1f} | {r.cpu:.1f} | {r.rss_mb:.0f} | {r.tree_mb:.0f} | {r.pages:,} "
        f"| {r.median_kb:.1f} | {r.largest_kb:.1f} | {r.site_mb:.0f} | {r.search} |"
    )


HEADER = (
    "| 院落 | 构建 | 用时 s | CPU s | 峰值内存 MB | 合计内存 MB | 页面数 | 页面中位数 KB | 最大页面 KB "
    "| 站点 MB | 首次搜索下载 |\n|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---|"
)


def machine() -> str:
    cpu = next(
        (
            ln.split(":", 1)[1].strip()
            for ln in Path("/proc/cpuinfo").read_text().splitlines()
            if ln.startswith("model name")
        ),
        platform.processor(),
    )
    mem = next(
        ln.split()[1]
        for ln in Path("/proc/meminfo").read_text().splitlines()
        if ln.startswith("MemTotal")
    )
    from importlib.metadata import version

    return (
        f"{os.cpu_count()} 核 {cpu}，内存 {int(mem) // 2**20} GiB，Python {platform.python_version()}，"
        f"MkDocs {version('mkdocs')}，Material {version('mkdocs-material')}，Pagefind {version('pagefind')}"
    )


def bench(courtyards: int, baselines: bool, plain_up_to: int) -> list[Run]:
    city = WORK / f"city-{courtyards}"
    gen_corpus.generate(city, courtyards, seed=1)
    config = gen_corpus.CONFIG.format(date=gen_corpus.BUILD_DATE)
    (city / "mkdocs.yml").write_text(config, encoding="utf-8")
    (city / "slow.yml").write_text(config + SLOW_OPTIONS, encoding="utf-8")
    runs = [
        measure(
            "gongyue",
            courtyards,
            city,
            "mkdocs.yml",
            WORK / f"site-{courtyards}",
            lambda site: pagefind_first_query(site, "电动车"),
        )
    ]
    if not baselines:
        return runs
    runs.append(measure("slow", courtyards, city, "slow.yml", WORK / f"slow-{courtyards}", _none))
    plain = WORK / f"plain-{courtyards}"
    plain_tree(city, plain)
    runs.append(
        measure("floor", courtyards, plain, "floor.yml", WORK / f"floor-{courtyards}", _none)
    )
    if courtyards <= plain_up_to:
        runs.append(
            measure(
                "plain",
                courtyards,
                plain,
                "plain.yml",
                WORK / f"plainsite-{courtyards}",
                material_search_bytes,
            )
        )
    return runs


def _none(site: Path) -> str:
    return "—"


def ratios(runs: list[Run]) -> list[str]:
    lines = []
    for n in sorted({r.courtyards for r in runs}):
        by = {r.name: r for r in runs if r.courtyards == n}
        g = by["gongyue"]
        if "floor" in by:
            f = by["floor"]
            lines.append(
                f"- {n:,} 个院落：gongyue 用时是地板的 **{g.wall / f.wall:.2f} 倍**（CPU {g.cpu / f.cpu:.2f} 倍），"
                f"页面数是地板的 {g.pages / f.pages:.1f} 倍。"
            )
        if "slow" in by:
            s = by["slow"]
            lines.append(
                f"- {n:,} 个院落：逐页交给 MkDocs（fast_pages: false）用时 {s.wall:.1f} s，"
                f"是 gongyue 的 {s.wall / g.wall:.2f} 倍；合计内存 {s.tree_mb:.0f} MB 对 {g.tree_mb:.0f} MB。"
            )
        if "plain" in by:
            lines.append(
                f"- {n:,} 个院落：普通 MkDocs（完整导航、内置搜索）用时是 gongyue 的 {by['plain'].wall / g.wall:.1f} 倍。"
            )
    return lines


def write_section(results: Path, text: str, start: str = START, end: str = END) -> None:
    """Rewrite the marked section of RESULTS.md; the hand-written sections stay."""
    old = (
        results.read_text(encoding="utf-8")
        if results.is_file()
        else f"# 基准测试结果\n\n{start}\n{end}\n"
    )
    if start not in old:
        old = old.rstrip() + f"\n\n{start}\n{end}\n"
    head, rest = old.split(start, 1)
    tail = rest.split(end, 1)[1] if end in rest else ""
    results.write_text(f"{head}{start}\n{text}\n{end}{tail}", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="100,1000", help="comma-separated courtyard counts")
    parser.add_argument(
        "--with-5000", action="store_true", help="also 5,000 courtyards (gongyue only)"
    )
    parser.add_argument("--no-baselines", action="store_true")
    parser.add_argument("--plain-up-to", type=int, default=100, help="plain MkDocs up to this size")
    parser.add_argument("--results", type=Path, default=ROOT / "bench" / "RESULTS.md")
    args = parser.parse_args()
    WORK.mkdir(parents=True, exist_ok=True)
    print(HEADER, flush=True)
    runs: list[Run] = []
    for n in [int(x) for x in args.sizes.split(",")]:
        runs += bench(n, not args.no_baselines, args.plain_up_to)
    if args.with_5000:
        runs += bench(5000, False, 0)
    text = "\n".join(
        [
            f"机器：{machine()}。",
            "",
            f"命令：`make bench`（{time.strftime('%Y-%m-%d')} 运行；合成城市 `scripts/gen_corpus.py`，种子 1，"
            f"生成日期固定为 {gen_corpus.BUILD_DATE}）。",
            "",
            HEADER,
            *[row(r) for r in runs],
            "",
            *ratios(runs),
        ]
    )
    args.results.parent.mkdir(parents=True, exist_ok=True)
    write_section(args.results, text)
    print("\n".join(ratios(runs)))


if __name__ == "__main__":
    main()
