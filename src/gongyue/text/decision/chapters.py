"""Chapters a decision adds or deletes (增加一章，作为第Y章，章名为“…”; 删去第X章).

Existing chapters are named by their old numbers; a new one is placed by its new
number, and so are the articles a decision adds to it (在第Y章中增加一条). The
plan here says, for the new text, which chapters stand in which order, each
old chapter's new number (None when deleted, with all its articles), and writes
a chapter's heading line with its new number — like the text's own headings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from gongyue.text.articles import Provision
from gongyue.text.decision.items import Item
from gongyue.text.decision.placing import beyond, placed
from gongyue.text.numerals import NUMERAL_CHARS, int_to_cn


class ChapterError(ValueError):
    """A chapter item that cannot apply: the item's number, what and how (Chinese)."""

    def __init__(self, number: int, message: str, hint: str):
        self.number, self.message, self.hint = number, message, hint
        super().__init__(message)


@dataclass(frozen=True)
class Slot:
    """A chapter of the new text: an old one (``old``) or a new one (``heading``)."""

    number: int  # its new number
    old: int | None
    heading: str = ""


@dataclass(frozen=True)
class ChapterPlan:
    slots: tuple[Slot, ...]
    new_of_old: dict[int, int | None]  # old chapter number -> new (None: deleted)

    def implied(self) -> list[str]:
        return [
            f"原第{int_to_cn(old)}章改为第{int_to_cn(new)}章"
            for old, new in sorted(self.new_of_old.items())
            if new is not None and new != old
        ]


def chapter_plan(chapters: list[int], items: list[Item]) -> ChapterPlan:
    """The new text's chapters, from the old ones' numbers and the chapter items."""
    deleted: dict[int, int] = {}
    added: dict[int, tuple[int, Item]] = {}
    for number, item in enumerate(items, 1):
        if item.kind == "delete_chapter":
            if item.old not in chapters or item.old in deleted:
                raise ChapterError(
                    number,
                    f"原文没有第{int_to_cn(item.old or 0)}章，或者它已经删去了。",
                    "按修改前的章的序号写。",
                )
            deleted[item.old] = number
        elif item.kind == "add_chapter":
            if item.new is None or item.new in added:
                raise ChapterError(
                    number,
                    f"第{int_to_cn(item.new or 0)}章已经有一项增加了。",
                    "每个新的章序号只用一次。",
                )
            added[item.new] = (number, item)
    kept = [c for c in chapters if c not in deleted]
    for new in beyond(added, len(kept)):
        raise ChapterError(
            added[new][0],
            f"修改后只有 {len(kept) + len(added)} 章，没有第{int_to_cn(new)}章。",
            "按修改后的章的顺序写序号。",
        )
    order = placed([(old, "") for old in kept], {n: (None, i.text) for n, (_, i) in added.items()})
    slots = [Slot(position, old, heading) for position, (old, heading) in enumerate(order, 1)]
    new_of_old: dict[int, int | None] = {c: None for c in deleted}
    new_of_old.update({s.old: s.number for s in slots if s.old is not None})
    return ChapterPlan(tuple(slots), new_of_old)


_LABEL = re.compile(rf"第[{NUMERAL_CHARS}\d]+章")


def heading_line(model_line: str, model: Provision, number: int, heading: str | None) -> str:
    """A chapter's heading line, written like ``model_line`` (the old chapter ``model``'s):
    its label with ``number``, and ``heading`` as its title when given."""
    line = _LABEL.sub(f"第{int_to_cn(number)}章", model_line, count=1)
    if heading is None:
        return line
    old = model.heading
    at = line.rfind(old) if old else -1
    return line[:at] + heading + line[at + len(old) :] if at >= 0 else f"{line} {heading}"
