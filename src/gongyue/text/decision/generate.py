"""The decision two versions imply, written the way legislators write it.

The comparison engine aligns the two texts by content (``text/compare.py``);
this module says each difference as an item that acts on the old text:

- an article with a few changed words gets word items (将第X条中的“A”修改为“B”,
  在……后增加……, 删去……), each quoting just enough of the old words to occur once
  in the article; words renamed across articles are one item (``terms.py``); a
  changed paragraph or item is said as that 款 or 项 (``parts.py``); an article
  whose words mostly changed is restated whole;
- an added article is placed by its new number, and says its chapter when it
  opens one; a deleted article is deleted; an article that moved out of order is
  moved, and restated if its words changed too (renumbering in order is left
  unsaid, as decisions leave it, and so are references that follow it);
- a chapter is added, deleted (its articles with it) or renamed; a changed
  preamble or closing is restated.

Items come in the order of the old text. ``decide`` tries the most natural wording
first and keeps only a decision that, applied to the old text, gives the new one.
What this form cannot say (numbers that restart, 之一, sections, sub-items) is an
``Unsayable`` error, never a decision that would not give the new text.
"""

from __future__ import annotations

import difflib
import itertools
from collections.abc import Callable
from dataclasses import dataclass

from gongyue.text.articles import Document, Provision, parse
from gongyue.text.compare import Change, Comparison, compare
from gongyue.text.decision.apply import apply_decision
from gongyue.text.decision.items import Item
from gongyue.text.decision.parts import part_items
from gongyue.text.decision.terms import Term, terms
from gongyue.text.markers import ITEM
from gongyue.text.numerals import NUMERAL_CHARS, cn_to_int

WORD_EDITS_AT_MOST = 4  # more changed places than this, and the article is restated whole
CHANGED_SHARE_AT_MOST = 0.4  # of the longer text's characters
MERGE_GAP = 2  # edits at most this many unchanged characters apart are said as one
PHRASE_AT_MOST = 8  # characters an insertion's quoted neighbour reaches back (or on)
STOPS = "，。；：、（）“”‘’《》！？\n"  # where a phrase ends
QUOTES = "“”‘’"


class Unsayable(ValueError):
    """A difference this decision form cannot say yet (Chinese)."""


@dataclass
class _Ordered:
    key: tuple[float, int]
    item: Item


def generate(
    old: Document,
    new: Document,
    use_terms: bool = True,
    use_parts: bool = True,
    comparison: Comparison | None = None,
    use_moves: bool = True,
) -> list[Item]:
    """The items from ``old`` to ``new`` (``comparison``: theirs, when already made)."""
    _refuse_unsayable(old, new)
    changes = (comparison or compare(old, new)).changes
    old_index = {p.anchor: i for i, p in enumerate(old.provisions)}
    position = {p.anchor: n for n, p in enumerate(new.articles, 1)}
    staying = _staying_in_order(changes)
    chapters = _chapter_numbers(changes)
    found_terms = terms(_reworded(changes, staying, chapters), _edits) if use_terms else []
    covered = {a.anchor for term in found_terms for a in term.articles}
    found = [
        _Ordered((float(old_index[t.articles[0].anchor]), 2), _term_item(t)) for t in found_terms
    ]
    scene = _Scene(new, staying, position, chapters, use_parts, use_moves)
    previous_old = -1.0
    for change in changes:
        if change.old is not None:
            previous_old = float(old_index[change.old.anchor])
            if change.old.anchor in covered:
                continue
        found += _items_of(change, scene, previous_old)
    return _with_chapters_deleted([o.item for o in sorted(found, key=lambda o: o.key)], old)


@dataclass(frozen=True)
class _Scene:
    """What every change is said against: the new text, the articles kept in order, the
    new numbers, the chapters, and which ways of saying things this attempt uses."""

    new: Document
    staying: set[str]
    position: dict[str, int]  # new article anchor -> its new number
    chapters: dict[str, int]  # new chapter anchor -> the old chapter number it continues
    use_parts: bool
    use_moves: bool


