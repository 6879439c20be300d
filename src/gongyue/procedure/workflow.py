"""The committee's steps from draft to adopted version, as library calls.

The CLI is a thin layer over these. Every step checks first and writes last;
a refused step leaves every file as it was.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from decimal import Decimal
from pathlib import Path
from typing import Any

from gongyue.procedure.checks import Report, check_site, check_version, two_drafts_one_meeting
from gongyue.procedure.integrity import verify
from gongyue.procedure.lock import (
    LOCK_NAME,
    Entry,
    Lock,
    LockRead,
    locked_entry,
    read_lock,
    render_lock,
)
from gongyue.procedure.rules import Rules, rules_from_settings
from gongyue.procedure.transaction import (
    JOURNAL,
    Busy,
    Change,
    Conflict,
    Unsupported,
    commit,
    exclusive,
    finish,
    sweep,
)
from gongyue.procedure.writing import RefusedWrite, write_atomic
from gongyue.record import scaffold
from gongyue.record.canonical import chain
from gongyue.record.errata import sealed
from gongyue.record.errors import Problem, SourceError
from gongyue.record.fingerprint import fingerprints
from gongyue.record.loader import SLUG, load_tolerantly, version_from_text
from gongyue.record.model import Charter, Site, Version
from gongyue.record.project import Project
from gongyue.record.schema import VersionMeta
from gongyue.record.slugs import slugify
from gongyue.record.sources import line_of, read_source, split_front_matter
from gongyue.text.compare import Comparison, compare
from gongyue.text.decision.apply import ApplyError, apply_decision
from gongyue.text.decision.written import WrittenError, read_decision
from gongyue.text.numerals import int_to_cn


class WorkflowError(Exception):
    """A step that cannot be taken; the message says why and how to go on.

    ``from_options`` are problems with values the command was given rather than a file's:
    located at the draft, with the hints a file would need; the CLI, which knows its
    options' names, says which option to check (by each problem's code)."""

    def __init__(
        self,
        message: str,
        hint: str = "",
        problems: list[Problem] | None = None,
        from_options: list[Problem] | None = None,
    ):
        self.message, self.hint, self.problems = message, hint, problems or []
        self.from_options = from_options or []
        super().__init__(message)


def project_rules(project: Project) -> Rules:
    try:
        return rules_from_settings(project.settings)
    except ValueError as exc:
        raise WorkflowError(
            f"mkdocs.yml 中 gongyue 的设置有误：{exc}。", "参照编辑指南中“表决规则”一节修改。"
        ) from None


def check(project: Project, today: dt.date) -> Report:
    rules = project_rules(project)
    return check_site(
        project.site_dir,
        project.docs_dir,
        rules,
        today,
        project.settings.extra_files,
        git=project.git,
    )


@contextmanager
def writing(project: Project, notes: list[str]) -> Iterator[None]:
    """One writing command at a time; a step an earlier one left half done is finished first."""
    try:
        with exclusive(project.site_dir):
            sweep([project.site_dir])  # a step killed before its journal was written
            finished = finish(project.site_dir)
            if finished:
                notes.append(f"上一次的“{finished}”被中断了，已经把它做完。")
            yield
    except Busy:
        raise WorkflowError(
            "另一个 gongyue 命令正在修改这个网站的文件，没有改动任何文件。",
            "等它结束后再运行（不会很久）。",
        ) from None
    except Unsupported:
        raise WorkflowError(
            "这台电脑的系统不能防止两个命令同时修改文件，gongyue 的修改命令只在 Linux 和 macOS 上运行，没有改动任何文件。",
            "在 Linux、macOS 或 Windows 的 WSL 里运行；也可以在代码托管平台的网页上修改（见编辑指南《在网页上修改公约》）。",
        ) from None
    except Conflict as conflict:
        raise WorkflowError(
            f"上一次中断的步骤无法补完：{conflict} 已被改动。",
            f"核对这个文件；处理好以后删除 {JOURNAL}，再运行 gongyue check。",
        ) from None


def _load(project: Project, today: dt.date) -> tuple[Site, list[Problem]]:
    return load_tolerantly(
        project.site_dir, project.docs_dir, today, extra_files=project.settings.extra_files
    )


def new_unit(path: Path, name: str, kind: str) -> Path:
    folder = _ascii_folder(path)
    target = folder / "index.md"
    write_new(target, scaffold.unit_index(name, kind))
    return target


def new_charter(
    unit_dir: Path, charter_type: str, title: str | None, folder: str | None = None
) -> Path:
    index = unit_dir / "index.md"
    if not index.is_file():
        raise WorkflowError(
            f"{unit_dir} 不是一个单位文件夹（里面没有 index.md）。",
            "先用“gongyue new unit”建立社区或院落。",
        )
    name = _unit_name(index)
    slug = folder or scaffold.CHARTER_SLUGS[charter_type]
    _refuse_bad_slug(slug, "--folder")
    charter_dir = unit_dir / slug
    if charter_dir.exists():
        raise WorkflowError(
            f"{charter_dir} 已经存在，没有改动任何文件。",
            f"要修改这部公约，运行“gongyue amend {charter_dir}”；确需另一部同类公约，用 --folder 另起一个文件夹名。",
        )
    same = _charter_of_type(unit_dir, charter_type) if folder is None else None
    if same is not None and charter_type != "其他":
        raise WorkflowError(
            f"这个单位已经有一部{charter_type}（{same}），没有改动任何文件。",
            f"要修改它，运行“gongyue amend {unit_dir / same}”；确需第二部，用 --folder 指定新的文件夹名。",
        )
    target = charter_dir / "draft.md"
    write_new(target, scaffold.first_draft(title or f"{name}{charter_type}", charter_type))
    return target


def _charter_of_type(unit_dir: Path, charter_type: str) -> str | None:
    """The folder of a charter of this type already in the unit, judged by its files."""
    for folder in sorted(p for p in unit_dir.iterdir() if p.is_dir() and not p.is_symlink()):
        for file in sorted(folder.glob("*.md")):
            try:
                if read_source(file, file.name).meta.get("type") == charter_type:
                    return folder.name
            except SourceError:
                continue
    return None


@dataclass(frozen=True)
class Amended:
    path: Path
    base: Version
    notes: list[str]
    implied: list[str] = field(default_factory=list)  # what a decision changed without saying


def amend(
    project: Project,
    charter_dir: Path,
    today: dt.date,
    decision: Decision | None = None,
) -> Amended:
    """A draft from the latest adopted text; with a 修改决定, that text with the decision
    applied, and the decision kept in the draft (``decision:``)."""
    notes: list[str] = []
    with writing(project, notes):
        charter = _load_charter(project, charter_dir, today)
        target = charter_dir / "draft.md"
        if target.exists():
            raise WorkflowError(
                f"{target} 已经存在，没有改动任何文件。",
                "继续修改现有的草案；或者先把它表决（gongyue adopt）或删除。",
            )
        base = _text_to_amend(charter)
        body, implied = base.body, list[str]()
        if decision is not None:
            body, implied = _decided(base, decision)
        text = scaffold.amendment_draft(
            base.meta, body, base.date, decision.text if decision else None
        )
        write_new(target, text)
    return Amended(target, base, notes, implied)


@dataclass(frozen=True)
class Decision:
    """A written 修改决定 and the file it came from (for messages)."""

    text: str
    path: str


def _decided(base: Version, decision: Decision) -> tuple[str, list[str]]:
    try:
        applied = apply_decision(base.body, read_decision(decision.text))
    except WrittenError as error:
        raise WorkflowError(
            f"{decision.path}:{error.line}: {error.message}没有改动任何文件。", error.hint
        ) from None
    except ApplyError as error:
        where = f"{decision.path}:{error.line}: " if error.line else f"{decision.path}: "
        raise WorkflowError(
            f"{where}第{int_to_cn(error.number)}项用不到 {base.slug} 版上：{error.message}没有改动任何文件。",
            error.hint,
        ) from None
    except ValueError as error:
        raise WorkflowError(
            f"{error}没有改动任何文件。", "整篇修改：不带 --decision 起草。"
        ) from None
    return applied.body, applied.implied


def _text_to_amend(charter: Charter) -> Version:
    """The latest adopted text, in force or not yet: an amendment must not undo a newer one."""
    adopted = charter.adopted
    if not adopted:
        raise WorkflowError("这部公约还没有通过的文本，无从修改。", "直接编辑 draft.md 起草。")
    if adopted[-1].is_repeal:
        raise WorkflowError(
            f"这部公约已于 {adopted[-1].date} 表决废止，无从修改。",
            "要重新制定，用“gongyue new charter”起草（可用 --folder 另起文件夹名）。",
        )
    return adopted[-1]


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
    area: tuple[Decimal, Decimal, Decimal] | None = None  # eligible, present, for (m²)


@dataclass(frozen=True)
class Adopted:
    path: str  # relative to the site folder
    notes: list[str]


def adopt(
    project: Project, charter_dir: Path, vote: Vote, draft_name: str, today: dt.date
) -> Adopted:
    """Turn a voted draft into a version and record it in the lock, as one step.

    Everything is checked before anything is written; the charter's site is
    locked against a second writer; an interruption leaves the old state or a
    journal that the next command finishes (``transaction.py``).
    """
    _refuse_bad_draft_name(draft_name)
    notes: list[str] = []
    with writing(project, notes):
        site, charter = _site_and_charter(project, charter_dir, today)
        lock = _lock_for_adopt(project, site, charter)
        planned = _plan_adoption(project, charter, draft_name, vote, today)
        lock[planned.target] = planned.entry
        title = f"gongyue adopt {charter.path} --date {vote.date}"
        commit(project.site_dir, title, [*planned.changes, _lock_change(lock)])
    return Adopted(planned.target, notes)


@dataclass(frozen=True)
class _Adoption:
    target: str  # the new version's path
    entry: Entry  # its lock entry
    changes: list[Change]  # the version written, the draft deleted (the lock apart)


def _plan_adoption(
    project: Project, charter: Charter, draft_name: str, vote: Vote, today: dt.date
) -> _Adoption:
    """Everything one adoption will write, checked, without writing it."""
    draft = _draft_to_adopt(charter, draft_name, vote)
    target = f"{charter.path}/{vote.date.isoformat()}.md"
    body = draft.body.replace(scaffold.CONSULTATION_HINT.strip(), "")
    data = _adopted_meta(draft, vote)
    text = scaffold.render_version(data, body)
    version = _checked_version(text, target, charter, project_rules(project), draft, today)
    _refuse_loss(data, version, draft)
    entry = _entry_after(charter, version)
    return _Adoption(target, entry, [Change("create", target, text), Change("delete", draft.path)])


def _refuse_loss(data: dict[str, Any], version: Version, draft: Version) -> None:
    """The version written says everything the draft and the vote said: a field the writer
    did not know would otherwise vanish from the record without a word."""
    meant = scaffold.meta_to_data(VersionMeta.model_validate(data))
    written = scaffold.meta_to_data(version.meta)
    lost = sorted(k for k, v in meant.items() if written.get(k) != v)
    if lost:
        raise WorkflowError(
            f"写出的版本会丢失 {draft.path} 前置信息里的 {'、'.join(lost)}，没有改动任何文件。",
            "这是 gongyue 的缺陷，请报告；在此之前可以用 gongyue adopt 以外的办法记录表决。",
        )


def _lock_change(lock: dict[str, Entry]) -> Change:
    return Change("replace", LOCK_NAME, render_lock(lock))


def _refuse_two_votes_in_one_charter(recorded: list[tuple[Charter, Version, Vote]]) -> None:
    """Each new version's fingerprint chains on the one before: two at once in one charter
    would both chain on today's last version."""
    seen: dict[str, Version] = {}
    for charter, draft, _ in recorded:
        if charter.path in seen:
            raise WorkflowError(
                f"{seen[charter.path].path} 和 {draft.path} 都填写了表决记录，一部公约一次只能生成一个版本，"
                "没有生成任何版本。",
                "先删去较晚那份草案里的 meeting 和 result，运行 gongyue adopt-recorded；再恢复它，重新运行。",
            )
        seen[charter.path] = draft


