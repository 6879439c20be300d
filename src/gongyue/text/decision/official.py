"""The sentences legislators write, read clause by clause into items.

Published decisions (全国人大常委会关于修改《……》的决定, a city's package decision, a
street office's model) say more than one thing in a sentence and lean on the
sentence before: “将第十九条改为第二十条，第一款修改为：……” then, on the next line,
“第三款修改为：……” — the third paragraph of the same article. This module reads one
such sentence at a time, with the article the item last named as its context, into
the items of ``items.Item``:

- ``第X条改为第Y条`` (also ``改为第Y条第一款``) places the article by its new number;
  what follows in the sentence acts on it;
- ``将第X条、第Y条合并，作为第Z条，修改为：`` restates the first and deletes the rest;
- ``将第二款改为第Y条，修改为：`` takes a paragraph out as a new article;
- ``第一款、第二款改为第二款、第三款，修改为：`` restates the parts named, one quoted
  paragraph each (their new numbers follow from the rest of the item);
- ``其中的“A”修改为“B”，“C”修改为“D”`` and ``第一款中的“A”……`` edit words in the
  article (or paragraph) named;
- ``增加一款（二款，一项），作为第三款（第三款、第四款）：`` adds parts, one quoted
  paragraph each; ``增加一条，作为第Y条：`` adds an article;
- ``删去第X条`` ``删去第二款`` ``删去第X条中的“A”``.

Anything else is an ``Unread`` for the caller to turn into a Chinese error naming the
line: a closed grammar, never a guess.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from gongyue.text.decision.items import Item, outer
from gongyue.text.numerals import NUMERAL_CHARS, cn_to_int

N = rf"[{NUMERAL_CHARS}]+"
PART = rf"(?:第{N}条)?(?:第{N}款)?(?:第{N}项)?"
PARTS = rf"{PART}(?:、(?:第{N}款|第{N}项))*"


class Unread(ValueError):
    """A sentence (or clause) none of the forms says."""


@dataclass
class Context:
    """What the item has named so far: the article later sentences act on."""

    article: int | None = None


@dataclass
class _State:
    """One sentence being read: what its clauses have named and wait to be completed."""

    context: Context
    items: list[Item] = field(default_factory=list)
    moved_to: int | None = None  # 第X条改为第Y条
    merged: list[int] = field(default_factory=list)  # 第X条、第Y条合并
    split_kuan: int | None = None  # 第二款改为第Y条
    new_article: int | None = None  # 作为第Y条
    targets: list[tuple[int | None, int | None]] = field(default_factory=list)  # (款, 项)
    adding: str | None = None  # "款", "项" or "条": 增加……
    adding_in: int | None = None  # the paragraph an added item goes in
    adding_at: list[int] = field(default_factory=list)  # 作为第三款、第四款
    replaces: bool = False  # ……修改为：


def read_sentence(words: str, quoted: list[str], context: Context) -> list[Item]:
    """The items one sentence says. ``words`` is the sentence without its closing 。 or
    ：; ``quoted`` its quoted paragraphs (outer “ ” removed), if it ends in a colon."""
    state = _State(context)
    for clause in _clauses(words):
        _read_clause(clause, state)
    _finish(state, [outer(p) for p in quoted])
    return state.items


def _clauses(words: str) -> list[str]:
    """The sentence cut at ， outside quotes; 相应地 and 同时 dropped."""
    pieces, depth, start = [], 0, 0
    for at, char in enumerate(words):
        depth += {"“": 1, "”": -1}.get(char, 0)
        if char == "，" and depth == 0:
            pieces.append(words[start:at])
            start = at + 1
    pieces.append(words[start:])
    return [re.sub(r"^(?:相应地|同时)", "", p.strip()) for p in pieces if p.strip()]


def _numbers(text: str, unit: str) -> list[int]:
    return [cn_to_int(n) or 0 for n in re.findall(rf"第({N}){unit}", text)]


def _part_of(text: str, context: Context) -> tuple[int | None, int | None, int | None]:
    """(条, 款, 项) a name like 第五条第二款 says; the article from the context when unsaid."""
    article = next(iter(_numbers(text, "条")), None)
    if article is not None:
        context.article = article
    kuan = next(iter(_numbers(text, "款")), None)
    xiang = next(iter(_numbers(text, "项")), None)
    return article, kuan, xiang


def _listed_parts(text: str) -> list[tuple[int | None, int | None]]:
    """第一款、第二款 -> [(1, None), (2, None)]; 第一款第三项 -> [(1, 3)]."""
    named = re.sub(rf"^第{N}条", "", text)
    parts: list[tuple[int | None, int | None]] = []
    for piece in named.split("、"):
        kuan = next(iter(_numbers(piece, "款")), None)
        xiang = next(iter(_numbers(piece, "项")), None)
        if kuan is None and xiang is None:
            raise Unread(text)
        if kuan is None and parts and parts[-1][0] is not None and xiang is not None:
            kuan = parts[-1][0]  # 第一款第三项、第四项
        parts.append((kuan, xiang))
    return parts


def _read_clause(clause: str, state: _State) -> None:
    clause = clause.removeprefix("将")
    for reader in _READERS:
        if reader(clause, state):
            return
    raise Unread(clause)


def _merge(clause: str, state: _State) -> bool:
    found = re.fullmatch(rf"((?:第{N}条、)+第{N}条)合并", clause)
    if found:
        state.merged = _numbers(found.group(1), "条")
        state.context.article = state.merged[0]
    return bool(found)


def _as_article(clause: str, state: _State) -> bool:
    found = re.fullmatch(rf"作为第({N})条", clause)
    if found:
        state.new_article = cn_to_int(found.group(1))
    return bool(found)


def _as_parts(clause: str, state: _State) -> bool:
    found = re.fullmatch(rf"作为((?:第{N}[款项]、)*第{N}[款项])", clause)
    if found and state.adding in ("款", "项"):
        state.adding_at = _numbers(found.group(1), state.adding)
    return bool(found) and state.adding in ("款", "项")


def _moved(clause: str, state: _State) -> bool:
    found = re.fullmatch(rf"第({N})条改为第({N})条(第一款)?", clause)
    if found:
        state.context.article = cn_to_int(found.group(1))
        state.moved_to = cn_to_int(found.group(2))
        # 改为第Y条第一款: it becomes the first paragraph of an article the item adds to
        if found.group(3):
            state.targets = [(1, None)]
    return bool(found)


def _split(clause: str, state: _State) -> bool:
    found = re.fullmatch(rf"(第{N}条)?第({N})款改为第({N})条", clause)
    if found:
        _part_of(found.group(1) or "", state.context)
    if found and state.context.article is not None:
        state.split_kuan = cn_to_int(found.group(2))
        state.new_article = cn_to_int(found.group(3))
    return bool(found) and state.context.article is not None


def _parts_renumbered(clause: str, state: _State) -> bool:
    """第一款第三项改为第四项: the parts named; their new numbers follow by themselves."""
    found = re.fullmatch(rf"({PARTS})改为(?:第{N}[款项])(?:、第{N}[款项])*", clause)
    if not found or not re.search(r"[款项]", found.group(1)):
        return False
    _part_of(found.group(1), state.context)
    state.targets = _listed_parts(found.group(1))
    return True


def _replaced(clause: str, state: _State) -> bool:
    found = re.fullmatch(rf"({PARTS})修改为", clause)
    if not found:
        return False
    named = found.group(1)
    if named:
        _part_of(named, state.context)
        if re.search(r"[款项]", named):
            state.targets = _listed_parts(named)
    state.replaces = True
    return True


def _words(clause: str, state: _State) -> bool:
    scope = rf"(?:(?P<place>{PART})中的|其中的)?"
    a, b = r"“(?P<a>[^“”]*)”", r"“(?P<b>[^“”]*)”"
    replaced = re.fullmatch(rf"{scope}{a}均?修改为{b}", clause)
    inserted = re.fullmatch(rf"(?:在)?{scope}{a}(?P<side>后|前)增加{b}", clause)
    deleted = re.fullmatch(rf"删去{scope}{a}", clause)
    found = replaced or inserted or deleted
    if not found:
        return False
    _, kuan, _ = _part_of(found.group("place") or "", state.context)
    if state.context.article is None:
        raise Unread(clause)
    old = Item("replace_words", old=state.context.article, kuan=kuan, words=outer(found["a"]))
    if replaced:
        state.items.append(replace(old, text=outer(found["b"])))
    elif inserted:
        after = found["side"] == "后"
        state.items.append(replace(old, kind="insert_words", text=outer(found["b"]), after=after))
    else:
        state.items.append(replace(old, kind="delete_words"))
    return True


def _added(clause: str, state: _State) -> bool:
    """增加一款（二款、一项、一条）, also 在第X条后增加一条: what the 作为 clause places."""
    found = re.fullmatch(rf"(?:在)?({PART})(?:中|之?后)?增加({N})([款项条])", clause)
    if not found:
        return False
    _, kuan, _ = _part_of(found.group(1), state.context)
    state.adding = found.group(3)
    state.adding_in = kuan
    return True


def _deleted(clause: str, state: _State) -> bool:
    found = re.fullmatch(rf"删去((?:{PART})(?:、{PART})*)", clause)
    if not found or not found.group(1):
        return False
    named = found.group(1)
    articles = _numbers(named, "条")
    if articles and not re.search(r"[款项]", named):
        state.items += [Item("delete_article", old=n) for n in articles]
        state.context.article = articles[-1]
        return True
    _part_of(named, state.context)
    if state.context.article is None:
        raise Unread(clause)
    for kuan, xiang in _listed_parts(named):
        state.items.append(Item("delete_part", old=state.context.article, kuan=kuan, xiang=xiang))
    return True


_READERS = (
    _merge,
    _as_article,
    _as_parts,
    _moved,
    _split,
    _parts_renumbered,
    _replaced,
    _words,
    _added,
    _deleted,
)


def _finish(state: _State, quoted: list[str]) -> None:
    """Turn what the clauses named into items, giving the quoted paragraphs to the last."""
    article = state.context.article
    whole = "\n".join(quoted)
    if state.adding == "条":
        _need(quoted and state.new_article is not None)
        state.items.append(Item("add_article", new=state.new_article, text=whole))
    elif state.adding in ("款", "项"):
        _need(article is not None and len(state.adding_at) == len(quoted) > 0)
        for at, paragraph in zip(state.adding_at, quoted, strict=True):
            if state.adding == "款":
                state.items.append(Item("add_part", old=article, kuan=at, text=paragraph))
            else:
                item = Item("add_part", old=article, kuan=state.adding_in, xiang=at, text=paragraph)
                state.items.append(item)
    elif state.replaces:
        _replacement(state, quoted, whole)
    else:
        _need(not quoted)
    if state.moved_to is not None and not _moved_with_text(state):
        state.items.insert(0, Item("move_article", old=article, new=state.moved_to))


def _replacement(state: _State, quoted: list[str], whole: str) -> None:
    article = state.context.article
    _need(article is not None and bool(quoted))
    if state.split_kuan is not None:
        state.items.append(Item("delete_part", old=article, kuan=state.split_kuan))
        state.items.append(Item("add_article", new=state.new_article, text=whole))
    elif state.merged:
        first, *rest = state.merged
        state.items.append(Item("move_article", old=first, new=state.new_article, text=whole))
        state.items += [Item("delete_article", old=n) for n in rest]
    elif state.targets:
        _need(len(state.targets) == len(quoted))
        for (kuan, xiang), paragraph in zip(state.targets, quoted, strict=True):
            state.items.append(
                Item("replace_part", old=article, kuan=kuan, xiang=xiang, text=paragraph)
            )
    elif state.moved_to is not None:
        state.items.append(Item("move_article", old=article, new=state.moved_to, text=whole))
    else:
        state.items.append(Item("replace_article", old=article, text=whole))


def _moved_with_text(state: _State) -> bool:
    return any(i.kind == "move_article" for i in state.items)


def _need(condition: object) -> None:
    if not condition:
        raise Unread("")
