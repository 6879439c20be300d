"""Files a committee starts from: every key present, each with a Chinese comment.

``render_version`` writes front matter in one fixed layout, so a version made
by ``adopt`` looks like one a committee wrote from the guide.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from gongyue.record.schema import VersionMeta
from gongyue.record.sources import FENCE, parse_yaml, split_front_matter
from gongyue.record.yamltext import flow_mapping, scalar, text_block

CHARTER_SLUGS = {
    "居民公约": "jumin-gongyue",
    "法治公约": "fazhi-gongyue",
    "文明公约": "wenming-gongyue",
    "居民自治章程": "jumin-zizhi-zhangcheng",
    "院落公约": "yuanluo-gongyue",
    "管理规约": "guanli-guiyue",
    "其他": "gongyue",
}


# Every hint the scaffolds write contains one of these, so no hint is ever adopted as text.
PLACEHOLDERS = ("（请填写", "（在这里写", "的内容）")


def unit_index(name: str, kind: str) -> str:
    return (
        "---\n"
        "unit:\n"
        f"  name: {scalar(name)}    # 中文名称\n"
        f"  kind: {scalar(kind)}    # 市 区 县 街道 乡镇 社区 村 院落 小区 楼栋 之一\n"
        "  address:    # 地址（可不填）\n"
        "  contact:    # 联系方式（可不填）\n"
        "  # 居民提意见的渠道（都可不填，征求意见时显示在草案旁边）：\n"
        "  phone:    # 电话，如 028-8000-0000（以 0 开头又不带连字符时请加引号）\n"
        "  hours:    # 接待时间，如 连心驿站每天 9:00—21:00\n"
        "  mailbox:    # 意见箱在哪里\n"
        "  email:    # 电子邮箱\n"
        "  form:    # 网上意见表的网址（https://…）\n"
        "---\n\n"
        f"（在这里写{name}的简介，居民打开本页时会看到。）\n"
    )


def render_version(meta: dict[str, Any], body: str) -> str:
    """A version file from plain data (keys as in the schema's YAML)."""
    lines = ["---"]
    lines += _line(meta, "title", "标题")
    lines += _line(meta, "type", "居民公约|法治公约|文明公约|居民自治章程|院落公约|管理规约|其他")
    lines += _line(meta, "change", "制定|修正|修订|废止")
    lines += _line(meta, "summary", "修改说明，一两句话")
    if meta.get("reasons"):
        lines += text_block("reasons", str(meta["reasons"]), "修改理由")
    lines += _block(
        meta,
        "consultation",
        "征求意见/公示",
        [("from", "开始日期"), ("to", "结束日期"), ("where", "地点"), ("comments", "收到意见条数")],
    )
    lines += _received(meta.get("consultation") or {})
    lines += _block(
        meta, "review", "审核", [("by", "审核单位"), ("date", "日期"), ("result", "审核意见")]
    )
    lines += _block(meta, "meeting", "表决会议", MEETING_KEYS)
    lines += _line(meta, "result", "通过|未通过")
    lines += _line(meta, "published", "公布日期")
    lines += _line(meta, "effective", "施行日期（不填则同公布日期）")
    lines += _block(
        meta,
        "filing",
        "备案",
        [("with", "备案机关"), ("date", "日期"), ("status", "未备案|已报备|已备案|退回")],
    )
    lines += _line(meta, "based_on", "所依范本")
    lines += _line(meta, "base", "修改稿的底稿：以这一天通过的版本为基础（gongyue amend 填写）")
    lines += _plan(meta.get("plan") or {})
    if meta.get("notes"):
        lines.append("notes:    # 逐条说明，显示在修改对照的“说明”一栏")
        lines += [f"  {scalar(k)}: {scalar(v)}" for k, v in meta["notes"].items()]
    if meta.get("decision"):
        lines += text_block("decision", str(meta["decision"]), DECISION_COMMENT)
    if meta.get("errata"):
        lines.append("errata:    # 勘误")
        for e in meta["errata"]:
            keys = ("date", "where", "field", "from", "to", "by")
            lines.append("  - " + flow_mapping({k: e[k] for k in keys if e.get(k) is not None}))
    lines += ["---", "", body.strip("\n"), ""]
    return "\n".join(lines)


MEETING_KEYS = [
    ("body", "居民会议|居民代表会议|院落居民大会|坝坝会|业主大会|院落议事会"),
    ("date", "表决日期，须与文件名相同"),
    ("place", "地点"),
    ("unit", "计票单位：人|户|代表|业主"),
    ("eligible", "应到"),
    ("present", "实到"),
    ("for", "赞成"),
    ("against", "反对"),
    ("abstain", "弃权"),
    ("area_eligible", "专有部分总面积（平方米）"),
    ("area_present", "参与表决面积"),
    ("area_for", "同意面积"),
]


def _line(meta: dict[str, Any], key: str, comment: str) -> list[str]:
    if meta.get(key) is None:
        return []
    return [f"{key}: {scalar(meta[key])}    # {comment}"]


COMMENT_KEYS = ("summary", "via", "outcome", "why")
PLAN_KEYS = [
    ("body", "会议类型"),
    ("date", "会议日期"),
    ("place", "会议地点"),
    ("unit", "计票单位：人|户|代表|业主"),
    ("eligible", "应到"),
    ("by_items", "修改决定逐项表决：true|false"),
]


def _received(consultation: dict[str, Any]) -> list[str]:
    """The views received, one line each, inside ``consultation``."""
    received = consultation.get("received") or []
    if not received:
        return []
    lines = ["  received:    # 收到的意见：只写意见本身，不写提意见的人"]
    for view in received:
        lines.append("    - " + flow_mapping({k: view[k] for k in COMMENT_KEYS if view.get(k)}))
    return lines


def _plan(plan: dict[str, Any]) -> list[str]:
    """A draft's 表决安排: what its ballots, tally sheet and minutes are made from."""
    if not plan:
        return []
    lines = _block({"plan": plan}, "plan", "表决安排：表决票、计票表和会议记录按这里印", PLAN_KEYS)
    if plan.get("agenda"):
        lines.append("  agenda:    # 议程")
        lines += [f"    - {scalar(item)}" for item in plan["agenda"]]
    return lines


def _block(meta: dict[str, Any], key: str, comment: str, keys: list[tuple[str, str]]) -> list[str]:
    data = meta.get(key)
    if not data:
        return []
    lines = [f"{key}:    # {comment}"]
    lines += [f"  {k}: {scalar(data[k])}    # {c}" for k, c in keys if data.get(k) is not None]
    return lines


def meta_to_data(meta: VersionMeta) -> dict[str, Any]:
    return meta.model_dump(mode="python", by_alias=True, exclude_none=True)


def first_draft(title: str, charter_type: str) -> str:
    meta = {
        "title": title,
        "type": charter_type,
        "change": "制定",
        "summary": "（请填写：制定本公约的目的）",
    }
    body = (
        f"# {title}\n\n"
        "（在这里写序言，可删去）\n\n"
        "## 第一章 总则\n\n"
        "**第一条** （第一条的内容）\n\n"
        "**第二条** （第二条的内容）\n"
    )
    return render_version(meta, body) + CONSULTATION_HINT


def amendment_draft(
    meta: VersionMeta, body: str, base: dt.date | None, decision: str | None = None
) -> str:
    """A draft to amend ``meta``'s charter from ``body``; with the 修改决定 it was made by
    (``gongyue amend --decision``), a 修正 that records it."""
    data = meta_to_data(meta)
    kept: dict[str, Any] = {k: data[k] for k in ("title", "type", "based_on") if k in data}
    kept.update(
        change="修正" if decision else "修订", summary="（请填写：本次修改了什么）", base=base
    )
    if decision:
        kept["decision"] = decision
    return render_version(kept, body) + CONSULTATION_HINT


DECISION_COMMENT = "修改决定：正文必须等于底稿加上这份决定（gongyue check 核对），表决后不能改动"


RENAMED_COMMENT = "改过名的公约文件夹（旧名: 新名）：旧网址会转到新网址，由 gongyue move 填写"


def with_renamed(index_text: str, renamed: dict[str, str], old: str, new: str) -> str:
    """A unit's ``index.md`` with ``old`` recorded as renamed to ``new``; the rest as written.

    Earlier names of ``old`` now point at ``new`` too; a name taken back is no longer renamed.
    """
    updated = {k: (new if v == old else v) for k, v in renamed.items() if k != new}
    updated[old] = new
    front, body, _ = split_front_matter(index_text, "index.md")
    kept = _without_key(front.split("\n"), "renamed")
    block = [f"renamed:    # {RENAMED_COMMENT}"] + [
        f"  {scalar(k)}: {scalar(v)}" for k, v in sorted(updated.items())
    ]
    if parse_yaml("\n".join([*kept, *block]), "index.md").get("renamed") != updated:
        raise ValueError("renamed")  # a layout this edit does not understand: say so, write nothing
    return "\n".join([FENCE, *kept, *block, FENCE]) + "\n" + body


def _without_key(lines: list[str], key: str) -> list[str]:
    """Front matter lines without the top-level ``key`` and its indented block."""
    kept: list[str] = []
    skipping = False
    written = (f"{key}:", f'"{key}":', f"'{key}':")  # a key may be quoted in YAML
    for line in lines:
        if line.startswith(written):
            skipping = True
            continue
        if skipping and (line.startswith((" ", "\t")) or not line.strip()):
            continue
        skipping = False
        kept.append(line)
    while kept and not kept[-1].strip():
        kept.pop()
    return kept


CONSULTATION_HINT = """
<!--
开始征求意见时，把下面几行移到前置信息（两行 --- 之间），去掉行首的“# ”并填写：
# consultation:
#   from: 2026-12-01
#   to: 2026-12-10
#   where: 社区公告栏、院落微信群
-->
"""
