"""What a search index made of each page, kept so that the next index need not make it again.

When one page of a city changes, Pagefind indexes every page again (its word
index holds them all) and writes one fragment per page: at 1,000 courtyards
4,500 files, and on a disk where each file made costs a millisecond, writing
them was half of a publish's search index. Most are the same bytes as last
time. So a build that keeps its output folder (``kept_site.py``) records,
among that output folder's own files in the cache (``KeptSite.private``),
each page's SHA-256 and what the indexer made of it (``<index>.made.json``;
one per output folder, as it tells of the index that folder holds); the next
build moves the last index back, and the indexer keeps what it made of the
pages whose bytes are unchanged (``search.Reuse``). The record holds for the
index the last build left only: it names that index's key and this build's
key, and is not used when either differs.

The same record spares reading the pages to key the index: 95 MB at 1,000
courtyards, read every build, a second and more when the disk has let them
out of memory. A page left in place since the record was written (the same
inode, size and modification time: the kept site's own test of a file left
as it was) has the SHA-256 the record gives it.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from gongyue.publish import packs
from gongyue.publish.search import Reuse
from gongyue.publish.whole_site import status_of

MADE = ".made.json"  # sites/<output folder>.private/pagefind.made.json
Status = list[int]  # a page file's ``whole_site.status_of``


@dataclass
class Made:
    """The record of the index ``key`` names: each page's SHA-256, what the indexer made of
    it, and the page file's status when it was hashed."""

    key: str = ""
    pages: dict[str, tuple[str, str, Status]] = field(default_factory=dict)


@dataclass
class PageDigests:
    """Each page's SHA-256 (in path order) and its file's status when it was hashed."""

    of: dict[str, str] = field(default_factory=dict)
    status: dict[str, Status] = field(default_factory=dict)


def read_made(record: Path, build_key: str) -> Made:
    """The record, or an empty one when it is missing, damaged or another build key's."""
    try:
        data = json.loads(record.read_text(encoding="utf-8"))
        if data["build"] != build_key or not isinstance(data["key"], str):
            return Made()
        pages = {page: _entry(value) for page, value in data["pages"].items()}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return Made()
    return Made(data["key"], pages)


def _entry(value: object) -> tuple[str, str, Status]:
    """A page's entry as the record keeps it; TypeError when it is not one (damaged)."""
    if not (isinstance(value, list) and len(value) == 3):
        raise TypeError("not a page's entry")
    digest, name, status = value
    if not (isinstance(digest, str) and isinstance(name, str) and isinstance(status, list)):
        raise TypeError("not a page's entry")
    return digest, name, status


def page_digests(site_dir: Path, pages: list[str], made: Made) -> PageDigests:
    """Each page's SHA-256: the record's for a page file left as it was then, else read."""
    digests = PageDigests()
    for page in pages:
        path = site_dir / page
        status = status_of(os.stat(path))
        known = made.pages.get(page)
        if known is not None and known[2] == status:
            digests.of[page] = known[0]
        else:
            digests.of[page] = hashlib.sha256(path.read_bytes()).hexdigest()
        digests.status[page] = status
    return digests


def reuse_of(made: Made, last_key: str, digests: PageDigests) -> Reuse | None:
    """What can be kept of the index ``last_key`` names: what was made of each page whose
    bytes are unchanged. None when the record is not that index's."""
    if not made.key or made.key != last_key:
        return None
    unchanged = {
        page: name
        for page, (digest, name, _) in made.pages.items()
        if digests.of.get(page) == digest
    }
    return Reuse(unchanged)


def record_made(
    record: Path, build_key: str, key: str, digests: PageDigests, made: dict[str, str]
) -> None:
    """Keep what the indexer made of each page of the index ``key`` names."""
    pages = {
        page: [digest, made[page], digests.status[page]]
        for page, digest in digests.of.items()
        if page in made
    }
    data = {"build": build_key, "key": key, "pages": pages}
    packs.write_atomically(record, json.dumps(data, ensure_ascii=False, sort_keys=True).encode())
