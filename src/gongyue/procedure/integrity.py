"""The record is append-only: what may change a decided version, and who vouches for it.

Three witnesses speak about each decided version (a ``YYYY-MM-DD.md`` file):

* the file itself, with its errata undone (``errata.py``): the version as adopted;
* ``gongyue.lock``, which recorded that digest when the version was adopted;
* the repository's history: the first content of the file that was committed
  and can be read in today's format (``history.py``).

They must agree. The lock alone can be deleted or regenerated, so where the
history is available it is asked too, and ``gongyue lock`` refuses to record
what the history contradicts. Where it is not available, the notes say so.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from gongyue.procedure.lock import LOCK_NAME, Entry, Lock, LockRead, entries_now, read_lock
from gongyue.record.canonical import RECORD_FIELDS
from gongyue.record.errata import (
    AdoptedForm,
    Seal,
    adopted_form,
    erratum_problems,
    form_problems,
    seal_of,
)
from gongyue.record.errors import Problem, SourceError
from gongyue.record.history import FileHistory, History, RunGit, blob_id, read_history
from gongyue.record.loader import version_from_text
from gongyue.record.model import Charter, Site, Version
from gongyue.record.schema import FIELD_LABELS
from gongyue.record.sources import decode, line_of

DATED = re.compile(r"(^|/)\d{4}-\d{2}-\d{2}\.md$")
RESTORE = "已表决的文本不能直接修改：请恢复原文；确需更正错字，在 errata 中写明改了什么（见编辑指南“勘误”）。"


@dataclass(frozen=True)
class Baseline:
    """The first committed content of a version file that today's gongyue can read."""

    form: AdoptedForm
    commit: str

    @cached_property
    def seal(self) -> Seal:
        return seal_of(self.form)


@dataclass
class Verdict:
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # about the check itself, not a file
    entries: Lock = field(default_factory=dict)  # what the lock should record


def verify(
    site_dir: Path, site: Site, git: RunGit, history: History | None = None, rechain: bool = False
) -> Verdict:
    """Every problem with the record of every decided version, and the lock it should have.
    ``git`` runs the program (``adapters/git.py``) for the history, unless one is given."""
    if history is None:
        history = read_history(site_dir, _docs(site_dir, site), git)
    lock = read_lock(site_dir)
    now = entries_now(site)
    verdict = Verdict(list(lock.problems), entries=now)
    if not history.available:
        verdict.notes.append(f"没有用 git 历史核对已表决的版本：{history.reason}")
    baselines = _baselines(site_dir, site, history)
    for charter in site.charters:
        # Once a version's text is wrong, every later fingerprint of its charter differs
        # too: that is the same problem, said once.
        broken = False
        for version in charter.versions:
            found = _judge(version, now[version.path], lock, baselines, rechain or broken)
            found = [_chain_cause(p, charter, lock) for p in found]
            undone = not form_problems(version)
            broken = broken or not undone or any(p.code != "lock-missing-entry" for p in found)
            verdict.problems += erratum_problems(version, site.build_date) + found
    verdict.problems += _vanished(site, lock, history)
    if lock.entries is None and not lock.problems and now:
        verdict.problems.append(_no_lock(len(now)))
    return verdict


def _docs(site_dir: Path, site: Site) -> Path:
    return site_dir / site.docs_dir


def _judge(
    version: Version, now: Entry, lock: LockRead, baselines: dict[str, Baseline], rechain: bool
) -> list[Problem]:
    found: list[Problem] = []
    locked = lock.entries.get(version.path) if lock.entries is not None else None
    baseline = baselines.get(version.path)
    if baseline is not None and _frozen(baseline.seal) != _frozen(now):
        found.append(_against_history(version, baseline, locked))
    elif locked is not None and locked.digest != now.digest:
        found.append(_about(version, "lock-mismatch"))
    elif locked is not None and lock.notes_recorded and locked.notes != now.notes:
        found.append(_notes_changed(version))
    elif locked is not None and locked.decision != now.decision:
        found.append(_decision_changed(version))
    elif locked is not None and locked.feedback != now.feedback:
        found.append(_feedback_changed(version))
    elif locked is not None and locked.fingerprint != now.fingerprint and not rechain:
        found.append(_about(version, "chain-changed"))
    elif locked is None and lock.entries is not None:
        found.append(_about(version, "lock-missing-entry"))
    return found


