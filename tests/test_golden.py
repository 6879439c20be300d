"""Golden files for the pages whose exact shape matters: 修改对照 and history.

Regenerate after an intended change with ``UPDATE_GOLDEN=1 make test`` and
review the diff of ``tests/golden/`` like any other change.

The comparison is of the page's HTML exactly as written, not of a pretty-printed
copy: pretty-printing moves the white space next to inline tags (``<ins>``,
``<del>``), which is exactly where a redline can go wrong.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

GOLDEN = Path(__file__).resolve().parent / "golden"
XH = "chenghua/mengzhuiwan/xinhong/jumin-gongyue"
CASES = {
    "xinhong-2016-changes.html": f"{XH}/2016-03-20/changes/",
    "xinhong-2021-changes.html": f"{XH}/2021-09-12/changes/",
    "xinhong-history.html": f"{XH}/history/",
    "yuan-141-history.html": "qingyang/fanglinlu/yuan-141/yuanluo-gongyue/history/",
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_page_matches_golden_file(demo, name):
    actual = str(demo.main(CASES[name])) + "\n"
    golden = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN"):
        golden.write_text(actual, encoding="utf-8")
    assert golden.is_file(), f"missing golden file {golden}; run with UPDATE_GOLDEN=1"
    assert actual == golden.read_text(encoding="utf-8")
