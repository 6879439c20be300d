"""Words changed the same way in several places: said once, as legislators say it.

A revision that renames something (“低收入困难家庭” becomes “最低生活保障边缘家庭”)
changes the same words wherever they stand. A decision says that in one item,
将第九条、第十一条……中的“A”修改为“B”, which changes every occurrence in each
article named. This module finds such terms among the articles a revision
changed: a pair of words replaced in two or more articles (or twice in one), grown
to the context all its occurrences share (so “低收入困难” is quoted as the whole
“低收入困难家庭”), and used only for the articles the terms explain completely —
an article with any other change is said on its own.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from gongyue.text.articles import Provision

STOPS = "，。；：、（）“”‘’《》\n"  # a term never grows across these


@dataclass(frozen=True)
class Term:
    words: str
    text: str
    articles: tuple[Provision, ...]  # old articles it changes, in order


def terms(pairs: list[tuple[Provision, Provision]], edits_of) -> list[Term]:  # type: ignore[no-untyped-def]
    """The terms that explain, alone, every change of two or more (or of one with
    several occurrences) of the changed ``pairs`` (old, new); ``edits_of`` is the
    character diff the generator uses."""
    raw = {old.anchor: _replacements(old, new, edits_of) for old, new in pairs}
    counted: Counter[tuple[str, str]] = Counter()
    for found in raw.values():
        counted.update(found)
    candidates = [pair for pair, n in counted.items() if n >= 2 and _usable(*pair)]
    explained: dict[tuple[str, str], list[Provision]] = {}
    for old, new in pairs:
        used = _explaining(old.text, new.text, [c for c in candidates if c in raw[old.anchor]])
        for pair in used:
            explained.setdefault(pair, []).append(old)
    plain = [Term(words, text, tuple(articles)) for (words, text), articles in explained.items()]
    grown = [_grown(term) for term in plain]
    return grown if _all_explained(grown, pairs) else plain


def _all_explained(found: list[Term], pairs: list[tuple[Provision, Provision]]) -> bool:
    """Every article the terms name becomes its new text by them alone."""
    for old, new in pairs:
        mine = [t for t in found if any(a is old for a in t.articles)]
        if mine and _explaining(old.text, new.text, [(t.words, t.text) for t in mine]) == []:
            return False
    return True


def _replacements(old: Provision, new: Provision, edits_of) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    return [
        (old.text[i1:i2], new.text[j1:j2])
        for tag, i1, i2, j1, j2 in edits_of(old.text, new.text)
        if tag == "replace"
    ]


def _usable(words: str, text: str) -> bool:
    return bool(words) and not any(c in STOPS for c in words + text)


def _explaining(old: str, new: str, candidates: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The candidates that, replacing every occurrence, turn ``old`` into ``new`` exactly —
    none when they do not, or when they could touch each other's words."""
    for words, text in candidates:
        others = [c for c in candidates if c != (words, text)]
        if any(words in w or words in t or w in words for w, t in others):
            return []
    changed = old
    for words, text in candidates:
        changed = changed.replace(words, text)
    return candidates if candidates and changed == new else []


def _grown(term: Term) -> Term:
    """The term with the context every occurrence shares, up to punctuation."""
    words, text = term.words, term.text
    while True:
        after = _shared(term.articles, words, 1)
        if after is None:
            break
        words, text = words + after, text + after
    while True:
        before = _shared(term.articles, words, -1)
        if before is None:
            break
        words, text = before + words, before + text
    return Term(words, text, term.articles)


def _shared(articles: tuple[Provision, ...], words: str, side: int) -> str | None:
    """The one character next to every occurrence of ``words`` (after it for 1, before
    for -1), when all agree and it is not punctuation."""
    seen: set[str] = set()
    for article in articles:
        text, at = article.text, article.text.find(words)
        while at >= 0:
            place = at + len(words) if side > 0 else at - 1
            if not 0 <= place < len(text):
                return None
            seen.add(text[place])
            at = text.find(words, at + 1)
    if len(seen) != 1:
        return None
    found = seen.pop()
    return None if found in STOPS else found
