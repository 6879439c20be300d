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

Similarity counts shared runs of characters (character n-grams, or whole
sentences for very long texts) and looks at both directions: how much of the
old text survives in the new one, and how much of the new text came from the
old one. An article that was expanded keeps most of its old text; one that was
cut down is mostly old text.

Finally, sentences that left their partner are followed: a sentence of an old
article found in another new one links the two (a split, a merge, or part of a
provision moving), which ``compare`` reports in words.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from functools import cached_property, lru_cache
from itertools import chain, pairwise

from .articles import Provision

# A pair is a candidate when the texts are this alike in either direction.
MIN_DICE = 0.45  # shared text relative to both
MIN_CONTAINED = 0.7  # shared text relative to the shorter one (expansions, cuts)
CONTAINED_WEIGHT = 0.6  # containment's part in the score; two-sided likeness makes the rest
MIN_SHARED = 3  # n-grams (fewer when a text is shorter); below this two texts share a word
STRONG = 0.6  # a match across the text (a move) must be at least this alike
TAKE_OVER = 0.1  # a move may take a partner matched in place this much more weakly
SAME_PLACE = 0.1  # between near-equal partners, the one keeping the old number reads best
# Following a sentence that left its article:
HOME = 0.6  # a sentence this well contained in its partner stayed at home
FOUND = 0.7  # …and this well contained elsewhere (in runs of characters) went there
NEARLY = 0.5  # n-gram share below which a sentence is not looked for more closely
MIN_SENTENCE = 12  # characters, item number aside; shorter ones are too common to follow
AMBIGUOUS = 0.1  # a sentence about as well found in its own text as in the other is common
# A provision with no partner whose text went to the unpartnered ones at its place:
SPREAD = 0.5  # share of its text found in them together
PIECE = 0.2  # share of its text one of them must hold
PIECE_TAKEN = 0.25  # share of that one's text it must make up
COMMON_SHARE = 0.1  # n-grams in more provisions than this share do not find candidates
LONG = 4000  # characters; longer texts are compared sentence by sentence
CANDIDATES = 6  # per provision, by shared informative n-grams, before scoring
# Two texts that share only wording many provisions repeat (penalty formulas, “公司应当”)
# are not a pair: they must share a few n-grams found in at most this many provisions.
RARE_IN = 3
MIN_RARE = 2
CLEAR = 0.7  # likeness from which two texts are a pair whatever words they share
PROMISING = 0.25  # n-gram likeness worth measuring exactly (by matching runs of characters)…
SURE = 0.9  # …up to where it no longer matters

_SPACE = re.compile(r"\s+")
# Half-width punctuation typed on a Western keyboard means the same as its full-width form.
_PUNCTUATION = str.maketrans(
    {",": "，", ";": "；", ":": "：", "?": "？", "!": "！", "(": "（", ")": "）"}
)
_ITEM_NUMBER = re.compile(r"^[（(][一二三四五六七八九十\d]+[）)]|^[\u2460-\u2473]")
_SENTENCE = re.compile(r"[^。；！？\n]*[。；！？\n]|[^。；！？\n]+$")


def canonical(text: str) -> str:
    """Text as compared: whitespace and punctuation width never change a rule."""
    text = _SPACE.sub("", text).translate(_PUNCTUATION)
    # A full stop only when it ends a sentence, not in 1.5 or a list number.
    return re.sub(r"(?<=[\u3400-\u9fff])\.", "。", text)


def sentences(text: str) -> list[str]:
    """A text cut after each 。；！？ and line break, delimiters kept."""
    return [s for s in _SENTENCE.findall(text) if s]


@dataclass(frozen=True)
class Alignment:
    pairs: dict[int, int]  # old index -> new index
    links: tuple[tuple[int, int], ...]  # (old, new): part of the old text went to that new one


@dataclass
class _Side:
    """One text's provisions as compared: canonical texts and their n-gram profiles."""

    provisions: Sequence[Provision]
    texts: list[str] = field(init=False)
    classes: list[str] = field(init=False)
    _grams: dict[tuple[int, int], Profile] = field(default_factory=dict, init=False)

    def __post_init__(self) -> None:
        self.texts = [canonical(p.heading + p.text) for p in self.provisions]
        self.classes = [
            "heading" if p.kind in ("chapter", "section") else "text" for p in self.provisions
        ]

    @cached_property
    def index(self) -> _GramIndex:
        return _GramIndex(self, list(range(len(self.texts))))

    def grams(self, index: int, n: int = 2) -> Profile:
        key = (index, n)
        if key not in self._grams:
            self._grams[key] = _profile(self.texts[index], n)
        return self._grams[key]


