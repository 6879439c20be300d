"""The last build's charter folders taken back instead of written again (kept_site.py).

First the folders alone, with hypothesis: a folder is taken back exactly when it
holds what the record says, whatever was done to it by hand since. Then real
builds of a generated city over their own last output, against full builds.
"""

from __future__ import annotations

import datetime as dt
import errno
import gc
import json
import logging
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongyue.adapters import cache as cache_adapter
from gongyue.publish import companion_process, kept_site, walk_ahead
from gongyue.publish.companion_writer import Writer
from gongyue.publish.folder_lock import lock_folder
from gongyue.publish.kept_site import SITES, lock_file, set_aside
from gongyue.publish.walk_ahead import WalkAhead
from gongyue.publish.whole_site import stat_of, status_of, walk

from .conftest import build_site
from .test_page_cache import (
    DAY,
    build,
    charters,
    city_and_cache,
    copy_of,
    edit_draft,
    epoch,
    rename_unit,
    two_areas_city,
    units,
    with_search,
)
from .test_shards import differences

FAMILY = "family-1"


def write_tree(site: Path, folders: dict[str, dict[str, bytes]]) -> None:
    for url, files in folders.items():
        for name, body in files.items():
            (site / url / name).parent.mkdir(parents=True, exist_ok=True)
            (site / url / name).write_bytes(body)


def record_as_built(cache: Path, site: Path, tree: dict[str, dict[str, bytes]]) -> None:
    """What a build that wrote ``tree`` (folder -> its own files) leaves: its record."""
    kept = set_aside(cache, site, FAMILY)
    for url, files in tree.items():
        assert kept.take(url, "key") is False  # nothing recorded yet
        kept.made(url, "key", lambda url=url, files=files: [url + name for name in files])
    kept.finish()


def mutate(folder: Path, page: Path, how: str) -> None:
    """Change by hand a charter's ``folder`` in the output, or its ``page``, ``how``."""
    if how == "same size, other bytes":
        page.write_bytes(page.read_bytes().swapcase())
    elif how == "appended":
        page.write_bytes(page.read_bytes() + b"<script>")
    elif how == "removed":
        page.unlink()
    elif how == "added":
        (page.parent / "extra.html").write_bytes(b"x")
    elif how == "empty folder added":
        (folder / "new").mkdir()
    elif how == "replaced by a copy":  # same bytes, another file
        data = page.read_bytes()
        page.unlink()
        page.write_bytes(data)
    elif how == "link added":
        (folder / "link.html").symlink_to(page)


REFUSED = ["same size, other bytes", "appended", "removed", "replaced by a copy"]
REMOVED = ["added", "empty folder added", "link added"]  # not its own: removed, then taken
trees = st.dictionaries(
    st.sampled_from([f"qu/c{n}/" for n in range(6)]),
    st.dictionaries(st.sampled_from(["index.html", "hant.json"]), st.binary(max_size=40)),
    min_size=1,
)


@settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    tree=trees,
    how=st.sampled_from([None, *REFUSED, *REMOVED]),
    which=st.integers(0, 5),
    copied=st.booleans(),
)
def test_a_folder_is_taken_back_exactly_when_its_own_files_are_as_the_build_left_them(
    tmp_path_factory, tree, how, which, copied
):
    root = tmp_path_factory.mktemp("kept")
    site, cache = root / "site", root / "cache"
    for files in tree.values():
        files["2020-01-01/index.html"] = b"<p>2020</p>"
    write_tree(site, tree)
    if copied:  # what the engine copied into every folder (an attachment): not its own
        write_tree(site, {url: {"附件/a.pdf": b"%PDF"} for url in tree})
    urls = sorted(tree)
    record_as_built(cache, site, tree)
    changed = urls[which % len(urls)]
    if how is not None:
        mutate(site / changed, site / changed / "2020-01-01" / "index.html", how)
    kept = set_aside(cache, site, FAMILY)
    assert sorted(p.name for p in site.iterdir()) == []  # out of MkDocs' way
    for url in urls:
        taken = kept.take(url, "key")
        assert taken == (url != changed or how not in REFUSED)
        if taken:  # its own files, as they were, and nothing else
            assert _contents(site / url) == {name: body for name, body in tree[url].items()} | {
                "2020-01-01": None
            }
    kept.discard()
    assert sorted(p.name for p in (cache / SITES).iterdir()) == []  # the rest is gone


