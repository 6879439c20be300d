"""Atom feeds: residents learn that their rules changed without checking the site.

One feed for the whole site and one per unit (the unit and everything under
it). An entry for each adopted version, each repeal and each draft that has
opened for comment, newest first, at most ``LIMIT`` per feed so that no file
grows with the city. Output is deterministic for a build date.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import chain
from xml.sax.saxutils import escape as _escape
from xml.sax.saxutils import quoteattr

from gongyue.record.model import Charter, Site, Unit, Version

LIMIT = 50
ATOM = "http://www.w3.org/2005/Atom"
# Characters XML 1.0 does not allow at all; one of them would make the whole feed unreadable.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def escape(text: str) -> str:
    return _escape(_NOT_XML.sub("", text))


@dataclass(frozen=True)
class Entry:
    title: str
    url: str  # relative to the site root
    day: dt.date
    summary: str


def _charter_entries(charter: Charter, today: dt.date) -> list[Entry]:
    found = [_adopted(charter, version) for version in charter.adopted]
    for draft in charter.drafts:
        window = draft.meta.consultation
        if window is not None and window.start <= today:
            title = f"{charter.title}：修改草案征求意见（{window.start} 至 {window.end}）"
            found.append(Entry(title, draft.url, window.start, draft.meta.summary or ""))
    return found


def _newest(entries: Iterable[Entry]) -> list[Entry]:
    """Newest first; no two entries share a day and an address, so the order is total."""
    return sorted(entries, key=lambda e: (e.day, e.url), reverse=True)[:LIMIT]


def _adopted(charter: Charter, version: Version) -> Entry:
    day = version.meta.published or version.date
    assert day is not None
    words = "废止" if version.is_repeal else f"{version.meta.change}（第{version.ordinal}版）"
    title = f"{charter.title}：{version.date} {version.meta.meeting.body if version.meta.meeting else ''}表决{words}"
    return Entry(title, version.url, day, version.meta.summary or "")


NEVER = dt.date(1970, 1, 1)  # the <updated> of a feed that has had no entry yet


def unit_entries(unit: Unit, today: dt.date, found: dict[int, list[Entry]]) -> list[Entry]:
    """The feed of ``unit`` (it and every unit under it): the newest of its own charters'
    entries and of each unit's below it, each of those made once (``found``, by id) —
    a unit's newest ``LIMIT`` are among its children's newest ``LIMIT``."""
    if id(unit) not in found:
        own = (entry for charter in unit.charters for entry in _charter_entries(charter, today))
        below = (entry for child in unit.children for entry in unit_entries(child, today, found))
        found[id(unit)] = _newest(chain(own, below))
    return found[id(unit)]


def atom(
    title: str, self_url: str, page_url: str, entries: list[Entry], site_url: str, today: dt.date
) -> str:
    """An Atom 1.0 document; every URL absolute against ``site_url``."""
    base = site_url.rstrip("/") + "/"
    # Not the build date: a feed with nothing in it is the same bytes every day.
    updated = max((e.day for e in entries), default=NEVER)
    lines = [
        '<?xml version="1.0" encoding="utf-8"?>',
        f'<feed xmlns="{ATOM}" xml:lang="zh-CN">',
        f"  <title>{escape(title)}</title>",
        f"  <id>{escape(base + self_url)}</id>",
        f'  <link rel="self" href={quoteattr(base + self_url)}/>',
        f'  <link rel="alternate" type="text/html" href={quoteattr(base + page_url)}/>',
        f"  <updated>{_stamp(updated)}</updated>",
        f"  <author><name>{escape(title)}</name></author>",
    ]
    for entry in entries:
        link = base + entry.url
        lines += [
            "  <entry>",
            f"    <title>{escape(entry.title)}</title>",
            f"    <id>{escape(link)}</id>",
            f'    <link rel="alternate" type="text/html" href={quoteattr(link)}/>',
            f"    <updated>{_stamp(entry.day)}</updated>",
            f"    <summary>{escape(entry.summary or entry.title)}</summary>",
            "  </entry>",
        ]
    lines.append("</feed>")
    return "\n".join(lines) + "\n"


def _stamp(day: dt.date) -> str:
    return f"{day.isoformat()}T00:00:00+08:00"


def site_feeds(site: Site, site_url: str, site_name: str) -> dict[str, str]:
    """Path (relative to the site root) -> Atom text, for the site and every unit."""
    today, found = site.build_date, dict[int, list[Entry]]()
    everything = _newest(chain(*(unit_entries(root, today, found) for root in site.roots)))
    feeds = {"feed.xml": atom(site_name, "feed.xml", "", everything, site_url, today)}
    for unit in (u for u in site.units if site.makes(u.url)):
        entries = unit_entries(unit, today, found)
        feeds[f"{unit.url}feed.xml"] = atom(
            f"{unit.name} · {site_name}", f"{unit.url}feed.xml", unit.url, entries, site_url, today
        )
    return feeds
