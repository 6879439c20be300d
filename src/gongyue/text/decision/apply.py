"""A decision applied to a text: every item exactly once, all at the same time.

The text is edited where it stands, block by block (a provision's lines as the
committee wrote them): an article nobody mentions keeps its lines and only its
number changes; a changed one keeps its label's markup (``**第五条**``, ``五、``)
and takes the new words; an added one is written like its neighbour. Before
anything is made, every item is checked: the article it names exists, its
quoted words occur there (every occurrence in the place named is changed, as
published decisions mean it, and said when there are several), no two items
touch the same words, and the new numbers leave no gap. Each failure is an ``ApplyError`` naming the item
and the decision's line; nothing is returned half done.

What a decision implies without saying — articles and items renumbered after an
insertion or deletion, references such as 本公约第十条 in untouched articles
following them — is done and listed beside the result (``Applied.implied``).
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

from gongyue.text.articles import Document, Provision, parse
from gongyue.text.decision.chapters import ChapterError, ChapterPlan, chapter_plan, heading_line
from gongyue.text.decision.items import Item
from gongyue.text.decision.parts import (
    PartEdit,
    PartError,
    changed,
    named,
    paragraph_span,
    parts_of,
)
from gongyue.text.decision.placing import beyond, placed
from gongyue.text.decision.references import renumbered
from gongyue.text.normalize import normalize
from gongyue.text.numerals import NUMERAL_CHARS, cn_to_int, int_to_cn


class ApplyError(ValueError):
    """An item that cannot apply: which, where in the decision, what and how to fix (Chinese)."""

    def __init__(self, number: int, item: Item, message: str, hint: str):
        number = item.number or number  # the decision's own 一、二、 when it was read from one
        self.number, self.line = number, item.line
        self.message, self.hint = message, hint
        where = f"第 {item.line} 行，" if item.line else ""
        super().__init__(f"{where}第{int_to_cn(number)}项：{message}修改建议：{hint}")


@dataclass(frozen=True)
class Applied:
    body: str
    implied: list[str] = field(default_factory=list)  # what the decision did without saying


@dataclass
class _Block:
    provision: Provision
    lines: list[str]
    chapter: int | None = None  # the old chapter it stands in
    before: list[str] = field(default_factory=list)  # a section heading (节) it opens

    @property
    def number(self) -> int | None:
        return self.provision.number


@dataclass
class _Placed:
    """An article of the new text: an old one's block (perhaps changed) or a new one."""

    block: _Block | None  # None for an added article
    text: str  # its words (the old ones if unchanged)
    changed: bool
    chapter: int | None  # the old chapter number it stands in
    old: int | None = None


def apply_decision(body: str, items: list[Item]) -> Applied:
    text = normalize(body)
    lines = text.split("\n")
    doc = parse(text)
    head, blocks = _blocks(lines, doc)
    _refuse_unsupported(doc)
    articles = {b.number: b for b in blocks if b.provision.is_article and b.number is not None}
    touched = _check_targets(items, articles, blocks)
    plan = _chapters(items, blocks)
    dropped = _dropped_with_chapters(items, articles, plan)
    words, words_implied = _edited_words(items, articles, touched)
    by_parts, part_implied = _edited_parts(items, articles, words)
    words.update(by_parts)
    placed, implied = _new_order(items, articles, words, plan, dropped)
    implied += _sections_kept(articles, placed)
    implied += plan.implied() + _references_followed(placed, articles)
    return Applied(
        _render(head, blocks, placed, items, plan), implied + words_implied + part_implied
    )


def unlabelled(text: str, *numbers: int | None) -> str:
    """A quoted article without its own label: committees quote “三、楼顶平台……” or
    “第三条 ……” as often as they leave it out; the label is the text's to write."""
    found = re.match(rf"^(?:第([{NUMERAL_CHARS}]+)条\s*|([{NUMERAL_CHARS}]+)[、．.]\s*)", text)
    if found and cn_to_int(found.group(1) or found.group(2)) in numbers:
        return text[found.end() :]
    return text


def _said(items: list[Item], number: int) -> str:
    """How the decision numbers the item at position ``number`` (1-based): its own 一、二、
    when it was read from a written decision, where one item may say several things."""
    return int_to_cn(items[number - 1].number or number)


