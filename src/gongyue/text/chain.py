"""The heaviest chain of pairs that keeps both texts in order.

Pairs ``(old index, new index, weight)`` form a chain when both indexes
strictly increase along it; the heaviest one is a weighted longest increasing
subsequence, found in ``n log n`` with a Fenwick tree that keeps its argmax.
"""

from __future__ import annotations

from bisect import bisect_left


def heaviest_chain(items: list[tuple[int, int, float]]) -> list[tuple[int, int, float]]:
    """Items with strictly increasing old and new index and the greatest total weight."""
    # Within one old index, higher new indexes first, so two of them never chain.
    ordered = sorted(items, key=lambda item: (item[0], -item[1]))
    news = sorted({j for _, j, _ in ordered})
    tree = _MaxTree(len(news))
    best: list[tuple[float, int]] = []  # per item: (total weight, previous item)
    for index, (_, j, weight) in enumerate(ordered):
        position = bisect_left(news, j)
        total, previous = tree.best_before(position)
        best.append((total + weight, previous))
        tree.offer(position, total + weight, index)
    if not best:
        return []
    end = max(range(len(best)), key=lambda k: (best[k][0], -k))
    chain = []
    while end >= 0:
        chain.append(ordered[end])
        end = best[end][1]
    return chain[::-1]


class _MaxTree:
    """Prefix maximum over positions (a Fenwick tree keeping the argmax too)."""

    def __init__(self, size: int) -> None:
        self.values = [(0.0, -1)] * (size + 1)

    def best_before(self, position: int) -> tuple[float, int]:
        found = (0.0, -1)
        while position > 0:
            found = max(found, self.values[position], key=lambda v: v[0])
            position -= position & -position
        return found

    def offer(self, position: int, total: float, index: int) -> None:
        position += 1
        while position < len(self.values):
            if total > self.values[position][0]:
                self.values[position] = (total, index)
            position += position & -position
