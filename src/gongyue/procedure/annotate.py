"""`gongyue check`'s findings in the formats git hosts show on the changed line.

- ``github``: workflow commands (``::error file=…,line=…,title=…::message``), which
  GitHub Actions, Gitea Actions and Forgejo Actions turn into annotations on the
  change request's files. Values are escaped as the runner expects: ``%``, CR
  and LF everywhere, and also ``:`` and ``,`` inside properties.
- ``gitlab``: a Code Quality report (a JSON list of issues with ``description``,
  ``check_name``, ``fingerprint``, ``severity`` and ``location``), saved by the CI
  job as ``artifacts: reports: codequality``; GitLab shows it on the merge request.
- ``json``: gongyue's own list (path, line, severity, code, message, hint).

Paths are the problem's path (relative to the site folder) with ``prefix`` in front:
a host names files from the repository's root.
"""

from __future__ import annotations

import hashlib
import json
import posixpath
from collections.abc import Iterable
from typing import Any

from gongyue.record.errors import Problem

FORMATS = ("text", "json", "github", "gitlab")
ERROR = "错误"


def github(problems: Iterable[Problem], prefix: str = "") -> str:
    """One workflow command per problem."""
    lines = []
    for p in problems:
        level = "error" if p.severity == ERROR else "warning"
        props = {"file": _path(p, prefix), "line": str(p.line), "title": f"gongyue：{p.code}"}
        rendered = ",".join(f"{k}={_escape_property(v)}" for k, v in props.items())
        lines.append(f"::{level} {rendered}::{_escape_data(_words(p))}")
    return "\n".join(lines)


def gitlab(problems: Iterable[Problem], prefix: str = "") -> str:
    """A Code Quality report: errors are ``major``, warnings ``minor``."""
    issues = [
        {
            "description": _words(p),
            "check_name": f"gongyue/{p.code}",
            "fingerprint": _fingerprint(p, prefix),
            "severity": "major" if p.severity == ERROR else "minor",
            "location": {"path": _path(p, prefix), "lines": {"begin": max(1, p.line)}},
        }
        for p in problems
    ]
    return json.dumps(issues, ensure_ascii=False, indent=2)


def own_json(problems: Iterable[Problem], prefix: str = "") -> str:
    return json.dumps([_own(p, prefix) for p in problems], ensure_ascii=False, indent=2)


def _own(p: Problem, prefix: str) -> dict[str, Any]:
    return {
        "path": _path(p, prefix),
        "line": p.line,
        "severity": "error" if p.severity == ERROR else "warning",
        "code": p.code,
        "message": p.message,
        "hint": p.hint,
    }


def _words(p: Problem) -> str:
    return (
        f"{p.severity}：{p.message}修改建议：{p.hint}" if p.hint else f"{p.severity}：{p.message}"
    )


def _path(p: Problem, prefix: str) -> str:
    return posixpath.normpath(posixpath.join(prefix, p.path)) if prefix else p.path


def _fingerprint(p: Problem, prefix: str) -> str:
    """Unique per finding (GitLab shows one issue per fingerprint), stable across runs."""
    key = "\0".join([_path(p, prefix), str(p.line), p.code, p.message])
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")
