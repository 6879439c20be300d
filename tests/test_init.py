"""`gongyue init`: a new city that checks, builds strictly and carries CI for the common hosts."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from gongyue.cli import gongyue

from .conftest import build_site

NAME = "测试市居民公约公开平台"


def _init(folder: Path, *extra: str):
    return CliRunner().invoke(gongyue, ["init", str(folder), "--name", NAME, *extra])


def _check(site: Path):
    old = Path.cwd()
    os.chdir(site)
    try:
        return CliRunner().invoke(gongyue, ["check"])
    finally:
        os.chdir(old)


@pytest.fixture(scope="module")
def city(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("init") / "新城市"
    result = _init(folder, "--repo", "https://gitlab.example.cn/shi/gongyue")
    assert result.exit_code == 0, result.output
    return folder


def test_a_new_city_passes_check_and_a_strict_build(city, tmp_path):
    assert _check(city).exit_code == 0
    built = build_site(city, tmp_path / "site", lock=False)
    assert NAME in built.html("").title.get_text()
    assert "示例院落公约" in built.text("shili/shili-shequ/shili-yuan/yuanluo-gongyue/")
    assert built.exists("guide/")


def test_the_settings_say_what_the_operator_gave(city):
    config = yaml.safe_load((city / "mkdocs.yml").read_text(encoding="utf-8"))
    assert config["site_name"] == NAME
    assert config["repo_url"] == "https://gitlab.example.cn/shi/gongyue"
    assert config["edit_uri"] == "-/edit/main/docs/"
    assert "site_url" not in config  # commented until the site has an address
    assert config["plugins"] == [{"gongyue": {"pdf": False, "log_key": ""}}]


def test_the_ci_workflows_are_yaml_that_check_every_change_and_publish_main(city):
    github = yaml.safe_load((city / ".github/workflows/gongyue.yml").read_text("utf-8"))
    # PyYAML reads the bare key `on` as True (YAML 1.1); the runners read it as "on".
    triggers = github.get("on", github.get(True))
    assert set(triggers) == {"pull_request", "push"}
    steps = [s.get("run", "") for s in github["jobs"]["check"]["steps"]]
    assert "gongyue check --format github" in steps
    built = [s.get("run", "") for s in github["jobs"]["publish"]["steps"]]
    assert any(step.endswith("mkdocs build --strict\n") for step in built)
    for host in (".forgejo", ".gitea"):
        forgejo = yaml.safe_load((city / host / "workflows/gongyue.yml").read_text("utf-8"))
        assert "gongyue check --format github" in [
            s.get("run") for s in forgejo["jobs"]["check"]["steps"]
        ]
    gitlab = yaml.safe_load((city / ".gitlab-ci.yml").read_text("utf-8"))
    assert gitlab["check"]["artifacts"]["reports"]["codequality"] == "gl-code-quality-report.json"
    assert any("--format gitlab" in line for line in gitlab["check"]["script"])
    assert gitlab["pages"]["artifacts"]["paths"] == ["public"]
    # After a merge, drafts whose vote was filled in become versions, committed back.
    publish_steps = [s.get("run", "") for s in github["jobs"]["publish"]["steps"]]
    building = next(i for i, step in enumerate(publish_steps) if "mkdocs build" in step)
    assert publish_steps.index("gongyue adopt-recorded") < building
    assert "gongyue log write" in publish_steps[building]  # the log before the build
    assert any("git push" in step for step in publish_steps)
    assert (
        gitlab["pages"]["script"].index("gongyue adopt-recorded")
        < len(gitlab["pages"]["script"]) - 1
    )


def test_init_refuses_a_folder_with_anything_in_it(tmp_path):
    folder = tmp_path / "已有"
    folder.mkdir()
    (folder / "笔记.txt").write_text("别动我", encoding="utf-8")
    result = _init(folder)
    assert result.exit_code == 1
    assert "不是空文件夹" in result.output and "Traceback" not in result.output
    assert [p.name for p in folder.iterdir()] == ["笔记.txt"]


@pytest.mark.parametrize("name", ['某市: "公约" #平台', "- 列表？", "{大括号}"])
def test_any_site_name_is_written_as_yaml_reads_it(tmp_path, name):
    result = CliRunner().invoke(gongyue, ["init", str(tmp_path / "c"), "--name", name])
    assert result.exit_code == 0, result.output
    config = yaml.safe_load((tmp_path / "c" / "mkdocs.yml").read_text(encoding="utf-8"))
    assert config["site_name"] == name


def test_the_starter_carries_the_guide_the_demo_shows():
    starter = Path(__file__).resolve().parent.parent / "src/gongyue/starter/docs/guide"
    demo = Path(__file__).resolve().parent.parent / "docs/guide"
    assert sorted(p.name for p in starter.iterdir()) == sorted(p.name for p in demo.iterdir())
    for page in demo.iterdir():
        assert (starter / page.name).read_bytes() == page.read_bytes(), page.name
