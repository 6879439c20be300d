"""The one schema for every front matter a committee writes.

Keys are English, values Chinese (docs/dev/architecture.md, 编辑指南). Unknown keys are errors, so a
typo never silently drops a fact from the record.
"""

from __future__ import annotations

import datetime as dt
import difflib
from decimal import Decimal
from typing import Annotated, Any, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, StrictBool, ValidationError

from gongyue.record.errors import Problem, SourceError
from gongyue.record.sources import line_of

UnitKind = Literal["市", "区", "县", "街道", "乡镇", "社区", "村", "院落", "小区", "楼栋"]
CharterType = Literal[
    "居民公约", "法治公约", "文明公约", "居民自治章程", "院落公约", "管理规约", "其他"
]
ChangeKind = Literal["制定", "修正", "修订", "废止"]
MeetingBody = Literal[
    "居民会议", "居民代表会议", "院落居民大会", "坝坝会", "业主大会", "院落议事会"
]
CountUnit = Literal["人", "户", "代表", "业主"]
VoteResult = Literal["通过", "未通过"]
FilingStatus = Literal["未备案", "已报备", "已备案", "退回"]
# How a view reached the committee during the consultation, and what became of it.
CommentVia = Literal["电话", "意见箱", "会议", "上门", "网上", "信件", "微信群", "其他"]
CommentOutcome = Literal["采纳", "部分采纳", "未采纳"]

# Chinese names of keys, used in messages so a committee recognises the field.
FIELD_LABELS: dict[str, str] = {
    "unit": "单位信息",
    "name": "名称",
    "kind": "类别",
    "address": "地址",
    "contact": "联系方式",
    "notes": "逐条说明",
    "phone": "电话",
    "hours": "接待时间",
    "mailbox": "意见箱",
    "email": "电子邮箱",
    "form": "网上意见表",
    "title": "标题",
    "type": "公约类型",
    "change": "修改方式",
    "summary": "修改说明",
    "reasons": "修改理由",
    "consultation": "征求意见",
    "from": "开始日期",
    "to": "结束日期",
    "where": "地点",
    "comments": "收到意见条数",
    "review": "审核",
    "by": "审核单位",
    "date": "日期",
    "result": "表决结果",
    "meeting": "表决会议",
    "body": "会议类型",
    "place": "会议地点",
    "eligible": "应到",
    "present": "实到",
    "for": "赞成",
    "against": "反对",
    "abstain": "弃权",
    "area_eligible": "专有部分总面积",
    "area_present": "参与表决面积",
    "area_for": "同意面积",
    "published": "公布日期",
    "effective": "施行日期",
    "filing": "备案",
    "with": "备案机关",
    "status": "备案状态",
    "based_on": "所依范本",
    "errata": "勘误",
    "field": "更正的项",
    "base": "修改稿的底稿",
    "renamed": "改名的公约文件夹",
    "reason": "理由",
    "substantive": "涉及实质内容",
    "decision": "修改决定",
    "received": "收到的意见",
    "via": "提出方式",
    "outcome": "处理结果",
    "why": "理由",
    "plan": "表决安排",
    "by_items": "逐项表决",
    "agenda": "议程",
}


def get_literal_values(alias: str) -> list[str]:
    """The allowed values of one of the enumerations above, in declaration order."""
    return list(get_args(globals()[alias]))


# Keys whose meaning depends on where they sit.
NESTED_LABELS: dict[tuple[str, ...], str] = {
    ("review", "result"): "审核意见",
    ("review", "date"): "审核日期",
    ("meeting", "date"): "表决日期",
    ("meeting", "unit"): "计票单位",
    ("filing", "date"): "备案日期",
    ("errata", "by"): "勘误单位",
    ("errata", "from"): "勘误原文",
    ("errata", "to"): "更正后",
    ("errata", "where"): "勘误位置",
    ("errata", "date"): "勘误日期",
    ("errata", "reason"): "勘误理由",
    ("errata", "substantive"): "涉及实质内容",
    ("received", "summary"): "意见摘要",
    ("plan", "date"): "会议日期",
    ("plan", "unit"): "计票单位",
}

# Far above any real meeting or estate, far below what breaks arithmetic or layout:
# a count of 10**30 is a typing accident, not a vote.
MAX_COUNT = 10_000_000
MAX_AREA = Decimal(100_000_000)  # m²
MAX_TITLE = 200


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True, frozen=True)


Text = str
NOTE_MAX = 200  # characters: a note explains one article, the reasons go in `reasons`
DECISION_MAX = 50_000  # characters: far above a 300-article revision's 修改决定


Count = Annotated[int, Field(ge=0, le=MAX_COUNT)]
Area = Annotated[Decimal, Field(ge=0, le=MAX_AREA)]


# Where residents can give their views (shown next to a draft's deadline). Closed
# formats: a phone a phone can dial, an https address, an email address.
Phone = Annotated[str, Field(pattern=r"^\+?[0-9][0-9 ()-]{2,24}$")]
WebAddress = Annotated[str, Field(pattern=r"^https://[^\s<>\"']+$", max_length=500)]
Email = Annotated[str, Field(pattern=r"^[^@\s<>\"']+@[^@\s<>\"']+\.[^@\s<>\"']+$", max_length=200)]


