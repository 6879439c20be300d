"""Committee-facing problems: Chinese, located at ``path:line``, with a fix."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Severity = Literal["错误", "警告"]


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one source file, said so a committee can fix it."""

    path: str  # relative to the site directory, with forward slashes
    line: int
    message: str
    hint: str
    code: str = "invalid"
    severity: Severity = "错误"

    def format(self) -> str:
        return f"{self.path}:{self.line}: {self.severity}：{self.message}修改建议：{self.hint}"


class SourceError(Exception):
    """A source that cannot be loaded; carries every problem found in it."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(p.format() for p in problems))
