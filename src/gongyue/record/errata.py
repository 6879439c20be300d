"""Undoing errata: from the text and record in the file back to what was adopted.

An erratum says exactly what it changed (``from`` → ``to``, in an article or
in one field of the decision record). Undoing every erratum, newest first,
must give back the version as adopted; its digest is what the lock and the
repository's history vouch for. An erratum that cannot be undone — its ``to``
is not in the text, or is there more than once — is a located error, and the
version's digest is then taken of the file as it stands, which the lock will
not match.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation
from functools import cached_property
from weakref import WeakKeyDictionary

from gongyue.record.canonical import (
    RECORD_FIELDS,
    Feedback,
    Notes,
    Record,
    canonical_decision,
    canonical_feedback,
    canonical_notes,
    canonical_text,
    canonical_value,
    decision_digest,
    digest,
    feedback_digest,
    notes_digest,
    record_of,
)
from gongyue.record.errors import Problem
from gongyue.record.meaning import changes_in_meaning
from gongyue.record.model import Version
from gongyue.record.schema import FIELD_LABELS, NESTED_LABELS, Erratum
from gongyue.record.sources import line_of
from gongyue.text import articles
from gongyue.text.limits import MAX_ERRATA

DATE_FIELDS = {
    "consultation.from",
    "consultation.to",
    "review.date",
    "meeting.date",
    "published",
    "effective",
}
COUNT_FIELDS = {
    "consultation.comments",
    "meeting.eligible",
    "meeting.present",
    "meeting.for",
    "meeting.against",
    "meeting.abstain",
}
AREA_FIELDS = {"meeting.area_eligible", "meeting.area_present", "meeting.area_for"}


@dataclass(frozen=True)
class AdoptedForm:
    record: Record
    text: str  # canonical
    problems: tuple[Problem, ...] = ()
    notes: Notes = ()  # frozen like the text, outside the fingerprint
    decision: str = ""  # the 修改决定, canonical; frozen the same way, never corrected by errata
    feedback: Feedback = ()  # the views received (issue 26): frozen the same way

    @cached_property
    def digest(self) -> str:
        """The digest of the record and text as adopted (the fingerprint spec, section 3)."""
        return digest(self.record, self.text)


class _Refused(Exception):
    def __init__(self, message: str, hint: str):
        super().__init__(message)
        self.message, self.hint = message, hint


_cache: WeakKeyDictionary[Version, AdoptedForm] = WeakKeyDictionary()


def adopted_form(version: Version) -> AdoptedForm:
    """The record and canonical text with every erratum undone (cached per version)."""
    if version not in _cache:
        _cache[version] = undo_errata(version)
    return _cache[version]


@dataclass(frozen=True)
class Seal:
    """What the lock records of a version's adopted form, its fingerprint apart: the digest
    of the record and text, and those of what is frozen with them (None: nothing of that
    kind). A build's memo keeps only this of an unchanged file (``publish/parse_memo.py``):
    the whole form — the text again — is worked out only where something asks for it."""

    digest: str
    notes: str | None = None
    decision: str | None = None
    feedback: str | None = None


def seal_of(form: AdoptedForm) -> Seal:
    return Seal(
        form.digest,
        notes_digest(form.notes),
        decision_digest(form.decision),
        feedback_digest(form.feedback),
    )


# Seals an earlier build found for the very same file (path and text), of forms with no
# problem: only such a form is remembered.
_remembered: WeakKeyDictionary[Version, Seal] = WeakKeyDictionary()


def remember(version: Version, seal: Seal) -> None:
    """The seal an earlier build found for this very file (the build's memo), whose errata
    all undid: its form is not worked out again unless something asks for it."""
    _remembered[version] = seal


def sealed(version: Version) -> Seal:
    """The seal of the version's adopted form: remembered, or worked out."""
    seal = _remembered.get(version)
    return seal if seal is not None else seal_of(adopted_form(version))


def form_problems(version: Version) -> tuple[Problem, ...]:
    """Why the version's errata cannot be undone; none when its seal was remembered."""
    return () if version in _remembered else adopted_form(version).problems


def found(version: Version) -> AdoptedForm | None:
    """The form worked out (or remembered) for the version so far, if any."""
    return _cache.get(version)


def _received(version: Version) -> list[tuple[str, str, str, str | None]]:
    c = version.meta.consultation
    return [(r.summary, r.via, r.outcome, r.why) for r in c.received] if c else []


def undo_errata(version: Version) -> AdoptedForm:
    record, text = record_of(version.meta), canonical_text(version.body)
    notes = canonical_notes(dict(version.meta.notes))
    decision = canonical_decision(version.meta.decision)
    feedback = canonical_feedback(_received(version))
    current = AdoptedForm(record, text, notes=notes, decision=decision, feedback=feedback)
    if len(version.meta.errata) > MAX_ERRATA:
        return replace(current, problems=(_too_many_errata(version),))
    for index in reversed(range(len(version.meta.errata))):
        erratum = version.meta.errata[index]
        try:
            if erratum.field == NOTES:
                notes = _undo_in_notes(notes, erratum)
            elif erratum.field is not None:
                record = _undo_in_record(record, erratum)
            else:
                text = _undo_in_text(text, erratum)
        except _Refused as refused:
            line = line_of(version.source_text, ("errata", index))
            problem = Problem(version.path, line, refused.message, refused.hint, "erratum")
            return replace(current, problems=(problem,))
    return AdoptedForm(record, text, notes=notes, decision=decision, feedback=feedback)


def _too_many_errata(version: Version) -> Problem:
    return Problem(
        version.path,
        line_of(version.source_text, ("errata",)),
        f"这个版本有 {len(version.meta.errata)} 条勘误，超过了 {MAX_ERRATA} 条，没有逐条核对。",
        "勘误只用来改个别错字；改动这么多，应当按修改程序重新表决（gongyue amend）。",
        "erratum",
    )


def erratum_problems(version: Version, today: dt.date) -> list[Problem]:
    """What is wrong with a decided version's errata: they must undo, fall between the
    vote and the build date, and correct spelling, not meaning, unless they say so."""
    found = list(form_problems(version))
    if len(version.meta.errata) > MAX_ERRATA:
        return found
    for index, erratum in enumerate(version.meta.errata):
        line = line_of(version.source_text, ("errata", index))
        if version.date is not None and erratum.date < version.date:
            found.append(
                _problem(
                    version,
                    line,
                    f"勘误日期 {erratum.date} 早于表决日期 {version.date}。",
                    "勘误是表决以后的更正，核对勘误日期。",
                )
            )
        if erratum.date > today:
            found.append(
                _problem(
                    version,
                    line,
                    f"勘误日期 {erratum.date} 晚于今天（{today}）。",
                    "勘误要在做出更正以后才写进文件：核对勘误日期。",
                )
            )
        found += _meaning_problems(version, line, erratum)
    return found


def _meaning_problems(version: Version, line: int, erratum: Erratum) -> list[Problem]:
    changed = meaning_changed(erratum)
    if not changed or (erratum.substantive and erratum.reason):
        return []
    what = "、".join(changed)
    return [
        _problem(
            version,
            line,
            f"这条勘误改变了{what}，不只是改错字：{describe(erratum)}。",
            "改变意思的修改要重新表决（gongyue amend）。如果表决通过的本来就是改正后的文字、"
            "只是誊写时写错了，请在这条勘误里写明 reason（理由）并加上 substantive: true，"
            "网站会在状态栏醒目地显示它。",
        )
    ]


def meaning_changed(erratum: Erratum) -> list[str]:
    """What an erratum changes besides spelling (empty for a clerical correction)."""
    if erratum.field == NOTES:
        return []  # a note explains the vote; it makes no rule
    if erratum.field is not None:
        name = erratum.field
        if name in DATE_FIELDS or name in COUNT_FIELDS or name in AREA_FIELDS:
            return ["表决记录中的数字或日期"]
        return changes_in_meaning(_as_text(erratum.old), _as_text(erratum.new))
    return changes_in_meaning(_exact(erratum.old), _exact(erratum.new))


def _problem(version: Version, line: int, message: str, hint: str) -> Problem:
    return Problem(version.path, line, message, hint, "erratum")


def describe(erratum: Erratum) -> str:
    """One erratum in words for residents: where, what it was, what it is now."""
    old, new = _as_text(erratum.old), _as_text(erratum.new)
    if erratum.field == NOTES:
        return f"{erratum.where or ''}的说明：" + (
            f"“{old}”更正为“{new}”" if old else f"补充“{new}”"
        )
    if erratum.field:
        last = erratum.field.split(".")[-1]
        place = f"表决记录的{NESTED_LABELS.get(tuple(erratum.field.split('.')[-2:]), FIELD_LABELS.get(last, last))}"
        was = f"“{old}”" if old else "（空）"
        return f"{place}：{was}更正为“{new}”"
    place = f"{erratum.where}：" if erratum.where else ""
    return f"{place}“{old}”更正为“{new}”"


def _exact(value: object) -> str:
    return "" if value is None else unicodedata.normalize("NFC", str(value))


def _as_text(value: object) -> str:
    return canonical_value(value) or ""  # type: ignore[arg-type]


def _undo_in_text(text: str, erratum: Erratum) -> str:
    # Spaces inside a line are part of the text: only NFC, no trimming.
    old, new = _exact(erratum.old), _exact(erratum.new)
    if not old or not new:
        raise _Refused(
            "文字勘误要同时写明原文（from）和改正后的文字（to）。",
            "例如 {date: 2021-09-28, where: 第十条, from: 从减办理, to: 从简办理}；要删去多余的字，把前后的字一起写上。",
        )
    if old == new:
        raise _Refused("勘误的 from 和 to 一样，什么也没有改。", "核对勘误，或删去这一条。")
    start, end, place = _scope(text, erratum.where)
    count = text.count(new, start, end)
    if count != 1:
        where = f"{place}中" if place else "正文中"
        found = "找不到" if count == 0 else f"出现了 {count} 次"
        hint = (
            "核对勘误的 to 和正文：改正后的文字应当原样出现在正文里。"
            if count == 0
            else "用 where 写明第几条，或把 from 和 to 写长一点（带上前后的字），让它只出现一次。"
        )
        raise _Refused(f"勘误说把“{old}”改成了“{new}”，但{where}{found}“{new}”。", hint)
    at = text.find(new, start, end)
    return text[:at] + old + text[at + len(new) :]


def _scope(text: str, where: str | None) -> tuple[int, int, str]:
    """The character span of the provision named by ``where``; the whole text without it."""
    if not where:
        return 0, len(text), ""
    lines = text.split("\n")
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line) + 1)
    provisions = articles.parse(text).provisions
    for index, p in enumerate(provisions):
        if _names(p, where):
            following = (
                provisions[index + 1].line if index + 1 < len(provisions) else len(lines) + 1
            )
            return starts[p.line - 1], min(starts[following - 1], len(text)), where
    raise _Refused(
        f"勘误的位置“{where}”在正文里找不到。",
        "where 写条文的序号，例如 第十条、三、序言；也可以不写 where。",
    )


