"""A version or draft that records its 修改决定 must be what the decision makes of the
version before it (issue 25): ``gongyue check`` applies the decision to the earlier
text and compares, and names the first article that differs, the item that acts on
it, and the line of the file — so a draft edited after its decision was written, or
a decision reworded to say something the text does not, is caught before the vote.
"""

from __future__ import annotations

from gongyue.record.errors import Problem
from gongyue.record.model import Charter, Version
from gongyue.record.sources import line_of
from gongyue.text.articles import Document, Provision, parse
from gongyue.text.decision.apply import ApplyError, apply_decision
from gongyue.text.decision.generate import reading
from gongyue.text.decision.items import Item
from gongyue.text.decision.written import WrittenError, read_decision
from gongyue.text.numerals import int_to_cn


def decision_problems(charter: Charter) -> list[Problem]:
    found: list[Problem] = []
    for version in charter.versions + charter.drafts:
        if version.meta.decision:
            found += _check(version)
    return found


def _check(version: Version) -> list[Problem]:
    at = line_of(version.source_text, ("decision",))
    base = version.previous
    if base is None:
        return [
            _problem(
                version,
                at,
                "这个文本记了修改决定，但它之前没有通过的版本可以修改。",
                "删去 decision，或者核对文件夹。",
            )
        ]
    try:
        items = read_decision(version.meta.decision or "")
        made = apply_decision(base.body, items).body
    except WrittenError as error:
        return [_problem(version, at + error.line, f"修改决定：{error.message}", error.hint)]
    except ApplyError as error:
        where = at + error.line if error.line else at
        return [
            _problem(
                version,
                where,
                f"修改决定的第{int_to_cn(error.number)}项用不到 {base.slug} 版上：{error.message}",
                error.hint,
            )
        ]
    except ValueError as error:
        return [
            _problem(
                version, at, f"修改决定用不到 {base.slug} 版上：{error}", "整篇修改，不写修改决定。"
            )
        ]
    differs = _first_difference(parse(made), version.document)
    if differs is None:
        return []
    expected, actual = differs
    shown = actual or expected
    assert shown is not None  # a difference has at least one side
    item = _acting_on(items, expected)
    said = f"（修改决定的第{int_to_cn(item)}项改的就是这里）" if item else "（修改决定没有改这里）"
    line = version.body_line + shown.line - 1 if actual else at
    return [
        _problem(
            version,
            line,
            f"正文的{shown.display_label}与“{base.slug} 版 + 修改决定”不一样{said}。",
            "让正文和修改决定一致：改正文，或改修改决定（gongyue decision 可以由两个版本重新生成）。",
        )
    ]


def _first_difference(
    made: Document, written: Document
) -> tuple[Provision | None, Provision | None] | None:
    """The first provision where the decision's result and the written text differ."""
    ours, theirs = list(made.provisions), list(written.provisions)
    for a, b in zip(ours, theirs, strict=False):
        if reading(a) != reading(b):
            return a, b
    if len(ours) != len(theirs):
        longer = ours[len(theirs) :] or theirs[len(ours) :]
        return (longer[0], None) if len(ours) > len(theirs) else (None, longer[0])
    return None


def _acting_on(items: list[Item], provision: Provision | None) -> int | None:
    """The item that acts on this article (by its old or new number), if one does."""
    if provision is None or not provision.is_article:
        return None
    for number, item in enumerate(items, 1):
        if provision.number in (item.old, item.new, *item.also):
            return number
    return None


def _problem(version: Version, line: int, message: str, hint: str) -> Problem:
    return Problem(version.path, line, message, hint, "decision-mismatch")
