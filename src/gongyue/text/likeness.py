"""How alike two provisions are, measured the way a reader notices it.

Similarity counts shared runs of characters (character n-grams, or whole
sentences for very long texts) and looks at both directions: how much of the
old text survives in the new one (``kept``), and how much of the new text came
from the old one (``taken``). An article that was expanded keeps most of its
old text; one that was cut down is mostly old text. Everything here is plain
data over strings; ``align`` decides what the numbers mean.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from itertools import chain

from gongyue.text.articles import Provision

# A pair is a candidate when the texts are this alike in either direction.
MIN_DICE = 0.45  # shared text relative to both
MIN_CONTAINED = 0.7  # shared text relative to the shorter one (expansions, cuts)
CONTAINED_WEIGHT = 0.6  # containment's part in the score; two-sided likeness makes the rest
MIN_SHARED = 3  # n-grams (fewer when a text is shorter); below this two texts share a word
COMMON_SHARE = 0.1  # n-grams in more provisions than this share do not find candidates
LONG = 4000  # characters; longer texts are compared sentence by sentence
NEAREST = 6  # provisions an index offers for a text, by shared informative n-grams
# Two texts that share only wording many provisions repeat (penalty formulas, “公司应当”)
# are not a pair: they must share a few n-grams found in at most this many provisions.
RARE_IN = 3
MIN_RARE = 2

_SPACE = re.compile(r"\s+")
# Half-width punctuation typed on a Western keyboard means the same as its full-width form.
_PUNCTUATION = str.maketrans(
    {",": "，", ";": "；", ":": "：", "?": "？", "!": "！", "(": "（", ")": "）"}
)
_SENTENCE = re.compile(r"[^。；！？\n]*[。；！？\n]|[^。；！？\n]+$")


def canonical(text: str) -> str:
    """Text as compared: whitespace and punctuation width never change a rule."""
    text = _SPACE.sub("", text).translate(_PUNCTUATION)
    # A full stop only when it ends a sentence, not in 1.5 or a list number.
    return re.sub(r"(?<=[\u3400-\u9fff])\.", "。", text)


def sentences(text: str) -> list[str]:
    """A text cut after each 。；！？ and line break, delimiters kept."""
    return [s for s in _SENTENCE.findall(text) if s]


@dataclass
class Side:
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
    def index(self) -> GramIndex:
        return GramIndex(self, list(range(len(self.texts))))

    def grams(self, index: int, n: int = 2) -> Profile:
        key = (index, n)
        if key not in self._grams:
            self._grams[key] = profile(self.texts[index], n)
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
def profile(text: str, n: int) -> Profile:
    """Character n-grams of ``text``, or (n = 0) its sentences weighted by their length."""
    if n == 0:
        lengths = {s: len(s) for s in sentences(text)}
        return Profile(frozenset(lengths), sum(lengths.values()), lengths)
    grams = frozenset([text[i : i + n] for i in range(max(1, len(text) - n + 1))])
    return Profile(grams, len(grams))


@dataclass(frozen=True)
class Likeness:
    dice: float
    kept: float  # share of the old text found in the new one
    taken: float  # share of the new text that came from the old one
    shared: int
    smaller: int = 0  # n-grams (or characters) in the shorter text

    @property
    def score(self) -> float:
        """Two-sided likeness, or containment tempered by it: a whole old sentence that
        became a small part of a long new article is a weaker match than most of one."""
        contained = max(self.kept, self.taken)
        return max(self.dice, CONTAINED_WEIGHT * contained + (1 - CONTAINED_WEIGHT) * self.dice)

    @property
    def is_candidate(self) -> bool:
        return self.shared >= min(MIN_SHARED, self.smaller) and (
            self.dice >= MIN_DICE or max(self.kept, self.taken) >= MIN_CONTAINED
        )


def likeness(old: Profile, new: Profile) -> Likeness:
    shared = old.shared(new)
    size_old, size_new = old.size, new.size
    if not size_old or not size_new:
        return Likeness(0.0, 0.0, 0.0, 0)
    return Likeness(
        2 * shared / (size_old + size_new),
        shared / size_old,
        shared / size_new,
        shared,
        min(size_old, size_new),
    )


def run_likeness(
    old: str, new: str, old_grams: Profile | None = None, new_grams: Profile | None = None
) -> Likeness:
    """Likeness by the characters each text shares in runs with the other (edits cost little).

    A character counts when it lies in an n-gram the other text also has, so an
    edit costs only the characters around it, not every n-gram it touches. The
    n-gram profiles may be passed when already made (they must use ``gram_size``).
    """
    if not old or not new:
        return Likeness(0.0, 0.0, 0.0, 0)
    n = 2 if min(len(old), len(new)) < 24 else 3  # a run shorter than a word is chance
    old_grams = old_grams or profile(old, n)
    new_grams = new_grams or profile(new, n)
    kept, taken = covered(old, new_grams.pieces, n), covered(new, old_grams.pieces, n)
    return Likeness(
        (kept + taken) / (len(old) + len(new)),
        kept / len(old),
        taken / len(new),
        min(kept, taken),
        min(len(old), len(new)),
    )


def covered(text: str, grams: frozenset[str], n: int) -> int:
    """How many characters of ``text`` lie in one of the n-grams ``grams`` (of another text)."""
    count, reach = 0, 0
    for start in range(len(text) - n + 1):
        if text[start : start + n] in grams:
            count += start + n - max(start, reach)
            reach = start + n
    return count


class RareGrams:
    """In how many provisions of both texts each n-gram occurs (counted when first asked)."""

    def __init__(self, a: Side, b: Side) -> None:
        self.sides = (a, b)
        self.counts: dict[int, Counter[str]] = {}

    def shared_enough(self, x: Side, k: int, y: Side, m: int) -> bool:
        """Whether ``x[k]`` and ``y[m]`` share wording that few other provisions have."""
        n = gram_size(len(x.texts[k]), len(y.texts[m]))
        if n == 0:
            return True
        counts = self._counts(n)
        common = x.grams(k, n).pieces & y.grams(m, n).pieces
        return sum(1 for g in common if counts[g] <= RARE_IN) >= MIN_RARE

    def _counts(self, n: int) -> Counter[str]:
        if n not in self.counts:
            self.counts[n] = Counter(
                chain.from_iterable(
                    side.grams(k, n).pieces
                    for side in self.sides
                    for k, text in enumerate(side.texts)
                    if len(text) <= LONG
                )
            )
        return self.counts[n]


class GramIndex:
    """Which provisions of one side share informative n-grams with a given text."""

    def __init__(self, side: Side, members: list[int]) -> None:
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
        # Ties go to the earlier provision: the votes were counted in the order of a set of
        # strings, which differs with each process's hash seed (most_common keeps that order).
        ranked = sorted(votes.items(), key=lambda vote: (-vote[1], vote[0]))[: 2 * NEAREST]
        return [j for j, _ in ranked if self.side.classes[j] == wanted][:NEAREST]


def contained(part: Profile, whole: Profile) -> float:
    return part.shared(whole) / part.size if part.size else 0.0