class UnitInfo(_Strict):
    name: Text = Field(min_length=1, max_length=MAX_TITLE)
    kind: UnitKind
    address: Text | None = None
    contact: Text | None = None
    phone: Phone | None = None
    hours: Text | None = None  # when someone is there to listen (连心驿站, 居委会)
    mailbox: Text | None = None  # where the 意见箱 hangs
    email: Email | None = None
    form: WebAddress | None = None  # an online form for views

    @property
    def takes_views(self) -> bool:
        return any((self.address, self.phone, self.hours, self.mailbox, self.email, self.form))

    @property
    def dial(self) -> str:
        """The phone number as a tel: link wants it: digits and a leading +."""
        return "".join(c for c in self.phone or "" if c.isdigit() or c == "+")


Slug = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*$")]


class UnitMeta(_Strict):
    unit: UnitInfo
    renamed: dict[Slug, Slug] = Field(default_factory=dict)  # old charter folder -> new


COMMENT_MAX = 200  # characters: a view summed up in a line, not the resident's letter
MAX_COMMENTS = 2_000  # far above any consultation a committee answers one by one


class Comment(_Strict):
    """One view received during the consultation, as the committee sums it up: never who
    gave it (``gongyue check`` refuses names, phone and ID numbers)."""

    summary: Text = Field(min_length=1, max_length=COMMENT_MAX)
    via: CommentVia
    outcome: CommentOutcome
    why: Text | None = Field(default=None, min_length=1, max_length=COMMENT_MAX)


class Consultation(_Strict):
    start: dt.date = Field(alias="from")
    end: dt.date = Field(alias="to")
    where: Text | None = None
    comments: Count | None = None
    received: list[Comment] = Field(default_factory=list, max_length=MAX_COMMENTS)


class Plan(_Strict):
    """The meeting a draft goes to (表决安排): what its ballots, tally sheet and minutes are
    made from before the vote. Dropped at adoption, when ``meeting`` says what happened."""

    body: MeetingBody
    date: dt.date
    place: Text | None = None
    unit: CountUnit = "人"
    eligible: Count
    by_items: StrictBool = False  # the decision's items voted one by one
    agenda: list[Annotated[Text, Field(min_length=1, max_length=COMMENT_MAX)]] = Field(
        default_factory=list, max_length=20
    )


class Review(_Strict):
    by: Text
    date: dt.date
    result: Text | None = None


class Meeting(_Strict):
    body: MeetingBody
    date: dt.date
    place: Text | None = None
    unit: CountUnit = "人"
    eligible: Count
    present: Count
    votes_for: Count = Field(alias="for")
    against: Count = 0
    abstain: Count = 0
    area_eligible: Area | None = None
    area_present: Area | None = None
    area_for: Area | None = None


class Filing(_Strict):
    with_: Text = Field(alias="with")
    date: dt.date | None = None
    status: FilingStatus = "未备案"


ErrataValue = Text | int | Decimal


class Erratum(_Strict):
    """One correction after adoption, stated exactly so the tool can undo it.

    In the text: ``to`` replaced ``from`` (``where`` names the article). In the
    decision record: ``field`` (e.g. ``meeting.for``) was ``from`` and is now ``to``.
    """

    date: dt.date
    old: ErrataValue | None = Field(default=None, alias="from")
    new: ErrataValue = Field(alias="to")
    where: Text | None = None
    field: Text | None = None
    by: Text | None = None
    # A correction that changes a number, a date or a word of obligation or negation
    # must say why and be marked; the page then shows it in the status box.
    reason: Text | None = Field(default=None, min_length=1)
    substantive: StrictBool = False


class VersionMeta(_Strict):
    title: Text = Field(min_length=1, max_length=MAX_TITLE)
    type: CharterType
    change: ChangeKind
    summary: Text | None = None
    reasons: Text | None = None
    consultation: Consultation | None = None
    review: Review | None = None
    meeting: Meeting | None = None
    result: VoteResult | None = None
    published: dt.date | None = None
    effective: dt.date | None = None
    filing: Filing | None = None
    based_on: Text | None = None
    errata: list[Erratum] = Field(default_factory=list)
    base: dt.date | None = None  # drafts: the adopted version this amendment starts from
    # A short reason per changed article (“第七条: 按垃圾分类新规修改”), shown in the 对照.
    notes: dict[Text, Annotated[Text, Field(min_length=1, max_length=NOTE_MAX)]] = Field(
        default_factory=dict
    )
    # The 修改决定 as the committee wrote it (issue 25): the text must be the base version
    # with it applied; after the vote it is frozen like the notes (gongyue.lock).
    decision: Text | None = Field(default=None, min_length=1, max_length=DECISION_MAX)
    plan: Plan | None = None  # drafts: the meeting it goes to (issue 26)


