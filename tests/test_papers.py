"""The papers of the procedure (issue 26): made from the record, shown in the demo, printed
through the CLI; the views received kept without who gave them, and frozen after the vote."""

from __future__ import annotations

import hashlib
import re
from fractions import Fraction
from pathlib import Path

import pypdfium2
import pytest
import zxingcpp
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st
from pypdf import PdfReader

from gongyue.cli import gongyue
from gongyue.procedure.lock import LOCK_NAME
from gongyue.procedure.rules import Threshold
from gongyue.record.canonical import canonical_feedback, feedback_digest

from .conftest import ROOT
from .test_check_corpus import C
from .test_decision_record import VOTE, city

SITE_URL = "http://127.0.0.1:8000/"
Y141 = "qingyang/fanglinlu/yuan-141/yuanluo-gongyue"
Y131 = "qingyang/fanglinlu/yuan-131/yuanluo-gongyue"
DRAFT = f"{Y141}/draft/"
ADOPTED = f"{Y131}/2025-06-21/"


def paper_text(demo, url: str) -> str:
    sheet = demo.html(url).select_one("article.gy-paper")
    assert sheet is not None, url
    return " ".join(sheet.get_text(" ", strip=True).split())


def version_paper(demo, url: str, kind: str):
    """A decided version's paper, in its own page (shown when #gy-paper-<kind> is followed)."""
    sheet = demo.main(url).select_one(f".gy > #gy-paper-{kind}.gy-paper-print article.gy-paper")
    assert sheet is not None, (url, kind)
    return sheet


def version_paper_text(demo, url: str, kind: str) -> str:
    return " ".join(version_paper(demo, url, kind).get_text(" ", strip=True).split())


def run(*args: object):
    return CliRunner().invoke(gongyue, [str(a) for a in args])


# --- the quorum and majority, worked out -------------------------------------------------


@given(
    st.integers(1, 9).flatmap(lambda d: st.tuples(st.integers(1, d), st.just(d))),
    st.booleans(),
    st.integers(0, 5000),
)
def test_the_fewest_that_meet_a_threshold_meet_it_and_one_fewer_does_not(fraction, strict, whole):
    rule = Threshold(Fraction(*fraction), strict)
    least = rule.least(whole)
    if whole > 0 and least <= whole:
        assert rule.met(least, whole)
    if least > 0 and whole > 0:
        assert not rule.met(least - 1, whole)


# --- the papers of the demo's amendment, before the meeting ----------------------------------


def test_the_consultation_notice_says_what_where_how_and_until_when(demo):
    text = paper_text(demo, DRAFT + "papers/notice/")
    for words in (
        "关于《芳邻路141号院落公约》修改草案征求意见的公告",
        "楼顶平台不晾晒大件物品",
        "一、将第三条修改为：",
        "网上：" + SITE_URL + DRAFT,
        "当面：芳邻路141号（示例）",
        "2026-11-09 至 2026-11-22，共 14 天（按规定不少于 7 天）",
        "提意见不需要写姓名",
        "2026年11月9日",
    ):
        assert words in text, words
    qr = demo.html(DRAFT + "papers/notice/").select_one(".gy-paper__qr svg")
    assert qr is not None and qr["aria-label"] == f"二维码：{SITE_URL}{DRAFT}"


def test_one_numbered_ballot_per_household_with_each_item_of_the_decision(demo):
    page = demo.html(DRAFT + "papers/ballot/")
    ballots = page.select("section.gy-ballot")
    assert len(ballots) == 52  # plan.eligible: one per household
    numbers = [b.select_one(".gy-ballot__no").get_text() for b in ballots]
    assert numbers[0] == "第 01 号" and numbers[-1] == "第 52 号" and len(set(numbers)) == 52
    first = " ".join(ballots[0].get_text(" ", strip=True).split())
    assert "芳邻路141号院落坝坝会表决票（户代表用）" in first  # one per household
    assert "2026年12月5日 · 141号院落坝子" in first
    questions = ballots[0].select(".gy-ballot__question")
    assert [q.select_one("strong").get_text() for q in questions] == ["第一项", "第二项"]
    assert "电动自行车停在院内车棚充电" in questions[1].get_text()
    for question in questions:
        assert [b.get_text(strip=True) for b in question.select(".gy-box")] == [
            "同意",
            "不同意",
            "弃权",
        ]