def _recorded_in(site: Site) -> list[tuple[Charter, Version, Vote]]:
    return [
        (charter, draft, vote)
        for charter in site.charters
        for draft in charter.drafts
        if (vote := _vote_in(draft)) is not None
    ]


def _vote_in(draft: Version) -> Vote | None:
    m, result = draft.meta.meeting, draft.meta.result
    if m is None or result is None:
        return None
    area = None
    if m.area_eligible is not None and m.area_present is not None and m.area_for is not None:
        area = (m.area_eligible, m.area_present, m.area_for)
    return Vote(
        m.date,
        m.body,
        m.eligible,
        m.present,
        m.votes_for,
        m.against,
        m.abstain,
        m.unit,
        m.place,
        result,
        draft.meta.published,
        draft.meta.effective,
        area,
    )


def adopt_recorded(project: Project, today: dt.date) -> list[Adopted]:
    """``adopt`` every draft that records its vote: what CI runs after a change request
    that filled in a meeting is merged. All of them in one step, or none: every adoption
    is planned and checked before anything is written."""
    notes: list[str] = []
    with writing(project, notes):
        site, problems = _load(project, today)
        if any(p.severity == "错误" for p in problems):
            raise WorkflowError("有文件无法读取，没有生成版本。", "先按提示改正。", problems)
        recorded = _recorded_in(site)
        clashes = two_drafts_one_meeting(site)
        if clashes:
            raise WorkflowError(
                "有草案记录了同一次表决，没有生成任何版本。",
                "每次表决只在一份草案里记录。",
                clashes,
            )
        _refuse_two_votes_in_one_charter(recorded)
        if not recorded:
            return []
        lock = _lock_for_adopt(project, site, *(charter for charter, _, _ in recorded))
        planned = [
            _plan_adoption(project, charter, draft.slug, vote, today)
            for charter, draft, vote in recorded
        ]
        for adoption in planned:
            lock[adoption.target] = adoption.entry
        changes = [c for adoption in planned for c in adoption.changes]
        commit(project.site_dir, "gongyue adopt-recorded", [*changes, _lock_change(lock)])
    return [Adopted(adoption.target, notes) for adoption in planned]


