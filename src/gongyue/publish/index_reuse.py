"""What a search index made of each page, kept so that the next index need not make it again.

When one page of a city changes, Pagefind indexes every page again (its word
index holds them all) and writes one fragment per page: at 1,000 courtyards
4,500 files, and on a disk where each file made costs a millisecond, writing
them was half of a publish's search index. Most are the same bytes as last
time. So a build that keeps its output folder (``kept_site.py``) records,
beside the index's pack in the cache, each page's SHA-256 and what the
indexer made of it (``<index>.made.json``); the next build moves the last
index back, and the indexer keeps what it made of the pages whose bytes are
unchanged (``search.Reuse``). The record holds for the index the last build
left only: it names that index's key and this build's key, and is not used
when either differs.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from gongyue.publish import packs
from gongyue.publish.search import Reuse

MADE = ".made.json"  # beside the index's pack: search/pagefind.made.json


def page_digests(site_dir: Path, pages: list[str]) -> dict[str, str]:
    """Each page's SHA-256, by its path relative to ``site_dir``, in path order."""
    return {page: hashlib.sha256((site_dir / page).read_bytes()).hexdigest() for page in pages}


def reuse_of(record: Path, build_key: str, last_key: str, digests: dict[str, str]) -> Reuse | None:
    """What can be kept of the index ``last_key`` names, by the record of what was made of
    it: the pages whose bytes are unchanged. None when the record is missing, damaged or
    not that index's, or was written by another build key."""
    try:
        data = json.loads(record.read_text(encoding="utf-8"))
        if data["build"] != build_key or data["key"] != last_key:
            return None
        made = {
            page: name
            for page, (digest, name) in data["pages"].items()
            if digests.get(page) == digest and isinstance(name, str)
        }
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return Reuse(made)


def record_made(
    record: Path, build_key: str, key: str, digests: dict[str, str], made: dict[str, str]
) -> None:
    """Keep what the indexer made of each page of the index ``key`` names."""
    pages = {page: [digests[page], made[page]] for page in digests if page in made}
    data = {"build": build_key, "key": key, "pages": pages}
    packs.write_atomically(record, json.dumps(data, ensure_ascii=False, sort_keys=True).encode())
