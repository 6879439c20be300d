"""What the record's integrity costs a city: ``gongyue check`` with and without git history.

    python scripts/bench_integrity.py [--courtyards 1000]

Generates the synthetic city (scripts/gen_corpus.py) and, in one run, times
``gongyue check`` in its own process:

* plain: the city as a folder, checked against gongyue.lock alone;
* git: the same city committed to a git repository (history asked too);
* errata: then 5% of the adopted versions corrected by a stated erratum and
  committed, so their first committed content has to be read and undone;
* read-history: the two git processes alone (log and cat-file), in-process.

Figures are medians of three runs; compare the ratios, not the seconds (the
machine is shared). Prints a Markdown table for bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
import gen_corpus  # noqa: E402
from gongyue.adapters.git import run_git  # noqa: E402
from gongyue.record.history import read_history  # noqa: E402

WORK = Path(os.environ.get("GONGYUE_BENCH_DIR", "/tmp/gongyue-bench")) / "integrity"
GIT = {
    "GIT_AUTHOR_NAME": "bench",
    "GIT_AUTHOR_EMAIL": "b@example.cn",
    "GIT_COMMITTER_NAME": "bench",
    "GIT_COMMITTER_EMAIL": "b@example.cn",
}
RUNS = 3


def timed_check(city: Path) -> float:
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "gongyue.cli", "check", str(city), "--date", "2026-11-25"],
        capture_output=True,
        text=True,
        check=False,
    )
    elapsed = time.perf_counter() - start
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    return elapsed


def median_check(city: Path) -> float:
    return statistics.median(timed_check(city) for _ in range(RUNS))


def git(city: Path, *args: str) -> None:
    subprocess.run(
        ["git", *args], cwd=city, check=True, capture_output=True, env={**os.environ, **GIT}
    )


def correct_some(city: Path, share: float) -> int:
    """Give ``share`` of the adopted versions a stated erratum (a typo fixed after adoption)."""
    rng = random.Random(5)
    files = sorted(p for p in (city / "docs").rglob("*.md") if p.stem[:4].isdigit())
    adopted = [f for f in files if "result: 通过" in f.read_text(encoding="utf-8")]
    corrected = 0
    for file in rng.sample(adopted, int(len(adopted) * share)):
        text = file.read_text(encoding="utf-8")
        front, body = text.split("\n---\n", 1)
        line = next((ln for ln in body.split("\n") if len(ln) > 12), None)
        old = line[-6:-1] if line else ""
        if not old or body.count(old) != 1 or body.count(old + "改") != 0:
            continue  # a repeal (no text), or no phrase that appears exactly once
        erratum = f'errata:\n  - {{date: 2026-11-01, from: "{old}", to: "{old}改"}}\n'
        file.write_text(f"{front}\n{erratum}---\n{body.replace(old, old + '改')}", "utf-8")
        corrected += 1
    return corrected


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--courtyards", type=int, default=1000)
    args = parser.parse_args()
    city = WORK / f"city-{args.courtyards}"
    gen_corpus.city(city, args.courtyards)
    versions = sum(1 for p in (city / "docs").rglob("*.md") if p.stem[:4].isdigit())
    plain = median_check(city)
    git(city, "init", "-q")
    git(city, "add", "-A")
    git(city, "commit", "-qm", "city")
    with_git = median_check(city)
    corrected = correct_some(city, 0.05)
    git(city, "commit", "-qam", "errata")
    with_errata = median_check(city)
    start = time.perf_counter()
    history = read_history(city, city / "docs", run_git)
    reading = time.perf_counter() - start
    assert history.available, history.reason
    print(
        f"| 院落 | 已表决版本 | 检查（无 git） | 检查（有 git 历史） | 另有 {corrected} 个版本带勘误 | 读 git 历史 |"
    )
    print("|---:|---:|---:|---:|---:|---:|")
    print(
        f"| {args.courtyards:,} | {versions:,} | {plain:.2f} s | {with_git:.2f} s（×{with_git / plain:.2f}）"
        f" | {with_errata:.2f} s（×{with_errata / plain:.2f}） | {reading:.2f} s |"
    )


if __name__ == "__main__":
    main()
