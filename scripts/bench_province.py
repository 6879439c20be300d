"""A synthetic province built as shards, as a CI matrix would: time, memory, size, search.

    .venv/bin/python scripts/bench_province.py [--sizes 1000,2500,5000] [--parallel 2]
    .venv/bin/python scripts/bench_province.py --sizes 5000 --republish

For each size: ``gen_corpus`` writes the city (its districts, 500–1,000
courtyards each, are the shards: ``gongyue shards --depth 1``), configured with
``search_areas: true`` (one search index per district, made by its shard job;
``--one-index`` for one index over the whole, made by the merge). The shards are
built by ``gongyue build --shard`` in ``--parallel`` processes at once, then the
top job (``gongyue build --top``) and the merge (``gongyue merge``). Each job is
measured as its own process tree: wall time, CPU time, the largest process's
peak RSS (``wait4``) and the peak PSS summed over the tree. The first search is
measured in Chromium: the search page itself, then Pagefind alone for one
district's index and for all of them merged (``mergeIndex``). ``--republish``
times an edit in one district on the largest size's outputs. Writes marked
sections of bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import gen_corpus
from bench import WORK, TreeMemory, machine, pagefind_first_query, search_transfer, sizes_of
from gongyue.publish.manifests import read_top_manifest

ROOT = Path(__file__).resolve().parent.parent
GONGYUE = [sys.executable, "-m", "gongyue.cli"]
START, END = "<!-- bench-province:start -->", "<!-- bench-province:end -->"
QUERY = "电动车"
AREAS_OPTION = (
    "      search_areas: true\n"  # one index per district (the recommended province set-up)
)


@dataclass
class Job:
    name: str
    wall: float = 0.0
    cpu: float = 0.0
    rss_mb: float = 0.0
    tree_mb: float = 0.0
    courtyards: int = 0


@dataclass
class Province:
    courtyards: int
    shards: list[Job] = field(default_factory=list)
    top: Job = field(default_factory=lambda: Job("top"))
    merge: Job = field(default_factory=lambda: Job("merge"))
    wall: float = 0.0  # shards (parallel) + top + merge, as the pipeline waits for them
    pages: int = 0
    indexed: int = 0
    site_gb: float = 0.0
    search_page: str = ""
    one_index: str = ""
    per_shard: str = "—"


class Running:
    """One job's process tree, measured until it ends."""

    def __init__(self, job: Job, command: list[str], cwd: Path) -> None:
        self.job, self.start = job, time.perf_counter()
        env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
        self.child = subprocess.Popen(
            command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
        )
        self.sampler = TreeMemory(self.child.pid)
        self.sampler.start()

    def wait(self) -> Job:
        _, status, usage = os.wait4(self.child.pid, 0)
        self.sampler.stop()
        self.job.wall = time.perf_counter() - self.start
        self.job.cpu = usage.ru_utime + usage.ru_stime
        self.job.rss_mb, self.job.tree_mb = usage.ru_maxrss / 1024, self.sampler.peak_mb
        if os.waitstatus_to_exitcode(status) != 0:
            said = self.child.stderr.read().decode() if self.child.stderr else ""
            raise SystemExit(f"{self.job.name} failed:\n{said[-2000:]}")
        return self.job


def run(job: Job, command: list[str], cwd: Path) -> Job:
    return Running(job, command, cwd).wait()


def courtyards_in(docs: Path, shard: str) -> int:
    return sum(1 for p in (docs / shard).rglob("yuan-*") if (p / "index.md").is_file())


def build_shards(city: Path, out: Path, shards: list[str], parallel: int) -> list[Job]:
    """Every shard, ``parallel`` at a time, each a fresh process tree (a matrix job)."""
    waiting = list(shards)
    running: list[Running] = []
    done: list[Job] = []
    while waiting or running:
        while waiting and len(running) < parallel:
            shard = waiting.pop(0)
            job = Job(shard, courtyards=courtyards_in(city / "docs", shard))
            command = [*GONGYUE, "build", str(city), "--shard", shard, "-d", str(out / shard)]
            running.append(Running(job, command, city))
        finished = running.pop(0)  # first started, first awaited: all run alongside anyway
        done.append(finished.wait())
        print(
            f"  shard {finished.job.name}: {finished.job.wall:.0f} s, {finished.job.rss_mb:.0f} MB",
            flush=True,
        )
    return done


