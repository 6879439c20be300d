"""The amendment as it is voted (issue 25): a 修改决定 generated from two texts, written,
read back and applied.

The round trip is the contract: for any old text and any valid decision, the
decision generated from the old text and the one the first decision makes,
applied to the old text, gives that text again. Real texts carry it: the demo
city's amendment (byte for byte) and the Shanghai regulation's 2024 revision
(paragraph for paragraph). Every way a written decision can fail to apply is an
error naming its line and item, in Chinese.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongyue.text.articles import Document, parse
from gongyue.text.decision.apply import ApplyError, apply_decision
from gongyue.text.decision.generate import decide, generate
from gongyue.text.decision.items import Item, decision_text
from gongyue.text.decision.parts import items_in_one_paragraph, parts_of
from gongyue.text.decision.written import WrittenError, read_decision
from gongyue.text.numerals import int_to_cn

from .conftest import ROOT

DEMO = ROOT / "docs/chenghua/mengzhuiwan/xinhong/jumin-zizhi-zhangcheng"
CORPUS = ROOT / "tests/corpus/texts"


def body(path: Path) -> str:
    text = path.read_text(encoding="utf-8")
    if text.startswith("---\n"):
        return text[text.find("\n---\n", 4) + 5 :]
    return text


def paragraphs(doc: Document) -> list[tuple[str, str, str, list[str]]]:
    """Each provision as a reader sees it: kind, label, heading, its paragraphs."""
    return [
        (p.kind, p.label, p.heading, [line.strip() for line in p.text.split("\n") if line.strip()])
        for p in doc.provisions
    ]


def round_trip(old: str, new: str) -> str:
    """The generated decision, written out, read back and applied to ``old``."""
    items = decide(old, new)
    written = read_decision(decision_text("测试公约", items))
    assert [replace(i, line=0, number=0) for i in written] == items
    return apply_decision(old, written).body


def test_the_demo_citys_amendment_round_trips_byte_for_byte():
    old, new = body(DEMO / "2013-04-15.md"), body(DEMO / "2019-11-30.md")
    assert round_trip(old, new) == new
    said = decision_text("新鸿社区居民自治章程", generate(parse(old), parse(new)))
    assert "一、增加一条，作为第七条：\n“院落议事会讨论本院落的公共事务" in said
    assert said.rstrip().endswith("根据本决定作相应修改并对条文顺序作相应调整，重新公布。")


def test_the_shanghai_revision_round_trips_paragraph_for_paragraph():
    old = body(CORPUS / "shanghai-shehui-jiuzhu-2018.md")
    new = body(CORPUS / "shanghai-shehui-jiuzhu-2024.md")
    assert paragraphs(parse(round_trip(old, new))) == paragraphs(parse(new))
    # Said as a legislator says such a revision: each renamed term once, with every article
    # it stands in (the two 章名 are the republished text's spacing, listed too).
    items = decide(old, new)
    assert [i.kind for i in items] == [
        "replace_heading",
        "replace_words",
        "replace_words",
        "replace_heading",
    ]
    renamed = {(i.words, i.text): (i.old, *i.also) for i in items if i.kind == "replace_words"}
    assert renamed == {
        ("低收入困难家庭", "最低生活保障边缘家庭"): (9, 11, 12, 17, 21, 22, 24, 26, 44),
        ("支出型贫困家庭", "刚性支出困难家庭"): (9, 12, 18, 20, 21, 22, 31, 36, 38),
    }


# --- random decisions on real texts ------------------------------------------------------------

LISTED = """第一条 为了方便居民，制定本公约。

第二条 公共区域的使用：

（一）楼道不得堆放杂物；

（二）电动车不得进楼充电；

（三）绿地不得种菜。

违反前款规定的，由居委会劝导。

