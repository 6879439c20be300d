"""Unit pages and the site's data from the page cache: MkDocs renders a unit's page again
only when what it shows changed, the site's data files are made again only when a
charter or unit changed, and the site is a full build's bytes either way.

Real builds of the generated city of ``test_page_cache`` (its ``start`` fixture: the
city and the cache its first build filled) with the real plugin; every result is
compared file by file with a build without any cache. The property test there
(random edits, dates, in place or not) covers unit pages too; these name the cases.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import gen_corpus
from gongyue.publish.packs import SUFFIX
from gongyue.publish.page_cache import UNITS
from gongyue.publish.site_data_cache import DATA
from gongyue.publish.whole_site import status_of

from .test_page_cache import (  # noqa: F401
    DAY,
    build,
    copy_of,
    edit_draft,
    epoch,
    rename_unit,
    start,
    units,
)
from .test_shards import differences, run


def unit_line(said: str) -> tuple[int, int]:
    """(taken back, rendered) from the build's line about unit pages."""
    found = re.search(r"缓存：(\d+) 个单位页沿用上次的，(\d+) 个重新生成。", said)
    assert found, said
    return int(found.group(1)), int(found.group(2))


def append_config(city: Path, text: str) -> Path:
    """``text`` added at the end of the city's mkdocs.yml (which ends in the plugin's
    settings); the file."""
    config = city / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + text, encoding="utf-8")
    return config


def cached_as_full(city: Path, cache: Path, out: Path, monkeypatch, caplog) -> str:
    """Build ``city`` with ``cache`` into ``out``, then without any cache beside it: the
    two sites are the same bytes. The log of the build with the cache."""
    said = build(city, out, cache, DAY, monkeypatch, caplog)
    full = out.with_name(out.name + "-full")
    build(city, full, None, DAY, monkeypatch, caplog)
    assert differences(full, out) == []
    return said


def test_nothing_changed_renders_no_unit_page(start, tmp_path, monkeypatch, caplog):  # noqa: F811
    city, cache = copy_of(start, tmp_path)
    said = build(city, tmp_path / "again", cache, DAY, monkeypatch, caplog)
    assert unit_line(said) == (len(units(city)), 0) and "留在输出文件夹的原处" not in said
    assert differences(start / "site", tmp_path / "again") == []
    # A file left in the output folder: the site is not kept whole (test_kept_site), yet
    # every unit page stays where it is.
    (tmp_path / "again/extra.txt").write_text("x", encoding="utf-8")
    said = build(city, tmp_path / "again", cache, DAY, monkeypatch, caplog)  # in place
    assert unit_line(said) == (len(units(city)), 0)
    assert f"沿用的单位页中 {len(units(city))} 个留在输出文件夹的原处" in said
    assert differences(start / "site", tmp_path / "again") == []


def test_a_renamed_unit_renders_its_page_its_parents_and_those_below(
    start,  # noqa: F811
    tmp_path,
    monkeypatch,
    caplog,
):
    """A 社区 renamed: its page, its 街道's (which lists it) and every page below it
    (their crumbs name it); no other."""
    city, cache = copy_of(start, tmp_path)
    index = next(p for p in units(city) if p.parent.name == "she-1")
    below = [p for p in units(city) if p != index and index.parent in p.parents]
    rename_unit(city, units(city).index(index))
    said = cached_as_full(city, cache, tmp_path / "renamed", monkeypatch, caplog)
    assert unit_line(said) == (len(units(city)) - 2 - len(below), 2 + len(below))


def test_a_unit_page_changed_in_the_output_folder_comes_from_its_pack(
    start,  # noqa: F811
    tmp_path,
    monkeypatch,
    caplog,
):
    city, cache = copy_of(start, tmp_path)
    out = tmp_path / "site"
    build(city, out, cache, DAY, monkeypatch, caplog)
    page = out / "qu-1/index.html"
    page.write_text(page.read_text(encoding="utf-8") + "<!-- by hand -->", encoding="utf-8")
    said = build(city, out, cache, DAY, monkeypatch, caplog)
    assert unit_line(said) == (len(units(city)), 0)
    assert differences(start / "site", out) == []


