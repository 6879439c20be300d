"""Generate a synthetic city in gongyue's content format (deterministic for a seed).

    .venv/bin/python scripts/gen_corpus.py OUT_DIR --courtyards 1000 [--seed 1]

Districts hold streets, streets hold communities, communities hold
courtyards. Every courtyard has 2–4 charters, every community a 居民公约 and a
自治章程; each charter has 1–6 adopted versions made by inserting, deleting
and rewording articles (10–40 of them), in both text shapes, with some
failed votes, drafts open for comment and repeals. The texts are generated
nonsense of the right shape and are not meant to be read.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import shutil
from dataclasses import dataclass
from pathlib import Path

from gongyue.adapters.git import run_git
from gongyue.procedure.integrity import verify
from gongyue.procedure.lock import LOCK_NAME, render_lock
from gongyue.record.loader import load_tolerantly
from gongyue.text.numerals import int_to_cn

SUBJECTS = ["居民", "住户", "业主", "院落自治小组", "物业服务人", "租户", "商户", "志愿者"]
DUTIES = [
    "爱护楼道灯、门禁和监控等公共设施",
    "按照要求分类投放生活垃圾",
    "不在楼道、楼梯间堆放杂物",
    "电动自行车在车棚停放充电",
    "文明养犬，出门拴绳",
    "晚上十点以后不大声喧哗",
    "装修在规定时间内施工",
    "关心独居老人和困难家庭",
    "不占用消防通道",
    "不从建筑物中抛掷物品",
    "参加坝坝会共同商量院落事务",
    "按时公布公共收益和开支",
    "节约用水用电",
    "不私拉电线",
    "爱护绿化，不毁坏花草树木",
    "车辆按规定位置停放",
    "遇到矛盾先协商",
    "支持志愿服务",
]
TAILS = [
    "。",
    "，共同维护院落秩序。",
    "，发现问题及时报告。",
    "，违反的由院落自治小组劝导。",
    "，具体办法由院落议事会商定。",
]
COURTYARD_TYPES = ["院落公约", "文明公约", "法治公约", "管理规约"]
SLUGS = {
    "院落公约": "yuanluo-gongyue",
    "文明公约": "wenming-gongyue",
    "法治公约": "fazhi-gongyue",
    "管理规约": "guanli-guiyue",
    "居民公约": "jumin-gongyue",
    "居民自治章程": "jumin-zizhi-zhangcheng",
}
BUILD_DATE = dt.date(2026, 11, 25)


def article(rng: random.Random) -> str:
    return f"{rng.choice(SUBJECTS)}应当{rng.choice(DUTIES)}{rng.choice(TAILS)}"


@dataclass
class Text:
    shape: str  # "tiao" or "short"
    articles: list[str]

    def render(self, title: str) -> str:
        lines = [f"# {title}", "", "为了建设安全、整洁、和睦的家园，大家共同约定如下。", ""]
        if self.shape == "tiao":
            half = len(self.articles) // 2
            for i, text in enumerate(self.articles, 1):
                if i in (1, half + 1):
                    lines += [
                        f"## 第{int_to_cn(1 if i == 1 else 2)}章 {'一般规定' if i == 1 else '共同生活'}",
                        "",
                    ]
                lines += [f"**第{int_to_cn(i)}条** {text}", ""]
        else:
            lines += [f"{int_to_cn(i)}、{text}" for i, text in enumerate(self.articles, 1)]
        lines += ["", "本公约自通过之日起施行。", ""]
        return "\n".join(lines)

    def amended(self, rng: random.Random) -> tuple[Text, str]:
        articles = list(self.articles)
        change = rng.choice(["insert", "delete", "reword", "reword"])
        at = rng.randrange(len(articles))
        if change == "insert" or len(articles) <= 10:
            articles.insert(at, article(rng))
            summary = f"新增一条（第{int_to_cn(at + 1)}条），其后条文序号顺延。"
        elif change == "delete":
            del articles[at]
            summary = f"删去原第{int_to_cn(at + 1)}条。"
        else:
            articles[at] = articles[at].rstrip("。") + "，并接受院落自治小组监督。"
            summary = f"修改第{int_to_cn(at + 1)}条。"
        return Text(self.shape, articles[:40]), summary


def front_matter(
    title: str,
    kind: str,
    change: str,
    summary: str,
    day: dt.date,
    rng: random.Random,
    passed: bool = True,
) -> str:
    eligible = rng.randint(30, 300)
    # 业主大会 needs two thirds to take part (民法典 art. 278); the others more than half.
    least = -(-2 * eligible // 3) if kind == "管理规约" else eligible // 2 + 1
    present = rng.randint(least, eligible)
    votes_for = rng.randint(present // 2 + 1, present) if passed else rng.randint(0, present // 2)
    against = rng.randint(0, present - votes_for)
    abstain = present - votes_for - against
    start = day - dt.timedelta(days=rng.randint(15, 25))
    lines = [
        "---",
        f"title: {title}",
        f"type: {kind}",
        f"change: {change}",
        f"summary: {summary}",
        f"consultation: {{from: {start}, to: {start + dt.timedelta(days=9)}, where: 院落公示栏}}",
        "meeting:",
        "  body: 坝坝会",
        f"  date: {day}",
        "  unit: 户",
        f"  eligible: {eligible}",
        f"  present: {present}",
        f"  for: {votes_for}",
        f"  against: {against}",
        f"  abstain: {abstain}",
        f"result: {'通过' if passed else '未通过'}",
        f"published: {day + dt.timedelta(days=2)}",
        "---",
        "",
    ]
    if kind == "管理规约":
        lines = _owners(lines, eligible, present, votes_for)
    return "\n".join(lines)


def _owners(lines: list[str], eligible: int, present: int, votes_for: int) -> list[str]:
    """业主大会 with areas that pass the 民法典 art. 278 thresholds whenever the heads do."""
    lines = [
        ln.replace("body: 坝坝会", "body: 业主大会").replace("unit: 户", "unit: 业主")
        for ln in lines
    ]
    areas = [
        f"  area_eligible: {eligible * 90}.00",
        f"  area_present: {present * 90}.00",
        f"  area_for: {votes_for * 90}.00",
    ]
    after = next(i for i, ln in enumerate(lines) if ln.startswith("  abstain:")) + 1
    return lines[:after] + areas + lines[after:]


def write_charter(folder: Path, title: str, kind: str, rng: random.Random) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    text = Text(rng.choice(["tiao", "short"]), [article(rng) for _ in range(rng.randint(10, 30))])
    day = dt.date(2010, 1, 1) + dt.timedelta(days=rng.randint(0, 2500))
    count = rng.randint(1, 6)
    written = 0
    for index in range(count):
        summary, change = "首次制定。", "制定"
        if index:
            text, summary = text.amended(rng)
            change = "修订"
        passed = index == 0 or rng.random() > 0.08
        (folder / f"{day}.md").write_text(
            front_matter(title, kind, change, summary, day, rng, passed) + text.render(title),
            encoding="utf-8",
        )
        written += 1
        day += dt.timedelta(days=rng.randint(200, 900))
        if day > BUILD_DATE - dt.timedelta(days=60):
            break
    roll = rng.random()
    if roll < 0.03 and written < 6:
        repeal = front_matter(title, kind, "废止", "不再适用，予以废止。", day, rng)
        (folder / f"{day}.md").write_text(
            repeal.replace("summary:", "summary:", 1), encoding="utf-8"
        )
    elif roll < 0.10:
        draft, summary = text.amended(rng)
        start = BUILD_DATE - dt.timedelta(days=rng.randint(0, 10))
        (folder / "draft.md").write_text(
            "\n".join(
                [
                    "---",
                    f"title: {title}",
                    f"type: {kind}",
                    "change: 修订",
                    f"summary: {summary}",
                    f"consultation: {{from: {start}, to: {start + dt.timedelta(days=14)}, where: 院落公示栏}}",
                    "---",
                    "",
                ]
            )
            + draft.render(title),
            encoding="utf-8",
        )


def unit(folder: Path, name: str, kind: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "index.md").write_text(
        f"---\nunit: {{name: {name}, kind: {kind}}}\n---\n\n{name}（合成数据）。\n",
        encoding="utf-8",
    )


def generate(out: Path, courtyards: int, seed: int = 1) -> int:
    """Write the city under ``out/docs`` and its ``gongyue.lock``; returns the number of
    courtyards written."""
    if out.exists():
        shutil.rmtree(out)
    written = _write_city(out / "docs", courtyards, random.Random(seed))
    _lock(out)
    return written


def _lock(out: Path) -> None:
    """What the committees would have recorded with ``gongyue lock`` as they adopted."""
    site, problems = load_tolerantly(out, out / "docs", BUILD_DATE)
    assert not problems, problems[:3]
    (out / LOCK_NAME).write_text(render_lock(verify(out, site, run_git).entries), encoding="utf-8")


def _write_city(docs: Path, courtyards: int, rng: random.Random) -> int:
    docs.mkdir(parents=True)
    (docs / "index.md").write_text("# 合成城市\n\n用于基准测试的合成数据。\n", encoding="utf-8")
    written = 0
    district = 0
    while written < courtyards:
        district += 1
        d = docs / f"qu-{district}"
        unit(d, f"第{int_to_cn(district)}区", "区")
        for street in range(1, rng.randint(5, 8) + 1):
            s = d / f"jie-{street}"
            unit(s, f"第{int_to_cn(district)}区{int_to_cn(street)}街道", "街道")
            for community in range(1, rng.randint(6, 10) + 1):
                c = s / f"she-{community}"
                cname = f"{int_to_cn(district)}区{int_to_cn(street)}街{int_to_cn(community)}社区"
                unit(c, cname, "社区")
                for kind in ("居民公约", "居民自治章程"):
                    write_charter(c / SLUGS[kind], f"{cname}{kind}", kind, rng)
                for yard in range(1, rng.randint(8, 12) + 1):
                    if written >= courtyards:
                        return written
                    y = c / f"yuan-{yard}"
                    yname = f"{cname}{yard}号院落"
                    unit(y, yname, "院落")
                    kinds = ["院落公约", *rng.sample(COURTYARD_TYPES[1:], rng.randint(1, 3))]
                    for kind in kinds:
                        write_charter(y / SLUGS[kind], f"{yname}{kind}", kind, rng)
                    written += 1
    return written


CONFIG = """site_name: 合成城市
site_url: https://gongyue.example.cn/
theme:
  name: material
  language: zh
plugins:
  - gongyue:
      build_date: "{date}"
"""


def city(out: Path, courtyards: int, seed: int = 1) -> int:
    """A synthetic city in ``out``, with its mkdocs.yml; the courtyards written."""
    count = generate(out, courtyards, seed)
    (out / "mkdocs.yml").write_text(CONFIG.format(date=BUILD_DATE), encoding="utf-8")
    return count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--courtyards", type=int, default=100)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    count = city(args.out, args.courtyards, args.seed)
    print(f"{count} 个院落，写入 {args.out}")


if __name__ == "__main__":
    main()
