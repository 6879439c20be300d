"""Small static SVG charts, made at build time: readable without JavaScript.

Bars run sideways, one row per label, so the chart keeps its type size on a
narrow phone instead of shrinking to fit. Every bar carries its number as
text, so nothing depends on telling colours apart, and the page puts the same
figures in a table next to the chart.
"""

from __future__ import annotations

from html import escape

WIDTH = 320  # the viewBox; the page scales it to the column, about 1:1 on a phone
ROW = 28
BAR = 18
LABEL = 52  # room for a four-digit year at the chart's type size
VALUE = 40  # room for the number after the longest bar
TOP = 4


def bar_chart(bars: list[tuple[str, int]], title: str, description: str) -> str:
    """An SVG chart of ``(label, value)`` rows, bars scaled to the largest value."""
    height = TOP * 2 + ROW * max(len(bars), 1)
    peak = max((value for _, value in bars), default=0) or 1
    parts = [
        f'<svg class="gy-chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" '
        f'width="{WIDTH}" height="{height}" role="img" aria-labelledby="gy-chart-title gy-chart-desc">',
        f'<title id="gy-chart-title">{escape(title)}</title>',
        f'<desc id="gy-chart-desc">{escape(description)}</desc>',
        f'<line class="gy-chart__axis" x1="{LABEL}" y1="0" x2="{LABEL}" y2="{height}"/>',
    ]
    for index, (label, value) in enumerate(bars):
        parts.append(_bar(index, label, value, peak))
    parts.append("</svg>")
    return "".join(parts)


def _bar(index: int, label: str, value: int, peak: int) -> str:
    top = TOP + index * ROW
    length = round((WIDTH - LABEL - VALUE) * value / peak)
    baseline = top + ROW // 2 + 5
    return (
        f'<g class="gy-chart__bar"><text class="gy-chart__label" x="{LABEL - 6}" y="{baseline}" '
        f'text-anchor="end">{escape(label)}</text>'
        f'<rect x="{LABEL}" y="{top + (ROW - BAR) // 2}" width="{length}" height="{BAR}"/>'
        f'<text class="gy-chart__value" x="{LABEL + length + 6}" y="{baseline}">{value}</text></g>'
    )