def gram_size(*lengths: int) -> int:
    """Trigrams between ordinary texts, bigrams when one is short, sentences (0) when long."""
    if max(lengths) > LONG:
        return 0
    return 2 if min(lengths) < 24 else 3


@dataclass(frozen=True)
class Profile:
    """The distinct pieces of a text: character n-grams, or sentences weighted by length."""

    pieces: frozenset[str]
    size: int
    lengths: dict[str, int] | None = None  # sentences weigh their length; n-grams weigh 1

    def shared(self, other: Profile) -> int:
        common = self.pieces & other.pieces
        return sum(self.lengths[k] for k in common) if self.lengths else len(common)

    def __iter__(self) -> Iterator[str]:
        return iter(self.pieces)


@lru_cache(maxsize=8192)
def _profile(text: str, n: int) -> Profile:
    """Character n-grams of ``text``, or (n = 0) its sentences weighted by their length."""
    if n == 0:
        lengths = {s: len(s) for s in sentences(text)}
        return Profile(frozenset(lengths), sum(lengths.values()), lengths)
    grams = frozenset([text[i : i + n] for i in range(max(1, len(text) - n + 1))])
    return Profile(grams, len(grams))


@dataclass(frozen=True)
class _Likeness:
    dice: float
    kept: float  # share of the old text found in the new one
    taken: float  # share of the new text that came from the old one
    shared: int

    @property
    def score(self) -> float:
        """Two-sided likeness, or containment tempered by it: a whole old sentence that
        became a small part of a long new article is a weaker match than most of one."""
        contained = max(self.kept, self.taken)
        return max(self.dice, CONTAINED_WEIGHT * contained + (1 - CONTAINED_WEIGHT) * self.dice)

    smaller: int = 0  # n-grams in the shorter text

    @property
    def is_candidate(self) -> bool:
        return self.shared >= min(MIN_SHARED, self.smaller) and (
            self.dice >= MIN_DICE or max(self.kept, self.taken) >= MIN_CONTAINED
        )


def likeness(old: Profile, new: Profile) -> _Likeness:
    shared = old.shared(new)
    size_old, size_new = old.size, new.size
    if not size_old or not size_new:
        return _Likeness(0.0, 0.0, 0.0, 0)
    return _Likeness(
        2 * shared / (size_old + size_new),
        shared / size_old,
        shared / size_new,
        shared,
        min(size_old, size_new),
    )


def exact_likeness(
    old: str, new: str, old_grams: Profile | None = None, new_grams: Profile | None = None
) -> _Likeness:
    """Likeness by the characters each text shares in runs with the other (edits cost little).

    A character counts when it lies in an n-gram the other text also has, so an
    edit costs only the characters around it, not every n-gram it touches. The
    n-gram profiles may be passed when already made (they must use ``gram_size``).
    """
    if not old or not new:
        return _Likeness(0.0, 0.0, 0.0, 0)
    n = 2 if min(len(old), len(new)) < 24 else 3  # a run shorter than a word is chance
    old_grams = old_grams or _profile(old, n)
    new_grams = new_grams or _profile(new, n)
    kept, taken = _covered(old, new_grams.pieces, n), _covered(new, old_grams.pieces, n)
    return _Likeness(
        (kept + taken) / (len(old) + len(new)),
        kept / len(old),
        taken / len(new),
        min(kept, taken),
        min(len(old), len(new)),
    )


def _covered(text: str, grams: frozenset[str], n: int) -> int:
    """How many characters of ``text`` lie in one of the n-grams ``grams`` (of another text)."""
    covered, reach = 0, 0
    for start in range(len(text) - n + 1):
        if text[start : start + n] in grams:
            covered += start + n - max(start, reach)
            reach = start + n
    return covered


def align(old: Sequence[Provision], new: Sequence[Provision]) -> Alignment:
    a, b = _Side(old), _Side(new)
    pairs = _same_text(a, b)
    rare = _RareGrams(a, b)
    candidates = _candidates(a, b, pairs, rare)
    pairs |= _in_place(candidates, pairs)
    pairs = _moved(candidates, pairs)
    links = _links(a, b, pairs, rare)
    rewritten = _rewritten(links, pairs)
    pairs |= rewritten
    links = {(i, j) for i, j in links if rewritten.get(i) != j}
    return Alignment(pairs, tuple(sorted(links)))