def test_a_damaged_unit_pack_is_rendered_again_with_a_note(
    start,  # noqa: F811
    tmp_path,
    monkeypatch,
    caplog,
):
    city, cache = copy_of(start, tmp_path)
    pack = cache / UNITS / f"qu-1{SUFFIX}"
    data = bytearray(pack.read_bytes())
    at = data.index("第一区".encode(), data.index(b"\n"))
    data[at : at + 9] = "第二区".encode()
    pack.write_bytes(bytes(data))
    said = build(city, tmp_path / "site", cache, DAY, monkeypatch, caplog)
    assert "其中 1 个的缓存文件已损坏，没有使用，已重新生成" in said
    assert unit_line(said)[1] == 1
    assert differences(start / "site", tmp_path / "site") == []


def test_a_unit_in_the_menu_is_rendered_again_when_the_menu_changes(
    start,  # noqa: F811
    tmp_path,
    monkeypatch,
    caplog,
):
    """An operator who lists a district in ``nav``: the page is marked there and links to
    its neighbours, so a change of the menu renders every unit page again."""
    city, cache = copy_of(start, tmp_path)
    config = append_config(city, "nav:\n  - 首页: index.md\n  - 第一区: qu-1/index.md\n")
    build(city, tmp_path / "first", cache, DAY, monkeypatch, caplog)
    config.write_text(config.read_text(encoding="utf-8").replace("- 第一区:", "- 一区:"), "utf-8")
    said = cached_as_full(city, cache, tmp_path / "renamed", monkeypatch, caplog)
    assert unit_line(said) == (0, len(units(city)))
    assert "一区" in (tmp_path / "renamed/qu-1/index.html").read_text(encoding="utf-8")


def test_another_plugin_that_sees_pages_gets_every_unit_page(
    start,  # noqa: F811
    tmp_path,
    monkeypatch,
    caplog,
):
    """A hook (or plugin) on MkDocs' page events would miss a page taken back: with one,
    MkDocs renders every unit page, from the cache or not."""
    city, cache = copy_of(start, tmp_path)
    (city / "hooks.py").write_text(
        "def on_post_page(output, page, config):\n    return output + '<!-- seen -->'\n",
        encoding="utf-8",
    )
    append_config(city, "hooks:\n  - hooks.py\n")
    build(city, tmp_path / "first", cache, DAY, monkeypatch, caplog)
    said = cached_as_full(city, cache, tmp_path / "again", monkeypatch, caplog)
    assert "个单位页沿用上次的" not in said
    for index in units(city):
        url = index.parent.relative_to(city / "docs").as_posix()
        assert (tmp_path / "again" / url / "index.html").read_text().endswith("<!-- seen -->")


def test_a_removed_unit_leaves_no_pack_behind(start, tmp_path, monkeypatch, caplog):  # noqa: F811
    city, cache = copy_of(start, tmp_path)
    yard = next(p.parent for p in units(city) if p.parent.name == "yuan-1")
    pack = cache / UNITS / (yard.relative_to(city / "docs").as_posix() + SUFFIX)
    assert pack.is_file()
    shutil.rmtree(yard)
    gen_corpus._lock(city)
    build(city, tmp_path / "site", cache, DAY, monkeypatch, caplog)
    assert not pack.exists()


# --- the site's own data files ------------------------------------------------------------