def _draft_to_adopt(charter: Charter, draft_name: str, vote: Vote) -> Version:
    draft = next((d for d in charter.drafts if d.slug == draft_name), None)
    done = next((v for v in charter.versions if v.date == vote.date), None)
    if draft is None and done is not None:
        raise WorkflowError(
            f"{done.path} 已经存在：这次表决已经记录过了，没有改动任何文件。",
            "用“gongyue check”核对；不要把同一次表决记录两次。",
        )
    if draft is None:
        raise WorkflowError(
            f"{charter.path} 里没有草案 {draft_name}.md，没有改动任何文件。",
            "先用“gongyue amend”起草修改稿。",
        )
    if done is not None:
        raise WorkflowError(f"{done.path} 已经存在，没有改动任何文件。", "核对表决日期（--date）。")
    later = [v for v in charter.versions if v.date and v.date > vote.date]
    if later:
        raise WorkflowError(
            f"表决日期 {vote.date} 早于已经记录的 {later[-1].date} 的表决，没有改动任何文件。",
            "核对 --date：新的表决应当在已有的版本之后。",
        )
    _refuse_stale_base(charter, draft)
    return draft


def _refuse_stale_base(charter: Charter, draft: Version) -> None:
    """A draft written on an older text would silently undo what was adopted since."""
    adopted = charter.adopted
    base = draft.meta.base
    if base is None or not adopted or adopted[-1].date == base:
        return
    since = [v for v in adopted if v.date and v.date > base]
    names = "、".join(f"{v.date}（{v.meta.summary or v.meta.change}）" for v in since) or "（无）"
    raise WorkflowError(
        f"草案的底稿是 {base} 的版本，但之后又通过了：{names}。直接表决会撤销这些修改，没有改动任何文件。",
        f"用“gongyue diff {charter.path} --from {base} --to {adopted[-1].date}”看之后改了什么，"
        f"把这些修改并入草案，再把草案的 base 改为 {adopted[-1].date}。",
    )


