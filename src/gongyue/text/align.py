"""Which provision of the new text continues which provision of the old one.

A careful reader aligns two versions in three passes, and so does this module:

1. **Same text.** Provisions whose text did not change are matched first; those
   in the same order form the backbone, the others moved.
2. **In their place.** Between those anchors, a changed provision is matched
   with a similar one *where it stands*: the pairs form the order-preserving
   chain of greatest total similarity (a weighted longest increasing
   subsequence), so an article that was rewritten in place is found even when
   another article elsewhere happens to read a little more like it.
3. **Moved and edited.** What is left is matched across the text when the
   similarity is strong, strongest first; a strong match may take a partner
   that pass 2 gave to a much weaker one.

How alike two provisions are is ``likeness``'s business. Finally, text that
left its partner is followed (``links``): a split, a merge, or part of a
provision moving, which ``compare`` reports in words.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher

from gongyue.text.articles import Provision
from gongyue.text.chain import heaviest_chain
from gongyue.text.likeness import (
    LONG,
    Likeness,
    Profile,
    RareGrams,
    Side,
    canonical,
    gram_size,
    likeness,
    run_likeness,
    sentences,
)
from gongyue.text.links import follow

__all__ = ["Alignment", "align", "canonical", "sentences"]

STRONG = 0.6  # a match across the text (a move) must be at least this alike
TAKE_OVER = 0.1  # a move may take a partner matched in place this much more weakly
SAME_PLACE = 0.1  # between near-equal partners, the one keeping the old number reads best
CLEAR = 0.7  # likeness from which two texts are a pair whatever words they share
PROMISING = 0.25  # n-gram likeness worth measuring exactly (by matching runs of characters)…
SURE = 0.9  # …up to where it no longer matters


@dataclass(frozen=True)
class Alignment:
    pairs: dict[int, int]  # old index -> new index
    links: tuple[tuple[int, int], ...]  # (old, new): part of the old text went to that new one


def align(old: Sequence[Provision], new: Sequence[Provision]) -> Alignment:
    a, b = Side(old), Side(new)
    pairs = _same_text(a, b)
    rare = RareGrams(a, b)
    candidates = _candidates(a, b, pairs, rare)
    pairs |= _in_place(candidates, pairs)
    pairs = _moved(candidates, pairs)
    rewritten, links = follow(a, b, pairs, rare)
    return Alignment(pairs | rewritten, tuple(sorted(links)))


# -- pass 1: the same text ------------------------------------------------------------


def _same_text(a: Side, b: Side) -> dict[int, int]:
    keys_a = [f"{c}|{t}" for c, t in zip(a.classes, a.texts, strict=True)]
    keys_b = [f"{c}|{t}" for c, t in zip(b.classes, b.texts, strict=True)]
    pairs: dict[int, int] = {}
    matcher = SequenceMatcher(None, keys_a, keys_b, autojunk=False)
    for block in matcher.get_matching_blocks():
        for k in range(block.size):
            pairs[block.a + k] = block.b + k
    # The same text elsewhere: it moved.
    waiting: dict[str, list[int]] = {}
    taken = set(pairs.values())
    for j, key in enumerate(keys_b):
        if j not in taken:
            waiting.setdefault(key, []).append(j)
    for i, key in enumerate(keys_a):
        if i not in pairs and waiting.get(key):
            pairs[i] = waiting[key].pop(0)
    return pairs


# -- candidates for the changed provisions ---------------------------------------------


@dataclass(frozen=True)
class _Candidate:
    old: int
    new: int
    likeness: Likeness
    same_label: bool

    @property
    def score(self) -> float:
        return self.likeness.score

    @property
    def weight(self) -> float:
        """In the chain: likeness, then the same number, then the likeness of both sides."""
        return self.score + SAME_PLACE * self.same_label + 0.02 * self.likeness.dice


def _candidates(a: Side, b: Side, pairs: dict[int, int], rare: RareGrams) -> list[_Candidate]:
    """Likely pairs among the provisions pass 1 left, found through rare shared n-grams."""
    rough = {}
    for i, j in sorted(_near(a, b, pairs)):
        n = gram_size(len(a.texts[i]), len(b.texts[j]))
        rough[i, j] = likeness(a.grams(i, n), b.grams(j, n))
    worth_measuring = _best_few(rough)
    found: list[_Candidate] = []
    for (i, j), like in rough.items():
        if PROMISING <= like.score < SURE and (i, j) in worth_measuring and len(a.texts[i]) <= LONG:
            n = gram_size(len(a.texts[i]), len(b.texts[j]))
            like = run_likeness(a.texts[i], b.texts[j], a.grams(i, n), b.grams(j, n))
            if like.score < CLEAR and not rare.shared_enough(a, i, b, j):
                continue
        if like.is_candidate:
            same = a.provisions[i].label == b.provisions[j].label
            found.append(_Candidate(i, j, like, same))
    return found


def _near(a: Side, b: Side, pairs: dict[int, int]) -> set[tuple[int, int]]:
    """Unpaired provisions that share informative n-grams, looked for from both sides:
    a short new article cut from a long old one is near it only seen from the new."""
    paired_new = set(pairs.values())
    olds = [i for i in range(len(a.texts)) if i not in pairs]
    news = [j for j in range(len(b.texts)) if j not in paired_new]
    near = {(i, j) for i in olds for j in b.index.nearest(*_probe(a, i), skip=paired_new)}
    near |= {(i, j) for j in news for i in a.index.nearest(*_probe(b, j), skip=set(pairs))}
    return near


def _best_few(rough: dict[tuple[int, int], Likeness], few: int = 3) -> set[tuple[int, int]]:
    """The pairs among each provision's ``few`` roughly likest, seen from either side."""
    by_old: dict[int, list[tuple[float, int, int]]] = {}
    by_new: dict[int, list[tuple[float, int, int]]] = {}
    for (i, j), like in rough.items():
        by_old.setdefault(i, []).append((-like.score, i, j))
        by_new.setdefault(j, []).append((-like.score, i, j))
    kept: set[tuple[int, int]] = set()
    for ranked in (*by_old.values(), *by_new.values()):
        kept |= {(i, j) for _, i, j in sorted(ranked)[:few]}
    return kept


