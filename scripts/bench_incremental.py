"""What a publish costs with the page cache: full, nothing changed, one change.

    .venv/bin/python scripts/bench_incremental.py --courtyards 1000

Generates the synthetic city (scripts/gen_corpus.py) and builds it with a
cache folder (GONGYUE_CACHE): first from an empty cache, then again with
nothing changed (over its own last output — kept whole —, again with a file
left in that output so that it is not, then into a new folder as CI does), then after each of the committee's usual changes — a draft's text
edited, a version adopted (with its lock entry), a courtyard renamed — each
over the last output.
After each change the same sources are built once more without a cache, and
the two sites are compared file by file: the incremental build must be the
full build's bytes. Wall and CPU seconds (the build and every process it
starts) come from the operating system. Results go to stdout and to their
section of bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import filecmp
import os
import re
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
import bench  # noqa: E402
import gen_corpus  # noqa: E402
from gongyue.publish.search import INDEX_FOLDER  # noqa: E402

# A folder of its own inside the benchmarks' (it is removed at the start of each run).
WORK = Path(os.environ.get("GONGYUE_BENCH_DIR", "/tmp/gongyue-bench")) / "incremental"
START, END = "<!-- bench-incremental:start -->", "<!-- bench-incremental:end -->"


def build(city: Path, site: Path, cache: Path | None) -> tuple[float, float]:
    """Wall and CPU seconds of one ``mkdocs build`` in a child process."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    env.pop("GONGYUE_CACHE", None)
    if cache is not None:
        env["GONGYUE_CACHE"] = str(cache)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    command = [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(city / "mkdocs.yml")]
    subprocess.run([*command, "-d", str(site)], check=True, env=env)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if not any((site / INDEX_FOLDER).glob("**/pagefind-entry.json")):
        # A build whose Pagefind failed only warns; timed, it would look fast.
        raise SystemExit(f"{site}: no search index was built; the figures would not be a publish's")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def differences(a: Path, b: Path) -> list[str]:
    """Files that differ or exist on one side only, relative to the sites."""
    found: list[str] = []

    def walk(cmp: filecmp.dircmp[str], prefix: str) -> None:
        found.extend(prefix + name for name in cmp.left_only + cmp.right_only + cmp.funny_files)
        _, mismatch, errors = filecmp.cmpfiles(cmp.left, cmp.right, cmp.common_files, shallow=False)
        found.extend(prefix + name for name in mismatch + errors)
        for name, sub in cmp.subdirs.items():
            walk(sub, f"{prefix}{name}/")

    walk(filecmp.dircmp(a, b), "")
    return found


def edit_draft(docs: Path) -> str:
    draft = sorted(docs.rglob("draft.md"))[0]
    text = draft.read_text(encoding="utf-8")
    draft.write_text(text.rstrip("\n") + "居委会修改了这一句。\n", encoding="utf-8")
    return draft.relative_to(docs).as_posix()


def adopt_version(city: Path) -> str:
    """A new adopted version of a charter: its latest text again, a day before the build
    date, recorded in the lock as ``gongyue lock`` would."""
    docs = city / "docs"
    charter = next(
        folder
        for folder in sorted(p.parent for p in docs.rglob("20*.md"))
        if not (folder / "draft.md").exists() and _latest(folder).name < "2025"
    )
    latest = _latest(charter)
    day = gen_corpus.BUILD_DATE - dt.timedelta(days=1)
    text = latest.read_text(encoding="utf-8")
    text = re.sub(r"(?m)^change: .*$", "change: 修订", text, count=1)
    text = re.sub(r"\d{4}-\d{2}-\d{2}", str(day), text)
    target = charter / f"{day}.md"
    target.write_text(text.replace("第一条", "第一条 （修订）", 1), encoding="utf-8")
    gen_corpus._lock(city)
    return target.relative_to(docs).as_posix()


def _latest(folder: Path) -> Path:
    return sorted(folder.glob("20*.md"))[-1]


