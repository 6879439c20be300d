"""A resident on a phone: real Chromium (Debian's) driven by Playwright."""

from __future__ import annotations

import gzip
import json

import pytest

from .conftest import no_sideways_scroll

pytestmark = pytest.mark.browser


def test_resident_finds_charter_from_home_and_sees_its_status(phone, served):
    phone.goto(served)
    assert no_sideways_scroll(phone)
    phone.get_by_role("link", name="成华区").first.click()
    phone.get_by_role("link", name="猛追湾街道").click()
    phone.get_by_role("link", name="新鸿社区", exact=True).click()
    phone.get_by_role("link", name="新鸿社区居民公约").first.click()
    banner = phone.locator(".gy-banner").first
    banner.wait_for()
    assert "现行有效" in banner.inner_text()
    assert phone.locator("#tiao-7").inner_text().startswith("第七条")
    assert no_sideways_scroll(phone)


@pytest.mark.parametrize(
    "url",
    [
        "chenghua/mengzhuiwan/xinhong/jumin-gongyue/2016-03-20/changes/",
        "chenghua/mengzhuiwan/xinhong/jumin-gongyue/2021-09-12/changes/",
        "wuhou/huochenanzhan/tongzilin/jinxiu-huayuan/guanli-guiyue/2024-01-13/",
        "chenghua/mengzhuiwan/xinhong/",
        "",
        "chenghua/mengzhuiwan/xinhong/jumin-gongyue/history/",
        "chenghua/mengzhuiwan/xinhong/jumin-gongyue/draft/",
        "wuhou/huochenanzhan/tongzilin/jinxiu-huayuan/guanli-guiyue/",
        "consultations/",
    ],
)
def test_text_pages_fit_a_phone_screen(phone, served, url):
    phone.goto(served + url)
    assert phone.locator("div.gy").is_visible()
    assert no_sideways_scroll(phone), url


def test_date_picker_finds_the_version_in_force_that_day(phone, served):
    phone.goto(served + "chenghua/mengzhuiwan/xinhong/jumin-gongyue/")
    picker = phone.locator("#gy-date")
    assert picker.is_visible()  # shown only when the script runs
    picker.fill("2015-01-01")
    answer = phone.locator(".gy-periods__answer a")
    answer.wait_for()
    assert answer.inner_text() == "这一天有效的是第1版（2012-06-18 通过）"
    picker.fill("2011-01-01")
    assert phone.locator(".gy-periods__answer").inner_text() == "这一天没有有效的版本。"


def test_article_history_opens_on_tap(phone, served):
    phone.goto(served + "chenghua/mengzhuiwan/xinhong/jumin-gongyue/")
    details = phone.locator("#tiao-8 details")
    assert not details.locator("li").first.is_visible()
    details.locator("summary").click()
    assert "序号由第七条改为第八条" in details.inner_text()


def test_search_from_the_header_lands_on_the_right_charter(phone, served):
    phone.goto(served)
    phone.locator("#gy-search-q").fill("电动车")
    phone.locator(".gy-search-bar button").click()
    results = phone.locator(".gy-result a")
    results.first.wait_for()
    titles = results.all_inner_texts()
    assert "新鸿社区居民公约" in titles
    assert "新鸿社区3号院落公约" in titles
    phone.get_by_role("link", name="新鸿社区居民公约", exact=True).click()
    # Opened at the article that matched: the search words ride along for the page's script.
    assert phone.url.split("?")[0].endswith("/chenghua/mengzhuiwan/xinhong/jumin-gongyue/")
    assert "gy-find=" in phone.url
    assert "现行有效" in phone.locator(".gy-banner").first.inner_text()


def test_search_filters_by_district(phone, served):
    phone.goto(served + "search/?q=公约")
    phone.locator(".gy-result").first.wait_for()
    everywhere = phone.locator(".gy-result a").evaluate_all("links => links.map(a => a.href)")
    assert any("/chenghua/" in url for url in everywhere)
    phone.locator("select[name=区]").select_option("青羊区")
    # An empty list (still searching) would pass "every": wait for the filtered results.
    phone.wait_for_function(
        "(links => links.length >= 3 && links.every(a => a.href.includes('/qingyang/')))"
        "([...document.querySelectorAll('.gy-result a')])"
    )


