"""``gongyue check``: every rule a committee can break, as located Chinese problems.

Checking never raises and never writes: whatever the bytes in a file, the
answer is a list of problems.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from gongyue.procedure.decisions import decision_problems
from gongyue.procedure.integrity import verify
from gongyue.procedure.rules import BodyRule, Rules
from gongyue.procedure.transaction import pending_problem
from gongyue.record.errors import Problem, Severity
from gongyue.record.history import RunGit
from gongyue.record.loader import READ, Readers, load_tolerantly
from gongyue.record.model import Charter, Site, Unit, Version
from gongyue.record.scaffold import PLACEHOLDERS
from gongyue.record.sources import line_of
from gongyue.text.addresses import may_show_picture, shows_outside_picture
from gongyue.text.limits import MAX_BRACKETS, MAX_VERSIONS, too_many_brackets

# What is wrong with a version's file by its path and text alone, under the rules
# (``file_problems``): what a build may remember by those (``publish/parse_memo.py``).
Judge = Callable[[Version, Rules], list[Problem]]


@dataclass(frozen=True)
class Report:
    problems: list[Problem]
    notes: list[str] = field(default_factory=list)  # about the check itself (no git history…)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "错误"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "警告"]

    def within(self, prefix: str) -> Report:
        """Only the problems in files under ``prefix`` (a preview speaks of what it shows)."""
        return Report([p for p in self.problems if p.path.startswith(prefix)], self.notes)


def check_site(
    site_dir: Path,
    docs_dir: Path,
    rules: Rules,
    today: dt.date,
    extra_files: tuple[str, ...] = (),
    *,
    git: RunGit,
) -> Report:
    return check_tree(site_dir, docs_dir, rules, today, "", extra_files, git=git)[1]


def check_tree(
    site_dir: Path,
    docs_dir: Path,
    rules: Rules,
    today: dt.date,
    scope: str = "",
    extra_files: tuple[str, ...] = (),
    skip: tuple[str, ...] = (),
    *,
    git: RunGit,
    readers: Readers = READ,
    judge: Judge | None = None,
) -> tuple[Site, Report]:
    """Load and check everything: the one judgement ``gongyue check`` and the build share.
    A top job ``skip``s the unit folders its shards checked (and the lock entries in them);
    ``git`` runs the program for the history check (``adapters/git.py``); ``readers`` read
    each version's front matter and body and ``judge`` its file (the build's remember what
    they read and found before)."""
    site, problems = load_tolerantly(site_dir, docs_dir, today, scope, extra_files, skip, readers)
    problems += check_loaded(site, rules, judge or file_problems)
    verdict = verify(site_dir, site, git)
    problems += verdict.problems
    unfinished = pending_problem(site_dir)
    problems += [unfinished] if unfinished is not None else []
    skipped = tuple(f"{site.docs_dir}/{folder.strip('/')}/" for folder in skip)
    problems = [p for p in problems if not p.path.startswith(skipped)] if skipped else problems
    # Errors first: a long list of warnings must never push an error out of sight.
    ordered = sorted(problems, key=lambda p: (p.severity != "错误", p.path, p.line, p.code))
    return site, Report(ordered, verdict.notes + engine_notes(site_dir))


ZENSICAL_CONFIG = "zensical.toml"


def engine_notes(site_dir: Path) -> list[str]:
    """What can be seen of an engine that would not run the plugin (Zensical ignores it)."""
    if (site_dir / ZENSICAL_CONFIG).is_file():
        return [
            f"网站文件夹里有 {ZENSICAL_CONFIG}：Zensical 不运行 gongyue 插件，直接用它建站只会得到约四分之一的页面、"
            "没有公约页面，且不报错。请用“gongyue export 新文件夹 --build zensical”。"
        ]
    return []


def check_loaded(site: Site, rules: Rules, judge: Judge | None = None) -> list[Problem]:
    judge = judge or file_problems
    problems: list[Problem] = []
    for unit in site.units:
        problems += _check_unit(unit)
    for charter in site.charters:
        for version in charter.versions + charter.drafts:
            problems += judge(version, rules) + _check_not_future(version, site.build_date)
        problems += _one_in_force_per_date(charter)
        problems += _too_many_versions(charter)
        problems += decision_problems(charter)
    return problems + two_drafts_one_meeting(site)


def two_drafts_one_meeting(site: Site) -> list[Problem]:
    """Drafts of one charter that record the same meeting, or a meeting already recorded
    as a version: only one of them can become that day's version."""
    found: list[Problem] = []
    for charter in site.charters:
        seen = {v.date: v.path for v in charter.versions if v.date is not None}
        for draft in charter.drafts:
            day = draft.meta.meeting.date if draft.meta.meeting and draft.meta.result else None
            if day is None:
                continue
            if day in seen:
                found.append(_same_meeting(draft, day, seen[day]))
            else:
                seen[day] = draft.path
    return found