def _chapters(items: list[Item], blocks: list[_Block]) -> ChapterPlan:
    numbers = [b.number for b in blocks if b.provision.kind == "chapter" and b.number is not None]
    try:
        return chapter_plan(numbers, items)
    except ChapterError as error:
        raise ApplyError(error.number, items[error.number - 1], error.message, error.hint) from None


def _dropped_with_chapters(
    items: list[Item], articles: dict[int, _Block], plan: ChapterPlan
) -> set[int]:
    """The articles of the chapters deleted (删去第X章 takes its articles with it); an item
    that still names one is refused."""
    dropped = {
        n
        for n, b in articles.items()
        if _chapter_of(b) in plan.new_of_old and plan.new_of_old[_chapter_of(b) or 0] is None
    }
    for number, item in enumerate(items, 1):
        named = (
            {item.old, *item.also}
            if item.kind not in ("replace_heading", "delete_chapter")
            else set()
        )
        hit = sorted(n for n in named if n in dropped)
        if hit:
            raise ApplyError(
                number,
                item,
                f"第{int_to_cn(hit[0])}条所在的章已经删去，这一条也随之删去了。",
                "去掉这一项，或者不删这一章。",
            )
    return dropped


def _sections_kept(articles: dict[int, _Block], order: list[_Placed]) -> list[str]:
    """A section heading whose first article is gone moves to the next article of its
    chapter that stays; with none left, the section goes, and is said to."""
    staying = {p.old for p in order if p.old is not None}
    said: list[str] = []
    numbers = sorted(articles)
    for at, number in enumerate(numbers):
        block = articles[number]
        if number in staying or not block.before:
            continue
        heir = next(
            (
                articles[n]
                for n in numbers[at + 1 :]
                if n in staying and articles[n].chapter == block.chapter
            ),
            None,
        )
        heading = next((line.strip("# ") for line in block.before if line.strip()), "")
        if heir is None:
            said.append(f"“{heading}”已没有条文，随之删去")
        else:
            heir.before = block.before + heir.before
        block.before = []
    return said


def _references_followed(order: list[_Placed], articles: dict[int, _Block]) -> list[str]:
    """Articles no item touched keep their references (本公约第十条) on the same article."""
    moved: dict[int, int | None] = {n: None for n in articles}
    moved.update({p.old: n for n, p in enumerate(order, 1) if p.old is not None})
    moved = {old: new for old, new in moved.items() if new != old}
    said: list[str] = []
    for number, piece in enumerate(order, 1):
        if piece.changed or piece.block is None or not moved:
            continue
        text, changes = renumbered(piece.text, moved)
        if changes:
            piece.text, piece.changed = text, True
            said += [f"第{int_to_cn(number)}条中{change}" for change in changes]
    return said


# --- reading the text into blocks ------------------------------------------------------------


def _blocks(lines: list[str], doc: Document) -> tuple[list[str], list[_Block]]:
    """The text before the first provision, and each provision's lines. A section heading
    (第一节) travels with the article it opens, as lines written before that article."""
    starts = [p.line - 1 for p in doc.provisions]
    if not starts:
        return lines, []
    ends = [*starts[1:], len(lines)]
    head = lines[: starts[0]]
    blocks: list[_Block] = []
    chapter: int | None = None
    waiting: list[str] = []
    for provision, start, end in zip(doc.provisions, starts, ends, strict=True):
        if provision.kind == "chapter":
            chapter = provision.number
        if provision.kind == "section":
            waiting += lines[start:end]
            continue
        blocks.append(_Block(provision, lines[start:end], chapter, waiting))
        waiting = []
    return head, blocks


def _refuse_unsupported(doc: Document) -> None:
    """What items cannot name yet: numbers that repeat, 之一."""
    numbers = [(p.number, p.sub) for p in doc.articles]
    if len(numbers) != len(set(numbers)) or any(sub for _, sub in numbers):
        raise ValueError("条文序号有重复或“之一”，修改决定无法按序号指明条文。")


# --- checking every item before anything is made -----------------------------------------------


WHOLE = ("replace_article", "delete_article", "move_article")  # items that take a whole article


