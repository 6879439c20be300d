"""Where one cached build's wall time goes, phase by phase.

    .venv/bin/python scripts/bench_incremental.py --courtyards 5000 --no-compare --search-areas
    .venv/bin/python scripts/bench_phases.py --change draft     # then as often as wanted

Works on the city and cache ``bench_incremental.py`` leaves in its folder
(``GONGYUE_BENCH_DIR``, default /tmp/gongyue-bench): makes one of its changes
(a draft edited, a version adopted, a courtyard renamed, or none), then builds
once in this process over the last output with the cache, each of the phases
below timed by the wall clock (a phase inside another counts in both). Only
proportions within one run mean much on a shared machine; cProfile would
double the times of the Python parts and not those of Pagefind.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
import bench_incremental  # noqa: E402

# (module, attribute), each looked up where the build calls it from.
PHASES = [
    ("gongyue.adapters.plugin", "GongyuePlugin.on_pre_build"),
    ("gongyue.adapters.plugin", "GongyuePlugin.on_files"),
    ("gongyue.adapters.plugin", "GongyuePlugin.on_env"),
    ("gongyue.adapters.plugin", "GongyuePlugin.on_post_build"),
    ("gongyue.adapters.cache", "load_remembering"),
    ("gongyue.adapters.cache", "data_files"),
    ("gongyue.adapters.making", "start_making"),
    ("gongyue.publish.themed", "jobs"),
    ("gongyue.adapters.plugin", "unit_pages"),
    ("gongyue.adapters.making", "finish_making"),
    ("gongyue.adapters.making", "finish_site"),
    ("gongyue.adapters.making", "sharding.finish"),
    ("gongyue.publish.kept_site", "KeptSite.take"),
    ("gongyue.publish.kept_site", "KeptSite.finish"),
    ("gongyue.adapters.cache", "index_search"),
    ("mkdocs.commands.build", "get_files"),
    ("mkdocs.commands.build", "get_navigation"),
    ("mkdocs.commands.build", "_populate_page"),
    ("mkdocs.commands.build", "_build_page"),
]
CHANGES: dict[str, Callable[[Path], str]] = {
    "draft": lambda city: bench_incremental.edit_draft(city / "docs"),
    "adopt": bench_incremental.adopt_version,
    "rename": lambda city: bench_incremental.rename_unit(city / "docs"),
    "none": lambda city: "-",
}


class Timers:
    def __init__(self) -> None:
        self.seconds: defaultdict[str, float] = defaultdict(float)
        self.calls: defaultdict[str, int] = defaultdict(int)
        self.originals: list[tuple[Any, str, Any]] = []

    def wrap(self, module: str, attribute: str) -> None:
        """Time every call of ``module.attribute`` (a dotted attribute: a method)."""
        *path, name = attribute.split(".")
        owner: Any = importlib.import_module(module)
        for part in path:
            owner = getattr(owner, part)
        original = getattr(owner, name)
        label = f"{module.rsplit('.', 1)[-1]}.{attribute}"

        def timed(*args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                self.seconds[label] += time.perf_counter() - started
                self.calls[label] += 1

        self.originals.append((owner, name, original))
        setattr(owner, name, timed)

    def restore(self) -> None:
        """Every function as it was before ``wrap``."""
        for owner, name, original in reversed(self.originals):
            setattr(owner, name, original)
        self.originals.clear()

    def table(self, total: float) -> str:
        lines = [
            "| phase | calls | wall s |",
            "|---|---:|---:|",
            f"| whole build | 1 | {total:.2f} |",
        ]
        for label, seconds in sorted(self.seconds.items(), key=lambda item: -item[1]):
            lines.append(f"| {label} | {self.calls[label]} | {seconds:.2f} |")
        return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--change", choices=sorted(CHANGES), default="draft")
    args = parser.parse_args()
    work = bench_incremental.WORK
    city, cache, site = work / "city", work / "cache", work / "site"
    if not cache.is_dir():
        raise SystemExit(f"{cache}: no cache; run scripts/bench_incremental.py first")
    print(f"change: {args.change} ({CHANGES[args.change](city)})")
    os.environ["GONGYUE_CACHE"] = str(cache)
    timers = Timers()
    try:
        for module, attribute in PHASES:
            timers.wrap(module, attribute)
        total = timed_build(city, site)
    finally:
        timers.restore()
    print(timers.table(total))


def timed_build(city: Path, site: Path) -> float:
    """One ``mkdocs build`` of ``city`` in this process; its wall seconds (without the
    imports, which a ``mkdocs build`` of its own also spends)."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    started = time.perf_counter()
    config = load_config(str(city / "mkdocs.yml"), site_dir=str(site))
    config.plugins.on_startup(command="build", dirty=False)  # as `mkdocs build` does
    try:
        build(config)
    finally:
        config.plugins.on_shutdown()
    return time.perf_counter() - started


if __name__ == "__main__":
    main()
