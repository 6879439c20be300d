"""Wrong output and data loss (issue 22, items 10–14), each attack replayed as reproduced.

Old names in ``renamed:`` that would cover real pages; ``check`` and the build
judging on different dates; pictures that a browser fetches from elsewhere
although their address does not start with ``https://``; shard builds that
emptied a folder they did not make; merges that wrote outside their output.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st
from mkdocs.exceptions import Abort

from gongyue.cli import gongyue
from gongyue.publish.redirects import write_redirects
from gongyue.record.loader import load_site
from gongyue.text.addresses import is_outside, may_show_picture, shows_outside_picture

from .conftest import build_site, lock_tree, unit_md, write_tree
from .test_check_corpus import V2, good_site

UNIT = "docs/qu/shequ/index.md"


def run(*args: str | Path):
    return CliRunner().invoke(gongyue, [str(a) for a in args])


def site(tmp_path: Path, **changes: str) -> Path:
    files = {**good_site(), **{k.replace("__", "/"): v for k, v in changes.items()}}
    root = write_tree(tmp_path / "site", files)
    lock_tree(root)
    return root


# 10. `renamed:` could overwrite real pages.

CHILD = unit_md("一号院落", "院落")


@pytest.mark.parametrize("old", ["yuan-1", "hant", "print", "history", "compare", "changes"])
def test_an_old_name_that_is_a_page_of_the_site_is_refused(tmp_path, old):
    index = unit_md("测试社区", "社区").replace(
        "---\n", f"---\nrenamed:\n  {old}: jumin-gongyue\n", 1
    )
    root = site(
        tmp_path, **{"docs/qu/shequ/index.md": index, "docs/qu/shequ/yuan-1/index.md": CHILD}
    )
    result = run("check", root)
    assert result.exit_code == 1
    assert (
        f"{UNIT}:1: 错误：renamed 说“{old}”已改名为“jumin-gongyue”，但“qu/shequ/{old}/”是"
        in result.output
    )
    assert "转向页会把它盖住" in result.output


def test_a_redirect_never_overwrites_a_page_even_without_check(tmp_path):
    index = unit_md("测试社区", "社区").replace(
        "---\n", "---\nrenamed:\n  yuan-1: jumin-gongyue\n", 1
    )
    root = site(
        tmp_path, **{"docs/qu/shequ/index.md": index, "docs/qu/shequ/yuan-1/index.md": CHILD}
    )
    loaded = load_site(root, root / "docs", __import__("datetime").date(2024, 1, 1))
    out = tmp_path / "out"
    page = out / "qu/shequ/yuan-1/index.html"
    write_tree(
        out,
        {"qu/shequ/yuan-1/index.html": "院落的页面", "qu/shequ/jumin-gongyue/index.html": "公约"},
    )
    write_redirects(loaded, out)
    assert page.read_text(encoding="utf-8") == "院落的页面"


# 11. `check` and the build judge on the same date.


def set_build_date(root: Path, value: str) -> None:
    config = root / "mkdocs.yml"
    text = config.read_text("utf-8").replace("  - gongyue\n", "  - gongyue:\n      build_date: X\n")
    config.write_text(re.sub(r"build_date: .*", f"build_date: {value}", text), "utf-8")


def test_check_judges_on_the_build_date_of_mkdocs_yml(tmp_path):
    root = site(tmp_path)
    set_build_date(root, "'2014-01-01'")
    result = run("check", root)
    assert result.exit_code == 1 and f"{V2}:" in result.output
    assert "在今天（2014-01-01）之后" in result.output
    with pytest.raises(Abort):
        build_site(root, lock=False)
    # And the other way round: a vote after --date but before the build date.
    set_build_date(root, "'2016-06-01'")
    assert run("check", root, "--date", "2016-01-01").exit_code == 1  # --date still wins
    assert run("check", root).exit_code == 0


def test_a_malformed_build_date_is_one_chinese_line_in_check_and_in_the_build(tmp_path, caplog):
    root = site(tmp_path)
    set_build_date(root, "去年")
    result = run("check", root)
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "build_date “去年”不是有效日期" in result.output
    shard = run("build", root, "--shard", "qu", "--print-key")
    assert shard.exit_code == 1 and "build_date “去年”不是有效日期" in shard.output


# 12. Pictures from elsewhere, written so a browser still fetches them.

OUTSIDE = [
    r'<img src="\\evil.example/x.png">',
    r'<img src="/\evil.example/x.png">',
    r"![m](/\evil.example/x.png)",
    '<img src=" //evil.example/x.png">',
    '<img src="https:evil.example/x.png">',
    '<img src="http:evil.example/x.png">',
    "<img src='&#x2F;&#x2F;evil.example/x.png'>",
    '<img src="\t//evil.example/x.png">',
    "<IMG SRC=//evil.example/x.png>",
]


picture_lines = st.lists(
    st.sampled_from(
        [
            "![",
            "](",
            "<",
            "img",
            "IMG",
            "İmg",
            "ımg",
            " src=",
            "//e.x/a.png",
            ")",
            ">",
            "'",
            '"',
            "\\",
            "&#x2F;",
            "字",
        ]
    ),
    max_size=12,
).map("".join)


@given(line=st.one_of(picture_lines, st.sampled_from(OUTSIDE)))
def test_the_quick_look_for_pictures_misses_none(line):
    """``gongyue check`` looks at a whole text for a picture before it looks line by line."""
    if shows_outside_picture(line):
        assert may_show_picture(line) and may_show_picture(f"第一条\n{line}\n第二条")


@pytest.mark.parametrize("line", OUTSIDE)
def test_every_outside_picture_is_warned_about_and_shown_as_a_link(tmp_path, line):
    assert shows_outside_picture(line)
    text = str(good_site()[V2]).replace("之日起施行。", f"之日起施行。{line}")
    root = site(tmp_path, **{V2: text})
    result = run("check", root, "--date", "2024-01-01")
    assert f"{V2}:" in result.output and "引用了其他网站上的图片" in result.output
    config = root / "mkdocs.yml"
    config.write_text(
        config.read_text("utf-8").replace(
            "  - gongyue\n", "  - gongyue:\n      build_date: '2024-01-01'\n"
        ),
        "utf-8",
    )
    built = build_site(root, lock=False, strict=False)  # the warning above is expected
    page = built.main("qu/shequ/jumin-gongyue/2016-03-20/")
    sources = [img.get("src", "") for img in page.select("img")]
    assert not any(is_outside(src) for src in sources), sources
    assert "外部图片，点击查看" in page.get_text()


@pytest.mark.parametrize(
    "address", ["pic.png", "./a/b.png", "../x.png", "/shequ/a.png", "a%3Ab.png"]
)
def test_the_sites_own_pictures_stay_pictures(address):
    assert not is_outside(address)


# 13. A shard build emptied a folder it did not make.


def test_a_shard_build_refuses_a_folder_it_did_not_make(tmp_path):
    root = site(tmp_path)
    out = write_tree(
        tmp_path / "published", {"CNAME": "gongyue.example.cn\n", ".git/HEAD": "ref: x\n"}
    )
    result = run("build", root, "--shard", "qu", "-d", out)
    assert result.exit_code == 1
    assert "文件夹里已有别的文件，又不是以前构建的输出" in result.output
    assert (out / "CNAME").read_text() == "gongyue.example.cn\n" and (out / ".git/HEAD").is_file()


@pytest.mark.parametrize("where", ["docs", ".", "docs/qu"])
def test_a_shard_build_into_the_sources_is_refused_in_chinese(tmp_path, where):
    root = site(tmp_path)
    before = sorted(p.relative_to(root).as_posix() for p in root.rglob("*"))
    result = run("build", root, "--shard", "qu", "-d", root / where)
    assert (
        result.exit_code == 1 and "修改建议" in result.output and "Traceback" not in result.output
    )
    assert sorted(p.relative_to(root).as_posix() for p in root.rglob("*")) == before


def test_a_rebuilt_shard_keeps_the_dotfiles_of_its_folder(tmp_path):
    root = site(tmp_path)
    out = tmp_path / "shard"
    assert run("build", root, "--shard", "qu", "-d", out).exit_code == 0
    (out / ".git").mkdir()
    (out / ".git/HEAD").write_text("ref: x\n")
    (root / UNIT).write_text(unit_md("测试社区（改名）", "社区"), "utf-8")
    assert run("build", root, "--shard", "qu", "-d", out).exit_code == 0
    assert (out / ".git/HEAD").is_file() and (out / "gongyue-shard.json").is_file()


# 14. The merge wrote outside its output and followed links.


@pytest.fixture(scope="module")
def built_outputs(tmp_path_factory) -> Path:
    """A shard output and the top job's, built once; each test gets its own copy."""
    folder = tmp_path_factory.mktemp("outputs")
    root = site(folder)
    shard, top = folder / "out/qu", folder / "out/top"
    assert run("build", root, "--shard", "qu", "-d", shard).exit_code == 0
    assert run("build", root, "--top", shard, "-d", top).exit_code == 0
    return folder / "out"