def _check_targets(
    items: list[Item], articles: dict[int, _Block], blocks: list[_Block]
) -> dict[int, int]:
    """Old article number -> the item number that replaces, deletes or moves it whole."""
    whole: dict[int, int] = {}
    for number, item in enumerate(items, 1):
        _check_exists(number, item, articles, blocks)
        if item.kind in WHOLE and item.old is not None:
            if item.old in whole:
                raise ApplyError(
                    number,
                    item,
                    f"第{_said(items, whole[item.old])}项已经改了{item.target}。",
                    "同一条只写一项：整条修改、删去或移动。",
                )
            whole[item.old] = number
    for number, item in enumerate(items, 1):
        touches = item.kind.endswith("_words") or item.kind in PART_KINDS
        for article in (item.old or 0, *item.also) if touches else ():
            other = whole.get(article)
            if other is None:
                continue
            mover = items[other - 1]
            if mover.kind != "move_article" or mover.text:  # a plain move keeps the words
                raise ApplyError(
                    number,
                    item,
                    f"第{_said(items, other)}项已经整条修改或删去了第{int_to_cn(article)}条。",
                    "把这处文字的修改并入那一项。",
                )
    return whole


def _check_exists(
    number: int, item: Item, articles: dict[int, _Block], blocks: list[_Block]
) -> None:
    """The chapter, article, preamble or closing the item names is in the old text."""
    kinds = {b.provision.kind for b in blocks}
    chapters = {b.number for b in blocks if b.provision.kind == "chapter"}
    if item.kind in ("replace_heading", "delete_chapter"):
        missing = item.old not in chapters
    elif item.kind == "add_chapter":
        missing = False  # placed by its new number: the chapter plan checks it
    elif item.kind in ("replace_preamble", "replace_closing"):
        missing = ("preamble" if item.kind == "replace_preamble" else "closing") not in kinds
    else:
        named = [n for n in (item.old, *item.also) if n is not None]
        gone = next((n for n in named if n not in articles), None)
        if gone is not None:
            raise ApplyError(number, item, f"原文没有第{int_to_cn(gone)}条。", "按修改前的序号写。")
        missing = False
    if missing:
        raise ApplyError(number, item, f"原文没有{item.target}。", "按修改前的序号写。")


def _edited_words(
    items: list[Item], articles: dict[int, _Block], whole: dict[int, int]
) -> tuple[dict[int, str], list[str]]:
    """Old article number -> its new words, for every article an item changes; and the
    word edits that changed the words more than once (every time they occur in the place
    named, as published decisions mean it), in words."""
    edits: dict[int, list[tuple[int, int, str, int]]] = {}  # start, end, new words, item number
    result: dict[int, str] = {}
    said: list[str] = []
    for number, item in enumerate(items, 1):
        if item.kind == "replace_article" and item.old is not None:
            result[item.old] = unlabelled(item.text, item.old)
        if not item.kind.endswith("_words") or item.old is None:
            continue
        for article in (item.old, *item.also):
            text = articles[article].provision.text
            places = _places(text, article, item, number)
            if len(places) > 1:
                said.append(
                    f"第{_said(items, number)}项：第{int_to_cn(article)}条{_kuan(item)}中的"
                    f"“{item.words}”有 {len(places)} 处，都已修改"
                )
            for start in places:
                end = start + len(item.words)
                if item.kind == "replace_words":
                    edits.setdefault(article, []).append((start, end, item.text, number))
                elif item.kind == "delete_words":
                    edits.setdefault(article, []).append((start, end, "", number))
                else:
                    at = end if item.after else start
                    edits.setdefault(article, []).append((at, at, item.text, number))
    for old, changes in edits.items():
        result[old] = _spliced(articles[old].provision.text, changes, items)
    return result, said


def _kuan(item: Item) -> str:
    return f"第{int_to_cn(item.kuan)}款" if item.kuan else ""


def _places(text: str, article: int, item: Item, number: int) -> list[int]:
    """Where the words stand each time they occur in the place named (the article, or one
    of its paragraphs): at least once."""
    span = paragraph_span(text, item.kuan) if item.kuan else (0, len(text))
    if span is None:
        raise ApplyError(
            number, item, f"第{int_to_cn(article)}条没有{_kuan(item)}。", "按修改前的款的序号写。"
        )
    start, end = span
    places, at = [], text.find(item.words, start, end) if item.words else -1
    while at >= 0:
        places.append(at)
        at = text.find(item.words, at + len(item.words), end)
    if not places:
        raise ApplyError(
            number,
            item,
            f"第{int_to_cn(article)}条{_kuan(item)}中没有“{item.words}”。",
            "核对原文，引用的文字要与原文一字不差。",
        )
    return places


PART_KINDS = ("replace_part", "delete_part", "add_part")


