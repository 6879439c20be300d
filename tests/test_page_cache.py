"""The page cache: a build that reuses last build's charters writes a full build's bytes.

Real builds of a generated city (scripts/gen_corpus.py) with the real plugin:
each example edits the sources the way committees and time do — a draft's text,
a unit's name, a version adopted, an erratum, a charter folder renamed, the build
date moved on — then builds once with the cache the unchanged city filled (into
a new folder, or over the unchanged city's own output, ``kept_site.py``) and
once without any cache, and compares every file. Then the ways a cache can be wrong: made by
another gongyue or configuration, damaged, cut short, or a folder the sources live in.
"""

from __future__ import annotations

import datetime as dt
import logging
import random
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

import gen_corpus
from gongyue.publish.page_cache import MANIFEST, PACKS, SUFFIX

from .conftest import DEMO_DATE, ROOT, build_site
from .test_shards import differences, run

COURTYARDS = 3
DAY = dt.date(2026, 11, 25)  # the build date of the cache the examples start from
# The benchmark city's configuration, its date left to SOURCE_DATE_EPOCH, without search
# (the search index's own tests below turn it on).
CONFIG = gen_corpus.CONFIG.replace('      build_date: "{date}"\n', "      search: false\n")


def epoch(day: dt.date) -> str:
    return str(int(dt.datetime(day.year, day.month, day.day, 12).timestamp()))


