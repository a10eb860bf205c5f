"""Numerals (policydiff.numerals): one parser for Arabic and Chinese numerals."""

from __future__ import annotations

import pytest

from policydiff import numerals


@pytest.mark.parametrize(("text", "expected"), [
    ("二十二", 22), ("两", 2), ("一万五千", 15000), ("一亿一千万", 110000000), ("1.1亿", 110000000), ("〇", 0),
    ("百", 100), ("十五", 15), ("4.3", 4.3), ("四点三", 4.3), ("１２", 12), ("不是数", None), ("", None),
])
def test_parse(text, expected) -> None:
    assert numerals.parse(text) == expected


@pytest.mark.parametrize(("text", "expected"), [("二〇二〇", 2020), ("一九九七", 1997), ("十二", 12), ("之", None), ("", None)])
def test_ordinal(text, expected) -> None:
    assert numerals.ordinal(text) == expected