def _reworded(
    changes: tuple[Change, ...], staying: set[str], chapters: dict[str, int]
) -> list[tuple[Provision, Provision]]:
    """(old, new) of the articles kept in place whose words changed."""
    return [
        (c.old, c.new)
        for c in changes
        if c.kind == "article"
        and c.op == "modified"
        and c.old is not None
        and c.new is not None
        and c.old.anchor in staying
        and not _changed_chapter(c.old, c.new, chapters)
    ]


def _term_item(term: Term) -> Item:
    first, *rest = (a.number or 0 for a in term.articles)
    return Item(
        "replace_words", old=first, also=tuple(rest), words=term.words, text=term.text, every=True
    )


def _refuse_unsayable(old: Document, new: Document) -> None:
    for doc in (old, new):
        numbers = [(p.number, p.sub) for p in doc.articles]
        if len(numbers) != len(set(numbers)) or any(sub for _, sub in numbers):
            raise Unsayable("条文序号有重复或“之一”，修改决定无法按序号指明条文。")
        if any(p.kind == "section" for p in doc.provisions):
            raise Unsayable("有“节”的文本暂时不能生成修改决定。")
        if [p.number for p in doc.articles] != list(range(1, len(doc.articles) + 1)):
            raise Unsayable("条文没有从第一条起依次编号，修改决定无法按序号指明条文。")


def _staying_in_order(changes: tuple[Change, ...]) -> set[str]:
    """Anchors (old) of the articles kept whose order did not change: the longest run of
    old numbers rising in the new order. The others moved."""
    kept = [
        c.old for c in changes if c.old is not None and c.new is not None and c.kind == "article"
    ]
    numbers = [p.number or 0 for p in kept]
    best: list[list[int]] = []
    for i, number in enumerate(numbers):
        runs = [b for b in best if numbers[b[-1]] < number]
        longest = max(runs, key=len, default=[])
        best.append([*longest, i])
    chosen = max(best, key=len, default=[])
    return {kept[i].anchor for i in chosen}


def _chapter_numbers(changes: tuple[Change, ...]) -> dict[str, int]:
    """New chapter anchor -> the old chapter number it continues."""
    return {
        c.new.anchor: c.old.number
        for c in changes
        if c.kind == "chapter" and c.old is not None and c.new is not None and c.old.number
    }


def _items_of(change: Change, scene: _Scene, previous_old: float) -> list[_Ordered]:
    old, now = change.old, change.new
    if change.kind == "chapter":
        return _chapter_items(old, now, previous_old)
    if change.kind in ("preamble", "closing"):
        return _whole_part(change, previous_old)
    if change.kind != "article":
        return []
    if now is None and old is not None:
        return [_Ordered((previous_old, 1), Item("delete_article", old=old.number))]
    if now is None:
        return []
    return _article_items(old, now, change, scene, previous_old)


def _article_items(
    old: Provision | None, now: Provision, change: Change, scene: _Scene, previous_old: float
) -> list[_Ordered]:
    """An article kept, moved, added or changed in words, as items."""
    number, new, chapters = scene.position[now.anchor], scene.new, scene.chapters
    if old is None:
        return [_Ordered((previous_old + 0.5, number), _added(now, number, new))]
    moved = old.anchor not in scene.staying
    if moved and scene.use_moves and not _changed_chapter(old, now, chapters):
        text = "" if old.text == now.text else paragraphs(now.text)
        return [
            _Ordered((previous_old, 1), Item("move_article", old=old.number, new=number, text=text))
        ]
    if moved or _changed_chapter(old, now, chapters):
        at = (previous_old, 1)
        return [
            _Ordered(at, Item("delete_article", old=old.number)),
            _Ordered((previous_old + 0.5, number), _added(now, number, new)),
        ]
    if change.op != "modified" and old.text == now.text:
        return []
    said = _word_items(old, now, scene.use_parts)
    return [_Ordered((previous_old, 2 + k), item) for k, item in enumerate(said)]


