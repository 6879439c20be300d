"""Pagefind run again over the last index, keeping the fragments of unchanged pages.

Pagefind writes one fragment per page (its text and title, fetched when the
page is a result), named after the SHA-1 of what it holds — ``<language>_``
and seven hex digits, more when two names collide in one run — and does not
write a fragment whose file is already there. So the last index's fragments
of the pages whose bytes have not changed (``search.Reuse``) are kept in the
output folder, the rest of the last index is removed, and Pagefind runs over
it: it writes only the other pages' fragments, and its word index, metadata
and scripts anew. At 1,000 courtyards that is a few files instead of 4,500.

Skipping a name it finds is right only when the file holds what Pagefind
would write. A kept fragment is an unchanged page's (the record of what was
made of each page, and the kept site's check of the files, say so); what can
go wrong is a name collision: a changed page's new fragment whose name is an
unchanged page's kept one. Whichever of the two Pagefind reads first gets the
short name; if it is the changed page, it is given the other's fragment, and
the unchanged page's fragment is written under a longer name. So after the
run every fragment written is read: they must be exactly one for each page
not kept, by its URL. A fragment with a longer name is never kept. Anything
else, and any doubt, runs Pagefind again into an empty folder.
"""

from __future__ import annotations

import gzip
import json
import re
import shutil
import zlib
from pathlib import Path

from gongyue.adapters.pagefind import PLAIN_PATH, build_search_index
from gongyue.adapters.pagefind_fragments import FRAGMENTS, SIGNATURE, SUFFIX
from gongyue.publish.search import Reuse

SHORT_NAME = re.compile(r"[A-Za-z0-9-]+_[0-9a-f]{7}")  # a name that did not collide
_URL_FIRST = re.compile(rb'\{"url":("(?:[^"\\]|\\.)*")')  # a fragment's JSON, as it begins


def index_again(
    site_dir: Path,
    pages: list[str],
    output: Path,
    reuse: Reuse | None,
    stage: Path | None = None,
) -> tuple[str | None, dict[str, str]]:
    """Index ``pages`` into ``output``, which holds the last index when ``reuse`` is given
    (a ``publish.search.IndexAgain``; ``stage``: ``pagefind_stage``). Returns a problem or
    None, and the fragment made of each page."""
    pages = sorted(set(pages))
    if reuse is not None and reuse.made and all(PLAIN_PATH.fullmatch(page) for page in pages):
        listed = set(pages)
        kept = _keep_only(
            output, {page: name for page, name in reuse.made.items() if page in listed}
        )
        problem = build_search_index(site_dir, pages, output=output, stage=stage)
        if problem is not None:
            return problem, {}
        made = _checked(output, pages, kept)
        if made is not None:
            return None, made
    shutil.rmtree(output, ignore_errors=True)
    problem = build_search_index(site_dir, pages, output=output, stage=stage)
    return problem, ({} if problem else _fragments_of(output, pages))


def _keep_only(output: Path, made: dict[str, str]) -> dict[str, str]:
    """Remove all of the last index but the fragments of unchanged pages with a short name;
    returns those pages and their fragments."""
    kept = {page: name for page, name in made.items() if SHORT_NAME.fullmatch(name)}
    names = {name + SUFFIX for name in kept.values()}
    for entry in output.iterdir() if output.is_dir() else []:
        if entry.name != FRAGMENTS or entry.is_symlink() or not entry.is_dir():
            _remove(entry)
    fragments = output / FRAGMENTS
    for entry in fragments.iterdir() if fragments.is_dir() else []:
        if entry.name not in names or not entry.is_file() or entry.is_symlink():
            _remove(entry)
    present = {entry.name for entry in fragments.iterdir()} if fragments.is_dir() else set()
    return {page: name for page, name in kept.items() if name + SUFFIX in present}


def _checked(output: Path, pages: list[str], kept: dict[str, str]) -> dict[str, str] | None:
    """The fragment of each page, when the fragments Pagefind wrote are one for each page
    whose fragment was not kept; None when they are not (the index cannot be trusted)."""
    written = _fragment_pages(output, pages, set(kept.values()))
    made = {page: name for name, page in written if page is not None}
    wanted = len(pages) - len(kept)
    if len(written) != wanted or len(made) != wanted or made.keys() & kept.keys():
        return None  # an unreadable or unknown fragment, or an unchanged page's written again
    return {**kept, **made}


def _fragments_of(output: Path, pages: list[str]) -> dict[str, str]:
    """The fragment of each page in a whole index Pagefind wrote."""
    return {page: name for name, page in _fragment_pages(output, pages, set()) if page is not None}


def _fragment_pages(output: Path, pages: list[str], skip: set[str]) -> list[tuple[str, str | None]]:
    """Each fragment in ``output`` but those named in ``skip``, and the page it holds (by its
    URL; None when it holds no page listed, or cannot be read)."""
    by_url = {_url_of(page): page for page in pages}
    folder = output / FRAGMENTS
    found = []
    for path in sorted(folder.glob("*" + SUFFIX)) if folder.is_dir() else []:
        name = path.name.removesuffix(SUFFIX)
        if name not in skip:
            found.append((name, by_url.get(_url_in(path) or "")))
    return found


def _url_in(fragment: Path) -> str | None:
    """The URL a fragment holds: read from its first few kilobytes, where Pagefind writes it
    first (a quarter of the time of the whole: a whole index's fragments are read after a
    fresh run), else from the whole; None when it cannot be read."""
    try:
        data = fragment.read_bytes()
        head = zlib.decompressobj(wbits=31).decompress(data, 4096)  # 31: a gzip stream
        if not head.startswith(SIGNATURE):
            return None
        first = _URL_FIRST.match(head, len(SIGNATURE))
        if first is not None:
            url = json.loads(first.group(1))
        else:
            url = json.loads(gzip.decompress(data)[len(SIGNATURE) :]).get("url")
    except (OSError, EOFError, ValueError, AttributeError, zlib.error):
        return None
    return url if isinstance(url, str) else None


def _url_of(page: str) -> str:
    """The URL Pagefind gives a page: its path from the site's root, without index.html."""
    url = "/" + page
    return url.removesuffix("index.html") if url.endswith("/index.html") else url


def _remove(entry: Path) -> None:
    if entry.is_dir() and not entry.is_symlink():
        shutil.rmtree(entry)
    else:
        entry.unlink()
