"""Loading a docs tree into the site model; every source is read exactly once.

A folder is a *unit* when its ``index.md`` has ``unit:`` front matter, and a
*charter* when it sits in a unit and holds version files (``YYYY-MM-DD.md``,
``draft.md``, ``draft-<name>.md``). Units hang from the docs folder or from
another unit. Outside the units live the operator's ordinary pages (home page,
guide, images), left to the site engine. Inside them the format is closed
(``layout.py``): anything else is an error with a suggestion, symlinks are
refused, and nothing is published raw.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from gongyue.record.errors import Problem, SourceError
from gongyue.record.layout import (
    TEXT_SUFFIXES,
    charter_file_hint,
    is_image,
    is_named_in,
    is_version_file,
    looks_like_version,
    unit_file_hint,
)
from gongyue.record.model import Charter, Site, Unit, Version
from gongyue.record.scaffold import CHARTER_SLUGS
from gongyue.record.schema import UnitMeta, VersionMeta, validate
from gongyue.record.slugs import slugify
from gongyue.record.sources import Source, line_of, parse_yaml, read_source, split_front_matter
from gongyue.record.status import derive
from gongyue.text import articles

# A body's provisions, or what reads them when first asked for (``Version.parsed``).
Parse = Callable[[str], articles.Document | Callable[[], articles.Document]]


def _nothing_known(version: Version) -> None:
    """Reading the plain way, nothing more is known of a version than its file."""


@dataclass(frozen=True)
class Readers:
    """How loading reads a version file's front matter and its body: the parsers
    themselves, or what a build hands in to remember what earlier builds read
    (``publish/parse_memo.py``), which is also told of each version read (``seen``)."""

    front: Callable[[str, str], dict[str, Any]] = parse_yaml
    body: Parse = articles.parse
    seen: Callable[[Version], None] = _nothing_known


READ = Readers()

SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")
INDEX = "index.md"


@dataclass
class _Walk:
    """What a walk of the tree collects, and how much of the tree it covers."""

    site_dir: Path
    docs_dir: Path
    extra_files: tuple[str, ...] = ()  # the operator's patterns, relative to docs
    readers: Readers = READ  # a build may remember what earlier ones read
    found: list[Problem] = field(default_factory=list)
    scope: tuple[str, ...] = ()  # folder names from docs down to the unit previewed; () = all
    skip: tuple[tuple[str, ...], ...] = ()  # unit folders shard builds make (a top job)
    models: tuple[tuple[str, ...], ...] = ()  # charter folders outside the scope it is based on
    content_dirs: set[str] = field(default_factory=set)  # unit and charter folders, docs-relative
    attachments: set[str] = field(default_factory=set)  # files published from them, docs-relative

    def covers(self, parts: tuple[str, ...]) -> bool:
        """Inside the scope: load everything."""
        return parts[: len(self.scope)] == self.scope

    def leads_to(self, parts: tuple[str, ...]) -> bool:
        """An ancestor of the scope (or inside it): load the unit for the breadcrumbs;
        an ancestor of a model charter: load the unit to hold it. Never a skipped folder."""
        if parts in self.skip:
            self.content_dirs.add("/".join(parts))  # nothing in it reaches the site raw
            return False
        return (
            self.covers(parts)
            or self.scope[: len(parts)] == parts
            or any(m[: len(parts)] == parts for m in self.models)
        )

    def add(self, path: Path, message: str, hint: str, code: str, line: int = 1) -> None:
        self.found.append(Problem(self.rel(path), line, message, hint, code))

    def collect(self, error: SourceError) -> None:
        self.found.extend(error.problems)

    def rel(self, path: Path) -> str:
        return under(self.site_dir, path) or _rel(self.site_dir, path)

    def docs_rel(self, path: Path) -> str:
        return under(self.docs_dir, path) or path.relative_to(self.docs_dir).as_posix()

    def parts(self, path: Path) -> tuple[str, ...]:
        """The folder names from docs down to ``path`` (none for docs itself)."""
        relative = self.docs_rel(path)
        return tuple(relative.split("/")) if relative != "." else ()

    def extra(self, path: Path) -> bool:
        return is_named_in(self.docs_rel(path), self.extra_files)


def load_site(
    site_dir: Path,
    docs_dir: Path,
    build_date: dt.date,
    scope: str = "",
    extra_files: tuple[str, ...] = (),
) -> Site:
    """Load every unit, charter and version under ``docs_dir``; raise all problems at once."""
    site, problems = load_tolerantly(site_dir, docs_dir, build_date, scope, extra_files)
    if problems:
        raise SourceError(problems)
    return site


def load_tolerantly(
    site_dir: Path,
    docs_dir: Path,
    build_date: dt.date,
    scope: str = "",
    extra_files: tuple[str, ...] = (),
    skip: tuple[str, ...] = (),
    readers: Readers = READ,
) -> tuple[Site, list[Problem]]:
    """Load what can be loaded and return it with the problems of what could not.

    With ``scope`` (a unit folder relative to ``docs_dir``) only that unit's
    subtree is loaded, plus its ancestors for the breadcrumbs and the charters
    its charters are based on (范本): a committee's preview, or one shard of a
    province, costs the same in a city of any size. ``skip`` names unit folders
    a top job leaves to their shards.
    """
    walk = _Walk(site_dir, docs_dir, tuple(extra_files), readers)
    walk.scope = _parts(scope)
    walk.skip = tuple(_parts(folder) for folder in skip)
    roots = _walk_ordinary(walk, docs_dir)
    if walk.scope:
        walk.models = _models_outside(walk.scope, roots)
        if walk.models:  # rare: walk again, now also to the model charters
            walk = replace(walk, found=[], content_dirs=set(), attachments=set())
            roots = _walk_ordinary(walk, docs_dir)
    site = Site(_rel(site_dir, docs_dir), build_date, roots, "/".join(walk.scope))
    site.content_dirs = frozenset(walk.content_dirs)
    site.attachments = frozenset(walk.attachments)
    derive(site)
    return site, walk.found


def _parts(folder: str) -> tuple[str, ...]:
    return tuple(p for p in folder.strip("/").split("/") if p)


def _models_outside(scope: tuple[str, ...], roots: list[Unit]) -> tuple[tuple[str, ...], ...]:
    """The charter folders (docs-relative parts) that charters in ``scope`` name as their
    model (``based_on``) and that lie outside it."""
    named = {
        _parts(v.meta.based_on)
        for root in roots
        for unit in root.walk()
        if unit.slugs[: len(scope)] == scope
        for charter in unit.charters
        for v in charter.versions
        if v.meta.based_on
    }
    return tuple(sorted(p for p in named if p[: len(scope)] != scope and len(p) > 1))


def under(folder: Path, path: Path) -> str:
    """``path`` relative to ``folder``, with forward slashes, when it lies below it; ""
    otherwise. ``Path.relative_to`` gives the same, but the walk asks it twice of every
    file, and there it cost as much as reading the file."""
    head, text = str(folder), str(path)
    if text.startswith(head) and text[len(head) : len(head) + 1] == os.sep:
        return text[len(head) + 1 :].replace(os.sep, "/")
    return ""


def _rel(site_dir: Path, path: Path) -> str:
    try:
        return path.relative_to(site_dir).as_posix()
    except ValueError:
        return path.as_posix()


def _entries(walk: _Walk, folder: Path) -> tuple[list[Path], list[Path]]:
    """The visible files and folders in ``folder``; symlinks are refused, never followed."""
    files: list[Path] = []
    dirs: list[Path] = []
    with os.scandir(folder) as scan:
        for entry in scan:
            if entry.name.startswith("."):
                continue  # hidden: never published by MkDocs either
            path = folder / entry.name
            if entry.is_symlink():
                walk.add(
                    path,
                    f"“{entry.name}”是一个符号链接（快捷方式），不会发布。",
                    "把真正的文件或文件夹放在这里，删除这个链接：链接可能把 docs 以外的文件带到网站上。",
                    "symlink",
                )
            elif entry.is_dir():
                dirs.append(path)
            else:
                files.append(path)
    return sorted(files), sorted(dirs)


def _walk_ordinary(walk: _Walk, folder: Path) -> list[Unit]:
    """The operator's part of the tree: ordinary pages, and the top-level units."""
    units: list[Unit] = []
    _, dirs = _entries(walk, folder)
    for sub in dirs:
        parts = walk.parts(sub)
        if not walk.leads_to(parts):
            _outside_scope(walk, sub)
            continue
        source = _unit_index(walk, sub)
        if source is not None:
            unit = _load_unit(walk, sub, source, None)
            if unit is not None:
                units.append(unit)
        elif _holds_content(sub):
            _missing_index(walk, sub)
        else:
            units += _walk_ordinary(walk, sub)
    return units