def rename_unit(docs: Path) -> str:
    index = sorted(docs.rglob("yuan-1/index.md"))[0]
    text = index.read_text(encoding="utf-8")
    index.write_text(text.replace("号院落", "号院（更名）", 1), encoding="utf-8")
    return index.relative_to(docs).as_posix()


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--courtyards", type=int, default=300)
    parser.add_argument("--results", type=Path, default=ROOT / "bench" / "RESULTS.md")
    parser.add_argument(
        "--no-compare",
        dest="compare",
        action="store_false",
        help="time the cached builds only: no full build without a cache to compare with "
        "(for 5,000 courtyards; written to a section of its own)",
    )
    parser.add_argument(
        "--search-areas",
        action="store_true",
        help="with search_areas: true (a search index per district; written to a section of "
        "its own)",
    )
    return parser.parse_args()


def main() -> None:
    args = arguments()
    if WORK.exists():
        shutil.rmtree(WORK)
    city, cache = WORK / "city", WORK / "cache"
    gen_corpus.city(city, args.courtyards)
    if args.search_areas:  # the generated mkdocs.yml ends with the plugin's settings
        with (city / "mkdocs.yml").open("a", encoding="utf-8") as config:
            config.write("\n      search_areas: true\n")
    rows: list[tuple[str, float, float, str]] = []
    if args.compare:
        wall, cpu = build(city, WORK / "site", None)
        rows.append(("full build, no cache", wall, cpu, "-"))
    wall, cpu = build(city, WORK / "site", cache)
    rows.append(("full build, filling an empty cache", wall, cpu, "-"))
    wall, cpu = build(city, WORK / "site", cache)
    rows.append(("nothing changed", wall, cpu, "-"))
    # The same, the last site not kept whole: every charter taken back one by one.
    (WORK / "site" / "extra.txt").write_text("x", encoding="utf-8")
    wall, cpu = build(city, WORK / "site", cache)
    rows.append(("nothing changed, a file left in the output folder", wall, cpu, "-"))
    # As on CI: the cache restored, the output folder new (every page out of its pack).
    wall, cpu = build(city, WORK / "fresh", cache)
    rows.append(("nothing changed, new output folder (as on CI)", wall, cpu, "-"))
    changes = (
        ("a draft's text edited", lambda: edit_draft(city / "docs")),
        ("a version adopted", lambda: adopt_version(city)),
        ("a courtyard renamed", lambda: rename_unit(city / "docs")),
    )
    for name, change in changes:
        what = change()
        wall, cpu = build(city, WORK / "site", cache)
        verdict = "not compared"
        if args.compare:
            build(city, WORK / "full", None)
            differ = differences(WORK / "site", WORK / "full")
            verdict = "identical" if not differ else f"{len(differ)} differ: {differ[:3]}"
        rows.append((f"{name} ({what})", wall, cpu, verdict))
    report(args, rows, cache)


def report(
    args: argparse.Namespace, rows: list[tuple[str, float, float, str]], cache: Path
) -> None:
    """The table, on stdout and in its section of RESULTS.md (one per kind of run: compared
    with full builds, alone, with search areas)."""
    pages = sum(1 for _ in (WORK / "site").rglob("index.html"))
    flags = f"--courtyards {args.courtyards}" + ("" if args.compare else " --no-compare")
    flags += " --search-areas" if args.search_areas else ""
    lines = [
        f"机器：{bench.machine()}。命令：`scripts/bench_incremental.py {flags}`"
        f"（{time.strftime('%Y-%m-%d')} 运行）：{args.courtyards} 个院落，{pages} 页，"
        f"缓存 {_size(cache) / 1e6:.0f} MB。",
        "",
        "| build | wall s | CPU s | against a full build |",
        "|---|---:|---:|---|",
        *(f"| {name} | {wall:.1f} | {cpu:.1f} | {verdict} |" for name, wall, cpu, verdict in rows),
    ]
    print("\n".join(lines))
    if args.results:
        kind = "incremental" + ("" if args.compare else "-alone")
        kind += "-areas" if args.search_areas else ""
        start, end = (marker.replace("incremental", kind) for marker in (START, END))
        bench.write_section(args.results, "\n".join(lines), start, end)


def _size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


if __name__ == "__main__":
    main()
