"""What a decision says: its items, and the words each is written in.

Every item acts on the **old** text, named by its old numbers; new material is
placed by its **new** number (增加一条，作为第十一条). All items together are one
simultaneous edit of the old text; what they do not mention keeps its words and
is renumbered in order. Quoted text uses “ ” and, inside it, ‘ ’; a quoted
article of several paragraphs opens each paragraph with “ and closes only the
last with ”, as published decisions do.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from gongyue.text.numerals import int_to_cn

Kind = Literal[
    "replace_article",  # 将第X条修改为：“……”
    "add_article",  # [在第C章中]增加一条，作为第N条：“……”
    "delete_article",  # 删去第X条。
    "move_article",  # 将第X条改为第N条。(，修改为：“……” when its words change too)
    "replace_words",  # 将第X条[、第Y条]中的“A”[均]修改为“B”。
    "insert_words",  # 在第X条中的“A”后（前）增加“B”。
    "delete_words",  # 删去第X条中的“A”。
    "replace_part",  # 将第X条[第Z款][第Y项]修改为：“……”
    "delete_part",  # 删去第X条[第Z款][第Y项]。
    "add_part",  # 在第X条[第Z款]中增加一款（一项），作为第Y款（项）：“……”
    "replace_heading",  # 将第X章的章名修改为“B”。
    "add_chapter",  # 增加一章，作为第Y章，章名为“B”。
    "delete_chapter",  # 删去第X章。(and its articles)
    "replace_preamble",  # 将序言修改为：“……”
    "replace_closing",  # 将结语修改为：“……”
]
KINDS: tuple[Kind, ...] = (
    "replace_article",
    "add_article",
    "delete_article",
    "move_article",
    "replace_words",
    "insert_words",
    "delete_words",
    "replace_part",
    "delete_part",
    "add_part",
    "replace_heading",
    "add_chapter",
    "delete_chapter",
    "replace_preamble",
    "replace_closing",
)
QUOTED_TEXT: tuple[Kind, ...] = (
    "replace_article",
    "add_article",
    "replace_preamble",
    "replace_closing",
)


@dataclass(frozen=True)
class Item:
    kind: Kind
    old: int | None = None  # the old article (or chapter) it acts on
    new: int | None = None  # where new material goes, by its new number
    chapter: int | None = None  # 在第C章中: the chapter an added article opens
    words: str = ""  # the quoted old words (“A”)
    text: str = ""  # the quoted new words, or the new text, paragraphs joined by \n
    after: bool = True  # insert_words: after (后) or before (前) the old words
    kuan: int | None = None  # a part's paragraph (款): old for replace/delete, new for an added one
    xiang: int | None = None  # a part's item (项): old for replace/delete, new for an added one
    also: tuple[int, ...] = ()  # replace_words: more articles the same words change in
    every: bool = False  # replace_words: every time the words occur there (均), not once
    line: int = 0  # its first line in a written decision (0 when generated)
    number: int = 0  # the decision's item (一、二、……) it is part of, when read from one

    @property
    def target(self) -> str:
        """What it acts on, in words: 第三条, 第二章, 序言."""
        if self.kind in ("replace_heading", "delete_chapter"):
            return f"第{int_to_cn(self.old or 0)}章"
        if self.kind == "add_chapter":
            return f"新的第{int_to_cn(self.new or 0)}章"
        if self.kind in ("replace_preamble", "replace_closing"):
            return "序言" if self.kind == "replace_preamble" else "结语"
        if self.kind == "add_article":
            return f"新的第{int_to_cn(self.new or 0)}条"
        return f"第{int_to_cn(self.old or 0)}条"


def inner(text: str) -> str:
    """Text as it stands inside “ ”: its own “ ” become ‘ ’."""
    return text.replace("“", "‘").replace("”", "’")


def outer(text: str) -> str:
    """Quoted text as the charter has it: ‘ ’ become “ ” again."""
    return text.replace("‘", "“").replace("’", "”")


def quoted_paragraphs(text: str) -> list[str]:
    """“para / “para / “last” — each paragraph opens a quote, only the last closes it."""
    paragraphs = [p for p in text.split("\n") if p.strip()]
    lines = [f"“{inner(p)}" for p in paragraphs]
    lines[-1] += "”"
    return lines


def wording(item: Item) -> list[str]:
    """The item's sentence and, for a quoted text, its paragraphs (without 一、)."""
    if item.kind in ARTICLE_KINDS:
        return _article_wording(item)
    if item.kind in ("replace_words", "insert_words", "delete_words"):
        return [_words_wording(item)]
    if item.kind in ("replace_part", "delete_part", "add_part"):
        return _part_wording(item)
    if item.kind == "replace_heading":
        return [f"将第{int_to_cn(item.old or 0)}章的章名修改为“{inner(item.text)}”。"]
    if item.kind == "add_chapter":
        return [f"增加一章，作为第{int_to_cn(item.new or 0)}章，章名为“{inner(item.text)}”。"]
    if item.kind == "delete_chapter":
        return [f"删去第{int_to_cn(item.old or 0)}章。"]
    name = "序言" if item.kind == "replace_preamble" else "结语"
    return [f"将{name}修改为：", *quoted_paragraphs(item.text)]


