"""Pages without their templates' indentation: the whitespace between two tags, once.

A template's indentation and blank lines are a tenth of a page's bytes. Between two
tags a run of spaces and newlines shows as one space at most, so a run that holds a
newline is written as that one newline: the page shows and reads the same. Left as
written: whatever the browser keeps as it is — ``<pre>``, ``<textarea>``, scripts,
styles — and table cells, where the 对照 keeps a text's newlines (``white-space:
pre-line``); and every text and attribute, which this never touches.
"""

from __future__ import annotations

import re

_KEPT = re.compile(r"<(pre|textarea|script|style|td)\b.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
_BETWEEN_TAGS = re.compile(r">[ \t\r\n\f]*\n[ \t\r\n\f]*<")


def compact(html: str) -> str:
    """``html`` with each run of whitespace between two tags that holds a newline made
    that one newline, outside the elements that keep their whitespace."""
    out: list[str] = []
    start = 0
    for kept in _KEPT.finditer(html):
        out.append(_BETWEEN_TAGS.sub(">\n<", html[start : kept.start()]))
        out.append(kept.group(0))
        start = kept.end()
    out.append(_BETWEEN_TAGS.sub(">\n<", html[start:]))
    return "".join(out)