def _same_meeting(draft: Version, day: dt.date, other: str) -> Problem:
    return Problem(
        draft.path,
        line_of(draft.source_text, ("meeting", "date")),
        f"这份草案记录的是 {day} 的表决，{other} 也记录了这次表决：同一次表决只能生成一个版本。",
        "核对两份文件：表决的是哪一份草案，就只在那一份里填写表决记录，另一份删去 meeting 和 result。",
        "same-meeting",
    )


def _too_many_versions(charter: Charter) -> list[Problem]:
    if len(charter.versions) <= MAX_VERSIONS:
        return []
    return [
        Problem(
            charter.versions[-1].path,
            1,
            f"这部公约有 {len(charter.versions)} 个已表决的版本，超过了 {MAX_VERSIONS} 个："
            "每个版本页都列出每一条的沿革，网站会大得无法发布。",
            "核对这个文件夹：是不是把别的公约或草稿放了进来？真实的公约几年才修改一次。",
            "too-many-versions",
        )
    ]


def check_version(version: Version, rules: Rules, today: dt.date) -> list[Problem]:
    return [*file_problems(version, rules), *_check_not_future(version, today)]


def file_problems(version: Version, rules: Rules) -> list[Problem]:
    return [
        *_check_votes(version, rules),
        *_check_dates(version, rules),
        *_check_body(version),
        *_check_structure(version),
        *_check_numbering(version),
        *_check_placeholders(version),
        *_check_external_images(version),
        *_check_heavy_lines(version.path, version.body, version.body_line),
        *_check_heavy_reasons(version),
        *_check_draft_errata(version),
        *_check_notes(version),
        *_check_received(version),
        *_check_plan(version, rules),
    ]


def _problem(
    v: Version,
    loc: tuple[str | int, ...],
    message: str,
    hint: str,
    code: str,
    severity: Severity = "错误",
) -> Problem:
    line = line_of(v.source_text, loc) if loc else 1
    return Problem(v.path, line, message, hint, code, severity)


def _check_votes(v: Version, rules: Rules) -> list[Problem]:
    m = v.meta.meeting
    if m is None:
        return []
    u = m.unit
    cast = m.votes_for + m.against + m.abstain
    found: list[Problem] = []
    if cast > m.present:
        found.append(
            _problem(
                v,
                ("meeting", "for"),
                f"赞成、反对、弃权合计 {cast} {u}，超过实到 {m.present} {u}。",
                "核对表决记录。",
                "votes-exceed-present",
            )
        )
    if m.present > m.eligible:
        found.append(
            _problem(
                v,
                ("meeting", "present"),
                f"实到 {m.present} {u}，超过应到 {m.eligible} {u}。",
                "核对签到表和应到人数。",
                "present-exceeds-eligible",
            )
        )
    if found:
        return found
    return _check_outcome(v, rules)