def _probe(side: Side, k: int) -> tuple[Profile, str, bool]:
    return side.grams(k), side.classes[k], len(side.texts[k]) > LONG


# -- pass 2: in their place -------------------------------------------------------------


def _in_place(candidates: list[_Candidate], pairs: dict[int, int]) -> dict[int, int]:
    """The order-preserving chain of greatest total likeness through the anchors."""
    anchors = [(i, j, 3.0) for i, j in pairs.items()]
    items = anchors + [(c.old, c.new, c.weight) for c in candidates]
    chain = heaviest_chain(items)
    return {i: j for i, j, _ in chain if i not in pairs}


# -- pass 3: moved and edited -----------------------------------------------------------


def _moved(candidates: list[_Candidate], pairs: dict[int, int]) -> dict[int, int]:
    pairs = _strong_moves(candidates, pairs)
    return _each_others_best(candidates, pairs)


def _each_others_best(candidates: list[_Candidate], pairs: dict[int, int]) -> dict[int, int]:
    """Left-overs that are each other's best remaining match: rewritten, and moved."""
    pairs = dict(pairs)
    while True:
        taken = set(pairs.values())
        free = [c for c in candidates if c.old not in pairs and c.new not in taken]
        best_old: dict[int, _Candidate] = {}
        best_new: dict[int, _Candidate] = {}
        for c in sorted(free, key=lambda c: (-c.score, c.old, c.new)):
            best_old.setdefault(c.old, c)
            best_new.setdefault(c.new, c)
        mutual = [c for c in best_old.values() if best_new[c.new] is c]
        if not mutual:
            return pairs
        for c in mutual:
            pairs[c.old] = c.new


def _strong_moves(candidates: list[_Candidate], pairs: dict[int, int]) -> dict[int, int]:
    """Strong matches across the text, strongest first. A strong match may take a partner
    matched in place much more weakly, on either side; the same text (pass 1) stays."""
    pairs = dict(pairs)
    score = {(c.old, c.new): c.score for c in candidates}
    owner = {j: i for i, j in pairs.items()}
    for c in sorted(candidates, key=lambda c: (-c.score, c.old, c.new)):
        if c.score < STRONG or pairs.get(c.old) == c.new:
            continue
        holder, partner = owner.get(c.new), pairs.get(c.old)
        if not _gives_way(score, holder, c.new, c.score) or not _gives_way(
            score, c.old, partner, c.score
        ):
            continue
        if holder is not None:
            del pairs[holder]
        if partner is not None:
            del owner[partner]
        pairs[c.old] = c.new
        owner[c.new] = c.old
    return pairs


def _gives_way(
    score: dict[tuple[int, int], float], old: int | None, new: int | None, stronger: float
) -> bool:
    """Whether the pair (old, new), if there is one, is this much weaker than a new match."""
    if old is None or new is None:
        return True
    held = score.get((old, new))
    return held is not None and stronger >= held + TAKE_OVER
