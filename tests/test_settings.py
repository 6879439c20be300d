"""One typed model of the site's settings, read the same by `gongyue` and by the build."""

from __future__ import annotations

import datetime as dt

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st
from mkdocs.exceptions import Abort

from gongyue.adapters.options import CONFIG_SCHEME
from gongyue.cli import gongyue
from gongyue.record.settings import Settings, SettingsError, read_settings

from .conftest import ROOT, build_site, lock_tree, unit_md, version_md, write_tree

BOOLEANS = [name for name, field in Settings.model_fields.items() if field.annotation is bool]


def city(tmp_path, settings: str):
    config = (
        "site_name: 测试城市\ntheme: {name: material}\n"
        f"plugins:\n  - gongyue:\n      build_date: '2024-01-01'\n{settings}"
    )
    files = {
        "mkdocs.yml": config,
        "docs/shequ/index.md": unit_md("测试社区", "社区"),
        "docs/shequ/jumin-gongyue/2016-03-20.md": version_md("第一条 爱护环境。"),
    }
    return write_tree(tmp_path / "site", files)


def test_the_plugin_carries_exactly_the_settings_the_model_has():
    assert [name for name, _ in CONFIG_SCHEME] == list(Settings.model_fields)


def test_every_setting_is_documented_where_it_is_defined():
    assert all(field.description for field in Settings.model_fields.values())


def test_the_readme_names_every_setting():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert [name for name in Settings.model_fields if f"`{name}`" not in readme] == []


def test_a_misspelt_setting_stops_check_and_build_with_one_chinese_line(tmp_path, caplog):
    project = city(tmp_path, "      tradtional: false\n")
    result = CliRunner().invoke(gongyue, ["check", str(project)])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "“tradtional”不是 gongyue 的设置" in result.output
    assert "traditional" in result.output  # the list of settings names the right spelling
    with pytest.raises(Abort):  # not only in strict mode, where MkDocs' own warning stops it
        build_site(project, strict=False, lock=False)
    assert "“tradtional”不是 gongyue 的设置" in caplog.text


def test_a_value_of_the_wrong_kind_is_named_in_check_and_build(tmp_path, caplog):
    project = city(tmp_path, "      search: 'no'\n")
    result = CliRunner().invoke(gongyue, ["check", str(project)])
    assert result.exit_code == 1
    assert "search 写成“no”不合要求：写 true 或 false" in result.output
    with pytest.raises(Abort):
        build_site(project, lock=False)
    assert "search 写成“no”不合要求" in caplog.text


def test_an_unquoted_build_date_is_the_same_day_for_check_and_build(tmp_path):
    project = city(tmp_path, "")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text("utf-8").replace("'2024-01-01'", "2024-01-01"), "utf-8")
    lock_tree(project)
    assert CliRunner().invoke(gongyue, ["check", str(project)]).exit_code == 0
    build_site(project)  # a date object from YAML is a day, not an error


@given(st.sampled_from(BOOLEANS), st.one_of(st.text(max_size=5), st.integers(), st.floats()))
def test_a_setting_that_is_not_true_or_false_is_refused_in_chinese(name, value):
    with pytest.raises(SettingsError) as caught:
        read_settings({name: value})
    message = str(caught.value)
    assert message.startswith(f"{name} 写成") and "true 或 false" in message
    assert "Input should" not in message


@given(st.dates(dt.date(1990, 1, 1), dt.date(2100, 1, 1)))
def test_a_build_date_written_either_way_is_that_day(day):
    assert read_settings({"build_date": day}).build_date == day
    assert read_settings({"build_date": day.isoformat()}).build_date == day
    with pytest.raises(SettingsError, match="不是有效日期"):
        read_settings({"build_date": int(day.strftime("%Y%m%d"))})


def test_a_value_left_empty_takes_the_default():
    assert read_settings({"search": None, "extra_files": None}) == Settings()
