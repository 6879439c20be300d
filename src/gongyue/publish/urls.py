"""How a page links another: the one URL rule every renderer uses.

Links in the templates are written from the site root (``a/b/``) and made
relative to the page by the ``url`` filter, as the site engine's own filter
does: MkDocs' rule, reimplemented here so that the pages gongyue renders
outside the engine (``themed.py``, posters, the export's Traditional pages)
carry the same bytes. ``tests/test_themed.py`` checks the rule against the
engine's own function with random paths.
"""

from __future__ import annotations

import posixpath
import re
from functools import lru_cache
from urllib.parse import urlsplit

import jinja2

PRINT = "print/"  # where a standalone sheet stands (made for its PDF only, never published)
HANT = "hant/"  # the search page's twin in Traditional characters: search/hant/
HANT_TABLE = "hant.json"  # a charter's texts in Traditional characters: <charter>/hant.json
PAPERS = "papers/"  # the papers of the procedure: <draft or version>/papers/<kind>/


def depth(url: str) -> int:
    """Folders in a page address: ``a/b/`` is 2, the home page 0."""
    return url.count("/")


def engine_url(path: str, page_url: str) -> str:
    """``path`` (from the site root) as the engine's ``url`` filter writes it on ``page_url``.

    MkDocs's rule: addresses with a scheme, a host, a leading ``/`` or ``#`` stay;
    others become relative to the page's folder, keeping a trailing ``/``.
    """
    if path.startswith(("/", "#")) or ":" in path.partition("/")[0]:
        parts = urlsplit(path)
        if parts.scheme or parts.netloc or path.startswith(("/", "#")):
            return path
    path = path or "."
    target, folder = _segments(path), _segments(page_url)
    if target is not None and folder is not None:
        relative = _relative(target, folder[:-1])
    else:  # dots or doubled slashes: leave it to the general rule
        normalized = posixpath.normpath(path) + "/"
        ups = 0
        while normalized.startswith("../", ups * 3):
            ups += 1
        relative = "../" * ups + posixpath.relpath("/" + path, "/" + posixpath.dirname(page_url))
    return relative + "/" if path.endswith("/") else relative


# Segments without ".", "..", empty ones or a leading "/": what gongyue's links are made of.
_PLAIN_PATH = re.compile(r"^(?:(?!\.\.?/)(?!\.\.?$)[^/]+/)*(?:(?!\.\.?$)[^/]+)?$")


@lru_cache(maxsize=1 << 16)
def _segments(path: str) -> tuple[str, ...] | None:
    """A plain path's segments (a page links the same addresses many times), else None."""
    return tuple(path.split("/")) if _PLAIN_PATH.match(path) else None


def _relative(target: tuple[str, ...], folder: tuple[str, ...]) -> str:
    """``posixpath.relpath`` for plain segments: up to the common folder, then down."""
    if target and target[-1] == "":
        target = target[:-1]
    common = 0
    for a, b in zip(target, folder, strict=False):
        if a != b:
            break
        common += 1
    return "/".join(("..",) * (len(folder) - common) + target[common:]) or "."


def twin_target(target: str, twins: frozenset[str] | None) -> str:
    """On a Traditional page, a link to a page with a twin goes to the twin."""
    if twins:
        path, hash_, fragment = target.partition("#")
        if path in twins:
            return path + HANT + hash_ + fragment
    return target


@jinja2.pass_context
def url_filter(context: jinja2.runtime.Context, target: str) -> str:
    """The templates' ``url`` filter outside the engine: ``page_url`` is the page rendered,
    ``hant_twins`` (on a Traditional page) the pages whose twins its links go to."""
    return engine_url(twin_target(target, context.get("hant_twins")), context["page_url"])
