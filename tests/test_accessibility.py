"""Accessibility on the demo city: axe-core in Debian's Chromium, 200% zoom, the QR code scans."""

from __future__ import annotations

import io

import pytest
import zxingcpp
from PIL import Image

from .conftest import ROOT, no_sideways_scroll

pytestmark = pytest.mark.browser

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
XH = "chenghua/mengzhuiwan/xinhong/jumin-gongyue/"
PAGES = {
    "home": "",
    "unit": "chenghua/mengzhuiwan/xinhong/",
    "charter": XH,
    "version": XH + "2016-03-20/",
    "changes": XH + "2021-09-12/changes/",
    "history": XH + "history/",
    "stats": "stats/",
    "draft": XH + "draft/",
    "traditional": "search/hant/?q=電動自行車",
    "consultations": "consultations/",
    "directory": "directory/",
    "search": "search/?q=电动车",
    "verify": "verify/?fp=930297b6ed72",
    "subscribe": "subscribe/?feed=chenghua%2Ffeed.xml&name=成华区",
    "compare": "qingyang/fanglinlu/jumin-gongyue/compare/2014-09-10--2025-11-08/",
    "glossary": "glossary/",
}
# 200% zoom on a 375-px phone leaves a layout viewport half as wide.
ZOOMED = {"width": 188, "height": 370}


@pytest.fixture(scope="module")
def zoomed(chromium, served):
    context = chromium.new_context(viewport=ZOOMED, device_scale_factor=4, is_mobile=True)
    yield context.new_page()
    context.close()