def _notes_changed(version: Version) -> Problem:
    return _frozen_changed(
        version,
        "notes",
        "表决通过以后，逐条说明（notes）被改动了：它们是修改对照表的一部分，和正文一样不能直接修改。",
        "恢复原来的说明；确需更正，写一条勘误：{date: 日期, field: notes, where: 第几条, from: 原来的说明, "
        "to: 现在的说明}（新增的说明不写 from）。",
    )


def _decision_changed(version: Version) -> Problem:
    return _frozen_changed(
        version,
        "decision",
        "表决通过以后，修改决定（decision）被改动了：表决的就是这份决定，它和正文一样不能改动。",
        "恢复表决时的修改决定（用 git 取回原文）；要再修改，另行起草、表决。",
    )


def _feedback_changed(version: Version) -> Problem:
    return _frozen_changed(
        version,
        "consultation",
        "表决通过以后，征求意见情况（consultation.received）被改动了：表决时委员会怎样回应了居民的意见，"
        "是这次表决记录的一部分，不能改动。",
        "恢复表决时的记录（用 git 取回原文）。",
        "feedback-changed",
    )


def _frozen(entry: Seal | Entry) -> tuple[str | None, ...]:
    return (entry.digest, entry.notes, entry.decision, entry.feedback)


def _frozen_changed(
    version: Version, key: str, message: str, hint: str, code: str | None = None
) -> Problem:
    """What is frozen with the text but kept out of the fingerprint (notes, the decision,
    the views received) was changed after the vote: said at its key in the file."""
    line = line_of(version.source_text, (key,)) if getattr(version.meta, key) else 1
    return Problem(version.path, line, message, hint, code or f"{key}-changed")


def _against_history(version: Version, baseline: Baseline, locked: Entry | None) -> Problem:
    what = _difference(baseline.form, adopted_form(version), version)
    laundered = locked is not None and _frozen(locked) != _frozen(baseline.seal)
    also = "gongyue.lock 里的记录也与历史不符，多半是改动以后重新生成的。" if laundered else ""
    return Problem(
        version.path,
        what[1],
        f"这个已表决的版本与它首次提交时（git 提交 {baseline.commit[:10]}）不同：{what[0]}。{also}",
        RESTORE + f"原文可以用“git show {baseline.commit[:10]}:<文件路径>”取回。",
        "history-mismatch",
    )


# What each finding about one version says, and how to fix it.
SAID: dict[str, tuple[str, str]] = {
    "lock-mismatch": ("这个已表决版本的文本或表决记录与 gongyue.lock 中的记录不一致。", RESTORE),
    "chain-changed": (
        "这个版本的文本没有变，但它的指纹变了：前面的版本有了变化，指纹链随之改变，已经印出的指纹会对不上。",
        "找出前面哪个版本变了并恢复它。",
    ),
    "lock-missing-entry": (
        "这个已表决的版本还没有记录在 gongyue.lock 中，网站不会发布没有锁定的版本。",
        "确认文本就是表决通过的原文后，运行“gongyue lock”。",
    ),
}


def _about(version: Version, code: str) -> Problem:
    message, hint = SAID[code]
    return Problem(version.path, 1, message, hint, code)


def _chain_cause(problem: Problem, charter: Charter, lock: LockRead) -> Problem:
    """A changed chain, said with what changed it: a backfill, a deletion, a flipped vote."""
    if problem.code != "chain-changed" or lock.entries is None:
        return problem
    locked = lock.entries
    present = {v.path for v in charter.versions}
    flipped = [
        v.path
        for v in charter.versions
        if v.adopted and v.path in locked and locked[v.path].fingerprint is None
    ]
    removed = [
        path
        for path, entry in sorted(locked.items())
        if path.startswith(charter.path + "/") and path not in present and entry.fingerprint
    ]
    added = [v.path for v in charter.versions if v.adopted and v.path not in locked]
    if flipped:
        cause = f"{_name(flipped[0])} 锁定时是未通过的表决，现在却算作通过"
        hint = f"表决结果不能更改：恢复 {flipped[0]} 原来的 result（未通过）。"
    elif removed:
        cause = f"前面已通过的版本 {_name(removed[0])} 被删去了"
        hint = f"用版本管理（git）恢复 {removed[0]}；已表决的版本不能删除。"
    elif added:
        cause = f"前面补录了已通过的版本 {_name(added[0])}"
        hint = (
            "确认补录的版本就是当年表决通过的原文后，运行“gongyue lock --rechain”接受新的指纹，"
            "并重新张贴这些版本。"
        )
    else:
        return problem
    message = (
        f"这个版本的文本没有变，但它的指纹变了：{cause}，指纹链随之改变，已经印出的指纹会对不上。"
    )
    return Problem(problem.path, problem.line, message, hint, problem.code)