def _check_outcome(v: Version, rules: Rules) -> list[Problem]:
    m = v.meta.meeting
    assert m is not None
    rule = rules.for_body(m.body)
    failures: list[str] = []
    if not rule.quorum.met(m.present, m.eligible):
        failures.append(
            f"实到 {m.present}/{m.eligible} {m.unit}，未达到应到的{rule.quorum.words()}"
        )
    if not rule.majority.met(m.votes_for, m.present):
        failures.append(
            f"赞成 {m.votes_for}/{m.present} {m.unit}，未达到实到的{rule.majority.words()}"
        )
    failures += _area_failures(v, rule)
    if m.body == "业主大会" and None in (m.area_eligible, m.area_present, m.area_for):
        return [
            _problem(
                v,
                ("meeting",),
                "业主大会的表决缺少专有部分面积。",
                "补上 area_eligible（总面积）、area_present（参与表决面积）、area_for（同意面积），单位平方米。",
                "area-missing",
            )
        ]
    return _contradicted(v, failures, rule)


def _contradicted(v: Version, failures: list[str], rule: BodyRule) -> list[Problem]:
    """The recorded result against what the counts say."""
    result = v.meta.result
    if failures and result == "通过":
        return [
            _problem(
                v,
                ("result",),
                f"表决结果写“通过”，但{'；'.join(failures)}。",
                f"核对票数；如确未达到，result 应写“未通过”。依据：{rule.basis}",
                "result-contradicted",
            )
        ]
    if not failures and result == "未通过":
        return [
            _problem(
                v,
                ("result",),
                "表决结果写“未通过”，但票数已达到通过的要求。",
                "核对票数和表决结果。",
                "result-contradicted",
                "警告",
            )
        ]
    return []


def _area_failures(v: Version, rule: BodyRule) -> list[str]:
    m = v.meta.meeting
    assert m is not None
    if m.area_eligible is None or m.area_present is None or m.area_for is None:
        return []
    failures = []
    if rule.area_quorum and not rule.area_quorum.met(m.area_present, m.area_eligible):
        failures.append(
            f"参与表决面积 {m.area_present}/{m.area_eligible} 平方米，未达到{rule.area_quorum.words()}"
        )
    if rule.area_majority and not rule.area_majority.met(m.area_for, m.area_present):
        failures.append(
            f"同意面积 {m.area_for}/{m.area_present} 平方米，未达到{rule.area_majority.words()}"
        )
    return failures


_DATE_STEPS = (
    (("consultation", "from"), "征求意见开始"),
    (("consultation", "to"), "征求意见结束"),
    (("review", "date"), "审核"),
    (("meeting", "date"), "表决"),
    (("published",), "公布"),
    (("effective",), "施行"),
)


def _dates(v: Version) -> list[tuple[tuple[str, ...], str, dt.date]]:
    m = v.meta
    values = {
        ("consultation", "from"): m.consultation.start if m.consultation else None,
        ("consultation", "to"): m.consultation.end if m.consultation else None,
        ("review", "date"): m.review.date if m.review else None,
        ("meeting", "date"): m.meeting.date if m.meeting else None,
        ("published",): m.published,
        ("effective",): m.effective,
    }
    return [(loc, name, values[loc]) for loc, name in _DATE_STEPS if values[loc] is not None]  # type: ignore[misc]


def _check_dates(v: Version, rules: Rules) -> list[Problem]:
    found: list[Problem] = []
    steps = _dates(v)
    for (_, before_name, before), (loc, name, after) in itertools.pairwise(steps):
        if after < before:
            found.append(
                _problem(
                    v,
                    loc,
                    f"{name}日期 {after} 早于{before_name}日期 {before}。",
                    "日期应当依次为：征求意见 → 审核 → 表决 → 公布 → 施行，请核对。",
                    "dates-order",
                )
            )
    c = v.meta.consultation
    if c is not None and c.end >= c.start:
        days = (c.end - c.start).days + 1
        if days < rules.min_consultation_days:
            found.append(
                _problem(
                    v,
                    ("consultation", "to"),
                    f"征求意见只有 {days} 天，少于 {rules.min_consultation_days} 天。",
                    f"征求意见期至少 {rules.min_consultation_days} 天（可在 mkdocs.yml 的 min_consultation_days 修改）。",
                    "consultation-short",
                    "警告",
                )
            )
    return found


