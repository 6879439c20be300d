"""The shard key changes whenever the output could, and the output only when it must
(issue 22, items 15 and 16).

A CI cache reuses a shard's output while its key is unchanged: every input the
pages show must be in the key. And a site built again the next day with no
status change between is the same bytes, so a daily publish uploads nothing and
every shard is reused.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from gongyue.cli import gongyue
from gongyue.publish import shard_key

from .conftest import build_site, lock_tree, unit_md, write_tree
from .test_check_corpus import GOOD_V1, GOOD_V2, V1, V2
from .test_shards import differences

MODEL = "docs/m/fanben/jumin-gongyue/2012-06-18.md"
BASED_ON = "based_on: /m/fanben/jumin-gongyue\n"
CONFIG = "site_name: 测试\ntheme: material\nplugins:\n  - gongyue\n"


def run(*args: str | Path):
    return CliRunner().invoke(gongyue, [str(a) for a in args])


def city(tmp_path: Path, v2: str = GOOD_V2.replace("published:", BASED_ON + "published:")) -> Path:
    """Two districts: 测试区 adapts a model charter kept in the other, 模范区."""
    files = {
        "mkdocs.yml": CONFIG,
        "docs/qu/index.md": unit_md("测试区", "区"),
        "docs/qu/shequ/index.md": unit_md("测试社区", "社区"),
        V1: GOOD_V1,
        V2: v2,
        "docs/m/index.md": unit_md("模范区", "区"),
        "docs/m/fanben/index.md": unit_md("范本社区", "社区"),
        MODEL: GOOD_V1.replace("测试社区居民公约", "居民公约（范本）"),
    }
    root = write_tree(tmp_path / "city", files)
    lock_tree(root)
    return root


def key(root: Path, shard: str = "qu") -> str:
    result = run("build", root, "--shard", shard, "--print-key")
    assert result.exit_code == 0, result.output
    return result.output.strip()


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new), encoding="utf-8")


# 15. What the key missed.


@pytest.mark.parametrize("unit", ["docs/m/index.md", "docs/m/fanben/index.md"])
def test_renaming_a_unit_above_the_model_changes_the_key(tmp_path, unit):
    root = city(tmp_path)
    before = key(root)
    edit(root / unit, "name: ", "name: 新")
    assert key(root) != before


@pytest.mark.parametrize(
    "written",
    [
        '"based_on": /m/fanben/jumin-gongyue\n',
        "based_on: |\n  /m/fanben/jumin-gongyue\n",
        "reasons: |\n" + "  很长的理由。\n" * 1500 + BASED_ON,  # past the first 8 KiB
    ],
)
def test_based_on_is_read_as_the_parser_reads_it(tmp_path, written):
    root = city(tmp_path, GOOD_V2.replace("published:", written + "published:"))
    assert len(written) < 100 or len((root / V2).read_bytes()) > 8192
    before = key(root)
    edit(root / MODEL, "第一条 爱护环境。", "第一条 爱护环境卫生。")
    assert key(root) != before


def test_an_inherited_configuration_changes_the_key(tmp_path):
    root = city(tmp_path)
    (root / "base.yml").write_text("theme:\n  name: material\n  language: zh\n", "utf-8")
    (root / "mkdocs.yml").write_text(
        "INHERIT: base.yml\nsite_name: 测试\nplugins:\n  - gongyue\n", "utf-8"
    )
    before = key(root)
    edit(root / "base.yml", "language: zh", "language: zh-TW")
    assert key(root) != before


def test_an_environment_value_of_the_configuration_changes_the_key(tmp_path, monkeypatch):
    root = city(tmp_path)
    (root / "mkdocs.yml").write_text(
        CONFIG.replace("site_name: 测试", "site_name: !ENV [GY_NAME, 测试]"), "utf-8"
    )
    monkeypatch.setenv("GY_NAME", "甲市")
    first = key(root)
    monkeypatch.setenv("GY_NAME", "乙市")
    second = key(root)
    monkeypatch.delenv("GY_NAME")
    assert len({first, second, key(root)}) == 3


def test_a_hook_file_changes_the_key(tmp_path):
    root = city(tmp_path)
    (root / "hooks.py").write_text(
        "def on_page_markdown(markdown, **kw):\n    return markdown\n", "utf-8"
    )
    (root / "mkdocs.yml").write_text(CONFIG + "hooks:\n  - hooks.py\n", "utf-8")
    before = key(root)
    edit(root / "hooks.py", "return markdown", "return markdown + '!'")
    assert key(root) != before


def test_every_renderer_in_the_key_is_installed_and_none_is_missing():
    names = shard_key.tools()
    for wanted in (
        "opencc",
        "nh3",
        "segno",
        "PyYAML",
        "pydantic",
        "pypinyin",
        "pagefind-bin-extended",
        "mkdocs-material",
    ):
        assert wanted in names
    assert [n for n in names if shard_key.installed(n) == "-"] == []


def test_gongyues_own_files_are_in_the_key(tmp_path):
    package = Path(shard_key.__file__).resolve().parent.parent
    copy = shutil.copytree(
        package, tmp_path / "gongyue", ignore=shutil.ignore_patterns("__pycache__")
    )
    before = shard_key.code_digest(copy)
    assert before == shard_key.code_digest(package)
    edit(copy / "publish/templates/gongyue/version.html", "此版本状态", "本版状态")
    assert shard_key.code_digest(copy) != before


def build_in_shards(root: Path, out: Path) -> Path:
    for shard in ("m", "qu"):
        assert run("build", root, "--shard", shard, "-d", out / shard).exit_code == 0
    assert (
        run("build", root, "--top", out / "m", "--top", out / "qu", "-d", out / "top").exit_code
        == 0
    )
    merged = out / "site"
    shutil.rmtree(merged, ignore_errors=True)
    result = run("merge", out / "top", out / "m", out / "qu", "-o", merged)
    assert result.exit_code == 0, result.output
    return merged


def test_after_the_models_unit_is_renamed_the_reused_shards_still_equal_one_build(tmp_path):
    root = city(tmp_path)
    config = root / "mkdocs.yml"
    config.write_text(
        CONFIG.replace("  - gongyue\n", "  - gongyue:\n      build_date: '2024-01-01'\n"), "utf-8"
    )
    out = tmp_path / "out"
    build_in_shards(root, out)
    edit(root / "docs/m/fanben/index.md", "范本社区", "示范社区")
    shutil.rmtree(out / "top")
    # qu's folder holds its old output: it is reused if its key stayed the same.
    merged = build_in_shards(root, out)
    whole = build_site(root, tmp_path / "whole", lock=False).site_dir
    shown = (merged / "qu/shequ/jumin-gongyue/2016-03-20/index.html").read_text("utf-8")
    assert "示范社区 · 居民公约（范本）" in shown
    assert differences(whole, merged) == []


# 16. A page changes only when something on it changes.


def build_on(root: Path, day: str, out: Path) -> Path:
    config = root / "mkdocs.yml"
    config.write_text(
        CONFIG.replace(
            "  - gongyue\n", f"  - gongyue:\n      build_date: '{day}'\n      pdf: true\n"
        ),
        "utf-8",
    )
    return build_site(root, out, lock=False).site_dir


@pytest.fixture
def dated(tmp_path):
    """The city with a draft open for comment from 2024-05-01 to 2024-05-20."""
    root = city(tmp_path)
    draft = GOOD_V2.replace("2016-03-20", "2024-06-01").replace(
        "邻里和睦，互相帮助。", "邻里和睦，互相帮助，爱护公物。"
    )
    draft = draft.replace("2016-03-01", "2024-05-01").replace("2016-03-10", "2024-05-20")
    lines = [
        line
        for line in draft.split("\n")
        if not line.startswith(("meeting", "result", "published", "  "))
    ]
    write_tree(root, {"docs/qu/shequ/jumin-gongyue/draft.md": "\n".join(lines)})
    return root


def test_two_builds_a_day_apart_without_a_status_change_are_the_same_bytes(dated, tmp_path):
    first = build_on(dated, "2024-05-10", tmp_path / "a")
    second = build_on(dated, "2024-05-11", tmp_path / "b")
    assert differences(first, second) == []
    assert key_on(dated, "2024-05-10") == key_on(dated, "2024-05-11")


def key_on(root: Path, day: str) -> str:
    """The key a CI job computes on ``day``: the date comes from SOURCE_DATE_EPOCH, as the
    CI templates set it, and mkdocs.yml stays as it is."""
    (root / "mkdocs.yml").write_text(CONFIG, "utf-8")
    noon = dt.datetime.fromisoformat(f"{day}T12:00:00+08:00")
    old = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(int(noon.timestamp()))
    try:
        return key(root)
    finally:
        os.environ.pop("SOURCE_DATE_EPOCH")
        if old is not None:
            os.environ["SOURCE_DATE_EPOCH"] = old


def test_a_build_across_a_status_change_rewrites_the_pages_that_show_it(dated, tmp_path):
    open_ = build_on(dated, "2024-05-20", tmp_path / "open")  # the last day for comments
    closed = build_on(dated, "2024-05-21", tmp_path / "closed")  # 征求意见中 → 待表决
    changed = differences(open_, closed)
    draft = "qu/shequ/jumin-gongyue/draft/"
    assert f"{draft}index.html" in changed and "consultations/index.html" in changed
    assert "qu/shequ/jumin-gongyue/2016-03-20/index.html" not in changed  # nothing on it changed
    assert "qu/shequ/jumin-gongyue/2012-06-18/index.html" not in changed
    assert (
        "glossary/index.html" not in changed and "m/fanben/jumin-gongyue/index.html" not in changed
    )
    assert key_on(dated, "2024-05-20") != key_on(dated, "2024-05-21")
    assert key_on(dated, "2024-05-21") == key_on(dated, "2024-05-22")


def test_a_version_page_says_when_its_status_began(dated, tmp_path):
    site = build_on(dated, "2024-05-10", tmp_path / "a")
    text = (site / "qu/shequ/jumin-gongyue/2012-06-18/index.html").read_text("utf-8")
    assert "此版本状态：" in text and "已被修订" in text and "（2016-03-22 起）" in text
    assert "截至" not in text
    now = (site / "qu/shequ/jumin-gongyue/2016-03-20/index.html").read_text("utf-8")
    assert "现行有效" in now and "（2016-03-22 起施行）" in now
