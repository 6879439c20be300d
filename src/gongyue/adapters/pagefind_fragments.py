"""Pagefind's fragments, made lighter: only the anchors its results can use are kept.

A fragment is what a resident's browser downloads for each result shown: the
page's text (for the excerpt), title and meta, and an ``anchors`` list of every
element with an ``id`` inside the indexed part of the page. A charter's text
has many: each provision and paragraph, and the former anchors that keep old
links working (``v2014-01-11-di-san-tiao``) — on average 75 a page, 43% of a
fragment's compressed bytes, for nothing: Pagefind's own results
(``sub_results``, in ``pagefind.js``) read only the anchors of headings that
have text, and gongyue's search page reads none. So every fragment Pagefind
writes is rewritten holding only those; excerpts, titles, meta and sub-results
are what they were.

The format is Pagefind 1.5's (pinned in pyproject): a gzip stream of
``pagefind_dcd`` and the JSON. A fragment that does not read as that is left
as Pagefind wrote it. The file keeps its name (Pagefind names it after what it
wrote, and skips writing a name that is there, which is how a rebuilt index
keeps the fragments of unchanged pages): a slimmed fragment is never slimmed
again, and the same page gives the same bytes in every kind of build.
"""

from __future__ import annotations

import gzip
import json
import re
import zlib
from pathlib import Path
from typing import Any

FRAGMENTS = "fragment"  # the folder of an index that holds them
SUFFIX = ".pf_fragment"
SIGNATURE = b"pagefind_dcd"  # what every decompressed Pagefind data file starts with
# As pagefind.js picks the anchors of sub-results: /h\d/i on the element, /\S/ on the
# text — JavaScript's \d and \s, which are not Python's.
_HEADING = re.compile(r"h[0-9]", re.IGNORECASE | re.ASCII)
_NOT_SPACE = re.compile(
    "[^\t\n\v\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]"
)


def names(index: Path) -> set[str]:
    """The fragments an index folder holds now (file names)."""
    folder = index / FRAGMENTS
    return {entry.name for entry in folder.iterdir()} if folder.is_dir() else set()


def slim_new(index: Path, before: set[str]) -> int:
    """Slim every fragment of ``index`` not named in ``before`` (those Pagefind has just
    written); returns how many were rewritten."""
    rewritten = 0
    for name in sorted(names(index) - before):
        if name.endswith(SUFFIX) and slim(index / FRAGMENTS / name):
            rewritten += 1
    return rewritten


def slim(path: Path) -> bool:
    """Rewrite one fragment with only the anchors results use; False when it is left as it
    was (not a fragment this code reads, or nothing to leave out)."""
    try:
        data = json.loads(_unpacked(path.read_bytes()))
    except (OSError, EOFError, ValueError, zlib.error):
        return False
    if not isinstance(data, dict) or not isinstance(data.get("anchors"), list):
        return False
    kept = [anchor for anchor in data["anchors"] if used(anchor)]
    if len(kept) == len(data["anchors"]):
        return False
    data["anchors"] = kept
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    packed = gzip.compress(SIGNATURE + text.encode("utf-8"), compresslevel=9, mtime=0)
    temporary = path.with_name(path.name + ".slim")
    temporary.write_bytes(packed)
    temporary.replace(path)  # a fragment is never seen half written
    return True


def used(anchor: Any) -> bool:
    """Whether Pagefind's results read this anchor: a heading with text in it."""
    if not isinstance(anchor, dict):
        return True  # not understood: kept
    element, text = anchor.get("element"), anchor.get("text")
    return (
        isinstance(element, str)
        and _HEADING.search(element) is not None
        and isinstance(text, str)
        and _NOT_SPACE.search(text) is not None
    )


def _unpacked(data: bytes) -> bytes:
    raw = gzip.decompress(data)
    if not raw.startswith(SIGNATURE):
        raise ValueError("not a Pagefind fragment")
    return raw[len(SIGNATURE) :]