def _name(path: str) -> str:
    return path.rsplit("/", 1)[-1]


def _no_lock(count: int) -> Problem:
    return Problem(
        LOCK_NAME,
        1,
        f"没有 gongyue.lock：{count} 个已表决的版本都没有锁定，无法核对它们是否被改动过。",
        "确认这些文本就是表决通过的原文后，在网站文件夹运行“gongyue lock”，并提交 gongyue.lock。",
        "lock-absent",
    )


def _vanished(site: Site, lock: LockRead, history: History) -> list[Problem]:
    """Decided versions that are gone: still in the lock, deleted or moved away in a commit."""
    present = {v.path for c in site.charters for v in c.versions}
    found = [
        Problem(
            path,
            1,
            "gongyue.lock 记录了这个已表决的版本，但文件不见了。",
            "用版本管理（git）恢复这个文件；已表决的版本不能删除，只能由新的版本修订或废止。",
            "lock-version-missing",
        )
        for path in sorted(set(lock.entries or {}) - present)
    ]
    locked = set(lock.entries or {})
    recorded = _renamed_paths(site)
    folders = _docs_folders(site, history)
    for path, gone in sorted(history.deleted.items()):
        if not DATED.search(path) or path in locked or not _under(path, folders):
            continue
        if recorded.get(path) in present or _same_place(path, gone, folders, present):
            continue  # `gongyue move`, or the docs folder itself renamed
        found.append(_left(path, gone))
    return found


def _left(path: str, gone: FileHistory) -> Problem:
    commit = gone.deleted_in[:10]
    if not gone.moved_to:
        return Problem(
            path,
            1,
            f"这个已表决的版本在 git 提交 {commit} 中被删除了。",
            f"用“git checkout {commit}~1 -- {path}”恢复它；已表决的版本不能删除。",
            "history-deleted",
        )
    return Problem(
        path,
        1,
        f"这个已表决的版本在 git 提交 {commit} 中被移到了“{gone.moved_to}”。"
        "已表决的版本不能离开它的公约文件夹，也不能移到别的单位。",
        f"用“git checkout {commit}~1 -- {path}”把它放回原处；"
        "公约文件夹改名请用“gongyue move”，它会记下旧名并为旧网址生成转向页。",
        "history-moved",
    )


def _docs_folders(site: Site, history: History) -> list[str]:
    """Today's docs folder and every earlier name git saw it renamed from."""
    now = site.docs_dir.rstrip("/") + "/"
    folders = [now]
    for path, gone in history.deleted.items():
        rest = gone.moved_to[len(now) :] if gone.moved_to.startswith(now) else ""
        if rest and path.endswith("/" + rest) and path[: -len(rest)] not in folders:
            folders.append(path[: -len(rest)])
    return folders


def _under(path: str, folders: list[str]) -> bool:
    return any(path.startswith(folder) for folder in folders)


def _same_place(path: str, gone: FileHistory, folders: list[str], present: set[str]) -> bool:
    """Moved with the whole docs folder: the same place inside it, and still there."""
    if gone.moved_to not in present:
        return False
    inside = next(path[len(f) :] for f in folders if path.startswith(f))
    return gone.moved_to == folders[0] + inside


