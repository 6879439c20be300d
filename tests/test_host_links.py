"""Committee links into the git host: the right file in the host's editor, its history,
and nothing at all when mkdocs.yml names no repository."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup

from gongyue.publish.host import host_of

from .conftest import build_demo

REPO = "https://github.com/chengdu/gongyue"
XINHONG = "chenghua/mengzhuiwan/xinhong"


@pytest.fixture(scope="module")
def hosted(tmp_path_factory: pytest.TempPathFactory) -> Path:
    def with_repository(config: Any) -> None:
        config["repo_url"], config["edit_uri"] = REPO, "edit/main/docs/"
        config.plugins["gongyue"].config.update(search=False, pdf=False)  # not about them

    return build_demo(tmp_path_factory.mktemp("hosted"), with_repository).site_dir


def _links(site: Path, url: str) -> dict[str, str]:
    soup = BeautifulSoup((site / url / "index.html").read_text(encoding="utf-8"), "lxml")
    section = soup.select_one("details.gy-committee")
    return {a.get_text(): a["href"] for a in section.select("a")} if section else {}


def test_a_charter_with_a_draft_opens_the_draft_in_the_hosts_editor(hosted):
    links = _links(hosted, f"{XINHONG}/jumin-gongyue/")
    edit = next(href for text, href in links.items() if text.startswith("提出修改"))
    assert edit == f"{REPO}/edit/main/docs/{XINHONG}/jumin-gongyue/draft.md"


def test_a_charter_without_a_draft_offers_a_new_draft_in_its_folder(hosted):
    links = _links(hosted, f"{XINHONG}/yuan-3/yuanluo-gongyue/")
    new = next(href for text, href in links.items() if text.startswith("提出修改"))
    assert new == f"{REPO}/new/main/docs/{XINHONG}/yuan-3/yuanluo-gongyue?filename=draft.md"


def test_every_version_links_to_its_files_history(hosted):
    links = _links(hosted, f"{XINHONG}/yuan-3/yuanluo-gongyue/2018-08-26/")
    assert (
        f"{REPO}/commits/main/docs/{XINHONG}/yuan-3/yuanluo-gongyue/2018-08-26.md" in links.values()
    )
    assert not any(text.startswith("提出修改") for text in links)  # a version is not edited


def test_residents_pages_carry_no_committee_links(hosted, demo):
    assert _links(hosted, "search/hant/") == {}  # the Traditional search page
    assert _links(hosted, f"{XINHONG}/") == {}  # unit pages
    for page in demo.site_dir.rglob("index.html"):  # and nothing when no repository is named
        html = page.read_text(encoding="utf-8")
        assert 'class="gy-committee"' not in html and 'rel="nofollow"' not in html, page


@pytest.mark.parametrize(
    ("edit_uri", "edit", "new", "history"),
    [
        (
            "edit/main/docs/",
            "edit/main/docs/a/b.md",
            "new/main/docs/a?filename=draft.md",
            "commits/main/docs/a/b.md",
        ),
        (
            "-/edit/main/docs/",
            "-/edit/main/docs/a/b.md",
            "-/new/main/docs/a?file_name=draft.md",
            "-/commits/main/docs/a/b.md",
        ),
        ("_edit/trunk/", "_edit/trunk/a/b.md", "_new/trunk/a", "commits/branch/trunk/a/b.md"),
    ],
)
def test_each_hosts_pages_come_from_its_edit_uri(edit_uri, edit, new, history):
    host = host_of("https://git.example.cn/shi/gongyue/", edit_uri)
    assert host is not None
    root = "https://git.example.cn/shi/gongyue/"
    assert (host.edit("a/b.md"), host.new_draft("a"), host.history("a/b.md")) == (
        root + edit,
        root + new,
        root + history,
    )


@pytest.mark.parametrize(
    ("repo", "edit_uri"),
    [
        (None, "edit/main/docs/"),
        (REPO, None),
        (REPO, "https://elsewhere.cn/edit/"),
        (REPO, "blob/main/"),
    ],
)
def test_forms_it_does_not_know_give_no_links(repo, edit_uri):
    assert host_of(repo, edit_uri) is None
