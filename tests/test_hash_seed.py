"""Comparisons do not depend on the process's string hash seed.

Each build process (the engine's and its helpers) has its own seed, so anything
that follows the order of a set of strings can make the same sources give
other bytes from one build to the next, or from a full build to a cached one.
A synthetic city is compared in two processes with different seeds; with 100
courtyards it holds pairs whose ties were broken by that order (the 对照 of
``qu-1/jie-1/she-8/yuan-3/fazhi-gongyue`` said “第二条拆分为…” under one seed).
"""

from __future__ import annotations

import os
import random
import subprocess
import sys
from pathlib import Path

import gen_corpus

EVERY_PAIR = """
import sys
from itertools import combinations
from pathlib import Path
from gongyue.record.sources import read_source
from gongyue.text import articles
from gongyue.text.compare import compare

for folder in sorted({p.parent for p in Path(sys.argv[1]).rglob("20*.md")}):
    texts = [articles.parse(read_source(f, f.name).body) for f in sorted(folder.glob("20*.md"))]
    for a, b in combinations(texts, 2):
        for change in compare(a, b).changes:
            words = "；".join(r.words for r in change.relations)
            print(folder.name, change.op, change.old_label, change.new_label, words)
"""


def _compared(docs: Path, seed: str) -> str:
    env = dict(os.environ, PYTHONHASHSEED=seed)
    command = [sys.executable, "-c", EVERY_PAIR, str(docs)]
    return subprocess.run(command, env=env, capture_output=True, text=True, check=True).stdout


def test_every_comparison_of_a_city_is_the_same_under_two_hash_seeds(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    gen_corpus._write_city(docs, 100, random.Random(1))
    first, second = _compared(docs, "1"), _compared(docs, "5")
    assert first.count("\n") > 1000  # the city was compared, pair by pair
    assert first == second