def test_no_request_leaves_the_site(phone, served):
    requested: list[str] = []
    phone.on("request", lambda request: requested.append(request.url))
    phone.goto(served + "search/?q=养犬")
    phone.locator(".gy-result").first.wait_for()
    phone.goto(served + "chenghua/mengzhuiwan/xinhong/jumin-gongyue/")
    assert requested and all(url.startswith(served) for url in requested), requested


def test_a_search_downloads_fragments_without_anchors_nothing_reads(phone, served):
    """Each result's fragment holds only the anchors Pagefind's results read (headings
    with text), not the many ids of a charter's articles and old links."""
    responses: list = []

    def seen(response) -> None:
        responses.append(response)

    phone.on("response", seen)
    try:
        phone.goto(served + "search/?q=电动车")
        phone.locator(".gy-result").first.wait_for()
        phone.wait_for_load_state("networkidle")
    finally:
        phone.remove_listener("response", seen)
    fragments = [r for r in responses if r.url.endswith(".pf_fragment")]
    assert len(fragments) == phone.locator(".gy-result").count()
    for response in fragments:
        data = json.loads(gzip.decompress(response.body())[len(b"pagefind_dcd") :])
        assert all(a["element"][0] == "h" and a["text"].strip() for a in data["anchors"])


def test_results_come_ten_at_a_time_each_fetched_when_shown(phone, served):
    """A first search downloads the fragments of the ten results shown; the button under
    them shows the next ones, fetched then, and takes the keyboard to the first of them."""
    fragments: list[str] = []

    def seen(response) -> None:
        if response.url.endswith(".pf_fragment"):
            fragments.append(response.url)

    phone.on("response", seen)
    try:
        phone.goto(served + "search/?q=公约")
        results, more = phone.locator(".gy-result"), phone.locator(".gy-search__more")
        more.wait_for()
        assert results.count() == 10 and len(fragments) == 10
        status = phone.locator(".gy-search__status").inner_text()
        total = int(status.split("找到 ")[1].split(" ")[0])
        assert total > 10 and "显示前 10 个" in status
        assert more.inner_text() == f"再显示 {min(10, total - 10)} 个结果"
        more.click()
        phone.wait_for_function("document.querySelectorAll('.gy-result').length > 10")
        shown = results.count()
        assert shown == min(20, total) and len(fragments) == shown
        assert phone.evaluate(
            "document.activeElement === document.querySelectorAll('.gy-result a')[10]"
        )
        assert more.is_visible() == (total > 20)
        phone.locator("#gy-search-page-q").fill("养犬")  # a new search starts again at ten
        phone.locator(".gy-search form button[type=submit]").click()
        phone.wait_for_function("document.querySelectorAll('.gy-result').length <= 10")
    finally:
        phone.remove_listener("response", seen)


def test_print_shows_the_text_without_navigation(phone, served):
    phone.goto(served + "chenghua/mengzhuiwan/xinhong/jumin-gongyue/")
    phone.emulate_media(media="print")
    try:
        assert not phone.locator(".md-header").is_visible()
        assert not phone.locator(".gy-search-bar").is_visible()
        assert not phone.locator(".gy-crumbs").is_visible()
        assert phone.locator("#tiao-7").is_visible()
        assert phone.locator(".gy-record").is_visible()  # the sheet is its version's page's
        size = phone.evaluate(
            "parseFloat(getComputedStyle(document.querySelector('.md-typeset')).fontSize)"
        )
        assert size >= 18  # 14 pt
    finally:
        phone.emulate_media(media="screen")


def test_resident_checks_the_paper_on_the_notice_board(phone, served):
    version = "chenghua/mengzhuiwan/xinhong/jumin-gongyue/2021-09-12/"
    phone.goto(served + version)
    printed = phone.locator("code.gy-fingerprint").inner_text()
    phone.get_by_role("link", name="核对纸质文本").click()
    answer = phone.locator(".gy-verify__answer")
    field = phone.locator("#gy-verify-fp")
    field.fill(" ".join([printed[:4].upper(), printed[4:8], printed[8:]]))  # as copied by hand
    phone.get_by_role("button", name="核对").click()
    answer.get_by_role("link").wait_for()
    assert "现行有效" in answer.inner_text()
    answer.get_by_role("link").click()
    assert phone.url == served + version
    phone.go_back()
    field.fill("19020a09")
    phone.get_by_role("button", name="核对").click()
    phone.wait_for_function(
        "document.querySelector('.gy-verify__answer').textContent.includes('12 位')"
    )
    field.fill("000000000000")
    phone.get_by_role("button", name="核对").click()
    phone.wait_for_function(
        "document.querySelector('.gy-verify__answer').textContent.includes('没有找到')"
    )