ARTICLE_KINDS = ("replace_article", "add_article", "delete_article", "move_article")


def _article_wording(item: Item) -> list[str]:
    cn = int_to_cn
    old, new = f"第{cn(item.old or 0)}条", f"第{cn(item.new or 0)}条"
    if item.kind == "replace_article":
        return [f"将{old}修改为：", *quoted_paragraphs(item.text)]
    if item.kind == "add_article":
        where = f"在第{cn(item.chapter)}章中" if item.chapter else ""
        return [f"{where}增加一条，作为{new}：", *quoted_paragraphs(item.text)]
    if item.kind == "delete_article":
        return [f"删去{old}。"]
    if item.text:  # moved, and its words changed
        return [f"将{old}改为{new}，修改为：", *quoted_paragraphs(item.text)]
    return [f"将{old}改为{new}。"]


def _words_wording(item: Item) -> str:
    cn = int_to_cn
    quoted, new = inner(item.words), inner(item.text)
    if item.kind == "replace_words":
        where = "、".join(f"第{cn(n)}条" for n in (item.old or 0, *item.also))
        every = "均" if item.every and not item.also else ""
        return f"将{where}中的“{quoted}”{every}修改为“{new}”。"
    if item.kind == "insert_words":
        side = "后" if item.after else "前"
        return f"在第{cn(item.old or 0)}条中的“{quoted}”{side}增加“{new}”。"
    return f"删去第{cn(item.old or 0)}条中的“{quoted}”。"


def _part_wording(item: Item) -> list[str]:
    cn = int_to_cn
    article = f"第{cn(item.old or 0)}条"
    if item.kind == "add_part":
        if item.xiang is None:
            return [
                f"在{article}中增加一款，作为第{cn(item.kuan or 0)}款：",
                *quoted_paragraphs(item.text),
            ]
        where = f"{article}第{cn(item.kuan)}款" if item.kuan else article
        return [f"在{where}中增加一项，作为第{cn(item.xiang)}项：", *quoted_paragraphs(item.text)]
    place = article + (f"第{cn(item.kuan)}款" if item.kuan else "")
    place += f"第{cn(item.xiang)}项" if item.xiang else ""
    if item.kind == "delete_part":
        return [f"删去{place}。"]
    return [f"将{place}修改为：", *quoted_paragraphs(item.text)]


def numbered(items: list[Item]) -> list[list[str]]:
    """Each item's lines as a decision sets them out: 一、 and its sentence, then its quotes."""
    said = []
    for number, item in enumerate(items, 1):
        first, *rest = wording(item)
        said.append([f"{int_to_cn(number)}、{first}", *rest])
    return said


def decision_text(title: str, items: list[Item], effective: str = "") -> str:
    """The whole decision as a committee would post it."""
    lines = [f"关于修改《{title}》的决定", ""]
    for item_lines in numbered(items):
        lines += [*item_lines, ""]
    when = f"自{effective}起" if effective else "自公布之日起"
    lines.append(
        f"本决定{when}施行。《{title}》根据本决定作相应修改并对条文顺序作相应调整，重新公布。"
    )
    return "\n".join(lines) + "\n"
