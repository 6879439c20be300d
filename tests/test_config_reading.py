"""The command-line tool reads mkdocs.yml as the build does: !ENV, INHERIT, the plugin's options."""

from __future__ import annotations

import pytest
import yaml
from click.testing import CliRunner
from mkdocs.exceptions import Abort

from gongyue.cli import gongyue

from .conftest import build_site, lock_tree, unit_md, version_md, write_tree

CHARTER = "docs/shequ/jumin-gongyue"


def city(config: str, extra: dict[str, str] | None = None) -> dict[str, str]:
    return {
        "mkdocs.yml": config,
        "docs/shequ/index.md": unit_md("测试社区", "社区"),
        f"{CHARTER}/2016-03-20.md": version_md("第一条 爱护环境。", counts=(100, 80, 70, 5, 5)),
        **(extra or {}),
    }


def test_an_env_site_url_reaches_the_export_as_the_build_sees_it(tmp_path, monkeypatch):
    monkeypatch.setenv("GONGYUE_TEST_URL", "https://gongyue.example.cn/")
    config = (
        "site_name: 测试城市\n"
        "site_url: !ENV [GONGYUE_TEST_URL, 'http://127.0.0.1:8000/']\n"
        "theme: {name: material}\n"
        "plugins:\n  - gongyue: {build_date: '2024-01-01'}\n"
    )
    project = write_tree(tmp_path / "site", city(config))
    lock_tree(project)
    result = CliRunner().invoke(gongyue, ["export", str(tmp_path / "out"), str(project)])
    assert result.exit_code == 0, result.output
    exported = yaml.safe_load((tmp_path / "out/mkdocs.yml").read_text(encoding="utf-8"))
    assert exported["site_url"] == "https://gongyue.example.cn/"
    feed = (tmp_path / "out/docs/feed.xml").read_text(encoding="utf-8")
    assert "https://gongyue.example.cn/shequ/" in feed and "GONGYUE_TEST_URL" not in feed


def test_check_applies_the_rules_an_inherited_config_sets(tmp_path):
    base = (
        "site_name: 测试城市\n"
        "theme: {name: material}\n"
        "plugins:\n"
        "  - gongyue:\n"
        "      build_date: '2024-01-01'\n"
        "      rules: {居民代表会议: {majority: '>=9/10'}}\n"  # 70 of 80 is not enough
    )
    files = city("INHERIT: base.yml\n", {"base.yml": base})
    project = write_tree(tmp_path / "site", files)
    lock_tree(project)
    result = CliRunner().invoke(gongyue, ["check", str(project)])
    assert result.exit_code == 1, result.output
    assert f"{CHARTER}/2016-03-20.md" in result.output and "十分之九" in result.output
    built = CliRunner().invoke(gongyue, ["check", str(project), "--format", "json"])
    assert built.exit_code == 1


def test_the_same_inherited_rules_stop_the_build(tmp_path, caplog):
    base = (
        "site_name: 测试城市\ntheme: {name: material}\nplugins:\n  - gongyue:\n"
        "      build_date: '2024-01-01'\n      rules: {居民代表会议: {majority: '>=9/10'}}\n"
    )
    project = write_tree(tmp_path / "site", city("INHERIT: base.yml\n", {"base.yml": base}))
    with pytest.raises(Abort):
        build_site(project)
    assert "2016-03-20.md:7: 错误" in caplog.text and "十分之九" in caplog.text


def test_a_config_the_engine_cannot_read_is_one_chinese_line(tmp_path):
    config = (
        "site_name: 测试城市\ntheme: {name: material}\nplugins:\n  - gongyue\n  - nosuchplugin\n"
    )
    project = write_tree(tmp_path / "site", city(config))
    result = CliRunner().invoke(gongyue, ["check", str(project)])
    assert result.exit_code != 0
    assert "mkdocs.yml 有误" in result.output and "nosuchplugin" in result.output
    assert "Traceback" not in result.output