def test_the_sites_data_come_from_the_cache_until_a_charter_changes(
    start,  # noqa: F811
    tmp_path,
    monkeypatch,
    caplog,
):
    """The charters' index, fingerprint shards, units' table and feeds: the same pack
    while nothing changed (not even written again), made again after a draft's edit."""
    city, cache = copy_of(start, tmp_path)
    pack = cache / DATA
    made = pack.stat()
    build(city, tmp_path / "again", cache, DAY, monkeypatch, caplog)
    assert (pack.stat().st_ino, pack.stat().st_mtime_ns) == (made.st_ino, made.st_mtime_ns)
    assert differences(start / "site", tmp_path / "again") == []
    edit_draft(city, 0)
    cached_as_full(city, cache, tmp_path / "edited", monkeypatch, caplog)
    assert pack.stat().st_mtime_ns != made.st_mtime_ns


def test_the_sites_data_stay_in_the_output_folder_until_touched(
    start,  # noqa: F811
    tmp_path,
    monkeypatch,
    caplog,
):
    """Built again over its own output with nothing changed, a feed and the charters' index
    are the same files (not written again), and an operator's page linking to them still
    finds them (a strict build passes); a feed edited by hand there is written again, and
    after a draft's edit the data are a full build's."""
    city, cache = copy_of(start, tmp_path)
    (city / "docs/data.md").write_text("# 数据\n\n[目录](api/charters.json)、[订阅](feed.xml)\n")
    append_config(city, "\nstrict: true\n")
    site = tmp_path / "site"
    build(city, site, cache, DAY, monkeypatch, caplog)
    feed, index = site / "feed.xml", site / "api/charters.json"
    left = [status_of(f.stat()) for f in (feed, index)]
    cached_as_full(city, cache, site, monkeypatch, caplog)
    assert [status_of(f.stat()) for f in (feed, index)] == left  # not rewritten
    assert 'href="../api/charters.json"' in (site / "data/index.html").read_text()
    unit_feed = next(site.glob("*/feed.xml"))
    unit_feed.write_bytes(unit_feed.read_bytes().replace(b"<title>", b"<title>forged "))
    cached_as_full(city, cache, site, monkeypatch, caplog)
    edit_draft(city, 0)
    cached_as_full(city, cache, site, monkeypatch, caplog)


def test_a_forged_data_pack_is_not_used(start, tmp_path, monkeypatch, caplog):  # noqa: F811
    """An insider who can write the cache puts another fingerprint in a shard, keeping the
    key: the hashes do not check out, so the data are made again."""
    city, cache = copy_of(start, tmp_path)
    pack = cache / DATA
    data = bytearray(pack.read_bytes())
    at = data.index(b'"fingerprint":"', data.index(b"\n")) + len(b'"fingerprint":"')
    data[at : at + 1] = b"0" if data[at : at + 1] != b"0" else b"1"
    pack.write_bytes(bytes(data))
    build(city, tmp_path / "site", cache, DAY, monkeypatch, caplog)
    assert differences(start / "site", tmp_path / "site") == []


def test_a_shard_makes_its_data_every_time(start, tmp_path, monkeypatch):  # noqa: F811
    city, cache = copy_of(start, tmp_path)
    (cache / DATA).unlink()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch(DAY))
    monkeypatch.setenv("GONGYUE_CACHE", str(cache))
    shard = run("build", city, "--shard", "qu-1", "-d", tmp_path / "shard")
    assert shard.exit_code == 0, shard.output
    assert not (cache / DATA).exists()


def test_a_version_known_from_a_shards_summary_is_keyed_by_its_front_matter():
    """Keys read a version's whole text, not its front matter again (it is read from
    the text); a top job knows a shard's versions from its summary, without text: then
    the front matter itself, so that a title changed in the shard changes the keys."""
    import dataclasses
    import datetime as dt

    from gongyue.publish.page_cache import Digests
    from gongyue.record.loader import load_tolerantly

    from .conftest import DEMO_DATE, ROOT

    site, _ = load_tolerantly(ROOT, ROOT / "docs", dt.date.fromisoformat(DEMO_DATE))
    charter = site.charters[0]
    hollow = [dataclasses.replace(v, source_text="") for v in charter.versions]
    renamed = [
        dataclasses.replace(v, meta=v.meta.model_copy(update={"title": "另一个名称"}))
        for v in hollow
    ]
    digests = [
        Digests().charter(dataclasses.replace(charter, versions=versions))
        for versions in (charter.versions, hollow, renamed)
    ]
    assert len(set(digests)) == 3
    with_text = [
        dataclasses.replace(v, meta=v.meta.model_copy(update={"title": "另一个名称"}))
        for v in charter.versions
    ]
    assert Digests().charter(dataclasses.replace(charter, versions=with_text)) == digests[0]


