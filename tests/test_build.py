"""Real MkDocs builds of small content trees, read back with a real HTML parser."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import MINIMAL_CONFIG, build_site, lock_tree, unit_md, version_md, write_tree

V1 = """
# 测试社区居民公约

## 第一章 总则

**第一条** 爱护环境。

**第二条** 邻里和睦。

## 第二章 附则

**第三条** 本公约自公布之日起施行。
"""
V2 = """
## 第一章 总则

**第一条** 爱护环境，垃圾分类。

**第二条** 电动车不得入户充电。

**第三条** 邻里和睦。

## 第二章 附则

**第四条** 本公约自公布之日起施行。
"""
C = "qu/shequ/jumin-gongyue"


def small_city() -> dict[str, str | bytes]:
    return {
        "docs/qu/index.md": unit_md("测试区", "区", "测试区的介绍。"),
        "docs/qu/shequ/index.md": unit_md("测试社区", "社区"),
        "docs/qu/shequ/yuan-1/index.md": unit_md("一号院落", "院落"),
        f"docs/{C}/2012-06-18.md": version_md(V1, date="2012-06-18"),
        f"docs/{C}/2016-03-20.md": version_md(
            V2, date="2016-03-20", change="修订", extra="effective: 2016-04-01"
        ),
        f"docs/{C}/draft.md": version_md(
            V2 + "\n**第五条** 新增的一条。",
            date=None,
            change="修订",
            extra="consultation: {from: 2023-12-20, to: 2024-01-10, where: 公告栏}",
        ),
    }


@pytest.fixture
def city(make_site):
    return make_site(small_city())


def test_every_page_of_the_site_map_is_built(city):
    for url in [
        "",
        "qu/",
        "qu/shequ/",
        f"{C}/",
        f"{C}/2012-06-18/",
        f"{C}/2016-03-20/",
        f"{C}/2016-03-20/changes/",
        f"{C}/draft/",
        f"{C}/history/",
        "consultations/",
        "directory/",
    ]:
        assert city.exists(url), url
    # The first version has nothing before it to compare with.
    assert not city.exists(f"{C}/2012-06-18/changes/")


def test_charter_page_shows_text_in_force_with_banner_and_record(city):
    main = city.main(f"{C}/")
    banner = main.select_one(".gy-banner")
    assert "现行有效" in banner.get_text()
    assert "第2版" in banner.get_text()
    assert main.select_one("#tiao-2 .gy-provision__label").get_text() == "第二条"
    assert main.select_one("#tiao-2-kuan-1").get_text() == "电动车不得入户充电。"
    history = main.select_one("#tiao-2 details").get_text(" ", strip=True)
    assert history == "本条沿革 2016-03-20 新增为第二条：测试"
    votes = [td.get_text() for td in main.select(".gy-votes td")]
    assert votes == ["100", "80", "70", "5", "5"]
    facts = main.select_one(".gy-facts").get_text(" ", strip=True)
    assert "施行日期 2016-04-01" in facts
    assert "征求意见中" in banner.get_text()  # the open draft is announced


def test_version_pages_carry_their_own_status_and_successor(city):
    old = city.main(f"{C}/2012-06-18/")
    assert "已被修订" in old.select_one(".gy-banner").get_text()
    link = old.select_one(".gy-banner a")
    assert link["href"] == "../2016-03-20/"
    assert "现行有效" in city.main(f"{C}/2016-03-20/").select_one(".gy-banner").get_text()


def test_changes_page_pairs_articles_by_content(city):
    main = city.main(f"{C}/2016-03-20/changes/")
    assert "新增1条、修改1条、2条仅序号变化" in main.select_one(".gy-summary").get_text()
    rows = main.select("table.gy-compare tbody tr")
    ops = [row["class"][0] for row in rows]
    assert ops == ["gy-op-modified", "gy-op-added", "gy-op-renumbered", "gy-op-renumbered"]
    modified = rows[0]
    assert modified.select_one("ins").get_text() == "新增：，垃圾分类"
    assert modified.select_one("ins .gy-sr-only").get_text() == "新增："


def test_draft_page_compares_with_text_in_force(city):
    main = city.main(f"{C}/draft/")
    assert "征求意见中" in main.select_one(".gy-banner").get_text()
    assert "新增1条" in main.select_one(".gy-summary").get_text()
    consultations = city.main("consultations/")
    assert [a["href"] for a in consultations.select(".gy-drafts a")] == [f"../{C}/draft/"]


def test_history_lists_versions_newest_first(city):
    items = city.main(f"{C}/history/").select(".gy-timeline__item .gy-timeline__head")
    texts = [i.get_text(" ", strip=True) for i in items]
    assert texts[0].startswith("修改草案")
    assert texts[1].startswith("2016-03-20 修订（第2版）")
    assert texts[2].startswith("2012-06-18 制定（第1版）")


def test_unit_page_lists_charters_children_and_coverage(city):
    main = city.main("qu/shequ/")
    assert [a.get_text() for a in main.select(".gy-units a")] == ["一号院落"]
    coverage = main.select_one(".gy-coverage").get_text(" ", strip=True)
    assert "居民公约： 已有" in coverage
    assert "居民自治章程： 暂无" in coverage
    assert "测试区的介绍。" in city.text("qu/")


def test_breadcrumbs_follow_the_unit_tree(city):
    crumbs = city.main(f"{C}/2016-03-20/changes/").select(".gy-crumbs a")
    assert [a.get_text() for a in crumbs] == [
        "首页",
        "测试区",
        "测试社区",
        "测试社区居民公约",
        "2016-03-20 版",
    ]
    assert crumbs[0]["href"] == "../../../../../"


def test_nav_holds_only_top_level_pages(city):
    nav = city.html(f"{C}/").select("nav.md-nav--primary a.md-nav__link")
    assert {a.get_text(strip=True) for a in nav} == {
        "首页",
        "目录",
        "征求意见",
        "搜索",
        "统计",
        "术语说明",
    }


def test_ui_language_is_chinese(city):
    assert city.html("").html["lang"] == "zh"


def test_status_depends_on_build_date(make_site):
    built = make_site(small_city(), date="2016-03-25")
    assert "已通过待施行" in built.main(f"{C}/2016-03-20/").select_one(".gy-banner").get_text()
    assert "第1版" in built.main(f"{C}/").select_one(".gy-banner").get_text()
    assert "草案" in built.main(f"{C}/draft/").select_one(".gy-banner").get_text()


def test_bom_and_crlf_sources_are_read(make_site):
    files = small_city()
    raw = files[f"docs/{C}/2012-06-18.md"]
    assert isinstance(raw, str)
    files[f"docs/{C}/2012-06-18.md"] = "\ufeff".encode() + raw.replace("\n", "\r\n").encode()
    built = make_site(files)
    assert city_text(built, f"{C}/2012-06-18/").count("第二条 邻里和睦。") == 1


def city_text(built, url: str) -> str:
    return built.text(url)


HOSTILE = [
    "<script>alert('x')</script>",
    '<img src=x onerror="alert(1)">',
    '<a href="javascript:alert(1)">点我</a>',
    '<iframe src="https://example.com"></iframe>',
    "<svg onload=alert(1)>",
]


def test_committee_html_never_reaches_the_browser_as_script(make_site):
    hostile = "\n\n".join(HOSTILE)
    files = small_city()
    files["docs/qu/index.md"] = unit_md("测试区", "区", hostile)
    files[f"docs/{C}/2016-03-20.md"] = version_md(
        V2 + "\n" + hostile,
        date="2016-03-20",
        title="<script>alert(1)</script>公约",
        extra="reasons: |\n  <img src=x onerror=alert(2)>",
    )
    built = make_site(files)
    for url in ["qu/", f"{C}/", f"{C}/2016-03-20/", f"{C}/history/", "", f"{C}/draft/"]:
        page = built.html(url)
        for script in page.select("script"):
            assert "alert" not in script.get_text(), url
        for tag in page.find_all(True):
            assert not any(attr.startswith("on") for attr in tag.attrs), (url, tag)
            assert not str(tag.get("href", "")).lower().startswith("javascript:"), url
        assert not page.select("iframe"), url
        assert not page.select("svg[onload]"), url


def test_titles_with_markup_are_neutralised_in_the_theme(make_site):
    files = small_city()
    files[f"docs/{C}/2016-03-20.md"] = version_md(
        V2, date="2016-03-20", title="</title><script>alert(1)</script>"
    )
    built = make_site(files)
    raw = built.path(f"{C}/").read_text(encoding="utf-8")
    assert "<script>alert(1)" not in raw


def test_minimal_config_needs_no_copied_templates(tmp_path):
    project = write_tree(
        tmp_path / "p",
        {
            "mkdocs.yml": "site_name: 最小\ntheme: material\nplugins: [gongyue]\n",
            **small_city(),
        },
    )
    built = build_site(project)
    assert built.main(f"{C}/").select_one(".gy-banner")


def test_same_sources_and_date_give_same_bytes(tmp_path):
    config = MINIMAL_CONFIG.format(date="2024-01-01")
    project = write_tree(tmp_path / "p", {"mkdocs.yml": config, **small_city()})
    first = build_site(project, tmp_path / "a")
    second = build_site(project, tmp_path / "b")
    files_a = sorted(
        p.relative_to(first.site_dir) for p in first.site_dir.rglob("*") if p.is_file()
    )
    files_b = sorted(
        p.relative_to(second.site_dir) for p in second.site_dir.rglob("*") if p.is_file()
    )
    assert files_a == files_b
    for rel in files_a:
        if rel.suffix in (".gz",):
            continue
        assert (first.site_dir / rel).read_bytes() == (second.site_dir / rel).read_bytes(), rel


def test_sources_are_not_modified_by_a_build(tmp_path):
    project = write_tree(
        tmp_path / "p", {"mkdocs.yml": MINIMAL_CONFIG.format(date="2024-01-01"), **small_city()}
    )
    before = {p: p.read_bytes() for p in (project / "docs").rglob("*") if p.is_file()}
    build_site(project)
    after = {p: p.read_bytes() for p in (project / "docs").rglob("*") if p.is_file()}
    assert before == after


def run_mkdocs(project: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(project / "mkdocs.yml")],
        capture_output=True,
        text=True,
        env={"NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin"},
        check=False,
    )


@pytest.mark.parametrize(
    ("content", "line", "words"),
    [
        (
            "meeting: {body: 居民代表会议, date: 2016-03-20, eligible: 1, present: 1, for: 1}\n"
            "result: 通过\ntype: 居民公务\n",
            6,
            "是不是想写“居民公约”",
        ),
        (
            "meeting: {body: 居民代表会议, date: 2016-02-30, eligible: 1, present: 1, for: 1}\n"
            "result: 通过\ntype: 居民公约\n",
            4,
            "日期",
        ),
        (
            "meeting: {body: 居民代表会议, date: 2016-03-20, eligible: 1, present: 1, for: 1}\n"
            "type: 居民公约\nresult: 通过\nvotes: 3\n",
            7,
            "不认识的键",
        ),
        ("type: 居民公约\nmeeting: [\n", 5, "YAML"),
    ],
)
def test_bad_source_stops_build_with_located_chinese_message(tmp_path, content, line, words):
    bad = f"---\ntitle: 测试\nchange: 制定\n{content}---\n第一条 内容。\n"
    files = {**small_city(), f"docs/{C}/2016-03-20.md": bad}
    project = write_tree(
        tmp_path / "p", {"mkdocs.yml": MINIMAL_CONFIG.format(date="2024-01-01"), **files}
    )
    lock_tree(project)
    result = run_mkdocs(project)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert f"docs/{C}/2016-03-20.md:{line}: 错误：" in result.stderr
    assert words in result.stderr
    assert "修改建议：" in result.stderr


def test_material_banner_is_kept_out_of_our_output(tmp_path):
    project = write_tree(
        tmp_path / "p", {"mkdocs.yml": MINIMAL_CONFIG.format(date="2024-01-01"), **small_city()}
    )
    lock_tree(project)
    result = run_mkdocs(project)
    assert result.returncode == 0, result.stderr
    assert "Zensical" not in result.stderr + result.stdout


def test_every_source_is_read_once_per_build(tmp_path, monkeypatch):
    import gongyue.record.loader as loader

    project = write_tree(
        tmp_path / "p", {"mkdocs.yml": MINIMAL_CONFIG.format(date="2024-01-01"), **small_city()}
    )
    lock_tree(project)  # the committee's `gongyue lock`, before the build
    reads: list[str] = []
    real = loader.read_source
    monkeypatch.setattr(
        loader, "read_source", lambda f, rel, *read: reads.append(rel) or real(f, rel, *read)
    )
    build_site(project)
    assert sorted(reads) == sorted(set(reads))
    assert len(reads) == 6  # three unit pages, two versions and a draft


def test_procedure_problems_are_named_in_the_build_and_fail_strict(tmp_path):
    files = small_city()
    files[f"docs/{C}/2012-06-18.md"] = version_md(V1, date="2012-06-18", counts=(100, 30, 29, 0, 1))
    project = write_tree(
        tmp_path / "p", {"mkdocs.yml": MINIMAL_CONFIG.format(date="2024-01-01"), **files}
    )
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(project / "mkdocs.yml")],
        capture_output=True,
        text=True,
        env={"NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin"},
        check=False,
    )
    assert result.returncode == 1
    assert f"docs/{C}/2012-06-18.md:" in result.stderr and "未达到应到的过半数" in result.stderr


def test_bad_rules_in_mkdocs_yml_stop_the_build(tmp_path):
    config = MINIMAL_CONFIG.format(date="2024-01-01") + "      rules: {居委会: {}}\n"
    project = write_tree(tmp_path / "p", {"mkdocs.yml": config, **small_city()})
    lock_tree(project)
    result = run_mkdocs(project)
    assert result.returncode == 1 and "居委会" in result.stderr and "Traceback" not in result.stderr


def test_version_page_shows_short_fingerprint(city):
    import datetime as dt

    from gongyue.record.fingerprint import fingerprints
    from gongyue.record.loader import load_site

    project = city.site_dir.parent
    site = load_site(project, project / "docs", dt.date(2024, 1, 1))
    full = fingerprints(site.charters[0])[f"docs/{C}/2016-03-20.md"][1]
    code = city.main(f"{C}/2016-03-20/").select_one("code.gy-fingerprint")
    assert code.get_text() == full[:12]
    assert code["title"] == f"SHA-256：{full}"


def test_search_indexes_texts_in_force_units_and_open_drafts_only(city):
    indexed = {
        url: bool(city.html(url).select_one("[data-pagefind-body]"))
        for url in [
            "qu/shequ/",
            f"{C}/",
            f"{C}/draft/",
            f"{C}/2012-06-18/",
            f"{C}/2016-03-20/changes/",
            f"{C}/history/",
            "consultations/",
            "",
        ]
    }
    assert indexed == {
        "qu/shequ/": True,
        f"{C}/": True,
        f"{C}/draft/": True,
        f"{C}/2012-06-18/": False,
        f"{C}/2016-03-20/changes/": False,
        f"{C}/history/": False,
        "consultations/": False,
        "": False,
    }
    # Filtering is by words: the page names its district, community and type.
    unitline = city.main(f"{C}/").select_one(".gy-unitline").get_text()
    assert unitline == "测试区 · 测试社区 · 居民公约"
    assert (city.site_dir / "pagefind" / "pagefind.js").is_file()
