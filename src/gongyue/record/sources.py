"""Reading one source file: bytes to text, front matter to plain data.

Every source is read once. Dates stay strings here (the schema parses them, so
``2018-02-30`` becomes a located error rather than a YAML crash) and decimals
stay exact.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml

from gongyue.record.errors import Problem, SourceError

BOM = "\ufeff"
FENCE = "---"
# C0 and C1 control characters other than tab and line feed: never typed on purpose,
# invisible on screen, and invalid in the XML of the feeds.
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


@dataclass(frozen=True)
class Source:
    """A decoded source: its front matter as data and its Markdown body."""

    path: str
    meta: dict[str, Any]
    body: str
    body_line: int  # 1-based line number of the body's first line
    text: str  # the whole normalised text, for locating keys on error


class _DuplicateKey(Exception):
    def __init__(self, key: object, line: int):
        super().__init__(key)
        self.key, self.line = key, line


def _unique_mapping(loader: yaml.SafeLoader, node: yaml.Node, deep: bool = False) -> Any:
    """A mapping whose every key is written once: the second ``for:`` is a mistake, not a fix."""
    seen: set[str] = set()
    for key_node, _ in node.value:  # type: ignore[attr-defined]
        if isinstance(key_node, yaml.ScalarNode):  # keys are compared as written, unconstructed
            if key_node.value in seen:
                raise _DuplicateKey(key_node.value, key_node.start_mark.line + 2)
            seen.add(key_node.value)
    return yaml.SafeLoader.construct_mapping(loader, node, deep=deep)  # type: ignore[arg-type]


def _without_timestamps(loader: type[yaml.SafeLoader]) -> None:
    loader.yaml_implicit_resolvers = {
        first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }
    loader.add_constructor("tag:yaml.org,2002:float", _construct_decimal)
    loader.construct_mapping = _unique_mapping  # type: ignore[method-assign,assignment]


def _construct_decimal(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    text = loader.construct_scalar(node)  # type: ignore[arg-type]
    try:
        return Decimal(str(text).replace("_", ""))
    except InvalidOperation:
        return str(text)


class _PyLoader(yaml.SafeLoader):
    """SafeLoader without implicit timestamps, with floats kept as Decimal.

    The pure-Python parser locates errors best; it is used when something is wrong.
    """


# libyaml's parser, when PyYAML has it, for the common case: a city has tens of
# thousands of sources and the C parser reads them ten times faster.
_CBase: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", _PyLoader)  # type: ignore[assignment]


class _Loader(_CBase):  # type: ignore[valid-type,misc]
    """The same rules as ``_PyLoader``, on libyaml."""


_without_timestamps(_PyLoader)
_without_timestamps(_Loader)


def decode(raw: bytes, path: str) -> str:
    """UTF-8 with or without BOM, any line ends; anything else is a located error."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise SourceError([_not_utf8(raw, path, line)]) from None
    text = text.removeprefix(BOM)
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _not_utf8(raw: bytes, path: str, line: int) -> Problem:
    try:
        raw.decode("gb18030")
        looks_like = "文件像是 GBK/GB18030 编码（常见于 Windows 记事本、WPS 的默认保存）。"
    except UnicodeDecodeError:
        looks_like = "文件含有无法识别的字节。"
    return Problem(
        path,
        line,
        f"文件不是 UTF-8 编码。{looks_like}",
        "用编辑器“另存为”，编码选择 UTF-8 后保存。",
        code="encoding",
    )


