"""`gongyue check --format github|gitlab|json`: findings where a change request shows them.

GitHub, Gitea and Forgejo Actions read workflow commands from a step's output
(``::error file=…,line=…,title=…::message``, with ``%``, CR and LF escaped, and
``:`` and ``,`` too inside properties). GitLab reads a Code Quality report: a
JSON list of issues, each with description, check_name, fingerprint (unique),
severity (info, minor, major, critical, blocker) and location.path/lines.begin —
the schema below is written from GitLab's documented example.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import jsonschema
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from gongyue.cli import gongyue
from gongyue.procedure import annotate
from gongyue.record.errors import Problem

from .conftest import lock_tree, unit_md, version_md, write_tree

GITLAB_CODE_QUALITY = {
    "type": "array",
    "items": {
        "type": "object",
        "required": ["description", "check_name", "fingerprint", "severity", "location"],
        "properties": {
            "description": {"type": "string", "minLength": 1},
            "check_name": {"type": "string", "minLength": 1},
            "fingerprint": {"type": "string", "minLength": 1},
            "severity": {"enum": ["info", "minor", "major", "critical", "blocker"]},
            "location": {
                "type": "object",
                "required": ["path", "lines"],
                "properties": {
                    "path": {"type": "string", "minLength": 1},
                    "lines": {
                        "type": "object",
                        "required": ["begin"],
                        "properties": {"begin": {"type": "integer", "minimum": 1}},
                    },
                },
            },
        },
    },
}
COMMAND = re.compile(r"^::(error|warning) file=([^,:]*),line=(\d+),title=([^,:]*)::(.+)$")


def _site(root: Path) -> Path:
    """A locked site in a subfolder of the repository, with findings to report."""
    site = write_tree(
        root / "site",
        {
            "mkdocs.yml": "site_name: 测试\nplugins:\n  - gongyue\n",
            "docs/a/index.md": unit_md("测试社区", "社区"),
            "docs/a/gongyue/2016-03-20.md": version_md("第一条 测试。"),
            "docs/a/gongyue/2016-3-21.md": version_md("第一条 测试。", date="2016-03-21"),
            "docs/a/stray.md": "随手放的文件\n",
        },
    )
    lock_tree(site)
    return site


def _check(cwd: Path, *args: str):
    old = Path.cwd()
    os.chdir(cwd)
    try:
        return CliRunner().invoke(gongyue, ["check", *args])
    finally:
        os.chdir(old)


def test_github_commands_name_each_file_from_the_repository_root(tmp_path):
    _site(tmp_path)
    result = _check(tmp_path, "site", "--format", "github", "--date", "2024-01-01")
    assert result.exit_code == 1
    commands = [COMMAND.match(line) for line in result.stdout.splitlines()]
    assert commands and all(commands)
    files = {m.group(2) for m in commands if m}
    assert "site/docs/a/stray.md" in files
    assert all(Path(tmp_path, f).exists() for f in files)  # a path the host can open
    assert any(m.group(1) == "error" and "修改建议" in m.group(5) for m in commands if m)


def test_the_gitlab_report_follows_the_code_quality_format(tmp_path):
    _site(tmp_path)
    result = _check(tmp_path, "site", "--format", "gitlab", "--date", "2024-01-01")
    assert result.exit_code == 1
    report = json.loads(result.stdout)  # nothing but the report on stdout
    jsonschema.validate(report, GITLAB_CODE_QUALITY)
    assert len({issue["fingerprint"] for issue in report}) == len(report) >= 2
    assert {"major"} <= {issue["severity"] for issue in report}
    assert "site/docs/a/stray.md" in {issue["location"]["path"] for issue in report}


def test_json_keeps_paths_from_the_site_folder(tmp_path):
    _site(tmp_path)
    result = _check(tmp_path / "site", ".", "--format", "json", "--date", "2024-01-01")
    found = json.loads(result.stdout)
    assert "docs/a/stray.md" in {p["path"] for p in found}


def test_a_clean_site_gives_no_annotations_and_exit_zero(tmp_path):
    site = _site(tmp_path)
    (site / "docs/a/stray.md").unlink()
    (site / "docs/a/gongyue/2016-3-21.md").unlink()
    for fmt, empty in (("github", ""), ("gitlab", "[]")):
        result = _check(site, ".", "--format", fmt, "--date", "2024-01-01")
        assert result.stdout.strip() == empty, result.output


def _unescape(text: str) -> str:
    for code, char in (("%2C", ","), ("%3A", ":"), ("%0A", "\n"), ("%0D", "\r"), ("%25", "%")):
        text = text.replace(code, char)
    return text


_hostile = st.text(st.sampled_from("甲乙:,%\r\n::a/b ."), min_size=1, max_size=20)


@given(path=_hostile, message=_hostile, hint=_hostile)
def test_any_text_survives_the_workflow_command_escaping(path, message, hint):
    problem = Problem(path, 3, message, hint, code="x:y,z")
    line = annotate.github([problem])
    assert "\n" not in line and "\r" not in line
    match = COMMAND.match(line)
    assert match, line
    assert _unescape(match.group(2)) == path
    assert _unescape(match.group(4)) == "gongyue：x:y,z"
    assert _unescape(match.group(5)) == f"错误：{message}修改建议：{hint}"
