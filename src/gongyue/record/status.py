"""Derived facts that depend on the build date: order, ordinal, status, in force."""

from __future__ import annotations

import datetime as dt

from gongyue.record.model import (
    STATUS_AMENDED,
    STATUS_AWAITING_VOTE,
    STATUS_CONSULTING,
    STATUS_DRAFT,
    STATUS_FAILED,
    STATUS_IN_FORCE,
    STATUS_PENDING,
    STATUS_REPEALED,
    Charter,
    Site,
    Version,
)

CHINA = dt.timezone(dt.timedelta(hours=8))


EPOCH_VARIABLE = "SOURCE_DATE_EPOCH"  # read by the adapters and the CLI, handed in here


def build_date(epoch: str | None) -> dt.date:
    """Today in China, or the day of ``epoch`` (the value of SOURCE_DATE_EPOCH) for
    reproducible builds."""
    if epoch and epoch.strip().lstrip("-").isdigit():
        return dt.datetime.fromtimestamp(int(epoch), CHINA).date()
    return dt.datetime.now(CHINA).date()


def configured_build_date(setting: dt.date | None, epoch: str | None) -> dt.date:
    """The date statuses are computed for: the ``build_date`` setting when written, else
    SOURCE_DATE_EPOCH (``epoch``), else today. Check, build and shard keys all ask here."""
    return setting if setting is not None else build_date(epoch)


def derive(site: Site) -> None:
    for charter in site.charters:
        derive_charter(charter, site.build_date)


def derive_charter(charter: Charter, today: dt.date) -> None:
    charter.versions.sort(key=lambda v: (v.date, v.path))
    charter.drafts.sort(key=lambda v: v.path)
    _number_and_link(charter.adopted)
    charter.in_force = version_in_force(charter, today)
    for version in charter.versions:
        version.status = version_status(version, charter.in_force, today)
        version.status_since = status_since(version, today)
    for draft in charter.drafts:
        draft.status = draft_status(draft, today)
        draft.status_since = _draft_since(draft, today)
        draft.previous = charter.in_force or (charter.adopted[-1] if charter.adopted else None)
    charter.status = charter_status(charter, today)


def _number_and_link(adopted: list[Version]) -> None:
    for index, version in enumerate(adopted):
        version.ordinal = index + 1
        version.previous = adopted[index - 1] if index else None
        version.superseded_by = adopted[index + 1] if index + 1 < len(adopted) else None


def version_in_force(charter: Charter, on: dt.date) -> Version | None:
    """The adopted version that governs on ``on``; None before the first or after repeal."""
    started = [v for v in charter.adopted if v.effective is not None and v.effective <= on]
    if not started:
        return None
    latest = max(started, key=lambda v: (v.effective, v.date))
    return None if latest.is_repeal else latest


def version_status(version: Version, in_force: Version | None, today: dt.date) -> str:
    if not version.adopted:
        return STATUS_FAILED
    if version.is_repeal:
        return STATUS_REPEALED if version.effective <= today else STATUS_PENDING  # type: ignore[operator]
    if version is in_force:
        return STATUS_IN_FORCE
    if version.effective > today:  # type: ignore[operator]
        return STATUS_PENDING
    successor = _effective_successor(version, today)
    return STATUS_REPEALED if successor is not None and successor.is_repeal else STATUS_AMENDED


def _effective_successor(version: Version, today: dt.date) -> Version | None:
    successor = version.superseded_by
    while successor is not None and successor.effective > today:  # type: ignore[operator]
        successor = successor.superseded_by
    return successor


def status_since(version: Version, today: dt.date) -> dt.date | None:
    """The day a decided version's status began; for 已通过待施行, the day it takes effect."""
    if not version.adopted:
        return version.date  # 未通过: since the vote
    if version.effective > today:  # type: ignore[operator]
        return version.effective  # 将于…起施行
    successor = _effective_successor(version, today)
    return successor.effective if successor is not None else version.effective


def _draft_since(draft: Version, today: dt.date) -> dt.date | None:
    window = draft.meta.consultation
    if window is None or today < window.start:
        return None
    return window.start if today <= window.end else window.end + dt.timedelta(days=1)


def change_dates(charter: Charter) -> set[dt.date]:
    """Every day on which a status in ``charter`` changes: a version taking effect, a
    consultation opening or having closed the day before."""
    days = {v.effective for v in charter.adopted if v.effective is not None}
    for draft in charter.drafts:
        window = draft.meta.consultation
        if window is not None:
            days |= {window.start, window.end + dt.timedelta(days=1)}
    return days


def last_change(site: Site) -> dt.date | None:
    """The latest day up to the build date on which any status of the site changed:
    statuses computed for any day from then to the build date are the same."""
    days = [d for c in site.charters for d in change_dates(c) if d <= site.build_date]
    return max(days, default=None)


def draft_status(draft: Version, today: dt.date) -> str:
    window = draft.meta.consultation
    if window is None or today < window.start:
        return STATUS_DRAFT
    if today <= window.end:
        return STATUS_CONSULTING
    return STATUS_AWAITING_VOTE


def charter_status(charter: Charter, today: dt.date) -> str:
    if charter.in_force is not None:
        return STATUS_IN_FORCE
    adopted = charter.adopted
    if adopted:
        # Nothing in force although something was adopted: repealed, or not yet effective.
        started = any(v.effective <= today for v in adopted)  # type: ignore[operator]
        return STATUS_REPEALED if started else STATUS_PENDING
    if charter.drafts:
        return charter.drafts[0].status
    return STATUS_FAILED
