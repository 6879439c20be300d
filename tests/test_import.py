"""gongyue import (issue 27): Word files whose article numbers live only in Word's lists,
tracked changes, hidden text, fields, tables, footnotes, comments; PDF text layers."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from gongyue.cli import gongyue
from gongyue.procedure.importing.numbering import FORMATS
from gongyue.procedure.importing.wordfile import ACCEPT, REJECT, read_docx
from gongyue.text.articles import parse
from gongyue.text.numerals import cn_to_int

from .conftest import lock_tree
from .test_check_corpus import C, good_site, write_tree
from .wordfiles import (
    ARTICLES,
    WordFile,
    complex_field,
    level,
    para,
    run,
    simple_field,
    table,
    tracked,
)

CORPUS = Path(__file__).parent / "corpus" / "texts"


def cli(*args: object):
    return CliRunner().invoke(gongyue, [str(a) for a in args])


def body(tmp_path: Path, word: WordFile, view: str = ACCEPT) -> str:
    return "\n".join(read_docx(word.write(tmp_path / "f.docx"), view).lines)


def charter(*articles: str) -> list[str]:
    """Paragraphs numbered 第%1条 by Word, each article's items on the second level."""
    out = [para("测试社区居民公约")]
    for article in articles:
        head, *items = article.split("|")
        out.append(para(head, num="1"))
        out += [para(item, num="1", ilvl=1) for item in items]
    return out


# --- Word's numbering ------------------------------------------------------------------------


def test_article_and_item_numbers_that_exist_only_in_words_lists_are_written_out(tmp_path):
    word = WordFile(
        charter("爱护环境。", "居民应当：|垃圾分类；|文明养犬。", "本公约自通过之日起施行。")
    )
    lines = body(tmp_path, word).split("\n\n")
    assert lines == [
        "# 测试社区居民公约",
        "第一条 爱护环境。",
        "第二条 居民应当：",
        "（一）垃圾分类；",
        "（二）文明养犬。",
        "第三条 本公约自通过之日起施行。",
    ]
    doc = parse("\n\n".join(lines))
    assert [a.number for a in doc.articles] == [1, 2, 3]


def test_items_restart_in_each_article_and_lists_of_one_definition_continue(tmp_path):
    word = WordFile(
        [
            para("甲", num="1"),
            para("一项", num="1", ilvl=1),
            para("乙", num="2"),  # another instance of the same list: it continues
            para("二项", num="2", ilvl=1),
            para("丙", num="3"),  # an instance that restarts at 1
        ],
        nums={"1": "1", "2": "1", "3": "1"},
        overrides={"3": '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride>'},
    )
    assert body(tmp_path, word).split("\n\n") == [
        "第一条 甲",
        "（一）一项",
        "第二条 乙",
        "（一）二项",
        "第一条 丙",
    ]


def test_numbering_carried_by_a_paragraph_style_through_based_on(tmp_path):
    styles = (
        '<w:style w:type="paragraph" w:styleId="Base"><w:name w:val="条文基础"/>'
        '<w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr></w:style>'
        '<w:style w:type="paragraph" w:styleId="Tiao"><w:name w:val="条文"/><w:basedOn w:val="Base"/></w:style>'
    )
    word = WordFile([para("甲", style="Tiao"), para("乙", style="Tiao")], styles=styles)
    assert body(tmp_path, word).split("\n\n") == ["第一条 甲", "第二条 乙"]


@pytest.mark.parametrize(
    ("fmt", "text", "labels"),
    [
        ("chineseLegalSimplified", "第%1条", ["第壹条", "第贰条", "第叁条"]),
        ("ideographTraditional", "%1、", ["甲、", "乙、", "丙、"]),
        ("decimalFullWidth", "%1．", ["１．", "２．", "３．"]),
        ("decimalEnclosedCircle", "%1", ["①", "②", "③"]),
        ("upperLetter", "%1.", ["A.", "B.", "C."]),
        ("decimal", "第%1条", ["第1条", "第2条", "第3条"]),
    ],
)
def test_the_number_formats_chinese_documents_use(tmp_path, fmt, text, labels):
    word = WordFile([para("甲", num="1"), para("乙", num="1"), para("丙", num="1")])
    word.abstract = {"1": level(0, fmt, text)}
    got = [line.split(" ")[0].rstrip("甲乙丙") for line in body(tmp_path, word).split("\n\n")]
    assert got == labels


