"""A shard's record without its texts: what a top job needs of the units a shard built.

A province is built as shards (one unit subtree each) and a small top job that
makes the home page, directory, consultations, statistics, feeds and open-data
index. The top job does not read the shards' sources: each shard writes the
record of its units, charters and versions (front matter, derived from nothing
but the dates) and the fingerprint chain of each charter, and the top job grafts
them into its own tree as *hollow* units — every fact the top pages show, no
article text. The format is closed: an unknown schema is refused, not guessed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from gongyue.record.fingerprint import chained, remember
from gongyue.record.model import Charter, Site, Unit, Version
from gongyue.record.schema import UnitInfo, VersionMeta
from gongyue.record.status import derive_charter
from gongyue.text import articles

SCHEMA = "gongyue/shard-record/v1"
_EMPTY = articles.parse("")


class SummaryError(ValueError):
    """A shard's record this version cannot read (its message is Chinese)."""


def unit_record(unit: Unit) -> dict[str, Any]:
    """``unit`` and everything under it, as JSON-ready data."""
    return {
        "path": unit.path,
        "slugs": list(unit.slugs),
        "info": unit.info.model_dump(mode="json", by_alias=True, exclude_none=True),
        "charters": [_charter_record(c) for c in unit.charters],
        "children": [unit_record(child) for child in unit.children],
    }


def _charter_record(charter: Charter) -> dict[str, Any]:
    return {
        "path": charter.path,
        "slug": charter.slug,
        "versions": [_version_record(v) for v in charter.versions + charter.drafts],
        "chain": {path: list(pair) for path, pair in chained(charter).items()},
    }


def _version_record(version: Version) -> dict[str, Any]:
    return {
        "path": version.path,
        "slug": version.slug,
        "date": version.date.isoformat() if version.date else None,
        "meta": version.meta.model_dump(mode="json", by_alias=True, exclude_none=True),
    }


def hollow_unit(record: dict[str, Any], parent: Unit | None) -> Unit:
    """The unit a record describes, with charters and versions but no texts."""
    try:
        unit = Unit(
            record["path"],
            tuple(record["slugs"]),
            UnitInfo.model_validate(record["info"]),
            "",
            parent,
        )
        unit.charters = [_hollow_charter(c, unit) for c in record["charters"]]
        unit.children = [hollow_unit(child, unit) for child in record["children"]]
    except (KeyError, TypeError, ValueError) as error:
        raise SummaryError(
            f"分片记录里的单位“{record.get('path', '?')}”读不了（{error}）"
        ) from None
    return unit


def _hollow_charter(record: dict[str, Any], unit: Unit) -> Charter:
    charter = Charter(record["path"], record["slug"], unit)
    for item in record["versions"]:
        date = dt.date.fromisoformat(item["date"]) if item["date"] else None
        meta = VersionMeta.model_validate(item["meta"])
        version = Version(item["path"], item["slug"], meta, _EMPTY, 1, date, charter)
        (charter.drafts if date is None else charter.versions).append(version)
    remember(charter, {path: (pair[0], pair[1]) for path, pair in record["chain"].items()})
    return charter


def graft(site: Site, records: Iterable[dict[str, Any]]) -> None:
    """Put each shard's hollow subtree where its folder is, in the order a walk finds it,
    and derive its facts for the site's build date; ``site.elsewhere`` names them.
    ``records`` may be read one at a time: only the hollow units stay."""
    by_slugs = {unit.slugs: unit for unit in site.units}
    touched: list[list[Unit]] = []
    grafted: set[str] = set()
    for record in records:
        slugs = tuple(record["slugs"])
        parent = by_slugs.get(slugs[:-1]) if len(slugs) > 1 else None
        if len(slugs) > 1 and parent is None:
            raise SummaryError(f"分片“{'/'.join(slugs)}”的上级单位不在网站里")
        unit = hollow_unit(record, parent)
        siblings = parent.children if parent is not None else site.roots
        siblings.append(unit)
        touched.append(siblings)
        for charter in (c for u in unit.walk() for c in u.charters):
            derive_charter(charter, site.build_date)
        grafted.add(unit.url)
    for siblings in touched:  # a walk's order: sorted folders, depth first
        siblings.sort(key=lambda u: u.slugs)
    site.elsewhere = frozenset(site.elsewhere | grafted)