def _lock_for_adopt(project: Project, site: Site, *charters: Charter) -> dict[str, Entry]:
    """The lock to add the new versions to; each charter's record must be sound first
    (one verification of the site, however many charters)."""
    lock = read_lock(project.site_dir)
    if lock.problems:
        raise WorkflowError(
            "gongyue.lock 有问题，没有改动任何文件。", "先运行“gongyue lock”。", lock.problems
        )
    if lock.entries is None and any(c.versions for c in charters):
        raise WorkflowError(
            "还没有 gongyue.lock，这部公约已表决的版本没有锁定，没有改动任何文件。",
            "先运行“gongyue lock”。",
        )
    verdict = verify(project.site_dir, site, project.git)
    folders = tuple(c.path + "/" for c in charters)
    mine = [p for p in verdict.problems if p.severity == "错误" and p.path.startswith(folders)]
    if mine:
        raise WorkflowError(
            "这部公约已表决的版本有问题，先要处理好，没有改动任何文件。", "按提示改正。", mine
        )
    return dict(lock.entries or {})


def _entry_after(charter: Charter, version: Version) -> Entry:
    """The lock entry of a new last version: chained after the charter's latest fingerprint."""
    prints = fingerprints(charter)
    previous = prints[charter.adopted[-1].path][1] if charter.adopted else ""
    seal = sealed(version)
    fingerprint = chain(previous, seal.digest) if version.adopted else None
    return locked_entry(seal, fingerprint)


