"""Does a correction change what a provision means, rather than how it is spelled?

An erratum (``errata.py``) is for clerical errors: 堆方 → 堆放. Turning
``不得在楼道`` into ``可以在楼道``, 3 into 5, or one date into another is a
different rule under the same fingerprint, which only a vote can make. This
module says which of those an edit does; it judges words, never intent, and
errs on the side of asking: a committee that really corrects a transcription
error says why (``reason``) and marks it ``substantive``, and the page then
shows it where residents look first.
"""

from __future__ import annotations

import re
from collections import Counter

from gongyue.text.numerals import NUMERAL_CHARS, cn_to_int

# Words that decide whether something is required, allowed or forbidden. Longer
# words come first so that 不得 is counted as 不得, not as 不 and 得.
MODALS = "不得|禁止|严禁|不准|不许|不可|不能|不应|无须|无需|不必|应当|必须|务必|可以|允许|有权|鼓励|提倡|须|应|可"
NEGATIONS = "不|没|无|非|勿|未|否|莫|免"
_WORD = re.compile(f"{MODALS}|{NEGATIONS}")
_NUMBER = re.compile(rf"[0-9０-９]+(?:[.．][0-9０-９]+)?|[{NUMERAL_CHARS}]+")
_FULL_WIDTH = str.maketrans("０１２３４５６７８９．", "0123456789.")


def changes_in_meaning(old: str, new: str) -> list[str]:
    """What an edit from ``old`` to ``new`` changes besides spelling, in words (empty: nothing)."""
    found = []
    if _words(old) != _words(new):
        found.append(f"表示许可、禁止或否定的词（“{_listed(old)}”→“{_listed(new)}”）")
    if _numbers(old) != _numbers(new):
        found.append("数字或日期")
    return found


def _words(text: str) -> Counter[str]:
    return Counter(_WORD.findall(text))


def _listed(text: str) -> str:
    return "、".join(_WORD.findall(text)) or "无"


def _numbers(text: str) -> Counter[str]:
    """Every number in the text, whether written 3, ３ or 三, by its value."""
    values: Counter[str] = Counter()
    for written in _NUMBER.findall(text):
        plain = written.translate(_FULL_WIDTH)
        value = cn_to_int(plain) if not plain[0].isdigit() else None
        values[str(value) if value is not None else plain.lstrip("0") or "0"] += 1
    return values
