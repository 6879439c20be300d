"""``gongyue check`` on a corpus of broken inputs: exit code, path, line and message."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongyue.cli import gongyue

from .conftest import lock_tree, unit_md, write_tree

C = "docs/qu/shequ/jumin-gongyue"
V1 = f"{C}/2012-06-18.md"
V2 = f"{C}/2016-03-20.md"

GOOD_V1 = """\
---
title: 测试社区居民公约
type: 居民公约
change: 制定
summary: 首次制定。
consultation: {from: 2012-05-28, to: 2012-06-08, where: 公告栏}
meeting:
  body: 居民代表会议
  date: 2012-06-18
  unit: 代表
  eligible: 45
  present: 39
  for: 36
  against: 1
  abstain: 2
result: 通过
published: 2012-06-20
---
第一条 爱护环境。
第二条 邻里和睦。
第三条 本公约自公布之日起施行。
"""
GOOD_V2 = GOOD_V1.replace("change: 制定", "change: 修订").replace("2012-06-18", "2016-03-20")
GOOD_V2 = GOOD_V2.replace("2012-06-20", "2016-03-22").replace("2012-05-28", "2016-03-01")
GOOD_V2 = GOOD_V2.replace("2012-06-08", "2016-03-10").replace("邻里和睦。", "邻里和睦，互相帮助。")
CONFIG = "site_name: 测试\ntheme: material\nplugins:\n  - gongyue\n"


def good_site() -> dict[str, str | bytes]:
    return {
        "mkdocs.yml": CONFIG,
        "docs/qu/index.md": unit_md("测试区", "区"),
        "docs/qu/shequ/index.md": unit_md("测试社区", "社区"),
        V1: GOOD_V1,
        V2: GOOD_V2,
    }


def edit(path: str, old: str, new: str):
    def apply(files: dict[str, str | bytes]) -> None:
        text = files[path]
        assert isinstance(text, str) and old in text, (path, old)
        files[path] = text.replace(old, new, 1)

    return apply


def put(path: str, content: str | bytes | None):
    def apply(files: dict[str, str | bytes]) -> None:
        if content is None:
            del files[path]
        else:
            files[path] = content

    return apply


def owners(
    area: tuple[str, str, str], counts: str = "eligible: 100\n  present: 80\n  for: 60"
) -> str:
    record = f"area_eligible: {area[0]}\n  area_present: {area[1]}\n  area_for: {area[2]}\n  "
    return GOOD_V2.replace("body: 居民代表会议", "body: 业主大会").replace(
        "eligible: 45\n  present: 39\n  for: 36", record + counts
    )


# (id, change, expected exit code, path, line, words in the message)
CASES = [
    (
        "type-near-miss",
        edit(V2, "type: 居民公约", "type: 居民公务"),
        1,
        V2,
        3,
        "是不是想写“居民公约”",
    ),
    ("change-unknown", edit(V2, "change: 修订", "change: 修改"), 1, V2, 4, "修改方式"),
    ("body-near-miss", edit(V2, "body: 居民代表会议", "body: 院坝会"), 1, V2, 8, "坝坝会"),
    ("result-unknown", edit(V2, "result: 通过", "result: 同意"), 1, V2, 16, "表决结果"),
    (
        "unknown-key",
        edit(V2, "result: 通过", "result: 通过\nvotes: 3"),
        1,
        V2,
        17,
        "不认识的键“votes”",
    ),
    ("missing-title", edit(V2, "title: 测试社区居民公约\n", ""), 1, V2, 1, "缺少“标题”"),
    (
        "impossible-date",
        edit(V2, "published: 2016-03-22", "published: 2016-02-30"),
        1,
        V2,
        17,
        "日期“2016-02-30”无效",
    ),
    (
        "file-not-a-date",
        put(f"{C}/2016-13-01.md", GOOD_V2),
        1,
        f"{C}/2016-13-01.md",
        1,
        "不是有效日期",
    ),
    (
        "file-date-mismatch",
        put(f"{C}/2016-03-21.md", GOOD_V2),
        1,
        f"{C}/2016-03-21.md",
        9,
        "与文件名 2016-03-21 不一致",
    ),
    ("gbk-file", put(V2, GOOD_V2.encode("gb18030")), 1, V2, 2, "GBK"),
    ("binary-garbage", put(V2, b"\xff\xfe\x00\x81garbage"), 1, V2, 1, "UTF-8"),
    ("yaml-syntax", edit(V2, "summary: 首次制定。", "summary: [首次制定"), 1, V2, 5, "YAML"),
    ("front-matter-open", put(V2, "---\ntitle: 测试\n第一条 甲。\n"), 1, V2, 1, "结束行"),
    ("front-matter-list", put(V2, "---\n- a\n- b\n---\n第一条 甲。\n"), 1, V2, 2, "键: 值"),
    (
        "chinese-folder",
        put("docs/qu/shequ/居民公约/2016-03-20.md", GOOD_V2),
        1,
        "docs/qu/shequ/居民公约",
        1,
        "jumingongyue",
    ),
    (
        "upper-case-unit",
        put("docs/qu/Yuan/index.md", unit_md("院落", "院落")),
        1,
        "docs/qu/Yuan/index.md",
        1,
        "yuan",
    ),
    (
        "unit-kind",
        put("docs/qu/shequ/index.md", unit_md("测试社区", "居委会")),
        1,
        "docs/qu/shequ/index.md",
        2,
        "可选：市 区",
    ),
    (
        "unit-name-missing",
        put("docs/qu/index.md", "---\nunit: {kind: 区}\n---\n"),
        1,
        "docs/qu/index.md",
        2,
        "缺少“单位信息、名称”",
    ),
    (
        "votes-exceed-present",
        edit(V2, "for: 36", "for: 39"),
        1,
        V2,
        13,
        "合计 42 代表，超过实到 39 代表",
    ),
    (
        "present-exceeds-eligible",
        edit(V2, "present: 39", "present: 46"),
        1,
        V2,
        12,
        "超过应到 45 代表",
    ),
    (
        "quorum-contradicts-result",
        edit(V2, "present: 39\n  for: 36", "present: 20\n  for: 17"),
        1,
        V2,
        16,
        "未达到应到的过半数",
    ),
    (
        "majority-contradicts-result",
        edit(V2, "for: 36\n  against: 1", "for: 19\n  against: 18"),
        1,
        V2,
        16,
        "未达到实到的过半数",
    ),
    (
        "exact-half-is-not-more-than-half",
        edit(V2, "for: 36\n  against: 1\n  abstain: 2", "for: 20\n  against: 19\n  abstain: 0"),
        0,
        None,
        None,
        None,
    ),
    (
        "owners-without-area",
        edit(V2, "body: 居民代表会议", "body: 业主大会"),
        1,
        V2,
        7,
        "缺少专有部分面积",
    ),
    (
        "owners-area-quorum",
        put(V2, owners(("1000.00", "600.00", "590.00"))),
        1,
        V2,
        19,
        "参与表决面积 600.00/1000.00",
    ),
    (
        "owners-area-majority",
        put(V2, owners(("1000.00", "700.00", "350.00"))),
        1,
        V2,
        19,
        "同意面积 350.00/700.00",
    ),
    ("negative-count", edit(V2, "eligible: 45", "eligible: -45"), 1, V2, 11, "不小于 0 的整数"),
    ("count-in-words", edit(V2, "eligible: 45", "eligible: 很多"), 1, V2, 11, "不小于 0 的整数"),
    (
        "published-before-meeting",
        edit(V2, "published: 2016-03-22", "published: 2016-03-19"),
        1,
        V2,
        17,
        "公布日期 2016-03-19 早于表决日期",
    ),
    (
        "effective-before-published",
        edit(V2, "published: 2016-03-22", "published: 2016-03-22\neffective: 2016-03-21"),
        1,
        V2,
        18,
        "施行日期 2016-03-21 早于公布日期",
    ),
    (
        "consultation-backwards",
        edit(V2, "to: 2016-03-10", "to: 2016-02-10"),
        1,
        V2,
        6,
        "征求意见结束日期 2016-02-10 早于征求意见开始日期",
    ),
    (
        "review-after-meeting",
        edit(V2, "result: 通过", "result: 通过\nreview: {by: 街道, date: 2016-03-25}"),
        1,
        V2,
        9,
        "表决日期 2016-03-20 早于审核日期",
    ),
    ("numbering-gap", edit(V2, "第三条", "第四条"), 1, V2, 21, "缺少第 3 条"),
    ("numbering-duplicate", edit(V2, "第三条", "第二条"), 1, V2, 21, "重复或倒退"),
    ("empty-body", put(V2, GOOD_V2.split("第一条")[0]), 1, V2, 19, "正文是空的"),
    (
        "two-in-force",
        edit(V2, "published: 2016-03-22", "published: 2016-03-22\neffective: 2012-06-20"),
        1,
        V2,
        18,
        "同一天只能有一个现行版本",
    ),
    ("missing-result", edit(V2, "result: 通过\n", ""), 1, V2, 1, "缺少表决结果"),
    (
        "meeting-in-the-future",
        put(
            f"{C}/2099-01-01.md",
            GOOD_V2.replace("2016-03-20", "2099-01-01").replace("2016-03-22", "2099-01-03"),
        ),
        1,
        f"{C}/2099-01-01.md",
        9,
        "在今天",
    ),
    ("duplicate-key", edit(V2, "  for: 36\n", "  for: 36\n  for: 40\n"), 1, V2, 14, "写了两次"),
    (
        "absurd-count",
        edit(V2, "eligible: 45", "eligible: 1000000000000000000000000000000"),
        1,
        V2,
        11,
        "大得不合常理",
    ),
    (
        "erratum-in-old-form",
        edit(
            V2,
            "published: 2016-03-22",
            "published: 2016-03-22\nerrata:\n  - {date: 2016-04-01, text: 第二条改了字}",
        ),
        1,
        V2,
        19,
        "from: 原来的字",
    ),
    (
        "base-in-adopted-version",
        edit(V2, "published: 2016-03-22", "published: 2016-03-22\nbase: 2012-06-18"),
        1,
        V2,
        18,
        "base",
    ),
    (
        "summary-placeholder",
        edit(V2, "summary: 首次制定。", "summary: （请填写：本次修改了什么）"),
        1,
        V2,
        5,
        "模板里的提示文字",
    ),
    (
        "short-consultation-warns",
        edit(V2, "to: 2016-03-10", "to: 2016-03-03"),
        0,
        V2,
        6,
        "只有 3 天",
    ),
    (
        "stray-draft-name",
        put(f"{C}/草案.md", "第一条 甲。"),
        1,
        f"{C}/草案.md",
        1,
        "您是不是想写 draft.md",
    ),
    # Text pasted from Word, PDF or WeChat (issue 10)
    ("glued-number-is-fine", edit(V2, "第二条 邻里", "第二条邻里"), 0, None, None, None),
    (
        "inserted-zhiyi-is-in-sequence",
        edit(V2, "第三条 本公约", "第二条之一 院落公共收益每半年公布一次。\n第三条 本公约"),
        0,
        None,
        None,
        None,
    ),
    (
        "glued-number-out-of-sequence-warns",
        edit(V2, "第三条 本公约", "第九条本公约"),
        0,
        V2,
        21,
        "没有当作新的一条",
    ),
    (
        "pdf-page-number-warns",
        edit(V2, "第三条 本公约", "- 2 -\n第三条 本公约"),
        0,
        V2,
        21,
        "像是 PDF 的页码",
    ),
    (
        "pdf-line-breaks-warn",
        edit(V2, "第一条 爱护环境。", "第一条 爱护环境，保持院落和楼道的\n整洁。"),
        0,
        V2,
        19,
        "断行",
    ),
    (
        "no-numbers-warns",
        put(V2, GOOD_V2.split("第一条")[0] + "大家共同遵守，" * 60 + "\n"),
        0,
        V2,
        19,
        "没有认出任何条文编号",
    ),
]


def run_check(root: Path, *args: str):
    return CliRunner().invoke(gongyue, ["check", str(root), *args])


@pytest.mark.parametrize(
    ("change", "code", "path", "line", "words"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_broken_input_is_reported(tmp_path, change, code, path, line, words):
    files = good_site()
    change(files)
    root = write_tree(tmp_path / "site", files)
    lock_tree(root)  # as the committee would have, after writing the version
    before = tree_digest(root)
    result = run_check(root, "--format", "json")
    assert result.exit_code == code, result.output
    problems = json.loads(result.stdout)
    assert tree_digest(root) == before  # check never writes
    if path is None:
        assert problems == []
        return
    matching = [p for p in problems if p["path"] == path and words in p["message"] + p["hint"]]
    assert matching, problems
    assert matching[0]["line"] == line, matching
    assert matching[0]["hint"]
    text = run_check(root)
    assert f"{path}:{line}: " in text.stdout
    assert "Traceback" not in text.output


def test_corpus_is_large_enough():
    assert len(CASES) >= 30


def test_good_site_is_clean_and_warnings_fail_only_when_strict(tmp_path):
    root = write_tree(tmp_path / "site", good_site())
    lock_tree(root)
    assert run_check(root).exit_code == 0
    files = good_site()
    edit(V2, "to: 2016-03-10", "to: 2016-03-03")(files)
    root2 = write_tree(tmp_path / "site2", files)
    lock_tree(root2)
    assert run_check(root2).exit_code == 0
    assert run_check(root2, "--strict").exit_code == 1


def test_rules_are_configurable_in_mkdocs_yml(tmp_path):
    files = good_site()
    edit(V2, "present: 39\n  for: 36", "present: 25\n  for: 22")(files)
    root = write_tree(tmp_path / "site", files)
    lock_tree(root)
    assert run_check(root).exit_code == 0  # 25 of 45 is more than half
    files["mkdocs.yml"] = CONFIG + "      rules:\n        居民代表会议: {quorum: '>=2/3'}\n"
    files["mkdocs.yml"] = files["mkdocs.yml"].replace("  - gongyue\n", "  - gongyue:\n")
    root2 = write_tree(tmp_path / "site2", files)
    lock_tree(root2)
    result = run_check(root2)
    assert result.exit_code == 1
    assert "未达到应到的三分之二以上" in result.stdout


def test_demo_city_is_clean():
    root = Path(__file__).resolve().parent.parent
    result = CliRunner().invoke(gongyue, ["check", str(root), "--strict", "--date", "2026-11-25"])
    assert result.exit_code == 0, result.output


def tree_digest(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def assert_refused_with_located_chinese(result, path: str) -> None:
    """What a fuzzed check must do: refuse the file it was given, with at least one error
    located in it, and say everything in Chinese with a line and a fix; never raise."""
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code == 1, result.output
    problems = json.loads(result.stdout)
    assert any(p["path"] == path and p["severity"] == "error" for p in problems), problems
    for p in problems:
        assert p["line"] >= 1 and p["hint"], p
        assert re.search(r"[\u4e00-\u9fff]", p["message"]), p


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(raw=st.binary(max_size=400))
def test_check_never_raises_on_arbitrary_bytes(tmp_path_factory, raw):
    root = write_tree(tmp_path_factory.mktemp("bytes"), {**good_site(), V2: raw})
    result = run_check(root, "--format", "json")
    assert_refused_with_located_chinese(result, V2)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    front=st.dictionaries(
        st.sampled_from(
            [
                "title",
                "type",
                "change",
                "meeting",
                "result",
                "consultation",
                "published",
                "effective",
                "errata",
                "filing",
                "review",
                "zz",
            ]
        ),
        st.recursive(
            st.none()
            | st.booleans()
            | st.integers(-5, 10**6)
            | st.text(max_size=8)
            | st.dates().map(str),
            lambda kids: (
                st.lists(kids, max_size=3)
                | st.dictionaries(
                    st.sampled_from(
                        [
                            "from",
                            "to",
                            "for",
                            "body",
                            "date",
                            "eligible",
                            "present",
                            "with",
                            "status",
                            "text",
                        ]
                    ),
                    kids,
                )
            ),
            max_leaves=10,
        ),
    )
)
def test_check_never_raises_on_arbitrary_front_matter(tmp_path_factory, front):
    import yaml

    text = "---\n" + yaml.safe_dump(front, allow_unicode=True) + "---\n第一条 甲。\n"
    root = write_tree(tmp_path_factory.mktemp("front"), {**good_site(), V2: text})
    result = run_check(root, "--format", "json")
    assert_refused_with_located_chinese(result, V2)