def _adopted_meta(draft: Version, vote: Vote) -> dict[str, Any]:
    data = scaffold.meta_to_data(draft.meta)
    data.pop("base", None)
    data.pop("plan", None)  # what was planned; ``meeting`` now says what happened
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


def _checked_version(
    text: str, rel: str, charter: Charter, rules: Rules, draft: Version, today: dt.date
) -> Version:
    try:
        version = version_from_text(text, rel, charter)
    except SourceError as error:
        located, given = _as_seen_by_committee(error.problems, text, draft)
        raise WorkflowError(
            "表决记录不完整，草案保持原样，没有生成新版本。", "按提示改正后再运行。", located, given
        ) from None
    errors = [p for p in check_version(version, rules, today) if p.severity == "错误"]
    if errors:
        located, given = _as_seen_by_committee(errors, text, draft)
        raise WorkflowError(
            "检查没有通过，草案保持原样，没有生成新版本。", "按提示核对后再运行。", located, given
        )
    return version


# Facts of the vote that `gongyue adopt` takes as options rather than from the draft.
VOTE_CODES = frozenset(
    {
        "votes-exceed-present",
        "present-exceeds-eligible",
        "area-missing",
        "dates-order",
        "two-in-force",
        "meeting-future",
        "meeting-date",
        "result-contradicted",
    }
)


