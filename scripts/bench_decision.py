"""Issue 25's target: a decision for a 300-article amendment generated and applied in under
1 s each. A synthetic charter of 300 articles in 10 chapters is amended in every way a
decision can say — articles restated, added, deleted, words replaced, inserted and
deleted — and the best of five runs of each step is printed as a table row."""

from __future__ import annotations

import argparse
import os
import random
import shutil
import tempfile
import time
from pathlib import Path

from gongyue.text.decision.apply import apply_decision
from gongyue.text.decision.generate import decide
from gongyue.text.decision.items import decision_text
from gongyue.text.decision.written import read_decision
from gongyue.text.numerals import int_to_cn

WORDS = "居民应当爱护公共环境遵守本公约互相帮助文明养犬垃圾分类车辆有序停放不得占用消防通道"


def sentence(rng: random.Random, n: int) -> str:
    return "".join(rng.choice(WORDS) for _ in range(n)) + "。"


def charter(articles: int, rng: random.Random) -> list[list[str]]:
    """Chapters of article texts (each article a unique sentence of 30–80 characters)."""
    per = articles // 10
    return [
        [f"第{c}{i}款 {sentence(rng, rng.randint(30, 80))}" for i in range(per)] for c in range(10)
    ]


def written(chapters: list[list[str]]) -> str:
    lines, n = ["# 测试公约", ""], 0
    for c, texts in enumerate(chapters, 1):
        lines += [f"## 第{int_to_cn(c)}章 第{int_to_cn(c)}部分", ""]
        for text in texts:
            n += 1
            lines += [f"**第{int_to_cn(n)}条** {text}", ""]
    return "\n".join(lines)


def amended(chapters: list[list[str]], rng: random.Random) -> list[list[str]]:
    """About a tenth of the articles changed in each way."""
    result = []
    for texts in chapters:
        new = []
        for text in texts:
            roll = rng.random()
            if roll < 0.03:
                continue  # deleted
            if roll < 0.06:
                new.append(f"新{sentence(rng, 40)}")  # restated
            elif roll < 0.12:
                at = rng.randint(5, len(text) - 5)
                new.append(text[:at] + "并且" + text[at + 2 :])  # words changed
            else:
                new.append(text)
            if rng.random() < 0.03:
                new.append(f"增{sentence(rng, 50)}")  # added after it
        result.append(new)
    return result


def best_of(runs: int, step):  # type: ignore[no-untyped-def]
    times, value = [], None
    for _ in range(runs):
        start = time.perf_counter()
        value = step()
        times.append(time.perf_counter() - start)
    return min(times), value


def site_cost(city: Path, rounds: int) -> None:
    """A city built with and without the decisions its pages show, alternately in one
    process (the machine's noise falls on both): what the decisions add to a build."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    from gongyue.publish import pages

    shown = pages.shown_decision
    out = Path(tempfile.mkdtemp(prefix="gongyue-decision-"))
    times: dict[bool, list[float]] = {True: [], False: []}
    for _ in range(rounds):
        for with_decisions in (True, False):
            pages.shown_decision = shown if with_decisions else (lambda page: None)
            shutil.rmtree(out, ignore_errors=True)
            config = load_config(str(city / "mkdocs.yml"), site_dir=str(out))
            start = time.perf_counter()
            build(config)
            times[with_decisions].append(time.perf_counter() - start)
    shutil.rmtree(out, ignore_errors=True)
    said = {k: "、".join(f"{t:.1f}" for t in v) for k, v in times.items()}
    print(f"| {city.name} | 有修改决定：{said[True]} s | 没有：{said[False]} s |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--city", type=Path, help="also build this city with and without decisions")
    parser.add_argument("--rounds", type=int, default=2)
    arguments = parser.parse_args()
    count = arguments.articles
    rng = random.Random(25)
    chapters = charter(count, rng)
    old, new = written(chapters), written(amended(chapters, rng))
    generated, items = best_of(5, lambda: decide(old, new))
    text = decision_text("测试公约", items)
    applied, _ = best_of(5, lambda: apply_decision(old, read_decision(text)))
    print("| 条文 | 修改决定的项数 | 生成（含用原文核对一遍） | 读回并执行 |")
    print("|---:|---:|---:|---:|")
    print(f"| {count} | {len(items)} | {generated:.2f} s | {applied:.3f} s |")
    if arguments.city:
        site_cost(arguments.city, arguments.rounds)


if __name__ == "__main__":
    main()
