"""The notice board: the sheet a text page prints as (QR code, PDF), and the Traditional pages."""

from __future__ import annotations

import posixpath
import re
from pathlib import Path

import pypdfium2
import pytest
import segno
import zxingcpp
from hypothesis import assume, given
from hypothesis import strategies as st
from pypdf import PdfReader

from gongyue.adapters import fontconfig
from gongyue.publish import companion_writer, posters, qr, traditional
from gongyue.publish.traditional import to_traditional
from gongyue.publish.urls import engine_url

from .conftest import MINIMAL_CONFIG, build_site, write_tree
from .test_build import C, small_city

SITE_URL = "http://127.0.0.1:8000/"
XH = "chenghua/mengzhuiwan/xinhong/jumin-gongyue"
V = f"{XH}/2021-09-12/"


def _sheet_text(page) -> str:
    sheet = page.select_one(".gy-print-sheet article.gy-poster")
    return " ".join(sheet.get_text(" ", strip=True).split())


def test_a_version_page_carries_its_notice_board_sheet(demo):
    page = demo.html(V)
    text = _sheet_text(page)
    for words in (
        "新鸿社区居民公约",
        "2021-09-12 版 · 第3版",
        "现行有效",
        "施行日期 2021-09-14",
        "居民代表会议",
        "应到 50，实到 44，赞成 43",
        "已备案",
    ):
        assert words in text, words
    short = page.select_one(".gy-record code.gy-fingerprint").get_text(strip=True)
    assert page.select_one(".gy-print-sheet .gy-poster__fingerprint").get_text() == short
    assert page.select_one(".gy-print-sheet .gy-poster__url").get_text() == SITE_URL + V
    assert page.select_one(".gy-print-sheet svg.gy-qr")
    # The sheet's head is in the page once, kept out of search; the text is the page's own.
    assert len(page.select(".gy-print-sheet")) == 1
    assert page.select_one(".gy-print-sheet")["data-pagefind-ignore"] is not None
    assert page.select_one(".gy-print-sheet ~ .gy-text #tiao-7")
    assert page.select_one(".gy-print-sheet p.gy-poster__title") and len(page.select("h1")) == 1


def test_adopted_versions_drafts_and_the_text_in_force_print_as_sheets(demo):
    sheets = sorted(
        p.parent.name
        for p in demo.site_dir.glob(f"{XH}/*/index.html")
        if p.parent.name != "hant" and 'class="gy-print-sheet"' in p.read_text("utf-8")
    )
    assert sheets == ["2012-06-18", "2016-03-20", "2021-09-12", "draft"]
    failed = "qingyang/fanglinlu/yuan-141/yuanluo-gongyue/2018-10-13/"
    assert demo.exists(failed) and not demo.main(failed).select_one(".gy-print-sheet")
    assert not list(demo.site_dir.rglob("print"))  # no second page for the notice board
    button = demo.main(V).select_one(".gy-links .gy-print button.gy-print__button")
    assert button is not None and button.has_attr("hidden")  # the script shows it
    how = demo.main(V).select_one(".gy-links .gy-print__how").get_text()
    assert "张贴版" in how and "打印本页" in how  # without the script, the words say how
    # The text in force leads to its own version's page for the sheet: what a committee
    # prints today (one sheet per version, not a second copy in the page of the text).
    in_force = demo.main(f"{XH}/")
    assert not in_force.select_one(".gy-print-sheet")
    link = in_force.select_one('.gy-links a[href="2021-09-12/"]')
    assert link is not None and "张贴版" in link.get_text()
    assert demo.main("").select_one('.gy-subscribe a[href^="subscribe/?feed=feed.xml"]')


def test_a_draft_is_posted_for_comment_not_as_adopted_text(demo):
    page = demo.html(f"{XH}/draft/")
    text = _sheet_text(page)
    for words in (
        "修改草案 · 征求意见稿",
        "征求意见中",
        "征求意见 2026-11-20 至 2026-12-31",
        "不具有约束力",
    ):
        assert words in text, words
    assert "文本指纹" not in text and "表决结果" not in text
    assert page.select_one(".gy-poster__url").get_text() == f"{SITE_URL}{XH}/draft/"
    assert "征求意见公示张贴版" in page.select_one(".gy-links .gy-print__how").get_text()


