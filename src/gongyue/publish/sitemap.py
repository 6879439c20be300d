"""The sitemap, written in one order whoever builds it: a single build, a shard, the top job.

The engine writes ``sitemap.xml`` in the order it met the pages and dates every
entry with the build; gongyue rewrites it sorted and without ``<lastmod>``, so
that a shard build, a top job and a single build list the same pages the same
way, and a build tomorrow with nothing changed writes the same bytes.
"""

from __future__ import annotations

import gzip
import re
from html import escape
from pathlib import Path

from gongyue.procedure.writing import write_atomic

_ENTRY = re.compile(r"(\s*<url>\s*<loc>)([^<]*)(</loc>.*?</url>)", re.DOTALL)
_LASTMOD = re.compile(r"\s*<lastmod>[^<]*</lastmod>")


def sitemap_locs(site_dir: Path) -> list[str]:
    """The addresses (as written, escaped) in the engine's sitemap.xml."""
    path = site_dir / "sitemap.xml"
    if not path.is_file():
        return []
    return [m.group(2) for m in _ENTRY.finditer(path.read_text(encoding="utf-8"))]


def loc_of(url: str, site_url: str) -> str:
    """A sitemap address for a site-relative ``url``, written as the engine writes its own."""
    return escape(site_url.rstrip("/") + "/" + url, quote=False)


SITEMAP_LIMIT = 50_000  # addresses per file (sitemaps.org); a province has millions
SITEMAPS = "sitemaps"  # where the parts go when there are more


def write_sitemap(
    site_dir: Path, locs: list[str], site_url: str, limit: int = SITEMAP_LIMIT
) -> None:
    """Rewrite sitemap.xml (and its .gz twin, same gzip timestamp) with ``locs`` in sorted
    order, each entry shaped like the engine's first one: a shard build, a top job and a
    single build then list the same pages the same way. Above ``limit`` addresses the
    entries go to numbered files in ``sitemaps/`` and sitemap.xml becomes their index."""
    path = site_dir / "sitemap.xml"
    if not path.is_file():
        return
    text = path.read_text(encoding="utf-8")
    entries = list(_ENTRY.finditer(text))
    if not entries:
        return
    first = entries[0]
    head, tail = text[: first.start()], text[entries[-1].end() :]
    # No <lastmod>: the engine writes the build date there, on every page, every day.
    after = _LASTMOD.sub("", first.group(3))
    ordered = sorted(set(locs))
    parts = [ordered[i : i + limit] for i in range(0, len(ordered), limit)] or [[]]
    bodies = ["".join(first.group(1) + loc + after for loc in part) for part in parts]
    if len(parts) == 1:
        _write_with_gz(site_dir, head + bodies[0] + tail)
        return
    (site_dir / SITEMAPS).mkdir(exist_ok=True)
    for number, body in enumerate(bodies, 1):
        write_atomic(
            site_dir / SITEMAPS / f"sitemap-{number}.xml", head + body + tail, overwrite=True
        )
    _write_with_gz(site_dir, _sitemap_index(len(parts), site_url))


def _sitemap_index(count: int, site_url: str) -> str:
    root = site_url.rstrip("/") + "/" if site_url else ""
    items = "".join(
        f"    <sitemap>\n         <loc>{escape(f'{root}{SITEMAPS}/sitemap-{n}.xml', quote=False)}"
        "</loc>\n    </sitemap>\n"
        for n in range(1, count + 1)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
        f"{items}</sitemapindex>\n"
    )


def _write_with_gz(site_dir: Path, text: str) -> None:
    write_atomic(site_dir / "sitemap.xml", text, overwrite=True)
    gz_path = site_dir / "sitemap.xml.gz"
    if gz_path.is_file():
        # MTIME 0 ("no time"), not the engine's build time: the same every day.
        with (
            open(gz_path, "wb") as raw,
            gzip.GzipFile(filename=str(gz_path), mode="wb", fileobj=raw, mtime=0) as stream,
        ):
            stream.write(text.encode("utf-8"))


def under(loc_or_path: str, prefix: str, site_url: str) -> bool:
    """``loc_or_path`` (a sitemap address or a site-relative file) lies under ``prefix``."""
    root = site_url.rstrip("/") + "/" if site_url else "/"
    for start in (escape(root, quote=False), "/", ""):
        if loc_or_path.startswith(start + prefix):
            return True
    return False