@given(st.integers(1, 9999))
def test_chinese_counting_reads_back_as_its_number(n):
    for fmt in ("chineseCounting", "chineseCountingThousand", "taiwaneseCounting"):
        assert cn_to_int(FORMATS[fmt](n)) == n


def test_a_multi_level_label_and_a_start_value(tmp_path):
    word = WordFile(
        [para("总则", num="1"), para("适用", num="1", ilvl=1), para("定义", num="1", ilvl=1)]
    )
    word.abstract = {
        "1": level(0, "decimal", "%1.", start=3) + level(1, "decimal", "%1.%2", suffix="space")
    }
    assert body(tmp_path, word).split("\n\n") == ["3. 总则", "3.1 适用", "3.2 定义"]


# --- what Word shows, and only that ----------------------------------------------------------


def test_hidden_text_and_field_codes_are_left_out_and_field_results_kept(tmp_path):
    word = WordFile(
        [
            para(
                "本公约自",
                run("（内部备注）", hidden=True),
                complex_field("DATE \\@ yyyy年M月d日", "2026年12月5日"),
                "起施行，共",
                simple_field("NUMPAGES", "3"),
                "页。",
                num="1",
            )
        ]
    )
    read = read_docx(word.write(tmp_path / "f.docx"))
    assert read.lines == ["第一条 本公约自2026年12月5日起施行，共3页。"]
    assert read.report.hidden == ["第 1 段"]


def test_tracked_changes_accepted_rejected_and_moves_understood(tmp_path):
    word = WordFile(
        [
            para("居民应当", tracked("del", "爱护"), tracked("ins", "共同维护"), "环境。", num="1"),
            para(tracked("moveFrom", "文明养犬。", 2), num="1"),
            para("邻里和睦。", num="1"),
            para(tracked("moveTo", "文明养犬。", 3), num="1"),
        ]
    )
    accepted = body(tmp_path, word)
    rejected = body(tmp_path, word, REJECT)
    assert "第一条 居民应当共同维护环境。" in accepted and "第一条 居民应当爱护环境。" in rejected
    assert accepted.split("\n\n")[-2:] == ["第三条 邻里和睦。", "第四条 文明养犬。"]
    assert rejected.split("\n\n")[1] == "第二条 文明养犬。"


def test_a_deleted_paragraph_mark_joins_the_paragraphs_when_accepted(tmp_path):
    word = WordFile([para("居民应当爱护", mark="del"), para("公共环境。"), para("邻里和睦。")])
    word.abstract = {"1": ARTICLES}
    assert body(tmp_path, word).split("\n\n") == ["居民应当爱护公共环境。", "邻里和睦。"]
    assert body(tmp_path, word, REJECT).split("\n\n") == [
        "居民应当爱护",
        "公共环境。",
        "邻里和睦。",
    ]


def test_tables_footnotes_comments_and_soft_breaks(tmp_path):
    word = WordFile(
        [
            para("车辆停放", '<w:r><w:footnoteReference w:id="1"/></w:r>', num="1"),
            table([["车型", "停放地点"], ["电动自行车", "车棚"]]),
            para(
                "第一行",
                "<w:r><w:br/></w:r>",
                "第二行",
                '<w:r><w:commentReference w:id="0"/></w:r>',
            ),
        ],
        footnotes={"1": "车棚在院落东侧。"},
        comments={"0": "这一句请再斟酌。"},
    )
    read = read_docx(word.write(tmp_path / "f.docx"))
    assert read.lines == [
        "第一条 车辆停放〔注1〕",
        "",
        "| 车型 | 停放地点 |",
        "|---|---|",
        "| 电动自行车 | 车棚 |",
        "",
        "第一行",
        "",
        "第二行",
        "",
        "注1：车棚在院落东侧。",
    ]
    assert read.report.comments == ["第 2 段：街道审核：这一句请再斟酌。"]  # body paragraphs


def test_what_the_text_cannot_carry_is_listed_with_its_place(tmp_path):
    word = WordFile([para("甲"), para("乙", "<w:r><w:drawing/></w:r>")])
    assert read_docx(word.write(tmp_path / "f.docx")).report.dropped == ["第 2 段：图片或文本框"]


# --- the command ----------------------------------------------------------------------------------


def city(tmp_path: Path) -> Path:
    root = write_tree(tmp_path / "site", good_site())
    lock_tree(root)
    return root


