"""术语说明: one page defines every term the site uses, and the terms link to it where they appear."""

from __future__ import annotations

from gongyue.publish.glossary import TERMS

XH = "chenghua/mengzhuiwan/xinhong/jumin-gongyue/"


def test_the_glossary_defines_every_term_once(demo):
    page = demo.main("glossary/")
    defined = [dfn.get_text() for dfn in page.select("dl.gy-glossary dt dfn")]
    assert defined == [t.word for t in TERMS]
    assert len({t.anchor for t in TERMS}) == len(TERMS)
    for word in (
        "修正",
        "修订",
        "沿革",
        "备案",
        "文本指纹",
        "应到",
        "实到",
        "仅序号变化",
        "范本",
        "订阅",
    ):
        assert word in defined, word
    nav = [a.get_text(strip=True) for a in demo.html("").select(".md-tabs a, .md-nav a")]
    assert "术语说明" in nav


def test_every_term_link_on_the_demo_lands_on_its_definition(demo):
    anchors = {dt["id"] for dt in demo.main("glossary/").select("dl.gy-glossary dt")}
    linked = set()
    for page in demo.site_dir.rglob("index.html"):
        html = page.read_text(encoding="utf-8")
        if "gy-term" not in html:
            continue
        url = page.parent.relative_to(demo.site_dir).as_posix()
        for link in demo.html("" if url == "." else url).select("a.gy-term"):
            target, _, anchor = link["href"].partition("#")
            assert (page.parent / target / "index.html").resolve() == demo.path(
                "glossary/"
            ).resolve()
            assert anchor in anchors, (url, link)
            linked.add(link.get_text())
    assert {"修正", "应到", "实到", "备案", "文本指纹", "仅序号变化", "范本", "沿革"} <= linked


def test_the_record_names_the_model_charter_not_its_path(demo):
    record = demo.main("qingyang/fanglinlu/yuan-141/yuanluo-gongyue/").select_one(".gy-record")
    text = record.get_text(" ", strip=True)
    assert "芳邻路131号院落 · 芳邻路131号院落公约" in text
    assert "qingyang/fanglinlu" not in text
