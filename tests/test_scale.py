"""Page weight does not grow with the number of courtyards."""

from __future__ import annotations

from .conftest import MINIMAL_CONFIG, build_site, unit_md, version_md, write_tree

ARTICLES = "\n".join(f"第{n}条 第{n}条的内容，用来占一点篇幅。" for n in "一二三四五六")


def city(courtyards: int) -> dict[str, str | bytes]:
    files: dict[str, str | bytes] = {
        "mkdocs.yml": MINIMAL_CONFIG.format(date="2024-01-01"),
        "docs/qu/index.md": unit_md("测试区", "区"),
        "docs/qu/jie/index.md": unit_md("测试街道", "街道"),
    }
    for n in range(courtyards):
        community = f"docs/qu/jie/she-{n // 10}"
        files[f"{community}/index.md"] = unit_md(f"第{n // 10}社区", "社区")
        files[f"{community}/yuan-{n}/index.md"] = unit_md(f"{n}号院落", "院落")
        files[f"{community}/yuan-{n}/gongyue/2016-03-20.md"] = version_md(
            ARTICLES, date="2016-03-20", title="院落公约"
        )
    return files


def test_a_courtyard_page_weighs_the_same_in_a_bigger_city(tmp_path):
    small = build_site(write_tree(tmp_path / "small", city(10)))
    big = build_site(write_tree(tmp_path / "big", city(120)))
    for url in ["qu/jie/she-0/yuan-3/gongyue/", "qu/jie/she-0/yuan-3/", "consultations/"]:
        assert big.path(url).stat().st_size == small.path(url).stat().st_size, url
    # The home page lists the latest changes: other courtyards, same number of entries.
    home_small, home_big = small.path("").stat().st_size, big.path("").stat().st_size
    assert abs(home_big - home_small) <= home_small // 100


def test_consultations_are_split_into_bounded_pages(tmp_path):
    files = city(3)
    for n in range(45):
        files[f"docs/qu/jie/she-0/yuan-0/gongyue-{n}/draft.md"] = version_md(
            ARTICLES, date=None, extra="consultation: {from: 2023-12-20, to: 2024-02-01}"
        )
    built = build_site(write_tree(tmp_path / "p", files))
    first = built.main("consultations/")
    second = built.main("consultations/2/")
    assert len(first.select(".gy-drafts li")) == 40
    assert len(second.select(".gy-drafts li")) == 5
    assert [a["href"] for a in first.select(".gy-pager a")] == ["2/"]
