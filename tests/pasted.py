"""A clean text turned into what committees actually paste, to test the parser against.

Each function reproduces one thing seen in texts copied from Word, PDF exports
and WeChat posts (issue 10): numbers glued to their text, lines broken at the
page width with page numbers between pages, invisible characters, Arabic
full-width numbers, and items run together on one line.
"""

from __future__ import annotations

import random
import re

from gongyue.text.numerals import cn_to_int

_NUMBERED = re.compile(
    r"^(#+ )?(第[一二三四五六七八九十百零〇两]+[条章节](?:之[一二三四五六七八九十]+)?)\s+", re.M
)
INVISIBLE = ["\u200b", "\u00ad", "\u2060", "\ufeff", "\u200c"]  # zero-width, soft hyphen…
SPACES = ["\u00a0", "\u3000", "\u202f"]  # no-break, ideographic and narrow spaces


def glued(text: str) -> str:
    """“第一条为了……”, “第一章总则”: no space after the number, no Markdown heading."""
    return _NUMBERED.sub(lambda m: m.group(2), text)


def pdf_wrapped(text: str, width: int, page_lines: int = 40) -> str:
    """Lines broken every ``width`` characters, blank lines gone, “- N -” between pages."""
    lines: list[str] = []
    for line in re.sub(r"^#+ ", "", text, flags=re.M).split("\n"):
        while len(line) > width:
            lines.append(line[:width])
            line = line[width:]
        if line.strip():
            lines.append(line)
    paged: list[str] = []
    for index, line in enumerate(lines, 1):
        paged.append(line)
        if index % page_lines == 0:
            paged.append(f"- {index // page_lines} -")
    return "\n".join(paged)


def sprinkled(text: str, rng: random.Random, rate: float = 0.03) -> str:
    """Invisible characters anywhere but in Markdown marks; other kinds of space for spaces."""
    out: list[str] = []
    for char in text:
        out.append(rng.choice(SPACES) if char == " " and rng.random() < 0.5 else char)
        if char not in "\n#*" and rng.random() < rate:
            out.append(rng.choice(INVISIBLE))
    return "".join(out)


def full_width_arabic(text: str) -> str:
    """“第１０条”: the number of every article in full-width Arabic digits."""

    def arabic(match: re.Match[str]) -> str:
        number = cn_to_int(match.group(2))
        digits = "".join(chr(ord(d) + 0xFEE0) for d in str(number))
        return f"{match.group(1) or ''}第{digits}{match.group(3)}"

    return re.sub(r"^(#+ )?第([一二三四五六七八九十百零〇两]+)(条)", arabic, text, flags=re.M)


def run_on(text: str) -> str:
    """Items of a short convention run together on one line, as in a WeChat post."""
    return re.sub(r"(?<=[。；])\n+(?=[一二三四五六七八九十]+、)", "", text)


def one_line(text: str) -> str:
    """The whole text on one line: line breaks lost on the way."""
    return re.sub(r"\n+", "", text)