FILE_CHANGES = ["same size, other bytes", "appended", "removed", "replaced by a copy", "link"]


@settings(max_examples=40, deadline=None)
@given(body=st.binary(max_size=40), how=st.sampled_from([None, *FILE_CHANGES]))
def test_a_page_is_taken_back_exactly_when_it_is_as_the_build_left_it(tmp_path_factory, body, how):
    """A unit's page (one file, ``take_file``): never when it was changed by hand, made
    for another key, or when the engine already wrote one at its place."""
    root = tmp_path_factory.mktemp("kept-file")
    site, cache, path = root / "site", root / "cache", "qu/c1/index.html"
    write_tree(site, {"qu/c1/": {"index.html": body}})
    kept = set_aside(cache, site, FAMILY)
    assert kept.take_file(path, "key") is False  # nothing recorded yet
    kept.made(path, "key")
    kept.finish()
    page = site / path
    if how == "link":
        page.rename(site / "qu/other.html")
        page.symlink_to(site / "qu/other.html")
    elif how is not None:
        mutate(page.parent, page, how)
    kept = set_aside(cache, site, FAMILY)
    assert kept.take_file(path, "another key") is False
    assert kept.take_file(path, "key") == (how is None)
    if how is None:
        assert page.read_bytes() == body and not page.is_symlink()
        assert kept.take_file(path, "key") is False  # once only
    kept.discard()


def test_a_page_is_not_put_over_one_the_engine_wrote(tmp_path):
    site, cache, path = tmp_path / "site", tmp_path / "cache", "qu/index.html"
    write_tree(site, {"qu/": {"index.html": b"last"}})
    kept = set_aside(cache, site, FAMILY)
    kept.made(path, "key")
    kept.finish()
    kept = set_aside(cache, site, FAMILY)
    write_tree(site, {"qu/": {"index.html": b"new"}})
    assert kept.take_file(path, "key") is False
    assert (site / path).read_bytes() == b"new"
    kept.discard()


def _contents(folder: Path) -> dict[str, bytes | None]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() if p.is_file() else None
        for p in folder.rglob("*")
    }


def test_another_key_or_family_or_output_folder_takes_nothing(tmp_path):
    site, cache = tmp_path / "site", tmp_path / "cache"
    tree = {"qu/c1/": {"index.html": b"a"}}
    write_tree(site, tree)
    record_as_built(cache, site, tree)
    kept = set_aside(cache, site, FAMILY)
    assert kept.take("qu/c1/", "another key") is False
    kept.discard()
    write_tree(site, tree)
    record_as_built(cache, site, tree)
    kept = set_aside(cache, site, "another gongyue")
    assert kept.aside is None and (site / "qu/c1/index.html").read_bytes() == b"a"
    record_as_built(cache, site, tree)
    other = tmp_path / "other"
    write_tree(other, tree)
    kept = set_aside(cache, other, FAMILY)  # its record is its own: none yet
    assert kept.aside is None and (other / "qu/c1/index.html").exists()
    assert set_aside(cache, site, FAMILY).aside is not None  # the first folder's is kept


# --- real builds -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def start(tmp_path_factory) -> Path:
    return city_and_cache(tmp_path_factory.mktemp("start"))


@pytest.fixture(params=["listed ahead", "listed when taken"])
def listing(request, monkeypatch) -> str:
    """Builds whose last site's folders are listed by a second process while the record
    loads (forced: under the test runner's threads a fork is not chosen), or not."""
    monkeypatch.setattr(walk_ahead, "fork_is_safe", lambda: request.param == "listed ahead")
    return str(request.param)


WHOLE = "沿用上次的整个网站"


def not_kept_whole(site: Path) -> None:
    """A file left in the output folder by hand: the next build with nothing changed is
    not kept whole, and what it keeps of the last site can be seen."""
    (site / "extra.txt").write_text("x", encoding="utf-8")


def test_nothing_changed_keeps_the_last_site_whole(start, tmp_path, monkeypatch, caplog, listing):
    city, cache = copy_of(start, tmp_path)
    build(city, tmp_path / "site", cache, DAY, monkeypatch, caplog)
    page = next((tmp_path / "site").rglob("history/index.html"))
    home = tmp_path / "site/index.html"  # a page MkDocs renders every other build
    inodes = (kept(page), kept(home))
    for _ in range(2):  # and its record with it: the next build keeps it whole again
        said = build(city, tmp_path / "site", cache, DAY, monkeypatch, caplog)
        assert WHOLE in said and "沿用的页面中" not in said  # nothing loaded or made
        assert (kept(page), kept(home)) == inodes
        assert differences(start / "site", tmp_path / "site") == []
        assert not list((cache / SITES).glob("*.previous"))  # nothing left aside
        assert gc.get_freeze_count() == 0
        assert_released(cache, tmp_path / "site")


