"""Numerals (policydiff.numerals): one parser for Arabic and Chinese numerals."""

from __future__ import annotations

import pytest

from policydiff import numerals


@pytest.mark.parametrize(("text", "expected"), [
    ("二十二", 22), ("两", 2), ("一万五千", 15000), ("一亿一千万", 110000000), ("1.1亿", 110000000), ("〇", 0),
    ("百", 100), ("十五", 15), ("4.3", 4.3), ("四点三", 4.3), ("１２", 12), ("不是数", None), ("", None),
    ("60,000", 60000), ("一百零五", 105), ("一百五", 150), ("三万亿", 3 * 10**12), ("一百十", 110), ("三五零", 350),
    # Not numerals: powers out of order, a small power after 万, a large power twice, a bare 点
    ("一百一千", None), ("一万千", None), ("万万", None), ("三点", None), ("零万", None), ("千百", None), ("零百", None),
    # An Arabic number scaled by Chinese powers
    ("3千", 3000), ("1.5万", 15000), ("3千万", 30_000_000),
])
def test_parse(text, expected) -> None:
    assert numerals.parse(text) == expected


@pytest.mark.parametrize(("text", "expected"), [("二〇二〇", 2020), ("一九九七", 1997), ("十二", 12), ("之", None), ("", None)])
def test_ordinal(text, expected) -> None:
    assert numerals.ordinal(text) == expected


def test_parse_agrees_with_cn2an() -> None:
    """Every number cn2an writes from 0 to 200,000 (every 7th) and beyond, and the spoken short
    forms, read as cn2an reads them."""
    import cn2an  # a test dependency (pyproject's test extra), the reference
    numbers = [*range(0, 200_001, 7), 10**8 + 5, 1_234_567_890, 3 * 10**12]
    words = [cn2an.an2cn(n) for n in numbers] + ["一百二", "七千五", "一万五", "十五万", "二十万五", "两千", "零五"]
    differ = [(w, numerals.parse(w), cn2an.cn2an(w, "smart")) for w in words
              if numerals.parse(w) != cn2an.cn2an(w, "smart")]
    assert differ == []
