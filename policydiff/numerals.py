"""Numerals: the characters Chinese numerals are written with, and the one parser of them.

``parse`` reads Arabic and Chinese numerals alike (二十二 → 22, 1.1亿 → 110000000, 二〇二〇 →
2020, 百 → 100); ``ordinal`` reads the number of a label or a date part as an int (第十二条 →
12, 二〇二〇年 → 2020). Quantities, labels, dates and version markers all read numbers here.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
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


@lru_cache(maxsize=1 << 14)
def parse(text: str) -> Number | None:
    """The value of an Arabic or Chinese numeral, or None when ``text`` is not one.

    Examples: ``二十二`` → 22, ``1.1亿`` → 110000000, ``十五`` → 15, ``百`` → 100, ``１２`` → 12,
    ``60,000`` → 60000.
    """
    text = text.translate(FULL_WIDTH)
    if not text:
        return None
    if _ARABIC.fullmatch(text):
        return _plain(Decimal(text.replace(",", "")))
    import cn2an  # imported here: it takes 0.2 s to load, and most texts have Arabic numbers only

    if text[:1] in "百千万亿":  # 百 → 一百: cn2an needs the leading 一 except before 十
        text = "一" + text
    try:
        return _plain(Decimal(str(cn2an.cn2an(text, "smart"))))
    except (ValueError, InvalidOperation, KeyError, IndexError, TypeError):
        return None


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
