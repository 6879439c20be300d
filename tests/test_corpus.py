"""The parser and the 对照 on real published texts (``tests/corpus``; sources in its README).

Three kinds of test: each real text parses whole; the same text as committees
paste it (numbers glued on, PDF page breaks, invisible characters, WeChat
run-on items) parses to the same structure; and each real amendment pair is
aligned as the reference reading says, except for the judgements marked as
known misses, each with its reason.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongyue.text.articles import Document, parse
from gongyue.text.compare import canonical, compare
from gongyue.text.numerals import int_to_cn

from . import pasted
from .corpus_reference import CORPUS, load, names, score

TEXTS = CORPUS / "texts"
# name: (shape, articles, first label, last label, chapters, sections, articles numbered 之一…)
FACTS = {
    "shanghai-shehui-jiuzhu-2018.md": ("tiao", 56, "第一条", "第五十六条", 8, 0, 0),
    "shanghai-shehui-jiuzhu-2024.md": ("tiao", 56, "第一条", "第五十六条", 8, 0, 0),
    "dongyuan-jumin-gongyue.md": ("short", 11, "一、", "十一、", 0, 0, 0),
    "chengdong-jumin-gongyue.md": ("short", 9, "一、", "九、", 0, 0, 0),
}
LAWS = [name for name, facts in FACTS.items() if facts[0] == "tiao"]


def read(name: str) -> str:
    return (TEXTS / name).read_text(encoding="utf-8")


def structure(doc: Document) -> list[tuple[str, int | None, int | None, str, str]]:
    """What a reader takes from a parse: kinds, numbers and texts, not how they were typed."""
    return [
        (p.kind, p.number, p.sub, canonical(p.heading), canonical(p.text)) for p in doc.provisions
    ]


def test_every_text_in_the_corpus_is_described():
    assert sorted(p.name for p in TEXTS.glob("*.md")) == sorted(FACTS)


@pytest.mark.parametrize("name", sorted(FACTS))
def test_real_text_parses_whole(name):
    doc = parse(read(name))
    shape, count, first, last, chapters, sections, inserted = FACTS[name]
    kinds = [p.kind for p in doc.provisions]
    assert doc.shape == shape
    assert (len(doc.articles), doc.articles[0].label, doc.articles[-1].label) == (
        count,
        first,
        last,
    )
    assert (kinds.count("chapter"), kinds.count("section")) == (chapters, sections)
    assert sum(1 for p in doc.articles if p.sub) == inserted
    assert doc.notes == ()
    assert _numbered_in_order(doc)


def _numbered_in_order(doc: Document) -> bool:
    previous = None
    for p in doc.articles:
        if previous is not None:
            follows = p.number == previous.number + 1 and not p.sub
            inserted = p.number == previous.number and (p.sub or 0) == (previous.sub or 0) + 1
            if not (follows or inserted):
                return False
        previous = p
    return True


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    name=st.sampled_from(LAWS),
    width=st.integers(min_value=24, max_value=60),
    seed=st.integers(min_value=0, max_value=2**32 - 1),
    glue=st.booleans(),
)
def test_a_law_as_pasted_parses_like_the_clean_one(name, width, seed, glue):
    text = read(name)
    mangled = pasted.sprinkled(
        pasted.pdf_wrapped(pasted.glued(text) if glue else text, width), random.Random(seed)
    )
    doc = parse(mangled)
    assert structure(doc) == _without_heading_marks(text)
    # A wrapped line may begin with a reference (“第二十条规定的……”): noted, not taken.
    assert {n.code for n in doc.notes} <= {"joined-lines", "page-number", "unparsed-number"}


def _without_heading_marks(text: str) -> list:
    # A PDF has no Markdown: “## 第一编 总则” and the like become plain lines.
    return structure(parse("\n".join(line.lstrip("#").lstrip() for line in text.split("\n"))))


@pytest.mark.parametrize("name", LAWS)
def test_full_width_arabic_numbers_are_the_same_articles(name):
    text = read(name)
    assert [
        (p.number, p.sub, canonical(p.text)) for p in parse(pasted.full_width_arabic(text)).articles
    ] == [(p.number, p.sub, canonical(p.text)) for p in parse(text).articles]


@pytest.mark.parametrize("name", ["dongyuan-jumin-gongyue.md", "chengdong-jumin-gongyue.md"])
def test_a_convention_with_its_items_run_together_parses_like_the_clean_one(name):
    text = read(name)
    for mangled in (pasted.run_on(text), pasted.one_line(text)):
        assert mangled.count("\n") < text.count("\n")
        assert _items(parse(mangled)) == _items(parse(text))


def _items(doc: Document) -> list[tuple[int | None, str]]:
    return [(p.number, canonical(p.text)) for p in doc.articles]


@pytest.mark.parametrize("name", names())
def test_amendment_pair_is_aligned_as_the_reference_reads(name):
    result = score(load(name))
    missed = {line.text for line in result.missed}
    known = {line.text for line in load(name).lines if line.known_miss}
    assert missed == known, "update the ! marks in the reference with the reason for each"


def test_accuracy_on_the_corpus():
    scores = [score(load(name)) for name in names()]
    met = sum(len(s.met) for s in scores)
    total = sum(s.total for s in scores)
    # 56 judgements on 社会救助条例 and 12 on the two 居民公约 (tests/corpus/README.md).
    assert total == 68 and met == total


# -- random amendments of a real text: the answer is known by construction -------------

SOURCE = [p.text for p in parse(read("shanghai-shehui-jiuzhu-2024.md")).articles]
FOREIGN = [p.text for p in parse(read("dongyuan-jumin-gongyue.md")).articles]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_a_random_amendment_of_a_real_text_is_read_back(data):
    start = data.draw(st.integers(0, len(SOURCE) - 40))
    old = SOURCE[start : start + 40]
    new, origin = _amend(old, data)
    comparison = compare(parse(_charter(old)), parse(_charter(new)))
    found = {
        (c.old.number, c.new.number)
        for c in comparison.changes
        if c.old is not None and c.new is not None
    }
    expected = {(o + 1, n + 1) for n, o in enumerate(origin) if o is not None}
    assert found == expected


def _amend(old: list[str], data) -> tuple[list[str], list[int | None]]:
    """Delete, insert, move and edit some articles; ``origin`` says where each new one came from."""
    rows: list[tuple[str, int | None]] = [(text, k) for k, text in enumerate(old)]
    for _ in range(data.draw(st.integers(0, 3))):  # delete
        rows.pop(data.draw(st.integers(0, len(rows) - 1)))
    for _ in range(data.draw(st.integers(0, 2))):  # move
        row = rows.pop(data.draw(st.integers(0, len(rows) - 1)))
        rows.insert(data.draw(st.integers(0, len(rows))), row)
    for _ in range(data.draw(st.integers(0, 4))):  # edit lightly, or expand
        k = data.draw(st.integers(0, len(rows) - 1))
        text, origin = rows[k]
        extra = data.draw(st.sampled_from(FOREIGN))[:40]
        edited = data.draw(
            st.sampled_from(
                [
                    text.replace("应当", "必须", 1),
                    text.rstrip("。") + "，法律、行政法规另有规定的除外。",
                    text + extra.rstrip("。") + "。",
                ]
            )
        )
        rows[k] = (edited, origin)
    for _ in range(data.draw(st.integers(0, 3))):  # insert an unrelated article
        rows.insert(
            data.draw(st.integers(0, len(rows))), (data.draw(st.sampled_from(FOREIGN)), None)
        )
    return [text for text, _ in rows], [origin for _, origin in rows]


def _charter(texts: list[str]) -> str:
    return "\n".join(f"第{int_to_cn(i)}条 {text}" for i, text in enumerate(texts, 1))


def test_texts_are_read_as_utf8_without_byte_order_mark():
    for path in Path(TEXTS).glob("*.md"):
        assert not path.read_bytes().startswith(b"\xef\xbb\xbf")