def province(courtyards: int, parallel: int, areas: bool) -> Province:
    city, out = WORK / f"province-{courtyards}", WORK / f"province-{courtyards}-out"
    if not (city / "docs").is_dir():
        gen_corpus.generate(city, courtyards, seed=1)
    config = gen_corpus.CONFIG.format(date=gen_corpus.BUILD_DATE)
    (city / "mkdocs.yml").write_text(config + (AREAS_OPTION if areas else ""), encoding="utf-8")
    shutil.rmtree(out, ignore_errors=True)
    plan = subprocess.run(
        [*GONGYUE, "shards", str(city)], capture_output=True, text=True, check=True
    )
    shards = json.loads(plan.stdout)
    result = Province(courtyards)
    start = time.perf_counter()
    result.shards = build_shards(city, out / "shards", shards, parallel)
    run(
        result.top,
        [*GONGYUE, "build", str(city), "--top", str(out / "shards"), "-d", str(out / "top")],
        city,
    )
    run(
        result.merge,
        [*GONGYUE, "merge", str(out / "top"), str(out / "shards"), "-o", str(out / "site")],
        city,
    )
    result.wall = time.perf_counter() - start
    _site_figures(result, out)
    _search_figures(result, out / "site", shards if areas else [])
    return result


def _search_figures(result: Province, site: Path, areas: list[str]) -> None:
    """The search page's first query, then Pagefind's alone: the one index, or (areas) one
    district's index and all of them merged."""
    if not areas:
        result.search_page = pagefind_first_query(site, QUERY)
        result.one_index = first_query(site, [])
        return
    result.search_page = pagefind_first_query(site, f"{QUERY}&in={areas[0]}")
    result.one_index = first_query(site, areas[:1])
    result.per_shard = first_query(site, areas)


def _site_figures(result: Province, out: Path) -> None:
    site = out / "site"
    files = [p for p in site.rglob("*") if p.is_file()]
    result.pages = sum(1 for p in files if p.name == "index.html")
    result.site_gb = sum(p.stat().st_size for p in files) / 2**30
    result.indexed = len(read_top_manifest(out / "top")["indexed"])


def first_query(site: Path, shard_indexes: list[str]) -> str:
    """Bytes the first query downloads (the five first results' data included), raw and
    gzipped, in Chromium: from the one index, or from one index per district merged."""
    harness = site / "bench-search.html"
    harness.write_text(_harness(shard_indexes), encoding="utf-8")

    def searched(page) -> int:
        page.wait_for_function("window.done !== undefined", timeout=120000)
        return int(page.evaluate("window.done"))

    try:
        bodies, found = search_transfer(site, "bench-search.html", searched)
    finally:
        harness.unlink()
    raw, zipped = sizes_of(bodies)
    return f"{raw / 1024:.0f} KB（gzip {zipped / 1024:.0f} KB，{found} 个结果）"


def _harness(shard_indexes: list[str]) -> str:
    if shard_indexes:
        first, *rest = [f"/pagefind/{n}/" for n in shard_indexes]
        merge = "".join(f"await pf.mergeIndex({json.dumps(p)});" for p in rest)
    else:
        first, merge = "/pagefind/", ""
    return f"""<!doctype html><meta charset="utf-8"><script type="module">
const pf = await import({json.dumps(first + "pagefind.js")});
await pf.options({{basePath: {json.dumps(first)}}});
{merge}
const search = await pf.search({json.dumps(QUERY)});
await Promise.all(search.results.slice(0, 5).map(r => r.data()));
window.done = search.results.length;
</script>"""


def table(results: list[Province]) -> list[str]:
    lines = [
        "| 院落 | 分片 | 分片用时 s（最长） | 分片峰值内存 MB（最大；进程树合计） | 顶层 s / MB | 合并+索引 s / MB "
        "| 全流程墙钟 s | CPU 合计 s | 页面数 | 收录 | 站点 GB | 首次搜索：搜索页 | Pagefind：一个区的索引 "
        "| Pagefind：全部区合并 |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|---|",
    ]
    for r in results:
        longest = max(r.shards, key=lambda j: j.wall)
        rss = max(j.rss_mb for j in r.shards)
        tree = max(j.tree_mb for j in r.shards)
        cpu = sum(j.cpu for j in r.shards) + r.top.cpu + r.merge.cpu
        lines.append(
            f"| {r.courtyards:,} | {len(r.shards)} | {longest.wall:.0f}（{longest.courtyards} 院落） "
            f"| {rss:.0f}；{tree:.0f} | {r.top.wall:.0f} / {r.top.rss_mb:.0f} "
            f"| {r.merge.wall:.0f} / {r.merge.rss_mb:.0f} | {r.wall:.0f} | {cpu:.0f} | {r.pages:,} "
            f"| {r.indexed:,} | {r.site_gb:.1f} | {r.search_page} | {r.one_index} | {r.per_shard} |"
        )
    return lines