def _edited_parts(
    items: list[Item], articles: dict[int, _Block], words: dict[int, str]
) -> tuple[dict[int, str], list[str]]:
    """Old article number -> its new words, for the articles part items (款, 项) change;
    and the item numbers that changed without being named."""
    by_article: dict[int, list[tuple[int, Item]]] = {}
    for number, item in enumerate(items, 1):
        if item.kind in PART_KINDS and item.old is not None:
            by_article.setdefault(item.old, []).append((number, item))
    result: dict[int, str] = {}
    implied: list[str] = []
    for article, listed in by_article.items():
        number, first = listed[0]
        text = articles[article].provision.text
        edits = _part_edits(text, listed)
        if article in words:  # its words were edited too: the parts named must be untouched
            _refuse_words_in_parts(text, words[article], edits, listed)
            text = words[article]
        try:
            result[article], said = changed(text, edits)
        except PartError as error:
            raise ApplyError(number, first, error.message, error.hint) from None
        implied += [f"第{int_to_cn(article)}条{line}" for line in said]
    return result, implied


def _refuse_words_in_parts(
    old: str, worded: str, edits: list[PartEdit], listed: list[tuple[int, Item]]
) -> None:
    """A part replaced or deleted whose words another item also edits: two items on the
    same words."""
    before, after = parts_of(old), parts_of(worded)
    same_shape = (
        before is not None
        and after is not None
        and [(p.kuan, p.xiang) for p in before] == [(p.kuan, p.xiang) for p in after]
    )
    for edit, (number, item) in zip(edits, listed, strict=True):
        touched = edit.index is not None and (
            not same_shape or before[edit.index].text != after[edit.index].text  # type: ignore[index]
        )
        if touched:
            raise ApplyError(
                number,
                item,
                f"另一项已经修改了{_part_name(item)}中的文字。",
                "把对这一款（项）的修改写成一项。",
            )


def _part_edits(text: str, listed: list[tuple[int, Item]]) -> list[PartEdit]:
    parts = parts_of(text)
    edits: list[PartEdit] = []
    used: dict[int, int] = {}
    for number, item in listed:
        if item.kind == "add_part":
            edits.append(PartEdit("add", None, item.kuan, item.xiang, item.text))
            continue
        index = named(parts, item.kuan, item.xiang) if parts is not None else None
        if index is None:
            raise ApplyError(
                number,
                item,
                f"{_part_name(item)}不存在，或者没有说清是哪一款的项。",
                "按修改前的款、项序号写。",
            )
        if index in used:
            raise ApplyError(
                number,
                item,
                f"与第{int_to_cn(used[index])}项改的是同一款（项）。",
                "把两项合成一项。",
            )
        used[index] = item.number or number
        action = "replace" if item.kind == "replace_part" else "delete"
        edits.append(PartEdit(action, index, None, None, item.text))
    return edits


def _part_name(item: Item) -> str:
    name = f"第{int_to_cn(item.old or 0)}条"
    name += f"第{int_to_cn(item.kuan)}款" if item.kuan else ""
    return name + (f"第{int_to_cn(item.xiang)}项" if item.xiang else "")


def _spliced(text: str, changes: list[tuple[int, int, str, int]], items: list[Item]) -> str:
    ordered = sorted(changes)
    for (s1, e1, _, n1), (s2, e2, _, n2) in itertools.pairwise(ordered):
        if s2 < e1 or s1 == e1 == s2 == e2:  # overlapping, or two insertions at one place
            earlier, later = sorted((n1, n2))
            raise ApplyError(
                later,
                items[later - 1],
                f"与第{_said(items, earlier)}项改的是同一处文字。",
                "把两项合成一项。",
            )
    for start, end, new, _ in reversed(ordered):
        text = text[:start] + new + text[end:]
    return text


# --- the new order ---------------------------------------------------------------------------


