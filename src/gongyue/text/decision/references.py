"""References inside a text to its own articles (本公约第十条), kept pointing at the same
article when a decision renumbers them — a convention every real decision relies on
without saying it ("对条文顺序作相应调整"). Only references that say they are to this
text (本公约, 本章程, 本条例 …) are followed: “《民法典》第一千二百五十四条” is another
text's article and never changes. A reference to an article the decision deletes is
left as it is and reported, for the committee to look at.
"""

from __future__ import annotations

import re

from gongyue.text.numerals import NUMERAL_CHARS, cn_to_int, int_to_cn

OWN = "公约|章程|条例|规约|办法|规定|准则|守则|细则|法"
REFERENCE = re.compile(rf"(本(?:{OWN}))第([{NUMERAL_CHARS}]+)条")


def renumbered(text: str, moved: dict[int, int | None]) -> tuple[str, list[str]]:
    """``text`` with each reference to an article in ``moved`` (old number -> new number,
    None when deleted) following it; and what changed, in words."""
    said: list[str] = []

    def follow(found: re.Match[str]) -> str:
        old = cn_to_int(found.group(2))
        if old is None or old not in moved:
            return found.group(0)
        new = moved[old]
        if new is None:
            said.append(f"引用的“{found.group(0)}”已被删去，请核对")
            return found.group(0)
        changed = f"{found.group(1)}第{int_to_cn(new)}条"
        said.append(f"“{found.group(0)}”改为“{changed}”")
        return changed

    return REFERENCE.sub(follow, text), said