def _check_not_future(v: Version, today: dt.date) -> list[Problem]:
    """A decided version records a meeting that took place: not one still to come."""
    if v.is_draft or v.date is None or v.date <= today:
        return []
    return [
        _problem(
            v,
            ("meeting", "date"),
            f"表决日期 {v.date} 在今天（{today}）之后：还没有开的会不能记录为已表决。",
            "核对表决日期；还没有表决的文本请命名为 draft.md。",
            "meeting-future",
        )
    ]


def _check_draft_errata(v: Version) -> list[Problem]:
    if not (v.is_draft and v.meta.errata):
        return []
    return [
        _problem(
            v,
            ("errata",),
            "草案里写了勘误：草案还没有表决，可以直接修改，不需要勘误。",
            "删去 errata 这一项；勘误只用于已表决的版本。",
            "draft-errata",
            "警告",
        )
    ]


def _check_notes(v: Version) -> list[Problem]:
    """Each note in ``notes:`` is for an article this version has (it shows in the 对照)."""
    labels = {p.display_label for p in v.document.provisions}
    return [
        _problem(
            v,
            ("notes", label),
            f"逐条说明写给了“{label}”，但这一版没有这一条，说明不会显示。",
            f"写成这一版里的条文序号，例如“{next(iter(sorted(labels)), '第一条')}”，和正文里的写法一样。",
            "note-unknown-article",
            "警告",
        )
        for label in v.meta.notes
        if label not in labels
    ]


# What a committee must never publish about the residents who gave their views: a mobile
# number, a landline, an ID-card number (the pages are public, and stay online for years).
PERSONAL = (
    (re.compile(r"(?<!\d)1[3-9]\d(?:[\s-]?\d){8}(?!\d)"), "手机号码"),
    (
        re.compile(r"(?<!\d)\d{6}(?:19|20)\d{2}(?:0[1-9]|1[0-2])\d{2}\d{3}[\dXx](?!\d)"),
        "身份证号码",
    ),
    (re.compile(r"(?<!\d)0\d{2,3}-?\d{7,8}(?!\d)"), "电话号码"),
)


def _check_received(v: Version) -> list[Problem]:
    """Views received are published: no resident's phone or ID number in them, and every
    view not adopted says why."""
    c = v.meta.consultation
    if c is None:
        return []
    found: list[Problem] = []
    for index, comment in enumerate(c.received):
        for key, text in (("summary", comment.summary), ("why", comment.why or "")):
            for pattern, what in PERSONAL:
                if pattern.search(text):
                    found.append(
                        _problem(
                            v,
                            ("consultation", "received", index, key),
                            f"第 {index + 1} 条意见里有{what}：网站会公布这段文字，不能写提意见的人的{what}。",
                            "删去号码，只写意见本身；联系方式留在居委会的纸质登记本上。",
                            "comment-personal",
                        )
                    )
        if comment.outcome != "采纳" and not comment.why:
            found.append(
                _problem(
                    v,
                    ("consultation", "received", index, "outcome"),
                    f"第 {index + 1} 条意见{comment.outcome}，没有写理由。",
                    "在 why 里用一句话说明为什么没有（全部）采纳。",
                    "comment-no-reason",
                )
            )
    if c.comments is not None and c.received and c.comments != len(c.received):
        found.append(
            _problem(
                v,
                ("consultation", "comments"),
                f"收到意见条数写的是 {c.comments}，但逐条记录了 {len(c.received)} 条。",
                "两者写成一样的数，或者删去 comments，由逐条记录算出。",
                "comment-count",
            )
        )
    return found