def _new_order(
    items: list[Item],
    articles: dict[int, _Block],
    words: dict[int, str],
    plan: ChapterPlan,
    dropped: set[int],
) -> tuple[list[_Placed], list[str]]:
    gone = {i.old for i in items if i.kind in ("delete_article", "move_article")} | dropped
    staying = [
        _Placed(b, words.get(n, b.provision.text), n in words, _new_chapter(b, plan), n)
        for n, b in sorted(articles.items())
        if n not in gone
    ]
    claims: dict[int, tuple[int, _Placed, int | None]] = {}
    for number, item in enumerate(items, 1):
        if item.kind not in ("add_article", "move_article") or item.new is None:
            continue
        if item.new in claims:
            raise ApplyError(
                number,
                item,
                f"第{_said(items, claims[item.new][0])}项也作为第{int_to_cn(item.new)}条。",
                "每个新序号只用一次。",
            )
        if item.kind == "add_article":
            piece = _Placed(None, unlabelled(item.text, item.new), True, None)
        else:
            block = articles[item.old or 0]
            if item.text:  # 将第X条改为第Y条，修改为：moved and restated
                piece = _Placed(block, unlabelled(item.text, item.new), True, None, item.old)
            else:
                text = words.get(item.old or 0, block.provision.text)
                piece = _Placed(block, text, item.old in words, None, item.old)
        claims[item.new] = (number, piece, item.chapter)
    for new in beyond(claims, len(staying)):
        number = claims[new][0]
        raise ApplyError(
            number,
            items[number - 1],
            f"修改后只有 {len(staying) + len(claims)} 条，没有第{int_to_cn(new)}条。",
            "按修改后的条文顺序写序号。",
        )
    order = placed(staying, {new: piece for new, (_, piece, _) in claims.items()})
    first = plan.slots[0].number if plan.slots else None
    for position, piece in enumerate(order, 1):
        if position in claims:  # a new or moved article: the chapter said, else see below
            before = order[position - 2].chapter if position > 1 else first
            own = _new_chapter(piece.block, plan) if piece.block is not None else None
            later = (p.chapter for p in order[position:] if p.chapter is not None)
            piece.chapter = claims[position][2] or _fitting(own, before, next(later, None))
    _refuse_chapter_disorder(order, items, claims)
    implied = [
        f"原第{int_to_cn(p.old)}条改为第{int_to_cn(n)}条"
        for n, p in enumerate(order, 1)
        if p.old is not None and p.old != n and not any(c[1] is p for c in claims.values())
    ]
    return order, implied


def _fitting(own: int | None, before: int | None, after: int | None) -> int | None:
    """A renumbered article stays in its own chapter when it still stands between the
    articles around it (第三十一条改为第三十六条 keeps it at the head of its chapter);
    otherwise, and for a new article, it joins the article before it."""
    fits = own is not None and (before is None or before <= own) and (after is None or own <= after)
    return own if fits else before


def _chapter_of(block: _Block) -> int | None:
    return block.chapter


def _new_chapter(block: _Block, plan: ChapterPlan) -> int | None:
    """The new number of the chapter an old article stands in."""
    old = _chapter_of(block)
    return plan.new_of_old.get(old, old) if old is not None else None


def _refuse_chapter_disorder(
    order: list[_Placed], items: list[Item], claims: dict[int, tuple[int, _Placed, int | None]]
) -> None:
    for position in range(1, len(order)):
        before, here = order[position - 1].chapter or 0, order[position].chapter or 0
        if here < before:
            number = claims.get(position + 1, claims.get(position, (1, None, None)))[0]
            raise ApplyError(
                number,
                items[number - 1],
                "条文的顺序与章的顺序不一致。",
                "核对新条文的序号和它所在的章（在第X章中增加一条）。",
            )


# --- writing the new text --------------------------------------------------------------------


def _render(
    head: list[str],
    blocks: list[_Block],
    order: list[_Placed],
    items: list[Item],
    plan: ChapterPlan,
) -> str:
    whole = {i.kind: i.text for i in items if i.kind in ("replace_preamble", "replace_closing")}
    template = next((b for b in blocks if b.provision.is_article), None)
    out = list(head)
    by_chapter: dict[int | None, list[tuple[int, _Placed]]] = {}
    for number, piece in enumerate(order, 1):
        by_chapter.setdefault(piece.chapter, []).append((number, piece))
    chapters_written = False
    for block in blocks:
        kind = block.provision.kind
        if kind == "preamble":
            out += _part_or_rewritten(block, whole.get("replace_preamble"))
        elif kind == "chapter" and not chapters_written:
            out += _articles(by_chapter.pop(None, []), template)  # any before the first chapter
            out += _chapters_written(blocks, items, plan, by_chapter, template)
            chapters_written = True
        elif kind == "closing":
            for chapter in list(by_chapter):  # a text without chapters: its articles come here
                out += _articles(by_chapter.pop(chapter), template)
            out += _part_or_rewritten(block, whole.get("replace_closing"))
    for pieces in by_chapter.values():  # a text without chapters, or articles after the last
        out += _articles(pieces, template)
    return "\n".join(out)


