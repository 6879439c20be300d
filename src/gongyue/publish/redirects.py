"""Old addresses of renamed charter folders keep working (``gongyue move``).

A QR code on a notice board cannot be reprinted overnight. When a charter
folder is renamed, its unit's ``index.md`` records ``renamed: {old: new}``, and
every page under the new address gets a small page at the old one that sends
the reader on (a meta refresh, with a link for browsers that do not follow it).
"""

from __future__ import annotations

import html
import posixpath
from collections.abc import Iterable
from pathlib import Path

from gongyue.procedure.writing import write_atomic
from gongyue.record.model import Site

PAGE = "index.html"


def moved_charters(site: Site) -> list[tuple[str, str]]:
    """(old URL, new URL) of every renamed charter whose new folder exists."""
    pairs = []
    for unit in site.units:
        present = {c.slug for c in unit.charters}
        for old, new in sorted(unit.renamed.items()):
            if new in present:
                pairs.append((f"{unit.url}{old}/", f"{unit.url}{new}/"))
    return pairs


def redirect_pages(site: Site, outputs: Iterable[str]) -> dict[str, str]:
    """Old output path -> redirect page, for every page (``…/index.html``) under a new URL.

    A redirect never stands where a page of the site does (``gongyue check`` refuses
    such old names; this holds even for a site built without it).
    """
    moved = moved_charters(site)
    if not moved:
        return {}
    taken = set(outputs)
    stubs: dict[str, str] = {}
    for output in sorted(taken):
        if not output.endswith(PAGE):
            continue
        for old, new in moved:
            stub = old + output[len(new) :]
            if output.startswith(new) and stub not in taken:
                stubs[stub] = redirect_html(stub, output)
    return stubs


def redirect_html(old_output: str, new_output: str) -> str:
    """A page at ``old_output`` that sends the reader to ``new_output`` (both site-relative)."""
    target = posixpath.relpath(posixpath.dirname(new_output), posixpath.dirname(old_output)) + "/"
    href = html.escape(target, quote=True)
    return (
        '<!doctype html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<meta http-equiv="refresh" content="0; url={href}">\n'
        f'<link rel="canonical" href="{href}">\n<meta name="robots" content="noindex">\n'
        "<title>网址已更改</title>\n</head>\n<body>\n"
        f'<p style="font-size:1.25rem">这部公约的网址已经更改。请打开<a href="{href}">新的网址</a>。</p>\n'
        "</body>\n</html>\n"
    )


def write_redirects(site: Site, site_dir: Path) -> None:
    """Old addresses of renamed charters, for every page written under the new ones,
    where the build wrote nothing else."""
    written = [
        page.relative_to(site_dir).as_posix()
        for _, new in moved_charters(site)
        for page in (site_dir / new).rglob(PAGE)
    ]
    for path, text in redirect_pages(site, written).items():
        if not (site_dir / path).exists():
            write_atomic(site_dir / path, text, overwrite=False)
