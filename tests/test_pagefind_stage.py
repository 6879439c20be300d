"""The pages Pagefind indexes, linked into a folder kept between builds (pagefind_stage.py).

Whatever the folder held — the last build's links, pages written again, pages
no longer indexed, things put there by hand — it ends up holding exactly the
pages asked for, each the very file of the site; and the index made from it
is the index made from the pages named in a glob.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongyue.adapters import pagefind_stage
from gongyue.adapters.pagefind import build_search_index
from gongyue.adapters.pagefind_stage import restage

from .test_engines import _index_files
from .test_pagefind_again import WORDS, page_html, write_site

PATHS = [f"qu-{q}/yuan-{y}/index.html" for q in range(2) for y in range(3)] + ["index.html"]


def staged(stage: Path) -> dict[str, int]:
    found = {}
    for path in stage.rglob("*"):
        if path.is_symlink() or not path.is_dir():
            found[path.relative_to(stage).as_posix()] = os.lstat(path).st_ino
    return found


def plant(stage: Path, what: str) -> None:
    if what == "a file":
        (stage / "qu-9").mkdir(parents=True, exist_ok=True)
        (stage / "qu-9/index.html").write_text("<p>放进来的</p>", encoding="utf-8")
    elif what == "a link":
        (stage / "link.html").symlink_to("/etc/hostname")
    elif what == "a link to a folder":
        (stage / "qu-8").symlink_to(stage.parent)
    elif what == "an empty folder":
        (stage / "empty/deeper").mkdir(parents=True, exist_ok=True)


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    before=st.sets(st.sampled_from(PATHS), min_size=1),
    after=st.sets(st.sampled_from(PATHS), min_size=1),
    rewritten=st.sets(st.sampled_from(PATHS)),
    planted=st.sampled_from([None, "a file", "a link", "a link to a folder", "an empty folder"]),
)
def test_the_stage_holds_the_pages_asked_for_and_nothing_else(
    tmp_path_factory, before, after, rewritten, planted
):
    tmp_path = tmp_path_factory.mktemp("stage")
    site, stage = tmp_path / "site", tmp_path / "cache/pagefind.stage"
    write_site(site, {path: page_html(path, WORDS[:2]) for path in PATHS})
    assert restage(site, stage, sorted(before)) == stage
    for path in rewritten:  # written again: another file with the same bytes
        data = (site / path).read_bytes()
        (site / path).unlink()
        (site / path).write_bytes(data)
    if planted:
        plant(stage, planted)
    assert restage(site, stage, sorted(after)) == stage
    assert staged(stage) == {path: (site / path).stat().st_ino for path in after}
    assert (tmp_path / "cache").is_dir()  # a link to a folder was removed, not followed


def test_the_index_from_the_stage_is_the_index_from_the_glob(tmp_path):
    site, stage = tmp_path / "site", tmp_path / "cache/pagefind.stage"
    pages = write_site(site, {path: page_html(path, WORDS[2:5]) for path in PATHS})
    assert build_search_index(site, pages, output=tmp_path / "staged", stage=stage) is None
    assert staged(stage).keys() == set(pages)
    assert build_search_index(site, pages, output=tmp_path / "glob") is None
    assert _index_files(tmp_path / "staged") == _index_files(tmp_path / "glob")


def test_a_stage_on_another_disk_falls_back_to_the_glob(tmp_path, monkeypatch):
    site, stage = tmp_path / "site", tmp_path / "cache/pagefind.stage"
    pages = write_site(site, {path: page_html(path, WORDS[:3]) for path in PATHS})

    def cross_device(source: Path, target: Path) -> None:
        raise OSError(errno.EXDEV, "Invalid cross-device link")

    monkeypatch.setattr(pagefind_stage.os, "link", cross_device)
    assert restage(site, stage, pages) is None
    assert not stage.exists()
    assert build_search_index(site, pages, output=tmp_path / "staged", stage=stage) is None
    monkeypatch.undo()
    assert build_search_index(site, pages, output=tmp_path / "glob") is None
    assert _index_files(tmp_path / "staged") == _index_files(tmp_path / "glob")
