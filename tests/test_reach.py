"""Feeds and open data on the demo city (issue 6, first part)."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import jsonschema
import pytest

from .conftest import ROOT

A = "{http://www.w3.org/2005/Atom}"
SITE_URL = "http://127.0.0.1:8000/"
XH = "chenghua/mengzhuiwan/xinhong/jumin-gongyue"


def feed(demo, path: str) -> ET.Element:
    return ET.parse(demo.site_dir / path).getroot()


def test_site_feed_is_valid_atom_with_absolute_links(demo):
    root = feed(demo, "feed.xml")
    assert root.tag == f"{A}feed"
    for required in ("id", "title", "updated"):
        assert root.find(f"{A}{required}") is not None
    entries = root.findall(f"{A}entry")
    assert 0 < len(entries) <= 50
    for entry in entries:
        for required in ("id", "title", "updated", "summary"):
            assert entry.find(f"{A}{required}").text, required
        assert entry.find(f"{A}link").get("href").startswith(SITE_URL)
    days = [e.find(f"{A}updated").text for e in entries]
    assert days == sorted(days, reverse=True)


def test_unit_feed_covers_the_unit_and_everything_under_it(demo):
    titles = [
        e.find(f"{A}title").text
        for e in feed(demo, "chenghua/mengzhuiwan/xinhong/feed.xml").iter(f"{A}entry")
    ]
    assert any(
        t.startswith("新鸿社区3号院落公约") for t in titles
    )  # a courtyard under the community
    assert not any(t.startswith("芳邻路") for t in titles)  # another district
    assert titles[0] == "新鸿社区居民公约：修改草案征求意见（2026-11-20 至 2026-12-31）"
    repeal = [e.find(f"{A}title").text for e in feed(demo, "wuhou/feed.xml").iter(f"{A}entry")]
    assert "桐梓林社区文明公约：2022-03-26 居民代表会议表决废止" in repeal


def test_unit_pages_advertise_their_feed(demo):
    page = demo.html("chenghua/mengzhuiwan/xinhong/")
    link = page.select_one('link[rel~=alternate][type="application/atom+xml"]')
    assert link["href"] == "feed.xml"
    subscribe = page.select_one(".gy-subscribe a")["href"]  # a page that explains, not raw XML
    assert subscribe.startswith(
        "../../../subscribe/?feed=chenghua%2Fmengzhuiwan%2Fxinhong%2Ffeed.xml"
    )


@pytest.mark.parametrize(
    ("data", "schema"),
    [("api/charters.json", "charters-v1.json"), (f"{XH}/charter.json", "charter-v1.json"),
     ("wuhou/huochenanzhan/tongzilin/wenming-gongyue/charter.json", "charter-v1.json")],
)  # fmt: skip
def test_open_data_matches_its_published_schema(demo, data, schema):
    document = json.loads((demo.site_dir / data).read_text(encoding="utf-8"))
    validator = json.loads((ROOT / "docs" / "schema" / schema).read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(validator)
    jsonschema.validate(document, validator)


def test_charter_data_carries_the_record_provisions_and_fingerprints(demo):
    data = json.loads((demo.site_dir / XH / "charter.json").read_text(encoding="utf-8"))
    assert [v["slug"] for v in data["versions"]] == ["2012-06-18", "2016-03-20", "2021-09-12"]
    latest = data["versions"][-1]
    assert latest["record"]["meeting"]["for"] == 43
    assert latest["fingerprint"].startswith(
        demo.main(f"{XH}/").select_one("code.gy-fingerprint").get_text()
    )
    assert [p["label"] for p in latest["provisions"] if p["kind"] == "article"][6] == "第七条"
    index = json.loads((demo.site_dir / "api/charters.json").read_text(encoding="utf-8"))
    assert len(index["charters"]) == 10


def test_every_adopted_version_can_be_found_by_its_printed_fingerprint(demo):
    validator = json.loads((ROOT / "docs/schema/fingerprints-v1.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(validator)
    shards = {}
    for path in sorted((demo.site_dir / "api/fingerprints").glob("*.json")):
        document = json.loads(path.read_text(encoding="utf-8"))
        jsonschema.validate(document, validator)
        assert all(short.startswith(path.stem) for short in document["fingerprints"])
        shards.update(document["fingerprints"])
    index = json.loads((demo.site_dir / "api/charters.json").read_text(encoding="utf-8"))
    adopted = 0
    for charter in index["charters"]:
        data = json.loads((demo.site_dir / charter["data"]).read_text(encoding="utf-8"))
        for version in data["versions"]:
            if version["fingerprint"] is None:
                continue  # a failed vote has no fingerprint
            adopted += 1
            page = demo.main(version["url"])
            short = page.select_one("code.gy-fingerprint").get_text()
            assert version["url"] in [hit["url"] for hit in shards[short]], short
    assert adopted == sum(len(hits) for hits in shards.values()) > 20