def _names(provision: articles.Provision, where: str) -> bool:
    """``where`` names this provision: 第十条 matches 第十条 and 第十条第二款."""
    if provision.kind in ("chapter", "section"):
        return False
    label = provision.display_label.strip().rstrip("、.．")
    wanted = where.strip().rstrip("、.．")
    return bool(label) and (
        wanted == label or (wanted.startswith(label) and wanted[len(label) :].startswith("第"))
    )


NOTES = "notes"  # an erratum with this field corrects the note (``where``) of one article


def _undo_in_notes(notes: Notes, erratum: Erratum) -> Notes:
    article = (erratum.where or "").strip()
    kept = dict(notes)
    new, old = _exact(erratum.new).strip(), _exact(erratum.old).strip()
    if kept.get(article) != new:
        raise _Refused(
            f"勘误说逐条说明（notes）里“{article or '？'}”的说明改成了“{new}”，但文件里不是这样写的。",
            "说明的勘误写 {date, field: notes, where: 第几条, from: 原来的说明, to: 现在的说明}；"
            "新增的说明不写 from。",
        )
    if old:
        kept[article] = old
    else:
        kept.pop(article)
    return tuple(sorted(kept.items()))


# What the vote decided is not a clerical matter: a failed vote turned "adopted",
# or a 修订 turned 废止, by an erratum would change what is in force.
DECISIONS = {"result": "表决结果", "change": "修改方式"}


