"""Subscribing is a page that explains itself, never raw XML; local addresses are named as such."""

from __future__ import annotations

import pytest

from .conftest import ROOT

XH_UNIT = "chenghua/mengzhuiwan/xinhong/"


def test_feed_links_lead_to_the_subscribe_page_not_to_xml(demo):
    for url in ("", XH_UNIT):
        link = demo.main(url).select_one(".gy-subscribe a")
        assert (
            link["href"].split("?")[0].endswith("subscribe/")
            and ".xml" not in link["href"].split("?")[0]
        )
    head = demo.html(XH_UNIT).select_one('link[rel~=alternate][type="application/atom+xml"]')
    assert head["href"].endswith("feed.xml")  # readers still find the feed in <head>


def test_the_subscribe_page_says_the_address_is_a_local_preview(demo):
    page = demo.main("subscribe/")
    assert page.select_one("input.gy-feed__url")["value"] == "http://127.0.0.1:8000/feed.xml"
    assert "本机地址" in page.get_text()
    sheet = demo.html(XH_UNIT + "jumin-gongyue/2021-09-12/").select_one(".gy-print-sheet")
    assert "本机预览生成" in sheet.get_text()
    assert "127.0.0.1" in (ROOT / "mkdocs.yml").read_text(encoding="utf-8")


@pytest.mark.browser
def test_the_page_shows_and_copies_the_feed_of_the_unit_it_came_from(chromium, served):
    context = chromium.new_context(viewport={"width": 375, "height": 740}, is_mobile=True)
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(served + XH_UNIT)
    page.locator(".gy-subscribe a").click()
    page.wait_for_url("**/subscribe/?**")
    field = page.locator(".gy-feed__url")
    assert field.input_value() == f"http://127.0.0.1:8000/{XH_UNIT}feed.xml"
    page.wait_for_function("document.querySelector('.gy-feed__whose').textContent.includes('新鸿')")
    assert page.locator(".gy-feed__whose").inner_text() == "新鸿社区的订阅地址："
    page.get_by_role("button", name="复制地址").click()
    page.wait_for_function(
        "document.querySelector('.gy-feed__done').textContent.includes('已复制')"
    )
    assert page.evaluate("navigator.clipboard.readText()") == field.input_value()
    for hostile in ("javascript:alert(1)", "https://evil.example/feed.xml", "../../feed.xml"):
        page.goto(served + f"subscribe/?feed={hostile}&name=<b>x</b>")
        assert field.input_value() == "http://127.0.0.1:8000/feed.xml", hostile
        assert "<b>" not in page.locator(".gy-feed").inner_html()
    # Words in the address bar are never shown as the site's own (issue 22, item 20).
    claim = "本社区公约已废止，详询400-000-0000"
    page.goto(served + f"subscribe/?feed={XH_UNIT}feed.xml&name={claim}")
    page.wait_for_function("document.querySelector('.gy-feed__whose').textContent.includes('新鸿')")
    assert field.input_value() == f"http://127.0.0.1:8000/{XH_UNIT}feed.xml"
    assert "已废止" not in page.locator("body").inner_text()
    assert page.locator(".gy-feed__whose").inner_text() == "新鸿社区的订阅地址："
    context.close()


@pytest.mark.browser
def test_no_page_asks_for_a_sitemap_that_is_not_there(phone, served):
    missing: list[str] = []
    phone.on("response", lambda r: missing.append(r.url) if r.status >= 400 else None)
    text = XH_UNIT + "jumin-gongyue/"
    for url in (
        "",
        "stats/",
        "chenghua/",
        XH_UNIT,
        "subscribe/",
        "glossary/",
        text,
        "search/hant/",
    ):
        phone.goto(served + url)
        phone.wait_for_load_state("networkidle")
    assert missing == []


def test_the_home_page_title_says_the_sites_name_once(demo):
    assert demo.html("").title.get_text() == "成都市居民公约公开平台（示例）"
    assert (
        demo.html("stats/").title.get_text() == "公约覆盖情况统计 - 成都市居民公约公开平台（示例）"
    )