第三条 本公约自表决通过之日起施行。
"""

TEXTS = {
    "listed": LISTED,  # paragraphs and items
    "chapters": body(CORPUS / "shanghai-shehui-jiuzhu-2018.md"),
    "short": body(CORPUS / "dongyuan-jumin-gongyue.md"),
    "demo": body(DEMO / "2019-11-30.md"),
}
SENTENCE = st.text(
    "社区居民应当爱护环境遵守公约互相帮助文明养犬垃圾分类停车", min_size=4, max_size=40
).map(lambda s: s + "。")


@st.composite
def decisions(draw: st.DrawFn, text: str) -> list[Item]:
    """A valid decision on ``text``: articles deleted, restated, edited in words, added."""
    doc = parse(text)
    articles = {p.number: p for p in doc.articles}
    order = draw(st.permutations(sorted(articles)))
    cut = [draw(st.integers(0, 2)) for _ in range(3)]
    deleted, restated, worded = (
        order[: cut[0]],
        order[cut[0] : cut[0] + cut[1]],
        order[cut[0] + cut[1] : cut[0] + cut[1] + cut[2]],
    )
    items = [Item("delete_article", old=n) for n in deleted]
    items += [Item("replace_article", old=n, text=draw(SENTENCE)) for n in restated]
    for number in worded:
        found = _words_once(draw, articles[number].text)
        if found is None:
            continue
        kind = draw(st.sampled_from(["replace_words", "insert_words", "delete_words"]))
        new_words = draw(SENTENCE).rstrip("。") if kind != "delete_words" else ""
        items.append(Item(kind, old=number, words=found, text=new_words))
    touched = {*deleted, *restated, *worded}
    items += _part_changes(draw, [articles[n] for n in order if n not in touched][:1])
    parted = {i.old for i in items if i.kind.endswith("_part")}
    movable = [n for n in order if n not in touched and n not in parted][:1]
    moving = movable if draw(st.booleans()) else []
    added = draw(st.integers(0, 2))
    total = len(articles) - len(deleted) + added
    count = added + len(moving)
    places = draw(st.lists(st.integers(1, total), min_size=count, max_size=count, unique=True))
    for number, place in zip(moving, places, strict=False):  # moved, perhaps restated
        text = draw(SENTENCE) if draw(st.booleans()) else ""
        items.append(Item("move_article", old=number, new=place, text=text))
    added_places = sorted(places[len(moving) :])
    items += [Item("add_article", new=place, text=draw(SENTENCE)) for place in added_places]
    return items


def _part_changes(draw: st.DrawFn, candidates: list) -> list[Item]:  # type: ignore[type-arg]
    """A paragraph or an item of one untouched article replaced, deleted or added."""
    for article in candidates:
        parts = parts_of(article.text)
        if not parts or len(parts) < 2:
            continue
        one = items_in_one_paragraph(parts)
        part = draw(st.sampled_from(parts[1:]))
        kuan = None if part.xiang is not None and one else part.kuan
        action = draw(st.sampled_from(["replace", "delete", "add"]))
        if action == "replace":
            label = f"（{int_to_cn(part.xiang)}）" if part.xiang else ""
            return [
                Item(
                    "replace_part",
                    old=article.number,
                    kuan=kuan,
                    xiang=part.xiang,
                    text=label + draw(SENTENCE),
                )
            ]
        if action == "delete":
            return [Item("delete_part", old=article.number, kuan=kuan, xiang=part.xiang)]
        paragraphs_now = len([p for p in parts if p.xiang is None])
        return [Item("add_part", old=article.number, kuan=paragraphs_now + 1, text=draw(SENTENCE))]
    return []


def _words_once(draw: st.DrawFn, text: str) -> str | None:
    first = text.split("\n")[0]
    for _ in range(5):
        start = draw(st.integers(0, max(0, len(first) - 2)))
        words = first[start : start + draw(st.integers(2, 6))]
        if len(words) >= 2 and text.count(words) == 1 and not any(q in words for q in "“”‘’"):
            return words
    return None


@pytest.mark.parametrize("name", sorted(TEXTS))
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_any_decision_is_regenerated_and_reapplied_to_the_same_text(name, data):
    old = TEXTS[name]
    items = data.draw(decisions(old))
    new = apply_decision(old, items).body
    assert paragraphs(parse(round_trip(old, new))) == paragraphs(parse(new))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_a_written_decision_reads_back_as_its_items(data):
    items = data.draw(decisions(TEXTS["chapters"]))
    assert [
        replace(i, line=0, number=0) for i in read_decision(decision_text("某公约", items))
    ] == items


# --- what cannot apply says so -------------------------------------------------------------------

OLD = """# 测试公约

第一条 爱护环境，垃圾分类。

第二条 文明养犬，牵绳出门。