def _outside_scope(walk: _Walk, folder: Path) -> None:
    """A folder a scoped walk passes by: its units are content all the same, so that none
    of their sources reaches the site raw (a shard's menus list the operator's pages only)."""
    if not walk.scope:
        return
    if is_unit_folder(folder):
        walk.content_dirs.add(walk.docs_rel(folder))
    else:
        _walk_ordinary(walk, folder)


def _unit_index(walk: _Walk, folder: Path) -> Source | None:
    """The folder's ``index.md`` when it declares a unit; None otherwise."""
    index = folder / INDEX
    if not index.is_file() or index.is_symlink():
        return None
    try:
        source = read_source(index, walk.rel(index), walk.readers.front)
    except SourceError as error:
        walk.collect(error)
        return None
    return source if "unit" in source.meta else None


_DECLARES_UNIT = re.compile(r"^unit\s*:", re.MULTILINE)
_DECLARES_VERSION = re.compile(r"^(change|meeting)\s*:", re.MULTILINE)


def is_unit_folder(folder: Path) -> bool:
    """A folder whose index.md says ``unit:``; a broken index counts as one (the check
    says what is wrong with it), so no caller mistakes a unit for an ordinary folder."""
    index = folder / "index.md"
    try:
        return index.is_file() and "unit" in read_source(index, str(index)).meta
    except SourceError:
        return True