def split_front_matter(text: str, path: str) -> tuple[str, str, int]:
    """Return (front matter, body, first body line). Missing front matter is empty."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != FENCE:
        return "", text, 1
    for index in range(1, len(lines)):
        if lines[index].strip() in (FENCE, "..."):
            return "\n".join(lines[1:index]), "\n".join(lines[index + 1 :]), index + 2
    raise SourceError(
        [
            Problem(
                path,
                1,
                "文件开头的“---”没有对应的结束行。",
                "在前置信息（front matter）末尾单独写一行“---”。",
                code="front-matter",
            )
        ]
    )


def parse_yaml(front: str, path: str) -> dict[str, Any]:
    _refuse_controls(front, path)
    _refuse_aliases(front, path)
    try:
        data = yaml.load(front, Loader=_Loader) if front.strip() else {}
    except _DuplicateKey as duplicate:
        raise _one_problem(
            path,
            duplicate.line,
            f"前置信息里“{duplicate.key}”写了两次，不知道哪一个算数。",
            "删去多余的一行，只保留正确的那一个。",
            "yaml-duplicate",
        ) from None
    except yaml.YAMLError:
        raise _one_problem(
            path,
            _yaml_error_line(front),
            "前置信息（front matter）的 YAML 格式有误。",
            "检查这一行的缩进和冒号：每项写成“键: 值”，冒号用半角并在后面加一个空格。",
            "yaml",
        ) from None
    if not isinstance(data, dict):
        raise _one_problem(
            path,
            2,
            "前置信息（front matter）应当是“键: 值”的列表。",
            "参照编辑指南中的示例，逐行写“键: 值”。",
            "yaml",
        )
    return data


def _one_problem(path: str, line: int, what: str, fix: str, code: str) -> SourceError:
    return SourceError([Problem(path, line, what, fix, code=code)])


def _refuse_controls(front: str, path: str) -> None:
    found = CONTROL.search(front)
    if found is None:
        return
    line = front.count("\n", 0, found.start()) + 2
    raise SourceError(
        [
            Problem(
                path,
                line,
                f"前置信息的这一行有一个看不见的控制字符（U+{ord(found.group()):04X}）。",
                "重新输入这一行（控制字符多半是从别的软件复制时带进来的）。",
                code="control-character",
            )
        ]
    )


def _refuse_aliases(front: str, path: str) -> None:
    """Anchors and aliases (``&a`` / ``*a``) are refused: a few lines of them can expand to gigabytes."""
    if "&" not in front and "*" not in front:
        return
    try:
        for event in yaml.parse(front, Loader=_Loader):
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                mark = event.start_mark
                line = mark.line + 2 if mark is not None else 1
                break
        else:
            return
    except yaml.YAMLError:
        return  # the parse below reports the syntax error with its line
    raise SourceError(
        [
            Problem(
                path,
                line,
                "前置信息里不能用 YAML 的锚点和别名（&名称、*名称）。",
                "把每一项的值直接写出来。",
                code="yaml-alias",
            )
        ]
    )


def _yaml_error_line(front: str) -> int:
    """The file line of a YAML error, found again with the pure-Python parser."""
    try:
        yaml.load(front, Loader=_PyLoader)
    except yaml.YAMLError as exc:
        # An unclosed [ or { is noticed lines later; point at where it was opened.
        in_flow = "flow" in str(getattr(exc, "context", "") or "")
        mark = getattr(exc, "context_mark" if in_flow else "problem_mark", None)
        return mark.line + 2 if mark is not None else 1
    return 1


def read_source(
    file: Path, rel_path: str, front_reader: Callable[[str, str], dict[str, Any]] | None = None
) -> Source:
    """The file's text, front matter (read by ``parse_yaml`` unless another reader is
    handed in) and body."""
    text = decode(file.read_bytes(), rel_path)
    front, body, body_line = split_front_matter(text, rel_path)
    meta = (front_reader or parse_yaml)(front, rel_path)
    return Source(rel_path, meta, body, body_line, text)


def line_of(text: str, loc: tuple[str | int, ...]) -> int:
    """The 1-based line of the key at ``loc`` in a source's front matter, best effort."""
    front_text, _, _ = split_front_matter(text, "")
    try:
        node = yaml.compose(front_text, Loader=_PyLoader)
    except yaml.YAMLError:
        return 1
    line = 1
    for part in loc:
        if isinstance(node, yaml.MappingNode):
            found = next((kv for kv in node.value if kv[0].value == part), None)
            if found is None:
                break
            line = found[0].start_mark.line + 2
            node = found[1]
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
            if part >= len(node.value):
                break
            node = node.value[part]
            line = node.start_mark.line + 2
        else:
            break
    return line