def test_the_tally_sheet_works_out_the_quorum_and_majority_for_this_meeting(demo):
    text = paper_text(demo, DRAFT + "papers/tally/")
    assert "应到 52 户" in text and "实到 ______ 户" in text
    assert "会议须有应到的过半数出席：应到 52 户， 至少 27 户 出席" in text
    assert "出席 27 户时 至少 14 票 同意；52 户全部出席时 至少 27 票 同意" in text
    assert "依据：参照居民会议的规定" in text
    assert text.count("举手的户数（画“正”字）") == 2  # one table per item voted
    assert "计票人" in text and "监票人" in text


def test_the_minutes_before_the_meeting_leave_what_it_decides_blank(demo):
    text = paper_text(demo, DRAFT + "papers/minutes/")
    assert "芳邻路141号院落坝坝会会议记录" in text
    assert "应到 52 户 实到 ______ 户" in text
    assert "1. 院落议事会说明修改草案和征求意见情况" in text or "院落议事会说明修改草案" in text
    assert "□ 通过 □ 未通过" in text


# --- after the meeting ----------------------------------------------------------------------


def test_the_publication_notice_says_who_adopted_it_when_and_how_to_check_it(demo):
    text = version_paper_text(demo, ADOPTED, "publication")
    assert (
        "已于 2025年6月21日经芳邻路131号院落坝坝会表决通过（应到 39 户，实到 33 户，同意 32，不同意 0，"
        "弃权 1），现予公布，自 2025年7月1日起施行" in text
    )
    short = demo.main(ADOPTED).select_one(".gy-record .gy-fingerprint").get_text(strip=True)
    assert f"文本指纹：{short}" in text.replace(" ", "")
    assert demo.main(ADOPTED).select_one('.gy-links a[href="#gy-paper-publication"]')
    assert not demo.exists(ADOPTED + "papers/publication/")  # no page of its own


def test_the_filing_report_goes_to_the_office_named_with_the_whole_procedure(demo):
    text = version_paper_text(demo, ADOPTED, "filing")
    assert text.startswith(
        "青羊区 · 芳邻路社区 · 芳邻路131号院落 关于《芳邻路131号院落公约》的备案报告"
    )
    assert "芳邻路社区居民委员会：" in text
    assert "2025-05-26 至 2025-06-08，收到意见 3 条，采纳 2 条，部分采纳 0 条，未采纳 1 条" in text
    assert "应到 39 户，实到 33，同意 32，不同意 0，弃权 1；通过" in text
    full = demo.main(ADOPTED).select_one(".gy-record .gy-fingerprint")["title"]
    full = full.removeprefix("SHA-256：")
    assert full in text


def test_what_residents_said_is_published_with_what_became_of_it_and_never_who(demo):
    rows = version_paper(demo, ADOPTED, "feedback").select("table.gy-paper__table tbody tr")
    cells = [[td.get_text(strip=True) for td in row.select("td")] for row in rows]
    assert [c[2:4] for c in cells] == [["会议", "采纳"], ["上门", "采纳"], ["意见箱", "未采纳"]]
    assert cells[2][4].startswith("门禁需要全体住户出资")
    record = " ".join(demo.main(ADOPTED).select_one(".gy-record").get_text(" ", strip=True).split())
    assert "征求意见期间收到意见 3 条，采纳 2 条" in record
    assert demo.main(ADOPTED).select_one('.gy-record a[href="#gy-paper-feedback"]')
    in_force = demo.main(f"{Y131}/").select_one(".gy-record a[href$='#gy-paper-feedback']")
    assert in_force["href"] == "2025-06-21/#gy-paper-feedback"  # from the text in force


def test_the_committee_finds_every_paper_on_its_pages_and_residents_are_not_sent_there(demo):
    def listed(url: str) -> list[str]:
        box = demo.html(url).select_one("details.gy-committee--papers")
        return [a["href"] for a in box.select("a")] if box else []

    assert listed(DRAFT) == [
        f"papers/{k}/" for k in ("notice", "ballot", "tally", "minutes", "feedback")
    ]
    assert listed(ADOPTED) == [
        f"#gy-paper-{k}" for k in ("minutes", "publication", "filing", "feedback")
    ]
    xinhong = "chenghua/mengzhuiwan/xinhong/jumin-gongyue/draft/"
    assert listed(xinhong) == ["papers/notice/", "papers/feedback/"]  # no meeting planned yet
    assert not demo.exists(xinhong + "papers/ballot/")
    older = f"{Y131}/2023-04-22/"  # an old version: its papers are printed with gongyue print
    assert listed(older) == [] and not demo.main(older).select_one(".gy-paper-print")
    nav = demo.html(DRAFT).select_one("nav.md-nav")
    assert nav is None or not re.search(r"papers/(notice|ballot|tally|minutes|filing)", str(nav))


