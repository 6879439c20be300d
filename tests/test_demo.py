"""The demo city: everything the issue promises it shows, built with --strict."""

from __future__ import annotations

import re

from .conftest import ROOT

XH = "chenghua/mengzhuiwan/xinhong/jumin-gongyue"


def load_demo():
    import datetime as dt

    from gongyue.loader import load_site

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


def test_demo_guide_is_in_the_nav(demo):
    nav = [a.get_text(strip=True) for a in demo.html("").select("nav.md-nav--primary a")]
    assert "编辑指南" in nav
