"""The marks a charter's structure is written with, and what a line ending says.

Shared by the line reader (``reading``) and the clause splitter (``articles``):
article, chapter and item numbers in every form committees type them, the
lines a PDF leaves between pages, and whether a line finishes a sentence.
"""

from __future__ import annotations

import re

from gongyue.text.numerals import NUMERAL_CHARS, cn_to_int

_N = NUMERAL_CHARS
_NUM = rf"[{_N}\d][{_N}\d ]*?"  # PDF text may space out 第 十 二 条
# 条/條 and 节/節: residents in Traditional-script communities write the same structure.
CHAPTER = re.compile(rf"^第 ?({_NUM}) ?章(?P<sep>[ ：:]*)(?P<rest>.*)$")
SECTION = re.compile(rf"^第 ?({_NUM}) ?[节節](?P<sep>[ ：:]*)(?P<rest>.*)$")
ARTICLE = re.compile(
    rf"^第 ?({_NUM}) ?[条條](?:之 ?([{_N}\d]+))?(?P<sep>[ ：:、.．]*)(?P<rest>.*)$"
)
CN_ITEM = re.compile(rf"^([{_N}]+) ?(?P<sep>[、，.．])\s*(?P<rest>.*)$")
NUM_ITEM = re.compile(r"^(\d{1,3}) ?(?P<sep>[.．、])(?!\d)\s*(?P<rest>.*)$")
ITEM = re.compile(rf"^[（(]([{_N}]+)[）)]\s*")
CIRCLED = re.compile(r"^[\u2460-\u2473]\s*")  # ① … ⑳
SUB_ITEM = re.compile(r"^(?:[（(](\d{1,2})[）)]|(\d{1,2})[.．、](?!\d))\s*")
HEADING = re.compile(r"^#{1,6}\s+")
CLOSING = re.compile(r"^(本.{0,12}(自|从|于).{0,30}(施行|生效|执行)|本.{0,12}解释|\d{4}\s*年)")
# A number after a finished sentence on the same line (WeChat posts lose line breaks);
# an article number only when set off from its text: “。第二十条规定的……” is a reference.
RUN_ON_ARTICLE = re.compile(rf"[。；！？]\s*(第([{_N}\d]+)[条條])[ ：:]")
RUN_ON_CN_ITEM = re.compile(rf"[。；！？]\s*(([{_N}]+)[、．.])")
RUN_ON_NUM_ITEM = re.compile(r"[。；！？]\s*((\d{1,3})[、．.])(?!\d)")
# What a PDF leaves between pages: “- 3 -”, “第 3 页 共 12 页”, “3/12”.
PAGE_NUMBER = re.compile(
    r"^(?:[-—–－]\s*\d{1,4}\s*[-—–－]|第\s*\d{1,4}\s*页(?:\s*[,，]?\s*共\s*\d{1,4}\s*页)?"
    r"|\d{1,4}\s*/\s*\d{1,4})$"
)

TERMINAL = frozenset("。；！？：…;:!?")
_BRACKETED = re.compile(r"^[（(【][^（()）【】]*[）)】]$")
_CLOSERS = "”’』」）)】》\"'*"
HEADING_MAX = 20  # an unnumbered heading or a glued chapter title is a short line
WRAP_MIN = 12  # a line broken by a page's width is at least this long


def ends_block(text: str) -> bool:
    """A finished sentence, or a line too short to have been broken by a page's width."""
    return ends_sentence(text) or len(text.strip()) < WRAP_MIN


def ends_sentence(text: str) -> bool:
    """A line ends a sentence with 。；：… or is one bracketed note such as “（删去）”."""
    text = text.rstrip()
    if _BRACKETED.match(text):
        return True
    text = text.rstrip(_CLOSERS)
    return bool(text) and text[-1] in TERMINAL


def is_heading_like(text: str) -> bool:
    """A short line that is no sentence: a title such as “附则” or “文明风尚”."""
    return (
        0 < len(text) <= HEADING_MAX
        and not ends_sentence(text)
        and not any(ch in text for ch in "，。；,")
        and not PAGE_NUMBER.match(text)
        and not CLOSING.match(text)
    )


def number_of(text: str) -> int | None:
    """The value of a number as written, spaces (from PDF text) ignored."""
    return cn_to_int(text.replace(" ", ""))