def test_every_paper_is_a_printable_sheet_without_script(demo):
    sheets = list(demo.site_dir.glob(DRAFT + "papers/*/index.html"))
    assert len(sheets) == 5
    for sheet in sheets:
        page = sheet.read_text(encoding="utf-8")
        assert "<script" not in page and 'lang="zh-Hans"' in page
        assert "assets/gongyue/papers.css" in page
    # A decided version's papers are in its page, which brings their stylesheet.
    assert not list(demo.site_dir.glob(ADOPTED + "papers/*"))
    assert demo.html(ADOPTED).select_one('link[href$="assets/gongyue/papers.css"]')
    css = (demo.site_dir / "assets/gongyue/papers.css").read_text(encoding="utf-8")
    assert "@page { size: A4 portrait" in css
    assert re.search(r"\.gy-paper \{ font-size: 14pt; \}", css)
    assert re.search(r"\.gy-ballot \{ font-size: 16pt; \}", css)
    assert "break-inside: avoid" in css


# --- gongyue print -----------------------------------------------------------------------------


def test_print_writes_a_self_contained_page_and_never_over_a_file(tmp_path):
    out = tmp_path / "公告.html"
    made = run("print", ROOT / "docs" / Y141, "notice", "-o", out, "--date", "2026-11-25")
    assert made.exit_code == 0, made.output
    html = out.read_text(encoding="utf-8")
    assert "<style>" in html and "assets/gongyue/papers.css" not in html
    assert "征求意见的公告" in html
    again = run("print", ROOT / "docs" / Y141, "notice", "-o", out, "--date", "2026-11-25")
    assert again.exit_code == 1 and "已经存在" in again.output
    missing = run("print", ROOT / "docs/chenghua/mengzhuiwan/xinhong/jumin-gongyue", "ballot")
    assert missing.exit_code == 1 and "还没有表决票" in missing.output and "plan" in missing.output
    assert "Traceback" not in missing.output


def test_printed_ballots_are_a4_never_split_large_and_extractable(tmp_path):
    out = tmp_path / "表决票.pdf"
    made = run("print", ROOT / "docs" / Y141, "ballot", "-o", out, "--date", "2026-11-25")
    assert made.exit_code == 0, made.output
    reader = PdfReader(out)
    assert all(round(float(p.mediabox.width)) == 595 for p in reader.pages)  # A4: 210 mm
    assert all(round(float(p.mediabox.height)) == 842 for p in reader.pages)  # 297 mm
    texts = ["".join(p.extract_text().split()) for p in reader.pages]
    for text in texts:  # a ballot is whole on its page: its number, both items and the rule
        assert len(re.findall(r"第\d+号", text)) == text.count("填写方法") > 0
    assert sum(t.count("填写方法") for t in texts) == 52
    sizes = font_sizes(reader.pages[1])
    assert sizes and min(sizes) >= 15.9, sizes  # 16 pt, as printed


def test_a_printed_notice_has_a_qr_code_that_leads_to_the_draft(tmp_path):
    out = tmp_path / "公告.pdf"
    made = run("print", ROOT / "docs" / Y141, "notice", "-o", out, "--date", "2026-11-25")
    assert made.exit_code == 0, made.output
    page = pypdfium2.PdfDocument(out)[0].render(scale=2).to_pil()
    assert [code.text for code in zxingcpp.read_barcodes(page)] == [SITE_URL + DRAFT]
    whole = "".join("".join(p.extract_text().split()) for p in PdfReader(out).pages)
    assert "2026-11-09至2026-11-22" in whole
    assert min(font_sizes(PdfReader(out).pages[0])) >= 13.9  # body 14 pt


def font_sizes(page) -> list[float]:
    """The size each run of text is set in on a PDF page, in points."""
    sizes: list[float] = []

    def visit(text, cm, tm, font, size):  # type: ignore[no-untyped-def]
        if text.strip():
            scale = (tm[0] ** 2 + tm[1] ** 2) ** 0.5 * (cm[0] ** 2 + cm[1] ** 2) ** 0.5
            sizes.append(round(size * scale, 1))

    page.extract_text(visitor_text=visit)
    return sizes


# --- the record: views without names, frozen after the vote --------------------------------------