def test_import_into_a_charter_writes_a_draft_the_check_reads(tmp_path):
    root = city(tmp_path)
    source = WordFile(
        charter(
            "爱护环境，垃圾分类。", "邻里和睦，互相帮助，守望相助。", "本公约自公布之日起施行。"
        )
    )
    made = cli(
        "import", source.write(tmp_path / "修改稿.docx"), "--into", root / C, "--date", "2024-06-01"
    )
    assert made.exit_code == 0, made.output
    assert "Word 自动编号 3 处已写成文字" in made.output and "读出 3 条" in made.output
    draft = (root / C / "draft.md").read_text(encoding="utf-8")
    assert "base: 2016-03-20" in draft and "第二条 邻里和睦，互相帮助，守望相助。" in draft
    checked = cli("check", root, "--date", "2024-06-01")
    assert checked.exit_code == 0, checked.output
    again = cli("import", tmp_path / "修改稿.docx", "--into", root / C, "--date", "2024-06-01")
    assert again.exit_code == 1 and "已经存在" in again.output
    assert (root / C / "draft.md").read_text(encoding="utf-8") == draft


def test_with_changes_the_text_before_them_is_checked_against_the_text_in_force(tmp_path):
    root = city(tmp_path)
    in_force = parse((root / C / "2016-03-20.md").read_text(encoding="utf-8").split("---", 2)[2])
    texts = [a.text for a in in_force.articles]
    word = WordFile(
        [
            para("测试社区居民公约"),
            para(texts[0], num="1"),
            para(texts[1], tracked("ins", "守望相助。"), num="1"),
            *[para(t, num="1") for t in texts[2:]],
        ]
    )
    made = cli(
        "import",
        word.write(tmp_path / "修订.docx"),
        "--into",
        root / C,
        "--changes",
        "--date",
        "2024-06-01",
    )
    assert made.exit_code == 0, made.output
    assert "撤销全部修订后的文本与现行文本（2016-03-20 版）一致" in made.output
    assert "文件里有修订（插入 1 处、删除 0 处、移动 0 处），已全部接受" in made.output


def test_an_old_word_file_without_libreoffice_says_how_to_go_on(tmp_path, monkeypatch):
    import shutil

    monkeypatch.setattr(shutil, "which", lambda name: None)
    (tmp_path / "旧.doc").write_bytes(b"\xd0\xcf\x11\xe0 not really")
    made = cli("import", tmp_path / "旧.doc")
    assert made.exit_code == 1 and "LibreOffice" in made.output and "另存为” .docx" in made.output
    assert "Traceback" not in made.output
    (tmp_path / "说明.txt").write_text("x", encoding="utf-8")
    other = cli("import", tmp_path / "说明.txt")
    assert other.exit_code == 1 and "不是 Word、WPS 或 PDF 文件" in other.output


# --- PDF ------------------------------------------------------------------------------------------


def pdf_of(text: str, path: Path) -> Path:
    """A PDF with a text layer, as a word processor prints one (WeasyPrint, A4, CJK font)."""
    from weasyprint import HTML

    paragraphs = "".join(f"<p>{line}</p>" for line in text.split("\n") if line.strip())
    html = f'<html lang="zh"><body style="font-family: Noto Sans CJK SC; font-size: 12pt">{paragraphs}</body></html>'
    HTML(string=html).write_pdf(path)
    return path


def test_a_real_regulation_printed_to_pdf_imports_to_the_same_articles(tmp_path):
    """上海市社会救助条例 (2018) from the corpus, as a PDF: the parser reads the same 56 articles."""
    text = (CORPUS / "shanghai-shehui-jiuzhu-2018.md").read_text(encoding="utf-8")
    made = cli("import", pdf_of(text, tmp_path / "条例.pdf"))
    assert made.exit_code == 0, made.output
    imported = parse(made.stdout if hasattr(made, "stdout") else made.output)
    original = parse(text)
    assert [a.number for a in imported.articles] == [a.number for a in original.articles]
    squash = lambda s: "".join(s.split())  # noqa: E731  (lines wrap at the page's width)
    assert [squash(a.text) for a in imported.articles] == [
        squash(a.text) for a in original.articles
    ]


def test_a_scanned_pdf_without_text_gets_a_clear_answer(tmp_path):
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    with open(tmp_path / "扫描.pdf", "wb") as out:
        writer.write(out)
    made = cli("import", tmp_path / "扫描.pdf")
    assert made.exit_code == 1 and "没有文字层" in made.output and "文字识别" in made.output