def _check_plan(v: Version, rules: Rules) -> list[Problem]:
    """The meeting a draft is planned for is one the rules know, and only drafts have one."""
    plan = v.meta.plan
    if plan is None:
        return []
    if not v.is_draft:
        return [
            _problem(
                v,
                ("plan",),
                "已表决的版本不写表决安排（plan）：会议怎样开的，写在 meeting 里。",
                "删去 plan 一段。",
                "plan-in-version",
            )
        ]
    if plan.body not in rules.bodies:
        return [
            _problem(
                v,
                ("plan", "body"),
                f"规则里没有“{plan.body}”这种会议。",
                "写成 mkdocs.yml 的 rules 里有的会议类型。",
                "plan-body",
            )
        ]
    return []


# Folders the site itself writes under a unit's address (companions and charter
# pages): an old charter name that is one of them would cover a real page.
PAGE_NAMES = frozenset({"hant", "print", "compare", "history", "changes", "draft", "fanben"})


def _check_unit(unit: Unit) -> list[Problem]:
    """A unit's own page: renamed charters point at real folders; no pictures from elsewhere."""
    found: list[Problem] = []
    path = f"{unit.path}/index.md"
    present = {c.slug for c in unit.charters}
    children = {child.slugs[-1] for child in unit.children}
    for old, new in sorted(unit.renamed.items()):
        said = f"renamed 说“{old}”已改名为“{new}”，"
        if old in present:
            message = said + f"但文件夹“{old}”还在。"
            hint = "旧文件夹名不能再用：把它改成别的名称，或从 renamed 中删去这一项。"
        elif old in children or old in PAGE_NAMES:
            what = "下级单位的文件夹" if old in children else "网站自己生成的页面"
            message = said + f"但“{unit.url}{old}/”是{what}，转向页会把它盖住。"
            hint = "从 renamed 中删去这一项：这个旧名不是公约文件夹。"
        elif new not in present:
            message = said + f"但没有“{new}”这部公约。"
            hint = "核对 renamed；公约文件夹改名请用“gongyue move”。"
        else:
            continue
        found.append(Problem(path, 1, message, hint, "renamed"))
    for index, line in enumerate(unit.prose.split("\n")):
        if shows_outside_picture(line):
            found.append(_external_image(path, unit.prose_line + index))
            break
    return found + _check_heavy_lines(path, unit.prose, unit.prose_line)


def _check_body(v: Version) -> list[Problem]:
    has_text = any(p.text or p.kind != "preamble" for p in v.document.provisions)
    if v.is_repeal:
        articles = v.document.articles
        if articles:
            return [
                Problem(
                    v.path,
                    v.body_line + articles[0].line - 1,
                    "“废止”的版本不应当有条文。",
                    "删去正文，只保留前置信息（可在 summary 中说明废止原因）。",
                    "repeal-with-text",
                    "警告",
                )
            ]
        return []
    if not has_text:
        return [
            Problem(
                v.path,
                v.body_line,
                "正文是空的。",
                "在前置信息下面写上公约全文；要废止这部公约，请把 change 写成“废止”。",
                "empty-body",
            )
        ]
    return []


def _check_structure(v: Version) -> list[Problem]:
    """What the parser saw but could not take as structure: numbers glued to a sentence,
    PDF page numbers, lines joined after a page break, a long text with no numbers."""
    return [
        Problem(v.path, v.body_line + note.line - 1, note.message, note.hint, note.code, "警告")
        for note in v.document.notes
    ]


def _check_placeholders(v: Version) -> list[Problem]:
    """Scaffold text left in place: fine while drafting, not in an adopted version."""
    severity: Severity = "警告" if v.is_draft else "错误"
    found: list[Problem] = []
    if v.meta.summary and any(mark in v.meta.summary for mark in PLACEHOLDERS):
        found.append(
            _problem(
                v,
                ("summary",),
                "修改说明（summary）还是模板里的提示文字。",
                "写一两句话说明这次改了什么。",
                "placeholder",
                severity,
            )
        )
    for index, line in enumerate(v.body.split("\n")):
        if any(mark in line for mark in PLACEHOLDERS):
            found.append(
                Problem(
                    v.path,
                    v.body_line + index,
                    "正文里还有模板的提示文字。",
                    "换成真正的条文，或删去这一行。",
                    "placeholder",
                    severity,
                )
            )
            break
    return found


