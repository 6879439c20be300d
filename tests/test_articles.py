"""The article parser on both shapes committees write, and on arbitrary text."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from gongyue.text.articles import parse
from gongyue.text.normalize import normalize
from gongyue.text.numerals import cn_to_int, int_to_cn


def kinds(body: str) -> list[tuple[str, str, str]]:
    return [(p.kind, p.label, p.anchor) for p in parse(body).provisions]


def test_chapters_and_articles_in_every_written_form():
    body = """# 标题

为了……，制定本公约。

## 第一章 总则

**第一条** 一。

第二条 居民应当：
（一）遵守法律；
（二）爱护环境。

第二款的内容。

### 第三条 写成标题的一条。

第二章 附则

**第四条 整条加粗。**

本公约自2016年4月1日起施行。
"""
    doc = parse(body)
    assert doc.shape == "tiao"
    assert kinds(body) == [
        ("preamble", "", "xuyan"),
        ("chapter", "第一章", "zhang-1"),
        ("article", "第一条", "tiao-1"),
        ("article", "第二条", "tiao-2"),
        ("article", "第三条", "tiao-3"),
        ("chapter", "第二章", "zhang-2"),
        ("article", "第四条", "tiao-4"),
        ("closing", "", "jieyu"),
    ]
    second = doc.provisions[3]
    assert second.text == "居民应当：\n（一）遵守法律；\n（二）爱护环境。\n\n第二款的内容。"
    assert second.chapter == "zhang-1"
    assert doc.provisions[6].text == "整条加粗。"
    assert doc.provisions[0].text == "为了……，制定本公约。"  # the “# 标题” is not content


def test_short_shape_with_chinese_numbers_and_closing():
    body = "院落居民约定：\n一、大门随手关。\n二、垃圾入桶。\n\n本公约自通过之日起施行。"
    assert kinds(body) == [
        ("preamble", "", "xuyan"),
        ("article", "一、", "tiao-1"),
        ("article", "二、", "tiao-2"),
        ("closing", "", "jieyu"),
    ]


def test_short_shape_grouped_under_headings_restarts_numbers():
    body = "## 一、安全\n1. 关门。\n2. 登记。\n## 二、卫生\n1. 入桶。\n"
    assert kinds(body) == [
        ("chapter", "一、", "zhang-1"),
        ("article", "1.", "zhang-1-tiao-1"),
        ("article", "2.", "zhang-1-tiao-2"),
        ("chapter", "二、", "zhang-2"),
        ("article", "1.", "zhang-2-tiao-1"),
    ]


def test_arabic_list_shape():
    assert [p.label for p in parse("1. 甲。\n2. 乙。\n10. 丙。").articles] == ["1.", "2.", "10."]


def test_plain_text_without_numbers_is_one_preamble():
    doc = parse("大家共同遵守。\n\n爱护环境。")
    assert doc.shape == "plain"
    assert [p.kind for p in doc.provisions] == ["preamble"]


def test_anchors_follow_numbers_not_positions():
    doc = parse("第一条 甲。\n第三条 丙。")
    assert [p.anchor for p in doc.articles] == ["tiao-1", "tiao-3"]


@given(st.integers(min_value=0, max_value=9999))
def test_chinese_numerals_round_trip(number):
    assert cn_to_int(int_to_cn(number)) == number


@given(
    st.text(
        alphabet=st.sampled_from(list("第一二十章条节、1.（）#* \n甲乙本公约自施行")), max_size=300
    )
)
def test_parser_never_fails_and_anchors_are_unique(body):
    doc = parse(body)
    anchors = [p.anchor for p in doc.provisions]
    assert len(anchors) == len(set(anchors))


@given(st.text(max_size=400))
def test_parser_keeps_every_character_of_content(body):
    doc = parse(body)
    kept = "".join(p.label + p.heading + p.text for p in doc.provisions)
    written = normalize(body)
    # Only markup, whitespace, the separator after a number, the document title and
    # lines reported as PDF page numbers may go; invisible characters go before parsing.
    dropped = {ch for ch in set(written) - set(kept) if not ch.isspace()}
    assert dropped <= set("#*：:、.．") | _title_chars(written) | _page_number_chars(doc, written)


def _page_number_chars(doc, body: str) -> set[str]:
    lines = body.split("\n")
    return {ch for n in doc.notes if n.code == "page-number" for ch in lines[n.line - 1]}


def _title_chars(body: str) -> set[str]:
    for line in body.split("\n"):
        if line.strip():
            return set(line) if line.lstrip().startswith("# ") else set()
    return set()
