"""Time parsing and comparing two versions of a text (a benchmark, not a test).

Pairs:

* three synthetic 200-article pairs: an insertion near the top (everything after
  renumbers), scattered rewordings, a heavy rewrite of a third of the articles;
* 300 real articles (公司法 2023 and the first 34 articles of 慈善法 2023) and a
  light amendment of them: a dozen edits, two insertions, a deletion, a move;
* the real full revision 公司法 2018 → 2023 (218 → 266 articles);
* 2 MB of real text with no numbering at all (one block) and a copy with about
  one sentence in fifty edited, dropped or added.

Prints the median and the best of repeated runs in milliseconds, parse and
compare together (the redline included), and the summary of the comparison.

    .venv/bin/python scripts/bench_compare.py [--skip-large]

``--skip-large`` leaves out the 2 MB text (an engine whose redline is quadratic,
such as the one before issue 10, takes far too long on it).
"""

from __future__ import annotations

import random
import re
import statistics
import sys
import time
from pathlib import Path

from gongyue.text.articles import parse
from gongyue.text.compare import compare
from gongyue.text.numerals import int_to_cn

TEXTS = Path(__file__).resolve().parent.parent / "tests" / "corpus" / "texts"
WORDS = list(
    "居民院落楼道电动车充电垃圾分类邻里和睦文明养犬停车装修噪声公共设施维修资金议事协商公示"
)


def article_text(rng: random.Random) -> str:
    return "".join(rng.choice(WORDS) for _ in range(rng.randint(20, 80))) + "。"


def charter(texts: list[str]) -> str:
    return "\n".join(f"第{int_to_cn(i)}条 {t}" for i, t in enumerate(texts, 1))


def synthetic(rng: random.Random) -> dict[str, tuple[str, str]]:
    base = [article_text(rng) for _ in range(200)]
    inserted = [*base[:5], article_text(rng), *base[5:]]
    reworded = [t[:-1] + "，另有规定的除外。" if i % 20 == 0 else t for i, t in enumerate(base)]
    rewritten = [article_text(rng) if i % 3 == 0 else t for i, t in enumerate(base)]
    return {
        "200 synthetic, insert one near the top": (charter(base), charter(inserted)),
        "200 synthetic, reword every 20th": (charter(base), charter(reworded)),
        "200 synthetic, rewrite every 3rd": (charter(base), charter(rewritten)),
    }


def real_articles(name: str) -> list[str]:
    return [p.text for p in parse((TEXTS / name).read_text(encoding="utf-8")).articles]


def light_amendment(rng: random.Random) -> tuple[str, str]:
    """About 300 real articles (the corpus's one real law, five times over), lightly amended."""
    old = (
        real_articles("shanghai-shehui-jiuzhu-2024.md") * 5
        + real_articles("shanghai-shehui-jiuzhu-2018.md")[:20]
    )
    new = list(old)
    for k in rng.sample(range(len(new)), 12):
        new[k] = new[k].replace("应当", "必须", 1).rstrip("。") + "，法律另有规定的除外。"
    new.insert(40, "居民委员会可以组织居民就本社区的公共事务进行协商。")
    new.insert(200, "院落居民大会的决定应当在院落公告栏公示七日。")
    del new[120]
    new.insert(10, new.pop(250))
    return charter(old), charter(new)


def unnumbered(rng: random.Random, size: int = 2_000_000) -> tuple[str, str]:
    """Real sentences without any number, repeated to ``size`` bytes, and an edited copy."""
    text = "\n".join(p.read_text(encoding="utf-8") for p in sorted(TEXTS.glob("*.md")))
    plain = re.sub(
        r"^#+ .*$|^第\S+?[条章节](?:之\S)? ?|^[一二三四五六七八九十]+、|^[0-9]+[.、]",
        "",
        text,
        flags=re.M,
    )
    body = ""
    while len(body.encode()) < size:
        body += plain
    edited: list[str] = []
    for sentence in re.findall(r"[^。\n]*[。\n]", body):
        roll = rng.random()
        if roll < 0.005:
            continue
        edited.append(sentence.replace("应当", "必须", 1) if roll < 0.02 else sentence)
        if 0.005 <= roll < 0.01:
            edited.append("新增的一句话。")
    return body, "".join(edited)


def timed(old_text: str, new_text: str, runs: int) -> tuple[list[float], str]:
    times = []
    summary = ""
    for _ in range(runs):
        start = time.perf_counter()
        result = compare(parse(old_text), parse(new_text))
        times.append((time.perf_counter() - start) * 1000)
        summary = result.summary
    return times, summary


def main() -> None:
    rng = random.Random(20261125)
    cases = synthetic(rng)
    cases["300 real articles, light amendment"] = light_amendment(rng)
    cases["上海市社会救助条例 2018 → 2024 (56 articles, terms renamed)"] = (
        (TEXTS / "shanghai-shehui-jiuzhu-2018.md").read_text(encoding="utf-8"),
        (TEXTS / "shanghai-shehui-jiuzhu-2024.md").read_text(encoding="utf-8"),
    )
    if "--skip-large" not in sys.argv:
        cases["2 MB unnumbered text, edited copy"] = unnumbered(rng)
    print("| pair | median ms | best ms | summary |")
    print("|---|---:|---:|---|")
    for name, (old_text, new_text) in cases.items():
        times, summary = timed(old_text, new_text, 3 if "MB" in name else 11)
        print(f"| {name} | {statistics.median(times):.0f} | {min(times):.0f} | {summary} |")


if __name__ == "__main__":
    main()