def test_verify_reads_look_alike_letters_and_says_each_state_in_words(phone, served, demo):
    prints = [
        (p.parent.relative_to(demo.site_dir).as_posix(), code.get_text())
        for p in demo.site_dir.rglob("index.html")
        if "gy-poster__fingerprint" in p.read_text("utf-8")
        for code in demo.html(p.parent.relative_to(demo.site_dir).as_posix()).select(
            ".gy-print-sheet .gy-poster__fingerprint"
        )
    ]
    printed = next(fp for _, fp in prints if "0" in fp and "1" in fp)
    # As read off paper: o for 0, l for 1, typed on a Chinese keyboard in full width.
    typed = printed.replace("0", "o").replace("1", "l")
    typed = "".join(chr(ord(c) + 0xFEE0) if c.isalnum() else c for c in typed[:6]) + typed[6:]
    phone.goto(served + "verify/")
    answer = phone.locator(".gy-verify__answer")
    phone.locator("#gy-verify-fp").fill(typed)
    phone.get_by_role("button", name="核对").click()
    answer.get_by_role("link").wait_for()
    assert answer.locator(".gy-verify__head").inner_text() == "✔ 找到了"
    assert "当作数字 0" in answer.inner_text() and "当作数字 1" in answer.inner_text()
    assert "gy-verify__answer--found" in answer.get_attribute("class")
    phone.locator("#gy-verify-fp").fill("12345x")
    phone.get_by_role("button", name="核对").click()
    assert answer.locator(".gy-verify__head").inner_text() == "？ 指纹不完整"
    assert "没有 x" in answer.inner_text()
    phone.locator("#gy-verify-fp").fill("ffffffffffff")
    phone.get_by_role("button", name="核对").click()
    phone.wait_for_function(
        "document.querySelector('.gy-verify__head').textContent.includes('没有找到')"
    )
    assert "0 和字母 o" in answer.inner_text()


def test_search_ranks_texts_in_force_first_finds_synonyms_and_opens_at_the_article(phone, served):
    phone.goto(served + "search/?q=狗")  # the charters say 犬
    phone.locator(".gy-result").first.wait_for()
    assert "也搜索了：犬" in phone.locator(".gy-search__status").inner_text()
    titles = phone.locator(".gy-result > a").all_inner_texts()
    assert any(t == "新鸿社区居民公约" for t in titles)
    drafts = [i for i, t in enumerate(titles) if "草案" in t]
    assert drafts and min(drafts) > max(i for i, t in enumerate(titles) if "草案" not in t)
    phone.locator(".gy-result > a", has_text="新鸿社区居民公约").first.click()
    found = phone.locator(".gy-provision.gy-found")
    found.wait_for()
    assert "犬" in found.inner_text() and found.get_attribute("id") == "tiao-5"


def test_traditional_pages_search_in_traditional(phone, served):
    phone.goto(served + "chenghua/mengzhuiwan/xinhong/jumin-gongyue/")
    phone.get_by_role("button", name="繁體版").click()
    phone.wait_for_function("document.documentElement.lang === 'zh-Hant-TW'")
    try:
        _search_in_traditional(phone)
    finally:  # the choice is remembered on the phone: the other tests read Simplified
        phone.evaluate("localStorage.removeItem('gy-hant')")


def _search_in_traditional(phone):
    phone.locator("#gy-search-q").fill("犬隻")
    phone.locator(".gy-search-bar button").click()
    phone.wait_for_url("**/search/hant/?q=*")
    phone.locator(".gy-result").first.wait_for()
    urls = phone.locator(".gy-result > a").evaluate_all("links => links.map(a => a.href)")
    # One index: the results are the charters' own pages, which turn Traditional themselves.
    assert urls and not any("/hant/" in url for url in urls), urls
    titles = phone.locator(".gy-result > a").all_inner_texts()
    assert "新鴻社區居民公約" in titles
    status = phone.locator(
        ".gy-search__status"
    ).inner_text()  # written by the script: Traditional too
    assert "個結果" in status and "現行有效的公約" in status and "个" not in status
    phone.get_by_role("button", name="大字").click()
    assert phone.get_by_role("button", name="標準字").is_visible()
    phone.get_by_role("button", name="標準字").click()
