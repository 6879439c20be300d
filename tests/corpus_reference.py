"""Reference alignments of real amendment pairs, and how well ``compare`` reproduces them.

A reference file (``tests/corpus/pairs/<name>/reference.txt``) names the two
texts and has one line per judgement, by labels as printed in the texts:

``第五条 = 第六条``            old 5 continues as new 6 (unchanged, renumbered or modified)
``+ 第八条``                   new 8 is new, taken from no old provision
``- 第九条``                   old 9 was dropped, into no new provision
``第三条 > 第三条 第四条``     old 3 was split: it continues in each of those
``第六条 第七条 < 第五条``     olds 6 and 7 were merged into new 5
``第八十二条 ~ 第九十八条``    part of old 82 went into new 98
``? o:第六十条 n:第二十条``    a reading that can fairly go either way: not scored
``! 第三条 > 第三条 第四条``    a judgement ``compare`` is known to miss, with the reason after ``#``

“Continues in” (``>``, ``<``, ``~``) is met by a pair or by a relation
(split, merge) that the comparison reports between the two.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from gongyue.text.articles import parse
from gongyue.text.compare import Comparison, compare

CORPUS = Path(__file__).resolve().parent / "corpus"


@dataclass(frozen=True)
class Line:
    op: str  # = + - > < ~
    old: tuple[str, ...]
    new: tuple[str, ...]
    text: str
    known_miss: bool = False


@dataclass
class Reference:
    name: str
    title: str
    old_file: str
    new_file: str
    lines: list[Line] = field(default_factory=list)

    def texts(self) -> tuple[str, str]:
        folder = CORPUS / "texts"
        return (
            (folder / self.old_file).read_text(encoding="utf-8"),
            (folder / self.new_file).read_text(encoding="utf-8"),
        )


def load(name: str) -> Reference:
    raw = (CORPUS / "pairs" / name / "reference.txt").read_text(encoding="utf-8")
    ref = Reference(name, "", "", "")
    for row in raw.splitlines():
        if row.startswith("# ") and not ref.title:
            ref.title = row[2:]
            continue
        row = row.split("  #", 1)[0].strip()
        if row.startswith("# ") and not ref.title:
            ref.title = row[2:]
        elif row.startswith("old: "):
            ref.old_file = row[5:]
        elif row.startswith("new: "):
            ref.new_file = row[5:]
        elif row.startswith("! "):
            ref.lines.append(_line(row[2:], known_miss=True))
        elif row and not row.startswith(("#", "?")):
            ref.lines.append(_line(row))
    return ref


def _line(row: str, known_miss: bool = False) -> Line:
    tokens = row.split()
    if tokens[0] == "+":
        return Line("+", (), (tokens[1],), row, known_miss)
    if tokens[0] == "-":
        return Line("-", (tokens[1],), (), row, known_miss)
    op = next(t for t in tokens if t in ("=", ">", "<", "~"))
    at = tokens.index(op)
    return Line(op, tuple(tokens[:at]), tuple(tokens[at + 1 :]), row, known_miss)


def names() -> list[str]:
    return sorted(p.name for p in (CORPUS / "pairs").iterdir() if p.is_dir())


@dataclass(frozen=True)
class Outcome:
    pairs: frozenset[tuple[str, str]]
    linked: frozenset[tuple[str, str]]  # old and new joined by a reported relation
    added: frozenset[str]  # added, with no relation
    deleted: frozenset[str]  # deleted, with no relation

    def meets(self, line: Line) -> bool:
        if line.op == "=":
            return (line.old[0], line.new[0]) in self.pairs
        if line.op == "+":
            return line.new[0] in self.added
        if line.op == "-":
            return line.old[0] in self.deleted
        together = self.pairs | self.linked
        return all((o, n) in together for o in line.old for n in line.new)


def outcome(comparison: Comparison) -> Outcome:
    pairs, linked, added, deleted = set(), set(), set(), set()
    for change in comparison.changes:
        if change.old and change.new:
            pairs.add((change.old.display_label, change.new.display_label))
        elif change.new and not getattr(change, "relations", ()):
            added.add(change.new.display_label)
        elif change.old and not getattr(change, "relations", ()):
            deleted.add(change.old.display_label)
    # getattr: the same scoring runs on engines from before relations existed (bench “before”).
    for relation in getattr(comparison, "relations", ()):
        for o in relation.old:
            for n in relation.new:
                linked.add((o.display_label, n.display_label))
    return Outcome(frozenset(pairs), frozenset(linked), frozenset(added), frozenset(deleted))


@dataclass(frozen=True)
class Score:
    name: str
    met: list[Line]
    missed: list[Line]
    changed_met: int  # lines about a provision whose text or number changed
    changed_total: int

    @property
    def total(self) -> int:
        return len(self.met) + len(self.missed)


def score(ref: Reference, pasted: Callable[[str], str] | None = None) -> Score:
    """How many reference lines the comparison meets; ``pasted`` mangles the new text first."""
    old_text, new_text = ref.texts()
    if pasted is not None:
        new_text = pasted(new_text)
    old_doc, new_doc = parse(old_text), parse(new_text)
    result = outcome(compare(old_doc, new_doc))
    texts_old = {p.display_label: p.text for p in old_doc.provisions}
    texts_new = {p.display_label: p.text for p in new_doc.provisions}
    met, missed = [], []
    changed_met = changed_total = 0
    for line in ref.lines:
        ok = result.meets(line)
        (met if ok else missed).append(line)
        same = (
            line.op == "="
            and line.old == line.new
            and texts_old.get(line.old[0]) == texts_new.get(line.new[0])
        )
        if not same:
            changed_total += 1
            changed_met += ok
    return Score(ref.name, met, missed, changed_met, changed_total)
