"""Decisions as legislators write them: several things in one item, sentences that lean on
the one before, the article named once. Read from a published decision (the 2013 decision
amending the 消费者权益保护法, tests/corpus/decisions/README.md) and applied to a charter."""

from __future__ import annotations

from pathlib import Path

import pytest

from gongyue.text.articles import parse
from gongyue.text.decision.apply import ApplyError, apply_decision
from gongyue.text.decision.parts import parts_of
from gongyue.text.decision.written import WrittenError, read_decision

DECISIONS = Path(__file__).parent / "corpus" / "decisions"


def consumer_decision() -> str:
    return (DECISIONS / "xiaofeizhe-2013-decision.txt").read_text(encoding="utf-8")


def squashed(text: str) -> str:
    return "\n".join(line for line in text.split("\n") if line.strip())


def test_every_sentence_of_a_published_decision_is_read():
    items = read_decision(consumer_decision())
    assert sorted({i.number for i in items}) == list(range(1, 32))
    by_number = {
        n: [(i.kind, i.old, i.new, i.kuan, i.xiang) for i in items if i.number == n]
        for n in (4, 8, 10, 27)
    }
    # 四、第十八条增加一款，作为第二款……将第二款改为第十九条，修改为：
    assert by_number[4] == [
        ("add_part", 18, None, 2, None),
        ("delete_part", 18, None, 2, None),
        ("add_article", None, 19, None, None),
    ]
    # 八、将第二十三条、第四十五条合并，作为第二十四条，修改为：
    assert by_number[8] == [
        ("move_article", 23, 24, None, None),
        ("delete_article", 45, None, None, None),
    ]
    # 十、将第二十四条改为第二十六条，增加一款，作为第一款……第一款、第二款改为第二款、第三款，修改为：
    assert by_number[10] == [
        ("move_article", 24, 26, None, None),
        ("add_part", 24, None, 1, None),
        ("replace_part", 24, None, 1, None),
        ("replace_part", 24, None, 2, None),
    ]
    # 二十七、将第四十九条改为第五十五条第一款，修改为：……增加一款，作为第二款：
    assert by_number[27] == [
        ("move_article", 49, 55, None, None),
        ("replace_part", 49, None, 1, None),
        ("add_part", 49, None, 2, None),
    ]
    six = [i for i in items if i.number == 6 and i.kind == "replace_words"]
    assert six[0].old == 21 and six[0].words == "购货凭证或者服务单据"


def test_what_a_published_decision_places_stands_there_in_the_republished_text():
    """Each article added or restated, and each paragraph added, by its new number, is the
    republished text's (the old text is not in the repository, so this checks the reading
    of new numbers, not the application)."""
    items = read_decision(consumer_decision())
    new = parse((DECISIONS / "xiaofeizhe-2013-new.md").read_text(encoding="utf-8"))
    # the stored republished text writes two colons half-width (除外: 职责:); the decision does not
    articles = {a.number: squashed(a.text).replace(":", "：") for a in new.articles}
    moved = {i.old: i.new for i in items if i.kind == "move_article"}
    checked = 0
    for item in items:
        if item.kind == "add_article" or (item.kind == "move_article" and item.text):
            assert articles[item.new] == item.text, item
        elif item.kind == "add_part" and item.xiang is None:
            paragraphs = [
                p.text for p in parts_of(articles[moved.get(item.old, item.old)]) if p.xiang is None
            ]
            assert paragraphs[(item.kuan or 0) - 1] == item.text, item
        elif item.kind in ("add_part", "replace_part") and item.xiang is not None:
            lines = articles[moved[item.old]].split("\n")
            assert any(line.startswith(item.text) for line in lines), item
        else:
            continue
        checked += 1
    assert checked == 44


OLD = """# 东风院落公约

## 第一章 总则

第一条 为了院落整洁、邻里和睦，制定本公约。

第二条 本公约适用于本院落全体居民。

## 第二章 公共环境

第三条 居民应当爱护公共环境：

（一）垃圾入桶，不乱扔；

（二）楼道不堆放杂物。

第四条 饲养宠物的居民应当看管好宠物，宠物粪便由饲养人清理；宠物粪便不得留在楼道。

第五条 电动自行车停放在车棚。

第六条 电动自行车不得在楼道充电。

## 第三章 附则

第七条 本公约自院落居民会议通过之日起施行。
"""


def official(*items: str) -> str:
    numerals = "一二三四五六七八九十"
    lines = [
        "东风院落居民会议关于修改《东风院落公约》的决定",
        "",
        "院落居民会议决定对《东风院落公约》作如下修改：",
    ]
    for number, item in enumerate(items):
        lines += ["", f"{numerals[number]}、{item}"]
    return (
        "\n".join([*lines, "", "此外，对条文顺序作相应调整。", "", "本决定自公布之日起施行。"])
        + "\n"
    )


def articles_of(body: str) -> dict[int, str]:
    return {a.number: squashed(a.text) for a in parse(body).articles}


def test_one_item_renumbers_an_article_and_edits_its_words_and_items_at_once():
    decision = official(
        "增加一条，作为第三条：“院落设卫生值日表，各户轮流值日。”",
        "将第三条改为第四条，第一款中的“居民应当爱护公共环境：”修改为“居民应当共同爱护公共环境：”。\n\n"
        "第二项修改为：“（二）楼道、走廊不堆放杂物”。\n\n"
        "增加一项，作为第三项：“（三）不在院内焚烧落叶”。",
    )
    applied = apply_decision(OLD, read_decision(decision))
    new = articles_of(applied.body)
    assert new[3] == "院落设卫生值日表，各户轮流值日。"
    assert new[4] == (
        "居民应当共同爱护公共环境：\n（一）垃圾入桶，不乱扔；\n（二）楼道、走廊不堆放杂物；\n（三）不在院内焚烧落叶。"
    )
    assert "第三条第一款第二项末尾为“；”" in applied.implied
    assert "第三条第一款第三项末尾为“。”" in applied.implied
    assert "原第五条改为第六条" in applied.implied


