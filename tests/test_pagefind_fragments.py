"""Pagefind's fragments made lighter (adapters/pagefind_fragments.py), with the real Pagefind.

Each fragment keeps only the anchors Pagefind's own results read. Checked
against Pagefind itself: its pagefind.js, in Chromium, gives the same results
(title, excerpt, sub-results) from the slimmed index as from the index as it
wrote it, and its rule for which anchors it reads is the one applied here.
"""

from __future__ import annotations

import functools
import gzip
import http.server
import json
import re
import threading
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongyue.adapters import pagefind_fragments
from gongyue.adapters.pagefind import build_search_index
from gongyue.adapters.pagefind_fragments import FRAGMENTS, SIGNATURE, SUFFIX

from .conftest import _QuietHandler

# A charter's text as gongyue writes it: a chapter heading with a former anchor inside,
# provisions and paragraphs with ids, empty spans keeping old links, a heading with no text.
PAGE = """<!doctype html><html lang="zh"><head><meta charset="utf-8"><title>{title}</title>
</head><body><main data-pagefind-body><h1>{title}</h1>
<h2 id="zhang-1"><span id="v2014-01-11-zhang-1"></span>第一章 总则</h2>
<div class="gy-provision" id="tiao-1"><span class="gy-former" id="yuan-tiao-2"></span>
<span class="gy-former" id="v2014-01-11-tiao-2"></span><a href="#tiao-1">第一条</a>
<p id="tiao-1-kuan-1">楼道内禁止停放电动自行车，禁止在楼道内充电。</p></div>
<h2 id="zhang-2">第二章 养犬</h2>
<div class="gy-provision" id="tiao-2"><p id="tiao-2-kuan-1">养犬人出户遛犬应当束犬链。</p></div>
<h3 id="empty"> </h3><section id="tail"><p>{words}</p></section>
</main></body></html>"""


def write_site(site: Path, count: int) -> list[str]:
    pages = []
    for n in range(count):
        path = site / f"yuan-{n}" / "index.html"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(PAGE.format(title=f"{n}号院落公约", words="垃圾分类" * n), encoding="utf-8")
        pages.append(path.relative_to(site).as_posix())
    return pages


def fragments(index: Path) -> dict[str, dict]:
    found = {}
    for path in sorted((index / FRAGMENTS).glob("*" + SUFFIX)):
        raw = gzip.decompress(path.read_bytes())
        assert raw.startswith(SIGNATURE)
        found[path.name] = json.loads(raw[len(SIGNATURE) :])
    return found


@pytest.fixture(scope="module")
def indexes(tmp_path_factory):
    """One small site indexed twice: as gongyue writes it, and as Pagefind wrote it."""
    root = tmp_path_factory.mktemp("fragments")
    pages = write_site(root / "site", 3)
    assert build_search_index(root / "site", pages, output=root / "site" / "slim") is None
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(pagefind_fragments, "slim_new", lambda index, before: 0)
        assert build_search_index(root / "site", pages, output=root / "site" / "whole") is None
    return root / "site"


def test_each_fragment_keeps_only_headings_with_text_and_nothing_else_changes(indexes):
    slim, whole = fragments(indexes / "slim"), fragments(indexes / "whole")
    assert slim.keys() == whole.keys() and len(slim) == 3  # the same names: nothing renamed
    for name, fragment in slim.items():
        kept = [(a["element"], a["id"]) for a in fragment["anchors"]]
        assert kept == [("h1", None), ("h2", "zhang-1"), ("h2", "zhang-2")] or kept == [
            ("h2", "zhang-1"),
            ("h2", "zhang-2"),
        ]
        left_out = [a for a in whole[name]["anchors"] if a not in fragment["anchors"]]
        assert {a["id"] for a in left_out} >= {"tiao-1", "v2014-01-11-tiao-2", "empty", "tail"}
        assert {**fragment, "anchors": None} == {**whole[name], "anchors": None}
    slim_bytes = sum(p.stat().st_size for p in (indexes / "slim" / FRAGMENTS).iterdir())
    whole_bytes = sum(p.stat().st_size for p in (indexes / "whole" / FRAGMENTS).iterdir())
    assert slim_bytes < whole_bytes