def _as_seen_by_committee(
    problems: list[Problem], text: str, draft: Version
) -> tuple[list[Problem], list[Problem]]:
    """Problems of the version not yet written, located where the committee can act: a
    line of the draft; or, for facts the command was given, the draft's first line, kept
    apart so that the CLI can name the option (``WorkflowError.from_options``)."""
    located: list[Problem] = []
    given: list[Problem] = []
    new_body_line = split_front_matter(text, draft.path)[2]
    for problem in problems:
        if problem.line >= new_body_line:
            line = problem.line - new_body_line + draft.body_line
            located.append(replace(problem, path=draft.path, line=line))
        elif draft.meta.meeting is None and problem.code in VOTE_CODES:
            given.append(
                replace(problem, path=draft.path, line=1, message=f"表决记录：{problem.message}")
            )
        else:  # the vote came from the draft's own front matter, or another key of it
            located.append(
                replace(
                    problem, path=draft.path, line=_draft_line_of_same_key(problem, text, draft)
                )
            )
    return located, given


def _draft_line_of_same_key(problem: Problem, text: str, draft: Version) -> int:
    """The draft's line holding the key the problem points at in the new version's text."""
    key = text.split("\n")[problem.line - 1].split(":", 1)[0].strip() if problem.line > 1 else ""
    return line_of(draft.source_text, (key,)) if key and not key.startswith(" ") else 1


@dataclass(frozen=True)
class Locked:
    count: int
    notes: list[str]
    # (path, fingerprint in the old lock, new fingerprint) of each version --rechain accepted
    rechained: list[tuple[str, str, str]] = field(default_factory=list)


FIXED_BY_LOCK = {"lock-missing-entry", "lock-absent", "lock-old-format", "lock-corrupt"}


def lock(project: Project, today: dt.date, rechain: bool = False) -> Locked:
    notes: list[str] = []
    with writing(project, notes):
        site, problems = _load(project, today)
        if problems:
            raise WorkflowError(
                "有文件无法读取，没有更新 gongyue.lock。", "先按提示改正。", problems
            )
        verdict = verify(project.site_dir, site, project.git, rechain=rechain)
        fixed = FIXED_BY_LOCK | ({"chain-changed"} if rechain else set())
        refused = [p for p in verdict.problems if p.severity == "错误" and p.code not in fixed]
        if refused:
            raise WorkflowError(
                "有已表决的文本或记录被改动过，没有更新 gongyue.lock。",
                "按提示处理后再运行。",
                refused,
            )
        notes += verdict.notes
        accepted = _rechained(read_lock(project.site_dir), verdict.entries)
        write_atomic(project.site_dir / LOCK_NAME, render_lock(verdict.entries), overwrite=True)
    return Locked(len(verdict.entries), notes, accepted)


def _rechained(before: LockRead, after: Lock) -> list[tuple[str, str, str]]:
    """The versions whose printed fingerprint a new lock changes."""
    old = before.entries or {}
    return [
        (path, old[path].fingerprint or "", entry.fingerprint or "")
        for path, entry in sorted(after.items())
        if path in old and old[path].fingerprint != entry.fingerprint
    ]


@dataclass(frozen=True)
class Moved:
    old: str
    new: str
    notes: list[str]


def move(project: Project, charter_dir: Path, new_name: str, today: dt.date) -> Moved:
    """Rename a charter folder: the lock follows, and the old addresses keep working."""
    _refuse_bad_slug(new_name, "新文件夹名")
    notes: list[str] = []
    with writing(project, notes):
        charter = _load_charter(project, charter_dir, today)
        unit = charter.unit
        target = f"{unit.path}/{new_name}"
        if (project.site_dir / target).exists():
            raise WorkflowError(f"{target} 已经存在，没有改动任何文件。", "换一个文件夹名。")
        lock = read_lock(project.site_dir)
        if lock.problems:
            raise WorkflowError(
                "gongyue.lock 有问题，没有改动任何文件。", "先运行“gongyue lock”。", lock.problems
            )
        index = f"{unit.path}/index.md"
        index_text = (project.site_dir / index).read_text(encoding="utf-8")
        renamed = scaffold.with_renamed(index_text, unit.renamed, charter.slug, new_name)
        moved_lock = {
            (target + path[len(charter.path) :] if path.startswith(charter.path + "/") else path): e
            for path, e in (lock.entries or {}).items()
        }
        changes = [Change("rename", charter.path, to=target), Change("replace", index, renamed)]
        if lock.entries is not None:
            changes.append(Change("replace", LOCK_NAME, render_lock(moved_lock)))
        commit(project.site_dir, f"gongyue move {charter.path} {new_name}", changes)
    return Moved(charter.path, target, notes)


