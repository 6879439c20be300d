"""``gongyue check``: every rule a committee can break, as located Chinese problems.

Checking never raises and never writes: whatever the bytes in a file, the
answer is a list of problems.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from .errors import Problem, Severity
from .loader import is_version_file, load_tolerantly
from .lock import lock_problems
from .model import Charter, Site, Version
from .rules import BodyRule, Rules
from .sources import line_of


@dataclass(frozen=True)
class Report:
    problems: list[Problem]

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "错误"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "警告"]


def check_site(site_dir: Path, docs_dir: Path, rules: Rules, today: dt.date) -> Report:
    site, problems = load_tolerantly(site_dir, docs_dir, today)
    problems += check_loaded(site, rules)
    problems += _stray_files(site_dir, docs_dir, site)
    problems += lock_problems(site_dir, site)
    return Report(sorted(problems, key=lambda p: (p.path, p.line, p.code)))


def check_loaded(site: Site, rules: Rules) -> list[Problem]:
    problems: list[Problem] = []
    for charter in site.charters:
        for version in charter.versions + charter.drafts:
            problems += check_version(version, rules)
        problems += _one_in_force_per_date(charter)
    return problems


def check_version(version: Version, rules: Rules) -> list[Problem]:
    return [
        *_check_votes(version, rules),
        *_check_dates(version, rules),
        *_check_body(version),
        *_check_structure(version),
        *_check_numbering(version),
        *_check_placeholders(version),
    ]


def _problem(
    v: Version, loc: tuple[str, ...], message: str, hint: str, code: str, severity: str = "错误"
) -> Problem:
    line = line_of(v.source_text, loc) if loc else 1
    return Problem(v.path, line, message, hint, code, severity)  # type: ignore[arg-type]


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
    if m.body == "业主大会" and (
        m.area_eligible is None or m.area_present is None or m.area_for is None
    ):
        return [
            _problem(
                v,
                ("meeting",),
                "业主大会的表决缺少专有部分面积。",
                "补上 area_eligible（总面积）、area_present（参与表决面积）、area_for（同意面积），单位平方米。",
                "area-missing",
            )
        ]
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


PLACEHOLDER = "（请填写"


def _check_placeholders(v: Version) -> list[Problem]:
    """Scaffold text left in place: fine while drafting, not in an adopted version."""
    severity: Severity = "警告" if v.is_draft else "错误"
    found: list[Problem] = []
    if v.meta.summary and PLACEHOLDER in v.meta.summary:
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
        if PLACEHOLDER in line or "的内容）" in line:
            found.append(
                Problem(
                    v.path,
                    v.body_line + index,
                    "正文里还有模板的提示文字。",
                    "换成真正的条文，或删去这一行。",
                    "placeholder",
                    severity,
                )
            )  # type: ignore[arg-type]
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


def _stray_files(site_dir: Path, docs_dir: Path, site: Site) -> list[Problem]:
    """Files that look like versions but will not be published."""
    known = {f"{c.path}/{v.slug}.md" for c in site.charters for v in c.versions + c.drafts}
    charter_dirs = {c.path for c in site.charters}
    found: list[Problem] = []
    for path in sorted(docs_dir.rglob("*.md")):
        rel = (
            path.relative_to(site_dir).as_posix()
            if path.is_relative_to(site_dir)
            else path.as_posix()
        )
        parent = rel.rsplit("/", 1)[0]
        if parent in charter_dirs and not is_version_file(path.name) and rel not in known:
            found.append(
                Problem(
                    rel,
                    1,
                    f"公约文件夹里的“{path.name}”不会被发布。",
                    "已表决的版本以表决日期命名（如 2016-03-20.md），草案命名为 draft.md。",
                    "stray-file",
                    "警告",
                )
            )
    return found
