"""Golden alignments: pairs of Markdown files with the expected 对照, one line per change.

Each folder in ``tests/cases`` holds ``old.md``, ``new.md`` and
``expected.txt`` (``op old-label new-label``, ``-`` for none, then any split,
merge or move the change belongs to, in brackets).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from gongyue.text.articles import parse
from gongyue.text.compare import compare

CASES = Path(__file__).resolve().parent / "cases"


def alignment(folder: Path) -> list[str]:
    old = parse((folder / "old.md").read_text(encoding="utf-8"))
    new = parse((folder / "new.md").read_text(encoding="utf-8"))
    return [_line(c) for c in compare(old, new).changes]


def _line(change) -> str:
    line = f"{change.op} {change.old_label or '-'} {change.new_label or '-'}"
    words = "；".join(r.words for r in change.relations)
    return f"{line} [{words}]" if words else line


@pytest.mark.parametrize("name", sorted(p.name for p in CASES.iterdir()))
def test_alignment_matches_expected(name):
    expected = (CASES / name / "expected.txt").read_text(encoding="utf-8").split("\n")
    assert alignment(CASES / name) == [line for line in expected if line]


def test_every_case_the_issue_names_is_present():
    names = {p.name for p in CASES.iterdir()}
    assert {
        "insertion",
        "deletion",
        "move-across-chapters",
        "split",
        "merge",
        "reword",
        "items-added",
        "short-shape",
        "punctuation-width",
        "traditional",
        # what real texts brought (issue 10)
        "glued-numbers",
        "expansion",
        "move-and-edit",
        "swap",
        "invisible-characters",
        "group-headings",
        "run-on-items",
        "zhiyi",
        "split-three",
        "merge-absorb",
        "pdf-wrap",
    } <= names
