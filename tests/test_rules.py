"""Thresholds in exact arithmetic, and their configuration."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gongyue.procedure.rules import MORE_THAN_HALF, TWO_THIRDS, Threshold, rules_from_settings
from gongyue.record.settings import read_settings


def test_more_than_half_is_strict():
    assert MORE_THAN_HALF.met(23, 45)
    assert not MORE_THAN_HALF.met(22, 44)
    assert not MORE_THAN_HALF.met(0, 0)


def test_two_thirds_inclusive_with_exact_decimals():
    assert TWO_THIRDS.met(Decimal("666.67"), Decimal("1000.00"))
    assert not TWO_THIRDS.met(Decimal("666.66"), Decimal("1000.00"))
    assert TWO_THIRDS.met(2, 3)


@given(st.integers(0, 10**6), st.integers(1, 10**6))
def test_threshold_agrees_with_fractions(part, whole):
    assert MORE_THAN_HALF.met(part, whole) == (Fraction(part, whole) > Fraction(1, 2))
    assert TWO_THIRDS.met(part, whole) == (Fraction(part, whole) >= Fraction(2, 3))


@pytest.mark.parametrize(
    ("text", "expected"), [(">1/2", MORE_THAN_HALF), (">= 2/3", TWO_THIRDS), ("≥2/3", TWO_THIRDS)]
)
def test_parse(text, expected):
    assert Threshold.parse(text) == expected


@pytest.mark.parametrize(
    ("options", "words"),
    [
        ({"rules": {"居委会": {}}}, "不认识"),
        ({"rules": {"坝坝会": {"quorum": "half"}}}, "无法识别"),
        ({"rules": {"坝坝会": {"quorom": ">1/2"}}}, "“rules.坝坝会.quorom”不是 gongyue 的设置"),
        ({"rules": {"坝坝会": ">1/2"}}, "rules.坝坝会 写成“>1/2”不合要求"),
        ({"min_consultation_days": -1}, "min_consultation_days 写成“-1”"),
        ({"min_consultation_days": "7"}, "写一个整数"),
    ],
)
def test_bad_options_are_explained(options, words):
    with pytest.raises(ValueError, match=words):
        rules_from_settings(read_settings(options))