def serious_violations(page) -> list[tuple[str, str, list]]:
    assert AXE.is_file(), "axe-core is missing: `make test` installs it with npm ci"
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [
        (v["id"], v["help"], [n["target"] for n in v["nodes"]][:3])
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


@pytest.mark.parametrize("url", PAGES.values(), ids=PAGES.keys())
def test_no_serious_or_critical_axe_violations(phone, served, url):
    phone.goto(served + url)
    # Judge the page as a resident sees it once it has settled: the search page writes its
    # results after Pagefind has loaded, and axe run meanwhile measured half-drawn marks
    # (seen once, with two test workers on two cores).
    phone.wait_for_load_state("networkidle")
    if "?q=" in url:
        phone.locator(".gy-result").first.wait_for()
    assert serious_violations(phone) == []


@pytest.mark.parametrize("url", PAGES.values(), ids=PAGES.keys())
def test_pages_reflow_at_200_percent_zoom(zoomed, served, url):
    zoomed.goto(served + url)
    assert no_sideways_scroll(zoomed), url
    size = zoomed.evaluate(
        "parseFloat(getComputedStyle(document.querySelector('.md-typeset')).fontSize)"
    )
    assert size >= 16


CHANGES = [
    XH + "2016-03-20/changes/",
    XH + "2021-09-12/changes/",
    "wuhou/huochenanzhan/tongzilin/jinxiu-huayuan/guanli-guiyue/2024-01-13/changes/",
    "wuhou/huochenanzhan/tongzilin/wenming-gongyue/2022-03-26/changes/",
    "chenghua/mengzhuiwan/xinhong/yuan-3/yuanluo-gongyue/2024-06-15/changes/",
]
MARKS = """els => els.map(e => [e.tagName, e.querySelector('.gy-sr-only')?.textContent,
                          getComputedStyle(e).textDecorationLine])"""


def test_changes_are_told_in_words_and_lines_not_colour_alone(phone, served):
    seen = set()
    for url in CHANGES:
        phone.goto(served + url)
        for tag, label, line in phone.locator(
            ".gy-compare ins, .gy-compare del, .gy-inline ins, .gy-inline del"
        ).evaluate_all(MARKS):
            expected = {"INS": ("新增：", "underline"), "DEL": ("删除：", "line-through")}[tag]
            assert (label, line) == expected, url
            seen.add(tag)
    assert seen == {"INS", "DEL"}


def test_statuses_are_words_with_a_mark(phone, served):
    phone.goto(served + XH + "history/")
    badges = phone.locator(".gy-status").all_inner_texts()
    assert {"现行有效", "已被修订"} <= {b.strip().lstrip("✔✕●✎").strip() for b in badges}


def test_a_version_page_prints_as_its_sheet_whose_qr_code_scans_to_the_page(phone, served):
    phone.goto(served + XH + "2021-09-12/")
    assert not phone.locator(".gy-print-sheet").is_visible()  # on screen: the page
    assert phone.locator(".gy-record").is_visible()
    phone.evaluate("window.print = () => { window.gyPrinted = true; }")  # no dialog headless
    phone.get_by_role("button", name="打印张贴版").click()
    assert phone.evaluate("window.gyPrinted === true")
    phone.emulate_media(media="print")  # on paper: the sheet, then the text, nothing else
    for shown in (".gy-print-sheet", ".gy-text #tiao-7"):
        assert phone.locator(shown).is_visible(), shown
    for hidden in (".gy-record", ".gy-links", ".gy-crumbs", ".md-header", "main h1", ".gy-banner"):
        assert not phone.locator(hidden).first.is_visible(), hidden
    phone.locator(".gy-print-sheet svg.gy-qr").scroll_into_view_if_needed()
    screen = Image.open(io.BytesIO(phone.screenshot()))  # what a camera held to the page sees
    found = zxingcpp.read_barcodes(screen)
    assert [code.text for code in found] == [f"http://127.0.0.1:8000/{XH}2021-09-12/"]


def test_a_changes_page_prints_its_decision_when_asked_and_its_table_otherwise(phone, served):
    phone.goto(served + "chenghua/mengzhuiwan/xinhong/jumin-zizhi-zhangcheng/2019-11-30/changes/")
    phone.emulate_media(media="print")
    try:  # printed as it is: the 对照, not the decision's sheet
        assert phone.locator(".gy-compare").first.is_visible()
        assert not phone.locator("#gy-decision-print").is_visible()
        phone.emulate_media(media="screen")
        phone.evaluate("window.print = () => { window.gyPrinted = true; }")  # no dialog headless
        phone.get_by_role("link", name="打印修改决定（A4，张贴用）").click()
        phone.wait_for_function("window.gyPrinted === true")
        assert not phone.locator("#gy-decision-print").is_visible()  # on screen, the page
        phone.emulate_media(media="print")  # on paper: the decision alone
        sheet = phone.locator("#gy-decision-print")
        assert sheet.is_visible() and "一、增加一条，作为第七条：" in sheet.inner_text()
        for hidden in (".gy-compare", "main h1", "section.gy-decision", ".md-header"):
            assert not phone.locator(hidden).first.is_visible(), hidden
    finally:
        phone.emulate_media(media="screen")


def test_a_versions_paper_opens_at_the_top_of_its_page_and_prints_alone(phone, served):
    version = "qingyang/fanglinlu/yuan-131/yuanluo-gongyue/2025-06-21/"
    phone.goto(served + version)
    assert not phone.locator("#gy-paper-publication").is_visible()  # closed until asked for
    phone.get_by_role("link", name="公布公告", exact=True).click()
    paper = phone.locator("#gy-paper-publication")
    paper.wait_for()
    assert "现予公布" in paper.inner_text()
    assert phone.locator(".gy-record").is_visible()  # on screen, the page goes on below it
    phone.emulate_media(media="print")
    try:  # on paper: the notice alone
        assert paper.is_visible()
        for hidden in (
            ".gy-record",
            ".gy-text",
            ".gy-print-sheet",
            "main h1",
            ".gy-paper-print__back",
        ):
            assert not phone.locator(hidden).first.is_visible(), hidden
    finally:
        phone.emulate_media(media="screen")
    phone.get_by_role("link", name="收起这份文书").first.click()
    assert not paper.is_visible()