# -- pass 1: the same text ------------------------------------------------------------


def _same_text(a: _Side, b: _Side) -> dict[int, int]:
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
    likeness: _Likeness
    same_label: bool

    @property
    def score(self) -> float:
        return self.likeness.score

    @property
    def weight(self) -> float:
        """In the chain: likeness, then the same number, then the likeness of both sides."""
        return self.score + SAME_PLACE * self.same_label + 0.02 * self.likeness.dice


def _candidates(a: _Side, b: _Side, pairs: dict[int, int], rare: _RareGrams) -> list[_Candidate]:
    """Likely pairs among the provisions pass 1 left, found through rare shared n-grams."""
    olds = [i for i in range(len(a.texts)) if i not in pairs]
    taken = set(pairs.values())
    news = [j for j in range(len(b.texts)) if j not in taken]
    # Both ways: a short new article cut from a long old one is near it only seen from the new.
    index_b, index_a = b.index, a.index
    paired_new, paired_old = set(pairs.values()), set(pairs)
    near = {(i, j) for i in olds for j in index_b.nearest(*_probe(a, i), skip=paired_new)}
    near |= {(i, j) for j in news for i in index_a.nearest(*_probe(b, j), skip=paired_old)}
    rough = {}
    for i, j in sorted(near):
        n = gram_size(len(a.texts[i]), len(b.texts[j]))
        rough[i, j] = likeness(a.grams(i, n), b.grams(j, n))
    worth_measuring = _best_few(rough)
    found: list[_Candidate] = []
    for (i, j), like in rough.items():
        if like.score >= SURE:
            pass
        elif like.score >= PROMISING and (i, j) in worth_measuring and len(a.texts[i]) <= LONG:
            n = gram_size(len(a.texts[i]), len(b.texts[j]))
            like = exact_likeness(a.texts[i], b.texts[j], a.grams(i, n), b.grams(j, n))
            if like.score < CLEAR and not rare.shared_enough(a, i, b, j):
                continue
        if like.is_candidate:
            same = a.provisions[i].label == b.provisions[j].label
            found.append(_Candidate(i, j, like, same))
    return found


class _RareGrams:
    """In how many provisions of both texts each n-gram occurs."""

    def __init__(self, a: _Side, b: _Side) -> None:
        self.a, self.b = a, b
        self.counts: dict[int, Counter[str]] = {2: Counter(), 3: Counter()}
        for side in (a, b):
            for k, text in enumerate(side.texts):
                if len(text) <= LONG:
                    for n in (2, 3):
                        self.counts[n].update(side.grams(k, n))

    def shared_enough(self, x: _Side, k: int, y: _Side, m: int) -> bool:
        """Whether ``x[k]`` and ``y[m]`` share wording that few other provisions have."""
        n = gram_size(len(x.texts[k]), len(y.texts[m]))
        if n == 0:
            return True
        common = x.grams(k, n).pieces & y.grams(m, n).pieces
        return sum(1 for g in common if self.counts[n][g] <= RARE_IN) >= MIN_RARE


def _best_few(rough: dict[tuple[int, int], _Likeness], few: int = 3) -> set[tuple[int, int]]:
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


def _probe(side: _Side, k: int) -> tuple[Profile, str, bool]:
    return side.grams(k), side.classes[k], len(side.texts[k]) > LONG


class _GramIndex:
    """Which provisions of one side share informative n-grams with a given text."""

    def __init__(self, side: _Side, members: list[int]) -> None:
        self.side = side
        self.postings: dict[str, list[int]] = {}
        self.long = [j for j in members if len(side.texts[j]) > LONG]
        for j in members:
            if len(side.texts[j]) <= LONG:
                for gram in side.grams(j):
                    self.postings.setdefault(gram, []).append(j)
        limit = max(3, int(COMMON_SHARE * len(side.texts)))
        self.postings = {g: js for g, js in self.postings.items() if len(js) <= limit}

    def nearest(
        self, grams: Profile, wanted: str, long: bool = False, skip: set[int] | None = None
    ) -> list[int]:
        if long:
            return [
                j for j in self.long if self.side.classes[j] == wanted and j not in (skip or ())
            ]
        postings = self.postings
        votes = Counter(chain.from_iterable(postings[g] for g in grams.pieces & postings.keys()))
        for j in skip or ():
            votes.pop(j, None)
        ranked = votes.most_common(2 * CANDIDATES)
        return [j for j, _ in ranked if self.side.classes[j] == wanted][:CANDIDATES]