def _check_numbering(v: Version) -> list[Problem]:
    groups: dict[str | None, list] = defaultdict(list)
    # 1. 2. … may start again under each group heading; 一、二、… may also run on across them.
    numbers = [(p.number, p.sub) for p in v.document.articles]
    restarts = len(numbers) != len(set(numbers))
    for p in v.document.articles:
        groups[p.chapter if restarts else None].append(p)
    found: list[Problem] = []
    for articles in groups.values():
        expected = 1
        for p in articles:
            line = v.body_line + p.line - 1
            if p.number is None or (p.sub and p.number == expected - 1):
                continue  # 第十条之一 stands between 第十条 and 第十一条
            if p.number < expected:
                found.append(
                    Problem(
                        v.path,
                        line,
                        f"条文序号“{p.label}”重复或倒退。",
                        f"这里应当是第 {expected} 条（项），请按顺序重新编号。",
                        "numbering",
                    )
                )
            elif p.number > expected:
                found.append(
                    Problem(
                        v.path,
                        line,
                        f"条文序号跳过了：“{p.label}”之前缺少第 {expected} 条（项）。",
                        "按顺序重新编号，中间不要留空号。",
                        "numbering",
                    )
                )
            expected = p.number + 1
    return found


def _one_in_force_per_date(charter: Charter) -> list[Problem]:
    seen: dict[dt.date, Version] = {}
    found: list[Problem] = []
    for v in charter.adopted:
        other = seen.get(v.effective) if v.effective else None
        if other is not None:
            found.append(
                _problem(
                    v,
                    ("effective",),
                    f"与 {other.path} 同一天（{v.effective}）施行，同一天只能有一个现行版本。",
                    "核对两个版本的施行日期。",
                    "two-in-force",
                )
            )
        elif v.effective:
            seen[v.effective] = v
    return found


def _check_external_images(v: Version) -> list[Problem]:
    if not may_show_picture(v.body):
        return []
    for index, line in enumerate(v.body.split("\n")):
        if shows_outside_picture(line):
            return [_external_image(v.path, v.body_line + index)]
    return []


def _check_heavy_lines(path: str, text: str, first_line: int) -> list[Problem]:
    """Lines with more brackets than the Markdown renderer handles in bounded time."""
    for index, line in enumerate(text.split("\n")):
        if too_many_brackets(line):
            return [
                Problem(
                    path,
                    first_line + index,
                    f"这一行有 {line.count('[')} 个“[”，超过了 {MAX_BRACKETS} 个：生成网页会非常慢，"
                    "网站只会把这一段按纯文字显示。",
                    "公约正文用不到这么多方括号：删去多余的“[”，或换成全角的“【”。",
                    "heavy-line",
                )
            ]
    return []


def _check_heavy_reasons(version: Version) -> list[Problem]:
    """The reasons (``reasons``) checked like the body. Their line is looked up only for a
    problem: finding a key's line re-reads the front matter with the slow parser, which
    every version of a city paid for before (a tenth of a build's CPU)."""
    found = _check_heavy_lines(version.path, version.meta.reasons or "", 0)
    if not found:
        return []
    first_line = line_of(version.source_text, ("reasons",))
    return [replace(problem, line=first_line + problem.line) for problem in found]


def _external_image(path: str, line: int) -> Problem:
    return Problem(
        path,
        line,
        "引用了其他网站上的图片：网站上只显示为一个链接，不直接显示图片（否则那个网站会知道谁在读这一页）。",
        "把图片保存下来，放在单位文件夹里（index.md 旁边），用文件名引用；或者删去图片。",
        "external-image",
        "警告",
    )