RECEIVED = """consultation:
  from: 2024-05-01
  to: 2024-05-10
  received:
    - {summary: 建议增加文明养犬。, via: 电话, outcome: 采纳}
    - {summary: PLACE, via: 意见箱, outcome: 未采纳, why: WHY}
"""


def draft_with(tmp_path: Path, summary: str, why: str = "与上位法不符。") -> Path:
    root = city(tmp_path)
    made = run("amend", root / C, "--date", "2024-06-01")
    assert made.exit_code == 0, made.output
    draft = root / C / "draft.md"
    text = draft.read_text(encoding="utf-8")
    block = RECEIVED.replace("PLACE", summary).replace("WHY", why)
    draft.write_text(text.replace("\n---\n", "\n" + block + "---\n", 1), encoding="utf-8")
    return draft


@pytest.mark.parametrize(
    ("summary", "what"),
    [
        ("请回电13812345678。", "手机号码"),
        ("请回电 138-1234-5678。", "手机号码"),
        ("身份证510104199001011234的住户反映。", "身份证号码"),
        ("座机028-87654321。", "电话号码"),
    ],
)
def test_a_residents_number_in_a_view_is_refused_with_its_line(tmp_path, summary, what):
    draft = draft_with(tmp_path, summary)
    checked = run("check", draft.parents[4], "--date", "2024-06-01")
    assert checked.exit_code == 1, checked.output
    line = next(n for n, t in enumerate(draft.read_text("utf-8").split("\n"), 1) if summary in t)
    assert f"draft.md:{line}: 错误：第 2 条意见里有{what}" in checked.output


def test_a_name_field_and_a_view_not_adopted_without_reason_are_refused(tmp_path):
    draft = draft_with(tmp_path, "建议禁止养犬。", why="")
    text = (
        draft.read_text("utf-8")
        .replace(", why: }", "}")
        .replace(
            "{summary: 建议增加文明养犬。, via: 电话, outcome: 采纳}",
            "{summary: 建议增加文明养犬。, via: 电话, outcome: 采纳, name: 张三}",
        )
    )
    draft.write_text(text, encoding="utf-8")
    checked = run("check", draft.parents[4], "--date", "2024-06-01")
    assert checked.exit_code == 1
    assert "意见记录里不能有“name”：网站不公布提意见的人是谁" in checked.output
    draft.write_text(text.replace(", name: 张三", ""), encoding="utf-8")
    checked = run("check", draft.parents[4], "--date", "2024-06-01")
    assert "第 2 条意见未采纳，没有写理由" in checked.output


def test_adoption_keeps_the_views_drops_the_plan_and_the_lock_freezes_the_views(tmp_path):
    draft = draft_with(tmp_path, "建议禁止养犬。")
    text = draft.read_text("utf-8").replace(
        "summary: （请填写：本次修改了什么）", "summary: 文明养犬"
    )
    plan = "plan:\n  body: 居民代表会议\n  date: 2024-05-20\n  unit: 代表\n  eligible: 45\n"
    draft.write_text(text.replace("\n---\n", "\n" + plan + "---\n", 1), encoding="utf-8")
    adopted = run("adopt", draft.parent, "--date", "2024-05-20", *VOTE, "--published", "2024-05-22")
    assert adopted.exit_code == 0, adopted.output
    version_file = draft.parent / "2024-05-20.md"
    version = version_file.read_text(encoding="utf-8")
    assert "建议禁止养犬。" in version and "why: 与上位法不符。" in version
    assert "plan:" not in version
    root = draft.parents[4]
    assert '"feedback"' in (root / LOCK_NAME).read_text(encoding="utf-8")
    version_file.write_text(
        version.replace("outcome: 未采纳", "outcome: 部分采纳"), encoding="utf-8"
    )
    checked = run("check", root, "--date", "2024-06-01")
    assert (
        checked.exit_code == 1 and "征求意见情况（consultation.received）被改动了" in checked.output
    )


def test_the_feedback_digest_follows_its_written_specification():
    """Section 9 of the fingerprint specification, computed here from its words alone."""
    rows = [
        ("建议\t增加 ", "电话", "采纳", None),
        ("不要\\收费", "意见箱", "未采纳", "超出公约范围"),
    ]
    lines = "".join(
        "\t".join(
            part.replace("\\", "\\\\").replace("\n", "\\n").replace("\t", "\\t")
            for part in (summary.strip(), via, outcome, (why or "").strip())
        )
        + "\n"
        for summary, via, outcome, why in rows
    )
    expected = hashlib.sha256(f"gongyue-feedback-v1\n{lines}".encode()).hexdigest()
    assert feedback_digest(canonical_feedback(rows)) == expected
    assert feedback_digest(canonical_feedback([])) is None