def test_a_merge_a_split_and_a_replacement_everywhere_apply_as_published_decisions_mean_them():
    decision = official(
        "将第五条、第六条合并，作为第五条，修改为：“电动自行车停放在车棚，不得在楼道充电。”",
        "将第四条中的“宠物粪便”修改为“犬只粪便”。",
    )
    applied = apply_decision(OLD, read_decision(decision))
    new = articles_of(applied.body)
    assert new[5] == "电动自行车停放在车棚，不得在楼道充电。"
    assert new[4].count("犬只粪便") == 2 and "宠物粪便" not in new[4]
    assert "第二项：第四条中的“宠物粪便”有 2 处，都已修改" in applied.implied
    assert new[6] == "本公约自院落居民会议通过之日起施行。"


def test_a_paragraph_taken_out_as_an_article_keeps_the_chapters_in_order():
    text = OLD.replace(
        "第二条 本公约适用于本院落全体居民。",
        "第二条 本公约适用于本院落全体居民。\n\n租住的居民同样遵守本公约。",
    )
    decision = official("将第二条第二款改为第三条，修改为：“租住本院落的居民同样遵守本公约。”")
    applied = apply_decision(text, read_decision(decision))
    new = parse(applied.body)
    numbers = {a.number: (a.chapter, squashed(a.text)) for a in new.articles}
    assert numbers[2][1] == "本公约适用于本院落全体居民。"
    assert numbers[3][1] == "租住本院落的居民同样遵守本公约。"
    assert numbers[3][0] == numbers[2][0]  # it stays in 第一章
    assert numbers[4][0] != numbers[3][0]  # old 第三条 stays at the head of 第二章


def test_a_renumbered_article_at_the_head_of_its_chapter_stays_in_its_chapter():
    decision = official(
        "增加一条，作为第二条：“居民之间互相帮助。”",
        "将第三条改为第四条，第一项修改为：“（一）垃圾分类入桶”。",
    )
    new = parse(apply_decision(OLD, read_decision(decision)).body)
    chapter_of = {a.number: a.chapter for a in new.articles}
    assert chapter_of[2] == chapter_of[1] and chapter_of[4] != chapter_of[2]


@pytest.mark.parametrize(
    ("items", "said"),
    [
        (
            ("第三条第一款中的“爱护”修改为“维护”。\n\n第一款修改为：“居民应当维护环境：”",),
            "另一项已经修改了第三条第一款中的文字",
        ),
        (("将第四条中的“猫粮”修改为“狗粮”。",), "第四条中没有“猫粮”"),
        (("将第三条第三款中的“垃圾”修改为“废物”。",), "第三条没有第三款"),
    ],
)
def test_what_cannot_apply_is_refused_with_the_decisions_own_item_number(items, said):
    decision = official("删去第七条。", *items)
    with pytest.raises(ApplyError) as caught:
        apply_decision(OLD, read_decision(decision))
    assert said in caught.value.message
    assert caught.value.number == 2


def test_a_sentence_none_of_the_forms_says_is_named_by_its_line():
    decision = official("将第三条改为第四条，第一款中的“爱护”修改为“维护”。\n\n第一款酌情修改。")
    with pytest.raises(WrittenError) as caught:
        read_decision(decision)
    assert caught.value.line == 7 and "第一款酌情修改" in caught.value.message


def test_a_table_a_decision_restates_is_refused_not_guessed():
    """个人所得税法 2011: 四、个人所得税税率表一（工资、薪金所得适用）修改为： — a table, not an
    article; gongyue says so instead of guessing."""
    decision = (DECISIONS / "geshui-2011-decision.txt").read_text(encoding="utf-8")
    with pytest.raises(WrittenError) as caught:
        read_decision(decision)
    assert caught.value.line == 9 and "引用的条文没有结束" in caught.value.message


SECTIONED = """# 某某条例

## 第一章 总则

第一条 甲。

## 第二章 分则

### 第一节 一般规定

第二条 乙。

第三条 丙。

### 第二节 特别规定

第四条 丁。

第五条 戊。
"""


def test_a_section_heading_stays_with_its_articles_and_moves_on_when_its_first_is_deleted():
    decision = official(
        "删去第二条。", "增加一条，作为第三条：“新增的一条。”", "删去第四条、第五条。"
    )
    applied = apply_decision(SECTIONED, read_decision(decision))
    assert "### 第一节 一般规定\n\n第二条 丙。\n\n第三条 新增的一条。" in applied.body
    assert "第二节" not in applied.body
    assert "“第二节 特别规定”已没有条文，随之删去" in applied.implied


def test_the_pages_show_a_recorded_decision_in_the_committees_own_lines():
    from gongyue.text.decision.written import written_items

    said = written_items(consumer_decision())
    assert len(said) == 31
    assert said[4] == [
        "五、将第十九条改为第二十条，第一款修改为：“经营者向消费者提供有关商品或者服务的质量、性能、用途、有效期限等信息，"
        "应当真实、全面，不得作虚假或者引人误解的宣传。”",
        "第三款修改为：“经营者提供商品或者服务应当明码标价。”",
    ]
