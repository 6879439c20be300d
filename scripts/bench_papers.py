"""Issue 26: what the papers of the procedure add to a city's build.

A synthetic city (``gen_corpus.py``) is built with ``papers: true`` and ``papers: false``
alternately in one process, so that the machine's noise falls on both; printed are the
wall-clock times of each round and the number of paper pages written.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
import gen_corpus  # noqa: E402


def city(courtyards: int) -> Path:
    folder = Path(tempfile.mkdtemp(prefix="gongyue-papers-city-"))
    gen_corpus.city(folder, courtyards)
    return folder


def with_papers(project: Path, on: bool) -> Path:
    """A copy of the project's mkdocs.yml with the papers on or off."""
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    variant = project / f"mkdocs-papers-{'on' if on else 'off'}.yml"
    setting = "true" if on else "false"
    variant.write_text(config.rstrip("\n") + f"\n      papers: {setting}\n", encoding="utf-8")
    return variant


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--courtyards", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=2)
    arguments = parser.parse_args()
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    project = city(arguments.courtyards)
    out = Path(tempfile.mkdtemp(prefix="gongyue-papers-site-"))
    times: dict[bool, list[float]] = {True: [], False: []}
    papers = 0
    for _ in range(arguments.rounds):
        for on in (True, False):
            shutil.rmtree(out, ignore_errors=True)
            config = load_config(str(with_papers(project, on)), site_dir=str(out))
            start = time.perf_counter()
            build(config)
            times[on].append(time.perf_counter() - start)
            if on:
                papers = len(list(out.glob("**/papers/*/index.html")))
    shutil.rmtree(out, ignore_errors=True)
    shutil.rmtree(project, ignore_errors=True)
    said = {k: "、".join(f"{t:.1f}" for t in v) for k, v in times.items()}
    print("| 院落 | 文书页 | 有文书（每轮） | 没有文书（每轮） |")
    print("|---:|---:|---|---|")
    print(f"| {arguments.courtyards} | {papers} | {said[True]} s | {said[False]} s |")


if __name__ == "__main__":
    main()
