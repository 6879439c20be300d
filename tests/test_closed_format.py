"""The content format is closed, and what ``check`` calls an error never reaches a resident.

Every case is a mistake as a committee member makes it: a misnamed file, a
version dropped in the wrong folder, a lost ``index.md``, a shortcut. ``check``
names it with a suggestion, and the build of the same tree fails with the same
message; nothing from a content folder is published raw or reaches the nav.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from gongyue.cli import gongyue

from .conftest import build_site, lock_tree, unit_md, write_tree
from .test_check_corpus import CASES, GOOD_V1, GOOD_V2, V1, V2, C, good_site

MISNAMED = [
    ("2024-6-5.md", "您是不是想写 2024-06-05.md"),
    ("2024.06.05.md", "您是不是想写 2024-06-05.md"),
    ("2024年6月5日.md", "您是不是想写 2024-06-05.md"),
    ("20240605.md", "您是不是想写 2024-06-05.md"),
    ("Draft.md", "您是不是想写 draft.md"),
    ("draft - 副本.md", "像是草案的副本"),
    ("draft (2).md", "像是草案的副本"),
    ("讨论稿.md", "您是不是想写 draft.md"),
    ("征求意见稿.md", "您是不是想写 draft.md"),
    ("draft-停车.md", "您是不是想写 draft-tingche.md"),
    ("公约全文.docx", "用“gongyue import 公约全文.docx --into 这个公约文件夹”"),
    ("旧稿.txt", "不是 Markdown 文件"),
    ("README.md", "不属于公约的格式"),
]


def check_json(root: Path) -> list[dict]:
    result = CliRunner().invoke(gongyue, ["check", str(root), "--format", "json"])
    return json.loads(result.stdout)


def site_with(tmp_path: Path, extra: dict[str, str | bytes], config: str = "") -> Path:
    files = good_site()
    files["mkdocs.yml"] = files["mkdocs.yml"].replace("  - gongyue\n", "  - gongyue:\n") + config
    files.update(extra)
    root = write_tree(tmp_path / "site", files)
    lock_tree(root)
    return root


@pytest.fixture
def build_fails(caplog):
    """Build a tree for real; the build must fail. Returns what it logged as errors."""

    def build(root: Path) -> str:
        from mkdocs.exceptions import Abort

        caplog.clear()
        with pytest.raises(Abort):
            build_site(root, lock=False)
        assert not (root / "site" / "index.html").exists()
        return "\n".join(r.getMessage() for r in caplog.records if r.levelname == "ERROR")

    return build


@pytest.mark.parametrize(("name", "suggestion"), MISNAMED, ids=[n for n, _ in MISNAMED])
def test_a_misnamed_file_in_a_charter_folder_is_an_error_with_a_suggestion(
    tmp_path, build_fails, name, suggestion
):
    root = site_with(tmp_path, {f"{C}/{name}": GOOD_V2})
    found = [p for p in check_json(root) if p["path"] == f"{C}/{name}"]
    assert [(p["severity"], p["line"]) for p in found] == [("error", 1)]
    assert suggestion in found[0]["message"] + found[0]["hint"]
    assert "不会发布" in found[0]["message"]
    assert f"{C}/{name}:1: 错误：" in build_fails(root)


def test_a_version_put_in_the_unit_folder_is_sent_to_its_charter_folder(tmp_path, build_fails):
    root = site_with(tmp_path, {"docs/qu/shequ/2024-06-05.md": GOOD_V2})
    found = [p for p in check_json(root) if p["path"] == "docs/qu/shequ/2024-06-05.md"]
    assert found and "jumin-gongyue/" in found[0]["hint"]
    build_fails(root)


def test_a_draft_put_in_the_unit_folder_is_an_error(tmp_path):
    root = site_with(tmp_path, {"docs/qu/shequ/draft.md": GOOD_V2})
    assert any(p["path"] == "docs/qu/shequ/draft.md" for p in check_json(root))


def test_a_unit_that_lost_its_index_is_named_not_silently_dropped(tmp_path, build_fails):
    yard = "docs/qu/shequ/yuan-1"
    root = site_with(tmp_path, {f"{yard}/yuanluo-gongyue/2015-04-02.md": GOOD_V1})
    found = [p for p in check_json(root) if p["code"] == "unit-index-missing"]
    assert [p["path"] for p in found] == [f"{yard}/index.md"]
    assert "gongyue new unit" in found[0]["hint"]
    assert f"{yard}/index.md:1: 错误：" in build_fails(root)


def test_a_top_level_unit_that_lost_its_index_is_named(tmp_path):
    root = site_with(tmp_path, {})
    (root / "docs/qu/index.md").unlink()
    found = [p for p in check_json(root) if p["code"] == "unit-index-missing"]
    assert [p["path"] for p in found] == ["docs/qu/index.md"]


def test_an_index_without_unit_inside_a_unit_is_named(tmp_path):
    root = site_with(
        tmp_path,
        {
            "docs/qu/shequ/yuan-1/index.md": "# 一号院落\n",
            "docs/qu/shequ/yuan-1/yuanluo-gongyue/draft.md": GOOD_V2,
        },
    )
    found = [p for p in check_json(root) if p["code"] == "unit-index-missing"]
    assert found and "没有写 unit:" in found[0]["message"]


def test_a_symlinked_folder_is_refused_and_nothing_from_outside_is_published(tmp_path, build_fails):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.md").write_text("# 居民名单\n\n张三 13800000000\n", encoding="utf-8")
    root = site_with(tmp_path, {})
    os.symlink(outside, root / "docs/qu/shequ/files")
    found = [p for p in check_json(root) if p["code"] == "symlink"]
    assert [p["path"] for p in found] == ["docs/qu/shequ/files"]
    assert "13800000000" not in build_fails(root)
    assert not list((root / "site").rglob("secret*")) if (root / "site").exists() else True


def test_a_symlinked_file_outside_units_is_refused_too(tmp_path):
    root = site_with(tmp_path, {})
    (tmp_path / "passwd.md").write_text("root:x:0:0\n", encoding="utf-8")
    os.symlink(tmp_path / "passwd.md", root / "docs/about.md")
    assert [p["path"] for p in check_json(root) if p["code"] == "symlink"] == ["docs/about.md"]


def test_pictures_and_operator_named_files_are_published_off_the_nav(tmp_path):
    config = "      extra_files:\n        - 'qu/shequ/jumin-gongyue/*.pdf'\n        - 'qu/shequ/about.md'\n"
    root = site_with(
        tmp_path,
        {
            "docs/qu/shequ/map.png": b"\x89PNG\r\n\x1a\n",
            f"{C}/2016-03-20-minutes.pdf": b"%PDF-1.4\n",
            "docs/qu/shequ/about.md": "# 社区简介（运维人员放置）\n",
            "docs/guide.md": "# 说明\n",
        },
        config,
    )
    assert [p for p in check_json(root) if p["severity"] == "error"] == []
    built = build_site(root, lock=False)
    assert (built.site_dir / "qu/shequ/map.png").is_file()
    assert (built.site_dir / "qu/shequ/jumin-gongyue/2016-03-20-minutes.pdf").is_file()
    assert built.exists("qu/shequ/about/")
    nav = built.html("").select("nav.md-nav--primary a.md-nav__link")
    hrefs = " ".join(a.get("href", "") for a in nav)
    assert "guide/" in hrefs and "about/" not in hrefs and "shequ" not in hrefs
    # The version sources never appear raw beside their generated pages.
    assert not (built.site_dir / "qu/shequ/jumin-gongyue/2016-03-20.md").exists()


@pytest.mark.parametrize(
    ("change", "path", "line", "words"),
    [case[1:2] + case[3:] for case in CASES if case[2] == 1],
    ids=[case[0] for case in CASES if case[2] == 1],
)
def test_every_tree_check_rejects_fails_the_build_with_the_same_words(
    tmp_path, build_fails, change, path, line, words
):
    files = good_site()
    change(files)
    root = write_tree(tmp_path / "site", files)
    lock_tree(root)
    message = build_fails(root)
    assert f"{path}:{line}: 错误：" in message and words in message


def test_the_build_fails_on_the_command_line_too(tmp_path):
    root = site_with(tmp_path, {f"{C}/2024-6-5.md": GOOD_V2})
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(root / "mkdocs.yml")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode != 0
    assert f"{C}/2024-6-5.md:1: 错误：" in done.stderr and "Traceback" not in done.stderr


def test_warnings_never_hide_errors(tmp_path):
    """Errors come first in check's output, however many warnings there are."""
    noisy = GOOD_V2.replace("to: 2016-03-10", "to: 2016-03-03")  # a short consultation: warning
    root = site_with(
        tmp_path,
        {f"docs/qu/shequ/yuan-{n}/index.md": unit_md(f"{n}号院落", "院落") for n in range(1, 4)}
        | {V2: noisy, f"{C}/2024-6-5.md": GOOD_V2},
    )
    lock_tree(root)
    result = CliRunner().invoke(gongyue, ["check", str(root)])
    lines = [ln for ln in result.stdout.splitlines() if ": 错误：" in ln or ": 警告：" in ln]
    kinds = ["错误" if ": 错误：" in ln else "警告" for ln in lines]
    assert kinds == sorted(kinds, key=lambda k: k != "错误") and "错误" in kinds


