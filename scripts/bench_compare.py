"""Time the comparison of two 200-article versions (a benchmark, not a test).

Three pairs: an insertion near the top (everything after renumbers), scattered
rewordings, and a heavy rewrite of a third of the articles. Prints the median
of repeated runs in milliseconds.

    .venv/bin/python scripts/bench_compare.py
"""

from __future__ import annotations

import random
import statistics
import time

from gongyue.articles import parse
from gongyue.compare import compare
from gongyue.numerals import int_to_cn

WORDS = list(
    "居民院落楼道电动车充电垃圾分类邻里和睦文明养犬停车装修噪声公共设施维修资金议事协商公示"
)


def article_text(rng: random.Random) -> str:
    return "".join(rng.choice(WORDS) for _ in range(rng.randint(20, 80))) + "。"


def charter(texts: list[str]) -> str:
    return "\n".join(f"第{int_to_cn(i)}条 {t}" for i, t in enumerate(texts, 1))


def pairs(rng: random.Random) -> dict[str, tuple[str, str]]:
    base = [article_text(rng) for _ in range(200)]
    inserted = [*base[:5], article_text(rng), *base[5:]]
    reworded = [t[:-1] + "，另有规定的除外。" if i % 20 == 0 else t for i, t in enumerate(base)]
    rewritten = [article_text(rng) if i % 3 == 0 else t for i, t in enumerate(base)]
    return {
        "insert one near the top": (charter(base), charter(inserted)),
        "reword every 20th": (charter(base), charter(reworded)),
        "rewrite every 3rd": (charter(base), charter(rewritten)),
    }


def main() -> None:
    rng = random.Random(20261125)
    for name, (old_text, new_text) in pairs(rng).items():
        old, new = parse(old_text), parse(new_text)
        times = []
        for _ in range(15):
            start = time.perf_counter()
            result = compare(old, new)
            times.append((time.perf_counter() - start) * 1000)
        print(f"{name:28} {statistics.median(times):7.1f} ms  {result.summary}")


if __name__ == "__main__":
    main()
