"""Procedure rules: who must attend and how many must agree, per meeting body.

Exact arithmetic only (integers, Fractions and Decimals, never floats). Every
default names its legal basis; a city can override any body's rule in
``mkdocs.yml`` under the plugin's ``rules`` option.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field, replace
from decimal import Decimal
from fractions import Fraction
from typing import Any

from gongyue.record.settings import RuleOverride, Settings
from gongyue.text.numerals import int_to_cn

_THRESHOLD = re.compile(r"^\s*(>=|≥|>)\s*(\d+)\s*/\s*(\d+)\s*$")
_WORDS = {Fraction(1, 2): "半数", Fraction(2, 3): "三分之二", Fraction(3, 4): "四分之三"}


@dataclass(frozen=True)
class Threshold:
    """``part / whole`` must exceed (strict) or reach ``fraction``."""

    fraction: Fraction
    strict: bool = True

    @classmethod
    def parse(cls, text: str) -> Threshold:
        match = _THRESHOLD.match(str(text))
        if not match:
            raise ValueError(text)
        return cls(Fraction(int(match.group(2)), int(match.group(3))), match.group(1) == ">")

    def met(self, part: int | Decimal, whole: int | Decimal) -> bool:
        if whole <= 0:
            return False
        # Cross-multiplied so that no division (and no rounding) ever happens.
        left = Fraction(part) * self.fraction.denominator
        right = Fraction(whole) * self.fraction.numerator
        return left > right if self.strict else left >= right

    def least(self, whole: int) -> int:
        """The fewest of ``whole`` that meet the threshold (过半数 of 45 is 23)."""
        bound = self.fraction * whole
        return math.floor(bound) + 1 if self.strict else math.ceil(bound)

    def words(self) -> str:
        written = f"{int_to_cn(self.fraction.denominator)}分之{int_to_cn(self.fraction.numerator)}"
        name = _WORDS.get(self.fraction, written)  # 十分之九, as a notice would say it
        if self.fraction == Fraction(1, 2):
            return "过半数" if self.strict else "半数以上"
        return f"超过{name}" if self.strict else f"{name}以上"

    def __str__(self) -> str:
        return f"{'>' if self.strict else '>='}{self.fraction}"


MORE_THAN_HALF = Threshold(Fraction(1, 2))
TWO_THIRDS = Threshold(Fraction(2, 3), strict=False)

RESIDENTS_BASIS = (
    "《中华人民共和国城市居民委员会组织法》：居民会议须有过半数出席才能举行，"
    "会议的决定由出席人的过半数通过（2018年修正文本第九条；2025年修订后见第四章）。"
)


@dataclass(frozen=True)
class BodyRule:
    quorum: Threshold  # present / eligible
    majority: Threshold  # for / present
    basis: str
    area_quorum: Threshold | None = None  # area_present / area_eligible (业主大会)
    area_majority: Threshold | None = None  # area_for / area_present


@dataclass(frozen=True)
class Rules:
    bodies: dict[str, BodyRule] = field(default_factory=dict)
    min_consultation_days: int = 7

    def for_body(self, body: str) -> BodyRule:
        return self.bodies[body]


DEFAULT_BODIES: dict[str, BodyRule] = {
    "居民会议": BodyRule(MORE_THAN_HALF, MORE_THAN_HALF, RESIDENTS_BASIS),
    "居民代表会议": BodyRule(
        MORE_THAN_HALF,
        MORE_THAN_HALF,
        "参照居民会议的规定；地方另有规定的，请在 mkdocs.yml 中修改。",
    ),
    "院落居民大会": BodyRule(
        MORE_THAN_HALF, MORE_THAN_HALF, "参照居民会议的规定（院落自治的通常做法）。"
    ),
    "坝坝会": BodyRule(
        MORE_THAN_HALF, MORE_THAN_HALF, "参照居民会议的规定（院落自治的通常做法）。"
    ),
    "院落议事会": BodyRule(
        MORE_THAN_HALF, MORE_THAN_HALF, "参照居民会议的规定（院落自治的通常做法）。"
    ),
    "业主大会": BodyRule(
        TWO_THIRDS,
        MORE_THAN_HALF,
        "《中华人民共和国民法典》第二百七十八条：专有部分面积占比三分之二以上且人数占比三分之二以上的业主"
        "参与表决；制定和修改管理规约，应经参与表决专有部分面积过半数且参与表决人数过半数的业主同意。",
        area_quorum=TWO_THIRDS,
        area_majority=MORE_THAN_HALF,
    ),
}


def rules_from_settings(settings: Settings) -> Rules:
    """The rules the site's settings make; raises ValueError with a Chinese message."""
    bodies = dict(DEFAULT_BODIES)
    for body, override in settings.rules.items():
        if body not in bodies:
            raise ValueError(f"rules 中的会议类型“{body}”不认识，可选：{' '.join(bodies)}")
        bodies[body] = _override(bodies[body], body, override)
    return Rules(bodies, settings.min_consultation_days)


THRESHOLDS = ("quorum", "majority", "area_quorum", "area_majority")


def _override(rule: BodyRule, body: str, override: RuleOverride) -> BodyRule:
    changes: dict[str, Any] = {}
    for key in THRESHOLDS:
        written = getattr(override, key)
        if written is not None:
            try:
                changes[key] = Threshold.parse(written)
            except ValueError:
                raise ValueError(
                    f"rules 中“{body}”的 {key} 写成“{written}”无法识别，"
                    "应写成 '>1/2'（过半数）或 '>=2/3'（三分之二以上）"
                ) from None
    if override.basis is not None:
        changes["basis"] = override.basis
    return replace(rule, **changes)


DEFAULT_RULES = Rules(dict(DEFAULT_BODIES))
