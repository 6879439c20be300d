"""The QR code on a notice-board sheet: inline SVG that leads to the version's own page."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache
from html import escape

import segno

QUIET_ZONE = 4  # modules of white around the code, as the standard asks
QR_MASK = 0  # a fixed mask: choosing the best of eight costs 5x, any mask scans


@lru_cache(maxsize=4096)
def qr_svg(url: str) -> str:
    """A QR code for ``url`` as inline SVG: black modules on white, with the quiet zone.

    segno encodes; the SVG is drawn here, one stroke per run of dark modules,
    which is a third of the time of segno's own writer and lets the code carry
    its URL as an accessible name. A version's poster and its 公布公告 (a draft's poster
    and its 征求意见公告) lead to the same page: each code is drawn once per process.
    """
    matrix = segno.make_qr(url, error="m", mask=QR_MASK).matrix
    size = len(matrix) + 2 * QUIET_ZONE
    label = escape(f"二维码：{url}")
    return (
        f'<svg class="gy-qr" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}" '
        f'role="img" aria-label="{label}" shape-rendering="crispEdges">'
        f'<path fill="#fff" d="M0 0h{size}v{size}H0z"/>'
        f'<path fill="none" stroke="#000" d="{_strokes(matrix)}"/></svg>'
    )


def _strokes(matrix: Iterable[Iterable[int]]) -> str:
    """Each run of dark modules as a line one module wide through the middle of its row,
    every move after the first relative to where the last line ended: half the bytes of a
    rectangle per run, on every page that carries the code."""
    strokes: list[str] = []
    at: tuple[int, int] | None = None
    for y, row in enumerate(matrix, start=QUIET_ZONE):
        for x, length in _dark_runs(row):
            x += QUIET_ZONE
            if at is None:
                strokes.append(f"M{x} {y}.5h{length}")
            else:
                strokes.append(f"m{x - at[0]} {y - at[1]}h{length}")
            at = (x + length, y)
    return "".join(strokes)


def _dark_runs(row: Iterable[int]) -> Iterator[tuple[int, int]]:
    """(start, length) of each run of dark modules in a row of the matrix."""
    start = None
    cells = list(row)
    for x, dark in enumerate([*cells, 0]):
        if dark and start is None:
            start = x
        elif not dark and start is not None:
            yield start, x - start
            start = None


def sheet_addresses(url: str, site_url: str | None) -> dict[str, str]:
    """What a printed sheet of the page at ``url`` says about where it is online: the
    QR code and the address it holds, and the page that checks a fingerprint. A site
    without an address (no ``site_url``) prints none of them, and the sheet says why."""
    root = site_url.rstrip("/") + "/" if site_url else ""
    if not root:
        return {"qr": "", "absolute_url": "", "verify_url": ""}
    return {"qr": qr_svg(root + url), "absolute_url": root + url, "verify_url": root + "verify/"}