def build(city: Path, out: Path, cache: Path | None, day: dt.date, monkeypatch, caplog) -> str:
    """Build ``city`` into ``out`` in this process; the build's log."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch(day))
    if cache is None:
        monkeypatch.delenv("GONGYUE_CACHE", raising=False)
    else:
        monkeypatch.setenv("GONGYUE_CACHE", str(cache))
    caplog.clear()
    with caplog.at_level(logging.INFO, logger="mkdocs.plugins.gongyue"):
        build_site(city, out, lock=False)
    return caplog.text


@pytest.fixture(scope="module")
def start(tmp_path_factory) -> Path:
    return city_and_cache(tmp_path_factory.mktemp("start"))


def city_and_cache(root: Path) -> Path:
    """A generated city and the cache its build on ``DAY`` filled (``root/cache``)."""
    city = root / "city"
    gen_corpus._write_city(city / "docs", COURTYARDS, random.Random(3))
    gen_corpus._lock(city)
    (city / "mkdocs.yml").write_text(CONFIG, encoding="utf-8")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", epoch(DAY))
        patch.setenv("GONGYUE_CACHE", str(root / "cache"))
        build_site(city, root / "site", lock=False)
    assert list((root / "cache" / PACKS).rglob("*" + SUFFIX))
    return root


def copy_of(start: Path, where: Path) -> tuple[Path, Path]:
    shutil.copytree(start / "city", where / "city")
    shutil.copytree(start / "cache", where / "cache")
    return where / "city", where / "cache"


# --- the edits ----------------------------------------------------------------------------


def charters(city: Path) -> list[Path]:
    return sorted({p.parent for p in (city / "docs").rglob("20*.md")})


def units(city: Path) -> list[Path]:
    return sorted(p for p in (city / "docs").rglob("index.md") if p.parent != city / "docs")


def edit_draft(city: Path, pick: int) -> None:
    """A committee drafts, or goes on drafting: a draft's last line gets more words
    (a repealed charter is left alone: its last file has no text to amend)."""
    charter = charters(city)[pick % len(charters(city))]
    draft = charter / "draft.md"
    if "change: 废止" in sorted(charter.glob("20*.md"))[-1].read_text(encoding="utf-8"):
        return
    if not draft.exists():
        latest = sorted(charter.glob("20*.md"))[-1].read_text(encoding="utf-8")
        title = next(line[7:] for line in latest.splitlines() if line.startswith("title: "))
        kind = next(line[6:] for line in latest.splitlines() if line.startswith("type: "))
        body = latest.split("\n---\n", 1)[1]
        front = f"---\ntitle: {title}\ntype: {kind}\nchange: 修订\nsummary: 征求意见稿。\n---\n"
        draft.write_text(front + body, encoding="utf-8")
    text = draft.read_text(encoding="utf-8")
    draft.write_text(text.rstrip("\n") + "（修改稿的一句。）\n", encoding="utf-8")


def rename_unit(city: Path, pick: int) -> None:
    index = units(city)[pick % len(units(city))]
    text = index.read_text(encoding="utf-8")
    index.write_text(text.replace("name: ", "name: 新", 1), encoding="utf-8")


def adopt(city: Path, pick: int) -> None:
    """A new version of a charter, voted on the day before, locked as ``gongyue lock`` does."""
    charter = charters(city)[pick % len(charters(city))]
    day = DAY - dt.timedelta(days=1)
    latest = sorted(charter.glob("20*.md"))[-1]
    if latest.stem >= str(day):
        return
    text = latest.read_text(encoding="utf-8").replace("change: 制定", "change: 修订")
    text = re.sub(r"\d{4}-\d{2}-\d{2}", str(day), text)
    opened, closed = day - dt.timedelta(days=20), day - dt.timedelta(days=10)
    text = text.replace(f"from: {day}, to: {day}", f"from: {opened}, to: {closed}")
    (charter / f"{day}.md").write_text(text.replace("第一条", "第一条 经修改，", 1), "utf-8")
    gen_corpus._lock(city)


def erratum(city: Path, pick: int) -> None:
    """A typo corrected in an adopted text the way the guide says (the record keeps what
    was voted on): four characters of an article get a fifth, ``errata`` says so."""
    charter = charters(city)[pick % len(charters(city))]
    version = sorted(charter.glob("20*.md"))[-1]
    text = version.read_text(encoding="utf-8")
    front, _, body = text.partition("\n---\n")
    if "errata:" in front or "change: 废止" in front:
        return
    voted = next((line[2:6] for line in body.splitlines() if len(line) > 8), "")
    corrected = voted[:2] + "好" + voted[2:]
    if not voted or body.count(voted) != 1 or corrected in body:
        return
    entry = f"errata:\n  - {{date: {DAY}, from: {voted}, to: {corrected}, by: 居民委员会}}\n"
    version.write_text(f"{front}\n{entry}---\n{body.replace(voted, corrected)}", "utf-8")


def with_search(city: Path) -> None:
    """The city with its one search index (generated cities are built without)."""
    config = city / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("      search: false\n", ""))


def move(city: Path, pick: int) -> None:
    """A charter folder renamed with ``gongyue move`` (the old address redirects)."""
    charter = charters(city)[pick % len(charters(city))]
    gongyue = Path(sys.executable).parent / "gongyue"
    command = [str(gongyue), "move", str(charter), f"{charter.name}-xin", "--date", str(DAY)]
    done = subprocess.run(command, cwd=city, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr


EDITS = {
    "draft": edit_draft,
    "rename": rename_unit,
    "adopt": adopt,
    "erratum": erratum,
    "move": move,
}
edits = st.lists(
    st.tuples(st.sampled_from(sorted(EDITS)), st.integers(0, 50)), min_size=1, max_size=3
)


@settings(
    max_examples=4,
    deadline=None,
    phases=[Phase.explicit, Phase.reuse, Phase.generate],  # a shrink step is two builds
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    changes=edits,
    later=st.sampled_from([0, 0, 1, 20, 400]),
    in_place=st.booleans(),
    searched=st.booleans(),
)
def test_a_build_from_the_cache_is_a_full_builds_bytes(
    start, tmp_path_factory, monkeypatch, caplog, changes, later, in_place, searched
):
    """``searched``: with a search index, made again over the last one when ``in_place``."""
    where = tmp_path_factory.mktemp("edited")
    city, cache = copy_of(start, where)
    if searched:
        with_search(city)
    if in_place:  # the last build's output is still there: unchanged charters stay in it
        build(city, where / "incremental", cache, DAY, monkeypatch, caplog)
    for name, pick in changes:
        EDITS[name](city, pick)
    day = DAY + dt.timedelta(days=later)
    said = build(city, where / "incremental", cache, day, monkeypatch, caplog)
    build(city, where / "full", None, day, monkeypatch, caplog)
    assert differences(where / "full", where / "incremental") == []
    reused, made = (int(n) for n in re.findall(r"(\d+) 部", said.split("缓存：")[1])[:2])
    assert reused + made == len(charters(city))  # every charter read back or made
    # Once more with nothing changed: the site is kept whole, and still the full build's.
    said = build(city, where / "incremental", cache, day, monkeypatch, caplog)
    assert "沿用上次的整个网站" in said
    assert differences(where / "full", where / "incremental") == []


def test_one_draft_edited_makes_that_charter_alone(start, tmp_path, monkeypatch, caplog):
    city, cache = copy_of(start, tmp_path)
    edit_draft(city, 1)
    said = build(city, tmp_path / "site", cache, DAY, monkeypatch, caplog)
    assert f"缓存：{len(charters(city)) - 1} 部公约的页面沿用上次的，1 部重新生成。" in said


def test_an_erratum_remakes_its_charter_alone(start, tmp_path, monkeypatch, caplog):
    city, cache = copy_of(start, tmp_path)
    before = {path: path.read_bytes() for path in (city / "docs").rglob("20*.md")}
    erratum(city, 0)
    (changed,) = [path for path, data in before.items() if path.read_bytes() != data]
    said = build(city, tmp_path / "site", cache, DAY, monkeypatch, caplog)
    assert f"缓存：{len(charters(city)) - 1} 部公约的页面沿用上次的，1 部重新生成。" in said
    build(city, tmp_path / "full", None, DAY, monkeypatch, caplog)
    assert differences(tmp_path / "full", tmp_path / "site") == []
    page = tmp_path / "site" / changed.relative_to(city / "docs").with_suffix("") / "index.html"
    assert "勘误" in page.read_text(encoding="utf-8")


def test_nothing_changed_reuses_every_charter(start, tmp_path, monkeypatch, caplog):
    city, cache = copy_of(start, tmp_path)
    said = build(city, tmp_path / "again", cache, DAY, monkeypatch, caplog)
    made = len(list((cache / PACKS).rglob("*" + SUFFIX)))
    assert f"缓存：{made} 部公约的页面沿用上次的，0 部重新生成。" in said
    assert differences(start / "site", tmp_path / "again") == []


def test_a_cache_from_another_gongyue_or_configuration_is_not_used(
    start, tmp_path, monkeypatch, caplog
):
    city, cache = copy_of(start, tmp_path)
    (cache / MANIFEST).write_text('{"format": 1, "family": "another"}', encoding="utf-8")
    said = build(city, tmp_path / "site", cache, DAY, monkeypatch, caplog)
    assert "另一个版本的 gongyue（或 MkDocs、主题）或另一份设置留下的，这次不用它" in said
    assert "缓存：0 部公约的页面沿用上次的" in said
    assert differences(start / "site", tmp_path / "site") == []
    said = build(city, tmp_path / "again", cache, DAY, monkeypatch, caplog)
    assert "0 部重新生成" in said  # the cache is this build's now


def test_a_changed_setting_clears_the_cache(start, tmp_path, monkeypatch, caplog):
    city, cache = copy_of(start, tmp_path)
    config = city / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "      posters: false\n", "utf-8")
    said = build(city, tmp_path / "site", cache, DAY, monkeypatch, caplog)
    assert "这次不用它" in said and "缓存：0 部公约的页面沿用上次的" in said
    sheets = list((tmp_path / "site").rglob("*/index.html"))
    assert not any("gy-print-sheet" in page.read_text(encoding="utf-8") for page in sheets)


@pytest.mark.parametrize("damage", ["flip", "cut", "header"])
def test_a_damaged_pack_is_made_again_with_a_note(start, tmp_path, monkeypatch, caplog, damage):
    city, cache = copy_of(start, tmp_path)
    pack = sorted((cache / PACKS).rglob("*" + SUFFIX))[0]
    data = bytearray(pack.read_bytes())
    if damage == "flip":  # one character of a page, the header untouched
        at = data.index("公约".encode(), data.index(b"\n"))
        data[at : at + 6] = "规约".encode()
    elif damage == "cut":
        del data[len(data) // 2 :]
    else:
        data[:1] = b"x"
    pack.write_bytes(bytes(data))
    said = build(city, tmp_path / "site", cache, DAY, monkeypatch, caplog)
    assert "其中 1 部的缓存文件已损坏，没有使用，已重新生成" in said
    assert differences(start / "site", tmp_path / "site") == []
    said = build(city, tmp_path / "again", cache, DAY, monkeypatch, caplog)
    assert "已损坏" not in said and "0 部重新生成" in said  # the pack was made anew


def test_an_unreadable_manifest_is_said_and_the_cache_started_again(
    start, tmp_path, monkeypatch, caplog
):
    city, cache = copy_of(start, tmp_path)
    (cache / MANIFEST).write_bytes(b"\xff\xfe")
    said = build(city, tmp_path / "site", cache, DAY, monkeypatch, caplog)
    assert "说明文件读不出，这次不用它" in said
    assert differences(start / "site", tmp_path / "site") == []


def test_a_moved_charter_leaves_no_pack_behind(start, tmp_path, monkeypatch, caplog):
    city, cache = copy_of(start, tmp_path)
    charter = charters(city)[0]
    old_pack = next((cache / PACKS).rglob(f"{charter.name}{SUFFIX}"))
    move(city, 0)
    build(city, tmp_path / "site", cache, DAY, monkeypatch, caplog)
    assert not old_pack.exists()
    assert old_pack.with_name(f"{charter.name}-xin{SUFFIX}").is_file()


@pytest.mark.parametrize("inside", ["docs", "docs/qu-1", "site", "."])
def test_a_cache_folder_among_the_sources_or_the_output_is_refused(
    start, tmp_path, monkeypatch, caplog, inside
):
    from mkdocs.exceptions import Abort

    city, _ = copy_of(start, tmp_path)
    before = sorted(p.relative_to(city) for p in city.rglob("*"))
    monkeypatch.setenv("GONGYUE_CACHE", inside)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch(DAY))
    with pytest.raises(Abort):
        build_site(city, city / "site", lock=False)
    assert f"错误：缓存文件夹 {inside} 与" in caplog.text and "修改建议" in caplog.text
    assert sorted(p.relative_to(city) for p in city.rglob("*") if "site" not in p.parts) == [
        p for p in before if "site" not in p.parts
    ]


# --- the search index ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def two_areas(start, tmp_path_factory) -> Path:
    return two_areas_city(start, tmp_path_factory.mktemp("areas"))


def two_areas_city(start: Path, root: Path) -> Path:
    """The city with a second district (a copy of the first) and a search index per district."""
    city = root / "city"
    shutil.copytree(start / "city", city)
    shutil.copytree(city / "docs/qu-1", city / "docs/qu-2")
    index = city / "docs/qu-2/index.md"
    index.write_text(index.read_text(encoding="utf-8").replace("第一区", "第二区"), "utf-8")
    gen_corpus._lock(city)
    config = CONFIG.replace("search: false", "search_areas: true")
    (city / "mkdocs.yml").write_text(config, encoding="utf-8")
    return root


def test_an_index_whose_pages_did_not_change_is_not_built_again(
    two_areas, tmp_path, monkeypatch, caplog
):
    shutil.copytree(two_areas / "city", tmp_path / "city")
    city, cache = tmp_path / "city", tmp_path / "cache"
    said = build(city, tmp_path / "first", cache, DAY, monkeypatch, caplog)
    assert "0 个搜索索引沿用上次的（收录的页面没有变），2 个重新建立" in said
    said = build(city, tmp_path / "same", cache, DAY, monkeypatch, caplog)
    assert "2 个搜索索引沿用上次的（收录的页面没有变），0 个重新建立" in said
    assert differences(tmp_path / "first", tmp_path / "same") == []
    rename_unit(city, units(city).index(city / "docs/qu-2/jie-1/she-1/yuan-1/index.md"))
    said = build(city, tmp_path / "renamed", cache, DAY, monkeypatch, caplog)
    assert "1 个搜索索引沿用上次的（收录的页面没有变），1 个重新建立" in said
    build(city, tmp_path / "full", None, DAY, monkeypatch, caplog)
    assert differences(tmp_path / "full", tmp_path / "renamed") == []
    assert (tmp_path / "full/pagefind/qu-2").is_dir()


def test_a_damaged_index_pack_is_not_used(two_areas, tmp_path, monkeypatch, caplog):
    shutil.copytree(two_areas / "city", tmp_path / "city")
    city, cache = tmp_path / "city", tmp_path / "cache"
    build(city, tmp_path / "first", cache, DAY, monkeypatch, caplog)
    pack = cache / "search/pagefind/qu-1.pages"
    data = pack.read_bytes()
    pack.write_bytes(data[:-1] + bytes([data[-1] ^ 1]))
    said = build(city, tmp_path / "again", cache, DAY, monkeypatch, caplog)
    assert (
        "1 个搜索索引沿用上次的（收录的页面没有变），1 个重新建立。注意：其中 1 个的缓存文件已损坏"
        in said
    )
    assert differences(tmp_path / "first", tmp_path / "again") == []


def test_a_pack_that_writes_outside_its_charter_is_not_used(start, tmp_path, monkeypatch, caplog):
    """An insider who can write the cache, with the right key and hashes that check out:
    a charter's pack that would put a file elsewhere (the home page, a source) is refused."""
    import json

    from gongyue.publish import packs

    city, cache = copy_of(start, tmp_path)
    pack = sorted((cache / PACKS).rglob("*" + SUFFIX))[0]
    key = json.loads(pack.read_bytes().split(b"\n", 1)[0])["key"]
    forged = [*packs.unpacked(pack), ("index.html", b"<script>alert(1)</script>")]
    forged.append(("../city/docs/index.md", b"# replaced"))
    packs.write(pack, "forged", key, forged)
    said = build(city, tmp_path / "site", cache, DAY, monkeypatch, caplog)
    assert "其中 1 部的缓存文件已损坏，没有使用，已重新生成" in said
    assert differences(start / "site", tmp_path / "site") == []
    assert (city / "docs/index.md").read_text(encoding="utf-8") != "# replaced"


