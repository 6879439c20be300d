"""Stated limits: past them, input gets a clear answer instead of unbounded work.

Each is far above what a real charter needs and far below what stalls a build.
``gongyue check`` refuses input past a limit with a located message, and the
renderer stays bounded even for input that never went through ``check``.
"""

from __future__ import annotations

# Python-Markdown's link parsing is quadratic in "[": 1,000 of them on a line take
# 0.2 s, 8,000 take 9.5 s. A charter's line has a handful at most.
MAX_BRACKETS = 100


def too_many_brackets(text: str) -> bool:
    return text.count("[") > MAX_BRACKETS


# Every version page lists each article's history, so a charter's pages grow with the
# square of its versions (1,000 versions wrote 441 MB). Real charters are amended a
# few times a decade.
MAX_VERSIONS = 100

# Undoing errata rereads the text for each one (10,000 took a minute); a version
# corrected more than a handful of times should be amended instead.
MAX_ERRATA = 100
