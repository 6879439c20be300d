"""Chinese search recall: Pagefind in Chromium against a plain text search.

For every language the index holds (Simplified ``zh``, Traditional ``zh-hant``)
it draws words from the indexed pages' own text — every-day words of charters
and random 2–4 character pieces — and asks two questions of each: which pages
contain it (plain substring search over the text Pagefind was given: the
truth), and which pages Pagefind's own ``pagefind.js`` returns in the browser,
the way the search page asks. Recall is the share of true pages found.

    python scripts/bench_search.py [--site DIR] [--pagefind-python PY] [--sample N]

Without ``--site`` it builds the demo city first. ``--pagefind-python`` indexes
with another interpreter's Pagefind (to compare versions); the index is always
rebuilt by the Pagefind named. Prints one
Markdown table row per language (recall of every-day words and of random pieces).
"""

from __future__ import annotations

import argparse
import functools
import http.server
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path

from bs4 import BeautifulSoup
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from browser import CHROMIUM, FLAGS  # noqa: E402
from gongyue.adapters.engines import marked_pages  # noqa: E402
from gongyue.adapters.pagefind import build_search_index  # noqa: E402

EPOCH = "1795579200"  # 2026-11-25 12:00 in Beijing, the tests' date: the demo's draft is open
# Words a resident would type (only those on the pages count).
EVERYDAY = [
    "停车",
    "车位",
    "电动车",
    "电动自行车",
    "充电",
    "垃圾",
    "垃圾分类",
    "宠物",
    "养犬",
    "遛狗",
    "犬只",
    "噪音",
    "噪声",
    "装修",
    "楼道",
    "消防",
    "消防通道",
    "绿化",
    "公共区域",
    "居民",
    "物业",
    "卫生",
    "邻里",
    "安全",
    "租户",
    "出租",
    "院落",
    "议事会",
    "高空抛物",
    "晾晒",
    "杂物",
    "堆放",
    "搭建",
    "维修",
    "公示",
    "表决",
    "监督",
    "纠纷",
    "调解",
    "文明",
    "节约",
    "志愿",
    "老年人",
    "儿童",
    "健身",
    "烟花爆竹",
    "饲养",
    "门禁",
    "快递",
    "吸烟",
    "环境",
    "互助",
    "协商",
    "矛盾",
    "水电",
    "防火",
    "防盗",
    "通道",
    "花草",
    "树木",
]
CJK_RUN = re.compile(r"[\u4e00-\u9fff]{2,}")
SEARCH_JS = """async (queries) => {
  const bundle = new URL("pagefind/", location.origin + "/").href;
  const pagefind = await import(bundle + "pagefind.js");
  await pagefind.options({ bundlePath: bundle, baseUrl: "/", excerptLength: 40 });
  const found = {};
  for (const q of queries) {
    const search = await pagefind.search(q);
    const data = await Promise.all(search.results.map((r) => r.data()));
    found[q] = data.map((d) => d.url);
  }
  return found;
}"""


def build_demo(site: Path) -> None:
    command = [
        sys.executable,
        "-m",
        "mkdocs",
        "build",
        "--strict",
        "-f",
        "mkdocs.yml",
        "-d",
        str(site),
    ]
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "NO_MKDOCS_2_WARNING": "1"}
    subprocess.run(command, cwd=ROOT, env=env, check=True, capture_output=True)


def page_texts(site: Path) -> dict[str, dict[str, str]]:
    """Per language, each indexed page's URL and the text Pagefind was given."""
    texts: dict[str, dict[str, str]] = {}
    for rel in marked_pages(site):
        soup = BeautifulSoup((site / rel).read_text(encoding="utf-8"), "lxml")
        body = soup.select_one("[data-pagefind-body]")
        for skipped in body.select("[data-pagefind-ignore], [hidden]"):
            skipped.decompose()
        lang = (soup.html.get("lang") or "").lower()
        url = "/" + rel.removesuffix("index.html")
        texts.setdefault(lang, {})[url] = "".join(body.get_text().split())
    return texts


def draw_queries(
    texts: dict[str, str], convert: Callable[[str], str], sample: int, seed: int = 1
) -> tuple[list[str], list[str]]:
    """Every-day words found on the pages (in this language's characters), and random
    2-4 character pieces of the pages' text (these may cross word boundaries)."""
    rng = random.Random(seed)
    runs = sorted({run for text in texts.values() for run in CJK_RUN.findall(text)})
    pieces: set[str] = set()
    while len(pieces) < sample:
        run = rng.choice(runs)
        size = rng.choice((2, 3, 4))
        if len(run) >= size:
            start = rng.randrange(len(run) - size + 1)
            pieces.add(run[start : start + size])
    words = [convert(w) for w in EVERYDAY]
    return [w for w in words if any(w in t for t in texts.values())], sorted(pieces)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def serve(site: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def ask_pagefind(base: str, page_url: str, queries: list[str]) -> dict[str, list[str]]:
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        page = browser.new_page()
        page.goto(base + page_url)  # pagefind.js picks the index of this page's <html lang>
        found = page.evaluate(SEARCH_JS, queries)
        browser.close()
    return found


def recall(texts: dict[str, str], found: dict[str, list[str]]) -> tuple[float, float]:
    """(share of true pages found, share of queries with true pages but none found)."""
    hits = wanted = none_found = 0
    for query, urls in found.items():
        truth = {url for url, text in texts.items() if query in text}
        hits += len(truth & set(urls))
        wanted += len(truth)
        none_found += bool(truth) and not truth & set(urls)
    return (hits / wanted if wanted else 1.0), none_found / max(len(found), 1)


def row(version: str, lang: str, pages: dict[str, str], words: dict, pieces: dict) -> str:
    (w_recall, w_none), (p_recall, p_none) = recall(pages, words), recall(pages, pieces)
    return (
        f"| {version} | {lang} | {len(pages)} | {len(words)} | {w_recall:.0%} | {w_none:.0%} "
        f"| {len(pieces)} | {p_recall:.0%} | {p_none:.0%} |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--site", type=Path)
    parser.add_argument("--pagefind-python", default=sys.executable)
    parser.add_argument("--sample", type=int, default=150)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        site = args.site or Path(scratch) / "site"
        if args.site is None:
            build_demo(site)
        # Always indexed here, by the Pagefind that is named: no file of another left behind.
        shutil.rmtree(site / "pagefind", ignore_errors=True)
        problem = build_search_index(site, marked_pages(site), args.pagefind_python)
        assert problem is None, problem
        version = subprocess.run(
            [args.pagefind_python, "-m", "pagefind", "--version"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        texts = page_texts(site)
        server, base = serve(site)
        import opencc

        to_hant = opencc.OpenCC("s2tw").convert  # the forms the Traditional pages use
        print(
            "| Pagefind | 语言 | 页面 | 常用词 | 召回率 | 一个也没找到 | 随机片段 | 召回率 | 一个也没找到 |"
        )
        print("|---|---|--:|--:|--:|--:|--:|--:|--:|")
        try:
            for lang, pages in sorted(texts.items()):
                convert = to_hant if lang.startswith("zh-hant") else str
                words, pieces = draw_queries(pages, convert, args.sample)
                found = ask_pagefind(base, sorted(pages)[0], words + pieces)
                print(
                    row(
                        version,
                        lang,
                        pages,
                        {w: found[w] for w in words},
                        {p: found[p] for p in pieces},
                    )
                )
        finally:
            server.shutdown()


if __name__ == "__main__":
    main()