def _holds_content(folder: Path) -> bool:
    """A folder with units or versions below it: a unit that lost its ``index.md``.

    Judged by the front matter, not the names alone: an operator's ``news/2024-06-05.md``
    or ``guide/images/`` is not content.
    """
    for where, dirs, files in os.walk(folder):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        here = Path(where)
        if here != folder and INDEX in files and _head_matches(here / INDEX, _DECLARES_UNIT):
            return True
        for name in files:
            if is_version_file(name) and _head_matches(here / name, _DECLARES_VERSION):
                return True
    return False


def _head_matches(file: Path, pattern: re.Pattern[str]) -> bool:
    try:
        with open(file, "rb") as handle:
            head = handle.read(4096).decode("utf-8", "replace")
    except OSError:
        return False
    return bool(pattern.search(head))


def _missing_index(walk: _Walk, folder: Path) -> None:
    walk.content_dirs.add(walk.docs_rel(folder))
    if (folder / INDEX).is_file():
        message = f"文件夹“{folder.name}”里有单位或公约，但它的 index.md 没有写 unit:（单位信息）。"
    else:
        message = f"文件夹“{folder.name}”里有单位或公约，但缺少 index.md，整个文件夹都不会发布。"
    walk.add(
        folder / INDEX,
        message,
        f"补上这个单位的 index.md，例如运行“gongyue new unit {walk.rel(folder)} --name 名称 --kind 类别”。",
        "unit-index-missing",
    )


def _load_unit(walk: _Walk, folder: Path, source: Source, parent: Unit | None) -> Unit | None:
    walk.content_dirs.add(walk.docs_rel(folder))
    try:
        meta: UnitMeta = validate(UnitMeta, source.meta, source.path, source.text)
    except SourceError as error:
        walk.collect(error)
        return None
    _check_slug(walk, folder, source.path)
    slugs = walk.parts(folder)
    unit = Unit(
        walk.rel(folder),
        slugs,
        meta.unit,
        source.body,
        parent,
        renamed=dict(meta.renamed),
        prose_line=source.body_line,
    )
    files, dirs = _entries(walk, folder)
    if walk.covers(slugs):
        _unit_files(walk, folder, files)
    for sub in dirs:
        parts = walk.parts(sub)
        if not walk.leads_to(parts):
            walk.content_dirs.add(walk.docs_rel(sub))  # a sibling unit or charter: not raw
            continue
        child = _unit_index(walk, sub)
        if child is not None:
            loaded = _load_unit(walk, sub, child, unit)
            if loaded is not None:
                unit.children.append(loaded)
        elif walk.covers(slugs) or parts in walk.models:
            _unit_subfolder(walk, sub, unit)
    return unit


def _unit_files(walk: _Walk, folder: Path, files: list[Path]) -> None:
    for file in files:
        if file.name == INDEX:
            continue
        if is_image(file.name) or walk.extra(file):
            walk.attachments.add(walk.docs_rel(file))
            continue
        message, hint = unit_file_hint(file.name, _charter_slug_of(file))
        walk.add(file, message, hint, "stray-file")


def _charter_slug_of(file: Path) -> str | None:
    """The charter folder a version put in the wrong place belongs in, from its type."""
    if not (file.suffix == ".md" and looks_like_version(file.name)):
        return None
    try:
        kind = read_source(file, file.name).meta.get("type")
    except SourceError:
        return None
    return CHARTER_SLUGS.get(kind) if isinstance(kind, str) else None