def _part_or_rewritten(block: _Block, text: str | None) -> list[str]:
    return _rewritten(block, text) if text is not None else block.lines


def _chapters_written(
    blocks: list[_Block],
    items: list[Item],
    plan: ChapterPlan,
    by_chapter: dict[int | None, list[tuple[int, _Placed]]],
    template: _Block | None,
) -> list[str]:
    """Every chapter of the new text in its order, each heading then its articles."""
    old = {b.number: b for b in blocks if b.provision.kind == "chapter"}
    renamed = {i.old: i.text for i in items if i.kind == "replace_heading"}
    model = next(iter(old.values()))
    lines: list[str] = []
    for slot in plan.slots:
        block = old.get(slot.old) if slot.old is not None else None
        if block is not None:
            first = heading_line(
                block.lines[0], block.provision, slot.number, renamed.get(slot.old)
            )
            lines += [first, *block.lines[1:]]
        else:
            first = heading_line(model.lines[0], model.provision, slot.number, slot.heading)
            lines += [first, *_blank_tail(model.lines)]
        lines += _articles(by_chapter.pop(slot.number, []), template)
    return lines


def _blank_tail(lines: list[str]) -> list[str]:
    tail: list[str] = []
    for line in reversed(lines[1:]):
        if line.strip():
            break
        tail.append(line)
    return tail


def _articles(pieces: list[tuple[int, _Placed]], template: _Block | None) -> list[str]:
    lines: list[str] = []
    for number, piece in pieces:
        model = piece.block or template
        if model is None:
            raise ValueError("原文没有条文可以照着写新的条文。")
        prefix, rest, tail, joiner = _parts(model)
        prefix = _relabel(prefix, model.provision, number)
        if piece.block is None:
            prefix = prefix[-1:]  # a new article copies its neighbour's label, nothing before it
        else:
            lines += piece.block.before
        if piece.block is not None and not piece.changed:
            joined = [prefix[-1] + rest[0], *rest[1:]] if rest else [prefix[-1]]
            lines += [*prefix[:-1], *joined, *tail]
        else:
            paragraphs = [p for p in piece.text.split("\n") if p.strip()]
            written = joiner.join(paragraphs).split("\n")
            lines += [*prefix[:-1], prefix[-1] + written[0], *written[1:], *tail]
    return lines


def _parts(block: _Block) -> tuple[list[str], list[str], list[str], str]:
    """(label lines, ending in the label's markup; the words' lines; trailing blank lines;
    how paragraphs are joined) of an article's block."""
    lines = list(block.lines)
    tail: list[str] = []
    while lines and not lines[-1].strip():
        tail.insert(0, lines.pop())
    first_words = block.provision.text.split("\n")[0]
    for at, line in enumerate(lines):
        where = line.rfind(first_words) if first_words else -1
        if where >= 0:
            prefix = [*lines[:at], line[:where]]
            rest = [line[where:], *lines[at + 1 :]]
            joiner = "\n\n" if "" in [r.strip() for r in rest] else "\n"
            return prefix, rest, tail, joiner
    return lines, [], tail, "\n"


def _relabel(prefix: list[str], provision: Provision, number: int) -> list[str]:
    """The label's lines with the article's new number, written as its label writes it."""
    label = provision.label
    if provision.number == number:
        return prefix
    digits = re.search(r"\d+", label)
    new_label = (
        label.replace(digits.group(0), str(number), 1) if digits else _cn_label(label, number)
    )
    last = prefix[-1]
    at = last.rfind(label)
    if at < 0:
        return prefix
    return [*prefix[:-1], last[:at] + new_label + last[at + len(label) :]]


def _cn_label(label: str, number: int) -> str:
    found = re.search(r"[零〇一二两三四五六七八九十百千]+", label)
    if not found or cn_to_int(found.group(0)) is None:
        return label
    return label[: found.start()] + int_to_cn(number) + label[found.end() :]


def _rewritten(block: _Block, text: str) -> list[str]:
    lines = list(block.lines)
    tail: list[str] = []
    while lines and not lines[-1].strip():
        tail.insert(0, lines.pop())
    return [*[p for p in text.split("\n") if p.strip()], *tail]