def _picture_in_a_courtyard(city: Path) -> None:
    (units(city)[-1].parent / "院落平面图.png").write_bytes(b"\x89PNG picture")


INPUT_CHANGES = {
    "a draft edited": lambda city: edit_draft(city, 1),
    "a picture in a courtyard's folder": _picture_in_a_courtyard,
    "an empty folder in docs": lambda city: (city / "docs/新文件夹").mkdir(),
    "a file beside mkdocs.yml": lambda city: (city / "说明.txt").write_text("x", encoding="utf-8"),
    "a setting": lambda city: (city / "mkdocs.yml").write_text(
        (city / "mkdocs.yml").read_text(encoding="utf-8") + "\n# 改了\n", encoding="utf-8"
    ),
}


@pytest.mark.parametrize("change", sorted(INPUT_CHANGES))
def test_a_build_whose_inputs_changed_is_made_and_the_next_kept_whole(
    start, tmp_path, monkeypatch, caplog, change
):
    city, cache = copy_of(start, tmp_path)
    site = tmp_path / "site"
    build(city, site, cache, DAY, monkeypatch, caplog)
    INPUT_CHANGES[change](city)
    assert WHOLE not in build(city, site, cache, DAY, monkeypatch, caplog)
    build(city, tmp_path / "full", None, DAY, monkeypatch, caplog)
    assert differences(tmp_path / "full", site) == []
    assert WHOLE in build(city, site, cache, DAY, monkeypatch, caplog)  # what it read, recorded
    assert differences(tmp_path / "full", site) == []


@pytest.mark.parametrize("page", ["index.html", "sitemap.xml", "assets/stylesheets/main.*.css"])
def test_a_page_of_the_engine_edited_by_hand_is_made_again(
    start, tmp_path, monkeypatch, caplog, page
):
    """The home page, the sitemap, an asset: no cache holds them, the site's record does."""
    city, cache = copy_of(start, tmp_path)
    site = tmp_path / "site"
    build(city, site, cache, DAY, monkeypatch, caplog)
    edited = next(site.glob(page)) if "*" in page else site / page
    edited.write_bytes(edited.read_bytes().replace(b"<", b"<!-- x --><", 1))
    assert WHOLE not in build(city, site, cache, DAY, monkeypatch, caplog)
    assert differences(start / "site", site) == []


def test_a_last_site_that_cannot_be_put_back_stops_the_build_in_chinese(
    start, tmp_path, monkeypatch, caplog
):
    city, cache = copy_of(start, tmp_path)
    build(city, tmp_path / "site", cache, DAY, monkeypatch, caplog)

    def full_disk(self) -> None:
        raise OSError(28, "No space left on device")

    with monkeypatch.context() as patch:
        patch.setattr(kept_site.KeptSite, "keep_whole", full_disk)
        with pytest.raises(Exception, match="BuildError"):
            build(city, tmp_path / "site", cache, DAY, monkeypatch, caplog)
    assert (
        "错误：没能把上次的网站放回输出文件夹（No space left on device）。修改建议：" in caplog.text
    )
    assert not list((cache / SITES).glob("*.previous"))  # removed with the failed build
    assert WHOLE not in build(city, tmp_path / "site", cache, DAY, monkeypatch, caplog)
    assert differences(start / "site", tmp_path / "site") == []


def test_another_build_date_is_made(start, tmp_path, monkeypatch, caplog):
    """The same files on another day: a consultation may have closed since."""
    city, cache = copy_of(start, tmp_path)
    build(city, tmp_path / "site", cache, DAY, monkeypatch, caplog)
    later = DAY + dt.timedelta(days=40)
    assert WHOLE not in build(city, tmp_path / "site", cache, later, monkeypatch, caplog)
    build(city, tmp_path / "full", None, later, monkeypatch, caplog)
    assert differences(tmp_path / "full", tmp_path / "site") == []