@pytest.fixture
def outputs(tmp_path, built_outputs):
    shutil.copytree(built_outputs, tmp_path / "out", symlinks=True)
    return tmp_path / "out/qu", tmp_path / "out/top"


def edit_manifest(folder: Path, **values) -> None:
    path = folder / "gongyue-shard.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    path.write_text(json.dumps({**data, **values}), encoding="utf-8")


STRANGE = [
    {"shard": "../../escape"},
    {"shard": "/tmp/escape"},
    {"index": "../x"},
    {"locs": ["../../etc/"]},
    {"indexed": ["qu/../../x.html"]},
    {"locs": ["http://x/qu/</loc><loc>https://evil.example/"]},
]


@pytest.mark.parametrize("values", STRANGE)
def test_a_manifest_that_names_paths_outside_its_output_is_refused(tmp_path, outputs, values):
    shard, top = outputs
    edit_manifest(shard, **values)
    result = run("merge", top, shard, "-o", tmp_path / "merged")
    assert result.exit_code == 1 and "分片清单里有不在输出文件夹之内的路径" in result.output
    assert not (tmp_path / "escape").exists() and not (tmp_path / "merged").exists()


def test_a_symbolic_link_in_an_output_is_refused(tmp_path, outputs):
    shard, top = outputs
    secret = tmp_path / "secret.txt"
    secret.write_text("密码", encoding="utf-8")
    os.symlink(secret, shard / "qu/shequ/secret.txt")
    result = run("merge", top, shard, "-o", tmp_path / "merged")
    assert result.exit_code == 1 and "是符号链接" in result.output
    assert not (tmp_path / "merged/qu/shequ/secret.txt").exists()