def validate(model: type[_Strict], data: dict[str, Any], path: str, text: str) -> Any:
    """Validate ``data`` or raise the problems as located Chinese messages."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        errors = exc.errors()
        # An erratum in the old one-sentence form misses from/to *because* of its text:
        # one message about the form, not three about its parts.
        old_form = {
            e["loc"][:2] for e in errors if e["loc"][:1] == ("errata",) and e["loc"][-1] == "text"
        }
        errors = [e for e in errors if not (e["type"] == "missing" and e["loc"][:2] in old_form)]
        raise SourceError([_problem(err, path, text) for err in errors]) from None


def _problem(err: Any, path: str, text: str) -> Problem:
    loc = tuple(err["loc"])
    keys = [p for p in loc if isinstance(p, str)]
    label = "、".join(
        NESTED_LABELS.get(tuple(keys[i - 1 : i + 1]), FIELD_LABELS.get(k, k))
        for i, k in enumerate(keys)
    )
    key = ".".join(str(p) for p in loc)
    message, hint = _explain(err, label or "前置信息", key)
    return Problem(path, line_of(text, loc), message, hint, code=f"schema-{err['type']}")


def _explain(err: Any, label: str, key: str) -> tuple[str, str]:
    kind = err["type"]
    given = err.get("input")
    if kind == "missing":
        return f"缺少“{label}”（{key}）。", f"补上“{key}: …”这一行。"
    if kind == "extra_forbidden" and key.startswith("errata.") and key.endswith(".text"):
        return (
            "勘误要写明改了哪几个字，不能只写一句说明。",
            "写成 {date: 日期, where: 第几条, from: 原来的字, to: 改正后的字, by: 单位}（见编辑指南“勘误”）。",
        )
    if kind == "extra_forbidden" and key.startswith("consultation.received."):
        return (
            f"意见记录里不能有“{key.rsplit('.', 1)[-1]}”：网站不公布提意见的人是谁。",
            "每条意见只写 summary（意见摘要）、via（提出方式）、outcome（处理结果）和 why（理由），"
            "姓名、电话、门牌号留在居委会的纸质登记本上。",
        )
    if kind == "extra_forbidden":
        return f"不认识的键“{key}”。", "检查拼写；可用的键见编辑指南。"
    if kind == "literal_error":
        allowed = _literal_values(err)
        near = difflib.get_close_matches(str(given), allowed, n=1, cutoff=0.5)
        guess = f"是不是想写“{near[0]}”？" if near else ""
        return (
            f"“{label}”的值“{given}”不在可选范围内。",
            f"{guess}可选：{' '.join(allowed)}。",
        )
    return _explain_value(err, label, key)


def _explain_value(err: Any, label: str, key: str) -> tuple[str, str]:
    """A value of the wrong kind or out of range."""
    kind = err["type"]
    given = err.get("input")
    if kind.startswith("date") or kind == "date_from_datetime_parsing":
        return (
            f"“{label}”的日期“{given}”无效。",
            "写成存在的日期，格式 YYYY-MM-DD，例如 2016-03-20。",
        )
    if kind.startswith("int") or kind.startswith("greater_than"):
        return f"“{label}”应当是不小于 0 的整数，现在是“{given}”。", "只写阿拉伯数字，例如 96。"
    if kind.startswith("less_than"):
        limit = err.get("ctx", {}).get("le", "")
        return (
            f"“{label}”的数值“{given}”大得不合常理（上限 {limit}）。",
            "核对这个数，多半是多打了几位。",
        )
    if kind == "string_too_long":
        return (
            f"“{label}”太长了（最多 {MAX_TITLE} 个字）。",
            "写一个简短的名称，详细说明放在正文里。",
        )
    if kind == "string_type" and key.endswith(".phone"):
        return (
            f"“{label}”写成了数字 {given}：电话号码要写成文字，否则以 0 开头的号码会被读错。",
            '加上引号或连字符，例如 phone: "12345" 或 phone: 010-6400-0000。',
        )
    if kind == "string_pattern_mismatch":
        return f"“{label}”的写法不对：“{given}”。", PATTERN_HINTS.get(
            key.rsplit(".", 1)[-1], "参照编辑指南中的示例填写。"
        )
    if kind in ("string_type", "string_too_short"):
        return f"“{label}”应当是一段非空文字。", f"在“{key}:”后面写上内容。"
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return f"“{label}”应当是若干“键: 值”。", "参照编辑指南中的示例填写这一项。"
    if kind == "list_type":
        return f"“{label}”应当是一个列表。", "每项一行，以“- ”开头。"
    return f"“{label}”填写有误（{err.get('msg', kind)}）。", "参照编辑指南中的示例填写。"


PATTERN_HINTS = {
    "phone": "只写电话号码：数字、空格和连字符，例如 028-8888-6666 或 12345；说明文字写在 hours 里。",
    "form": "写完整的网址，以 https:// 开头。",
    "email": "写完整的邮箱地址，例如 xinhong@example.cn。",
}


def _literal_values(err: Any) -> list[str]:
    expected = err.get("ctx", {}).get("expected", "")
    return [part.strip(" '\"") for part in expected.replace(" or ", ",").split(",") if part.strip()]
