"""A preview hands MkDocs a view of the docs folder holding only what it shows."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from mkdocs.exceptions import Abort

from gongyue.adapters.preview import docs_view

from .conftest import build_site, unit_md, version_md, write_tree

CHARTER = "第一条 测试。"


def _city(root: Path) -> Path:
    return write_tree(
        root,
        {
            "mkdocs.yml": "site_name: 测试城市\ntheme:\n  name: material\n"
            "plugins:\n  - gongyue:\n      build_date: '2024-01-01'\n      only: qu/she/yuan-1\n",
            "docs/index.md": "# 首页\n",
            "docs/guide/index.md": "# 编辑指南\n",
            "docs/qu/index.md": unit_md("一区", "街道"),
            "docs/qu/she/index.md": unit_md("一社区", "社区"),
            "docs/qu/she/jumin-gongyue/2016-03-20.md": version_md(CHARTER),
            "docs/qu/she/yuan-1/index.md": unit_md("一号院", "院落"),
            "docs/qu/she/yuan-1/yuanluo-gongyue/2016-03-20.md": version_md(CHARTER),
            "docs/qu/she/yuan-2/index.md": unit_md("二号院", "院落"),
            "docs/qu/she/yuan-2/yuanluo-gongyue/2016-03-20.md": version_md(CHARTER),
            "docs/er/index.md": unit_md("二区", "街道"),
        },
    )


def _listing(view: Path) -> set[str]:
    """What MkDocs sees: it walks the docs folder following links."""
    seen = set()
    for folder, dirs, files in os.walk(view, followlinks=True):
        seen |= {(Path(folder) / name).relative_to(view).as_posix() for name in dirs + files}
    return seen


def test_the_view_holds_the_unit_its_ancestors_and_the_sites_own_pages(tmp_path):
    docs = _city(tmp_path / "city") / "docs"
    view = docs_view(docs, "qu/she/yuan-1")
    seen = _listing(view)
    assert {"index.md", "guide", "guide/index.md", "qu/index.md", "qu/she/index.md"} <= seen
    assert "qu/she/yuan-1/yuanluo-gongyue/2016-03-20.md" in seen  # through the unit's link
    assert not any(p.startswith(("er", "qu/she/yuan-2", "qu/she/jumin-gongyue")) for p in seen)
    assert (view / "qu/she/yuan-1").is_symlink() and not (view / "qu/she").is_symlink()
    assert (view / "qu/she/yuan-1").resolve() == (docs / "qu/she/yuan-1").resolve()


def test_the_view_follows_the_folder_it_shows(tmp_path):
    docs = _city(tmp_path / "city") / "docs"
    docs_view(docs, "qu/she/yuan-1")
    (docs / "guide" / "index.md").rename(docs / "guide.md")  # the operator's page moved
    (docs / "qu" / "notes.md").write_text("# 说明\n", encoding="utf-8")
    view = docs_view(docs, "qu/she/yuan-1")
    seen = _listing(view)
    assert "guide.md" in seen and "qu/notes.md" in seen
    assert all((view / p).exists() for p in seen)  # no link left pointing nowhere


def test_a_preview_built_through_the_view_shows_the_unit(tmp_path):
    built = build_site(_city(tmp_path / "city"))
    assert built.exists("qu/she/yuan-1/yuanluo-gongyue/")
    assert not built.exists("qu/she/yuan-2/") and not built.exists("er/")
    assert "预览" in built.text("qu/she/yuan-1/")


def test_a_previews_messages_name_the_real_files(tmp_path, caplog):
    project = _city(tmp_path / "city")
    bad = project / "docs/qu/she/yuan-1/yuanluo-gongyue/2016-3-20.md"
    bad.write_text(version_md(CHARTER), encoding="utf-8")
    with pytest.raises(Abort):
        build_site(project)
    said = "\n".join(r.getMessage() for r in caplog.records)
    assert "docs/qu/she/yuan-1/yuanluo-gongyue/2016-3-20.md:1:" in said
    assert "gongyue-preview" not in said
    bad.unlink()
    assert build_site(project).exists("qu/she/yuan-1/")


def test_two_previews_of_one_unit_at_once_share_the_view(tmp_path):
    from concurrent.futures import ThreadPoolExecutor

    docs = _city(tmp_path / "city") / "docs"
    with ThreadPoolExecutor(4) as pool:  # four `gongyue serve --only` started together
        views = list(pool.map(lambda _: docs_view(docs, "qu/she/yuan-1"), range(8)))
    assert len(set(views)) == 1
    assert "qu/she/yuan-1/yuanluo-gongyue/2016-03-20.md" in _listing(views[0])


def test_views_of_docs_folders_gone_are_removed(tmp_path, monkeypatch):
    """A preview leaves its view for the next one; a view whose docs folder was deleted is
    removed by the next preview of anything, and no other view is."""
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path / "temp"))
    (tmp_path / "temp").mkdir()
    gone = _city(tmp_path / "gone") / "docs"
    kept = _city(tmp_path / "kept") / "docs"
    old, other = docs_view(gone, "qu/she/yuan-1"), docs_view(kept, "qu/she/yuan-2")
    shutil.rmtree(tmp_path / "gone")
    assert old.is_dir()  # nothing looked since
    view = docs_view(kept, "qu/she/yuan-1")
    assert not old.exists() and not old.with_name(old.name + ".docs").exists()
    assert other.is_dir() and view.is_dir()
    assert sorted(p.name for p in (tmp_path / "temp").iterdir()) == sorted(
        [other.name, other.name + ".docs", view.name, view.name + ".docs"]
    )


def test_a_view_from_before_the_marks_is_removed_once_its_links_lead_nowhere(tmp_path, monkeypatch):
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path / "temp"))
    temp = tmp_path / "temp"
    (temp / "gongyue-preview-0000000000000000").mkdir(parents=True)
    (temp / "gongyue-preview-0000000000000000/index.md").symlink_to(tmp_path / "gone/index.md")
    (temp / "gongyue-preview-1111111111111111").mkdir()
    alive = _city(tmp_path / "alive") / "docs"
    (temp / "gongyue-preview-1111111111111111/index.md").symlink_to(alive / "index.md")
    (temp / "gongyue-preview-2222222222222222").mkdir()  # empty: not known to be a view
    docs_view(alive, "qu/she/yuan-1")
    assert not (temp / "gongyue-preview-0000000000000000").exists()
    assert (temp / "gongyue-preview-1111111111111111/index.md").exists()
    assert (temp / "gongyue-preview-2222222222222222").is_dir()
