"""Comparing two versions of a charter, provision by provision.

This is the one entry point the pages and the CLI use (``compare``). Provisions
are aligned by content, not by number, so an article that only moved or was
renumbered is reported as such rather than as deleted and added.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from dataclasses import dataclass
from typing import Literal

from .articles import Document, Provision

Op = Literal["unchanged", "renumbered", "modified", "added", "deleted"]
OPS: tuple[Op, ...] = ("added", "deleted", "modified", "renumbered", "unchanged")
SIMILAR_ENOUGH = 0.5  # below this, a pair reads as a deletion plus an addition
SAME_NUMBER_BONUS = 0.05

_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class Segment:
    op: Literal["same", "ins", "del"]
    text: str


@dataclass(frozen=True)
class Change:
    op: Op
    old: Provision | None
    new: Provision | None
    redline: tuple[Segment, ...] = ()

    @property
    def old_label(self) -> str | None:
        return self.old.display_label if self.old else None

    @property
    def new_label(self) -> str | None:
        return self.new.display_label if self.new else None


@dataclass(frozen=True)
class Comparison:
    changes: tuple[Change, ...]

    @property
    def counts(self) -> dict[Op, int]:
        counted = Counter(c.op for c in self.changes)
        return {op: counted.get(op, 0) for op in OPS}

    @property
    def summary(self) -> str:
        return summary_line(self.counts)

    @property
    def has_changes(self) -> bool:
        return any(c.op != "unchanged" for c in self.changes)


def summary_line(counts: dict[Op, int]) -> str:
    words: dict[Op, str] = {
        "added": "新增{}条",
        "deleted": "删除{}条",
        "modified": "修改{}条",
        "renumbered": "{}条仅序号变化",
    }
    parts = [words[op].format(counts[op]) for op in words if counts.get(op)]
    return "、".join(parts) if parts else "内容没有变化"


# Half-width punctuation typed on a Western keyboard means the same as its full-width form.
_PUNCTUATION = str.maketrans(
    {",": "，", ";": "；", ":": "：", "?": "？", "!": "！", "(": "（", ")": "）"}
)


def canonical(text: str) -> str:
    """Text as compared: whitespace and punctuation width never change a rule."""
    text = _SPACE.sub("", text).translate(_PUNCTUATION)
    # A full stop only when it ends a sentence, not in 1.5 or a list number.
    return re.sub(r"(?<=[\u3400-\u9fff])\.", "。", text)


def _key(p: Provision) -> str:
    return f"{p.kind}|{p.heading}|{canonical(p.text)}"


def compare(old: Document, new: Document) -> Comparison:
    """Align ``old`` and ``new`` and classify every provision of both."""
    old_items, new_items = _comparable(old), _comparable(new)
    matcher = difflib.SequenceMatcher(
        None, [_key(p) for p in old_items], [_key(p) for p in new_items], autojunk=False
    )
    changes: list[Change] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            changes += [
                _same(o, n) for o, n in zip(old_items[i1:i2], new_items[j1:j2], strict=True)
            ]
        else:
            changes += _pair_up(old_items[i1:i2], new_items[j1:j2])
    return Comparison(tuple(_detect_moves(changes)))


def _comparable(doc: Document) -> list[Provision]:
    return [p for p in doc.provisions if p.kind != "preamble" or p.text]


def _same(old: Provision, new: Provision) -> Change:
    # A new number, or the same number in another chapter, is a move.
    moved = old.label != new.label or old.chapter != new.chapter
    return Change("renumbered" if moved else "unchanged", old, new)


def _pair_up(olds: list[Provision], news: list[Provision]) -> list[Change]:
    """Inside a changed run, pair each old provision with its most similar new one.

    Pairs keep their order (no crossing), so a split reads as one modified
    provision plus an added one, and a merge as one modified plus one deleted.
    """
    changes: list[Change] = []
    texts = [canonical(n.heading + n.text) for n in news]
    matcher = difflib.SequenceMatcher(None, autojunk=False)
    j = 0
    for old in olds:
        matcher.set_seq2(canonical(old.heading + old.text))
        best, best_ratio = None, SIMILAR_ENOUGH
        for k in range(j, len(news)):
            if news[k].kind != old.kind:
                continue
            matcher.set_seq1(texts[k])
            # Between near-equal candidates, the one keeping the old number reads best.
            bonus = SAME_NUMBER_BONUS if news[k].label == old.label else 0.0
            # Cheap upper bounds first: most candidates are far apart.
            floor = best_ratio - bonus
            if matcher.real_quick_ratio() < floor or matcher.quick_ratio() < floor:
                continue
            score = matcher.ratio() + bonus
            if score > best_ratio or (score == best_ratio and best is None):
                best, best_ratio = k, score
        if best is None:
            changes.append(Change("deleted", old, None))
            continue
        changes += [Change("added", None, n) for n in news[j:best]]
        changes.append(_modified(old, news[best]))
        j = best + 1
    changes += [Change("added", None, n) for n in news[j:]]
    return changes


def _modified(old: Provision, new: Provision) -> Change:
    if canonical(old.heading + old.text) == canonical(new.heading + new.text):
        return _same(old, new)
    return Change("modified", old, new, redline(old.heading + old.text, new.heading + new.text))


def _detect_moves(changes: list[Change]) -> list[Change]:
    """A deleted and an added provision with the same text are one that moved."""
    added = {_key(c.new): i for i, c in enumerate(changes) if c.op == "added" and c.new}
    moved_to: dict[int, int] = {}
    for i, c in enumerate(changes):
        if c.op == "deleted" and c.old and _key(c.old) in added:
            moved_to[added.pop(_key(c.old))] = i
    result: list[Change] = []
    dropped = set(moved_to.values())
    for i, c in enumerate(changes):
        if i in dropped:
            continue
        if i in moved_to:
            result.append(Change("renumbered", changes[moved_to[i]].old, c.new))
        else:
            result.append(c)
    return result


def redline(old: str, new: str) -> tuple[Segment, ...]:
    """Character-level differences; Chinese has no spaces to split words on."""
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    segments: list[Segment] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            segments.append(Segment("same", old[i1:i2]))
            continue
        if i2 > i1:
            segments.append(Segment("del", old[i1:i2]))
        if j2 > j1:
            segments.append(Segment("ins", new[j1:j2]))
    return tuple(segments)