def test_pdf_of_every_sheet_when_fonts_are_installed(demo):
    assert fontconfig.unavailable() is None, (
        "make test installs WeasyPrint, Pango and fonts-noto-cjk"
    )
    sheet = demo.site_dir / V / "jumin-gongyue-2021-09-12.pdf"
    reader = PdfReader(sheet)
    fonts = {
        str(font.get_object()["/BaseFont"])
        for page in reader.pages
        for font in page["/Resources"]["/Font"].values()
    }
    assert any("Noto-Sans-CJK" in f for f in fonts), fonts  # Chinese glyphs, not boxes
    first = "".join(reader.pages[0].extract_text().split())  # the URL wraps on paper
    short = demo.main(V).select_one(".gy-record .gy-fingerprint").get_text(strip=True)
    for words in ("新鸿社区居民公约", "现行有效", "施行日期2021-09-14", short, SITE_URL + V):
        assert words in first, words
    assert len(reader.pages) >= 2  # the sheet, then the text
    printed = pypdfium2.PdfDocument(sheet)[0].render(scale=2).to_pil()  # the sheet, as printed
    assert [code.text for code in zxingcpp.read_barcodes(printed)] == [SITE_URL + V]
    assert demo.main(V).select_one('.gy-links a[href="jumin-gongyue-2021-09-12.pdf"]')
    assert demo.main(f"{XH}/").select_one(
        '.gy-links a[href="2021-09-12/jumin-gongyue-2021-09-12.pdf"]'
    )
    assert not (demo.site_dir / posters.SHEETS_FOR_PDF).exists()  # the sources are gone


def test_missing_fonts_give_a_clear_message_and_no_pdf_link(tmp_path, monkeypatch, caplog):
    monkeypatch.setattr(fontconfig, "chinese_fonts", lambda: [])
    config = MINIMAL_CONFIG.format(date="2024-01-01") + "      pdf: true\n"
    config = config.replace("site_name: 测试城市", f"site_name: 测试城市\nsite_url: {SITE_URL}")
    built = build_site(
        write_tree(tmp_path / "p", {"mkdocs.yml": config, **small_city()}), strict=False
    )
    messages = [r.getMessage() for r in caplog.records]
    assert any("没有中文字体" in m and "apt-get install fonts-noto-cjk" in m for m in messages), (
        messages
    )
    assert not list(built.site_dir.rglob("*.pdf"))
    version = built.path(f"{C}/2016-03-20/").read_text("utf-8")
    assert "PDF（A4" not in version and "gy-qr" in version


def test_posters_qr_codes_and_pdfs_are_the_same_bytes_every_build(tmp_path, monkeypatch):
    config = MINIMAL_CONFIG.format(date="2024-01-01") + "      pdf: true\n"
    config = config.replace("site_name: 测试城市", f"site_name: 测试城市\nsite_url: {SITE_URL}")
    project = write_tree(tmp_path / "p", {"mkdocs.yml": config, **small_city()})
    first = build_site(project, tmp_path / "a")  # three PDFs: made one after another
    monkeypatch.setattr(posters, "PARALLEL_PDFS_FROM", 1)
    second = build_site(project, tmp_path / "b")  # the same, spread over worker processes
    made = [
        *first.site_dir.rglob("*.pdf"),
        *(p for p in first.site_dir.glob(f"{C}/*/index.html") if p.parent.name != "hant"),
        *first.site_dir.rglob("hant/index.html"),
        *first.site_dir.rglob("hant.json"),
        *first.site_dir.rglob("papers/*/index.html"),
    ]
    assert len(list(first.site_dir.glob(f"{C}/*/*.pdf"))) == 3  # 2 versions, 1 draft
    assert len(list(first.site_dir.rglob("papers/*/*.pdf"))) == 2  # the draft's notice, views
    # 3 sheets' and 2 papers' PDFs; 3 pages that print as sheets (the last version's with
    # its 4 papers) and the history; the search page in Traditional and the charter's
    # table; the draft's 2 papers
    assert len(made) == 5 + 4 + 2 + 2
    assert "gy-qr" in first.path(f"{C}/2016-03-20/").read_text("utf-8")
    for rel in (p.relative_to(first.site_dir) for p in made):
        assert (first.site_dir / rel).read_bytes() == (second.site_dir / rel).read_bytes(), rel


