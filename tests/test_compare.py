"""The comparison behind 修改对照: alignment by content, and its invariants."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from gongyue.text.articles import parse
from gongyue.text.compare import canonical, compare, redline
from gongyue.text.normalize import normalize
from gongyue.text.numerals import int_to_cn


def charter(*articles: str) -> str:
    return "\n".join(f"第{int_to_cn(i)}条 {text}" for i, text in enumerate(articles, 1))


def ops(old: str, new: str) -> list[tuple[str, str | None, str | None]]:
    return [(c.op, c.old_label, c.new_label) for c in compare(parse(old), parse(new)).changes]


def test_insertion_in_the_middle_renumbers_the_rest():
    old = charter("甲。", "乙。", "丙。", "丁。")
    new = charter("甲。", "新。", "乙。", "丙。", "丁。")
    assert ops(old, new) == [
        ("unchanged", "第一条", "第一条"),
        ("added", None, "第二条"),
        ("renumbered", "第二条", "第三条"),
        ("renumbered", "第三条", "第四条"),
        ("renumbered", "第四条", "第五条"),
    ]


def test_deletion_and_rewording():
    old = charter("甲甲甲甲。", "乙乙乙乙。", "丙丙丙丙。")
    new = charter("甲甲甲甲。", "丙丙丙丙，另有规定的除外。")
    assert ops(old, new) == [
        ("unchanged", "第一条", "第一条"),
        ("deleted", "第二条", None),
        ("modified", "第三条", "第二条"),
    ]


def test_moved_article_is_not_deleted_and_added():
    old = charter("甲。", "乙。", "丙。", "丁。")
    new = charter("甲。", "丙。", "丁。", "乙。")
    moved = [c for c in ops(old, new) if c[0] != "unchanged"]
    assert ("renumbered", "第二条", "第四条") in moved
    assert all(op in ("renumbered",) for op, _, _ in moved)


def test_summary_counts():
    old = charter("甲。", "乙。", "丙丙丙丙丙。")
    new = charter("甲。", "新的。", "乙。", "丙丙丙丙丙丁。")
    assert compare(parse(old), parse(new)).summary == "新增1条、修改1条、1条仅序号变化"


def test_summary_counts_articles_and_names_chapters_apart():
    old = "## 第一章 总则\n第一条 甲甲甲甲。\n第二条 乙乙乙乙。"
    new = (
        "## 第一章 总则\n第一条 甲甲甲甲。\n## 第二章 附则\n第二条 乙乙乙乙。\n第三条 丙丙丙丙丙。"
    )
    comparison = compare(parse(old), parse(new))
    assert comparison.summary == "新增1条、1条仅序号变化；新增1章"
    assert comparison.counts == {
        "added": 1,
        "deleted": 0,
        "modified": 0,
        "renumbered": 1,
        "unchanged": 1,
    }


def test_relation_words():
    old = charter(
        "甲。",
        "乙乙乙乙乙乙乙乙乙乙乙乙乙乙。丙丙丙丙丙丙丙丙丙丙丙丙丙丙。丁丁丁丁丁丁丁丁丁丁丁丁丁丁。",
        "戊。",
    )
    new = charter(
        "甲。",
        "乙乙乙乙乙乙乙乙乙乙乙乙乙乙。",
        "丙丙丙丙丙丙丙丙丙丙丙丙丙丙。",
        "丁丁丁丁丁丁丁丁丁丁丁丁丁丁。",
        "戊。",
    )
    words = {r.words for r in compare(parse(old), parse(new)).relations}
    assert words == {"第二条拆分为第二条至第四条"}
    merged = {r.words for r in compare(parse(new), parse(old)).relations}
    assert merged == {"第三条、第四条并入第二条"}


def test_redline_marks_characters_for_chinese():
    segments = redline("不乱扔垃圾。", "不乱扔、不焚烧垃圾。")
    assert [(s.op, s.text) for s in segments] == [
        ("same", "不乱扔"),
        ("ins", "、不焚烧"),
        ("same", "垃圾。"),
    ]


def test_redline_ignores_line_breaks_spaces_width_and_invisible_characters():
    old = "不在楼道堆放杂物,不乱扔垃圾。"
    new = "不在楼道堆放\n杂物，不\u200b乱 扔垃圾，不焚烧树叶。"
    segments = redline(old, new)
    assert [(s.op, s.text) for s in segments if s.op != "same"] == [("ins", "，不焚烧树叶")]
    assert "".join(s.text for s in segments if s.op != "del") == new


def test_long_unnumbered_texts_are_compared_sentence_by_sentence():
    sentences = [f"第{n}句话说的是院落里的第{n}件事情。" for n in range(3000)]
    edited = [*sentences[:1000], "新加的一句话。", *sentences[1000:2000], *sentences[2001:]]
    segments = redline("".join(sentences), "".join(edited))
    changed = [(s.op, s.text) for s in segments if s.op != "same"]
    assert ("ins", "新加的一句话。") in changed
    assert sum(len(text) for op, text in changed if op == "del") == len(sentences[2000])


ARTICLE_TEXT = st.text(alphabet="甲乙丙丁戊己庚辛壬癸，。的了", min_size=1, max_size=12)
ARTICLES = st.lists(ARTICLE_TEXT, min_size=0, max_size=12)


@given(ARTICLES)
def test_a_text_compared_with_itself_is_unchanged(articles):
    doc = parse(charter(*articles))
    assert {c.op for c in compare(doc, doc).changes} <= {"unchanged"}


@given(ARTICLES, ARTICLES)
def test_every_provision_of_both_sides_is_accounted_for_once(old_articles, new_articles):
    old, new = parse(charter(*old_articles)), parse(charter(*new_articles))
    changes = compare(old, new).changes
    assert sorted(id(c.old) for c in changes if c.old) == sorted(id(p) for p in old.provisions)
    assert sorted(id(c.new) for c in changes if c.new) == sorted(id(p) for p in new.provisions)


@given(st.text(max_size=60), st.text(max_size=60))
def test_redline_rebuilds_both_texts(old, new):
    segments = redline(old, new)
    assert "".join(s.text for s in segments if s.op != "del") == new
    # The old side shares the new text's whitespace and punctuation width where both agree.
    assert visible("".join(s.text for s in segments if s.op != "ins")) == visible(old)


def visible(text: str) -> str:
    return canonical("".join(ch for ch in normalize(text) if not ch.isspace()))
