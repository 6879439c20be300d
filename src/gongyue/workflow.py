"""The committee's steps from draft to adopted version, as library calls.

The CLI is a thin layer over these. Every step checks first and writes last;
a refused step leaves every file as it was.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import scaffold
from .checks import Report, check_site, check_version
from .compare import Comparison, compare
from .errors import Problem, SourceError
from .export import Exported, export_site
from .loader import load_tolerantly, version_from_text
from .lock import read_lock, update_lock
from .model import Charter, Version
from .project import Project, load_project
from .rules import Rules, rules_from_options
from .slugs import slugify
from .sources import read_source
from .writing import RefusedWrite, write_atomic


class WorkflowError(Exception):
    """A step that cannot be taken; the message says why and how to go on."""

    def __init__(self, message: str, hint: str = "", problems: list[Problem] | None = None):
        self.message, self.hint, self.problems = message, hint, problems or []
        super().__init__(message)


def project_rules(project: Project) -> Rules:
    try:
        return rules_from_options(project.options)
    except ValueError as exc:
        raise WorkflowError(
            f"mkdocs.yml 中 gongyue 的设置有误：{exc}。", "参照编辑指南中“表决规则”一节修改。"
        ) from None


def check(start: Path, today: dt.date) -> Report:
    project = load_project(start)
    return check_site(project.site_dir, project.docs_dir, project_rules(project), today)


def new_unit(path: Path, name: str, kind: str) -> Path:
    folder = _ascii_folder(path)
    target = folder / "index.md"
    _write_new(target, scaffold.unit_index(name, kind))
    return target


def new_charter(unit_dir: Path, charter_type: str, title: str | None) -> Path:
    index = unit_dir / "index.md"
    if not index.is_file():
        raise WorkflowError(
            f"{unit_dir} 不是一个单位文件夹（里面没有 index.md）。",
            "先用“gongyue new unit”建立社区或院落。",
        )
    name = _unit_name(index)
    target = unit_dir / scaffold.CHARTER_SLUGS[charter_type] / "draft.md"
    _write_new(target, scaffold.first_draft(title or f"{name}{charter_type}", charter_type))
    return target


def amend(charter_dir: Path, today: dt.date) -> Path:
    charter = _load_charter(charter_dir, today)
    target = charter_dir / "draft.md"
    if target.exists():
        raise WorkflowError(
            f"{target} 已经存在，没有改动任何文件。",
            "继续修改现有的草案；或者先把它表决（gongyue adopt）或删除。",
        )
    base = _text_to_amend(charter)
    _write_new(target, scaffold.amendment_draft(base.meta, base.body))
    return target


def _text_to_amend(charter: Charter) -> Version:
    adopted = [v for v in charter.adopted if not v.is_repeal]
    base = charter.in_force or (adopted[-1] if adopted else None)
    if base is None:
        raise WorkflowError("这部公约还没有通过的文本，无从修改。", "直接编辑 draft.md 起草。")
    return base


@dataclass(frozen=True)
class Vote:
    date: dt.date
    body: str
    eligible: int
    present: int
    votes_for: int
    against: int
    abstain: int
    unit: str = "人"
    place: str | None = None
    result: str = "通过"
    published: dt.date | None = None
    effective: dt.date | None = None
    area: tuple[str, str, str] | None = None  # eligible, present, for (m²)


def adopt(charter_dir: Path, vote: Vote, draft_name: str, today: dt.date) -> Path:
    project = load_project(charter_dir)
    charter = _load_charter(charter_dir, today)
    draft = next((d for d in charter.drafts if d.slug == draft_name), None)
    if draft is None:
        raise WorkflowError(
            f"{charter_dir} 里没有草案 {draft_name}.md。", "先用“gongyue amend”起草修改稿。"
        )
    target = charter_dir / f"{vote.date.isoformat()}.md"
    if target.exists():
        raise WorkflowError(f"{target} 已经存在，没有改动任何文件。", "核对表决日期。")
    _refuse_on_lock_problems(project)
    body = draft.body.replace(scaffold.CONSULTATION_HINT.strip(), "")
    text = scaffold.render_version(_adopted_meta(draft, vote), body)
    rel = target.resolve().relative_to(project.site_dir).as_posix()
    version = _checked_version(text, rel, charter, project_rules(project))
    _write_new(target, text)
    (charter_dir / f"{draft_name}.md").unlink()
    _relock(project, today)
    return Path(version.path)


def _adopted_meta(draft: Version, vote: Vote) -> dict[str, Any]:
    data = scaffold.meta_to_data(draft.meta)
    meeting: dict[str, Any] = {
        "body": vote.body,
        "date": vote.date,
        "place": vote.place,
        "unit": vote.unit,
        "eligible": vote.eligible,
        "present": vote.present,
        "for": vote.votes_for,
        "against": vote.against,
        "abstain": vote.abstain,
    }
    if vote.area:
        meeting.update(area_eligible=vote.area[0], area_present=vote.area[1], area_for=vote.area[2])
    data.update(meeting=meeting, result=vote.result)
    if vote.published:
        data["published"] = vote.published
    if vote.effective:
        data["effective"] = vote.effective
    return data


def _checked_version(text: str, rel: str, charter: Charter, rules: Rules) -> Version:
    try:
        version = version_from_text(text, rel, charter)
    except SourceError as error:
        raise WorkflowError(
            "表决记录不完整，没有改动任何文件。", "按提示补全后再运行。", error.problems
        ) from None
    errors = [p for p in check_version(version, rules) if p.severity == "错误"]
    if errors:
        raise WorkflowError(
            "检查没有通过，草案保持原样，没有生成新版本。", "按提示核对后再运行。", errors
        )
    return version


def _refuse_on_lock_problems(project: Project) -> None:
    _, problems = read_lock(project.site_dir)
    if problems:
        raise WorkflowError(
            "gongyue.lock 有问题，没有改动任何文件。", "先解决锁定文件的问题。", problems
        )


def lock(start: Path, today: dt.date) -> int:
    project = load_project(start)
    return len(_relock(project, today))


def _relock(project: Project, today: dt.date) -> dict[str, Any]:
    site, problems = load_tolerantly(project.site_dir, project.docs_dir, today)
    if problems:
        raise WorkflowError("有文件无法读取，没有更新 gongyue.lock。", "先按提示改正。", problems)
    entries, refused = update_lock(project.site_dir, site)
    if refused:
        raise WorkflowError(
            "有已通过的文本被改动，没有更新 gongyue.lock。", "按提示处理后再运行。", refused
        )
    return entries


def export(start: Path, out: Path, today: dt.date) -> Exported:
    """Write the site's generated pages to the new folder ``out`` for another engine."""
    project = load_project(start)
    out = out.resolve()
    docs = project.docs_dir.resolve()
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise WorkflowError(f"{out} 已存在且不是空文件夹，没有导出。", "换一个新的文件夹名。")
    if out.is_relative_to(docs):
        raise WorkflowError(f"{out} 在 {docs} 里面，没有导出。", "导出到 docs 以外的文件夹。")
    site, problems = load_tolerantly(project.site_dir, project.docs_dir, today)
    if problems:
        raise WorkflowError("有文件无法读取，没有导出。", "先按提示改正。", problems)
    name = project.site_name or "公约"
    return export_site(site, project.docs_dir, out, name, project.site_url, project.config)