def test_without_site_url_the_sheet_says_why_it_has_no_qr(make_site):
    built = make_site(small_city())
    sheet = built.html(f"{C}/2016-03-20/").select_one(".gy-print-sheet").get_text()
    assert "gy-qr" not in built.path(f"{C}/2016-03-20/").read_text("utf-8")
    assert "没有设置网址 site_url" in sheet


# 繁體 (the charters' tables: tests/test_traditional_table.py)


@given(st.text(alphabet=st.sampled_from('新鸿社区发布里面<>"=/ #abc-1')))
def test_conversion_never_touches_tags(html):
    tags = re.findall(r"<[^>]*>", html)
    converted = to_traditional(html)
    assert [
        re.sub(r'(aria-label|title|alt)="[^"]*"', "", t) for t in re.findall(r"<[^>]*>", converted)
    ] == [re.sub(r'(aria-label|title|alt)="[^"]*"', "", t) for t in tags]


SEGMENT = st.sampled_from(["a", "b", "jumin-gongyue", "2021-09-12", "print", "hant"])
FOLDER = st.lists(SEGMENT, max_size=4).map(lambda parts: "".join(p + "/" for p in parts))


@given(
    target=st.one_of(FOLDER, FOLDER.map(lambda f: f + "charter.json")),
    page=FOLDER,
    fragment=st.sampled_from(["", "#tiao-7"]),
)
def test_links_on_posters_and_hant_pages_lead_where_the_engines_do(target, page, fragment):
    from mkdocs.utils import get_relative_url

    assume(target or not fragment)  # "#x" alone is an anchor on the same page, kept as is
    ours = engine_url(target + fragment, page)
    assert ours.endswith(fragment)
    path = ours.removesuffix(fragment)

    def landing(rel: str) -> str:
        return posixpath.normpath(posixpath.join(page or ".", rel))

    assert landing(path) == landing(get_relative_url(target, page))
    # folders stay folders (a link to the page itself is its anchor alone, as MkDocs writes it)
    assert not (target and path) or path.endswith("/") == target.endswith("/")


def test_posters_and_traditional_pages_can_be_turned_off(tmp_path):
    config = (
        MINIMAL_CONFIG.format(date="2024-01-01")
        + "      posters: false\n      traditional: false\n"
    )
    built = build_site(write_tree(tmp_path / "p", {"mkdocs.yml": config, **small_city()}))
    assert not list(built.site_dir.rglob("hant")) and not list(built.site_dir.rglob("papers"))
    version = next(p for p in built.site_dir.rglob("2016-03-20/index.html")).read_text("utf-8")
    assert "gy-print-sheet" not in version
    assert "gy-print__button" not in version and 'href="hant/"' not in version


def test_links_keep_their_characters_while_readable_attributes_convert():
    html = '<a href="/发布/#里" title="发布">发布</a><img alt="头发" src="头发.png">'
    assert (
        to_traditional(html)
        == '<a href="/发布/#里" title="發佈">發佈</a><img alt="頭髮" src="头发.png">'
    )


def test_a_conversion_that_changes_the_markup_stops_instead_of_publishing_simplified(monkeypatch):
    class Breaks:
        def convert(self, text: str) -> str:
            return text.replace("<p>", "＜p>")  # a converter that touches markup

    monkeypatch.setattr(traditional, "_converter", lambda variant: Breaks())
    with pytest.raises(traditional.ConversionError) as raised:
        to_traditional("<p>居民公约</p>")
    said = companion_writer.failure(raised.value, Path("."))
    assert said.startswith("错误：繁体转换") and "修改建议" in said


@given(st.text(alphabet=st.sampled_from("abcxyz-019/中文"), min_size=1, max_size=60))
def test_the_qr_codes_strokes_draw_exactly_its_dark_modules(path):
    url = SITE_URL + path
    strokes = re.search(r'stroke="#000" d="([^"]*)"', qr.qr_svg(url)).group(1)
    drawn, x, y = set(), 0, 0
    for move, dx, dy, length in re.findall(r"([Mm])(-?\d+) (-?\d+)(?:\.5)?h(\d+)", strokes):
        x, y = (int(dx), int(dy)) if move == "M" else (x + int(dx), y + int(dy))
        drawn |= {(x + i, y) for i in range(int(length))}
        x += int(length)
    matrix = segno.make_qr(url, error="m", mask=qr.QR_MASK).matrix
    zone = qr.QUIET_ZONE
    dark = {(c + zone, r + zone) for r, row in enumerate(matrix) for c, on in enumerate(row) if on}
    assert drawn == dark