def test_a_unit_pack_that_writes_elsewhere_is_not_used(start, tmp_path, monkeypatch, caplog):  # noqa: F811
    """An insider who can write the cache, with the right key and hashes that check out:
    a unit's pack that would also write the home page or a source is refused, and the
    page is rendered again."""
    import json

    from gongyue.publish import packs

    city, cache = copy_of(start, tmp_path)
    pack = cache / UNITS / f"qu-1{SUFFIX}"
    key = json.loads(pack.read_bytes().split(b"\n", 1)[0])["key"]
    forged = [*packs.unpacked(pack), ("index.html", b"<script>alert(1)</script>")]
    packs.write(pack, "forged", key, [*forged, ("../city/docs/index.md", b"# replaced")])
    said = build(city, tmp_path / "site", cache, DAY, monkeypatch, caplog)
    assert "其中 1 个的缓存文件已损坏，没有使用，已重新生成" in said
    assert differences(start / "site", tmp_path / "site") == []
    assert (city / "docs/index.md").read_text(encoding="utf-8") != "# replaced"


def test_unit_pages_from_the_cache_when_mkdocs_renders_every_page(
    start,  # noqa: F811
    tmp_path,
    monkeypatch,
    caplog,
):
    """``fast_pages: false`` (MkDocs renders the charters' pages too): unit pages still
    come back from the cache, and the site is a full build's bytes."""
    city, cache = copy_of(start, tmp_path)
    append_config(city, "      fast_pages: false\n")
    build(city, tmp_path / "first", cache, DAY, monkeypatch, caplog)
    rename_unit(city, len(units(city)) - 1)  # a courtyard: its page and its 社区's
    said = cached_as_full(city, cache, tmp_path / "again", monkeypatch, caplog)
    assert unit_line(said) == (len(units(city)) - 2, 2)


def test_a_preview_renders_its_unit_pages(start, tmp_path, monkeypatch, caplog):  # noqa: F811
    """A committee's preview of one 社区 (``only:``) keeps MkDocs' own sitemap, which lists
    only the pages MkDocs wrote: MkDocs renders every unit page of a preview, cache or
    not (a found bug: the sitemap lost the pages taken back)."""
    city, cache = copy_of(start, tmp_path)
    scope = next(p.parent for p in units(city) if p.parent.name == "she-1")
    append_config(city, f"      only: {scope.relative_to(city / 'docs').as_posix()}\n")
    build(city, tmp_path / "first", cache, DAY, monkeypatch, caplog)
    said = cached_as_full(city, cache, tmp_path / "again", monkeypatch, caplog)
    assert "个单位页沿用上次的" not in said and "部公约的页面沿用上次的" in said


def test_unit_pages_from_the_cache_on_a_site_without_an_address(
    start,  # noqa: F811
    tmp_path,
    monkeypatch,
    caplog,
):
    """Without ``site_url`` MkDocs' sitemap lists no page at all, taken back or not."""
    city, cache = copy_of(start, tmp_path)
    config = city / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "site_url: " in text
    config.write_text(re.sub(r"site_url: .*\n", "", text), encoding="utf-8")
    build(city, tmp_path / "first", cache, DAY, monkeypatch, caplog)
    rename_unit(city, len(units(city)) - 1)
    said = cached_as_full(city, cache, tmp_path / "again", monkeypatch, caplog)
    assert unit_line(said) == (len(units(city)) - 2, 2)
