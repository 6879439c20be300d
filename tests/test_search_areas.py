"""``search_areas``: one search index per top-level unit, so a province's first search
downloads one city's index; 全部 merges them in the browser. Built, searched in
Chromium, and built as shards (the same bytes)."""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
from pathlib import Path

import pytest

from .conftest import PHONE, ROOT, _QuietHandler, build_site, demo_date
from .test_shards import build_in_shards, differences

AREAS = ("chenghua", "qingyang", "wuhou")


@pytest.fixture(scope="module")
def city(tmp_path_factory) -> Path:
    """The demo with ``search_areas: true``."""
    repo = tmp_path_factory.mktemp("areas") / "city"
    shutil.copytree(ROOT / "docs", repo / "docs")
    shutil.copy(ROOT / "gongyue.lock", repo / "gongyue.lock")
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert "  - gongyue:\n" in config
    config = config.replace("  - gongyue:\n", "  - gongyue:\n      search_areas: true\n", 1)
    config = config.replace("pdf: true", "pdf: false")  # not what this is about; faster
    (repo / "mkdocs.yml").write_text(config, encoding="utf-8")
    return repo


@pytest.fixture(scope="module")
def built(city, tmp_path_factory) -> Path:
    with demo_date():
        return build_site(city, tmp_path_factory.mktemp("areas-site") / "site", lock=False).site_dir


@pytest.fixture(scope="module")
def page(built, chromium):
    handler = functools.partial(_QuietHandler, directory=str(built))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    context = chromium.new_context(viewport=PHONE, is_mobile=True)
    tab = context.new_page()
    tab.base = f"http://127.0.0.1:{server.server_address[1]}/"
    yield tab
    context.close()
    server.shutdown()


def test_each_area_has_its_own_index_and_there_is_no_whole_one(built):
    for area in AREAS:
        assert (built / "pagefind" / area / "pagefind.js").is_file()
    assert not (built / "pagefind" / "pagefind.js").exists()


def results(tab) -> list[str]:
    tab.wait_for_selector(".gy-result a", timeout=30000)
    return [a.get_attribute("href") for a in tab.locator(".gy-result a").all()]


def test_an_area_searches_its_own_pages_and_all_of_them_merges_every_area(page):
    page.goto(page.base + "search/?q=公约&in=wuhou")
    assert page.locator("select[name=gy-area]").input_value() == "wuhou"
    found = results(page)
    assert found and all("/wuhou/" in href for href in found)
    page.select_option("select[name=gy-area]", "*")
    page.wait_for_function(
        "[...document.querySelectorAll('.gy-result a')].some(a => !a.href.includes('/wuhou/'))"
    )
    everywhere = {href.split("/")[1] for href in results(page)}
    assert len(everywhere & set(AREAS)) >= 2


def test_the_area_follows_the_page_the_search_started_from(page):
    page.goto(page.base + "qingyang/fanglinlu/")
    page.locator("#gy-search-q").fill("公约")
    page.locator(".gy-search-bar button").click()
    page.wait_for_url("**/search/?q=*")
    assert page.locator("select[name=gy-area]").input_value() == "qingyang"
    assert all("/qingyang/" in href for href in results(page))


def test_without_a_hint_the_resident_is_asked_to_choose_first(page):
    page.goto(page.base + "search/?q=公约")
    status = page.locator(".gy-search__status")
    status.filter(has_text="请先在“范围”里选择").wait_for(timeout=30000)
    assert page.locator(".gy-result").count() == 0
    requested: list[str] = []
    page.on("request", lambda r: requested.append(r.url) if "/pagefind/" in r.url else None)
    page.select_option("select[name=gy-area]", "chenghua")
    results(page)
    assert requested and all("/pagefind/chenghua/" in url for url in requested)


def test_areas_built_as_shards_are_the_same_bytes(city, built, tmp_path):
    with demo_date():
        merged = build_in_shards(city, list(AREAS), tmp_path)
    # Each shard that is an area indexed itself, in parallel: the merge only lays it in place.
    for area in AREAS:
        assert (tmp_path / area / "pagefind" / area / "pagefind.js").is_file()
    assert differences(built, merged) == []


def test_the_traditional_search_page_has_the_areas_too(page):
    page.goto(page.base + "search/hant/?q=犬隻&in=wuhou")
    assert page.locator("select[name=gy-area]").input_value() == "wuhou"
    found = results(page)
    assert found and all("/wuhou/" in href for href in found)
    # The query was read into Simplified (犬隻 → 犬只): the page opens at the words found.
    assert all("gy-find=%E7%8A%AC%E5%8F%AA" in href for href in found), found