def _refuse_bad_slug(name: str, what: str) -> None:
    if not SLUG.match(name):
        raise WorkflowError(
            f"{what}“{name}”会成为网址，只能用小写字母、数字和连字符。",
            f"例如“{slugify(name)}”。",
        )


def _refuse_bad_draft_name(name: str) -> None:
    if name != "draft" and not (name.startswith("draft-") and SLUG.match(name)):
        raise WorkflowError(
            f"--draft 的值“{name}”不是草案的文件名。",
            "写 draft，或 draft-名称（小写字母、数字、连字符），不要写 .md。",
        )


@dataclass(frozen=True)
class Diff:
    old: Version
    new: Version
    comparison: Comparison


def diff(
    project: Project, charter_dir: Path, start: str | None, end: str | None, today: dt.date
) -> Diff:
    charter = _load_charter(project, charter_dir, today)
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


def site_and_charter(
    project: Project, charter_dir: Path, today: dt.date, besides: frozenset[str] = frozenset()
) -> tuple[Site, Charter]:
    """The whole site and the charter in ``charter_dir`` (for commands that read them)."""
    return _site_and_charter(project, charter_dir, today, besides)


def _load_charter(project: Project, charter_dir: Path, today: dt.date) -> Charter:
    return _site_and_charter(project, charter_dir, today)[1]


def _site_and_charter(
    project: Project, charter_dir: Path, today: dt.date, besides: frozenset[str] = frozenset()
) -> tuple[Site, Charter]:
    """The whole site, and the charter in ``charter_dir``, which must load without problems
    (but for those of the files ``besides`` names: an upload being imported)."""
    site, problems = _load(project, today)
    problems = [p for p in problems if p.path not in besides]
    folder = charter_dir.resolve()
    rel = (
        folder.relative_to(project.site_dir).as_posix()
        if folder.is_relative_to(project.site_dir)
        else ""
    )
    charter = next((c for c in site.charters if c.path == rel), None)
    above = {f"{rel.rsplit('/', n)[0]}/index.md" for n in range(1, rel.count("/") + 1)}
    mine = [p for p in problems if rel and (p.path.startswith(rel + "/") or p.path in above)]
    if mine:
        raise WorkflowError(
            "这部公约或它所在单位的文件有误，没有改动任何文件。", "先按提示改正。", mine
        )
    if charter is None:
        raise WorkflowError(
            f"{charter_dir} 不是一部公约的文件夹。",
            "公约文件夹放在社区或院落文件夹里，里面是以日期命名的版本或 draft.md。",
        )
    return site, charter


def _ascii_folder(path: Path) -> Path:
    return path.parent / slugify(path.name) if slugify(path.name) != path.name else path


def _unit_name(index: Path) -> str:
    try:
        source = read_source(index, str(index))
        return str(source.meta["unit"]["name"])
    except (SourceError, KeyError, TypeError):
        return ""


def write_new(target: Path, text: str) -> None:
    try:
        write_atomic(target, text)
    except RefusedWrite:
        raise WorkflowError(
            f"{target} 已经存在，没有改动任何文件。", "换一个名称，或先处理已有的文件。"
        ) from None
