"""The words the page script writes after the page has loaded, and the script that carries them.

A page's own words are converted to Traditional at build time with the rest of
its twin; what the script writes later (a search's count, a button that changes,
the days a consultation has left) cannot be. So the words live here, as data:
the build writes ``assets/gongyue/gongyue.js`` as this table, in Simplified and
in the site's Traditional forms made by the same OpenCC conversion as every
other text, followed by the script itself, which picks the table by the page's
language. ``{name}`` marks a value the script fills in.
"""

from __future__ import annotations

import json

from gongyue.publish.templating import ASSET_NAMES, ASSETS_DIR
from gongyue.publish.traditional import search_characters, to_traditional
from gongyue.record.settings import TraditionalVariant

SCRIPT = "gongyue.js"  # written by the build: this table, then the script in assets/
CHARACTERS = "assets/gongyue/hant-characters.json"  # for the search page in Traditional

WORDS = {
    "no_version_that_day": "这一天没有有效的版本。",
    "version_of_that_day": "这一天有效的是",
    "searching": "正在搜索……",
    "found": "找到 {count} 个结果",
    "showing_first": "，显示前 {shown} 个",
    "also_searched": "（也搜索了：{also}）",
    "found_end": "。每次显示的结果里，现行有效的公约排在前面。",
    "show_more": "再显示 {count} 个结果",
    "not_found": "没有找到。换个说法试试，例如“电动车”“养犬”“装修”。",
    "draft_result": "（草案，尚未表决）",
    "pick_an_area": "请先在“范围”里选择所在的地方（选“全部”要下载的多一些）。",
    "search_unavailable": "搜索暂时不能使用。请从目录逐级查找。",
    "standard_type": "标准字",
    "large_type": "大字",
    "read_aloud": "朗读",
    "pause": "暂停",
    "resume": "继续",
    "pick_two_versions": "请选两个不同的版本。",
    "no_comparison_page": "这两个版本之间没有现成的对照页：请选一个版本与最新的版本对照。",
    "to_two_columns": "改为新旧两栏对照",
    "to_inline": "改为行内标注（只看一栏）",
    "days_left": "（剩 {days} 天）",
    "ends_today": "（今天截止）",
    "ended": "（截止日期已到）",
    "log_rewritten": "注意：这个网站的公约记录在您上次访问之后被改写了。",
    "log_rewritten_detail": "您上次看到的记录日志有 {seen} 条，现在的日志{how}。已经公布的记录只能增加，不能修改或删除。请保存这个页面的截图，告诉居委会、街道办或网站的运维人员。",
    "log_shorter": "只剩 {now} 条",
    "log_differs": "的前 {seen} 条与那时不同",
    "log_same": "记录日志与您上次访问时看到的一致（当时 {seen} 条，现在 {now} 条）：已公布的记录没有被改动。",
    "log_first_visit": "本机已记下这个网站记录日志的 {now} 条；下次访问时会核对它们没有被改动。",
    "log_unreadable": "暂时读不到这个网站的记录日志，这次没有核对。",
    "log_included": "这一版已记入本网站的记录日志（第 {number} 条），与网站公布的检查点（共 {size} 条）相符。",
    "log_not_included": "注意：这一版在记录日志里核对不上（第 {number} 条与检查点不符）。请告诉居委会、街道办或网站的运维人员。",
}


def words(variant: TraditionalVariant) -> dict[str, dict[str, str]]:
    """The table, by the page language the script reads from ``<html lang>``."""
    return {
        "zh-Hans": dict(WORDS),
        "zh-Hant": {key: to_traditional(text, variant) for key, text in WORDS.items()},
    }


def script(variant: TraditionalVariant) -> str:
    """``gongyue.js`` as published: the words, then the script."""
    table = json.dumps(words(variant), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    # In a <script src> file "</script>" cannot end anything; the words have no "<" anyway.
    body = (ASSETS_DIR / SCRIPT).read_text(encoding="utf-8")
    return f"// The words the script writes (publish/ui_strings.py).\nvar GONGYUE_WORDS = {table};\n\n{body}"


def asset_files(variant: TraditionalVariant) -> dict[str, str]:
    """Every file under ``assets/gongyue/`` as published: the stylesheets as they are, the
    script with its words, the characters the Traditional search page converts."""
    files = {
        f"assets/gongyue/{name}": (
            script(variant) if name == SCRIPT else (ASSETS_DIR / name).read_text(encoding="utf-8")
        )
        for name in ASSET_NAMES
    }
    characters = search_characters(variant)
    files[CHARACTERS] = json.dumps(characters, ensure_ascii=False, sort_keys=True)
    return files