def _unit_subfolder(walk: _Walk, folder: Path, unit: Unit) -> None:
    """A folder in a unit without a unit index: a charter, a lost unit, or an error."""
    files, dirs = _entries(walk, folder)
    if (folder / INDEX).is_file() or (dirs and _holds_content(folder)):
        _missing_index(walk, folder)
    elif not files and not dirs:
        return  # an empty folder publishes nothing (and git does not keep it)
    elif not dirs and all(walk.extra(f) for f in files):
        walk.attachments.update(walk.docs_rel(f) for f in files)
    elif any(looks_like_version(f.name) or f.suffix.lower() in TEXT_SUFFIXES for f in files):
        unit.charters.append(_load_charter(walk, folder, unit, files, dirs))
    else:
        walk.add(
            folder,
            f"单位文件夹里的“{folder.name}”既不是单位也不是公约，不会发布。",
            "下级单位的文件夹要有 index.md；公约文件夹里放以表决日期命名的版本和 draft.md；"
            "图片直接放在 index.md 旁边。",
            "stray-folder",
        )


def _check_slug(walk: _Walk, folder: Path, path: str) -> None:
    if not SLUG.match(folder.name):
        walk.found.append(
            Problem(
                path,
                1,
                f"文件夹名“{folder.name}”会成为网址，只能用小写字母、数字和连字符。",
                f"把文件夹改名为“{slugify(folder.name)}”；中文名称写在 unit: name 或 title 里。",
                code="slug",
            )
        )


def _load_charter(
    walk: _Walk, folder: Path, unit: Unit, files: list[Path], dirs: list[Path]
) -> Charter:
    walk.content_dirs.add(walk.docs_rel(folder))
    charter = Charter(walk.rel(folder), folder.name, unit)
    _check_slug(walk, folder, walk.rel(folder))
    for sub in dirs:
        walk.add(
            sub,
            f"公约文件夹里不能有子文件夹（“{sub.name}”），它不会发布。",
            "把里面的文件移走：版本和草案直接放在公约文件夹里。",
            "stray-folder",
        )
    for file in files:
        if walk.extra(file):
            walk.attachments.add(walk.docs_rel(file))
            continue
        if not is_version_file(file.name):
            message, hint = charter_file_hint(file.name)
            walk.add(file, message, hint, "stray-file")
            continue
        version = _load_version(walk, file, charter)
        if version is not None:
            (charter.drafts if version.is_draft else charter.versions).append(version)
    return charter


def _load_version(walk: _Walk, file: Path, charter: Charter) -> Version | None:
    try:
        version = version_from_source(
            read_source(file, walk.rel(file), walk.readers.front),
            file.stem,
            charter,
            walk.readers.body,
        )
    except SourceError as error:
        walk.collect(error)
        return None
    walk.readers.seen(version)
    return version


def version_from_text(text: str, path: str, charter: Charter) -> Version:
    """A version from text not yet on disk (``adopt`` checks before it writes)."""
    front, body, body_line = split_front_matter(text, path)
    source = Source(path, parse_yaml(front, path), body, body_line, text)
    return version_from_source(source, Path(path).stem, charter)


def version_from_source(
    source: Source, slug: str, charter: Charter, parse: Parse = articles.parse
) -> Version:
    meta: VersionMeta = validate(VersionMeta, source.meta, source.path, source.text)
    date = _file_date(slug, source.path)
    if date is not None:
        _check_decided(meta, date, source)
    document = parse(source.body)
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
    meeting_date = meta.meeting.date if meta.meeting is not None else date
    # (wrong, where, what, how to fix, code)
    rules = [
        (
            meta.result is None,
            (),
            "已表决的版本缺少表决结果“result”。",
            "补上“result: 通过”或“result: 未通过”；尚未表决的文本请命名为 draft.md。",
            "missing-result",
        ),
        (
            meta.meeting is None,
            (),
            "已表决的版本缺少表决会议“meeting”。",
            "补上 meeting: 一项，写明会议类型、日期和票数（见编辑指南）。",
            "missing-meeting",
        ),
        (
            meta.base is not None,
            ("base",),
            "base（修改稿的底稿）只用于草案，已表决的版本不应有这一项。",
            "删去 base 这一行。",
            "base-in-version",
        ),
        (
            meeting_date != date,
            ("meeting", "date"),
            f"表决日期 {meeting_date} 与文件名 {date} 不一致。",
            f"把文件改名为 {meeting_date}.md，或更正 meeting: date。",
            "meeting-date",
        ),
    ]
    problems = [
        Problem(source.path, line_of(source.text, keys) if keys else 1, what, fix, code=code)
        for wrong, keys, what, fix, code in rules
        if wrong
    ]
    if problems:
        raise SourceError(problems)