def test_a_good_site_with_its_own_pages_still_builds(tmp_path):
    root = site_with(tmp_path, {"docs/index.md": "# 首页\n", "docs/help/index.md": "# 帮助\n"})
    built = build_site(root, lock=False)
    assert built.exists("help/") and built.exists(f"{C.removeprefix('docs/')}/")
    assert V1  # the fixture's first version is part of the built site


def test_the_operators_own_folders_are_left_alone(tmp_path):
    root = site_with(
        tmp_path,
        {
            "docs/news/index.md": "# 通知\n",
            "docs/news/2024-06-05.md": "# 2024年6月5日 停水通知\n\n明天停水。\n",
            "docs/help/index.md": "# 帮助\n",
            "docs/help/images/step-1.png": b"\x89PNG\r\n\x1a\n",
        },
    )
    assert [p for p in check_json(root) if p["severity"] == "error"] == []
    built = build_site(root, lock=False)
    assert (
        built.exists("news/2024-06-05/") and (built.site_dir / "help/images/step-1.png").is_file()
    )


def test_a_relative_config_path_builds_like_an_absolute_one(tmp_path):
    """`mkdocs build -f mkdocs.yml`, as MkDocs and ProperDocs recommend, from the site folder."""
    root = site_with(tmp_path, {})
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "--strict", "-f", "mkdocs.yml"],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert (root / "site" / "index.html").is_file()