def test_a_new_commit_is_made(start, tmp_path, monkeypatch, caplog):
    """The history check reads the commits: a commit that changes no file (one that
    rewrites history does) is another input."""
    city, cache = copy_of(start, tmp_path)

    def git(*args: str) -> None:
        who = ["-c", "user.name=居委会", "-c", "user.email=j@localhost"]
        subprocess.run(["git", *who, *args], cwd=city, check=True, capture_output=True)

    git("init", "-q")
    git("add", "-A")
    git("commit", "-q", "-m", "城市")
    build(city, tmp_path / "site", cache, DAY, monkeypatch, caplog)
    assert WHOLE in build(city, tmp_path / "site", cache, DAY, monkeypatch, caplog)
    git("commit", "-q", "--allow-empty", "-m", "再提交一次")
    assert WHOLE not in build(city, tmp_path / "site", cache, DAY, monkeypatch, caplog)


def test_a_build_that_warned_is_not_kept_whole(start, tmp_path, monkeypatch, caplog):
    """The warning is said again by the next build, as without the cache (and a build
    that is --strict stops at it)."""
    city, cache = copy_of(start, tmp_path)
    home = city / "docs/index.md"
    home.write_text(
        home.read_text(encoding="utf-8") + "\n[旧页面](没有这一页.md)\n", encoding="utf-8"
    )
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch(DAY))
    monkeypatch.setenv("GONGYUE_CACHE", str(cache))
    for _ in range(2):
        caplog.clear()
        with caplog.at_level(logging.INFO, logger="mkdocs"):
            build_site(city, tmp_path / "site", strict=False, lock=False)
        assert WHOLE not in caplog.text and "没有这一页.md" in caplog.text


def test_a_shard_is_never_kept_whole(start, tmp_path, monkeypatch, caplog):
    city, cache = copy_of(start, tmp_path)
    monkeypatch.setenv("GONGYUE_SHARD", "qu-1")
    for _ in range(2):
        assert WHOLE not in build(city, tmp_path / "site", cache, DAY, monkeypatch, caplog)


def test_anything_else_in_the_output_leaves_every_charter_where_it_was(
    start, tmp_path, monkeypatch, caplog, listing
):
    """A file added at the top of the output folder: the site is not kept whole, but every
    charter's folder is still moved back, and the file is gone."""
    city, cache = copy_of(start, tmp_path)
    build(city, tmp_path / "site", cache, DAY, monkeypatch, caplog)
    page = next((tmp_path / "site").rglob("history/index.html"))
    inode = kept(page)
    not_kept_whole(tmp_path / "site")
    said = build(city, tmp_path / "site", cache, DAY, monkeypatch, caplog)
    count = len(charters(city))
    assert WHOLE not in said and f"沿用的页面中 {count} 部留在输出文件夹的原处" in said
    assert kept(page) == inode  # not written again
    assert differences(start / "site", tmp_path / "site") == []
    assert not list((cache / SITES).glob("*.previous"))  # nothing left aside
    assert gc.get_freeze_count() == 0  # the record loading froze is the collector's again
    assert WHOLE in build(city, tmp_path / "site", cache, DAY, monkeypatch, caplog)


def test_one_draft_edited_is_written_and_the_others_stay(start, tmp_path, monkeypatch, caplog):
    city, cache = copy_of(start, tmp_path)
    build(city, tmp_path / "site", cache, DAY, monkeypatch, caplog)
    edit_draft(city, 1)
    said = build(city, tmp_path / "site", cache, DAY, monkeypatch, caplog)
    count = len(charters(city))
    assert f"沿用的页面中 {count - 1} 部留在输出文件夹的原处" in said
    build(city, tmp_path / "full", None, DAY, monkeypatch, caplog)
    assert differences(tmp_path / "full", tmp_path / "site") == []


@pytest.mark.parametrize("how", ["same size, other bytes", "removed", "added", "link added"])
def test_a_page_changed_by_hand_in_the_output_is_made_again(
    start, tmp_path, monkeypatch, caplog, how, listing
):
    """A page of its own changed: the charter is made again; a file added: removed."""
    city, cache = copy_of(start, tmp_path)
    build(city, tmp_path / "site", cache, DAY, monkeypatch, caplog)
    page = next((tmp_path / "site").rglob("2*/index.html"))
    charter = page.parent.parent
    mutate(charter, page, how)
    said = build(city, tmp_path / "site", cache, DAY, monkeypatch, caplog)
    count = len(charters(city)) - (how in REFUSED)
    assert f"沿用的页面中 {count} 部留在输出文件夹的原处" in said
    assert differences(start / "site", tmp_path / "site") == []
    assert not (charter / "link.html").exists()