第三条 互相帮助，邻里和睦，守望相助。
"""


def written(*items: str) -> str:
    lines = ["关于修改《测试公约》的决定", ""]
    lines += [f"{'一二三四五'[n]}、{item}" for n, item in enumerate(items)]
    return "\n".join([*lines, "", "本决定自公布之日起施行。"]) + "\n"


def test_a_written_decision_applies_with_every_implied_change_listed():
    applied = apply_decision(
        OLD,
        read_decision(
            written(
                "删去第一条。",
                "将第二条中的“牵绳”修改为“牵好绳”。",
                "增加一条，作为第三条：\n“爱护绿地。”",
            )
        ),
    )
    assert [p.text for p in parse(applied.body).articles] == [
        "文明养犬，牵好绳出门。",
        "互相帮助，邻里和睦，守望相助。",
        "爱护绿地。",
    ]
    assert applied.implied == ["原第二条改为第一条", "原第三条改为第二条"]
    assert applied.body.startswith("# 测试公约\n\n第一条 文明养犬")


@pytest.mark.parametrize(
    ("item", "said"),
    [
        ("将第九条修改为：\n“新的。”", "原文没有第九条"),
        ("将第一条中的“养犬”修改为“养狗”。", "第一条中没有“养犬”"),
        ("增加一条，作为第九条：\n“新的。”", "修改后只有 4 条，没有第九条"),
    ],
)
def test_an_item_that_cannot_apply_names_its_line_and_number(item, said):
    with pytest.raises(ApplyError) as caught:
        apply_decision(OLD, read_decision(written("删去第二条中的“牵绳出门”。", item)))
    assert said in str(caught.value) and "第二项" in str(caught.value)
    assert caught.value.line == 4 and "修改建议" in str(caught.value)


def test_an_article_rewritten_in_its_place_is_restated_not_deleted_and_added():
    new = OLD.replace("文明养犬，牵绳出门。", "车辆按位停放，不占消防通道。")
    assert decide(OLD, new) == [Item("replace_article", old=2, text="车辆按位停放，不占消防通道。")]
    assert [i.kind for i in generate(parse(OLD), parse(new))] == ["delete_article", "add_article"]


def test_words_changed_in_several_articles_change_every_time_they_occur():
    text = OLD.replace("互相帮助，邻里和睦，守望相助。", "互相帮助，环境整洁，爱护环境。")
    items = read_decision(written("将第一条、第三条中的“环境”修改为“家园”。"))
    assert items[0].also == (3,) and items[0].every
    changed = [p.text for p in parse(apply_decision(text, items).body).articles]
    assert changed[0] == "爱护家园，垃圾分类。" and changed[2] == "互相帮助，家园整洁，爱护家园。"
    once = read_decision(written("将第三条中的“环境”均修改为“家园”。"))
    assert once[0].every and not once[0].also
    assert decision_text("测试公约", once).count("均修改为") == 1
    with pytest.raises(ApplyError, match="第二条中没有“环境”"):
        apply_decision(text, read_decision(written("将第一条、第二条中的“环境”修改为“家园”。")))


def test_two_items_on_the_same_words_are_refused():
    two = written("将第一条中的“垃圾分类”修改为“分类投放”。", "删去第一条中的“垃圾”。")
    with pytest.raises(ApplyError, match="与第一项改的是同一处文字"):
        apply_decision(OLD, read_decision(two))
    whole = written("将第一条修改为：\n“新的。”", "删去第一条中的“垃圾”。")
    with pytest.raises(ApplyError, match="已经整条修改或删去了第一条"):
        apply_decision(OLD, read_decision(whole))


@pytest.mark.parametrize(
    ("text", "line", "said"),
    [
        (written("把第一条改好。"), 3, "不是能识别的修改方式"),
        (written("删去第一条。").replace("一、", "二、"), 3, "应当是“一”"),
        (written("将第一条修改为：\n“新的。"), 3, "引用的条文没有结束"),
        (written("删去第一条。\n“新的。”"), 4, "不是以冒号结尾"),
    ],
)
def test_a_decision_that_cannot_be_read_names_its_line(text, line, said):
    with pytest.raises(WrittenError) as caught:
        read_decision(text)
    assert caught.value.line == line and said in caught.value.message


def test_the_decision_benchmark_runs_on_a_small_charter(capsys, monkeypatch):
    import sys

    monkeypatch.syspath_prepend(str(ROOT / "scripts"))
    import bench_decision

    monkeypatch.setattr(sys, "argv", ["bench_decision.py", "--articles", "30"])
    bench_decision.main()
    row = capsys.readouterr().out.strip().split("\n")[-1].split("|")
    assert row[1].strip() == "30" and int(row[2]) > 0


def test_the_changes_page_and_the_draft_page_show_the_decision(demo):
    url = "chenghua/mengzhuiwan/xinhong/jumin-zizhi-zhangcheng/2019-11-30/changes/"
    section = demo.main(url).select_one("section.gy-decision")
    assert section is not None
    words = " ".join(section.get_text(" ", strip=True).split())
    assert "关于修改《新鸿社区居民自治章程》的决定" in words
    assert "一、增加一条，作为第七条：" in words and "自动写成" in words
    assert "本决定自2019年12月2日起施行。" in words
    # The sheet for the notice board is in the page, first, printed when its link is followed.
    block = demo.main(url).select_one(".gy > #gy-decision-print")
    assert block.find_next_sibling("h1") is not None  # before the page's own content
    sheet = block.select_one("article")
    title = sheet.select_one(".gy-poster__title").get_text()
    assert title == "关于修改《新鸿社区居民自治章程》的决定"
    assert "一、增加一条，作为第七条：" in sheet.get_text()
    assert section.select_one("a[href='#gy-decision-print']") is not None
    assert not demo.exists(url + "decision/")  # no second page for it
    drafts = [p for p in demo.site_dir.rglob("draft*/index.html") if "/hant/" not in str(p)]
    shown = [p for p in drafts if "gy-decision" in p.read_text(encoding="utf-8")]
    assert shown, "a draft with a text in force shows its decision"


# --- 款 and 项 ---------------------------------------------------------------------------------


def article_lines(text: str, number: int) -> list[str]:
    article = next(p for p in parse(text).articles if p.number == number)
    return [line for line in article.text.split("\n") if line.strip()]


def test_items_and_paragraphs_are_replaced_deleted_and_added_by_their_numbers():
    said = written(
        "删去第二条第一项。",
        "将第二条第三项修改为：\n“（三）绿地只种花草。”",
        "在第二条中增加一项，作为第三项：\n“（三）车辆按位停放；”",
        "将第二条第二款修改为：\n“违反前款规定的，由居委会劝导并公示。”",
    )
    applied = apply_decision(LISTED, read_decision(said))
    assert article_lines(applied.body, 2) == [
        "公共区域的使用：",
        "（一）电动车不得进楼充电；",
        "（二）绿地只种花草。",
        "（三）车辆按位停放；",
        "违反前款规定的，由居委会劝导并公示。",
    ]
    assert "第二条第一款原第二项改为第一项" in applied.implied


def test_a_part_that_is_not_there_is_named():
    with pytest.raises(ApplyError, match="第二条第五项不存在"):
        apply_decision(LISTED, read_decision(written("删去第二条第五项。")))
    with pytest.raises(ApplyError, match="修改后这一款只有 4 项"):
        apply_decision(
            LISTED, read_decision(written("在第二条中增加一项，作为第九项：\n“（九）新的。”"))
        )


def test_a_changed_item_is_said_as_the_item_not_the_whole_article():
    rewritten = "（二）电动自行车停放在小区集中车棚，使用专用充电桩；"
    items = decide(LISTED, LISTED.replace("（二）电动车不得进楼充电；", rewritten))
    assert items == [Item("replace_part", old=2, xiang=2, text=rewritten)]
    assert "二、" not in decision_text("测试公约", items)
    assert "一、将第二条第二项修改为：" in decision_text("测试公约", items)
    grown = LISTED.replace("（三）绿地不得种菜。", "（三）绿地不得种菜；\n\n（四）高空不得抛物。")
    assert paragraphs(parse(round_trip(LISTED, grown))) == paragraphs(parse(grown))


def test_references_to_renumbered_articles_follow_them_and_are_listed():
    text = OLD.replace(
        "第三条 互相帮助，邻里和睦，守望相助。",
        "第三条 违反本公约第二条的，由居委会劝导；参照《民法典》第二条。",
    )
    applied = apply_decision(text, read_decision(written("增加一条，作为第一条：\n“公约的目的。”")))
    third = [p.text for p in parse(applied.body).articles][3]
    assert third == "违反本公约第三条的，由居委会劝导；参照《民法典》第二条。"
    assert "第四条中“本公约第二条”改为“本公约第三条”" in applied.implied
    # Said the way decisions say it: the renumbered reference is implied, not an item.
    assert decide(text, applied.body) == [Item("add_article", new=1, text="公约的目的。")]
    gone = apply_decision(text, read_decision(written("删去第二条。")))
    assert "引用的“本公约第二条”已被删去，请核对" in " ".join(gone.implied)


def test_an_article_moved_and_restated_is_one_item():
    items = read_decision(written("将第一条改为第三条，修改为：\n“爱护环境，垃圾分类投放。”"))
    assert items[0].kind == "move_article" and items[0].new == 3
    moved = apply_decision(OLD, items)
    assert [p.text for p in parse(moved.body).articles][2] == "爱护环境，垃圾分类投放。"
    assert decide(OLD, moved.body) == [replace(items[0], line=0, number=0)]


DECISION_ALPHABET = st.sampled_from(
    [*"一二三四十第条款项章中的将删去增加修改为作改后前均：“”‘’、，。（）\n \u3000", "本决定"]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(DECISION_ALPHABET, max_size=80).map("".join))
def test_any_pasted_text_is_read_as_a_decision_or_refused_with_its_line(text):
    """What a committee pastes never crashes the reader, nor the applier: items, or a
    WrittenError / ApplyError that names a line."""
    try:
        items = read_decision(text)
    except WrittenError as error:
        assert error.line >= 1 and error.message
        return
    try:
        apply_decision(LISTED, items)
    except ApplyError as error:
        assert error.number >= 1 and error.message
    except ValueError:
        pass  # a text the decision form does not address (said in Chinese by the caller)


# --- chapters ----------------------------------------------------------------------------------

ZC = body(DEMO / "2019-11-30.md")  # four chapters: 总则 1–2, 组织 3–5, 议事规则 6–8, 附则 9


def chapter_titles(text: str) -> list[tuple[str, str]]:
    return [(p.label, p.heading) for p in parse(text).provisions if p.kind == "chapter"]


def test_a_chapter_deleted_takes_its_articles_and_the_later_chapters_are_renumbered():
    applied = apply_decision(ZC, read_decision(written("删去第三章。")))
    assert chapter_titles(applied.body) == [
        ("第一章", "总则"),
        ("第二章", "组织"),
        ("第三章", "附则"),
    ]
    assert [p.number for p in parse(applied.body).articles] == [1, 2, 3, 4, 5, 6]
    assert "原第四章改为第三章" in applied.implied
    with pytest.raises(ApplyError, match="所在的章已经删去"):
        apply_decision(ZC, read_decision(written("删去第三章。", "删去第七条。")))


def test_a_chapter_added_takes_the_articles_added_to_it():
    said = written(
        "增加一章，作为第三章，章名为“监督”。",
        "在第三章中增加一条，作为第六条：\n“居民可以监督居民委员会的工作。”",
    )
    applied = apply_decision(ZC, read_decision(said))
    assert chapter_titles(applied.body)[2:] == [
        ("第三章", "监督"),
        ("第四章", "议事规则"),
        ("第五章", "附则"),
    ]
    sixth = parse(applied.body).articles[5]
    assert sixth.text == "居民可以监督居民委员会的工作。" and sixth.chapter == "zhang-3"
    assert "## 第三章 监督" in applied.body  # written like the text's own headings


@pytest.mark.parametrize(
    "said",
    [
        ("删去第二章。",),
        ("增加一章，作为第五章，章名为“附录”。", "在第五章中增加一条，作为第十条：\n“附录。”"),
        (
            "增加一章，作为第二章，章名为“居民”。",
            "在第二章中增加一条，作为第三条：\n“居民的权利。”",
            "删去第四章。",
        ),
    ],
)
def test_chapters_added_and_deleted_are_regenerated_and_reapplied(said):
    new = apply_decision(ZC, read_decision(written(*said))).body
    assert paragraphs(parse(round_trip(ZC, new))) == paragraphs(parse(new))
    kinds = {i.kind for i in decide(ZC, new)}
    assert kinds & {"add_chapter", "delete_chapter"}


def test_a_quoted_item_without_its_closing_mark_keeps_the_one_it_replaces():
    said = written("将第二条第二项修改为：\n“（二）电动车在集中充电点充电”")
    applied = apply_decision(LISTED, read_decision(said))
    assert article_lines(applied.body, 2)[2] == "（二）电动车在集中充电点充电；"
    assert "第二条第一款第二项末尾保留“；”" in applied.implied
