"""Every value the tool writes into YAML reads back unchanged, whatever a committee typed."""

from __future__ import annotations

import datetime as dt

from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from gongyue.cli import gongyue
from gongyue.record.scaffold import render_version
from gongyue.record.sources import CONTROL, parse_yaml, split_front_matter
from gongyue.record.yamltext import flow_mapping, scalar

from .conftest import MINIMAL_CONFIG, write_tree

# What can be typed: anything but the control characters the reader refuses on purpose.
typed = st.text(
    st.characters(blacklist_categories=("Cs",)).filter(lambda c: not CONTROL.match(c)),
    max_size=40,
)
TRICKY = [
    "yes",
    "on",
    "~",
    "123",
    "1e3",
    "0o17",
    "2024-05-01",
    "a, b",
    "x: y",
    "#",
    " a ",
    "- a",
    "{a}",
    "[1]",
    "&a",
    "*a",
    "!tag",
    "|",
    ">",
    "'",
    '"',
    "%",
    "@",
    "`",
    "?",
    "",
    "第三条, 第二款",
    "第一行\n第二行",
    "null",
    "True",
    "\t缩进",
    "末尾空格 ",
]
tricky = st.sampled_from(TRICKY) | typed


def front_of(text: str) -> dict:
    front, _, _ = split_front_matter(text, "v.md")
    return parse_yaml(front, "v.md")


@settings(max_examples=400)
@given(tricky)
def test_a_scalar_reads_back_in_a_block_and_in_a_flow_mapping(text):
    assert parse_yaml(f"k: {scalar(text)}    # 注释", "x.md") == {"k": text}
    line = flow_mapping({"where": text, "to": text})
    assert parse_yaml(f"errata:\n  - {line}", "x.md") == {"errata": [{"where": text, "to": text}]}
    assert "\n" not in scalar(text)


@settings(max_examples=200, deadline=None)
@given(title=tricky, summary=tricky, place=tricky, reasons=tricky, where=tricky, old=tricky)
def test_a_version_file_keeps_every_value(title, summary, place, reasons, where, old):
    meta = {
        "title": title,
        "type": "居民公约",
        "change": "修正",
        "summary": summary,
        "reasons": reasons,
        "meeting": {"body": "坝坝会", "date": dt.date(2024, 5, 1), "place": place, "eligible": 80},
        "result": "通过",
        "errata": [{"date": dt.date(2024, 6, 1), "where": where, "from": old, "to": "改正"}],
    }
    data = front_of(render_version(meta, "第一条 正文。"))
    assert data["title"] == title and data["summary"] == summary
    # The reader keeps dates as their text; the schema turns them into dates.
    assert data["meeting"] == {**meta["meeting"], "date": "2024-05-01"}
    assert data["errata"] == [{**meta["errata"][0], "date": "2024-06-01"}]
    if reasons.rstrip("\n"):
        assert data["reasons"] == reasons.rstrip("\n") + "\n"


def test_names_typed_on_the_command_line_stay_text(tmp_path):
    site = write_tree(tmp_path / "site", {"mkdocs.yml": MINIMAL_CONFIG.format(date="2024-01-01")})
    runner = CliRunner()
    for folder, name in [("a", "yes"), ("b", "101"), ("c", "东区, 西区"), ("d", "~")]:
        unit = site / "docs" / folder
        result = runner.invoke(
            gongyue, ["new", "unit", str(unit), "--name", name, "--kind", "社区"]
        )
        assert result.exit_code == 0, result.output
        assert front_of((unit / "index.md").read_text(encoding="utf-8"))["unit"]["name"] == name
    result = runner.invoke(
        gongyue,
        [
            "new",
            "charter",
            str(site / "docs" / "c"),
            "--type",
            "居民公约",
            "--title",
            "on: 公约, 第二版",
        ],
    )
    assert result.exit_code == 0, result.output
    (draft,) = (site / "docs" / "c").glob("*/draft.md")
    assert front_of(draft.read_text(encoding="utf-8"))["title"] == "on: 公约, 第二版"
