"""Derived facts: order, ordinals, status of every version on a given date."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from gongyue.record.loader import load_site
from gongyue.record.status import build_date

from .conftest import unit_md, version_md, write_tree

D = dt.date.fromisoformat
C = "docs/qu/jumin-gongyue"


def load(tmp_path: Path, files: dict[str, str], on: str):
    write_tree(tmp_path, {"docs/qu/index.md": unit_md("区", "社区"), **files})
    site = load_site(tmp_path, tmp_path / "docs", D(on))
    return site.charters[0]


def three_versions(repeal_last: bool = False) -> dict[str, str]:
    return {
        f"{C}/2010-01-10.md": version_md("第一条 甲。", date="2010-01-10"),
        f"{C}/2012-05-05.md": version_md("第一条 乙。", date="2012-05-05", result="未通过"),
        f"{C}/2015-03-01.md": version_md(
            "第一条 丙。", date="2015-03-01", change="修订", extra="effective: 2015-04-01"
        ),
        f"{C}/2020-06-01.md": version_md(
            "" if repeal_last else "第一条 丁。",
            date="2020-06-01",
            change="废止" if repeal_last else "修正",
            extra="published: 2020-06-03",
        ),
    }


@pytest.mark.parametrize(
    ("on", "statuses", "in_force", "charter_status"),
    [
        (
            "2009-12-31",
            ["已通过待施行", "未通过", "已通过待施行", "已通过待施行"],
            None,
            "已通过待施行",
        ),
        (
            "2010-01-10",
            ["现行有效", "未通过", "已通过待施行", "已通过待施行"],
            "2010-01-10",
            "现行有效",
        ),
        (
            "2015-03-20",
            ["现行有效", "未通过", "已通过待施行", "已通过待施行"],
            "2010-01-10",
            "现行有效",
        ),
        (
            "2015-04-01",
            ["已被修订", "未通过", "现行有效", "已通过待施行"],
            "2015-03-01",
            "现行有效",
        ),
        (
            "2020-06-02",
            ["已被修订", "未通过", "现行有效", "已通过待施行"],
            "2015-03-01",
            "现行有效",
        ),
        ("2020-06-03", ["已被修订", "未通过", "已被修订", "现行有效"], "2020-06-01", "现行有效"),
    ],
)
def test_status_of_every_version_on_a_date(tmp_path, on, statuses, in_force, charter_status):
    charter = load(tmp_path, three_versions(), on)
    assert [v.status for v in charter.versions] == statuses
    assert (charter.in_force.slug if charter.in_force else None) == in_force
    assert charter.status == charter_status
    assert [v.ordinal for v in charter.versions] == [1, None, 2, 3]


def test_repeal_ends_the_charter(tmp_path):
    charter = load(tmp_path, three_versions(repeal_last=True), "2021-01-01")
    assert [v.status for v in charter.versions] == ["已被修订", "未通过", "已废止", "已废止"]
    assert charter.in_force is None
    assert charter.status == "已废止"


def test_superseded_by_and_previous_skip_failed_votes(tmp_path):
    charter = load(tmp_path, three_versions(), "2021-01-01")
    first, failed, second, third = charter.versions
    assert first.superseded_by is second and second.previous is first
    assert failed.previous is None and failed.superseded_by is None
    assert third.previous is second


@pytest.mark.parametrize(
    ("on", "status"),
    [
        ("2023-12-31", "草案"),
        ("2024-01-01", "征求意见中"),
        ("2024-01-10", "征求意见中"),
        ("2024-01-11", "待表决"),
    ],
)
def test_draft_status_follows_consultation_window(tmp_path, on, status):
    files = {
        **three_versions(),
        f"{C}/draft.md": version_md(
            "第一条 戊。", date=None, extra="consultation: {from: 2024-01-01, to: 2024-01-10}"
        ),
    }
    charter = load(tmp_path, files, on)
    assert charter.drafts[0].status == status
    assert charter.drafts[0].previous is charter.in_force


def test_build_date_honours_source_date_epoch():
    # 2024-01-01 00:30 in Beijing is still 2023-12-31 in UTC: the site is Chinese.
    epoch = int(dt.datetime(2023, 12, 31, 16, 30, tzinfo=dt.UTC).timestamp())
    assert build_date(str(epoch)) == D("2024-01-01")
    assert build_date(None) >= D("2024-01-01")
