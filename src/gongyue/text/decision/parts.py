"""款 and 项: the parts of an article a decision can name (第五条第二款, 第二条第三项).

An article's lines are its parts: a line opening with （一） is an item (项) of the
paragraph (款) before it; any other line is a paragraph. Items are numbered within
their paragraph; a decision names one as 第X条第Y项 when only one paragraph of the
article has items, else as 第X条第Z款第Y项. Articles with sub-items (①, 1.) are
not addressed part by part (a decision restates them whole).

``changed`` applies the part items of one article at once, like ``apply`` does for
articles: replaced and deleted parts by their old numbers, added ones placed by
their new numbers, the item labels of what moved renumbered and listed.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from gongyue.text.decision.items import Item
from gongyue.text.decision.placing import beyond, placed
from gongyue.text.markers import CIRCLED, ITEM, SUB_ITEM
from gongyue.text.numerals import cn_to_int, int_to_cn


@dataclass(frozen=True)
class Part:
    kuan: int  # the paragraph it is, or the one its item belongs to
    xiang: int | None  # its item number, for an item
    text: str


class PartError(ValueError):
    """A part item that cannot apply (Chinese; the caller names the item)."""

    def __init__(self, message: str, hint: str):
        self.message, self.hint = message, hint
        super().__init__(message)


def parts_of(text: str) -> list[Part] | None:
    """The article's parts, or None when it has sub-items or items out of number."""
    found: list[Part] = []
    kuan = xiang = 0
    for line in (line for line in text.split("\n") if line.strip()):
        item = ITEM.match(line)
        if item:
            xiang += 1
            if cn_to_int(item.group(1)) != xiang:
                return None
            found.append(Part(max(kuan, 1), xiang, line))
        elif CIRCLED.match(line) or SUB_ITEM.match(line):
            return None
        else:
            kuan, xiang = kuan + 1, 0
            found.append(Part(kuan, None, line))
    return found


def paragraph_span(text: str, kuan: int) -> tuple[int, int] | None:
    """Where paragraph ``kuan`` (with its items) stands in the article's text, or None."""
    starts: list[int] = []
    offset = 0
    for line in text.split("\n"):
        if line.strip() and not ITEM.match(line):
            starts.append(offset)
        offset += len(line) + 1
    if not 1 <= kuan <= len(starts):
        return None
    end = starts[kuan] if kuan < len(starts) else len(text)
    return starts[kuan - 1], end


def items_in_one_paragraph(parts: list[Part]) -> bool:
    """Whether 第Y项 alone says which item: only one paragraph has items."""
    return len({p.kuan for p in parts if p.xiang is not None}) <= 1


def named(parts: list[Part], kuan: int | None, xiang: int | None) -> int | None:
    """The index of the part 第[Z款][Y项] names, or None."""
    for index, part in enumerate(parts):
        if xiang is None and part.xiang is None and part.kuan == kuan:
            return index
        if xiang is not None and part.xiang == xiang and kuan in (None, part.kuan):
            if kuan is None and not items_in_one_paragraph(parts):
                return None
            return index
    return None


@dataclass(frozen=True)
class PartEdit:
    """One part item, resolved: what it does, to which old part, or where a new one goes."""

    action: str  # "replace", "delete", "add"
    index: int | None  # the old part replaced or deleted
    kuan: int | None  # add: the new paragraph number, or the paragraph an item goes in
    xiang: int | None  # add: the new item number
    text: str