def test_a_build_that_fails_leaves_nothing_aside(start, tmp_path, monkeypatch, caplog):
    city, cache = copy_of(start, tmp_path)
    build(city, tmp_path / "site", cache, DAY, monkeypatch, caplog)
    broken = charters(city)[0] / "2099-01-01.md"
    broken.write_text("---\ntitle: 坏\n---\n", encoding="utf-8")
    with pytest.raises(Exception, match="BuildError"):
        build(city, tmp_path / "site", cache, DAY, monkeypatch, caplog)
    assert "公约内容有 2 个错误" in caplog.text
    assert not list((cache / SITES).glob("*.previous"))
    assert gc.get_freeze_count() == 0
    assert_released(cache, tmp_path / "site")
    broken.unlink()
    said = build(city, tmp_path / "site", cache, DAY, monkeypatch, caplog)
    assert "留在输出文件夹的原处" not in said  # no record: every charter out of its pack
    assert differences(start / "site", tmp_path / "site") == []


def test_a_build_that_fails_after_loading_gives_everything_back(
    start, tmp_path, monkeypatch, caplog
):
    """Failing while writing (a full disk, say): the last site aside is removed and the
    record that loading froze is the collector's again (``mkdocs serve`` builds again)."""
    city, cache = copy_of(start, tmp_path)
    build(city, tmp_path / "site", cache, DAY, monkeypatch, caplog)

    def fail(self) -> None:
        assert gc.get_freeze_count() > 0  # loading froze the record
        raise RuntimeError("错误：无法写入（测试）。")

    monkeypatch.setattr(Writer, "wait", fail)
    not_kept_whole(tmp_path / "site")
    with pytest.raises(Exception, match="BuildError"):
        build(city, tmp_path / "site", cache, DAY, monkeypatch, caplog)
    assert "无法写入（测试）" in caplog.text
    assert gc.get_freeze_count() == 0
    assert not list((cache / SITES).glob("*.previous"))
    assert_released(cache, tmp_path / "site")


def test_the_record_stays_frozen_until_the_build_has_finished(start, tmp_path, monkeypatch, caplog):
    """Given back to the collector only at the very end (``making.release_record``), even
    with the helper that froze its own pages (forked here): given back earlier, the next
    full collection walked the whole record mid-build."""
    monkeypatch.setattr(companion_process, "fork_is_safe", lambda: True)
    city, cache = copy_of(start, tmp_path)
    edit_draft(city, 1)
    frozen_at_finish = []
    finish = kept_site.KeptSite.finish

    def counting(self, whole: bool = True) -> None:
        frozen_at_finish.append(gc.get_freeze_count())
        finish(self, whole)

    monkeypatch.setattr(kept_site.KeptSite, "finish", counting)
    said = build(city, tmp_path / "site", cache, DAY, monkeypatch, caplog)
    assert "1 部重新生成" in said  # the helper made that charter's pages
    assert len(frozen_at_finish) == 1 and frozen_at_finish[0] > 0
    assert gc.get_freeze_count() == 0


def test_a_search_index_whose_pages_did_not_change_stays_where_it_was(
    start, tmp_path, monkeypatch, caplog
):
    city = two_areas_city(start, tmp_path / "areas") / "city"
    cache, site = tmp_path / "cache", tmp_path / "site"
    build(city, site, cache, DAY, monkeypatch, caplog)
    index = next((site / "pagefind/qu-1").rglob("*.pf_meta"))
    inode = kept(index)
    not_kept_whole(site)
    said = build(city, site, cache, DAY, monkeypatch, caplog)
    assert "2 个搜索索引沿用上次的（收录的页面没有变），0 个重新建立" in said
    assert kept(index) == inode
    rename_unit(city, units(city).index(city / "docs/qu-2/jie-1/she-1/yuan-1/index.md"))
    said = build(city, site, cache, DAY, monkeypatch, caplog)
    assert "1 个搜索索引沿用上次的（收录的页面没有变），1 个重新建立" in said
    assert kept(index) == inode
    build(city, tmp_path / "full", None, DAY, monkeypatch, caplog)
    assert differences(tmp_path / "full", site) == []


def kept(path: Path) -> list[int]:
    """What tells a file kept (the code's own test): not its inode alone, as a file written
    afresh may be given an inode just freed (the filesystem reuses them, the same way each
    run), but never the same modification time to the nanosecond."""
    return status_of(path.stat())


