"""/stats/: coverage, conventions, decisions per year, drafts and filings, on a tree we can count."""

from __future__ import annotations

import csv
import io

import pytest
from bs4 import BeautifulSoup

from .conftest import unit_md, version_md

BODY = "第一条 爱护环境。\n\n第二条 邻里互助。"
DRAFT = """\
---
title: 东城社区居民公约
type: 居民公约
change: 修订
summary: 增加一条
consultation: {start: 2021-11-01, end: 2021-12-31}
---
第一条 爱护环境。

第二条 邻里互助。

第三条 节约用水。
"""


def charter_of(title: str, kind: str, date: str, change: str = "制定", **more) -> str:
    body = "" if change == "废止" else BODY
    return version_md(body, date=date, title=title, change=change, **more).replace(
        "type: 居民公约", f"type: {kind}"
    )


TREE = {
    "docs/east/index.md": unit_md("东城区", "区"),
    "docs/east/a/index.md": unit_md("东城社区", "社区"),
    "docs/east/a/jumin/2019-03-01.md": charter_of(
        "东城社区居民公约",
        "居民公约",
        "2019-03-01",
        extra="filing: {with: 东城区民政局, date: 2019-03-10, status: 已备案}",
    ),
    "docs/east/a/jumin/draft.md": DRAFT,
    "docs/east/a/y1/index.md": unit_md("一号院落", "院落"),
    "docs/east/a/y1/yuanluo/2020-06-01.md": charter_of(
        "一号院落公约", "院落公约", "2020-06-01", result="未通过", counts=(50, 40, 10, 25, 5)
    ),
    "docs/east/a/y1/yuanluo/2021-02-01.md": charter_of(
        "一号院落公约",
        "院落公约",
        "2021-02-01",
        extra="filing: {with: 东城社区居委会, status: 已报备}",
    ),
    "docs/east/a/y2/index.md": unit_md("二号院落", "院落"),
    "docs/west/index.md": unit_md("西城区", "区"),
    "docs/west/b/index.md": unit_md("西城小区", "小区"),
    "docs/west/b/guiyue/2019-01-05.md": charter_of("西城小区管理规约", "管理规约", "2019-01-05"),
    "docs/west/b/guiyue/2021-09-09.md": charter_of(
        "西城小区管理规约", "管理规约", "2021-09-09", change="废止"
    ),
}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    from .conftest import MINIMAL_CONFIG, build_site, write_tree

    root = tmp_path_factory.mktemp("stats")
    write_tree(root, {"mkdocs.yml": MINIMAL_CONFIG.format(date="2021-12-01"), **TREE})
    return build_site(root)


def rows(table) -> list[list[str]]:
    return [
        [cell.get_text(" ", strip=True) for cell in tr.find_all(["th", "td"])]
        for tr in table.select("tbody tr")
    ]


def tables(built) -> list:
    return built.main("stats/").select("table.gy-stats-table")


def test_coverage_table_counts_units_with_each_standard_charter_in_force(built):
    coverage = tables(built)[0]
    headers = [th.get_text(" ", strip=True) for th in coverage.select("thead th")]
    assert headers == ["区", "社区 居民公约", "社区 居民自治章程", "院落 院落公约", "小区 管理规约"]
    assert rows(coverage) == [
        ["东城区", "1 / 1", "0 / 1", "1 / 2", "—"],
        ["西城区", "—", "—", "—", "0 / 1"],  # the 管理规约 was repealed
        ["合计", "1 / 1", "0 / 1", "1 / 2", "0 / 1"],
    ]


def test_conventions_drafts_and_filings_per_district(built):
    assert rows(tables(built)[1]) == [
        ["东城区", "2", "1", "1", "1"],  # 二号院落 has none; the draft is open; 一号 only 已报备
        ["西城区", "0", "1", "0", "0"],
        ["合计", "2", "2", "1", "1"],
    ]


def test_decisions_per_year_as_a_table_and_a_static_chart(built):
    main = built.main("stats/")
    assert rows(tables(built)[2]) == [
        ["2019", "2", "0", "0", "0", "2", "0"],
        ["2020", "0", "0", "0", "0", "0", "1"],
        ["2021", "1", "0", "0", "1", "2", "0"],
    ]
    svg = main.select_one("figure svg.gy-chart")
    assert svg["role"] == "img" and svg.title.get_text() == "每年表决通过的公约版本数"
    bars = {
        g.select_one(".gy-chart__label").get_text(): (
            g.select_one(".gy-chart__value").get_text(),
            int(g.rect["width"]),
        )
        for g in svg.select("g.gy-chart__bar")
    }
    assert bars == {"2019": ("2", 228), "2020": ("0", 0), "2021": ("2", 228)}  # full length: 228
    assert "2020年 0 件" in svg.desc.get_text()
    assert not main.find("script")


def test_units_csv_lists_every_unit_expected_to_have_charters(built):
    raw = (built.site_dir / "stats/units.csv").read_text(encoding="utf-8")
    assert raw.startswith("\ufeff")  # Excel opens UTF-8 only with the mark
    table = list(csv.DictReader(io.StringIO(raw.lstrip("\ufeff"))))
    by_name = {row["单位"]: row for row in table}
    assert set(by_name) == {"东城社区", "一号院落", "二号院落", "西城小区"}
    assert by_name["东城社区"]["尚缺"] == "居民自治章程"
    assert by_name["东城社区"]["征求意见中的草案"] == "1"
    assert by_name["一号院落"]["备案未完成"] == "1"
    assert by_name["二号院落"]["尚缺"] == "院落公约"
    assert by_name["二号院落"]["所属"] == "东城区 / 东城社区"


def test_stats_page_is_in_the_nav_and_its_size_does_not_depend_on_courtyards(built, demo):
    nav = [a.get_text(strip=True) for a in built.html("stats/").select(".md-tabs a, .md-nav a")]
    assert "统计" in nav
    page = BeautifulSoup((demo.site_dir / "stats/index.html").read_text("utf-8"), "lxml")
    assert len(page.select("table.gy-stats-table")[0].select("tbody tr")) == 4  # 3 districts + 合计


def test_demo_city_shows_the_courtyard_still_without_a_convention(demo):
    conventions = rows(tables(demo)[1])
    # 芳邻路151号院落 is still drafting; 芳邻路社区's 2026 amendment is reported, not yet filed.
    assert conventions[1] == ["青羊区", "3", "1", "0", "1"]
    assert conventions[-1][0] == "合计" and conventions[-1][3] == "1"  # 新鸿社区's open draft
