"""Which of a charter's versions names it and which its page shows (record/model.py)."""

from __future__ import annotations

from types import SimpleNamespace

from hypothesis import given
from hypothesis import strategies as st

from gongyue.record.model import Charter

decided = st.lists(st.booleans().map(lambda adopted: SimpleNamespace(adopted=adopted)), max_size=6)
drafts = st.lists(st.just(SimpleNamespace(adopted=False)), max_size=2)


@given(decided, drafts)
def test_the_latest_is_the_last_adopted_else_the_last_decided_else_the_last_draft(
    versions, draft_list
):
    if not versions and not draft_list:
        return  # a charter has at least one file
    charter = Charter("docs/u/c", "c", None, versions, draft_list)  # type: ignore[arg-type]
    adopted = [v for v in versions if v.adopted]
    expected = adopted[-1] if adopted else (versions or draft_list)[-1]
    assert charter.latest is expected
    assert charter.shown is (adopted[-1] if adopted else None)  # nothing in force
