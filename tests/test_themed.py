"""Pages made outside MkDocs, inside the frame MkDocs renders once per depth.

The strongest check is the whole demo built both ways: every file the same
bytes whether MkDocs renders each charter page (``fast_pages: false``) or
gongyue fills the theme's frame. Then the chrome itself, against a page MkDocs
rendered at the same depth; then the frame's cutting and filling and the
engine's URL rule, with hypothesis; then a theme the frame cannot be reused for.
"""

from __future__ import annotations

import gzip
import posixpath
import re
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from bs4 import BeautifulSoup
from hypothesis import given
from hypothesis import strategies as st
from mkdocs.exceptions import Abort, PluginError
from mkdocs.utils import normalize_url

from gongyue.publish.chrome import (
    CONTENT,
    HEAD,
    TITLE,
    URL,
    Frame,
    FrameError,
    Probe,
    frame_from_probes,
    split,
)
from gongyue.publish.urls import depth, engine_url

from .conftest import build_demo, unit_md, version_md, write_tree

SLOW_ONLY = ("sitemap.xml", "sitemap.xml.gz")  # the same entries, in another order


@pytest.fixture(scope="module")
def both(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The demo with its charter pages filled into the theme's frame (the default), and
    with MkDocs rendering every page itself. Without PDFs: they are made from the
    posters after either, and cost a sixth of a second each."""

    def pages(fast: bool) -> Callable[[Any], None]:
        return lambda config: config.plugins["gongyue"].config.update(fast_pages=fast, pdf=False)

    fast = build_demo(tmp_path_factory.mktemp("fast"), pages(True)).site_dir
    return fast, build_demo(tmp_path_factory.mktemp("slow"), pages(False)).site_dir


def _files(site: Path) -> dict[str, Path]:
    return {p.relative_to(site).as_posix(): p for p in site.rglob("*") if p.is_file()}


def _sitemap_entries(text: str) -> list[str]:
    return sorted(re.findall(r"<url>.*?</url>", text, re.DOTALL))


def test_every_file_is_the_bytes_mkdocs_writes(both):
    fast, slow = both
    fast_files, slow_files = _files(fast), _files(slow)
    assert sorted(fast_files) == sorted(slow_files)
    themed_pages = [
        u for u in fast_files if re.search(r"/(history|changes|compare/[^/]+)/index\.html$", u)
    ]
    assert len(themed_pages) > 20  # the comparison covers the pages made outside MkDocs
    differing = [
        rel
        for rel in fast_files
        if rel not in SLOW_ONLY and fast_files[rel].read_bytes() != slow_files[rel].read_bytes()
    ]
    assert differing == []


def test_the_sitemap_lists_every_page_either_way(both):
    fast, slow = both
    fast_xml = (fast / "sitemap.xml").read_text(encoding="utf-8")
    slow_xml = (slow / "sitemap.xml").read_text(encoding="utf-8")
    assert _sitemap_entries(fast_xml) == _sitemap_entries(slow_xml)
    assert gzip.decompress((fast / "sitemap.xml.gz").read_bytes()).decode() == fast_xml
    assert (fast / "sitemap.xml.gz").read_bytes()[4:8] == (slow / "sitemap.xml.gz").read_bytes()[
        4:8
    ]
    assert "/jumin-gongyue/history/</loc>" in fast_xml


def _chrome(html: str) -> str:
    """A page without what is its own: content, title, address, feed link, header topic."""
    soup = BeautifulSoup(html, "lxml")
    for own in soup.select(
        "div.gy, title, link[rel=canonical], link[rel~=feed], .md-header__topic:not(:first-child)"
    ):
        own.decompose()
    return str(soup)


def test_a_generated_page_wears_the_chrome_mkdocs_renders_at_its_depth(demo):
    # A charter's history page (made by gongyue) and a courtyard's page (rendered by
    # MkDocs, from the unit's Markdown): both four folders deep.
    made = "chenghua/mengzhuiwan/xinhong/jumin-gongyue/history/"
    rendered = "chenghua/mengzhuiwan/xinhong/yuan-3/"
    assert depth(made) == depth(rendered) + 1
    made = "chenghua/mengzhuiwan/xinhong/jumin-gongyue/"
    assert depth(made) == depth(rendered)
    made_html = demo.path(made).read_text(encoding="utf-8")
    rendered_html = demo.path(rendered).read_text(encoding="utf-8")
    assert "md-header" in made_html and 'id="gy-search-q"' in made_html
    assert _chrome(made_html) == _chrome(rendered_html)


def test_the_traditional_search_page_wears_the_theme_too(demo):
    page = demo.html("search/hant/")
    assert page.html["lang"] == "zh-Hant-TW"
    assert page.select_one("header.md-header") is not None
    assert page.select_one("form.gy-search-bar")["action"] == "../../search/hant/"
    assert page.select_one(".gy-lang a")["href"] == "../"
    assert page.select_one("link[rel=canonical]")["href"].endswith("/search/hant/")
    assert "搜索公约" not in page.get_text() and "搜索公約" in page.get_text()


def test_the_menu_of_the_traditional_search_page_searches_in_traditional(demo):
    page = demo.html("search/hant/")
    links = [a for a in page.select("nav a") if a.get_text(strip=True) in ("搜索", "搜尋")]
    assert links, "the menu has a search entry"
    assert {a["href"] for a in links} == {"../../search/hant/"}
    simplified = demo.html("search/")
    plain = [a for a in simplified.select("nav a") if a.get_text(strip=True) == "搜索"]
    assert {a["href"] for a in plain} == {"./"}


# The frame: cut at the marks, filled with a page's values.

_text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=30).filter(
    lambda t: "GYPROBE" not in t and "gy-probe-" not in t
)


@given(
    pieces=st.lists(_text, min_size=5, max_size=5), values=st.lists(_text, min_size=4, max_size=4)
)
def test_a_frame_cut_from_a_probe_fills_like_the_theme(pieces, values):
    frame = Frame(tuple(pieces), (TITLE, URL, HEAD, CONTENT))
    probe = Probe("a", 3)
    rendered = frame.fill(probe.marks)
    assert split(rendered, probe) == frame
    page = dict(zip((TITLE, URL, HEAD, CONTENT), values, strict=True))
    expected = "".join(p + v for p, v in zip(pieces, [*values, ""], strict=True))
    assert frame.fill(page) == expected


def _probe_page(probe: Probe, title: str) -> str:
    marks = probe.marks
    return (
        f'<html lang="zh"><head><title>{title}</title>{marks[HEAD]}'
        f'<link rel="canonical" href="https://x.cn/{marks[URL]}"></head>'
        f"<body>{marks[CONTENT]}</body></html>"
    )


def test_two_probes_agree_on_a_frame():
    a, b = Probe("a", 2), Probe("b", 2)
    frame = frame_from_probes(
        (_probe_page(a, a.marks[TITLE]), a), (_probe_page(b, b.marks[TITLE]), b)
    )
    assert frame.slots == (TITLE, HEAD, URL, CONTENT)
    assert frame.with_lang("zh-Hant-TW").pieces[0] == '<html lang="zh-Hant-TW"><head><title>'


def test_a_theme_that_prints_the_title_in_another_form_is_refused():
    a, b = Probe("a", 2), Probe("b", 2)
    # The title percent-encoded, as a feedback widget might: the marks are not found.
    with pytest.raises(FrameError, match="fast_pages: false"):
        frame_from_probes(
            (_probe_page(a, a.marks[TITLE].lower()), a), (_probe_page(b, b.marks[TITLE].lower()), b)
        )


def test_content_printed_twice_is_refused():
    probe = Probe("a", 1)
    with pytest.raises(FrameError, match="正文"):
        split(_probe_page(probe, "t") + probe.marks[CONTENT], probe)


def test_a_frame_without_html_lang_cannot_carry_the_traditional_language():
    with pytest.raises(FrameError):
        Frame(("<html><body>", "</body></html>"), (CONTENT,)).with_lang("zh-Hant")


# The engine's `url` filter, reimplemented outside it.

_segment = st.sampled_from(["a", "b", "yuan-3", "2019-03-01", "hant", "x.pdf", "feed.xml", "..x"])
_odd_segment = st.sampled_from(["a", "b", ".", "..", "", "?q=1", "mailto:a", "x:y"])
_paths = st.builds(
    lambda parts, slash, fragment: "/".join(parts) + ("/" if slash else "") + fragment,
    st.lists(_segment | _odd_segment, max_size=5),
    st.booleans(),
    st.sampled_from(["", "#gy-a-3", "#"]),
)


@given(path=_paths, page=st.lists(_segment.filter(lambda s: "." not in s), max_size=6))
def test_urls_are_written_as_the_engine_writes_them(path, page):
    page_url = "".join(f"{p}/" for p in page)
    expected = normalize_url(path, SimpleNamespace(url=page_url))
    assert engine_url(path, page_url) == expected


@pytest.mark.parametrize("path", ["https://x.cn/a", "/abs/", "#top", "mailto:a@b.cn", "", "."])
def test_addresses_that_are_not_relative_stay_as_the_engine_leaves_them(path):
    page = SimpleNamespace(url="a/b/")
    assert engine_url(path, "a/b/") == normalize_url(path, page)
    assert posixpath.normpath("a/b/" + engine_url("c/", "a/b/")) == "c"


def _theme_project(tmp_path: Path, fast: bool) -> Path:
    config = (
        "site_name: 测试城市\ntheme:\n  name: material\n  custom_dir: overrides\n"
        f"plugins:\n  - gongyue:\n      build_date: '2024-01-01'\n      fast_pages: {str(fast).lower()}\n"
    )
    return write_tree(
        tmp_path / ("fast" if fast else "slow"),
        {
            "mkdocs.yml": config,
            # A theme that prints the title percent-encoded in every page's header.
            "overrides/main.html": '{% extends "base.html" %}\n'
            "{% block announce %}{{ page.title | urlencode }}{% endblock %}\n",
            "docs/a/index.md": unit_md("测试社区", "社区"),
            "docs/a/gongyue/2016-03-20.md": version_md("第一条 测试。"),
        },
    )


def test_a_theme_whose_frame_cannot_be_shared_stops_the_build_with_one_chinese_line(
    tmp_path, caplog
):
    from .conftest import build_site

    with pytest.raises((Abort, PluginError)):
        build_site(_theme_project(tmp_path, fast=True))
    assert any("fast_pages: false" in r.getMessage() for r in caplog.records)
    built = build_site(_theme_project(tmp_path, fast=False))  # and the way out works
    assert "%E6%B5%8B%E8%AF%95" in built.path("a/gongyue/").read_text(encoding="utf-8")
