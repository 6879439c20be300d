"""Chinese numerals as written in charters: 一, 十二, 二十三, 一百零五, 〇."""

from __future__ import annotations

DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
UNITS = {"十": 10, "百": 100, "千": 1000}
NUMERAL_CHARS = "".join(DIGITS) + "".join(UNITS)


def cn_to_int(text: str) -> int | None:
    """Parse a Chinese (or Arabic) numeral; None when it is not one."""
    if not text:
        return None
    if text.isdigit() and text.isascii():
        return int(text)
    total, current = 0, 0
    for char in text:
        if char in DIGITS:
            current = DIGITS[char]
        elif char in UNITS:
            total += (current or 1) * UNITS[char]
            current = 0
        else:
            return None
    return total + current


def int_to_cn(number: int) -> str:
    """Write 1..9999 the way charters number articles: 十, 十一, 二十, 一百零五."""
    if number == 0:
        return "零"
    names = "零一二三四五六七八九"
    parts: list[str] = []
    zero_pending = False
    for unit_value, unit_name in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit = number // unit_value % 10
        if digit == 0:
            zero_pending = bool(parts)
            continue
        if zero_pending:
            parts.append("零")
            zero_pending = False
        parts.append(names[digit] + unit_name)
    text = "".join(parts)
    # 十一 not 一十一 when the number starts with ten.
    return text[1:] if 10 <= number < 20 else text