def test_a_preview_refuses_a_cache_in_its_real_docs_folder(start, tmp_path, monkeypatch, caplog):
    """A preview hands MkDocs a view of one unit; the cache is still checked against the
    real docs folder."""
    from mkdocs.exceptions import Abort

    city, _ = copy_of(start, tmp_path)
    config = city / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "      only: qu-1\n", "utf-8")
    monkeypatch.setenv("GONGYUE_CACHE", "docs/.cache")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch(DAY))
    with pytest.raises(Abort):
        build_site(city, tmp_path / "site", lock=False)
    assert "缓存文件夹 docs/.cache 与 docs_dir" in caplog.text and "修改建议" in caplog.text
    assert not (city / "docs/.cache").exists()


def test_a_model_charters_unit_renamed_remakes_the_charters_based_on_it(
    tmp_path, monkeypatch, caplog
):
    """The demo's yuan-141 is based on yuan-131's (范本): its 与范本对照 page names the
    model's unit, so renaming that unit remakes both charters, and only them."""
    city = tmp_path / "demo"
    city.mkdir()
    shutil.copytree(ROOT / "docs", city / "docs")
    shutil.copy(ROOT / "gongyue.lock", city / "gongyue.lock")
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    (city / "mkdocs.yml").write_text(config.replace("pdf: true", "pdf: false"), "utf-8")
    day = dt.date.fromisoformat(DEMO_DATE)
    cache = tmp_path / "cache"
    build(city, tmp_path / "first", cache, day, monkeypatch, caplog)
    model_unit = city / "docs/qingyang/fanglinlu/yuan-131/index.md"
    text = model_unit.read_text(encoding="utf-8")
    model_unit.write_text(text.replace("name: ", "name: 改名的", 1), encoding="utf-8")
    said = build(city, tmp_path / "renamed", cache, day, monkeypatch, caplog)
    charters_in_demo = len(list((cache / PACKS).rglob("*" + SUFFIX)))
    assert f"缓存：{charters_in_demo - 2} 部公约的页面沿用上次的，2 部重新生成。" in said
    build(city, tmp_path / "full", None, day, monkeypatch, caplog)
    assert differences(tmp_path / "full", tmp_path / "renamed") == []
    fanben = tmp_path / "renamed/qingyang/fanglinlu/yuan-141/yuanluo-gongyue/fanben/index.html"
    assert "改名的芳邻路131号院落" in fanben.read_text(encoding="utf-8")


