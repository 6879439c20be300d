"""Hostile input: nothing a committee (or a page author) types runs in a resident's browser,
leaks who reads what, blows up the build, or turns into a formula in a spreadsheet."""

from __future__ import annotations

import csv
import io
import json
import xml.dom.minidom

import pytest
from click.testing import CliRunner
from mkdocs.exceptions import Abort

from gongyue.cli import gongyue
from gongyue.publish.feeds import Entry, atom
from gongyue.publish.render import markdown_to_html, sanitize

from .conftest import build_site, lock_tree, write_tree
from .test_check_corpus import GOOD_V2, V2, good_site

SCRIPT = "&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;"


def scripts_of(built, url: str) -> list[str]:
    """Every script element of a page that is not one of the site's own files."""
    page = built.html(url)
    return [
        str(s)
        for s in page.find_all("script")
        if not s.get("src") and "__md_" not in s.text and "gongyue" not in (s.get("id") or "")
    ]


def build(folder, extra: dict[str, str | bytes]):
    files = {**good_site(), **extra}
    root = write_tree(folder / "site", files)
    lock_tree(root)
    return build_site(root, lock=False)


def test_an_ordinary_page_title_cannot_close_the_title_element(tmp_path):
    built = build(tmp_path, {"docs/notice.md": f"# {SCRIPT}\n\n正文。\n"})
    page = built.html("notice/")
    assert page.title is not None and "alert(1)" in page.title.get_text()
    assert "<script>alert" not in built.path("notice/").read_text(encoding="utf-8")
    home = built.html("")
    entries = [a for a in home.select("nav a") if a.get("href", "").rstrip("/").endswith("notice")]
    assert entries, "the page is in the navigation"
    assert all("alert(1)" in a.get_text() for a in entries)  # shown as text …
    assert not [s for s in home.find_all("script") if "alert(1)" in s.get_text()]  # … never run


def test_a_charter_title_is_text_everywhere(tmp_path):
    hostile = GOOD_V2.replace(
        "title: 测试社区居民公约", 'title: "<img src=x onerror=alert(1)>公约"'
    )
    built = build(tmp_path, {V2: hostile})
    for url in ("qu/shequ/jumin-gongyue/", "qu/shequ/jumin-gongyue/2016-03-20/", "qu/shequ/"):
        raw = built.path(url).read_text(encoding="utf-8")
        assert "<img src=x" not in raw
        page = built.html(url)
        assert not page.select("[onerror]") and not page.select('img[src="x"]')
    page = built.html("qu/shequ/jumin-gongyue/")
    assert page.title.get_text().startswith("＜img src=x onerror=alert(1)＞公约")


def test_committee_ids_and_classes_never_reach_the_page(tmp_path):
    body = GOOD_V2.replace(
        "第一条 爱护环境。",
        '第一条 爱护环境。<span class="gy-status gy-status--in-force" id="gy-record-2016-03-20">现行有效</span>',
    )
    honest = build(tmp_path / "honest", {}).main("qu/shequ/jumin-gongyue/2016-03-20/")
    built = build(tmp_path / "hostile", {V2: body})
    main = built.main("qu/shequ/jumin-gongyue/2016-03-20/")
    assert "现行有效" in main.get_text()
    assert len(main.select(".gy-status")) == len(honest.select(".gy-status"))  # no fake badge
    assert len(main.select("#gy-record-2016-03-20")) == 1  # the site's own record heading only


def test_heading_ids_of_committee_prose_stay_for_the_table_of_contents():
    html = markdown_to_html(
        '<h2 id="tingche">停车</h2><p id="x" class="y">字</p><h3 id="gy-fake">假</h3>'
    )
    assert '<h2 id="tingche">' in html and 'id="x"' not in html and "class=" not in html
    assert "gy-fake" not in html


def test_a_picture_from_another_site_becomes_a_link_and_check_warns(tmp_path):
    body = GOOD_V2.replace(
        "第一条 爱护环境。", "第一条 爱护环境。\n\n![停车示意图](https://tracker.example.com/p.png)"
    )
    files = {**good_site(), V2: body}
    root = write_tree(tmp_path / "site", files)
    lock_tree(root)
    report = CliRunner().invoke(gongyue, ["check", str(root), "--format", "json"])
    warned = [p for p in json.loads(report.stdout) if p["code"] == "external-image"]
    assert [(p["path"], p["severity"]) for p in warned] == [(V2, "warning")]
    built = build_site(root, strict=False, lock=False)
    raw = built.path("qu/shequ/jumin-gongyue/2016-03-20/").read_text(encoding="utf-8")
    assert '<img src="https://tracker.example.com' not in raw
    link = built.main("qu/shequ/jumin-gongyue/2016-03-20/").select_one(
        'a[href="https://tracker.example.com/p.png"]'
    )
    assert link is not None and "停车示意图" in link.get_text()