def preview_command(
    unit_dir: Path | None, start: Path, port: int
) -> tuple[list[str], dict[str, str]]:
    """The ``mkdocs serve`` call (and its environment) for a preview of one unit."""
    project = load_project(unit_dir or start)
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    if unit_dir is not None:
        folder, docs = unit_dir.resolve(), project.docs_dir.resolve()
        if folder == docs or not folder.is_relative_to(docs) or not _is_unit(folder):
            raise WorkflowError(f"{unit_dir} 不是一个社区或院落的文件夹。",
                                "写单位文件夹的路径，例如 docs/chenghua/xinhong/yuan-3。")  # fmt: skip
        env["GONGYUE_ONLY"] = folder.relative_to(project.docs_dir.resolve()).as_posix()
    command = [sys.executable, "-m", "mkdocs", "serve", "-f", str(project.site_dir / "mkdocs.yml"),
               "--dev-addr", f"127.0.0.1:{port}"]  # fmt: skip
    return command, env


@dataclass(frozen=True)
class Diff:
    old: Version
    new: Version
    comparison: Comparison


def diff(charter_dir: Path, start: str | None, end: str | None, today: dt.date) -> Diff:
    charter = _load_charter(charter_dir, today)
    new = _pick(charter, end) if end else (charter.in_force or _last(charter))
    old = _pick(charter, start) if start else new.previous
    if old is None:
        raise WorkflowError(f"{new.slug} 之前没有可以对照的版本。", "用 --from 指定一个日期。")
    return Diff(old, new, compare(old.document, new.document))


def _last(charter: Charter) -> Version:
    if not charter.versions:
        raise WorkflowError("这部公约还没有表决过的版本。", "用 --to draft 查看草案。")
    return charter.versions[-1]


def _pick(charter: Charter, slug: str) -> Version:
    for version in charter.versions + charter.drafts:
        if version.slug == slug:
            return version
    known = " ".join(v.slug for v in charter.versions + charter.drafts)
    raise WorkflowError(f"没有找到版本“{slug}”。", f"可选：{known}。")


def _load_charter(charter_dir: Path, today: dt.date) -> Charter:
    project = load_project(charter_dir)
    site, problems = load_tolerantly(project.site_dir, project.docs_dir, today)
    rel = charter_dir.resolve().relative_to(project.site_dir).as_posix()
    charter = next((c for c in site.charters if c.path == rel), None)
    mine = [p for p in problems if p.path.startswith(rel + "/")]
    if mine:
        raise WorkflowError("这部公约的文件有误，没有改动任何文件。", "先按提示改正。", mine)
    if charter is None:
        raise WorkflowError(
            f"{charter_dir} 不是一部公约的文件夹。",
            "公约文件夹放在社区或院落文件夹里，里面是以日期命名的版本或 draft.md。",
        )
    return charter


def _is_unit(folder: Path) -> bool:
    index = folder / "index.md"
    try:
        return index.is_file() and "unit" in read_source(index, str(index)).meta
    except SourceError:
        return True  # a unit whose index is broken: the preview itself says what is wrong


def _ascii_folder(path: Path) -> Path:
    return path.parent / slugify(path.name) if slugify(path.name) != path.name else path


def _unit_name(index: Path) -> str:
    try:
        source = read_source(index, str(index))
        return str(source.meta["unit"]["name"])
    except (SourceError, KeyError, TypeError):
        return ""


def _write_new(target: Path, text: str) -> None:
    try:
        write_atomic(target, text)
    except RefusedWrite:
        raise WorkflowError(
            f"{target} 已经存在，没有改动任何文件。", "换一个名称，或先处理已有的文件。"
        ) from None