def fragments(site: Path) -> dict[str, list[int]]:
    return {f.name: kept(f) for f in (site / "pagefind/fragment").iterdir()}


def searched_copy_of(start: Path, where: Path) -> tuple[Path, Path]:
    city, cache = copy_of(start, where)
    with_search(city)
    return city, cache


def test_a_search_index_made_again_keeps_the_fragments_of_unchanged_pages(
    start, tmp_path, monkeypatch, caplog
):
    city, cache = searched_copy_of(start, tmp_path)
    site = tmp_path / "site"
    build(city, site, cache, DAY, monkeypatch, caplog)
    before = fragments(site)
    edit_draft(city, 1)
    said = build(city, site, cache, DAY, monkeypatch, caplog)
    assert "0 个搜索索引沿用上次的（收录的页面没有变），1 个重新建立" in said
    after = fragments(site)
    kept = [name for name, status in after.items() if before.get(name) == status]
    assert 0 < len(after) - len(kept) <= 5  # the draft's page and the pages listing it
    assert len(list((cache / SITES).glob("*.private/pagefind.made.json"))) == 1  # its own
    (stage,) = (cache / SITES).glob("*.private/pagefind.stage")  # the pages linked, kept
    assert sum(1 for p in stage.rglob("*.html")) == len(after)
    build(city, tmp_path / "full", None, DAY, monkeypatch, caplog)
    assert differences(tmp_path / "full", site) == []
    edit_draft(city, 2)
    build(city, tmp_path / "elsewhere", cache, DAY, monkeypatch, caplog)  # sharing the cache
    edit_draft(city, 4)
    build(city, tmp_path / "elsewhere", cache, DAY, monkeypatch, caplog)  # kept, reindexed
    assert len(list((cache / SITES).glob("*.private/pagefind.stage"))) == 2  # one each
    build(city, tmp_path / "full", None, DAY, monkeypatch, caplog)
    assert differences(tmp_path / "full", tmp_path / "elsewhere") == []
    edit_draft(city, 3)
    shutil.rmtree(site)  # as on CI: no last output folder
    build(city, site, cache, DAY, monkeypatch, caplog)
    assert not stage.exists()  # a CI cache would keep the linked pages as copies
    build(city, tmp_path / "full", None, DAY, monkeypatch, caplog)
    assert differences(tmp_path / "full", site) == []


@pytest.mark.parametrize("spoilt", ["a fragment edited", "the record of what was made"])
def test_a_search_index_spoilt_since_is_made_afresh(start, tmp_path, monkeypatch, caplog, spoilt):
    """A fragment changed by hand in the output (the kept site's check refuses the folder),
    or the cache's record of what was made of each page damaged: the index is made as if
    there were no last one, and is a full build's."""
    city, cache = searched_copy_of(start, tmp_path)
    site = tmp_path / "site"
    build(city, site, cache, DAY, monkeypatch, caplog)
    before = fragments(site)
    if spoilt == "a fragment edited":
        fragment = site / "pagefind/fragment" / sorted(before)[0]
        fragment.write_bytes(fragment.read_bytes()[::-1])
    else:
        (record,) = (cache / SITES).glob("*.private/pagefind.made.json")
        record.write_text('{"build": ', encoding="utf-8")
    edit_draft(city, 1)
    build(city, site, cache, DAY, monkeypatch, caplog)
    after = fragments(site)
    assert not [name for name, status in after.items() if before.get(name) == status]
    build(city, tmp_path / "full", None, DAY, monkeypatch, caplog)
    assert differences(tmp_path / "full", site) == []


def test_a_build_into_another_folder_in_between_leaves_this_folders_fragments_kept(
    start, tmp_path, monkeypatch, caplog
):
    """Two output folders sharing one cache, built in turn: each folder keeps its own record
    of what was made of its index, so the build here after one there still writes only the
    fragments of the pages changed since this folder's last build (a record shared by the
    two named the other folder's index, and every page here was indexed afresh)."""
    city, cache = searched_copy_of(start, tmp_path)
    site, other = tmp_path / "site", tmp_path / "other"
    build(city, site, cache, DAY, monkeypatch, caplog)
    before = fragments(site)
    edit_draft(city, 1)
    build(city, other, cache, DAY, monkeypatch, caplog)
    edit_draft(city, 2)
    build(city, site, cache, DAY, monkeypatch, caplog)
    after = fragments(site)
    kept = [name for name, status in after.items() if before.get(name) == status]
    assert 0 < len(after) - len(kept) <= 10  # two drafts' pages and the pages listing them
    assert len(list((cache / SITES).glob("*.private/pagefind.made.json"))) == 2
    build(city, tmp_path / "full", None, DAY, monkeypatch, caplog)
    assert differences(tmp_path / "full", site) == []


