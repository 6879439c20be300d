"""Which papers of the procedure a draft or a decided version has (``papers.py`` makes
them; the page templates link them through ``gy_papers``)."""

from __future__ import annotations

from gongyue.record.model import Version

NAMES = {
    "notice": "征求意见公告",
    "ballot": "表决票",
    "tally": "举手表决计票表",
    "minutes": "会议记录",
    "publication": "公布公告",
    "filing": "备案报告",
    "feedback": "征求意见情况",
}
FOR_RESIDENTS = ("publication", "feedback")  # the rest are the committee's working papers


def kinds(version: Version) -> list[str]:
    """The papers a draft or a decided version has, in the order of the procedure."""
    if version.is_draft:
        planned = ["ballot", "tally", "minutes"] if version.meta.plan else []
        return ["notice", *planned, "feedback"]
    if version.adopted:
        return ["minutes", "publication", "filing", "feedback"]
    return ["minutes", "feedback"] if version.meta.meeting else ["feedback"]


def on_site(version: Version) -> list[str]:
    """The papers the site writes for ``version``: all of a draft's and of a charter's last
    decided version (the one a committee is publishing and filing), and of older versions
    only the views received, for residents. A city of thousands of versions does not
    write four sheets for each old one; ``gongyue print`` still makes any of them."""
    if version.is_draft or version is version.charter.versions[-1]:
        return kinds(version)
    c = version.meta.consultation
    return ["feedback"] if c and c.received else []


def papers(version: Version) -> list[tuple[str, str]]:
    """(kind, name) of each paper the site has, for the page that links them."""
    return [(kind, NAMES[kind]) for kind in on_site(version)]


def paper_pdf_name(version: Version, kind: str) -> str:
    """The PDF beside a draft's paper, named so that a downloaded file says what it is."""
    return f"{version.charter.slug}-{version.slug}-{kind}.pdf"


def sheet_pdf_name(version: Version) -> str:
    """The PDF of a version's (or a draft's) notice-board sheet, beside its page."""
    return f"{version.charter.slug}-{version.slug}.pdf"
