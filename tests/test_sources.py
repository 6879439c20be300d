"""Reading sources: encodings, line ends, front matter, located Chinese errors."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gongyue.record.errors import SourceError
from gongyue.record.loader import load_site
from gongyue.record.sources import decode, line_of, parse_yaml, split_front_matter

from .conftest import unit_md, version_md, write_tree


def test_bom_and_crlf_are_normalised():
    assert decode("\ufeff---\r\na: 1\r\n---\r\n正文".encode(), "x.md") == "---\na: 1\n---\n正文"


def test_gbk_file_is_named_and_explained():
    with pytest.raises(SourceError) as caught:
        decode("---\ntitle: 新鸿社区居民公约\n".encode("gbk"), "docs/a.md")
    problem = caught.value.problems[0]
    assert problem.path == "docs/a.md" and problem.line == 2
    assert "GBK" in problem.message and "UTF-8" in problem.hint


def test_front_matter_split_reports_body_line():
    front, body, line = split_front_matter("---\na: 1\nb: 2\n---\n正文\n", "x.md")
    assert (front, body, line) == ("a: 1\nb: 2", "正文\n", 5)


def test_unclosed_front_matter_is_an_error():
    with pytest.raises(SourceError, match="没有对应的结束行"):
        split_front_matter("---\na: 1\n正文", "x.md")


def test_dates_stay_strings_and_decimals_stay_exact():
    data = parse_yaml("date: 2018-02-30\narea: 58210.46", "x.md")
    assert data == {"date": "2018-02-30", "area": __import__("decimal").Decimal("58210.46")}


def test_line_of_nested_key():
    text = "---\ntitle: a\nmeeting:\n  body: 坝坝会\n  for: 3\n---\n"
    assert line_of(text, ("meeting", "for")) == 5
    assert line_of(text, ("missing",)) == 1


def test_loader_reports_every_problem_at_once(tmp_path: Path):
    write_tree(
        tmp_path,
        {
            "docs/qu/index.md": unit_md("区", "社区"),
            "docs/qu/a/2016-03-20.md": version_md("第一条 甲。", date="2016-03-21"),
            "docs/qu/b/2016-13-01.md": version_md("第一条 甲。", date="2016-03-21"),
            "docs/qu/Yuan/draft.md": version_md("第一条 甲。", date=None),
            "docs/qu/c/index.md": unit_md("子", "院子"),
        },
    )
    with pytest.raises(SourceError) as caught:
        load_site(tmp_path, tmp_path / "docs", dt.date(2024, 1, 1))
    found = {(p.path, p.code) for p in caught.value.problems}
    assert found == {
        ("docs/qu/a/2016-03-20.md", "meeting-date"),
        ("docs/qu/b/2016-13-01.md", "file-date"),
        ("docs/qu/Yuan", "slug"),
        ("docs/qu/c/index.md", "schema-literal_error"),
    }
    for problem in caught.value.problems:
        assert problem.format().startswith(f"{problem.path}:{problem.line}: 错误：")
        assert "修改建议：" in problem.format()


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=300))
def test_loading_arbitrary_bytes_never_crashes(tmp_path_factory, raw):
    root = tmp_path_factory.mktemp("fuzz")
    write_tree(root, {"docs/qu/index.md": unit_md("区", "社区"), "docs/qu/a/2016-03-20.md": raw})
    try:
        load_site(root, root / "docs", dt.date(2024, 1, 1))
    except SourceError as error:
        assert all(p.path == "docs/qu/a/2016-03-20.md" for p in error.problems)


FRONT_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=10),
    lambda children: (
        st.lists(children, max_size=3)
        | st.dictionaries(st.sampled_from(["from", "to", "for", "body", "date", "x"]), children)
    ),
    max_leaves=8,
)


@settings(max_examples=80, deadline=None)
@given(
    st.dictionaries(
        st.sampled_from(
            ["title", "type", "change", "meeting", "result", "consultation", "errata", "effective"]
        ),
        FRONT_VALUES,
    )
)
def test_arbitrary_front_matter_gives_problems_not_crashes(tmp_path_factory, meta):
    import yaml

    root = tmp_path_factory.mktemp("fm")
    text = "---\n" + yaml.safe_dump(meta, allow_unicode=True) + "---\n第一条 甲。\n"
    write_tree(root, {"docs/qu/index.md": unit_md("区", "社区"), "docs/qu/a/2016-03-20.md": text})
    try:
        load_site(root, root / "docs", dt.date(2024, 1, 1))
    except SourceError as error:
        assert error.problems


_part = st.sampled_from(["docs", "qu-1", "yuan-1", "docs-2", "d", "2024-01-01.md", "公约", ".."])
_folders = st.lists(_part, max_size=4).map(lambda parts: Path(*parts) if parts else Path("."))


@given(folder=_folders, rest=st.lists(_part, max_size=4), absolute=st.booleans())
def test_a_path_under_a_folder_is_cut_as_relative_to_cuts_it(folder, rest, absolute):
    """``loader.under``, the walk's fast ``relative_to``: the same answer for a path
    below the folder; "" where ``relative_to`` refuses (another folder, one whose name
    only begins the same) or where it cannot tell (then the walk asks ``relative_to``)."""
    from gongyue.record.loader import under

    if absolute:
        folder = Path("/") / folder
    for path in (folder.joinpath(*rest), Path(*rest) if rest else Path("x")):
        try:
            expected = path.relative_to(folder).as_posix()
        except ValueError:
            expected = ""
        assert under(folder, path) in (expected, "")
    below = folder.joinpath(*rest)
    if rest and str(folder) not in (".", "/"):  # those two: relative_to answers
        assert under(folder, below) == below.relative_to(folder).as_posix()
