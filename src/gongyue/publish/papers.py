"""The papers of the procedure (issue 26), made from the record.

A committee that amends its charter produces paper at every step. Each paper here
is worked out from what the record already holds — the draft and its 表决安排
(``plan``), the decided version and its ``meeting``, the unit, the site's rules —
and written as a sheet in the small layout (``standalone/papers/<kind>.html``) at
``<draft>/papers/<kind>/``, for the notice board, the meeting table and the street
office. A decided version's papers are in its own page instead, each shown at the top
when its link is followed (``#gy-paper-<kind>``) and then printed alone (``embedded``):
a city writes no page of its own for the papers of thousands of old votes.

=============  ==================  ==========================================
kind           paper               made for
=============  ==================  ==========================================
notice         征求意见公告        a draft: what, where to read it, how to comment
ballot         表决票              a draft with a plan: one per voter, numbered
tally          举手表决计票表      a draft with a plan: hands counted, the quorum
minutes        会议记录            a draft with a plan (blanks), or a decided version
publication    公布公告            an adopted version
filing         备案报告            an adopted version, to the street office
feedback       征求意见情况        both: what residents said and what became of it
=============  ==================  ==========================================

The numbers a paper prints (the fewest present for a quorum, the fewest votes for a
majority) come from ``procedure.rules`` with exact arithmetic; nothing is guessed:
what the record does not say is a blank line to fill in by hand.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import partial

from gongyue.procedure.rules import BodyRule, Rules
from gongyue.publish.companions import Companions, Job, Output
from gongyue.publish.pages import CharterScoped, DraftPage, Page
from gongyue.publish.paper_kinds import NAMES, kinds, on_site, paper_pdf_name
from gongyue.publish.qr import sheet_addresses
from gongyue.publish.templating import ASSETS_DIR, environment, templates_dir
from gongyue.publish.urls import PAPERS
from gongyue.record.model import Version
from gongyue.record.schema import Comment, Meeting, Plan

MAX_BALLOTS = 500  # one sheet of ballots per voter up to this; more are printed in batches
VOTERS = {"人": "居民", "户": "户代表", "代表": "居民代表", "业主": "业主"}
OPTIONS = ("同意", "不同意", "弃权")


def has_papers(page: Page) -> bool:
    """Drafts, whose papers are pages of their own (a version's are in its page)."""
    return isinstance(page, DraftPage) and page.version is not None


# A decided version's paper inside its page: the article alone, the page is the layout.
EMBEDDED_LAYOUT = (
    "gongyue/standalone/papers/layout.html",
    """{% block body %}{% set unit = v.charter.unit %}
<article class="gy-paper gy-paper--{{ paper_kind }}" aria-labelledby="gy-paper-{{ paper_kind }}-title">
<p class="gy-paper__unit">{{ unit.lineage | map(attribute="name") | join(" · ") }}</p>
<p class="gy-paper__title" id="gy-paper-{{ paper_kind }}-title">{% block heading %}{{ paper_name }}{% endblock %}</p>
{% block paper %}{% endblock %}
</article>{% endblock %}""",
)


@dataclass(frozen=True)
class Counting:
    """What a meeting of ``eligible`` needs under its body's rule, worked out."""

    rule: BodyRule
    eligible: int
    unit: str

    @property
    def quorum(self) -> int:
        """The fewest present for the meeting to decide."""
        return self.rule.quorum.least(self.eligible)

    def majority(self, present: int) -> int:
        """The fewest votes for, with ``present`` at the meeting."""
        return self.rule.majority.least(present)

    @property
    def quorum_words(self) -> str:
        return f"有应到的{self.rule.quorum.words()}出席"

    @property
    def majority_words(self) -> str:
        return f"出席的{self.rule.majority.words()}同意"


def counting(rules: Rules, body: str, eligible: int, unit: str) -> Counting:
    return Counting(rules.for_body(body), eligible, unit)


@dataclass(frozen=True)
class Question:
    number: str  # "" for the whole text, else 第一项
    words: str


def questions(page: CharterScoped, plan: Plan) -> list[Question]:
    """What the meeting votes on: the whole text, or each item of its 修改决定."""
    version = page.version
    assert version is not None
    whole = Question("", f"是否同意《{version.meta.title}》（{_what(version)}）？")
    decision = page.decision if isinstance(page, DraftPage) else None
    if not plan.by_items or decision is None:
        return [whole]
    said = []
    for lines in decision.items:
        head, _, rest = lines[0].partition("、")
        said.append(Question(f"第{head}项", _short("".join([rest, *lines[1:]]))))
    return said


def _what(version: Version) -> str:
    return {"制定": "草案", "废止": "废止的决定"}.get(version.meta.change, "修改草案")


def _short(sentence: str, at_most: int = 160) -> str:
    """An item as a ballot prints it: whole, or its beginning and where to read the rest."""
    if len(sentence) <= at_most:
        return sentence
    return sentence[:at_most] + "……（全文见征求意见公告中的修改决定）"


@dataclass(frozen=True)
class Views:
    """How many views were received, and what became of them."""

    received: int
    adopted: int
    partly: int
    not_adopted: int


def counted(received: list[Comment]) -> Views:
    outcomes = [c.outcome for c in received]
    return Views(
        len(received),
        outcomes.count("采纳"),
        outcomes.count("部分采纳"),
        outcomes.count("未采纳"),
    )


def received_of(version: Version) -> list[Comment]:
    c = version.meta.consultation
    return list(c.received) if c else []


def ballot_numbers(plan: Plan, first: int = 1) -> list[str]:
    """The serial numbers of the ballots to print: one per voter, in batches of at most
    ``MAX_BALLOTS``."""
    last = min(plan.eligible, first + MAX_BALLOTS - 1)
    width = len(str(plan.eligible))
    return [str(n).zfill(width) for n in range(first, last + 1)]


def issued_on(version: Version) -> dt.date | None:
    """The day a paper about ``version`` is dated: the publication, else the vote."""
    if version.is_draft:
        c = version.meta.consultation
        return c.start if c else None
    return version.meta.published or version.date


def paper(
    page: CharterScoped,
    kind: str,
    site_name: str,
    site_url: str | None,
    rules: Rules,
    first_ballot: int = 1,
    pdf: bool = False,
) -> Output:
    """The paper ``kind`` of a draft's or a version's page, at ``papers/<kind>/``."""
    url = page.url + PAPERS + kind + "/"
    values = _values(page, kind, site_url, rules, first_ballot, pdf)
    template = f"gongyue/standalone/papers/{kind}.html"
    html = (
        environment((str(templates_dir()),))
        .get_template(template)
        .render(page_url=url, site_name=site_name, **values)
    )
    return Output(url + "index.html", html)


def embedded(page: CharterScoped, site_url: str | None, rules: Rules) -> list[tuple[str, str]]:
    """(kind, the paper's article) of each paper a decided version's page carries."""
    version = page.version
    if version is None or version.is_draft:
        return []
    env = environment((str(templates_dir()),), (EMBEDDED_LAYOUT,))
    return [
        (
            kind,
            env.get_template(f"gongyue/standalone/papers/{kind}.html").render(
                page_url=page.url, **_values(page, kind, site_url, rules, 1, False)
            ),
        )
        for kind in on_site(version)
    ]


def _values(
    page: CharterScoped, kind: str, site_url: str | None, rules: Rules, first_ballot: int, pdf: bool
) -> dict[str, object]:
    """What the template of the paper ``kind`` reads, worked out from the record."""
    version = page.version
    assert version is not None
    addresses = sheet_addresses(version.url, site_url)  # no address, no QR code
    meta = version.meta
    plan, meeting = meta.plan, meta.meeting
    held: Plan | Meeting | None = meeting or plan
    return dict(
        gy=page,
        v=version,
        lang="zh-Hans",
        paper_name=NAMES[kind],
        paper_kind=kind,
        kinds=[k for k in kinds(version) if k in on_site(version) or k == kind],
        names=NAMES,
        absolute_url=addresses["absolute_url"],
        qr=addresses["qr"],
        counting=counting(rules, held.body, held.eligible, held.unit) if held else None,
        questions=questions(page, plan) if plan else [],
        ballots=ballot_numbers(plan, first_ballot) if plan and kind == "ballot" else [],
        max_ballots=MAX_BALLOTS,
        voters=VOTERS.get(held.unit, "居民") if held else "居民",
        options=OPTIONS,
        received=received_of(version),
        views=counted(received_of(version)),
        issued_on=issued_on(version),
        min_days=rules.min_consultation_days,
        pdf_url=paper_pdf_name(version, kind) if pdf and version.is_draft else "",
    )


def papers_of(
    page: Page, site_name: str, site_url: str | None, companions: Companions
) -> list[Job]:
    """A job for each paper of ``page`` (none for pages that are not a draft or version,
    or when the site prints no sheets)."""
    if not (companions.posters and companions.papers and has_papers(page)):
        return []
    assert isinstance(page, CharterScoped) and page.version is not None
    return [
        partial(paper, page, kind, site_name, site_url, companions.rules, 1, companions.pdf)
        for kind in on_site(page.version)
    ]


STYLESHEET = re.compile(r'<link rel="stylesheet" href="[^"]*assets/gongyue/([a-z]+\.css)">')


def self_contained(html: str) -> str:
    """A paper as one file to keep or mail: the site's stylesheets written into it."""

    def inline(found: re.Match[str]) -> str:
        css = (ASSETS_DIR / found.group(1)).read_text(encoding="utf-8")
        return f"<style>\n{css}</style>"

    return STYLESHEET.sub(inline, html)
