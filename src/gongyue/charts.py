"""Small static SVG charts, made at build time: readable without JavaScript.

Every bar carries its number as text, so nothing depends on telling colours
apart, and the page puts the same figures in a table next to the chart.
"""

from __future__ import annotations

from html import escape

SLOT = 44  # horizontal room per bar, enough for a four-digit year at the label size
PLOT_HEIGHT = 160
TOP = 24  # room for the number above the tallest bar
BOTTOM = 28  # room for the labels under the bars
LEFT = 8


def bar_chart(bars: list[tuple[str, int]], title: str, description: str) -> str:
    """An SVG bar chart of ``(label, value)`` pairs, scaled to the largest value."""
    width = LEFT * 2 + SLOT * max(len(bars), 1)
    height = TOP + PLOT_HEIGHT + BOTTOM
    peak = max((value for _, value in bars), default=0) or 1
    parts = [
        f'<svg class="gy-chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-labelledby="gy-chart-title gy-chart-desc">',
        f'<title id="gy-chart-title">{escape(title)}</title>',
        f'<desc id="gy-chart-desc">{escape(description)}</desc>',
        f'<line class="gy-chart__axis" x1="{LEFT}" y1="{TOP + PLOT_HEIGHT}" '
        f'x2="{width - LEFT}" y2="{TOP + PLOT_HEIGHT}"/>',
    ]
    for index, (label, value) in enumerate(bars):
        parts.append(_bar(index, label, value, peak))
    parts.append("</svg>")
    return "".join(parts)


def _bar(index: int, label: str, value: int, peak: int) -> str:
    x = LEFT + index * SLOT
    bar_height = round(PLOT_HEIGHT * value / peak)
    y = TOP + PLOT_HEIGHT - bar_height
    middle = x + SLOT // 2
    return (
        f'<g class="gy-chart__bar"><rect x="{x + 8}" y="{y}" width="{SLOT - 16}" height="{bar_height}"/>'
        f'<text class="gy-chart__value" x="{middle}" y="{y - 6}" text-anchor="middle">{value}</text>'
        f'<text class="gy-chart__label" x="{middle}" y="{TOP + PLOT_HEIGHT + 20}" '
        f'text-anchor="middle">{escape(label)}</text></g>'
    )