def changed(text: str, edits: list[PartEdit]) -> tuple[str, list[str]]:
    """The article's new text, and the item numbers that changed without being named."""
    parts = parts_of(text)
    if parts is None:
        raise PartError("这一条有“①”“1.”之类的细目，不能按款、项修改。", "整条修改。")
    implied: list[str] = []
    explicit = {  # items quoted with their own closing mark, without their labels
        ITEM.sub("", e.text) for e in edits if e.text.rstrip()[-1:] in ITEM_ENDS
    }
    new_text = {
        e.index: _closed_like(e.text, parts[e.index], implied)
        for e in edits
        if e.action == "replace" and e.index is not None
    }
    gone = {e.index for e in edits if e.action == "delete"}
    groups: list[tuple[int, list[tuple[Part | None, str]]]] = []  # old kuan, its lines
    for index, part in enumerate(parts):
        if part.xiang is None or not groups:
            groups.append((part.kuan, []))
        if index not in gone:
            groups[-1][1].append((part, new_text.get(index, part.text)))
    groups = _added_paragraphs(groups, [e for e in edits if e.action == "add" and e.xiang is None])
    item_adds = [
        _in_paragraph(e, parts) for e in edits if e.action == "add" and e.xiang is not None
    ]
    lines: list[str] = []
    for old_kuan, members in groups:
        added = [e for e in item_adds if e.kuan == old_kuan]
        lines += _with_items(members, added, old_kuan, implied, explicit)
    return "\n".join(lines), implied


ITEM_ENDS = "；。"


def _closed_like(text: str, replaced: Part, implied: list[str]) -> str:
    """A quoted item without its closing mark keeps the one of the item it replaces
    (decisions quote “（二）春节，放假3天” for an item that ends in “；”)."""
    if replaced.xiang is None or not text or text[-1] in ITEM_ENDS + "：:":
        return text
    mark = replaced.text.rstrip()[-1:] if replaced.text.rstrip()[-1:] in ITEM_ENDS else ""
    if mark:
        implied.append(
            f"第{int_to_cn(replaced.kuan)}款第{int_to_cn(replaced.xiang)}项末尾保留“{mark}”"
        )
    return text + mark


def _in_paragraph(edit: PartEdit, parts: list[Part]) -> PartEdit:
    """An added item's paragraph: the one named, else the one that has items (or the
    only paragraph)."""
    if edit.kuan is not None:
        return edit
    with_items = {p.kuan for p in parts if p.xiang is not None}
    paragraphs = {p.kuan for p in parts}
    candidates = with_items or paragraphs
    if len(candidates) != 1:
        raise PartError(
            "这一条有几款，没有写明在哪一款中增加这一项。", "写成“在第X条第Z款中增加一项”。"
        )
    return PartEdit(edit.action, edit.index, candidates.pop(), edit.xiang, edit.text)


def _added_paragraphs(
    groups: list[tuple[int, list[tuple[Part | None, str]]]], adds: list[PartEdit]
) -> list[tuple[int, list[tuple[Part | None, str]]]]:
    kept = [g for g in groups if g[1]]
    claims: dict[int, tuple[int, list[tuple[Part | None, str]]]] = {
        e.kuan or 0: (0, [(None, e.text)]) for e in adds
    }
    if beyond(claims, len(kept)) or len(claims) != len(adds):
        total = len(kept) + len(adds)
        raise PartError(f"修改后这一条只有 {total} 款。", "按修改后的款的顺序写序号。")
    return placed(kept, claims)


def _with_items(
    members: list[tuple[Part | None, str]],
    adds: list[PartEdit],
    old_kuan: int,
    implied: list[str],
    explicit: set[str],
) -> list[str]:
    """The paragraph's lines with items added and every item numbered in order."""
    head = [m for m in members if m[0] is None or m[0].xiang is None]
    items = [m for m in members if m[0] is not None and m[0].xiang is not None]
    claims: dict[int, tuple[Part | None, str]] = {e.xiang or 0: (None, e.text) for e in adds}
    if beyond(claims, len(items)) or len(claims) != len(adds):
        total = len(items) + len(adds)
        raise PartError(f"修改后这一款只有 {total} 项。", "按修改后的项的顺序写序号。")
    ordered: list[str] = []
    for position, (part, line) in enumerate(placed(items, claims), 1):
        if part is not None and part.xiang != position:
            implied.append(
                f"第{int_to_cn(old_kuan)}款原第{int_to_cn(part.xiang or 0)}项改为第{int_to_cn(position)}项"
            )
            line = _relabelled(line, position)
        ordered.append(line)
    if adds or len(ordered) != len(items):
        old = [line for _, line in items]
        ordered = _list_punctuated(ordered, old, old_kuan, implied, explicit)
    return [line for _, line in head] + ordered