def _chapter_items(
    old: Provision | None, now: Provision | None, previous_old: float
) -> list[_Ordered]:
    """A chapter renamed, deleted (with its articles) or added (by its new number)."""
    if old is not None and now is not None:
        if old.heading == now.heading:
            return []
        return [
            _Ordered((previous_old, 0), Item("replace_heading", old=old.number, text=now.heading))
        ]
    if old is not None:
        return [_Ordered((previous_old, 0), Item("delete_chapter", old=old.number))]
    if now is not None:
        return [
            _Ordered(
                (previous_old + 0.25, 0), Item("add_chapter", new=now.number, text=now.heading)
            )
        ]
    return []


def _with_chapters_deleted(items: list[Item], old: Document) -> list[Item]:
    """A deleted chapter takes its articles with it: their own deletions go unsaid."""
    gone = {i.old for i in items if i.kind == "delete_chapter"}
    if not gone:
        return items
    inside = {p.number for p in old.articles if _chapter_number(p) in gone}
    return [i for i in items if not (i.kind == "delete_article" and i.old in inside)]


def _whole_part(change: Change, at: float) -> list[_Ordered]:
    kind = "replace_preamble" if change.kind == "preamble" else "replace_closing"
    if change.old is None or change.new is None:
        if change.old is None and change.new is None:
            return []
        raise Unsayable("增加或删去序言、结语的修改决定暂时不能生成。")
    if change.old.text == change.new.text:
        return []
    return [_Ordered((at, 0), Item(kind, text=paragraphs(change.new.text)))]  # type: ignore[arg-type]


def _changed_chapter(old: Provision, now: Provision, chapters: dict[str, int]) -> bool:
    return _chapter_number(old) != chapters.get(now.chapter or "")


def _chapter_number(provision: Provision) -> int | None:
    """The number of the chapter an article stands in, in its own text."""
    anchor = provision.chapter or ""
    return (
        int(anchor.removeprefix("zhang-"))
        if anchor.startswith("zhang-") and anchor[6:].isdigit()
        else None
    )


def _added(now: Provision, number: int, new: Document) -> Item:
    """An added article says its chapter, by its new number, when it opens one (it could
    belong to either)."""
    chapter = _chapter_number(now)
    before = new.articles[number - 2] if number >= 2 else None
    opens = before is None or before.chapter != now.chapter
    text = paragraphs(now.text)
    return Item("add_article", new=number, chapter=chapter if opens else None, text=text)


def paragraphs(text: str) -> str:
    """A provision's words as a decision quotes them: one paragraph a line, no blank lines."""
    return "\n".join(line for line in text.split("\n") if line.strip())


def _word_items(old: Provision, now: Provision, use_parts: bool = True) -> list[Item]:
    """A few quoted edits when they say it, else the parts that changed (款, 项), else the
    article restated whole."""
    a, b = old.text, now.text
    by_parts = part_items(old.number or 0, a, b) if use_parts else None
    if by_parts and all(_mostly_rewritten(i, a) for i in by_parts if i.kind == "replace_part"):
        return by_parts  # parts rewritten more than kept: restate them, not their words
    whole = by_parts or [Item("replace_article", old=old.number, text=paragraphs(b))]
    edits = _edits(a, b)
    changed = sum(max(i2 - i1, j2 - j1) for _, i1, i2, j1, j2 in edits)
    if (
        not edits
        or len(edits) > WORD_EDITS_AT_MOST
        or changed > CHANGED_SHARE_AT_MOST * max(len(a), len(b))
    ):
        return whole
    items: list[Item] = []
    spans: list[tuple[int, int]] = []
    for tag, i1, i2, j1, j2 in edits:
        made = _word_item(old.number or 0, a, b, tag, i1, i2, j1, j2)
        if made is None:
            return whole
        item, span = made
        if any((span[0] < e and s < span[1]) or span == (s, e) for s, e in spans):
            return whole  # two quotes would overlap: one edit of the whole is clearer
        items.append(item)
        spans.append(span)
    return items


