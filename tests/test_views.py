"""Where residents give their views: contacts a unit declares, shown next to a draft's deadline."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from gongyue.cli import gongyue

from .conftest import lock_tree, unit_md, version_md, write_tree

XH = "chenghua/mengzhuiwan/xinhong/jumin-gongyue/"


def test_the_demo_draft_shows_how_to_comment_with_a_phone_one_tap_dials(demo):
    views = demo.main(XH + "draft/").select_one(".gy-views")
    text = views.get_text(" ", strip=True)
    assert "截止日期： 2026-12-31" in text and "本页生成时" not in text and "剩" not in text
    assert views.select_one('.gy-days-left[data-end="2026-12-31"]') is not None
    assert views.select_one('a[href="tel:02800000000"]').get_text() == "028-0000-0000"
    assert views.select_one('a[href="mailto:xinhong@gongyue.example"]')
    assert "连心驿站每天 9:00—21:00" in text
    banner = demo.main(XH + "draft/").select_one(".gy-banner a[href='#gy-views-title']")
    assert banner is not None  # the deadline in the status box points at them
    sheet = demo.html(XH + "draft/").select_one(".gy-print-sheet").get_text(" ", strip=True)
    assert "028-0000-0000" in sheet and "成华区新鸿路" in sheet


def courtyard_city(community_extra: str) -> dict[str, str]:
    community = f"---\nunit:\n  name: 东城社区\n  kind: 社区\n{community_extra}---\n"
    draft = version_md(
        "第一条 爱护环境。", date=None, extra="consultation: {from: 2024-01-01, to: 2024-01-20}"
    )
    return {
        "docs/dong/index.md": community,
        "docs/dong/yuan-1/index.md": unit_md("一号院落", "院落"),
        "docs/dong/yuan-1/yuanluo-gongyue/draft.md": draft,
    }


def test_a_courtyard_without_contacts_uses_its_communitys(make_site):
    built = make_site(
        courtyard_city('  phone: "12345"\n  hours: 工作日 9:00—17:00\n'), date="2024-01-10"
    )
    views = built.main("dong/yuan-1/yuanluo-gongyue/draft/").select_one(".gy-views")
    assert "东城社区" in views.get_text() and views.select_one('a[href="tel:12345"]')


def test_contacts_in_a_wrong_format_are_refused_with_a_chinese_line(tmp_path):
    files = courtyard_city("  phone: 请打居委会电话\n  form: http://insecure.example/\n")
    project = write_tree(
        tmp_path / "site",
        {
            "mkdocs.yml": "site_name: 测试\ntheme: {name: material}\nplugins:\n  - gongyue: {build_date: '2024-01-10'}\n",
            **files,
        },
    )
    lock_tree(project)
    result = CliRunner().invoke(gongyue, ["check", str(project)])
    assert result.exit_code == 1
    assert "docs/dong/index.md:5: 错误：“单位信息、电话”的写法不对" in result.output
    assert "以 https:// 开头" in result.output and "Traceback" not in result.output


def test_a_phone_written_as_a_bare_number_is_refused_before_it_is_misread(tmp_path):
    # YAML reads 01064000000 as the octal number 147849216: never guess, say so.
    files = courtyard_city("  phone: 01064000000\n")
    config = "site_name: 测试\ntheme: {name: material}\nplugins:\n  - gongyue: {build_date: '2024-01-10'}\n"
    project = write_tree(tmp_path / "site", {"mkdocs.yml": config, **files})
    lock_tree(project)
    result = CliRunner().invoke(gongyue, ["check", str(project)])
    assert result.exit_code == 1
    assert "docs/dong/index.md:5: 错误：“单位信息、电话”写成了数字" in result.output
    assert 'phone: "12345"' in result.output


@pytest.mark.browser
def test_the_days_left_are_counted_on_the_readers_own_day(chromium, served):
    import datetime as dt

    context = chromium.new_context(viewport={"width": 375, "height": 740})
    page = context.new_page()
    days = [
        ("2026-11-25", "（剩 36 天）"),
        ("2026-12-31", "（今天截止）"),
        ("2027-01-02", "（截止日期已到）"),
    ]
    for today, said in days:
        page.clock.set_fixed_time(dt.datetime.fromisoformat(f"{today}T10:00:00"))
        page.goto(served + XH + "draft/")
        assert page.locator(".gy-views .gy-days-left").inner_text() == said, today
    context.close()
