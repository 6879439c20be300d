"""Text as committees paste it, made uniform once, before parsing and comparing.

Charters arrive from Word, PDF exports and WeChat posts. Those carry characters
a reader never sees but a program does: a zero-width space inside ``第三条``
hides the article, a no-break space makes two equal sentences differ. This
module is the one place that decides what such characters mean
(the guide's “从 Word、PDF、微信复制的文本” section documents it):

* invisible characters are dropped: zero-width space, zero-width non-joiner,
  word joiner, byte-order mark, soft hyphen, left-to-right and right-to-left
  marks, bidirectional embeddings and isolates (which can also make text read
  differently from how it is stored), the Mongolian vowel separator, and a
  zero-width joiner unless it joins emoji;
* every other kind of space (no-break, ideographic 　, thin, figure, …) and
  the Unicode line and paragraph separators become an ordinary space;
* full-width Latin letters and digits (``第１条``, ``Ａ栋``) become ASCII;
  full-width Chinese punctuation is left as it is.

Line breaks are kept, so line numbers in messages still match the file. The
fingerprint of an adopted text is computed from the file as written, never
from this form: a printed fingerprint does not change when this module does.
"""

from __future__ import annotations

import re

_INVISIBLE = (
    "\u00ad"  # soft hyphen
    "\u034f"  # combining grapheme joiner
    "\u180e"  # Mongolian vowel separator
    "\u200b\u200c"  # zero-width space, zero-width non-joiner
    "\u200e\u200f"  # left-to-right and right-to-left marks
    "\u202a\u202b\u202c\u202d\u202e"  # bidirectional embeddings and overrides
    "\u2060\u2061\u2062\u2063\u2064"  # word joiner and invisible operators
    "\u2066\u2067\u2068\u2069"  # bidirectional isolates
    "\ufeff"  # byte-order mark, or zero-width no-break space inside text
)
_SPACES = (
    "\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
    "\u202f\u205f\u3000\u2028\u2029\u0085"
)
_FULL_WIDTH = [
    *range(0xFF10, 0xFF1A),
    *range(0xFF21, 0xFF3B),
    *range(0xFF41, 0xFF5B),
]  # ０-９Ａ-Ｚａ-ｚ
_TABLE: dict[int, str | None] = {ord(c): None for c in _INVISIBLE}
_TABLE |= {ord(c): " " for c in _SPACES}
_TABLE |= {code: chr(code - 0xFEE0) for code in _FULL_WIDTH}

# A zero-width joiner builds one emoji out of several (👨‍👩‍👧); anywhere else it is noise.
_STRAY_JOINER = re.compile(r"(?<![\U0001F000-\U0001FAFF\u2600-\u27BF\uFE0F])\u200d")

INVISIBLE = frozenset(_INVISIBLE + "\u200d")


def normalize(text: str) -> str:
    """The text with invisible characters removed and space and width variants unified."""
    if text.isascii():
        return text
    return _STRAY_JOINER.sub("", text).translate(_TABLE)
