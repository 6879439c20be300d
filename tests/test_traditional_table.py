"""繁體版 from one table per charter: the build's table, and the page script that uses it.

The table is checked against what OpenCC makes of each whole page (the twins this
replaces); the script is checked in Chromium against the same conversion, text by text.
"""

from __future__ import annotations

import json
import re
from html import escape
from urllib.parse import quote

import pytest
from bs4 import BeautifulSoup
from hypothesis import given
from hypothesis import strategies as st

from gongyue.publish.traditional import (
    SPACES,
    by_character,
    conversion_table,
    readable_texts,
    search_characters,
    to_traditional,
)

from .conftest import MINIMAL_CONFIG, build_site, write_tree
from .test_build import C, small_city

XH = "chenghua/mengzhuiwan/xinhong/jumin-gongyue/"
TEXT_PAGES = (
    XH,
    XH + "2012-06-18/",
    XH + "2021-09-12/",
    XH + "draft/",
    XH + "2021-09-12/changes/",
    XH + "history/",
    XH + "compare/2012-06-18--2021-09-12/",
)


def swapped(value: str, table: dict[str, str]) -> str:
    """What the page script does to one text (gongyue.js, 繁體版), in Python: the table's
    words for the text, else character by character."""
    text = value.strip(SPACES)
    lead = len(value) - len(value.lstrip(SPACES))
    hant = table[text] if text in table else by_character(text)
    return value[:lead] + hant + value[lead + len(text) :]


def table_of(demo) -> dict[str, str]:
    return json.loads((demo.site_dir / XH / "hant.json").read_text(encoding="utf-8"))


def test_the_table_gives_every_text_of_every_page_as_opencc_gives_the_whole_page(demo):
    table = table_of(demo)
    for url in TEXT_PAGES:
        html = demo.path(url).read_text(encoding="utf-8")
        by_table = [swapped(text, table) for text in readable_texts(html)]
        assert by_table == list(readable_texts(to_traditional(html))), url
        assert "新鴻社區居民公約" in by_table