def _list_punctuated(
    lines: list[str], old: list[str], kuan: int, implied: list[str], explicit: set[str]
) -> list[str]:
    """Items of a list that grew or shrank end as a list's items end: “；” but the last,
    which ends as the old list's last did — when the old list followed that rule (a
    decision quotes “（二）参与制定……标准” without its mark). A mark the decision quoted
    is its own and stays."""
    marks = [line.rstrip()[-1:] for line in old]
    if not marks or any(m != "；" for m in marks[:-1]) or marks[-1] not in ITEM_ENDS:
        return lines
    result = []
    for position, line in enumerate(lines, 1):
        if ITEM.sub("", line) in explicit:
            result.append(line)
            continue
        want = "；" if position < len(lines) else marks[-1]
        text = line.rstrip()
        has = text[-1:] if text[-1:] in ITEM_ENDS else ""
        if has != want:
            implied.append(f"第{int_to_cn(kuan)}款第{int_to_cn(position)}项末尾为“{want}”")
            text = (text[:-1] if has else text) + want
        result.append(text)
    return result


def _relabelled(line: str, number: int) -> str:
    return re.sub(
        r"^([（(])[^）)]+([）)])",
        lambda m: f"{m.group(1)}{int_to_cn(number)}{m.group(2)}",
        line,
        count=1,
    )


PARTS_CHANGED_AT_MOST = 3  # more changed runs of parts than this, and the article is restated


def part_items(article: int, old: str, new: str) -> list[Item] | None:
    """The article's change said part by part (将第X条第二款修改为, 删去第X条第三项,
    增加一项), when a few parts changed and at least one stayed; None otherwise."""
    before, after = parts_of(old), parts_of(new)
    if not before or not after:
        return None
    matcher = difflib.SequenceMatcher(
        None, [p.text for p in before], [p.text for p in after], autojunk=False
    )
    runs = [op for op in matcher.get_opcodes() if op[0] != "equal"]
    if not runs or len(runs) > PARTS_CHANGED_AT_MOST or len(runs) == len(matcher.get_opcodes()):
        return None
    one = items_in_one_paragraph(before) and items_in_one_paragraph(after)
    items: list[Item] = []
    for tag, i1, i2, j1, j2 in runs:
        olds, news = before[i1:i2], after[j1:j2]
        if (
            tag == "replace"
            and len(olds) == len(news)
            and all((a.xiang is None) == (b.xiang is None) for a, b in zip(olds, news, strict=True))
        ):
            items += [
                _part_item("replace_part", article, a, one, b.text)
                for a, b in zip(olds, news, strict=True)
            ]
            continue
        items += [_part_item("delete_part", article, a, one) for a in olds]
        items += [_added_part(article, b, one) for b in news]
    kuans_changed = any(i.kind != "replace_part" and i.xiang is None for i in items)
    items_added = any(i.kind == "add_part" and i.xiang is not None for i in items)
    return None if kuans_changed and items_added else items


def _part_item(kind: str, article: int, part: Part, one: bool, text: str = "") -> Item:
    kuan = None if part.xiang is not None and one else part.kuan
    return Item(kind, old=article, kuan=kuan, xiang=part.xiang, text=text)  # type: ignore[arg-type]


def _added_part(article: int, part: Part, one: bool) -> Item:
    if part.xiang is None:
        return Item("add_part", old=article, kuan=part.kuan, text=part.text)
    return Item(
        "add_part", old=article, kuan=None if one else part.kuan, xiang=part.xiang, text=part.text
    )