@pytest.mark.parametrize("inside", ["shard", "top"])
def test_merging_into_an_input_is_refused(tmp_path, outputs, inside):
    shard, top = outputs
    target = (shard if inside == "shard" else top) / "merged"
    before = sum(1 for _ in shard.rglob("*"))
    result = run("merge", top, shard, "-o", target)
    assert result.exit_code == 1 and "合并的输出文件夹不能在输入" in result.output
    assert "Traceback" not in result.output
    assert sum(1 for _ in shard.rglob("*")) == before and not target.exists()


# 23. Where there are no file locks (Windows), no command writes: nothing untested runs.


def test_without_file_locks_the_writing_commands_refuse_and_write_nothing(tmp_path, monkeypatch):
    from gongyue.procedure import transaction

    root = site(tmp_path)
    before = {p: p.read_bytes() for p in root.rglob("*") if p.is_file()}
    monkeypatch.setattr(transaction, "fcntl", None)
    for args in (["lock", root], ["amend", root / "docs/qu/shequ/jumin-gongyue"]):
        result = run(*args)
        assert result.exit_code == 1, result.output
        assert (
            "只在 Linux 和 macOS 上运行，没有改动任何文件" in result.output
            and "WSL" in result.output
        )
    assert {p: p.read_bytes() for p in root.rglob("*") if p.is_file()} == before