def _mostly_rewritten(item: Item, old_text: str) -> bool:
    """A replaced part whose words changed more than they stayed."""
    before = next(
        (line for line in old_text.split("\n") if line.strip() and _same_part(line, item)), ""
    )
    kept = sum(
        size
        for *_, size in difflib.SequenceMatcher(
            None, before, item.text, autojunk=False
        ).get_matching_blocks()
    )
    return kept < 0.5 * max(len(before), len(item.text))


def _same_part(line: str, item: Item) -> bool:
    """Whether ``line`` is the part ``item`` replaces (an item by its label's number)."""
    if item.xiang is None:
        return False
    found = ITEM.match(line)
    return found is not None and cn_to_int(found.group(1)) == item.xiang


def _edits(a: str, b: str) -> list[tuple[str, int, int, int, int]]:
    """The character edits from ``a`` to ``b``, those a few characters apart merged into one
    (“低收入困难”→“最低生活保障边缘”, not two edits around a shared “低”)."""
    found: list[tuple[str, int, int, int, int]] = []
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        if found and i1 - found[-1][2] <= MERGE_GAP and j1 - found[-1][4] <= MERGE_GAP:
            _, p1, _, q1, _ = found.pop()
            tag, i1, j1 = "replace", p1, q1
        found.append((tag, i1, i2, j1, j2))
    return found


def _word_item(
    number: int, a: str, b: str, tag: str, i1: int, i2: int, j1: int, j2: int
) -> tuple[Item, tuple[int, int]] | None:
    """One quoted edit, its quote grown until it occurs once in the old words; None when
    it would quote across paragraphs or quotation marks."""
    if tag == "insert":
        return _insertion(number, a, b[j1:j2], i1)
    start, end = _unique_span(a, i1, i2)
    if start is None or end is None:
        return None
    words, left, right = a[start:end], a[start:i1], a[i2:end]
    new = left + b[j1:j2] + right
    if not _quotable(words) or not _quotable(new):
        return None
    if tag == "delete" and not left and not right:
        return Item("delete_words", old=number, words=words), (start, end)
    return Item("replace_words", old=number, words=words, text=new), (start, end)


def _insertion(number: int, a: str, inserted: str, at: int) -> tuple[Item, tuple[int, int]] | None:
    """在……后增加: the words before the insertion, back to the phrase's start, quoted;
    when those are fewer than two characters, the phrase around it is restated
    (将“牵绳”修改为“牵好绳”, not 在“牵”后增加“好”)."""
    if not _quotable(inserted):
        return None
    start = _phrase_start(a, at)
    if at - start >= 2 and a.count(a[start:at]) == 1 and _quotable(a[start:at]):
        return Item("insert_words", old=number, words=a[start:at], text=inserted), (start, at)
    end = _phrase_end(a, at)
    words = a[start:end]
    if len(words) >= 2 and a.count(words) == 1 and _quotable(words):
        text = a[start:at] + inserted + a[at:end]
        return Item("replace_words", old=number, words=words, text=text), (start, end)
    return _nearest_anchor(number, a, inserted, at)


def _phrase_start(a: str, at: int) -> int:
    start = at
    while start > 0 and at - start < PHRASE_AT_MOST and a[start - 1] not in STOPS:
        start -= 1
    return start


def _phrase_end(a: str, at: int) -> int:
    end = at
    while end < len(a) and end - at < PHRASE_AT_MOST and a[end] not in STOPS:
        end += 1
    return end


def _nearest_anchor(
    number: int, a: str, inserted: str, at: int
) -> tuple[Item, tuple[int, int]] | None:
    """The fewest characters next to the insertion that occur once in the article."""
    for size in range(1, len(a) + 1):
        if at - size >= 0 and a.count(a[at - size : at]) == 1:
            words = a[at - size : at]
            if not _quotable(words):
                return None
            return Item("insert_words", old=number, words=words, text=inserted), (at - size, at)
        if at + size <= len(a) and a.count(a[at : at + size]) == 1:
            words = a[at : at + size]
            if not _quotable(words):
                return None
            item = Item("insert_words", old=number, words=words, text=inserted, after=False)
            return item, (at, at + size)
    return None


