"""A written decision read back into items: a closed grammar, loud on anything else.

Lines before the first ``一、`` (the title) and from ``本决定`` on (the closing
clause) are not items. Each item is one numbered sentence in one of the forms
of ``items.wording``, followed, for a quoted text, by its paragraphs, each
opening with “ and the last closing with ”. A sentence no form matches, items
out of order, or a quote left open is a ``WrittenError`` naming the line.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace

from gongyue.text.decision.items import Item, outer
from gongyue.text.numerals import NUMERAL_CHARS, cn_to_int, int_to_cn

N = rf"([{NUMERAL_CHARS}]+)"
Q = r"“([^“”]*)”"  # a quote: its inner quotes are ‘ ’
_ITEM = re.compile(rf"^{N}、(.*)$")
_FORMS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(rf"将第{N}条修改为："), "replace_article"),
    (re.compile(rf"(?:在第{N}章中)?增加一条，作为第{N}条："), "add_article"),
    (re.compile(rf"删去第{N}条。"), "delete_article"),
    (re.compile(rf"将第{N}条改为第{N}条。"), "move_article"),
    (re.compile(rf"将第{N}条改为第{N}条，修改为："), "move_article"),
    (
        re.compile(rf"将((?:第[{NUMERAL_CHARS}]+条、)*)第{N}条中的{Q}(均)?修改为{Q}。"),
        "replace_words",
    ),
    (re.compile(rf"在第{N}条中的{Q}(后|前)增加{Q}。"), "insert_words"),
    (re.compile(rf"删去第{N}条中的{Q}。"), "delete_words"),
    (re.compile(rf"将第{N}条(?:第{N}款)?(?:第{N}项)?修改为："), "replace_part"),
    (re.compile(rf"删去第{N}条(?:第{N}款)?(?:第{N}项)?。"), "delete_part"),
    (re.compile(rf"在第{N}条中增加一款，作为第{N}款："), "add_paragraph"),
    (re.compile(rf"在第{N}条(?:第{N}款)?中增加一项，作为第{N}项："), "add_item"),
    (re.compile(rf"将第{N}章的章名修改为{Q}。"), "replace_heading"),
    (re.compile(rf"增加一章，作为第{N}章，章名为{Q}。"), "add_chapter"),
    (re.compile(rf"删去第{N}章。"), "delete_chapter"),
    (re.compile(r"将序言修改为："), "replace_preamble"),
    (re.compile(r"将结语修改为："), "replace_closing"),
]
FORMS_IN_WORDS = (
    "将第X条修改为：、增加一条，作为第X条：、删去第X条。、将第X条改为第Y条。、"
    "将第X条中的“A”修改为“B”。、在第X条中的“A”后增加“B”。、删去第X条中的“A”。、"
    "将第X章的章名修改为“B”。、将第X条第Y款修改为：、删去第X条第Y项。、"
    "在第X条中增加一款，作为第Y款：、增加一章，作为第Y章，章名为“B”。、删去第X章。、将序言修改为："
)


class WrittenError(ValueError):
    """A decision that cannot be read: the line, what is wrong and how to fix it (Chinese)."""

    def __init__(self, line: int, message: str, hint: str):
        self.line, self.message, self.hint = line, message, hint
        super().__init__(f"第 {line} 行：{message}修改建议：{hint}")


@dataclass
class _Open:
    number: int
    line: int
    sentence: str
    paragraphs: list[str]
    closed: bool


def read_decision(text: str) -> list[Item]:
    """The items of a written decision, in their order."""
    opened: list[_Open] = []
    for at, raw in enumerate(text.split("\n"), 1):
        line = raw.strip()
        if not line:
            continue
        if line.startswith("本决定"):
            break
        found = _ITEM.match(line)
        if found and (not opened or opened[-1].closed):
            opened.append(
                _Open(_number(found.group(1), at, len(opened)), at, found.group(2), [], True)
            )
            opened[-1].closed = not _quotes_text(found.group(2))
            continue
        if not opened:
            continue  # the title, before the first item
        current = opened[-1]
        if current.closed or not line.startswith("“"):
            raise WrittenError(
                at,
                f"“{line[:20]}”不是修改决定的一项，也不是引用的条文。",
                "每一项以“一、”“二、”……开头；引用的条文每段以“开头，最后一段以”结尾。",
            )
        current.paragraphs.append(line[1:])
        if line.endswith("”"):
            current.paragraphs[-1] = current.paragraphs[-1][:-1]
            current.closed = True
    if opened and not opened[-1].closed:
        raise WrittenError(opened[-1].line, "引用的条文没有结束。", "最后一段的末尾加上”。")
    return [_item(o) for o in opened]


def _quotes_text(sentence: str) -> bool:
    """Whether the sentence is followed by quoted paragraphs (it ends in a colon)."""
    return sentence.endswith("：")


def _number(numeral: str, line: int, before: int) -> int:
    number = cn_to_int(numeral)
    if number != before + 1:
        raise WrittenError(
            line,
            f"这一项的序号是“{numeral}”，应当是“{int_to_cn(before + 1)}”。",
            "各项按一、二、三……依次编号，不跳号、不重号。",
        )
    return number


def _item(opened: _Open) -> Item:
    for pattern, kind in _FORMS:
        found = pattern.fullmatch(opened.sentence)
        if found:
            return _made(kind, found.groups(), opened)
    raise WrittenError(
        opened.line,
        f"第{int_to_cn(opened.number)}项“{opened.sentence[:30]}”不是能识别的修改方式。",
        f"写成这些形式之一：{FORMS_IN_WORDS}",
    )


Numbers = list[int | None]


def _made(kind: str, groups: tuple[str | None, ...], opened: _Open) -> Item:
    """The item a matched sentence says (its numbers, quotes and quoted paragraphs)."""
    numbers: Numbers = [cn_to_int(g) if g else None for g in groups]
    text = outer("\n".join(opened.paragraphs))
    if kind == "replace_words":
        return _replaced_words(groups, opened.line)
    item = _BUILD[kind](numbers, groups, text)
    return replace(item, line=opened.line)


def _quote(groups: tuple[str | None, ...], at: int) -> str:
    return outer(groups[at] or "")


_BUILD: dict[str, Callable[[Numbers, tuple[str | None, ...], str], Item]] = {
    "replace_article": lambda n, g, t: Item("replace_article", old=n[0], text=t),
    "add_article": lambda n, g, t: Item("add_article", chapter=n[0], new=n[1], text=t),
    "delete_article": lambda n, g, t: Item("delete_article", old=n[0]),
    "move_article": lambda n, g, t: Item("move_article", old=n[0], new=n[1], text=t),
    "insert_words": lambda n, g, t: Item(
        "insert_words", old=n[0], words=_quote(g, 1), text=_quote(g, 3), after=g[2] == "后"
    ),
    "delete_words": lambda n, g, t: Item("delete_words", old=n[0], words=_quote(g, 1)),
    "replace_part": lambda n, g, t: Item("replace_part", old=n[0], kuan=n[1], xiang=n[2], text=t),
    "delete_part": lambda n, g, t: Item("delete_part", old=n[0], kuan=n[1], xiang=n[2]),
    "add_paragraph": lambda n, g, t: Item("add_part", old=n[0], kuan=n[1], text=t),
    "add_item": lambda n, g, t: Item("add_part", old=n[0], kuan=n[1], xiang=n[2], text=t),
    "replace_heading": lambda n, g, t: Item("replace_heading", old=n[0], text=_quote(g, 1)),
    "add_chapter": lambda n, g, t: Item("add_chapter", new=n[0], text=_quote(g, 1)),
    "delete_chapter": lambda n, g, t: Item("delete_chapter", old=n[0]),
    "replace_preamble": lambda n, g, t: Item("replace_preamble", text=t),
    "replace_closing": lambda n, g, t: Item("replace_closing", text=t),
}


def _replaced_words(groups: tuple[str | None, ...], line: int) -> Item:
    """将第X条、第Y条中的“A”修改为“B”: every occurrence in each; 均: every one in one."""
    listed = re.findall(rf"第([{NUMERAL_CHARS}]+)条", groups[0] or "")
    numbers = [cn_to_int(n) or 0 for n in [*listed, groups[1] or ""]]
    words, new = outer(groups[2] or ""), outer(groups[4] or "")
    every = bool(groups[3]) or len(numbers) > 1
    return Item(
        "replace_words",
        old=numbers[0],
        also=tuple(numbers[1:]),
        words=words,
        text=new,
        every=every,
        line=line,
    )
