"""Open data: every charter as JSON, for journalists, researchers and other tools.

``/api/charters.json`` lists every charter; ``/<unit…>/<charter>/charter.json``
holds one charter's versions, decision records, provisions and fingerprints.
The shapes are versioned (``schema`` field) and documented as JSON Schema in
``docs/schema/``; tests validate the output against it.
"""

from __future__ import annotations

import json
from typing import Any

from gongyue.publish.feeds import site_feeds
from gongyue.publish.stats import CSV_PATH, units_csv
from gongyue.record.fingerprint import SHORT, fingerprints
from gongyue.record.model import Charter, Site, Version
from gongyue.record.status import last_change
from gongyue.text.compare import Comparison, Relation

SCHEMA_VERSION = 1
INDEX_PATH = "api/charters.json"
SHARDS_PATH = "api/fingerprints/"  # + the first two hex digits + .json


def dump(data: Any) -> str:
    """One line of JSON, keys sorted. Not indented: an indented dump is made by the
    json module's Python encoder (its C one cannot indent), four times slower — 1.85 s
    against 0.45 s for the 3,478 files of 1,000 courtyards — and the files a fifth
    larger (71 MB against 55 MB); a reader's browser or ``jq`` lays them out."""
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n"


def charters_index(site: Site) -> dict[str, Any]:
    return {
        "schema": f"gongyue/charters/v{SCHEMA_VERSION}",
        # The day the statuses below hold from: nothing changed from then to the build
        # date, so a build on any of those days writes the same file.
        "build_date": (last_change(site) or site.build_date).isoformat(),
        "charters": [
            {
                "url": c.url,
                "data": f"{c.url}charter.json",
                "units": [u.name for u in c.unit.lineage],
                "unit_path": c.unit.url,
                "title": c.title,
                "type": c.type,
                "status": c.status,
                "versions": [v.slug for v in c.versions],
                "drafts": [d.slug for d in c.drafts],
                "in_force": c.in_force.slug if c.in_force else None,
            }
            for c in site.charters
        ],
    }


def charter_data(charter: Charter) -> tuple[str, str]:
    """The charter's ``charter.json``: its path and its text."""
    return f"{charter.url}charter.json", dump(charter_document(charter))


def charter_document(charter: Charter) -> dict[str, Any]:
    prints = fingerprints(charter)
    return {
        "schema": f"gongyue/charter/v{SCHEMA_VERSION}",
        "url": charter.url,
        "units": [u.name for u in charter.unit.lineage],
        "title": charter.title,
        "type": charter.type,
        "status": charter.status,
        "in_force": charter.in_force.slug if charter.in_force else None,
        "versions": [
            _version(v, prints.get(v.path, ("", ""))[1] or None) for v in charter.versions
        ],
        "drafts": [_version(d, None) for d in charter.drafts],
    }


def _version(version: Version, fingerprint: str | None) -> dict[str, Any]:
    record = version.meta.model_dump(mode="json", by_alias=True, exclude_none=True)
    return {
        "slug": version.slug,
        "url": version.url,
        "ordinal": version.ordinal,
        "status": version.status,
        "effective": version.effective.isoformat() if version.effective else None,
        "record": record,
        "fingerprint": fingerprint,
        "provisions": [
            {
                "anchor": p.anchor,
                "kind": p.kind,
                "label": p.label,
                "heading": p.heading,
                "text": p.text,
            }
            for p in version.document.provisions
        ],
    }


def fingerprint_shards(site: Site) -> dict[str, dict[str, Any]]:
    """Short fingerprint -> the adopted versions that have it, split by its first two digits.

    The verify page looks up what a resident copied from the paper; split this
    way, one lookup downloads a few kilobytes however large the city is.
    """
    shards: dict[str, dict[str, Any]] = {}
    for charter in site.charters:
        by_path = {v.path: v for v in charter.adopted}
        for path, (_, fingerprint) in fingerprints(charter).items():
            version = by_path[path]
            short = fingerprint[:SHORT]
            shard = shards.setdefault(short[:2], {})
            shard.setdefault(short, []).append(
                {
                    "url": version.url,
                    "title": version.meta.title,
                    "version": version.slug,
                    "ordinal": version.ordinal,
                    "status": version.status,
                    "units": [u.name for u in charter.unit.lineage],
                    "fingerprint": fingerprint,
                    **_log_place(site, charter, version),
                }
            )
    return shards


def _log_place(site: Site, charter: Charter, version: Version) -> dict[str, Any]:
    """Where the verify page finds the version in the log, to check its inclusion."""
    place = site.log.of(charter.url, version.slug) if site.log else None
    return {"log": {"position": place.position, "entry": place.entry}} if place else {}


def data_files(site: Site, site_name: str, site_url: str, charters: bool = True) -> dict[str, str]:
    """Every data file of the site: open data, the statistics table and, when the
    site's address is known (Atom needs absolute links), the feeds. Without
    ``charters``, not each charter's own ``charter.json`` (a build makes those with
    the charter's pages: ``charter_data``)."""
    files = {**site_data(site, charters), CSV_PATH: units_csv(site)}
    if site_url:
        files.update(site_feeds(site, site_url, site_name))
    return files


def site_data(site: Site, charters: bool = True) -> dict[str, str]:
    """Path (relative to the site root) -> JSON text."""
    files = {INDEX_PATH: dump(charters_index(site))}
    for charter in (c for c in site.charters if charters and site.makes(c.url)):
        path, text = charter_data(charter)
        files[path] = text
    for prefix, entries in sorted(fingerprint_shards(site).items()):
        files[f"{SHARDS_PATH}{prefix}.json"] = dump(
            {"schema": f"gongyue/fingerprints/v{SCHEMA_VERSION}", "fingerprints": entries}
        )
    return files


DIFF_SCHEMA = "gongyue/diff/v1"  # docs/schema/diff-v1.json


def diff_document(old: str, new: str, comparison: Comparison) -> dict[str, Any]:
    """``gongyue diff --format json``: the changes between two texts, provision by provision."""
    return {
        "schema": DIFF_SCHEMA,
        "from": old,
        "to": new,
        "summary": dict(comparison.counts),  # articles (条) only
        "summary_text": comparison.summary,
        "changes": [
            {
                "op": c.op,
                "kind": c.kind,
                "old": c.old_label,
                "new": c.new_label,
                "old_text": (c.old.heading + c.old.text) if c.old else None,
                "new_text": (c.new.heading + c.new.text) if c.new else None,
                "relations": [_relation_document(r) for r in c.relations],
            }
            for c in comparison.changes
        ],
    }


def _relation_document(relation: Relation) -> dict[str, Any]:
    return {
        "kind": relation.kind,
        "old": [p.display_label for p in relation.old],
        "new": [p.display_label for p in relation.new],
        "words": relation.words,
    }