def write_results(results: list[Province], parallel: int, path: Path) -> None:
    text = "\n".join(
        [
            f"机器：{machine()}。",
            "",
            f"命令：`make bench-province`（{time.strftime('%Y-%m-%d')} 运行；合成城市 `scripts/gen_corpus.py`，"
            f"种子 1；分片 = 各区（`gongyue shards --depth 1`），同时构建 {parallel} 个）。",
            "",
            *table(results),
        ]
    )
    _write_marked(path, text, START, END)


EDIT_START, EDIT_END = "<!-- bench-province-edit:start -->", "<!-- bench-province-edit:end -->"


def republish(size: int, path: Path) -> None:
    """A committee edits one file in one district: every shard job runs (the unchanged ones
    find their output's key unchanged and stop), then the top job and the merge."""
    city, out = WORK / f"province-{size}", WORK / f"province-{size}-out"
    shards = sorted(p.name for p in (out / "shards").iterdir())
    prose = city / "docs" / shards[0] / "index.md"
    original = prose.read_text(encoding="utf-8")
    prose.write_text(original + "\n居委会补充了一句介绍。\n", encoding="utf-8")
    try:
        jobs = [
            run(
                Job(s),
                [*GONGYUE, "build", str(city), "--shard", s, "-d", str(out / "shards" / s)],
                city,
            )
            for s in shards
        ]
        top = run(
            Job("top"),
            [*GONGYUE, "build", str(city), "--top", str(out / "shards"), "-d", str(out / "top")],
            city,
        )
        shutil.rmtree(out / "site-edited", ignore_errors=True)
        merge = run(
            Job("merge"),
            [
                *GONGYUE,
                "merge",
                str(out / "top"),
                str(out / "shards"),
                "-o",
                str(out / "site-edited"),
            ],
            city,
        )
    finally:
        prose.write_text(original, encoding="utf-8")
    others = [j.wall for j in jobs[1:]]
    text = "\n".join(
        [
            f"{time.strftime('%Y-%m-%d')} 运行，{size:,} 个院落，改动 `docs/{shards[0]}/index.md` 一个文件后重新发布：",
            "",
            f"| 改动的分片 s | 其余 {len(others)} 个分片（沿用）s，合计 / 最长 | 顶层 s | 合并+索引 s | 合计 s |",
            "|---:|---:|---:|---:|---:|",
            f"| {jobs[0].wall:.0f} | {sum(others):.1f} / {max(others, default=0):.1f} | {top.wall:.0f} "
            f"| {merge.wall:.0f} | {sum(j.wall for j in jobs) + top.wall + merge.wall:.0f} |",
        ]
    )
    print(text, flush=True)
    _write_marked(path, text, EDIT_START, EDIT_END)


def _write_marked(path: Path, text: str, start: str, end: str) -> None:
    old = path.read_text(encoding="utf-8") if path.is_file() else "# 基准测试结果\n"
    if start not in old:
        old = old.rstrip() + f"\n\n{start}\n{end}\n"
    head, rest = old.split(start, 1)
    path.write_text(f"{head}{start}\n{text}\n{end}{rest.split(end, 1)[1]}", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--sizes", default="1000,2500,5000", help="comma-separated courtyard counts"
    )
    parser.add_argument("--parallel", type=int, default=2, help="shard jobs at once (a matrix)")
    parser.add_argument("--results", type=Path, default=ROOT / "bench" / "RESULTS.md")
    parser.add_argument(
        "--republish",
        action="store_true",
        help="time an edit in one district, on the largest size's outputs",
    )
    parser.add_argument(
        "--one-index",
        action="store_true",
        help="one search index for the province, not one per district",
    )
    args = parser.parse_args()
    WORK.mkdir(parents=True, exist_ok=True)
    if args.republish:
        republish(int(args.sizes.split(",")[-1]), args.results)
        return
    results = []
    for size in [int(s) for s in args.sizes.split(",")]:
        print(f"{size} courtyards", flush=True)
        results.append(province(size, args.parallel, not args.one_index))
        write_results(results, args.parallel, args.results)
        print("\n".join(table(results)), flush=True)


if __name__ == "__main__":
    main()
