"""Loading a docs tree into the site model; every source is read exactly once.

A folder is a *unit* when its ``index.md`` has ``unit:`` front matter, and a
*charter* when it sits in a unit and holds version files (``YYYY-MM-DD.md``,
``draft.md``, ``draft-<name>.md``). Everything else (the home page, the guide,
images) is ordinary content and left to the site engine.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from . import articles
from .errors import Problem, SourceError
from .model import Charter, Site, Unit, Version
from .schema import UnitMeta, VersionMeta, validate
from .slugs import slugify
from .sources import Source, line_of, parse_yaml, read_source, split_front_matter
from .status import derive

VERSION_FILE = re.compile(r"^(\d{4}-\d{2}-\d{2}|draft|draft-[a-z0-9-]+)\.md$")
SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")


@dataclass
class _Problems:
    """What a walk of the tree collects, and how much of the tree it covers."""

    found: list[Problem] = field(default_factory=list)
    scope: tuple[str, ...] = ()  # folder names from docs down to the unit previewed; () = all

    def covers(self, parts: tuple[str, ...]) -> bool:
        """Inside the scope: load everything."""
        return parts[: len(self.scope)] == self.scope

    def leads_to(self, parts: tuple[str, ...]) -> bool:
        """An ancestor of the scope (or inside it): load the unit for the breadcrumbs."""
        return self.covers(parts) or self.scope[: len(parts)] == parts

    def add(self, problem: Problem) -> None:
        self.found.append(problem)

    def collect(self, error: SourceError) -> None:
        self.found.extend(error.problems)


def load_site(site_dir: Path, docs_dir: Path, build_date: dt.date, scope: str = "") -> Site:
    """Load every unit, charter and version under ``docs_dir``; raise all problems at once."""
    site, problems = load_tolerantly(site_dir, docs_dir, build_date, scope)
    if problems:
        raise SourceError(problems)
    return site


def load_tolerantly(
    site_dir: Path, docs_dir: Path, build_date: dt.date, scope: str = ""
) -> tuple[Site, list[Problem]]:
    """Load what can be loaded and return it with the problems of what could not.

    With ``scope`` (a unit folder relative to ``docs_dir``) only that unit's
    subtree is loaded, plus its ancestors for the breadcrumbs: a committee's
    preview costs the same in a city of any size.
    """
    problems = _Problems(scope=tuple(p for p in scope.strip("/").split("/") if p))
    roots = _load_children(site_dir, docs_dir, docs_dir, None, problems)
    site = Site(_rel(site_dir, docs_dir), build_date, roots, "/".join(problems.scope))
    derive(site)
    return site, problems.found


def is_version_file(name: str) -> bool:
    return bool(VERSION_FILE.match(name))


def _rel(site_dir: Path, path: Path) -> str:
    try:
        return path.relative_to(site_dir).as_posix()
    except ValueError:
        return path.as_posix()


def _subdirs(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.is_dir() and not p.name.startswith("."))


def _load_children(
    site_dir: Path, docs_dir: Path, folder: Path, parent: Unit | None, problems: _Problems
) -> list[Unit]:
    units: list[Unit] = []
    for sub in _subdirs(folder):
        if not problems.leads_to(sub.relative_to(docs_dir).parts):
            continue
        index = sub / "index.md"
        source = _read_unit_index(site_dir, index, problems) if index.is_file() else None
        if source is not None and "unit" in source.meta:
            unit = _load_unit(site_dir, docs_dir, sub, source, parent, problems)
            if unit is not None:
                units.append(unit)
        elif parent is None:
            # Non-unit folders at the top (guide/, assets/) may still hold units below.
            units += _load_children(site_dir, docs_dir, sub, None, problems)
    return units


def _read_unit_index(site_dir: Path, index: Path, problems: _Problems) -> Source | None:
    try:
        return read_source(index, _rel(site_dir, index))
    except SourceError as error:
        problems.collect(error)
        return None


def _load_unit(
    site_dir: Path,
    docs_dir: Path,
    folder: Path,
    source: Source,
    parent: Unit | None,
    problems: _Problems,
) -> Unit | None:
    try:
        meta: UnitMeta = validate(UnitMeta, source.meta, source.path, source.text)
    except SourceError as error:
        problems.collect(error)
        return None
    _check_slug(folder, source.path, problems)
    slugs = folder.relative_to(docs_dir).parts
    unit = Unit(_rel(site_dir, folder), slugs, meta.unit, source.body, parent)
    for sub in _subdirs(folder) if problems.covers(slugs) else []:
        if (sub / "index.md").is_file():
            continue
        if any(is_version_file(f.name) for f in sub.iterdir() if f.is_file()):
            unit.charters.append(_load_charter(site_dir, sub, unit, problems))
    unit.children = _load_children(site_dir, docs_dir, folder, unit, problems)
    return unit


def _check_slug(folder: Path, path: str, problems: _Problems) -> None:
    if not SLUG.match(folder.name):
        problems.add(
            Problem(
                path,
                1,
                f"文件夹名“{folder.name}”会成为网址，只能用小写字母、数字和连字符。",
                f"把文件夹改名为“{slugify(folder.name)}”；中文名称写在 unit: name 或 title 里。",
                code="slug",
            )
        )


def _load_charter(site_dir: Path, folder: Path, unit: Unit, problems: _Problems) -> Charter:
    charter = Charter(_rel(site_dir, folder), folder.name, unit)
    _check_slug(folder, _rel(site_dir, folder), problems)
    for file in sorted(folder.iterdir()):
        if not (file.is_file() and is_version_file(file.name)):
            continue
        version = _load_version(site_dir, file, charter, problems)
        if version is None:
            continue
        (charter.drafts if version.is_draft else charter.versions).append(version)
    return charter


def _load_version(
    site_dir: Path, file: Path, charter: Charter, problems: _Problems
) -> Version | None:
    rel = _rel(site_dir, file)
    try:
        return version_from_source(read_source(file, rel), file.stem, charter)
    except SourceError as error:
        problems.collect(error)
        return None


def version_from_text(text: str, path: str, charter: Charter) -> Version:
    """A version from text not yet on disk (``adopt`` checks before it writes)."""
    front, body, body_line = split_front_matter(text, path)
    source = Source(path, parse_yaml(front, path), body, body_line, text)
    return version_from_source(source, Path(path).stem, charter)


def version_from_source(source: Source, slug: str, charter: Charter) -> Version:
    meta: VersionMeta = validate(VersionMeta, source.meta, source.path, source.text)
    date = _file_date(slug, source.path)
    if date is not None:
        _check_decided(meta, date, source)
    document = articles.parse(source.body)
    return Version(
        source.path, slug, meta, document, source.body_line, date, charter, source.text, source.body
    )


def _file_date(stem: str, path: str) -> dt.date | None:
    if stem.startswith("draft"):
        return None
    try:
        return dt.date.fromisoformat(stem)
    except ValueError:
        raise SourceError(
            [
                Problem(
                    path,
                    1,
                    f"文件名“{stem}”不是有效日期。",
                    "已表决的版本以表决日期命名，格式 YYYY-MM-DD.md，例如 2016-03-20.md。",
                    code="file-date",
                )
            ]
        ) from None


def _check_decided(meta: VersionMeta, date: dt.date, source: Source) -> None:
    """What the derived facts rely on: a decided version records its vote and its date."""
    problems: list[Problem] = []
    if meta.result is None:
        problems.append(
            Problem(
                source.path,
                1,
                "已表决的版本缺少表决结果“result”。",
                "补上“result: 通过”或“result: 未通过”；尚未表决的文本请命名为 draft.md。",
                code="missing-result",
            )
        )
    if meta.meeting is None:
        problems.append(
            Problem(
                source.path,
                1,
                "已表决的版本缺少表决会议“meeting”。",
                "补上 meeting: 一项，写明会议类型、日期和票数（见编辑指南）。",
                code="missing-meeting",
            )
        )
    elif meta.meeting.date != date:
        problems.append(
            Problem(
                source.path,
                line_of(source.text, ("meeting", "date")),
                f"表决日期 {meta.meeting.date} 与文件名 {date} 不一致。",
                f"把文件改名为 {meta.meeting.date}.md，或更正 meeting: date。",
                code="meeting-date",
            )
        )
    if problems:
        raise SourceError(problems)
