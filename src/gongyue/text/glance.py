"""A 对照 that reads at a glance: the comparison's changes as the rows a resident reads.

- A run of articles whose words are unchanged and whose numbers only moved on
  becomes one line (“第八条至第十二条：仅序号顺延，内容未变”), with the details
  folded under it, instead of screens of identical text side by side.
- Every row names its chapter, so “1. 垃圾入桶” is known to be in 卫生, not 安全.
- 说明 is the committee's own note for that article when it wrote one
  (``notes:`` in the front matter), otherwise what kind of change it was.
"""

from __future__ import annotations

from dataclasses import dataclass

from gongyue.text.articles import Document, Provision
from gongyue.text.compare import Change, Comparison


@dataclass(frozen=True)
class Row:
    """One changed provision."""

    change: Change
    chapter: str  # “第二章 卫生”, or "" outside chapters
    note: str  # the committee's reason for this article, or ""

    @property
    def edits(self) -> int:
        """How many places the words changed (a modified article)."""
        return sum(1 for s in self.change.redline if s.op != "same")


@dataclass(frozen=True)
class Renumbered:
    """Consecutive provisions whose numbers moved on and whose words did not."""

    changes: tuple[Change, ...]
    chapter: str

    @property
    def span(self) -> str:
        """Which provisions: “第六条至第十三条（原第五条至第十二条）”."""
        first, last = self.changes[0], self.changes[-1]
        if len(self.changes) == 1:
            return f"{first.new_label}（原{first.old_label}）"
        return f"{first.new_label}至{last.new_label}（原{first.old_label}至{last.old_label}）"

    @property
    def what(self) -> str:
        return "仅序号变化" if len(self.changes) == 1 else "仅序号顺延"

    @property
    def words(self) -> str:
        return f"{self.span}：{self.what}，内容未变"


def glance(
    comparison: Comparison, old: Document, new: Document, notes: dict[str, str] | None = None
) -> list[Row | Renumbered]:
    """The changed provisions of ``comparison`` as rows, renumber-only runs folded."""
    chapters = _chapter_names(old) | _chapter_names(new)
    rows: list[Row | Renumbered] = []
    for change in comparison.changes:
        if change.op == "unchanged":
            continue
        chapter = _chapter_of(change, chapters)
        if _only_renumbered(change):
            last = rows[-1] if rows else None
            if isinstance(last, Renumbered) and last.chapter == chapter:
                rows[-1] = Renumbered((*last.changes, change), chapter)
            else:
                rows.append(Renumbered((change,), chapter))
            continue
        label = change.new_label or change.old_label or ""
        rows.append(Row(change, chapter, (notes or {}).get(label, "")))
    return rows


def _only_renumbered(change: Change) -> bool:
    return (
        change.op == "renumbered"
        and not change.relations
        and change.old is not None
        and change.new is not None
        and change.old.text == change.new.text
        and change.old.kind == change.new.kind
        and change.new.kind not in ("chapter", "section")
    )


def _chapter_names(document: Document) -> dict[str, str]:
    return {
        p.anchor: " ".join(part for part in (p.label, p.heading) if part)
        for p in document.provisions
        if p.kind in ("chapter", "section")
    }


def _chapter_of(change: Change, chapters: dict[str, str]) -> str:
    provision: Provision | None = change.new or change.old
    if provision is None or provision.kind in ("chapter", "section") or not provision.chapter:
        return ""
    return chapters.get(provision.chapter, "")