def test_the_table_holds_only_what_changes_in_a_stable_order(demo):
    raw = (demo.site_dir / XH / "hant.json").read_text(encoding="utf-8")
    table = json.loads(raw)
    assert list(table) == sorted(table) and all(key != value for key, value in table.items())
    assert all(key == key.strip(SPACES) for key in table)
    # Only what does not convert character by character: 现行有效 does, 着 does not alone.
    assert "现行有效" not in table and by_character("现行有效") == "現行有效"
    assert all(by_character(key) != value for key, value in table.items())
    assert table  # the demo has such texts
    assert raw == json.dumps(table, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def test_a_charter_has_one_table_and_no_twin_pages(demo):
    tables = sorted(p.parent.relative_to(demo.site_dir) for p in demo.site_dir.rglob("hant.json"))
    charters = sorted(
        p.parent.relative_to(demo.site_dir) for p in demo.site_dir.rglob("charter.json")
    )
    assert tables == charters
    twins = sorted(p.relative_to(demo.site_dir).as_posix() for p in demo.site_dir.rglob("hant"))
    assert twins == ["search/hant"]  # the search page keeps its twin
    for url in TEXT_PAGES:
        switch = demo.main(url).select_one(".gy-lang button.gy-lang__switch")
        assert switch.has_attr("hidden"), url  # the script shows it: nothing to click without
        assert switch["data-gy-lang"] == "zh-Hant-TW"
        table_url = (demo.site_dir / url / switch["data-gy-table"]).resolve()
        assert table_url == (demo.site_dir / XH / "hant.json").resolve()
    for url in ("chenghua/mengzhuiwan/xinhong/", "stats/", ""):  # not a charter's text
        assert not demo.main(url).select_one(".gy-lang__switch"), url


_CHINESE = st.sampled_from(list("发表头发里面后来干部台风联系系统了解着重公约条款第一二三总则"))
_TEXT = st.text(alphabet=st.one_of(_CHINESE, st.sampled_from(list(" \n\t<>&;\"'=/ab"))))


@given(st.lists(_TEXT, max_size=6))
def test_texts_convert_one_by_one_as_the_whole_page_does(texts):
    html = "".join(f'<p title="{escape(t)}">{escape(t, quote=False)}</p>' for t in texts)
    table = conversion_table([html])
    assert [swapped(t, table) for t in readable_texts(html)] == list(
        readable_texts(to_traditional(html))
    )


def test_scripts_and_styles_are_not_words():
    html = '<style>p{content:"发"}</style><script>var a = "发" < 2;</script><p>发表</p>'
    assert list(readable_texts(html)) == ["发表"]


def test_the_search_characters_are_one_for_one_both_ways():
    both = search_characters()
    for pairs in both.values():
        assert len(pairs) % 2 == 0 and len(pairs) > 4000
        assert all(re.fullmatch("[\u4e00-\u9fff]", c) for c in pairs)
    to_hant = dict(zip(both["traditional"][::2], both["traditional"][1::2], strict=True))
    to_hans = dict(zip(both["simplified"][::2], both["simplified"][1::2], strict=True))
    assert to_hant["发"] == "發" and to_hant["条"] == "條" and "公" not in to_hant
    assert to_hans["隻"] == "只" and to_hans["髮"] == "发" and to_hans["條"] == "条"


def test_no_table_and_no_switch_when_the_traditional_edition_is_off(tmp_path):
    config = MINIMAL_CONFIG.format(date="2024-01-01") + "      traditional: false\n"
    built = build_site(write_tree(tmp_path / "p", {"mkdocs.yml": config, **small_city()}))
    assert not list(built.site_dir.rglob("hant.json")) and not list(built.site_dir.rglob("hant"))
    assert not built.main(f"{C}/2016-03-20/").select_one(".gy-lang")


# In Chromium: the page script

TEXTS_OF_MAIN = """() => {
  const main = document.querySelector("main").cloneNode(true);
  main.querySelector(".gy-lang").remove();
  const walker = document.createTreeWalker(main, NodeFilter.SHOW_TEXT);
  const texts = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = node.nodeValue.replace(/^[ \\t\\n\\r\\f]+|[ \\t\\n\\r\\f]+$/g, "");
    if (text) texts.push(text);
  }
  return texts;
}"""


@pytest.mark.browser
def test_a_resident_reads_a_charter_in_traditional_and_it_stays_chosen(chromium, served, demo):
    context = chromium.new_context(viewport={"width": 375, "height": 740}, is_mobile=True)
    page = context.new_page()
    url = XH + "2021-09-12/"
    page.goto(served + url)
    simplified = page.locator("main").text_content()
    page.get_by_role("button", name="繁體版").click()
    page.wait_for_function("document.querySelector('main').textContent.includes('新鴻社區')")
    assert page.evaluate("document.documentElement.lang") == "zh-Hant-TW"
    # Text by text, what OpenCC makes of the page as built (the button's own words aside).
    built = BeautifulSoup(demo.path(url).read_text(encoding="utf-8"), "html.parser")
    built.select_one(".gy-lang").decompose()
    expected = BeautifulSoup(to_traditional(str(built)), "html.parser")
    texts = [t.strip(SPACES) for t in expected.select_one("main").find_all(string=True)]
    shown = page.evaluate(TEXTS_OF_MAIN)
    assert shown == [t for t in texts if t]
    assert page.title() == expected.title.get_text()
    assert "新鴻社區居民公約" in page.title()
    label = page.locator(".gy-print-sheet svg.gy-qr").get_attribute("aria-label")
    assert label.startswith("二維碼：")  # readable attributes too
    assert page.get_by_role("button", name="简体版").is_visible()
    # Remembered: the next page of any charter opens in Traditional; the search bar
    # goes to the search page in Traditional.
    page.goto(served + "qingyang/fanglinlu/jumin-gongyue/")
    page.wait_for_function("document.documentElement.lang === 'zh-Hant-TW'")
    page.wait_for_function("document.querySelector('main').textContent.includes('條')")
    assert page.locator("form.gy-search-bar").get_attribute("action").endswith("search/hant/")
    # Back to Simplified: the page as written.
    page.goto(served + url)
    with page.expect_navigation():  # the page is loaded again as written
        page.get_by_role("button", name="简体版").click()
    page.get_by_role("button", name="繁體版").wait_for()
    assert page.evaluate("document.documentElement.lang") == "zh"
    assert page.locator("main").text_content() == simplified
    context.close()


@pytest.mark.browser
def test_the_table_is_put_in_place_as_text_never_as_markup(chromium, served):
    """A table written by someone who wants to run script in a resident's browser: its
    values land as words."""
    context = chromium.new_context()
    page = context.new_page()
    hostile = {"现行有效": '<img src=x onerror="window.gyRan=1">', "查看此版本": "<b>x</b>"}
    page.route("**/hant.json", lambda route: route.fulfill(json=hostile))
    page.goto(served + XH)
    page.get_by_role("button", name="繁體版").click()
    page.wait_for_function("document.querySelector('main').textContent.includes('<img')")
    assert page.evaluate("window.gyRan === undefined")
    assert page.locator("main img[onerror], main b").count() == 0
    context.close()


@pytest.mark.browser
def test_the_traditional_search_reads_traditional_queries(phone, served):
    phone.goto(served + "search/hant/?q=電動自行車")
    phone.locator(".gy-result").first.wait_for()
    titles = phone.locator(".gy-result > a").all_inner_texts()
    assert titles and all("公約" in t or "章程" in t or "規約" in t for t in titles), titles
    assert not any("约" in t for t in titles)
    excerpt = phone.locator(".gy-result__excerpt").first.inner_text()
    assert "電動自行車" in excerpt  # the hit, shown back in Traditional
    href = phone.locator(".gy-result > a").first.get_attribute("href")
    assert "gy-find=" + quote("电动自行车") in href  # searched in Simplified
