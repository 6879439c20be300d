"""Word's automatic numbering, worked out as Word shows it.

The article numbers of a Chinese charter written in Word are usually not in its text:
a paragraph says only “numbered by list 3, level 0”, and the list says “第%1条” in
``chineseCountingThousand``. This module reads the numbering part (``numbering.xml``)
— abstract definitions (``w:abstractNum``), their instances (``w:num``) with
``w:lvlOverride``/``w:startOverride``, each level's ``w:start``, ``w:numFmt``,
``w:lvlText``, ``w:lvlRestart``, ``w:isLgl`` and ``w:suff`` — and, paragraph by
paragraph in document order, gives the label Word would draw.

Counting follows Word: instances of one abstract definition continue one list; an
instance's start override restarts its level the first time the instance is used;
a level restarts after any higher level is used (unless ``w:lvlRestart`` says 0).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from lxml import etree

from gongyue.text.numerals import int_to_cn

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
LEVELS = 9


def w(tag: str) -> str:
    return f"{{{W}}}{tag}"


def attr(element: etree._Element | None, name: str = "val") -> str | None:
    return None if element is None else element.get(w(name))


@dataclass(frozen=True)
class Level:
    start: int = 1
    fmt: str = "decimal"
    text: str = "%1."
    restart: int | None = None  # w:lvlRestart: restart after this level (1-based); 0 never
    legal: bool = False  # w:isLgl: every number in the label as a decimal
    suffix: str = "tab"  # w:suff: tab, space or nothing after the label
    style: str | None = None  # w:pStyle: the paragraph style this level belongs to


def level_of(element: etree._Element) -> Level:
    start = attr(element.find(w("start")))
    restart = attr(element.find(w("lvlRestart")))
    return Level(
        start=int(start) if start and start.lstrip("-").isdigit() else 1,
        fmt=attr(element.find(w("numFmt"))) or "decimal",
        text=attr(element.find(w("lvlText"))) or "",
        restart=int(restart) if restart and restart.isdigit() else None,
        legal=element.find(w("isLgl")) is not None
        and attr(element.find(w("isLgl"))) not in ("0", "false"),
        suffix=attr(element.find(w("suff"))) or "tab",
        style=attr(element.find(w("pStyle"))),
    )


@dataclass
class Instance:
    abstract: str
    starts: dict[int, int] = field(default_factory=dict)  # w:startOverride per level
    levels: dict[int, Level] = field(default_factory=dict)  # a w:lvl inside w:lvlOverride
    used: set[int] = field(default_factory=set)


@dataclass
class Numbering:
    """The numbering part, and the counters as the document is read in order."""

    abstract: dict[str, dict[int, Level]] = field(default_factory=dict)
    instances: dict[str, Instance] = field(default_factory=dict)
    counts: dict[str, list[int | None]] = field(default_factory=dict)
    unknown_formats: set[str] = field(default_factory=set)

    @classmethod
    def read(cls, root: etree._Element | None) -> Numbering:
        numbering = cls()
        if root is not None:
            numbering.abstract = _abstracts(root)
            numbering.instances = {
                attr(num, "numId") or "": _instance(num) for num in root.iter(w("num"))
            }
        return numbering

    def level(self, num_id: str, ilvl: int) -> Level | None:
        instance = self.instances.get(num_id)
        if instance is None:
            return None
        if ilvl in instance.levels:
            return instance.levels[ilvl]
        return self.abstract.get(instance.abstract, {}).get(ilvl)

    def label(self, num_id: str, ilvl: int) -> tuple[str, Level] | None:
        """The label Word draws for the next paragraph of list ``num_id`` at ``ilvl``, and
        its level; None when the paragraph is not numbered (``numId`` 0, or undefined)."""
        instance = self.instances.get(num_id)
        level = self.level(num_id, ilvl)
        if instance is None or level is None or num_id == "0":
            return None
        counts = self.counts.setdefault(instance.abstract, [None] * LEVELS)
        if ilvl not in instance.used:
            instance.used.add(ilvl)
            if ilvl in instance.starts:
                counts[ilvl] = instance.starts[ilvl] - 1
        current = counts[ilvl]
        counts[ilvl] = (current + 1) if current is not None else level.start
        for deeper in range(ilvl + 1, LEVELS):
            below = self.level(num_id, deeper)
            if below is None or below.restart != 0:
                counts[deeper] = None
        return self._drawn(num_id, level, counts), level

    def _drawn(self, num_id: str, level: Level, counts: list[int | None]) -> str:
        text = level.text
        for k in range(LEVELS, 0, -1):  # %10 does not exist; %1 after %1x would
            placeholder = f"%{k}"
            if placeholder not in text:
                continue
            at = self.level(num_id, k - 1) or Level()
            counted = counts[k - 1]
            value = counted if counted is not None else at.start
            fmt = "decimal" if level.legal else at.fmt
            text = text.replace(placeholder, self.formatted(value, fmt))
        return text

    def formatted(self, n: int, fmt: str) -> str:
        maker = FORMATS.get(fmt)
        if maker is None:
            self.unknown_formats.add(fmt)
            return str(n)
        return maker(n)


def _abstracts(root: etree._Element) -> dict[str, dict[int, Level]]:
    """Each abstract definition's levels; a list that uses a list style (w:numStyleLink)
    takes the levels of the definition that style names (w:styleLink)."""
    found: dict[str, dict[int, Level]] = {}
    linked: dict[str, str] = {}  # abstract id -> the list style it takes its levels from
    styles: dict[str, str] = {}  # list style name -> the abstract id that defines it
    for abstract in root.iter(w("abstractNum")):
        key = attr(abstract, "abstractNumId") or ""
        found[key] = {int(attr(lvl, "ilvl") or 0): level_of(lvl) for lvl in abstract.iter(w("lvl"))}
        defines, uses = attr(abstract.find(w("styleLink"))), attr(abstract.find(w("numStyleLink")))
        if defines:
            styles[defines] = key
        if uses:
            linked[key] = uses
    for key, style in linked.items():
        if not found[key] and style in styles:
            found[key] = found[styles[style]]
    return found


def _instance(num: etree._Element) -> Instance:
    """A w:num: the definition it is an instance of, and its overrides."""
    instance = Instance(attr(num.find(w("abstractNumId"))) or "")
    for override in num.iter(w("lvlOverride")):
        ilvl = int(attr(override, "ilvl") or 0)
        start = attr(override.find(w("startOverride")))
        if start and start.lstrip("-").isdigit():
            instance.starts[ilvl] = int(start)
        lvl = override.find(w("lvl"))
        if lvl is not None:
            instance.levels[ilvl] = level_of(lvl)
    return instance


def _letters(n: int, first: str) -> str:
    """A, B, …, Z, AA, BB (Word repeats the letter)."""
    if n < 1:
        return str(n)
    return chr(ord(first) + (n - 1) % 26) * ((n - 1) // 26 + 1)


ROMAN = (
    (1000, "M"),
    (900, "CM"),
    (500, "D"),
    (400, "CD"),
    (100, "C"),
    (90, "XC"),
    (50, "L"),
    (40, "XL"),
    (10, "X"),
    (9, "IX"),
    (5, "V"),
    (4, "IV"),
    (1, "I"),
)


def _roman(n: int) -> str:
    if not 0 < n < 4000:
        return str(n)
    out = []
    for value, letters in ROMAN:
        while n >= value:
            out.append(letters)
            n -= value
    return "".join(out)


LEGAL_DIGITS = "零壹贰叁肆伍陆柒捌玖"
LEGAL_UNITS = {"十": "拾", "百": "佰", "千": "仟", "万": "万"}


def _legal(n: int) -> str:
    """壹、贰、拾壹: 大写 numerals (chineseLegalSimplified)."""
    plain = int_to_cn(n)
    if plain.startswith("十"):
        plain = "一" + plain  # 拾壹 is written 壹拾壹
    table = {d: LEGAL_DIGITS[i] for i, d in enumerate("零一二三四五六七八九")} | LEGAL_UNITS
    return "".join(table.get(c, c) for c in plain)


STEMS = "甲乙丙丁戊己庚辛壬癸"
BRANCHES = "子丑寅卯辰巳午未申酉戌亥"
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
IDEOGRAPH_DIGITS = "〇一二三四五六七八九"


def _cycle(symbols: str) -> Callable[[int], str]:
    return lambda n: symbols[(n - 1) % len(symbols)] if n >= 1 else str(n)


FORMATS: dict[str, Callable[[int], str]] = {
    "decimal": str,
    "decimalZero": lambda n: f"{n:02d}",
    "upperLetter": lambda n: _letters(n, "A"),
    "lowerLetter": lambda n: _letters(n, "a"),
    "upperRoman": _roman,
    "lowerRoman": lambda n: _roman(n).lower(),
    "chineseCounting": int_to_cn,
    "chineseCountingThousand": int_to_cn,
    "taiwaneseCounting": int_to_cn,
    "taiwaneseCountingThousand": int_to_cn,
    "japaneseCounting": int_to_cn,
    "ideographDigital": lambda n: "".join(IDEOGRAPH_DIGITS[int(d)] for d in str(n)),
    "chineseLegalSimplified": _legal,
    "ideographLegalTraditional": _legal,
    "ideographTraditional": _cycle(STEMS),
    "ideographZodiac": _cycle(BRANCHES),
    "decimalFullWidth": lambda n: "".join(chr(0xFF10 + int(d)) for d in str(n)),
    "decimalFullWidth2": lambda n: "".join(chr(0xFF10 + int(d)) for d in str(n)),
    "decimalHalfWidth": str,
    "decimalEnclosedCircle": lambda n: CIRCLED[n - 1] if 1 <= n <= 20 else f"({n})",
    "decimalEnclosedCircleChinese": lambda n: CIRCLED[n - 1] if 1 <= n <= 20 else f"({n})",
    "decimalEnclosedParen": lambda n: f"({n})",
    "decimalEnclosedFullstop": lambda n: f"{n}.",
    "ordinal": lambda n: f"{n}.",
    "cardinalText": str,
    "ordinalText": str,
    "bullet": lambda n: "",
    "none": lambda n: "",
}