def test_an_operator_page_keeps_its_classes_but_not_outside_pictures():
    html = sanitize('<div class="admonition"><img src="//cdn.example.com/a.png" alt="图"></div>')
    assert 'class="admonition"' in html and "<img" not in html and "cdn.example.com" in html


def test_a_yaml_alias_bomb_is_refused_quickly(tmp_path):
    levels = ["a: &a [x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 8):
        prev, name = chr(96 + i), chr(97 + i)
        levels.append(f"{name}: &{name} [" + ", ".join([f"*{prev}"] * 9) + "]")
    bomb = GOOD_V2.replace("summary: 首次制定。", "summary: 首次制定。\n" + "\n".join(levels))
    root = write_tree(tmp_path / "site", {**good_site(), V2: bomb})
    result = CliRunner().invoke(gongyue, ["check", str(root), "--format", "json"])
    found = [p for p in json.loads(result.stdout) if p["code"] == "yaml-alias"]
    assert [(p["path"], p["line"]) for p in found] == [(V2, 6)]
    lock_tree(root)
    with pytest.raises(Abort):
        build_site(root, lock=False)


def test_duplicate_keys_and_absurd_counts_are_errors(tmp_path):
    twice = GOOD_V2.replace("  for: 36\n", "  for: 36\n  for: 44\n")
    huge = GOOD_V2.replace("eligible: 45", "eligible: " + "1" + "0" * 30)
    for text, code, line in ((twice, "yaml-duplicate", 14), (huge, "schema-less_than_equal", 11)):
        root = write_tree(tmp_path / code, {**good_site(), V2: text})
        report = CliRunner().invoke(gongyue, ["check", str(root), "--format", "json"])
        found = [(p["code"], p["line"]) for p in json.loads(report.stdout) if p["path"] == V2]
        assert (code, line) in found, found


def test_a_control_character_in_front_matter_is_refused(tmp_path):
    text = GOOD_V2.replace("summary: 首次制定。", "summary: 首次制定\x07。")
    root = write_tree(tmp_path / "site", {**good_site(), V2: text})
    report = CliRunner().invoke(gongyue, ["check", str(root), "--format", "json"])
    found = [p for p in json.loads(report.stdout) if p["code"] == "control-character"]
    assert [(p["path"], p["line"]) for p in found] == [(V2, 5)] and "U+0007" in found[0]["message"]


def test_feeds_stay_valid_xml_whatever_the_text():
    import datetime as dt

    entry = Entry("公约\x0b修订", "a/", dt.date(2024, 1, 1), "说明\x00\x1f<b>&")
    document = atom("站点", "feed.xml", "", [entry], "https://example.cn/", dt.date(2024, 1, 2))
    parsed = xml.dom.minidom.parseString(document.encode())
    assert parsed.getElementsByTagName("summary")[0].firstChild.data == "说明<b>&"


def test_a_unit_name_is_never_a_formula_in_the_spreadsheet(tmp_path):
    index = '---\nunit: {name: \'=HYPERLINK("http://x","点我")\', kind: 院落}\n---\n'
    built = build(tmp_path, {"docs/qu/shequ/yuan-1/index.md": index})
    rows = list(
        csv.reader(io.StringIO((built.site_dir / "stats/units.csv").read_text("utf-8-sig")))
    )
    cells = [cell for row in rows for cell in row]
    assert any(cell.startswith("'=HYPERLINK") for cell in cells)
    assert not any(cell.startswith(("=", "+", "@")) for cell in cells)


@pytest.mark.parametrize(
    "hostile", ["javascript:alert(1)", "data:text/html,<script>alert(1)</script>"]
)
def test_links_with_scripts_are_dropped(hostile):
    html = markdown_to_html(f"[点这里]({hostile})")
    assert "javascript:" not in html and "data:" not in html
