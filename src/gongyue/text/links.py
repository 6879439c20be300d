"""Text that left its partner: splits, merges and parts of provisions that moved.

Two ways a reader sees it. A sentence of one provision that its partner lacks
and that another provision holds (and no other holds as well) went there.
And provisions with no partner that sit between the same two pairs and share
their text were rewritten there: one into several pieces, several into one,
or (one to one) simply rewritten, which becomes a pair.
"""

from __future__ import annotations

import re
from collections import Counter
from itertools import pairwise

from gongyue.text.chain import heaviest_chain
from gongyue.text.likeness import (
    LONG,
    RareGrams,
    Side,
    contained,
    gram_size,
    profile,
    run_likeness,
    sentences,
)

# Following a sentence that left its article:
HOME = 0.6  # a sentence this well contained in its partner stayed at home
FOUND = 0.7  # …and this well contained elsewhere (in runs of characters) went there
NEARLY = 0.5  # n-gram share below which a sentence is not looked for more closely
MIN_SENTENCE = 12  # characters, item number aside; shorter ones are too common to follow
AMBIGUOUS = 0.1  # a sentence found about as well in two places tells nothing
STAYED = 0.25  # …and one its partner holds nearly as well as another did not move
# A provision with no partner whose text went to the unpartnered ones at its place:
SPREAD = 0.5  # share of its text found in them together
PIECE = 0.2  # share of its text one of them must hold
PIECE_TAKEN = 0.25  # share of that one's text it must make up
_ITEM_NUMBER = re.compile(r"^[（(][一二三四五六七八九十\d]+[）)]|^[\u2460-\u2473]")


def follow(
    a: Side, b: Side, pairs: dict[int, int], rare: RareGrams
) -> tuple[dict[int, int], set[tuple[int, int]]]:
    """Pairs for one-to-one rewrites, and links (old, new) for text that crossed over."""
    found = _links(a, b, pairs, rare)
    rewritten = _rewritten(found, pairs)
    return rewritten, {(i, j) for i, j in found if rewritten.get(i) != j}


def _links(a: Side, b: Side, pairs: dict[int, int], rare: RareGrams) -> set[tuple[int, int]]:
    partner_of_new = {j: i for i, j in pairs.items()}
    found: set[tuple[int, int]] = set()
    for i in range(len(a.texts)):
        found |= {(i, j) for j in _gone_to(a, b, i, pairs.get(i))}
    for j in range(len(b.texts)):
        found |= {(i, j) for i in _gone_to(b, a, j, partner_of_new.get(j))}
    found |= _spread_in_place(a, b, pairs, rare)
    return {(i, j) for i, j in found if pairs.get(i) != j}


def _rewritten(links: set[tuple[int, int]], pairs: dict[int, int]) -> dict[int, int]:
    """A link between two provisions that have no partner and no other link is a rewrite."""
    olds = Counter(i for i, _ in links)
    news = Counter(j for _, j in links)
    taken = set(pairs.values())
    return {
        i: j
        for i, j in links
        if olds[i] == 1 and news[j] == 1 and i not in pairs and j not in taken
    }


def _spread_in_place(
    a: Side, b: Side, pairs: dict[int, int], rare: RareGrams
) -> set[tuple[int, int]]:
    """Unpartnered provisions between the same two pairs that share their text.

    An article rewritten as two (or two rewritten as one) matches neither piece
    well enough for a pair; together, the pieces hold most of it.
    """
    found: set[tuple[int, int]] = set()
    for olds, news in _gaps(pairs, len(a.texts), len(b.texts)):
        backwards = [(i, j) for j, i in _spread(b, a, news, olds, rare)]
        for i, j in _spread(a, b, olds, news, rare) + backwards:
            found.add((i, j))
    return found


def _spread(
    a: Side, b: Side, sources: list[int], targets: list[int], rare: RareGrams
) -> list[tuple[int, int]]:
    """Links from each source to the targets holding a good share of it, together most of it.

    With one such target the source was rewritten in place; with several, each
    must also share wording few other provisions have, or a formula (“由……责令改正，
    处以……罚款”) would tie every penalty to every other.
    """
    links = []
    for i in sources:
        if a.classes[i] != "text" or len(a.texts[i]) > LONG:
            continue
        pieces = [
            (j, run_likeness(a.texts[i], b.texts[j]))
            for j in targets
            if b.classes[j] == "text" and len(b.texts[j]) <= LONG
        ]
        pieces = [
            (j, like) for j, like in pieces if like.kept >= PIECE and like.taken >= PIECE_TAKEN
        ]
        if len(pieces) > 1:
            pieces = [(j, like) for j, like in pieces if rare.shared_enough(a, i, b, j)]
        if sum(like.kept for _, like in pieces) >= SPREAD:
            links += [(i, j) for j, _ in pieces]
    return links


def _gaps(pairs: dict[int, int], size_a: int, size_b: int) -> list[tuple[list[int], list[int]]]:
    """Runs of unpartnered provisions on both sides between consecutive in-order pairs."""
    in_order = [(i, j) for i, j, _ in heaviest_chain([(i, j, 1.0) for i, j in pairs.items()])]
    anchors = [(-1, -1), *in_order, (size_a, size_b)]
    partnered_new = set(pairs.values())
    gaps = []
    for (i1, j1), (i2, j2) in pairwise(anchors):
        olds = [i for i in range(i1 + 1, i2) if i not in pairs]
        news = [j for j in range(j1 + 1, j2) if j not in partnered_new]
        if olds and news:
            gaps.append((olds, news))
    return gaps


def _gone_to(side: Side, other: Side, k: int, partner: int | None) -> list[int]:
    """Provisions of ``other`` holding a sentence of ``side[k]`` that its partner lacks."""
    if side.classes[k] != "text" or len(side.texts[k]) > LONG:
        return []
    if partner is not None and side.texts[k] == other.texts[partner]:
        return []
    found: list[int] = []
    for sentence in sentences(side.texts[k]):
        if len(_ITEM_NUMBER.sub("", sentence)) < MIN_SENTENCE:
            continue
        n = gram_size(len(sentence))
        home = (
            contained(profile(sentence, n), other.grams(partner, n)) if partner is not None else 0
        )
        if home >= HOME:
            continue
        target, share, runner_up = _best_container(other, sentence, exclude=partner)
        if target is None or target in found or runner_up >= share - AMBIGUOUS:
            continue  # found about as well in two places: no telling where it went
        if home >= share - STAYED:
            continue  # reworded at home, and wording another provision also has
        if run_likeness(sentence, other.texts[target]).kept < FOUND:
            continue
        _, own_share, _ = _best_container(side, sentence, exclude=k, at_least=0.0)
        if own_share < share - AMBIGUOUS:  # a sentence its own text repeats tells nothing
            found.append(target)
    return found


def _best_container(
    side: Side, sentence: str, exclude: int | None, at_least: float = NEARLY
) -> tuple[int | None, float, float]:
    """The provision of ``side`` holding most of ``sentence`` (if it holds ``at_least``),
    how much it holds, and how much the next best holds."""
    n = gram_size(len(sentence))
    grams = profile(sentence, n)
    shares = sorted(
        (
            (contained(grams, side.grams(j, n)), -j)
            for j in side.index.nearest(profile(sentence, 2), "text")
            if j != exclude
        ),
        reverse=True,
    )
    if not shares:
        return None, 0.0, 0.0
    (best_share, minus_best), runner_up = shares[0], (shares[1][0] if len(shares) > 1 else 0.0)
    return (-minus_best if best_share >= at_least else None), best_share, runner_up