def _undo_in_record(record: Record, erratum: Erratum) -> Record:
    name = erratum.field or ""
    if name in DECISIONS:
        raise _Refused(
            f"{DECISIONS[name]}（{name}）是表决的决定，不能用勘误更改。",
            "表决结果以会议记录为准；记录确实写错了，请恢复原来的值，并把会议记录交街道办事处核对。",
        )
    if name not in RECORD_FIELDS:
        raise _Refused(
            f"勘误的 field“{name}”不是表决记录里可以更正的一项。",
            "可选："
            + " ".join(f for f in RECORD_FIELDS if f not in DECISIONS)
            + "（备案 filing 随时可以直接更新，不用勘误）。",
        )
    values = dict(record)
    new = _field_value(name, erratum.new)
    if values.get(name) != new:
        now = values.get(name, "（空）")
        raise _Refused(
            f"勘误说 {name} 改成了“{new}”，但文件里现在是“{now}”。",
            "核对勘误的 to 和前置信息里的这一项。",
        )
    old = _field_value(name, erratum.old) if erratum.old is not None else None
    if old is None:
        values.pop(name)
    else:
        values[name] = old
    return tuple((f, values[f]) for f in RECORD_FIELDS if f in values)


def _field_value(name: str, value: object) -> str:
    """A value written in an erratum, in the canonical form of the field it corrects."""
    text = _as_text(value)
    try:
        if name in DATE_FIELDS:
            return dt.date.fromisoformat(text).isoformat()
        if name in COUNT_FIELDS:
            return str(int(text))
        if name in AREA_FIELDS:
            return canonical_value(Decimal(text)) or ""
    except (ValueError, InvalidOperation):
        raise _Refused(
            f"勘误里 {name} 的值“{text}”格式不对。",
            "日期写成 YYYY-MM-DD，票数写整数，面积写数字。",
        ) from None
    return text
