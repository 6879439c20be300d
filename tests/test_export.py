"""`gongyue export`: the generated pages on disk, buildable without the plugin."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from gongyue.cli import gongyue

from .conftest import DEMO_DATE, ROOT, build_site

XH = "chenghua/mengzhuiwan/xinhong/jumin-gongyue"


def tree_digest(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        digest.update(path.relative_to(folder).as_posix().encode() + path.read_bytes())
    return digest.hexdigest()


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    out = tmp_path_factory.mktemp("export") / "导出"
    before = tree_digest(ROOT / "docs")
    result = CliRunner().invoke(gongyue, ["export", str(out), str(ROOT), "--date", DEMO_DATE])
    assert result.exit_code == 0, result.output
    assert "个生成页面" in result.output
    assert tree_digest(ROOT / "docs") == before  # the sources are untouched
    return out


@pytest.fixture(scope="module")
def rebuilt(exported):
    return build_site(exported, exported / "site")  # strict, plain MkDocs + Material


def test_export_config_needs_no_gongyue_plugin(exported):
    config = yaml.safe_load((exported / "mkdocs.yml").read_text(encoding="utf-8"))
    assert config["plugins"] == [] and config["theme"]["name"] == "material"
    assert config["nav"][:5] == [
        {"首页": "index.md"},
        {"目录": "directory/index.md"},
        {"征求意见": "consultations/index.md"},
        {"搜索": "search/index.md"},
        {"统计": "stats/index.md"},
    ]
    assert {
        "编辑指南": [
            "guide/index.md",
            "guide/amend.md",
            "guide/decision.md",
            "guide/fingerprint.md",
            "guide/import.md",
            "guide/log.md",
            "guide/papers.md",
            "guide/province.md",
            "guide/publish.md",
            "guide/rules.md",
            "guide/web.md",
            "guide/write.md",
        ]
    } in config["nav"]  # the committees' guide is one section, as in the plugin's build
    page = (exported / "docs" / XH / "index.md").read_text(encoding="utf-8")
    front = yaml.safe_load(page.split("---")[1])
    assert front == {"gongyue": "charter", "title": "新鸿社区居民公约"}


# The demo makes PDFs of its sheets (pdf: true) and links them; an export makes none (another
# engine's build has no step for them), so its pages print as their sheets without a PDF link.
PDF_LINK = re.compile(r" \S*张贴版 PDF（A4，可直接打印）")


def without_pdf_links(text: str) -> str:
    return PDF_LINK.sub("", text)


def test_plain_mkdocs_builds_the_export_with_the_same_content(rebuilt, demo):
    for url in (
        f"{XH}/",
        f"{XH}/2021-09-12/changes/",
        f"{XH}/history/",
        "stats/",
        "consultations/",
        "chenghua/mengzhuiwan/xinhong/",
    ):
        assert rebuilt.text(url) == without_pdf_links(demo.text(url)), url
    home = rebuilt.html("")
    assert home.select_one(".admonition")  # the site's own index.md, built by the engine
    assert demo.text("").endswith(rebuilt.text(""))  # then the home page's own sections
    assert home.select_one("#gy-home-open")
    page = rebuilt.html(f"{XH}/")
    assert page.select_one("#tiao-7").get_text(strip=True).startswith("第七条")
    assert len(page.select("h1")) == 1


def test_every_link_in_the_rebuilt_export_resolves(rebuilt):
    checked = 0
    for page in rebuilt.site_dir.rglob("index.html"):
        soup = rebuilt.html(page.parent.relative_to(rebuilt.site_dir).as_posix())
        for link in soup.select("div.gy a[href], body.gy-standalone a[href]"):
            target = link["href"].split("#")[0].split("?")[0]
            if not target or target.startswith(("http:", "https:", "mailto:", "tel:")):
                continue
            resolved = (page.parent / target).resolve()
            assert resolved.is_file() or (resolved / "index.html").is_file(), (page, link["href"])
            checked += 1
    assert checked > 1000


def test_export_carries_companions_feeds_and_data(exported):
    docs = exported / "docs"
    for rel in (
        f"{XH}/hant.json",
        "feed.xml",
        "api/charters.json",
        "stats/units.csv",
        "assets/gongyue/gongyue.css",
        "guide/index.md",
        "schema/charter-v1.json",
    ):
        assert (docs / rel).is_file(), rel
    assert not (docs / XH / "2021-09-12.md").exists()  # sources the pages replace stay out


def test_what_exclude_docs_keeps_out_of_the_site_stays_out_of_the_export(exported, demo):
    assert (ROOT / "docs/dev/architecture.md").is_file()
    assert (
        "dev/" in yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))["exclude_docs"]
    )
    assert not (exported / "docs/dev").exists()
    assert not (demo.site_dir / "dev").exists()  # MkDocs leaves it out the same way


def test_export_refuses_a_folder_in_use_or_inside_docs(tmp_path):
    busy = tmp_path / "busy"
    busy.mkdir()
    (busy / "keep.txt").write_text("别删我", encoding="utf-8")
    result = CliRunner().invoke(gongyue, ["export", str(busy), str(ROOT)])
    assert result.exit_code == 1 and "不是空文件夹" in result.output
    assert (busy / "keep.txt").read_text(encoding="utf-8") == "别删我"
    inside = ROOT / "docs" / "导出测试"
    result = CliRunner().invoke(gongyue, ["export", str(inside), str(ROOT)])
    assert result.exit_code == 1 and "docs 以外" in result.output
    assert not inside.exists()
    assert "Traceback" not in result.output
