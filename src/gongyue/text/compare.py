"""Comparing two versions of a charter, provision by provision.

This is the one entry point the pages and the CLI use (``compare``). Provisions
are aligned by content, not by number (``align``), so an article that only
moved or was renumbered is reported as such rather than as deleted and added,
and an article split in two, or two merged into one, says so (``Relation``).
"""

from __future__ import annotations

import itertools
from collections import Counter
from dataclasses import dataclass
from typing import Literal

from gongyue.text.align import align, canonical
from gongyue.text.articles import Document, Provision
from gongyue.text.redline import Segment, redline

Op = Literal["unchanged", "renumbered", "modified", "added", "deleted"]
OPS: tuple[Op, ...] = ("added", "deleted", "modified", "renumbered", "unchanged")
RelationKind = Literal["split", "merge", "moved"]

__all__ = [
    "OPS",
    "Change",
    "Comparison",
    "Op",
    "Relation",
    "Segment",
    "canonical",
    "compare",
    "redline",
]


@dataclass(frozen=True, eq=False)
class Relation:
    """Text that crossed provisions: one split into several, several merged into one,
    or part of a provision moved into another that continues a third."""

    kind: RelationKind
    old: tuple[Provision, ...]
    new: tuple[Provision, ...]
    absorbed: tuple[Provision, ...] = ()  # in a merge, the old provisions with no partner

    @property
    def words(self) -> str:
        """“第九条拆分为第十二条至第十四条”, “第六条并入第五条”, “第三条的部分内容移入第四条”."""
        olds, news = _labels(self.old), _labels(self.new)
        if self.kind == "split":
            return f"{olds}拆分为{news}"
        if self.kind == "moved":
            return f"{olds}的部分内容移入{news}"
        if self.absorbed and len(self.absorbed) < len(self.old):
            return f"{_labels(self.absorbed)}并入{news}"
        return f"{olds}合并为{news}"


@dataclass(frozen=True)
class Change:
    op: Op
    old: Provision | None
    new: Provision | None
    redline: tuple[Segment, ...] = ()
    relations: tuple[Relation, ...] = ()

    @property
    def old_label(self) -> str | None:
        return self.old.display_label if self.old else None

    @property
    def new_label(self) -> str | None:
        return self.new.display_label if self.new else None

    @property
    def kind(self) -> str:
        provision = self.new or self.old
        return provision.kind if provision else "article"


@dataclass(frozen=True)
class Comparison:
    changes: tuple[Change, ...]

    @property
    def counts(self) -> dict[Op, int]:
        """Articles (条) only, by what happened to them."""
        counted = Counter(c.op for c in self.changes if c.kind == "article")
        return {op: counted.get(op, 0) for op in OPS}

    @property
    def summary(self) -> str:
        return summary_line(self.changes)

    @property
    def has_changes(self) -> bool:
        return any(c.op != "unchanged" for c in self.changes)

    @property
    def relations(self) -> tuple[Relation, ...]:
        """Every relation once, in the order the changes show them."""
        seen: list[Relation] = []
        for c in self.changes:
            seen += [r for r in c.relations if all(r is not s for s in seen)]
        return tuple(seen)


_ARTICLE_WORDS: dict[Op, str] = {
    "added": "新增{}条",
    "deleted": "删除{}条",
    "modified": "修改{}条",
    "renumbered": "{}条仅序号变化",
}
_HEADING_WORDS = {"chapter": "章", "section": "节"}


def summary_line(changes: tuple[Change, ...] | list[Change]) -> str:
    """“新增2条、修改1条；新增1章；序言有修改”: 条 counts articles only."""
    articles = Counter(c.op for c in changes if c.kind == "article")
    parts = [
        "、".join(_ARTICLE_WORDS[op].format(articles[op]) for op in _ARTICLE_WORDS if articles[op])
    ]
    headings: Counter[tuple[str, str]] = Counter(
        (c.op, c.kind) for c in changes if c.kind in _HEADING_WORDS
    )
    heading_words = [
        f"{verb}{headings[op, kind]}{unit}"
        for op, verb in (("added", "新增"), ("deleted", "删除"), ("modified", "修改标题"))
        for kind, unit in _HEADING_WORDS.items()
        if headings[op, kind]
    ]
    parts.append("、".join(heading_words))
    for kind, name in (("preamble", "序言"), ("closing", "结语")):
        if any(c.kind == kind and c.op in ("added", "deleted", "modified") for c in changes):
            parts.append(f"{name}有修改")
    text = "；".join(p for p in parts if p)
    return text or "内容没有变化"


