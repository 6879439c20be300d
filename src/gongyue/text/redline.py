"""The redline of one provision: which characters were deleted and which inserted.

Chinese has no spaces to split words on, so the unit is the character. What a
reader would not call a change never shows: whitespace, invisible characters
and the width of punctuation. Long texts are matched sentence by sentence
first, so comparing two megabytes of unnumbered text stays linear in practice.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import Literal

from gongyue.text.likeness import canonical, sentences
from gongyue.text.normalize import INVISIBLE

CHAR_DIFF_LIMIT = 6000  # characters; longer texts are first compared sentence by sentence


@dataclass(frozen=True)
class Segment:
    op: Literal["same", "ins", "del"]
    text: str


def redline(old: str, new: str) -> tuple[Segment, ...]:
    """Character-level differences; whitespace, invisible characters and width never count.

    Chinese has no spaces to split words on, so the unit is the character. The
    comparison runs on the visible characters in their compared form (full and
    half width alike); the segments carry the new text's own characters where
    both agree, so ``same`` + ``ins`` rebuilds the new text exactly and
    ``same`` + ``del`` the old one up to whitespace and width.
    """
    a_text, a_at = _visible(old)
    b_text, b_at = _visible(new)
    segments: list[Segment] = []
    na = nb = 0  # how far each original text has been emitted
    for tag, i1, i2, j1, j2 in _opcodes(a_text, b_text):
        if tag == "equal":
            end = b_at[j2 - 1] + 1
            _emit(segments, "same", new[nb:end])
            nb, na = end, a_at[i2 - 1] + 1
            continue
        if i2 > i1:
            end = a_at[i2 - 1] + 1
            _emit(segments, "del", old[na:end])
            na = end
        if j2 > j1:
            end = b_at[j2 - 1] + 1
            _emit(segments, "ins", new[nb:end])
            nb = end
    _emit(segments, "same", new[nb:])
    return tuple(_whole_numbers(segments))


_TRAILING_DIGITS = re.compile(r"[0-9０-９]+$")
_LEADING_DIGITS = re.compile(r"^[0-9０-９]+")


def _whole_numbers(segments: list[Segment]) -> list[Segment]:
    """A changed digit shows as a changed number: 131号 → 141号 reads “[131→141]号”,
    not “1[3→4]1号”. Digits next to a change move from the unchanged text into it."""
    out: list[Segment] = []
    index = 0
    while index < len(segments):
        if segments[index].op == "same":
            out.append(segments[index])
            index += 1
            continue
        end = index
        while end < len(segments) and segments[end].op != "same":
            end += 1
        out += _widen(out, segments[index:end], segments, end)
        index = end
    return [segment for segment in out if segment.text]


def _widen(
    done: list[Segment], change: list[Segment], segments: list[Segment], after: int
) -> list[Segment]:
    """``change`` (dels and inss) with the digits around it; trims the neighbours in place."""
    old = "".join(s.text for s in change if s.op == "del")
    new = "".join(s.text for s in change if s.op == "ins")
    head = tail = ""
    # Twice: digits taken in on one side can make the change begin or end with one
    # (“0号1” → “01”: the head “0” comes in, and then the “1” after it must too).
    for _ in range(2):
        if not tail and after < len(segments) and _ends_with_digit(head + old, head + new):
            found = _LEADING_DIGITS.search(segments[after].text)
            tail = found.group() if found else ""
            segments[after] = Segment("same", segments[after].text[len(tail) :])
        if (
            not head
            and done
            and done[-1].op == "same"
            and _starts_with_digit(old + tail, new + tail)
        ):
            found = _TRAILING_DIGITS.search(done[-1].text)
            head = found.group() if found else ""
            done[-1] = Segment("same", done[-1].text[: len(done[-1].text) - len(head)])
    if not head and not tail:
        return change
    return [Segment("del", head + old + tail), Segment("ins", head + new + tail)]


def _starts_with_digit(*texts: str) -> bool:
    return any(text[:1].isdigit() for text in texts)


def _ends_with_digit(*texts: str) -> bool:
    return any(text[-1:].isdigit() for text in texts)


def _emit(segments: list[Segment], op: Literal["same", "ins", "del"], text: str) -> None:
    if not text:
        return
    if segments and segments[-1].op == op:
        segments[-1] = Segment(op, segments[-1].text + text)
    else:
        segments.append(Segment(op, text))


def _visible(text: str) -> tuple[str, list[int]]:
    """The characters that count, in compared form, and where each one stands in ``text``."""
    at = [index for index, char in enumerate(text) if char not in _SKIPPED and not char.isspace()]
    return canonical_chars("".join([text[index] for index in at])), at


_SKIPPED = frozenset(INVISIBLE) | frozenset(" \n\t\r\u3000\u00a0")


def canonical_chars(text: str) -> str:
    """``canonical`` for text without whitespace: the same length, one character for one."""
    compared = canonical(text)
    return compared if len(compared) == len(text) else text


Opcode = tuple[str, int, int, int, int]


def _opcodes(
    a: str, b: str, offset_a: int = 0, offset_b: int = 0, whole: bool = True
) -> list[Opcode]:
    """Opcodes over characters; long texts are first matched sentence by sentence.

    Character matching costs the product of the lengths, so a long text is cut
    into sentences first and only the sentences that differ are compared
    character by character; a long stretch that shares no sentence is shown
    as replaced whole.
    """
    if len(a) + len(b) <= CHAR_DIFF_LIMIT:
        matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
        return [
            (tag, i1 + offset_a, i2 + offset_a, j1 + offset_b, j2 + offset_b)
            for tag, i1, i2, j1, j2 in matcher.get_opcodes()
        ]
    units_a, units_b = sentences(a), sentences(b)
    if not whole or len(units_a) <= 1 or len(units_b) <= 1:
        return [("replace", offset_a, offset_a + len(a), offset_b, offset_b + len(b))]
    starts_a, starts_b = _starts(units_a), _starts(units_b)
    found: list[Opcode] = []
    matcher = difflib.SequenceMatcher(None, units_a, units_b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        sa, ea, sb, eb = starts_a[i1], starts_a[i2], starts_b[j1], starts_b[j2]
        if tag == "equal":
            found.append(("equal", sa + offset_a, ea + offset_a, sb + offset_b, eb + offset_b))
        else:
            found += _opcodes(a[sa:ea], b[sb:eb], sa + offset_a, sb + offset_b, whole=False)
    return found


def _starts(units: list[str]) -> list[int]:
    starts = [0]
    for unit in units:
        starts.append(starts[-1] + len(unit))
    return starts