# -- pass 2: in their place -------------------------------------------------------------


def _in_place(candidates: list[_Candidate], pairs: dict[int, int]) -> dict[int, int]:
    """The order-preserving chain of greatest total likeness through the anchors."""
    anchors = [(i, j, 3.0) for i, j in pairs.items()]
    items = anchors + [(c.old, c.new, c.weight) for c in candidates]
    chain = _heaviest_chain(items)
    return {i: j for i, j, _ in chain if i not in pairs}


def _heaviest_chain(items: list[tuple[int, int, float]]) -> list[tuple[int, int, float]]:
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
    pairs = dict(pairs)
    score = {(c.old, c.new): c.score for c in candidates}
    owner = {j: i for i, j in pairs.items()}
    for c in sorted(candidates, key=lambda c: (-c.score, c.old, c.new)):
        if c.score < STRONG or c.old in pairs:
            continue
        holder = owner.get(c.new)
        if holder is not None:
            held = score.get((holder, c.new))
            if held is None or c.score < held + TAKE_OVER:
                continue
            del pairs[holder]  # a weak match in place gives way to a strong move
        pairs[c.old] = c.new
        owner[c.new] = c.old
    return pairs


# -- sentences that left their partner ---------------------------------------------------


def _links(a: _Side, b: _Side, pairs: dict[int, int], rare: _RareGrams) -> set[tuple[int, int]]:
    partner_of_new = {j: i for i, j in pairs.items()}
    found: set[tuple[int, int]] = set()
    index_b, index_a = b.index, a.index
    for i in range(len(a.texts)):
        for j in _gone_to(a, b, index_b, index_a, i, pairs.get(i)):
            found.add((i, j))
    for j in range(len(b.texts)):
        for i in _gone_to(b, a, index_a, index_b, j, partner_of_new.get(j)):
            found.add((i, j))
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
    a: _Side, b: _Side, pairs: dict[int, int], rare: _RareGrams
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
    a: _Side, b: _Side, sources: list[int], targets: list[int], rare: _RareGrams
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
            (j, exact_likeness(a.texts[i], b.texts[j]))
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
    in_order = [(i, j) for i, j, _ in _heaviest_chain([(i, j, 1.0) for i, j in pairs.items()])]
    anchors = [(-1, -1), *in_order, (size_a, size_b)]
    partnered_new = set(pairs.values())
    gaps = []
    for (i1, j1), (i2, j2) in pairwise(anchors):
        olds = [i for i in range(i1 + 1, i2) if i not in pairs]
        news = [j for j in range(j1 + 1, j2) if j not in partnered_new]
        if olds and news:
            gaps.append((olds, news))
    return gaps


def _gone_to(
    side: _Side, other: _Side, index: _GramIndex, own: _GramIndex, k: int, partner: int | None
) -> list[int]:
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
        if partner is not None:
            home = _contained(_profile(sentence, n), other.grams(partner, n))
            if home >= HOME:
                continue
        target, share, runner_up = _best_container(other, index, sentence, exclude=partner)
        if target is None or target in found or runner_up >= share - AMBIGUOUS:
            continue  # found as well in two places: no telling where it went
        if exact_likeness(sentence, other.texts[target]).kept < FOUND:
            continue
        _, own_share, _ = _best_container(side, own, sentence, exclude=k, at_least=0.0)
        if own_share < share - AMBIGUOUS:  # a sentence its own text repeats tells nothing
            found.append(target)
    return found


def _best_container(
    side: _Side, index: _GramIndex, sentence: str, exclude: int | None, at_least: float = NEARLY
) -> tuple[int | None, float, float]:
    """The provision of ``side`` holding most of ``sentence`` if one holds enough, its share,
    and the share of the next best."""
    n = gram_size(len(sentence))
    grams = _profile(sentence, n)
    shares = sorted(
        ((_contained(grams, side.grams(j, n)), -j) for j in index.nearest(_profile(sentence, 2), "text")
         if j != exclude),
        reverse=True,
    )  # fmt: skip
    best_share, best = shares[0] if shares else (0.0, 1)
    runner_up = shares[1][0] if len(shares) > 1 else 0.0
    return (-best if best_share >= at_least else None), best_share, runner_up


def _contained(part: Profile, whole: Profile) -> float:
    return part.shared(whole) / part.size if part.size else 0.0
