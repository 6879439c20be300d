"""Where new material goes: every decision places what it adds by its new number.

Articles, chapters, paragraphs and items all follow the one rule: what is kept
keeps its order, and each new piece takes the position its new number names.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TypeVar

T = TypeVar("T")


def placed(kept: Sequence[T], claims: Mapping[int, T]) -> list[T]:
    """``kept`` in order, with each claimed piece at the (1-based) position it claims.
    The caller has checked that every claim is between 1 and ``len(kept) + len(claims)``."""
    rest = iter(kept)
    total = len(kept) + len(claims)
    return [claims[at] if at in claims else next(rest) for at in range(1, total + 1)]


def beyond(claims: Mapping[int, object], kept: int) -> list[int]:
    """The claimed positions that do not exist among ``kept`` plus the claimed ones."""
    total = kept + len(claims)
    return [at for at in claims if not 1 <= at <= total]
