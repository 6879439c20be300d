"""Other site engines: ProperDocs runs the plugin, Zensical builds the export.

Both are run as operators run them: their own command, a relative ``-f
mkdocs.yml``, ``--strict``.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from gongyue.adapters.engines import marked_pages
from gongyue.cli import gongyue

from .conftest import DEMO_DATE, ROOT, Built
from .test_export import without_pdf_links

EPOCH = str(int(dt.datetime.fromisoformat(DEMO_DATE + "T12:00:00+08:00").timestamp()))
XH = "chenghua/mengzhuiwan/xinhong/jumin-gongyue"
PAGES = [
    "",
    f"{XH}/",
    f"{XH}/2021-09-12/",
    f"{XH}/2021-09-12/changes/",
    f"{XH}/history/",
    "directory/",
    "consultations/",
    "stats/",
    "chenghua/mengzhuiwan/xinhong/",
]
GENERATOR = re.compile(rb'\s*<meta name="generator" content="[^"]*">')


def run_engine(engine: str, repository: Path, site: Path) -> subprocess.CompletedProcess[str]:
    """``python -m <engine> build --strict -f mkdocs.yml`` in the repository, as an operator types it."""
    command = [
        sys.executable,
        "-m",
        engine,
        "build",
        "--strict",
        "-f",
        "mkdocs.yml",
        "-d",
        str(site),
    ]
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH}
    return subprocess.run(
        command, cwd=repository, env=env, capture_output=True, text=True, check=False
    )


@pytest.fixture(scope="module")
def engine_builds(tmp_path_factory) -> dict[str, Path]:
    """The demo's repository built by each engine as an operator runs it; without its
    PDFs, which the plugin makes after either engine is done (a sixth of a second each)."""
    repository = tmp_path_factory.mktemp("repository")
    shutil.copytree(ROOT / "docs", repository / "docs")
    shutil.copy(ROOT / "gongyue.lock", repository / "gongyue.lock")
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert "      pdf: true" in config
    (repository / "mkdocs.yml").write_text(config.replace("pdf: true", "pdf: false"), "utf-8")
    sites = {}
    for engine in ("mkdocs", "properdocs"):
        site = tmp_path_factory.mktemp(engine) / "site"
        result = run_engine(engine, repository, site)
        assert result.returncode == 0, result.stderr  # strict: not one warning
        assert "WARNING" not in result.stderr
        sites[engine] = site
    return sites


def test_mkdocs_and_properdocs_build_the_same_demo_from_a_relative_config(engine_builds):
    mkdocs, properdocs = engine_builds["mkdocs"], engine_builds["properdocs"]
    files = sorted(p.relative_to(mkdocs) for p in mkdocs.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(properdocs) for p in properdocs.rglob("*") if p.is_file())
    assert any(f.parts[-2:] == ("notice", "index.html") for f in files)  # a draft's paper
    assert any(f.parts[-1:] == ("hant.json",) for f in files)
    assert (mkdocs / "pagefind").is_dir()
    for rel in files:  # the same bytes, but for the engine naming itself
        ours, theirs = (mkdocs / rel).read_bytes(), (properdocs / rel).read_bytes()
        assert GENERATOR.sub(b"", ours) == GENERATOR.sub(b"", theirs), rel
    assert b"ProperDocs" in (properdocs / "index.html").read_bytes()


@pytest.fixture(scope="module")
def zensical_site(tmp_path_factory) -> Built:
    out = tmp_path_factory.mktemp("zensical") / "导出"
    result = CliRunner().invoke(
        gongyue, ["export", str(out), str(ROOT), "--date", DEMO_DATE, "--build", "zensical"]
    )
    assert result.exit_code == 0, result.output
    assert "已用 zensical 生成网站并建好搜索索引" in result.output
    return Built(out / "site")


def test_zensical_builds_the_export_with_the_plugins_pages(zensical_site, demo):
    for url in PAGES:
        if url == "":  # the site's own index.md comes first, then the generated sections
            assert demo.text("").endswith(zensical_site.text(""))
        else:
            assert zensical_site.text(url) == without_pdf_links(demo.text(url)), url
    page = zensical_site.html(f"{XH}/")
    assert page.select_one("#tiao-7").get_text(strip=True).startswith("第七条")
    assert zensical_site.html(f"{XH}/2021-09-12/").select_one(".gy-print-sheet svg.gy-qr")
    assert (zensical_site.site_dir / XH / "hant.json").is_file()


def test_the_zensical_site_gets_the_plugins_search_index(zensical_site, demo):
    def entry(site: Path) -> dict:
        return json.loads((site / "pagefind/pagefind-entry.json").read_text(encoding="utf-8"))

    ours, theirs = entry(zensical_site.site_dir), entry(demo.site_dir)
    assert ours["languages"].keys() == theirs["languages"].keys()
    count = sum(lang["page_count"] for lang in ours["languages"].values())
    assert count == sum(lang["page_count"] for lang in theirs["languages"].values()) > 10
    assert sorted(marked_pages(zensical_site.site_dir)) == sorted(marked_pages(demo.site_dir))


def test_a_missing_engine_is_one_chinese_line(tmp_path, monkeypatch):
    from gongyue.adapters import engines

    monkeypatch.setitem(engines.ENGINES, "zensical", "no_such_engine_module")
    out = tmp_path / "导出"
    result = CliRunner().invoke(
        gongyue, ["export", str(out), str(ROOT), "--date", DEMO_DATE, "--build", "zensical"]
    )
    assert result.exit_code == 1
    assert "没有安装 zensical" in result.output and "Traceback" not in result.output


def test_check_warns_where_zensical_would_silently_skip_the_plugin(tmp_path):
    from .conftest import MINIMAL_CONFIG, write_tree

    files = {"mkdocs.yml": MINIMAL_CONFIG.format(date="2024-01-01"), "docs/index.md": "# 首页\n"}
    site = write_tree(tmp_path / "site", files)
    quiet = CliRunner().invoke(gongyue, ["check", str(site)])
    assert "Zensical" not in quiet.output
    (site / "zensical.toml").write_text('[project]\nsite_name = "测试"\n', encoding="utf-8")
    result = CliRunner().invoke(gongyue, ["check", str(site)])
    assert "Zensical 不运行 gongyue 插件" in result.output
    assert "gongyue export 新文件夹 --build zensical" in result.output


def test_the_index_is_the_same_bytes_every_time(demo, tmp_path):
    import shutil

    from gongyue.adapters.pagefind import build_search_index

    site = tmp_path / "site"
    shutil.copytree(demo.site_dir, site)
    pages = marked_pages(site)
    assert not any("/hant/" in page for page in pages)  # one index: Traditional is read into it
    entries = set()
    for _ in range(4):  # Pagefind itself lists the languages in a random order
        shutil.rmtree(site / "pagefind")
        assert build_search_index(site, pages) is None
        entries.add((site / "pagefind/pagefind-entry.json").read_bytes())
    (entry,) = entries
    assert list(json.loads(entry)["languages"]) == ["zh"]


def _index_files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def test_pages_named_in_a_glob_index_as_the_same_pages_staged(demo, tmp_path, monkeypatch):
    """Pagefind reads the pages where they are, named one by one; the index is the bytes
    it makes of the same pages hard-linked into a folder of their own (the way kept for
    paths a glob cannot name), and holds the pages named, no other."""
    from gongyue.adapters import pagefind

    site = tmp_path / "site"
    shutil.copytree(demo.site_dir, site)
    pages = marked_pages(site)[:-3]  # three marked pages left out
    assert pagefind.build_search_index(site, pages, output=tmp_path / "named") is None
    monkeypatch.setattr(pagefind, "PLAIN_PATH", re.compile(r"(?!)"))  # no path is plain
    assert pagefind.build_search_index(site, pages, output=tmp_path / "staged") is None
    named = _index_files(tmp_path / "named")
    assert named == _index_files(tmp_path / "staged")
    entry = json.loads(named["pagefind-entry.json"])
    assert entry["languages"]["zh"]["page_count"] == len(pages)


def test_a_page_a_glob_cannot_name_is_staged(demo, tmp_path):
    from gongyue.adapters.pagefind import build_search_index

    site = tmp_path / "site"
    shutil.copytree(demo.site_dir, site)
    pages = marked_pages(site)
    odd = "qu{1,2}/索引 [副本]/index.html"  # a glob would read braces, brackets, a space
    (site / odd).parent.mkdir(parents=True)
    shutil.copyfile(site / pages[0], site / odd)
    assert build_search_index(site, [*pages, odd]) is None
    entry = json.loads((site / "pagefind/pagefind-entry.json").read_text())
    assert entry["languages"]["zh"]["page_count"] == len(pages) + 1


def test_a_site_named_relative_to_the_working_folder_is_indexed(demo, tmp_path, monkeypatch):
    """``gongyue merge -d site`` names the site from where it runs; Pagefind runs elsewhere."""
    from gongyue.adapters.pagefind import build_search_index

    shutil.copytree(demo.site_dir, tmp_path / "site")
    monkeypatch.chdir(tmp_path)
    pages = marked_pages(Path("site"))
    shutil.rmtree("site/pagefind")
    assert build_search_index(Path("site"), pages) is None
    entry = json.loads(Path("site/pagefind/pagefind-entry.json").read_text())
    assert entry["languages"]["zh"]["page_count"] == len(pages)


def test_more_pages_than_a_glob_can_hold_are_all_indexed(tmp_path):
    """Pagefind 1.5.2 refuses a glob naming 5,500 pages and then indexes nothing (a city of
    about 1,200 courtyards, one index, lost its search that way): 6,000 pages, all found."""
    from gongyue.adapters import pagefind

    site = tmp_path / "site"
    pages = [f"qu-{n % 10}/jie-{n % 7}/yuan-{n}/fazhi-gongyue/index.html" for n in range(6000)]
    for n, page in enumerate(pages):
        (site / page).parent.mkdir(parents=True, exist_ok=True)
        html = f'<html lang="zh"><body><main data-pagefind-body><p>院落{n}</p></main></body></html>'
        (site / page).write_text(html, encoding="utf-8")
    assert len("{" + ",".join(pages) + "}") > 2 * pagefind.GLOB_LIMIT
    assert pagefind.build_search_index(site, pages) is None
    entry = json.loads((site / "pagefind/pagefind-entry.json").read_text())
    assert entry["languages"]["zh"]["page_count"] == 6000


def test_a_failing_pagefind_is_one_chinese_sentence_that_says_what_to_do(tmp_path):
    from gongyue.adapters.pagefind import build_search_index

    (tmp_path / "site").mkdir()
    bare = tmp_path / "python-without-packages"  # -S: no site-packages, so no Pagefind
    bare.write_text(f'#!/bin/sh\nexec "{sys.executable}" -S "$@"\n', encoding="utf-8")
    bare.chmod(0o755)
    without = build_search_index(tmp_path / "site", ["a/index.html"], python=str(bare))
    assert without is not None and "没有安装 pagefind[extended]" in without
    assert "pip install 'pagefind[extended]'" in without
    nothing = build_search_index(tmp_path / "site", ["a/index.html"])  # no such page
    assert nothing is not None and nothing.startswith("搜索索引没有生成，Pagefind 说：")
    assert "pip install" not in nothing and "search: false" in nothing