def test_an_attachment_removed_from_the_sources_is_gone_from_a_charter_kept_in_place(
    start, tmp_path, monkeypatch, caplog
):
    """The engine copies a charter's attachments into its folder; the key of its pages does
    not cover them, so what the folder holds beyond its own pages must not outlive them."""
    city, cache = copy_of(start, tmp_path)
    folder = charters(city)[0]
    attachment = folder / "附件.pdf"
    attachment.write_bytes(b"%PDF-1.4 ")
    named = attachment.relative_to(city / "docs").as_posix()
    config = city / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8") + f"      extra_files:\n        - '{named}'\n", "utf-8"
    )
    build(city, tmp_path / "site", cache, DAY, monkeypatch, caplog)
    assert (tmp_path / "site" / named).read_bytes() == b"%PDF-1.4 "
    attachment.unlink()
    said = build(city, tmp_path / "site", cache, DAY, monkeypatch, caplog)
    assert f"沿用的页面中 {len(charters(city))} 部留在输出文件夹的原处" in said
    assert not (tmp_path / "site" / named).exists()
    build(city, tmp_path / "full", None, DAY, monkeypatch, caplog)
    assert differences(tmp_path / "full", tmp_path / "site") == []


def test_a_build_killed_while_the_last_site_was_aside_starts_clean(
    start, tmp_path, monkeypatch, caplog
):
    """Killed after the last site was moved aside (its record is then gone): the next
    build writes every page out of the packs and removes what the killed one left aside."""
    city, cache = copy_of(start, tmp_path)
    build(city, tmp_path / "site", cache, DAY, monkeypatch, caplog)
    killed = set_aside(cache, tmp_path / "site", next(iter_families(cache)))
    assert killed.aside is not None and killed.aside.is_dir()
    (tmp_path / "site" / "half-written.html").write_text("…", encoding="utf-8")
    said = build(city, tmp_path / "site", cache, DAY, monkeypatch, caplog)
    assert "留在输出文件夹的原处" not in said
    assert differences(start / "site", tmp_path / "site") == []
    assert not killed.aside.exists()


def iter_families(cache: Path):
    """The family the cache's records were written with."""
    for record in (cache / SITES).glob("*.json"):
        yield json.loads(record.read_text(encoding="utf-8"))["family"]


def test_an_output_folder_on_another_disk_is_written_as_usual(start, tmp_path, monkeypatch, caplog):
    """The last site cannot be moved into a cache on another disk: said, and MkDocs
    empties the folder as it always does."""
    city, cache = copy_of(start, tmp_path)
    build(city, tmp_path / "site", cache, DAY, monkeypatch, caplog)

    def across_disks(source, target) -> None:
        raise OSError(errno.EXDEV, "Invalid cross-device link")

    monkeypatch.setattr(kept_site.os, "rename", across_disks)
    said = build(city, tmp_path / "site", cache, DAY, monkeypatch, caplog)
    assert "没能把上次生成的网站移到缓存文件夹里（Invalid cross-device link）" in said
    assert "不在同一个磁盘分区上" in said
    assert differences(start / "site", tmp_path / "site") == []


def test_folders_listed_ahead_are_what_a_walk_finds_when_taken(tmp_path, monkeypatch):
    """Each folder's listing from the second process is a walk's, handed out once; a folder
    it did not list, or asked for again, is walked then."""
    monkeypatch.setattr(walk_ahead, "fork_is_safe", lambda: True)
    tree = {f"qu/c{n}/": {"index.html": b"x" * n, "v/index.html": b"y"} for n in range(4)}
    write_tree(tmp_path, tree)
    (tmp_path / "qu/c1/link.html").symlink_to(tmp_path / "qu/c2/index.html")
    ahead = WalkAhead(walk, tmp_path, tree)
    assert ahead._child is not None  # the second process runs
    for folder in sorted(tree):
        assert ahead.take(folder) == walk(tmp_path, tmp_path / folder)
    assert ahead.walked == {}  # each listing used once
    (tmp_path / "qu/c0/new.html").write_bytes(b"z")
    assert ahead.take("qu/c0/") == walk(tmp_path, tmp_path / "qu/c0/")  # walked now
    assert "qu/c0/new.html" in ahead.take("qu/c0/")[0]
    assert ahead.take("elsewhere/") == ({}, set())


