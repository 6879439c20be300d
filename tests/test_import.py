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


def test_heading_styles_make_the_title_chapters_and_sections(tmp_path):
    styles = "".join(
        f'<w:style w:type="paragraph" w:styleId="H{n}"><w:name w:val="heading {n}"/></w:style>'
        for n in (1, 2, 3)
    )
    word = WordFile(
        [
            para("社区公约", style="H1"),
            para("总则", style="H1"),
            para("甲", num="1"),
            para("细则", style="H3"),
        ],
        styles=styles,
    )
    assert body(tmp_path, word).split("\n\n") == ["# 社区公约", "## 总则", "第一条 甲", "### 细则"]


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


# --- LibreOffice as an independent reader ---------------------------------------------------------


def libreoffice(source: Path, to: str, folder: Path) -> Path:
    """``source`` converted by LibreOffice (installed by `make test`), with a profile of its own."""
    import shutil
    import subprocess

    program = shutil.which("soffice")
    assert program, "make test installs libreoffice-writer-nogui"
    profile = (folder / "profile").resolve().as_uri()
    subprocess.run(
        [
            program,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            to,
            "--outdir",
            str(folder),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    return folder / (source.stem + "." + to.split(":")[0])


def squashed_lines(text: str) -> list[str]:
    """Lines without their white space (LibreOffice indents lists and puts a tab after a
    label) and without Markdown's heading marks."""
    lines = ("".join(line.lstrip("#").split()) for line in text.replace("\ufeff", "").split("\n"))
    return [line for line in lines if line]


NUMBERED_FILES = {
    "articles and items": lambda: WordFile(
        charter(
            "爱护环境。", "居民应当：|垃圾分类；|文明养犬；|邻里和睦。", "本公约自通过之日起施行。"
        )
    ),
    "instances that continue and restart": lambda: WordFile(
        [
            para("甲", num="1"),
            para("一项", num="1", ilvl=1),
            para("乙", num="2"),
            para("丙", num="3"),
        ],
        nums={"1": "1", "2": "1", "3": "1"},
        overrides={"3": '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride>'},
    ),
    "legal capitals": lambda: WordFile(
        [para("甲", num="1"), para("乙", num="1")],
        abstract={"1": level(0, "chineseLegalSimplified", "第%1条")},
    ),
    "a hundred and one articles": lambda: WordFile(
        [para(f"第{n}条的内容。", num="1") for n in range(1, 102)]
    ),
    "circled and full-width": lambda: WordFile(
        [para("甲", num="1"), para("子项", num="1", ilvl=1), para("乙", num="1")],
        abstract={
            "1": level(0, "decimalFullWidth", "%1．") + level(1, "decimalEnclosedCircle", "%2")
        },
    ),
}


@pytest.mark.parametrize("name", sorted(NUMBERED_FILES))
def test_libreoffice_reads_the_same_numbers_and_texts(tmp_path, name):
    source = NUMBERED_FILES[name]().write(tmp_path / "公约.docx")
    ours = squashed_lines("\n".join(read_docx(source).lines))
    theirs = squashed_lines(
        libreoffice(source, "txt:Text (encoded):UTF8", tmp_path).read_text(encoding="utf-8")
    )
    assert ours == theirs


@pytest.mark.parametrize(
    "name",
    ["shanghai-shehui-jiuzhu-2018", "dongyuan-jumin-gongyue", "chengdong-jumin-gongyue"],
)
def test_real_texts_saved_as_docx_by_libreoffice_import_to_the_same_articles(tmp_path, name):
    """A regulation and two published 居民公约 from the corpus, saved as Word files by LibreOffice."""
    text = (CORPUS / f"{name}.md").read_text(encoding="utf-8")
    plain = tmp_path / "条例.txt"
    plain.write_text(text, encoding="utf-8")
    word = libreoffice(plain, "docx", tmp_path)
    imported = parse("\n".join(read_docx(word).lines))
    original = parse(text)
    assert [a.number for a in imported.articles] == [a.number for a in original.articles] != []
    assert [a.text for a in imported.articles] == [a.text for a in original.articles]


def test_an_old_word_file_is_converted_by_libreoffice_and_imported(tmp_path):
    source = NUMBERED_FILES["articles and items"]().write(tmp_path / "公约.docx")
    old = libreoffice(source, "doc", tmp_path / "old")
    made = cli("import", old)
    assert made.exit_code == 0, made.output
    assert ".doc 文件已由 LibreOffice 转成 .docx 再导入" in made.output
    assert "第二条 居民应当：" in made.output and "（三）邻里和睦。" in made.output


# --- uploads through the git host's web page ----------------------------------------------------


def test_uploaded_word_files_become_drafts_and_the_report_says_so(tmp_path):
    root = city(tmp_path)
    WordFile(charter("爱护环境，垃圾分类。", "邻里和睦。")).write(root / C / "修改稿.docx")
    report = tmp_path / "导入说明.md"
    made = cli("import-uploads", root, "--report", report, "--date", "2024-06-01")
    assert made.exit_code == 0, made.output
    assert (root / C / "draft.md").is_file() and not (root / C / "修改稿.docx").exists()
    said = report.read_text(encoding="utf-8")
    assert (
        said.startswith("## 导入上传的文件")
        and f"### docs/{C.split('docs/', 1)[-1]}/修改稿.docx" in said
    )
    assert "Word 自动编号 2 处已写成文字" in said and "删除了上传的 修改稿.docx" in said
    assert cli("check", root, "--date", "2024-06-01").exit_code == 0


def test_an_upload_beside_a_draft_is_kept_and_said(tmp_path):
    root = city(tmp_path)
    assert cli("amend", root / C, "--date", "2024-06-01").exit_code == 0
    draft = (root / C / "draft.md").read_text(encoding="utf-8")
    WordFile(charter("爱护环境。")).write(root / C / "修改稿.docx")
    made = cli("import-uploads", root, "--date", "2024-06-01")
    assert (
        made.exit_code == 1
        and "已经存在" in made.output
        and "1 个上传的文件没有导入" in made.output
    )
    assert (root / C / "修改稿.docx").is_file()
    assert (root / C / "draft.md").read_text(encoding="utf-8") == draft


def test_the_github_templates_import_step_commits_the_draft_and_comments(tmp_path):
    """The step as GitHub runs it, on a checkout of a change request's branch: git and a
    stand-in for the gh program, everything else as written in the template."""
    import os
    import subprocess

    import yaml

    template = yaml.safe_load(
        (Path(__file__).parent.parent / "src/gongyue/starter/ci/github.yml").read_text(
            encoding="utf-8"
        )
    )
    step = next(
        s for s in template["jobs"]["check"]["steps"] if s.get("name", "").startswith("导入")
    )
    script = (
        step["run"]
        .replace("${{ github.head_ref }}", "upload")
        .replace("${{ github.event.pull_request.number }}", "7")
    )
    root = city(tmp_path)

    def git(*args: str) -> None:
        who = ["-c", "user.name=居委会", "-c", "user.email=j@localhost"]
        subprocess.run(["git", *who, *args], cwd=root, check=True, capture_output=True)

    if not (root / ".git").exists():
        git("init", "-q")
        git("add", "-A")
        git("commit", "-q", "-m", "城市")
    remote = tmp_path / "remote.git"
    subprocess.run(["git", "init", "-q", "--bare", str(remote)], check=True)
    git("remote", "add", "origin", str(remote))
    git("checkout", "-q", "-b", "upload")
    WordFile(charter("爱护环境，垃圾分类。", "邻里和睦。")).write(root / C / "修改稿.docx")
    git("add", "-A")
    git("commit", "-q", "-m", "上传修改稿")
    shims = tmp_path / "bin"
    shims.mkdir()
    (shims / "gh").write_text(f'#!/bin/sh\necho "$@" > {tmp_path}/gh-called\n', encoding="utf-8")
    (shims / "gh").chmod(0o755)
    (shims / "gongyue").write_text(
        f'#!/bin/sh\nexec {os.sys.executable} -m gongyue.cli "$@"\n', encoding="utf-8"
    )
    (shims / "gongyue").chmod(0o755)
    env = {**os.environ, "PATH": f"{shims}:{os.environ['PATH']}", "SOURCE_DATE_EPOCH": "1717200000"}
    ran = subprocess.run(
        ["bash", "-e", "-c", script], cwd=root, env=env, capture_output=True, text=True
    )
    assert ran.returncode == 0, ran.stdout + ran.stderr
    pushed = subprocess.run(
        [
            "git",
            "-c",
            "core.quotepath=false",
            "--git-dir",
            str(remote),
            "show",
            "--stat",
            "--format=%s",
            "upload",
        ],
        capture_output=True,
        text=True,
    ).stdout
    assert (
        "导入上传的文件（gongyue import-uploads）" in pushed
        and "draft.md" in pushed
        and "修改稿.docx" in pushed
    )
    assert (tmp_path / "gh-called").read_text().split() == [
        "pr",
        "comment",
        "7",
        "--body-file",
        "import-report.md",
    ]


def test_a_list_style_a_removed_number_and_a_broken_file(tmp_path):
    word = WordFile(
        [para("甲", num="2"), para("不编号", num="0"), para("乙", num="2")],
        abstract={
            "1": '<w:styleLink w:val="条文列表"/>' + ARTICLES,
            "2": '<w:numStyleLink w:val="条文列表"/>',
        },
        nums={"1": "1", "2": "2"},
    )
    read = read_docx(word.write(tmp_path / "f.docx"))
    assert read.lines == ["第一条 甲", "", "不编号", "", "第二条 乙"] and read.report.unsure == []
    (tmp_path / "坏.docx").write_bytes(b"PK\x03\x04 not a package")
    made = cli("import", tmp_path / "坏.docx")
    assert made.exit_code == 1 and "不是完好的 Word（.docx）文件" in made.output
    assert "Traceback" not in made.output


def test_what_word_writes_around_the_text_leaves_the_text_alone(tmp_path):
    """Bookmarks, move ranges, content controls, phonetic guides, positional tabs."""
    word = WordFile(
        [
            '<w:bookmarkStart w:id="1" w:name="a"/>',
            para(
                '<w:moveToRangeStart w:id="5" w:author="x" w:name="m"/>',
                "<w:sdt><w:sdtContent><w:r><w:t>居民</w:t></w:r></w:sdtContent></w:sdt>",
                "<w:ruby><w:rt><w:r><w:t>bǎo</w:t></w:r></w:rt><w:rubyBase><w:r><w:t>保</w:t></w:r></w:rubyBase></w:ruby>",
                "护环境",
                '<w:r><w:ptab w:relativeTo="margin" w:alignment="right" w:leader="none"/></w:r>',
                '<w:moveToRangeEnd w:id="5"/>',
                num="1",
            ),
            '<w:bookmarkEnd w:id="1"/>',
            '<w:customXml w:element="x">' + para("邻里和睦。", num="1") + "</w:customXml>",
        ]
    )
    read = read_docx(word.write(tmp_path / "f.docx"))
    assert read.lines == ["第一条 居民保护环境", "", "第二条 邻里和睦。"]
    assert read.report.dropped == []
