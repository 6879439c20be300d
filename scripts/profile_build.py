"""Issue 28's per-page cost: where a city build spends its CPU, by package.

A synthetic city (``gen_corpus.py``) is built once in this process under cProfile; the
time spent in each function's own code (``tottime``) is summed by package (gongyue's
modules one by one, then Jinja, Markdown, MkDocs, lxml …) and printed largest first,
with the milliseconds per written HTML page. Helper processes (companion pages) are
kept in this process (``companion_process: none``) so that their work is counted.

``--warm`` profiles a publish with nothing changed instead: the city is built once
with a page cache (not profiled), then again under the profiler; ``--functions``
also prints the functions with the most time in them and under them.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import shutil
import sys
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
import gen_corpus  # noqa: E402


def package_of(filename: str) -> str:
    path = filename.replace("\\", "/")
    if "/gongyue/" in path:
        part = path.split("/gongyue/", 1)[1]
        return "gongyue/" + part.removesuffix(".py")
    if "site-packages/" in path:
        return path.split("site-packages/", 1)[1].split("/", 1)[0]
    if path.startswith("<") or "/lib/python3" in path:
        return "Python"
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--courtyards", type=int, default=100)
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--warm", action="store_true", help="profile a build from a full cache")
    parser.add_argument("--functions", type=int, default=0, help="also the N costliest functions")
    arguments = parser.parse_args()
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    city = Path(tempfile.mkdtemp(prefix="gongyue-profile-city-"))
    site = Path(tempfile.mkdtemp(prefix="gongyue-profile-site-"))
    gen_corpus.city(city, arguments.courtyards)
    config_file = city / "mkdocs.yml"
    text = config_file.read_text(encoding="utf-8").rstrip("\n")
    config_file.write_text(text + "\n      companion_process: none\n      search: false\n")
    if arguments.warm:
        os.environ["GONGYUE_CACHE"] = str(city.parent / (city.name + "-cache"))
        build(load_config(str(config_file), site_dir=str(site)))
    config = load_config(str(config_file), site_dir=str(site))
    profiler = cProfile.Profile()
    profiler.enable()
    build(config)
    profiler.disable()
    pages = len(list(site.rglob("*.html")))
    stats = pstats.Stats(profiler)
    own: Counter[str] = Counter()
    for (filename, _, _), (_, _, tottime, _, _) in stats.stats.items():  # type: ignore[attr-defined]
        own[package_of(filename)] += tottime
    total = sum(own.values())
    print(
        f"| 包（{arguments.courtyards} 个院落，{pages:,} 个 HTML 文件） | CPU s | 每页 ms | 占比 |"
    )
    print("|---|---:|---:|---:|")
    for package, seconds in own.most_common(arguments.top):
        print(
            f"| {package} | {seconds:.1f} | {seconds / pages * 1000:.2f} | {seconds / total:.0%} |"
        )
    print(f"| 合计 | {total:.1f} | {total / pages * 1000:.2f} | 100% |")
    if arguments.functions:
        stats.sort_stats("cumulative").print_stats(arguments.functions)
    shutil.rmtree(city, ignore_errors=True)
    shutil.rmtree(site, ignore_errors=True)
    shutil.rmtree(city.parent / (city.name + "-cache"), ignore_errors=True)


if __name__ == "__main__":
    main()
