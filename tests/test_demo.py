"""The demo city: everything the issue promises it shows, built with --strict."""

from __future__ import annotations

import re

from .conftest import ROOT

XH = "chenghua/mengzhuiwan/xinhong/jumin-gongyue"


def load_demo():
    import datetime as dt

    from gongyue.record.loader import load_site

    return load_site(ROOT, ROOT / "docs", dt.date(2026, 11, 25))


def test_demo_has_the_promised_breadth():
    site = load_demo()
    assert len(site.roots) >= 3
    assert len(site.units) >= 8
    assert any(u.kind == "院落" for u in site.units)
    assert len(site.charters) >= 10
    assert sum(len(c.versions) for c in site.charters) >= 25
    shapes = {v.document.shape for c in site.charters for v in c.versions if not v.is_repeal}
    assert {"tiao", "short"} <= shapes
    assert any(c.status == "已废止" for c in site.charters)
    assert site.open_drafts()
    assert any(v.status == "未通过" for c in site.charters for v in c.versions)


def test_demo_texts_are_marked_as_examples():
    for path in (ROOT / "docs").rglob("*.md"):
        if re.match(r"\d{4}-\d{2}-\d{2}|draft", path.stem):
            assert "示例" in path.read_text(encoding="utf-8"), path


def test_demo_builds_strict_and_shows_the_renumbering_amendment(demo):
    main = demo.main(f"{XH}/2016-03-20/changes/")
    summary = main.select_one(".gy-summary").get_text()
    assert summary.startswith("新增1条、5条仅序号变化"), summary
    assert "修改" not in summary.split("（")[0]


def test_demo_home_lists_open_consultation_and_latest_changes(demo):
    home = demo.main("")
    assert home.select_one(f'.gy-drafts a[href="{XH}/draft/"]')
    assert len(home.select("#gy-home-latest ~ ul li")) == 8


def test_demo_repealed_charter_points_to_last_text(demo):
    page = demo.main("wuhou/huochenanzhan/tongzilin/wenming-gongyue/")
    banner = page.select_one(".gy-banner").get_text(" ", strip=True)
    assert "已废止" in banner and "2022-04-01" in banner
    assert page.select_one('.gy-banner a[href="2017-04-08/"]')


def test_demo_guide_is_a_section_of_its_own_apart_from_residents_pages(demo):
    primary = demo.html("").select_one("nav.md-nav--primary > ul")
    top = [
        li.find(["a", "label"]).get_text(strip=True)
        for li in primary.find_all("li", recursive=False)
    ]
    assert top[:6] == ["首页", "目录", "征求意见", "搜索", "统计", "术语说明"]
    assert top[-1] == "编辑指南"  # one entry for committees, its pages inside
    section = primary.find_all("li", recursive=False)[-1]
    assert "md-nav__item--nested" in section["class"]
    inside = [a.get_text(strip=True) for a in section.select("nav a")]
    assert len(inside) >= 6 and "表决规则" in " ".join(inside)


def test_old_numbers_still_land_on_what_they_became(demo):
    page = demo.main(f"{XH}/")
    # 第七条 of the 2012 text became 第八条 in 2016 (a new 第七条 was inserted).
    anchor = page.select_one("#v2012-06-18-tiao-7")
    assert anchor.find_parent(class_="gy-provision")["id"] == "tiao-8"
    # “原第十条” of the draft's base shows up on the draft page as 第十一条.
    draft = demo.main(f"{XH}/draft/")
    assert draft.select_one("#yuan-tiao-10").find_parent(class_="gy-provision")["id"] == "tiao-11"


def test_per_article_history_on_the_text_in_force(demo):
    page = demo.main(f"{XH}/")
    history = page.select_one("#tiao-3 details").get_text(" ", strip=True)
    assert history.startswith("本条沿革 2012-06-18 制定 2021-09-12 修改：按照生活垃圾分类")
    assert page.select_one("#tiao-1 details") is None  # never changed: nothing to show


def test_any_two_versions_have_a_comparison(demo):
    links = [a["href"] for a in demo.main(f"{XH}/").select(".gy-pairs a")]
    assert links == [  # every pair of the three texts: two 对照 of their own, one compare page
        "2016-03-20/changes/",
        "compare/2012-06-18--2021-09-12/",
        "2021-09-12/changes/",
    ]
    page = demo.main(f"{XH}/compare/2012-06-18--2021-09-12/")
    assert page.select_one(".gy-summary").get_text().startswith("新增1条、修改1条、5条仅序号变化")


def test_text_in_force_against_its_model(demo):
    url = "qingyang/fanglinlu/yuan-141/yuanluo-gongyue/"
    assert demo.main(url).select_one('a[href="fanben/"]')
    summary = demo.main(url + "fanben/").select_one(".gy-summary").get_text()
    assert summary.startswith(("新增", "删除", "修改")), summary


def test_point_in_time_list_works_without_javascript(demo):
    items = demo.main(f"{XH}/").select(".gy-periods__list li")
    spans = [(li["data-start"], li["data-end"], li.a["href"]) for li in items]
    assert spans == [
        ("2021-09-14", "", "2021-09-12/"),
        ("2016-04-01", "2021-09-13", "2016-03-20/"),
        ("2012-06-20", "2016-03-31", "2012-06-18/"),
    ]


def test_changes_page_has_an_inline_redline(demo):
    page = demo.main(f"{XH}/2021-09-12/changes/")
    inline = page.select_one("td.gy-compare__inline")  # shown by the 行内标注 button
    assert inline.select_one("ins").get_text() == "新增：，按照成都市生活垃圾分类要求分类投放垃圾"