def test_pagefind_gives_the_same_results_from_slimmed_fragments(indexes, chromium):
    """Search both indexes with Pagefind's own script in Chromium: every result's URL,
    title, excerpt and sub-results (anchored at the chapters) are the same."""
    (indexes / "page.html").write_text("<!doctype html><title>t</title>", encoding="utf-8")
    handler = functools.partial(_QuietHandler, directory=str(indexes))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    page = chromium.new_page()
    try:
        page.goto(f"http://127.0.0.1:{server.server_address[1]}/page.html")
        seen = {name: page.evaluate(SEARCH, f"/{name}/") for name in ("slim", "whole")}
    finally:
        page.close()
        server.shutdown()
        server.server_close()
    assert seen["slim"] == seen["whole"]
    assert len(seen["slim"]) == 3
    subs = [s["url"] for result in seen["slim"] for s in result["sub_results"]]
    assert any(url.endswith("#zhang-1") for url in subs)


SEARCH = """async (bundle) => {
  const pagefind = await import(bundle + "pagefind.js");
  await pagefind.options({ bundlePath: bundle, noWorker: true });
  const search = await pagefind.search("电动自行车");
  const all = await Promise.all(search.results.map((r) => r.data()));
  return all.map((d) => ({ url: d.url, title: d.meta.title, excerpt: d.excerpt,
    sub_results: d.sub_results.map((s) => ({ url: s.url, title: s.title, excerpt: s.excerpt })) }));
}"""


@pytest.fixture(scope="module")
def pagefind_rule(indexes, chromium):
    """Pagefind's own test of which anchors its results read, taken from the pagefind.js
    it wrote, in a page of Chromium: a function from a list of anchors to the kept ones."""
    script = (indexes / "whole" / "pagefind.js").read_text(encoding="utf-8")
    found = re.search(r"fragment\.anchors\.filter\((\(a\)=>.+?)\)\.sort\(", script)
    assert found, "pagefind.js no longer picks sub-results' anchors the way this test reads"
    page = chromium.new_page()
    yield lambda anchors: page.evaluate(f"(anchors) => anchors.map({found.group(1)})", anchors)
    page.close()


ELEMENTS = ["h1", "h2", "H3", "h6", "div", "span", "p", "section", "h", "hx", "th2", "h\u0663"]
SPACES = [" ", "\t", "\n", "\u00a0", "\u3000", "\u2028", "\ufeff", "\u200b", "\x1c", "\u0085"]
texts = st.one_of(st.none(), st.text(st.sampled_from([*SPACES, "a", "章"]), max_size=4))


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    anchors=st.lists(
        st.fixed_dictionaries({"element": st.sampled_from(ELEMENTS), "text": texts}),
        max_size=6,
    )
)
def test_the_anchors_kept_are_the_ones_pagefind_reads(pagefind_rule, anchors):
    read = pagefind_rule(anchors)
    assert [bool(r) for r in read] == [pagefind_fragments.used(a) for a in anchors]


def test_a_fragment_already_slim_or_not_a_fragment_is_left_as_it_is(tmp_path, indexes):
    slimmed = next((indexes / "slim" / FRAGMENTS).iterdir())
    copy = tmp_path / slimmed.name
    copy.write_bytes(slimmed.read_bytes())
    before = copy.stat()
    assert pagefind_fragments.slim(copy) is False
    assert copy.stat().st_ino == before.st_ino and copy.stat().st_mtime_ns == before.st_mtime_ns
    for odd in [
        b"",
        b"not gzip",
        gzip.compress(b'{"anchors":[]}'),
        gzip.compress(SIGNATURE + b"[1]"),
    ]:
        copy.write_bytes(odd)
        assert pagefind_fragments.slim(copy) is False
        assert copy.read_bytes() == odd


def test_the_same_fragment_slims_to_the_same_bytes(tmp_path, indexes):
    whole = next((indexes / "whole" / FRAGMENTS).iterdir())
    copies = []
    for n in range(2):
        copy = tmp_path / f"{n}{SUFFIX}"
        copy.write_bytes(whole.read_bytes())
        assert pagefind_fragments.slim(copy) is True
        copies.append(copy.read_bytes())
    assert copies[0] == copies[1] == (indexes / "slim" / FRAGMENTS / whole.name).read_bytes()