def test_the_version_page_itself_lists_each_view_and_its_outcome(demo):
    rows = demo.main(ADOPTED).select(".gy-record details.gy-received tbody tr")
    assert [[td.get_text(strip=True) for td in row.select("td")][3] for row in rows] == [
        "采纳",
        "采纳",
        "未采纳",
    ]


def test_ballots_are_printed_in_batches_from_the_number_asked(tmp_path):
    out = tmp_path / "票.html"
    made = run(
        "print", ROOT / "docs" / Y141, "ballot", "--first", "51", "-o", out, "--date", "2026-11-25"
    )
    assert made.exit_code == 0, made.output
    numbers = re.findall(r'gy-ballot__no">第 (\d+) 号', out.read_text(encoding="utf-8"))
    assert numbers == ["51", "52"]
    beyond = run("print", ROOT / "docs" / Y141, "ballot", "--first", "53", "--date", "2026-11-25")
    assert beyond.exit_code == 1 and "应到只有 52 户，没有第 53 号表决票" in beyond.output


def test_with_pdf_on_a_drafts_papers_come_as_pdfs_too(demo):
    folder = demo.site_dir / DRAFT / "papers"
    pdfs = sorted(p.name for p in folder.glob("*/*.pdf"))
    assert pdfs == sorted(
        f"yuanluo-gongyue-draft-{k}.pdf"
        for k in ("notice", "ballot", "tally", "minutes", "feedback")
    )
    link = demo.html(DRAFT + "papers/tally/").select_one(
        'a[href="yuanluo-gongyue-draft-tally.pdf"]'
    )
    assert link is not None
    reader = PdfReader(folder / "tally" / "yuanluo-gongyue-draft-tally.pdf")
    text = "".join("".join(p.extract_text().split()) for p in reader.pages)
    assert "至少27户出席" in text and "至少14票同意" in text
    assert not list((demo.site_dir / ADOPTED / "papers").glob("*/*.pdf"))  # versions: HTML only


def test_an_owners_assembly_counts_area_as_well(tmp_path):
    """业主大会 (民法典第二百七十八条): the tally sheet has the area lines and column."""
    from gongyue.procedure.rules import DEFAULT_RULES
    from gongyue.publish.papers import counting

    k = counting(DEFAULT_RULES, "业主大会", 120, "业主")
    assert (k.quorum, k.majority(80), k.majority(120)) == (80, 41, 61)  # 三分之二以上; 过半数
    root = city(tmp_path)
    made = run("amend", root / C, "--date", "2024-06-01")
    assert made.exit_code == 0, made.output
    draft = root / C / "draft.md"
    plan = "plan:\n  body: 业主大会\n  date: 2024-07-01\n  unit: 业主\n  eligible: 120\n"
    text = draft.read_text(encoding="utf-8")
    draft.write_text(text.replace("\n---\n", "\n" + plan + "---\n", 1), encoding="utf-8")
    out = tmp_path / "计票表.html"
    printed = run("print", root / C, "tally", "-o", out, "--date", "2024-06-01")
    assert printed.exit_code == 0, printed.output
    html = out.read_text(encoding="utf-8")
    assert "至少 80 业主</strong>出席" in html and "专有部分面积（平方米）" in html
    assert "参与表决的面积须达到总面积的三分之二以上" in html


def test_what_a_committee_types_into_the_views_and_the_plan_never_runs_as_script(tmp_path):
    from .conftest import build_site

    hostile = '<script>alert(1)</script><img src=x onerror="alert(2)">'
    draft = draft_with(tmp_path, f"建议{hostile}")
    text = draft.read_text("utf-8").replace(
        "summary: （请填写：本次修改了什么）", "summary: 文明养犬"
    )
    plan = f"plan:\n  body: 居民代表会议\n  date: 2024-07-01\n  place: '{hostile}'\n  unit: 代表\n  eligible: 3\n"
    draft.write_text(text.replace("\n---\n", "\n" + plan + "---\n", 1), encoding="utf-8")
    built = build_site(draft.parents[4])
    for paper in built.site_dir.glob("**/papers/*/index.html"):
        page = paper.read_text(encoding="utf-8")
        assert "<script>alert" not in page and "<img src=x" not in page, paper
    tally = built.html("qu/shequ/jumin-gongyue/draft/papers/tally/")
    assert hostile in tally.get_text()  # shown as the words typed, never as markup