def compare(old: Document, new: Document) -> Comparison:
    """Align ``old`` and ``new`` and classify every provision of both."""
    olds, news = _comparable(old), _comparable(new)
    alignment = align(olds, news)
    relations = _relations(olds, news, alignment.pairs, alignment.links)
    partner_of = {j: i for i, j in alignment.pairs.items()}
    placed: list[tuple[tuple[float, int], Change]] = []
    for j, n in enumerate(news):
        o = olds[partner_of[j]] if j in partner_of else None
        placed.append(((j, 0), _change(o, n, relations.get(("new", j), ()))))
    for i, o in enumerate(olds):
        if i not in alignment.pairs:
            deleted = Change("deleted", o, None, relations=relations.get(("old", i), ()))
            placed.append(((_preceding_partner(i, alignment.pairs) + 0.5, i), deleted))
    return Comparison(tuple(c for _, c in sorted(placed, key=lambda item: item[0])))


def _comparable(doc: Document) -> list[Provision]:
    return [p for p in doc.provisions if p.kind != "preamble" or p.text]


def _preceding_partner(i: int, pairs: dict[int, int]) -> int:
    """A deleted provision is listed after the new place of the old one before it."""
    for k in range(i - 1, -1, -1):
        if k in pairs:
            return pairs[k]
    return -1


def _change(old: Provision | None, new: Provision, relations: tuple[Relation, ...]) -> Change:
    if old is None:
        return Change("added", None, new, relations=relations)
    before, after = old.heading + old.text, new.heading + new.text
    if canonical(before) == canonical(after):
        # A new number, or the same number in another chapter, is a move.
        moved = old.label != new.label or old.chapter != new.chapter
        return Change("renumbered" if moved else "unchanged", old, new, relations=relations)
    return Change("modified", old, new, redline(before, after), relations)


def _relations(
    olds: list[Provision],
    news: list[Provision],
    pairs: dict[int, int],
    links: tuple[tuple[int, int], ...],
) -> dict[tuple[str, int], tuple[Relation, ...]]:
    """Words for the links: a split around each old provision, a merge around each new one.

    A link to a provision that has no partner of its own makes it a piece of a
    split (or merge); a link between two provisions that both continue others
    is part of a text moving across.
    """
    partner_of = {j: i for i, j in pairs.items()}
    found: dict[tuple[str, int], list[Relation]] = {}

    def attach(relation: Relation, members: list[tuple[str, int]]) -> None:
        for member in members:
            found.setdefault(member, []).append(relation)

    targets: dict[int, list[int]] = {}
    sources: dict[int, list[int]] = {}
    for i, j in sorted(links):
        targets.setdefault(i, []).append(j)
        sources.setdefault(j, []).append(i)
    for i, js in targets.items():
        for relation, members in _around_old(i, js, pairs, partner_of, olds, news):
            attach(relation, members)
    for j, is_ in sources.items():
        for relation, members in _around_new(j, is_, pairs, partner_of, olds, news):
            attach(relation, members)
    return {member: tuple(relations) for member, relations in found.items()}


Placed = list[tuple[Relation, list[tuple[str, int]]]]


def _around_old(
    i: int,
    js: list[int],
    pairs: dict[int, int],
    partner_of: dict[int, int],
    olds: list[Provision],
    news: list[Provision],
) -> Placed:
    """Old ``i`` split into its partner and the unpartnered provisions it went to;
    what went into provisions that continue others moved across."""
    found: Placed = []
    pieces = sorted({j for j in js if j not in partner_of} | ({pairs[i]} if i in pairs else set()))
    if len(pieces) >= 2:
        split = Relation("split", (olds[i],), tuple(news[j] for j in pieces))
        found.append((split, [("old", i), *(("new", j) for j in pieces)]))
    for j in js:
        if i in pairs and j in partner_of:
            found.append((Relation("moved", (olds[i],), (news[j],)), [("old", i), ("new", j)]))
    return found


def _around_new(
    j: int,
    is_: list[int],
    pairs: dict[int, int],
    partner_of: dict[int, int],
    olds: list[Provision],
    news: list[Provision],
) -> Placed:
    """New ``j`` took in old provisions that have no partner: a merge."""
    absorbed = [i for i in is_ if i not in pairs]
    parts = sorted({*absorbed, *([partner_of[j]] if j in partner_of else [])})
    if not absorbed or len(parts) < 2:
        return []
    merge = Relation(
        "merge", tuple(olds[i] for i in parts), (news[j],), tuple(olds[i] for i in absorbed)
    )
    return [(merge, [("new", j), *(("old", i) for i in parts)])]


def _labels(provisions: tuple[Provision, ...]) -> str:
    """第十二条至第十四条 for a run of three or more, 第三条、第五条 otherwise."""
    labels = [p.display_label for p in provisions]
    numbers = [p.number for p in provisions]
    consecutive = (
        len(provisions) >= 3
        and all(p.kind == "article" and p.number is not None and not p.sub for p in provisions)
        and all(b == a + 1 for a, b in itertools.pairwise(numbers))  # type: ignore[operator]
        and all(p.label.startswith("第") for p in provisions)
    )
    return f"{labels[0]}至{labels[-1]}" if consecutive else "、".join(labels)