def test_what_must_be_known_first_comes_before_the_listings(tmp_path, monkeypatch):
    """``first`` (a build's inputs) runs in the second process before it lists anything,
    and is handed over before them, whichever is asked for first; the process that did
    it is the child, not this one."""
    monkeypatch.setattr(walk_ahead, "fork_is_safe", lambda: True)
    tree = {"qu/c0/": {"index.html": b"x"}}
    write_tree(tmp_path, tree)
    for ask_first in (True, False):
        ahead = WalkAhead(walk, tmp_path, tree, os.getpid)
        assert ahead._child is not None
        if ask_first:
            assert ahead.first() not in (None, os.getpid())
        assert ahead.take("qu/c0/") == walk(tmp_path, tmp_path / "qu/c0/")
        child = ahead.first()
        assert child not in (None, os.getpid()) and ahead.first() == child  # once


def test_what_must_be_known_first_is_worked_out_here_when_the_child_fails(tmp_path, monkeypatch):
    monkeypatch.setattr(walk_ahead, "fork_is_safe", lambda: True)
    me = os.getpid()
    ahead = WalkAhead(walk, tmp_path, [], lambda: os._exit(3) if os.getpid() != me else "here")
    assert ahead._child is not None  # which dies without a word
    assert ahead.first() == "here"
    assert ahead.take("qu/c0/") == ({}, set())  # walked here too
    monkeypatch.setattr(walk_ahead, "fork_is_safe", lambda: False)
    assert WalkAhead(walk, tmp_path, [], lambda: "here").first() == "here"


def test_a_listing_process_stopped_early_leaves_each_folder_walked_when_taken(
    tmp_path, monkeypatch
):
    monkeypatch.setattr(walk_ahead, "fork_is_safe", lambda: True)
    tree = {"qu/c0/": {"index.html": b"x"}}
    write_tree(tmp_path, tree)
    ahead = WalkAhead(walk, tmp_path, tree)
    ahead.stop()  # as when the build fails while the record loads
    assert ahead.take("qu/c0/") == walk(tmp_path, tmp_path / "qu/c0/")


def test_a_second_build_into_the_same_folder_waits_for_the_first(
    start, tmp_path, monkeypatch, caplog
):
    """Two builds into one output folder at once (two pushes close together on a runner
    that keeps its work folder): the second says so and waits, before it touches the
    folder, until the first has released it; then it builds as usual."""
    city, cache = copy_of(start, tmp_path)
    site = tmp_path / "site"
    build(city, site, cache, DAY, monkeypatch, caplog)
    assert_released(cache, site)
    before = stat_of(site, "index.html")
    edit_draft(city, 0)
    first = lock_folder(lock_file(cache, site), waiting=lambda: pytest.fail("nobody holds it"))
    assert first is not None
    env = dict(os.environ, GONGYUE_CACHE=str(cache), SOURCE_DATE_EPOCH=epoch(DAY))
    command = [sys.executable, "-m", "mkdocs", "build", "-f", str(city / "mkdocs.yml")]
    second = subprocess.Popen(
        [*command, "-d", str(site)], stderr=subprocess.PIPE, text=True, env=env
    )
    watchdog = threading.Timer(300, second.kill)  # a build that never says it waits
    watchdog.start()
    try:
        said = _said_until(second, cache_adapter.WAITING[:10])
        assert cache_adapter.WAITING.format(site) in said
        assert stat_of(site, "index.html") == before  # neither emptied nor moved aside
        assert not list((cache / SITES).glob("*.previous"))
    finally:
        first.release()
    rest = second.communicate()[1]
    watchdog.cancel()
    assert second.returncode == 0, rest
    build(city, tmp_path / "full", None, DAY, monkeypatch, caplog)
    assert differences(tmp_path / "full", site) == []


def assert_released(cache: Path, site: Path) -> None:
    """No build holds the output folder: its lock is taken at once."""
    lock = lock_folder(lock_file(cache, site), waiting=lambda: pytest.fail("still locked"))
    assert lock is not None
    lock.release()


def _said_until(process: subprocess.Popen[str], words: str) -> str:
    """What ``process`` wrote on its error output up to the line with ``words`` in it (or
    up to its end)."""
    assert process.stderr is not None
    said = ""
    for line in process.stderr:
        said += line
        if words in line:
            break
    return said