def test_a_shards_own_search_area_comes_out_of_the_cache(two_areas, tmp_path, monkeypatch):
    """``gongyue build --shard`` of a district with its own search index: built again
    into a new folder (as a CI job does) with the cache, the index is not made again."""
    shutil.copytree(two_areas / "city", tmp_path / "city")
    city, cache = tmp_path / "city", tmp_path / "cache"
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch(DAY))
    monkeypatch.setenv("GONGYUE_CACHE", str(cache))
    first = run("build", city, "--shard", "qu-2", "-d", tmp_path / "first")
    assert first.exit_code == 0, first.output
    (pack,) = (cache / "search").rglob("*" + SUFFIX)
    made = pack.stat()
    again = run("build", city, "--shard", "qu-2", "-d", tmp_path / "again")
    assert again.exit_code == 0, again.output
    assert (pack.stat().st_ino, pack.stat().st_mtime_ns) == (made.st_ino, made.st_mtime_ns)
    assert list((tmp_path / "again").rglob("pagefind/qu-2/pagefind-entry.json"))
    assert differences(tmp_path / "first", tmp_path / "again") == []


def test_the_merge_of_shards_keeps_its_search_index_in_the_cache(start, tmp_path, monkeypatch):
    """``gongyue merge`` with GONGYUE_CACHE: the whole site's index is built once, then
    taken from the cache while no page it holds changed; the same bytes either way."""
    city, _ = copy_of(start, tmp_path)
    with_search(city)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch(DAY))
    monkeypatch.delenv("GONGYUE_CACHE", raising=False)
    shard, top = tmp_path / "shard", tmp_path / "top"
    assert run("build", city, "--shard", "qu-1", "-d", shard).exit_code == 0
    assert run("build", city, "--top", shard, "-d", top).exit_code == 0
    plain = run("merge", top, shard, "-o", tmp_path / "plain")
    assert plain.exit_code == 0 and "缓存" not in plain.output
    monkeypatch.setenv("GONGYUE_CACHE", str(tmp_path / "cache-of-merge"))
    first = run("merge", top, shard, "-o", tmp_path / "first")
    assert "0 个搜索索引沿用上次的（收录的页面没有变），1 个重新建立" in first.output
    (pack,) = (tmp_path / "cache-of-merge/merge").rglob("*" + SUFFIX)
    made = pack.stat()
    again = run("merge", top, shard, "-o", tmp_path / "again")
    assert "1 个搜索索引沿用上次的（收录的页面没有变），0 个重新建立" in again.output
    assert (pack.stat().st_ino, pack.stat().st_mtime_ns) == (made.st_ino, made.st_mtime_ns)
    assert differences(tmp_path / "plain", tmp_path / "again") == []
    assert (tmp_path / "again/pagefind/pagefind-entry.json").is_file()
    monkeypatch.setenv("GONGYUE_CACHE", str(tmp_path / "inside"))
    refused = run("merge", top, shard, "-o", tmp_path / "inside/site")
    assert refused.exit_code == 1 and "重叠" in refused.output and "修改建议" in refused.output
