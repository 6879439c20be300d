"""A written decision read back into items: a closed grammar, loud on anything else.

Lines before the first ``一、`` (the title, 决定对《……》作如下修改：) and from the
closing on (本决定……, 此外，对条文顺序作相应调整, 《……》根据本决定……) are not
items. A numbered item is one or more sentences, each followed, when it ends in a
colon, by its quoted paragraphs (each opening with “, the last closing with ”; the
first may follow the colon on the same line, as published decisions print it). A
sentence is read in one of our own forms (``items.wording``) or in the forms
published decisions use (``official``), with the article the item named before as
its context. A sentence neither says, items out of order, or a quote left open is a
``WrittenError`` naming the line.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace

from gongyue.text.decision.items import Item, outer
from gongyue.text.decision.official import Context, Unread, read_sentence
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
class _Sentence:
    line: int
    words: str  # the instruction, up to and including its closing ： or 。
    paragraphs: list[str]
    closed: bool  # its quote (if any) has ended


@dataclass
class _Open:
    number: int
    line: int
    sentences: list[_Sentence]
    lines: list[str]  # as written, 一、 and all

    @property
    def closed(self) -> bool:
        return self.sentences[-1].closed


ENDS = ("本决定", "此外", "《")  # the closing clause, 此外对条文顺序作相应调整, 《……》根据本决定


def read_decision(text: str) -> list[Item]:
    """The items of a written decision, in their order. One numbered item of a published
    decision may say several things (第X条改为第Y条，第一款修改为……); each is an ``Item``
    carrying the item's number."""
    return [item for o in _opened(text) for item in _items(o)]


def written_items(text: str) -> list[list[str]]:
    """Each numbered item's lines as the committee wrote them (for its pages and sheet),
    once the whole decision reads."""
    opened = _opened(text)
    for o in opened:
        _items(o)
    return [o.lines for o in opened]


def _opened(text: str) -> list[_Open]:
    opened: list[_Open] = []
    for at, raw in enumerate(text.split("\n"), 1):
        line = raw.strip()
        if not line:
            continue
        if opened and opened[-1].closed and line.startswith(ENDS):
            break
        found = _ITEM.match(line)
        if found and (not opened or opened[-1].closed):
            number = _number(found.group(1), at, len(opened))
            opened.append(_Open(number, at, [_sentence(at, found.group(2))], [line]))
            continue
        if not opened:
            continue  # the title and the sentence that opens the decision
        current = opened[-1]
        if current.closed:
            if line.startswith("“"):
                raise WrittenError(
                    at,
                    f"“{line[:20]}”前面的一句不是以冒号结尾，不知道引用的是什么。",
                    "引用的条文写在“修改为：”“作为第X条：”之后。",
                )
            current.sentences.append(_sentence(at, line))
            current.lines.append(line)
            continue
        if not line.startswith("“"):
            raise WrittenError(
                current.sentences[-1].line,
                f"引用的条文没有结束：到第 {at} 行“{line[:12]}”还没有”。",
                "引用的条文每段以“开头，最后一段以”结尾。",
            )
        _quoted_line(current.sentences[-1], line[1:])
        current.lines.append(line)
    if opened and not opened[-1].closed:
        raise WrittenError(
            opened[-1].sentences[-1].line, "引用的条文没有结束。", "最后一段的末尾加上”。"
        )
    return opened


def _sentence(line: int, text: str) -> _Sentence:
    """An instruction; a quote opened on the same line (……修改为：“……”) is read too."""
    at = text.find("：“")
    if at < 0:
        return _Sentence(line, text, [], not text.endswith("："))
    sentence = _Sentence(line, text[: at + 1], [], False)
    _quoted_line(sentence, text[at + 2 :])
    return sentence


QUOTE_ENDS = ("”", "”。", "”；")  # a quoted item ends “（二）……的”。


def _quoted_line(sentence: _Sentence, text: str) -> None:
    for end in QUOTE_ENDS:
        if text.endswith(end):
            sentence.paragraphs.append(text[: -len(end)])
            sentence.closed = True
            return
    sentence.paragraphs.append(text)


def _number(numeral: str, line: int, before: int) -> int:
    number = cn_to_int(numeral)
    if number != before + 1:
        raise WrittenError(
            line,
            f"这一项的序号是“{numeral}”，应当是“{int_to_cn(before + 1)}”。",
            "各项按一、二、三……依次编号，不跳号、不重号。",
        )
    return number


def _items(opened: _Open) -> list[Item]:
    """The items of one numbered item: each sentence in one of our own forms, or in the
    forms published decisions use (``official``), read with what the item named before."""
    context = Context()
    items: list[Item] = []
    for sentence in opened.sentences:
        said = _own_form(opened.number, sentence) or _official(opened.number, sentence, context)
        named = [i for i in said if i.kind not in ("replace_heading", "delete_chapter")]
        if named and named[0].old is not None:
            context.article = named[0].old
        items += said
    return items


def _own_form(number: int, sentence: _Sentence) -> list[Item]:
    for pattern, kind in _FORMS:
        found = pattern.fullmatch(sentence.words)
        if found:
            return [_made(kind, found.groups(), sentence, number)]
    return []


def _official(number: int, sentence: _Sentence, context: Context) -> list[Item]:
    words = sentence.words.rstrip("。：")
    try:
        said = read_sentence(words, sentence.paragraphs, context)
    except Unread:
        raise WrittenError(
            sentence.line,
            f"第{int_to_cn(number)}项“{sentence.words[:30]}”不是能识别的修改方式。",
            f"写成这些形式之一：{FORMS_IN_WORDS}",
        ) from None
    return [replace(item, line=sentence.line, number=number) for item in said]


Numbers = list[int | None]


def _made(kind: str, groups: tuple[str | None, ...], sentence: _Sentence, number: int) -> Item:
    """The item a matched sentence says (its numbers, quotes and quoted paragraphs)."""
    numbers: Numbers = [cn_to_int(g) if g else None for g in groups]
    text = outer("\n".join(sentence.paragraphs))
    if kind == "replace_words":
        item = _replaced_words(groups, sentence.line)
    else:
        item = _BUILD[kind](numbers, groups, text)
    return replace(item, line=sentence.line, number=number)


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
