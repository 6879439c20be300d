"""Feeds and open data on the demo city (issue 6, first part)."""

from __future__ import annotations

import json
import re
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


RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")
FEED_CHILDREN = set(
    [
        "id",
        "title",
        "updated",
        "author",
        "link",
        "subtitle",
        "rights",
        "generator",
        "icon",
        "logo",
        "category",
        "contributor",
        "entry",
    ]
)
ENTRY_CHILDREN = set(
    [
        "id",
        "title",
        "updated",
        "author",
        "link",
        "summary",
        "content",
        "published",
        "category",
        "contributor",
        "rights",
        "source",
    ]
)


def atom_problems(root: ET.Element) -> list[str]:
    """What RFC 4287 (sections 4.1.1 and 4.1.2) requires of a feed and its entries."""
    if root.tag != f"{A}feed":
        return [f"the root is {root.tag}, not atom:feed"]
    entries = root.findall(f"{A}entry")
    found = _element_problems(root, "feed", FEED_CHILDREN)
    if not any(link.get("rel") == "self" for link in root.findall(f"{A}link")):
        found.append("feed: no link rel=self")
    authored = [e.find(f"{A}author") is not None for e in entries]
    if root.find(f"{A}author") is None and not all(authored):
        found.append("feed: no atom:author, and not every entry has one")
    ids = [e.findtext(f"{A}id") for e in entries]
    if len(ids) != len(set(ids)):
        found.append("two entries share one atom:id")
    for n, entry in enumerate(entries):
        found += _element_problems(entry, f"entry {n}", ENTRY_CHILDREN)
        links = entry.findall(f"{A}link")
        alternate = [link for link in links if link.get("rel", "alternate") == "alternate"]
        if entry.find(f"{A}content") is None and not alternate:
            found.append(f"entry {n}: neither atom:content nor a link rel=alternate")
    return found


def _element_problems(element: ET.Element, where: str, allowed: set[str]) -> list[str]:
    """What a feed and an entry both require: known children, one id/title/updated, valid
    values, absolute links."""
    found = [
        f"{where}: atom:{child.tag.removeprefix(A)} does not belong here"
        for child in element
        if child.tag.startswith(A) and child.tag.removeprefix(A) not in allowed
    ]
    for name in ("id", "title", "updated"):
        count = len(element.findall(f"{A}{name}"))
        if count != 1:
            found.append(f"{where}: {count} atom:{name}, not one")
    identity, updated = element.findtext(f"{A}id"), element.findtext(f"{A}updated")
    if identity is not None and not re.match(r"^[a-z][a-z0-9+.-]*:", identity):
        found.append(f"{where}: atom:id {identity!r} is not an absolute IRI")
    if updated is not None and not RFC3339.match(updated):
        found.append(f"{where}: atom:updated {updated!r} is not an RFC 3339 date-time")
    hrefs = [link.get("href") or "" for link in element.findall(f"{A}link")]
    found += [
        f"{where}: a link {h!r} that is not absolute" for h in hrefs if not h.startswith(SITE_URL)
    ]
    return found


def test_every_feed_of_the_demo_is_valid_atom(demo):
    feeds = sorted(demo.site_dir.rglob("feed.xml"))
    assert len(feeds) > 10
    for path in feeds:
        assert atom_problems(ET.parse(path).getroot()) == [], path


def test_the_atom_check_finds_what_is_wrong():
    broken = ET.fromstring(
        '<feed xmlns="http://www.w3.org/2005/Atom"><title>x</title><updated>2024-01-01</updated>'
        "<entry><id>a/</id><title>y</title><updated>2024-01-01T00:00:00Z</updated><bogus/></entry></feed>"
    )
    said = "\n".join(atom_problems(broken))
    wanted = [
        "feed: 0 atom:id",
        "not an RFC 3339",
        "no link rel=self",
        "no atom:author",
        "not an absolute IRI",
        "atom:bogus does not belong",
        "neither atom:content",
    ]
    assert [w for w in wanted if w not in said] == []


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
    [
        ("api/charters.json", "charters-v1.json"),
        (f"{XH}/charter.json", "charter-v1.json"),
        ("wuhou/huochenanzhan/tongzilin/wenming-gongyue/charter.json", "charter-v1.json"),
    ],
)
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


@pytest.mark.parametrize("limit", [1, 3, 50])
def test_each_feed_is_the_newest_entries_of_every_charter_under_it(monkeypatch, limit):
    """A unit's feed is made from its children's (``unit_entries``): the same entries as
    sorting every charter's under it, whatever the limit cuts."""
    import datetime as dt

    from gongyue.publish import feeds
    from gongyue.record.loader import load_tolerantly

    from .conftest import DEMO_DATE

    monkeypatch.setattr(feeds, "LIMIT", limit)
    site, _ = load_tolerantly(ROOT, ROOT / "docs", dt.date.fromisoformat(DEMO_DATE))
    today, found = site.build_date, {}
    for unit in site.units:
        every = [
            entry
            for u in unit.walk()
            for charter in u.charters
            for entry in feeds._charter_entries(charter, today)
        ]
        every.sort(key=lambda e: (e.day, e.url), reverse=True)
        assert feeds.unit_entries(unit, today, found) == every[:limit], unit.url
    assert len(found) == len(site.units)