def _renamed_paths(site: Site) -> dict[str, str]:
    """Old path -> new path of every version in a charter folder its unit records as renamed."""
    found: dict[str, str] = {}
    for unit in site.units:
        charters = {c.slug: c for c in unit.charters}
        for old, new in unit.renamed.items():
            for version in charters[new].versions if new in charters else []:
                name = version.path.rsplit("/", 1)[1]
                found[f"{unit.path}/{old}/{name}"] = version.path
    return found


def _file_history(path: str, history: History, earlier: dict[str, str]) -> FileHistory | None:
    """A version file's history, from before its charter folder was renamed if git lost track."""
    mine = history.files.get(path)
    old = earlier.get(path)
    before = (history.files.get(old) or history.deleted.get(old)) if old else None
    if before is None or mine is None:
        return before or mine
    return FileHistory(before.first_commit, before.first_time, before.blobs + mine.blobs)


def _baselines(site_dir: Path, site: Site, history: History) -> dict[str, Baseline]:
    """For each decided version whose bytes differ from its first commit, that commit's form.

    A file that still has its first committed bytes needs no reading at all.
    """
    if not history.available:
        return {}
    earlier = {new: old for old, new in _renamed_paths(site).items()}
    changed: list[tuple[Version, FileHistory]] = []
    for charter in site.charters:
        for version in charter.versions:
            file_history = _file_history(version.path, history, earlier)
            if file_history is None:
                continue  # not committed yet: the lock alone speaks for it
            if blob_id((site_dir / version.path).read_bytes()) != file_history.blobs[0]:
                changed.append((version, file_history))
    if not changed:
        return {}
    contents = history.contents([b for _, h in changed for b in h.blobs])
    found: dict[str, Baseline] = {}
    for version, file_history in changed:
        for blob in file_history.blobs:
            form = _readable(contents.get(blob), version)
            if form is not None:
                found[version.path] = Baseline(form, file_history.first_commit)
                break
    return found


def _readable(raw: bytes | None, version: Version) -> AdoptedForm | None:
    """A committed content as adopted, or None when today's format cannot read it."""
    if raw is None:
        return None
    try:
        old = version_from_text(decode(raw, version.path), version.path, version.charter)
    except SourceError:
        return None
    form = adopted_form(old)
    return None if form.problems else form


def _difference(before: AdoptedForm, after: AdoptedForm, version: Version) -> tuple[str, int]:
    """What changed, in words a committee can act on, and the file line to look at."""
    old, new = dict(before.record), dict(after.record)
    parts = [
        f"{_label(name)}原为“{old.get(name, '（空）')}”，现为“{new.get(name, '（空）')}”"
        for name in RECORD_FIELDS
        if old.get(name) != new.get(name)
    ][:3]
    line = 1
    if before.notes != after.notes:
        parts.append("逐条说明（notes）不同")
        line = line_of(version.source_text, ("notes",)) if version.meta.notes else 1
    if before.decision != after.decision:
        parts.append("修改决定（decision）不同")
        line = line_of(version.source_text, ("decision",)) if version.meta.decision else 1
    if before.feedback != after.feedback:
        parts.append("征求意见情况（consultation.received）不同")
        line = line_of(version.source_text, ("consultation",)) if version.meta.consultation else 1
    if before.text != after.text:
        was, now = _first_different_line(before.text, after.text)
        parts.append(f"正文原为“{_short(was)}”，现为“{_short(now)}”")
        line = _line_in_file(version, now)
    return "；".join(parts) or "内容不同", line


def _label(name: str) -> str:
    last = name.split(".")[-1]
    return f"{FIELD_LABELS.get(last, last)}（{name}）"


def _first_different_line(before: str, after: str) -> tuple[str, str]:
    old, new = before.split("\n"), after.split("\n")
    for a, b in zip(old, new, strict=False):
        if a != b:
            return a, b
    longer = old[len(new) :] or new[len(old) :]
    return (longer[0], "") if len(old) > len(new) else ("", longer[0] if longer else "")


def _short(line: str, limit: int = 40) -> str:
    return line if len(line) <= limit else line[: limit - 1] + "…"


def _line_in_file(version: Version, text: str) -> int:
    if not text:
        return version.body_line
    for index, line in enumerate(version.source_text.split("\n")):
        if line.strip() and line.strip() == text.strip():
            return index + 1
    return version.body_line
