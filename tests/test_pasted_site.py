"""A charter pasted from a PDF and from WeChat, built into a real site and read back."""

from __future__ import annotations

import pytest

from .conftest import MINIMAL_CONFIG, build_site, unit_md, version_md, write_tree

C = "qu/shequ/jumin-gongyue"
# Typed by the committee in 2012.
TYPED = """
## 第一章 总则

第一条 为了建设文明、和谐、安全的院落，根据居民会议讨论的意见，制定本公约。

第二条 邻里之间和睦相处，遇到矛盾先协商解决；互相帮助，关心照顾院落里的老人和孩子。

## 第二章 附则

第三条 本公约自公布之日起施行。
"""
# The 2016 text, pasted from the street office's PDF: numbers glued to the text, lines
# broken at the page width, a page number, a zero-width space and a no-break space.
PASTED = (
    "第一章总则\n"
    "第一条为了建设文明、和谐、安全的院落，根据居民会议讨\n"
    "论的意见，制定本公约。\n"
    "第二条邻里之间和睦相处，遇到矛盾先协商\u200b解决。\n"
    "- 1 -\n"
    "第三条互相帮助，关心照顾院落里的老人和孩子。\n"
    "第二章附则\n"
    "第四条\u00a0本公约自公布之日起施行。\n"
)


def files() -> dict[str, str | bytes]:
    return {
        "docs/qu/index.md": unit_md("测试区", "区"),
        "docs/qu/shequ/index.md": unit_md("测试社区", "社区"),
        f"docs/{C}/2012-06-18.md": version_md(TYPED, date="2012-06-18"),
        f"docs/{C}/2016-03-20.md": version_md(PASTED, date="2016-03-20", change="修订"),
    }


@pytest.fixture
def built(tmp_path, caplog):
    project = write_tree(
        tmp_path / "project", {"mkdocs.yml": MINIMAL_CONFIG.format(date="2024-01-01"), **files()}
    )
    # The page number and the joined line are warnings: a strict build would stop on them.
    result = build_site(project, strict=False)
    warnings = [r.getMessage() for r in caplog.records if r.levelname == "WARNING"]
    assert any(":13: 警告：这一行“- 1 -”像是 PDF 的页码" in w for w in warnings)
    return result


def test_pasted_text_is_read_as_its_articles(built):
    page = built.main(f"{C}/2016-03-20/")
    anchors = [el["id"] for el in page.select(".gy-provision, .gy-chapter")]
    assert anchors == ["zhang-1", "tiao-1", "tiao-2", "tiao-3", "zhang-2", "tiao-4"]
    first = page.select_one("#tiao-1").get_text()
    assert "根据居民会议讨论的意见" in first  # the PDF line break is joined
    html = str(page)
    assert "\u200b" not in html and "- 1 -" not in html


def test_changes_page_names_the_split_and_shows_no_whitespace_noise(built):
    page = built.main(f"{C}/2016-03-20/changes/")
    rows = page.select("table.gy-compare tbody tr")
    notes = [
        (row.select_one('td[data-label="说明"]') or row).get_text(" ", strip=True) for row in rows
    ]  # a folded run of renumbered articles is one cell
    assert sum("第二条拆分为第二条、第三条" in note for note in notes) == 2
    assert page.select_one(".gy-summary strong").get_text() == "新增1条、修改1条、1条仅序号变化"
    # Article 1 only lost a line break: not a change at all.
    assert not any("第一条" in row.get_text() for row in rows)
    inserted = [ins.get_text() for ins in page.select("ins")]
    assert all(text.strip() for text in inserted)


def test_history_of_a_split_article_says_where_it_came_from(built):
    page = built.main(f"{C}/2016-03-20/")
    history = page.select_one("#tiao-3 .gy-provision__history").get_text(" ", strip=True)
    assert "新增为第三条（第二条拆分为第二条、第三条）" in history
