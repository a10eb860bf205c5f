"""Numerals: the characters Chinese numerals are written with, and the one parser of them.

``parse`` reads Arabic and Chinese numerals alike (二十二 → 22, 1.1亿 → 110000000, 二〇二〇 →
2020, 百 → 100); ``ordinal`` reads the number of a label or a date part as an int (第十二条 →
12, 二〇二〇年 → 2020). Quantities, labels, dates and version markers all read numbers here.
"""

from __future__ import annotations

import re
from decimal import Decimal
from functools import lru_cache

DIGITS = "零〇一二两三四五六七八九"
"""The digit characters of a Chinese numeral (两 as in 两万, 〇 and 零 as in 二〇二〇)."""
POWERS = "十百千万亿"
CHINESE = DIGITS + POWERS
"""Every character of a Chinese numeral: a regex class is written ``[{CHINESE}]``."""

Number = int | float

FULL_WIDTH = str.maketrans("０１２３４５６７８９％．－～／", "0123456789%.-~/")
"""Full-width digits and marks as their ASCII forms (what a number is read in)."""
ARABIC = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
"""An Arabic number, its thousands grouped or not (60,000; 12.5): a regex, without anchors."""
_ARABIC = re.compile(ARABIC)


_DIGIT_VALUE = {char: value for value, chars in enumerate(("零〇", "一", "二两", "三", "四", "五", "六", "七", "八", "九"))
                for char in chars}
_SMALL_POWER = {"十": 10, "百": 100, "千": 1000}
_LARGE_POWER = {"万": 10_000, "亿": 100_000_000}
_POWER = {**_SMALL_POWER, **_LARGE_POWER}
_SCALED_ARABIC = re.compile(rf"(?P<number>{ARABIC})(?P<powers>[{POWERS}]+)")


@lru_cache(maxsize=1 << 14)
def parse(text: str) -> Number | None:
    """The value of an Arabic or Chinese numeral, or None when ``text`` is not one.

    Examples: ``二十二`` → 22, ``1.1亿`` → 110000000, ``十五`` → 15, ``百`` → 100, ``１２`` → 12,
    ``60,000`` → 60000, ``二〇二〇`` → 2020, ``一百零五`` → 105, ``三点五`` → 3.5.
    """
    text = text.translate(FULL_WIDTH)
    if not text:
        return None
    if _ARABIC.fullmatch(text):
        return _plain(Decimal(text.replace(",", "")))
    scaled_arabic = _SCALED_ARABIC.fullmatch(text)
    if scaled_arabic:  # 1.1亿
        factor = 1
        for power in scaled_arabic["powers"]:
            factor *= _POWER[power]
        return _plain(Decimal(scaled_arabic["number"].replace(",", "")) * factor)
    whole, point, fraction = text.partition("点")
    value = _chinese_integer(whole)
    if value is None or (point and not fraction):
        return None
    if not point:
        return value
    if any(char not in _DIGIT_VALUE for char in fraction):
        return None
    return _plain(Decimal(f"{value}." + "".join(str(_DIGIT_VALUE[char]) for char in fraction)))


def _chinese_integer(text: str) -> int | None:
    """A Chinese integer: digits read by position (二〇二〇) or with powers (一百零五, 十五,
    三千万, 一亿二千万, 三万亿: 亿 multiplies all before it; 一百五 is 150, as spoken); None when
    the characters do not make one."""
    if not text or any(char not in _DIGIT_VALUE and char not in _SMALL_POWER and char not in _LARGE_POWER
                       for char in text):
        return None
    if all(char in _DIGIT_VALUE for char in text):
        return int("".join(str(_DIGIT_VALUE[char]) for char in text))
    total = section = 0
    digit: int | None = None
    last_power: int | None = None
    """The power just before ``digit`` (None after 零): 一百五 is 一百五十."""
    last_small = last_large = None
    for char in text:
        if char in _DIGIT_VALUE:
            if digit not in (None, 0):
                return None  # 三五: two digits with no power between them
            digit = _DIGIT_VALUE[char]
            if digit == 0:
                last_power = None
        elif char in _SMALL_POWER:
            power = _SMALL_POWER[char]
            if last_small is not None and power >= last_small:
                return None  # 一百一千: powers must fall within a section
            if digit == 0:
                return None  # 零百: 零 stands only between powers
            if digit is None:
                if (total or section) and char != "十":
                    return None  # 一万千, 千百: no digit after a power, but 一百十
                digit = 1  # 十五, 百, 一百十 (一 understood)
            section += digit * power
            digit, last_small, last_power = None, power, power
        else:
            power = _LARGE_POWER[char]
            if power == last_large:
                return None  # 万万: a large power twice in a row
            if digit == 0:
                return None  # 零万
            amount = section + (digit or 0)
            if amount == 0 and total == 0:
                amount = 1  # 万, 亿 (一 understood)
            if power == 100_000_000:
                total = (total + amount) * power
            else:
                total += amount * power
            section, digit, last_small, last_power, last_large = 0, None, None, power, power
    if digit and last_power is not None and last_power >= 100:
        digit *= last_power // 10  # 一百五, 七千五, 一万五
    return total + section + (digit or 0)


def ordinal(text: str) -> int | None:
    """A whole number written in ``text`` (a label's or a date's), or None."""
    value = parse(text)
    return int(value) if value is not None and value == int(value) else None


def scaled(value: Number, factor: int) -> Number:
    """``value`` × ``factor``, exactly: 1.1 and 亿 make 110000000, not 110000000.00000001."""
    return _plain(Decimal(str(value)) * factor) if factor != 1 else value


def _plain(value: Decimal) -> Number:
    """An int when whole (1.1 × 10⁸ is 110000000, not 110000000.00000001), else a float."""
    return int(value) if value == value.to_integral_value() else float(value)