def _unique_span(a: str, i1: int, i2: int) -> tuple[int | None, int | None]:
    """The smallest span around [i1, i2) whose text occurs exactly once in ``a``."""
    start, end = i1, i2
    while start > 0 or end < len(a):
        if end > start and a.count(a[start:end]) == 1:
            return start, end
        if end < len(a):
            end += 1
        if a.count(a[start:end]) == 1:
            return start, end
        if start > 0:
            start -= 1
    return (start, end) if a.count(a[start:end]) == 1 else (None, None)


def _quotable(text: str) -> bool:
    return "\n" not in text and not any(q in text for q in QUOTES)


def decide(
    old_text: str,
    new_text: str,
    documents: tuple[Document, Document] | None = None,
    comparison: Comparison | None = None,
) -> list[Item]:
    """The decision from ``old_text`` to ``new_text``, checked by applying it: an article
    deleted and another added in its place is said as the article restated (将第X条修改为),
    when that still gives the new text; a decision that would not give it is refused.
    ``documents`` and ``comparison``: the two texts parsed and compared, when a page has
    them already."""
    old, new = documents or (parse(old_text), parse(new_text))
    target = _reading(new)

    def gives_new(candidate: list[Item]) -> bool:
        try:
            return _reading(parse(apply_decision(old_text, candidate).body)) == target
        except ValueError:
            return False

    # The most natural wording first; each is kept only if it gives the new text.
    # Each way of saying a change that may not give the new text can be left out.
    for use_moves, use_terms, use_parts in itertools.product((True, False), repeat=3):
        items = generate(old, new, use_terms, use_parts, comparison, use_moves)
        for candidate in (_restated_in_place(items), items):
            if gives_new(candidate):
                return _without_implied(candidate, gives_new)
    raise Unsayable("这次修改无法写成能逐项执行的修改决定。")


def _without_implied(items: list[Item], gives_new: Callable[[list[Item]], bool]) -> list[Item]:
    """The items without the word edits the decision implies anyway (a reference to an
    article renumbered, 本公约第十条 becoming 第十一条): decisions leave those unsaid."""
    kept = list(items)
    for item in items:
        if item.kind not in ("insert_words", "replace_words", "delete_words") or item.also:
            continue
        if not _may_be_reference(item):
            continue  # only a renumbered reference goes unsaid: no need to try the others
        without = [i for i in kept if i is not item]
        if gives_new(without):
            kept = without
    return kept


def _may_be_reference(item: Item) -> bool:
    """Whether a word edit could be a reference's number changing (本公约第十条 → 第十一条)."""
    around = item.words + item.text
    return any(c in NUMERAL_CHARS for c in around) or "条" in around


def _reading(doc: Document) -> list[tuple[str, str, str, tuple[str, ...]]]:
    """A text as a reader compares it, provision by provision."""
    return [reading(p) for p in doc.provisions]


def reading(p: Provision) -> tuple[str, str, str, tuple[str, ...]]:
    """A provision as a reader compares it: kind, label, heading and its paragraphs."""
    return (
        p.kind,
        p.label,
        p.heading,
        tuple(line.strip() for line in p.text.split("\n") if line.strip()),
    )


def _restated_in_place(items: list[Item]) -> list[Item]:
    """Each article deleted, paired in order with an article added among the same items
    (no kept article between them), becomes that article restated."""
    result: list[Item] = []
    run: list[Item] = []
    for item in [*items, Item("replace_heading")]:  # a sentinel that ends the last run
        if item.kind in ("delete_article", "add_article") and not item.chapter:
            run.append(item)
            continue
        result += _paired(run)
        run = []
        if item.kind != "replace_heading" or item.old is not None:
            result.append(item)
    return result


def _paired(run: list[Item]) -> list[Item]:
    deleted = [i for i in run if i.kind == "delete_article"]
    added = [i for i in run if i.kind == "add_article"]
    pairs = min(len(deleted), len(added))
    restated = [
        Item("replace_article", old=d.old, text=a.text)
        for d, a in zip(deleted, added, strict=False)
    ]
    return [*restated, *deleted[pairs:], *added[pairs:]]
