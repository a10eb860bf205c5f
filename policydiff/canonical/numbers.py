"""Quantities: numbers with their units, ranges and comparators, 万/亿 applied."""

from __future__ import annotations

import re

from policydiff import numerals
from policydiff.canonical.dates import dates
from policydiff.canonical.records import Quantity
from policydiff.canonical.references import references
from policydiff.canonical.spans import SpanIndex, _overlaps
from policydiff.model import Comparator, Span
from policydiff.numerals import Number
from policydiff.rules import RulePack

# Not after a letter, a digit or 第: PM2.5, 第二轮 and the tail of 第一百二十二条 are no quantities;
# nor the tail of a grouped number (60,000).
_NUMBER = re.compile(rf"(?<![A-Za-z0-9.第{numerals.CHINESE}])(?<!\d,)(?:{numerals.ARABIC}|[{numerals.CHINESE}]+)")


def quantities(text: str, *, rules: RulePack, taken: list[Span] | None = None) -> tuple[Quantity, ...]:
    """Numbers with their units, ranges and comparators, 万/亿 applied.

    Dates and numbers inside citations are not quantities (DESIGN.md §4), nor are ordinals
    (第二轮) or the digits of a name (PM2.5). A Chinese numeral counts only with a unit, so
    that 十九大 and 国三 are not numbers.

    Examples:
        ``每小时35蒸吨以下`` → 35 蒸吨 ``<=``; ``1.1亿吨`` → 110000000 吨 ``=``;
        ``超过45米`` → 45 米 ``>``; ``1-2家`` → range (1, 2) 家;
        ``处1万元以上2万元以下的罚款`` → range (10000, 20000) 元.

    ``taken``: the spans of the text's dates and references when already read (``reading``);
    read here otherwise.
    """
    folded = text.translate(numerals.FULL_WIDTH)
    if taken is None:
        taken = [t.span for t in dates(text, rules=rules)] + [r.span for r in references(text, rules=rules)]
    taken = list(taken)
    found: list[Quantity] = []
    for match in rules.units.fraction_pattern.finditer(folded):  # 百分之八十, 千分之五
        value = numerals.parse(match["num"])
        if value is not None and not _overlaps(match.span(), taken):
            unit = rules.units.fractions[match["word"]]
            found.append(_quantity(folded, text, match.start(), match.end(), value, None, unit, rules))
            taken.append(match.span())
    position = 0
    index = SpanIndex(taken)
    for match in _NUMBER.finditer(folded):
        if match.start() < position or index.overlaps(match.span()):
            continue
        parsed = _read_quantity(folded, match, rules)
        if parsed is None:
            continue
        end, value, high, unit = parsed
        found.append(_quantity(folded, text, match.start(), end, value, high, unit, rules))
        position = found[-1].span[1]
    return _merge_bounds(sorted(found, key=lambda q: q.span))


def _read_quantity(
    folded: str, match: re.Match[str], rules: RulePack
) -> tuple[int, Number, Number | None, str | None] | None:
    """Read the number at ``match``, its multiplier and unit, and the second number of a range."""
    digits = match.group()
    chinese = not digits[0].isdigit()
    # A Chinese numeral may end in a character that starts a unit (三千瓦): try shorter reads.
    for cut in range(len(digits), 0, -1) if chinese else (len(digits),):
        value = numerals.parse(digits[:cut])
        if value is None:
            continue
        factor, end = _multiplier_at(folded, match.start() + cut, rules, allow=not chinese)
        unit, end = _unit_at(folded, end, rules)
        high = None
        separator = rules.comparators.range_separator.match(folded, end)
        second = _NUMBER.match(folded, separator.end()) if separator else None
        if second and second.group()[0].isdigit() != chinese:
            high_value = numerals.parse(second.group())
            high_factor, after = _multiplier_at(folded, second.end(), rules, allow=not chinese)
            high_unit, after = _unit_at(folded, after, rules)
            if high_value is not None and high_unit is not None and unit in (None, high_unit):
                # 1-2万吨: a multiplier written once, after the second number, applies to both.
                factor = factor if factor != 1 or unit is not None else high_factor
                unit, high, end = high_unit, numerals.scaled(high_value, high_factor), after
        if chinese and unit is None:
            continue
        if unit is None and high is None and re.match(r"[.．、)）](?![0-9])", folded[end:end + 2]):
            return None  # the label of a list item: 1. 2、 (1)
        return end, numerals.scaled(value, factor), high, unit
    return None


def _multiplier_at(folded: str, end: int, rules: RulePack, *, allow: bool) -> tuple[int, int]:
    """The factor of 万/亿 written after an Arabic number, unless a unit starts there (5千米, 30万千瓦)."""
    if not allow or _unit_at(folded, end, rules)[0] is not None:
        return 1, end
    for word, factor in sorted(rules.units.multipliers.items(), key=lambda item: -len(item[0])):
        if folded.startswith(word, end):
            return factor, end + len(word)
    return 1, end


def _unit_at(folded: str, position: int, rules: RulePack) -> tuple[str | None, int]:
    for rule in rules.units.units:  # longest first
        if folded.startswith(rule.unit, position):
            return rule.reads_as, position + len(rule.unit)
    return None, position


def _quantity(folded: str, text: str, start: int, end: int, value: Number, high: Number | None,
              unit: str | None, rules: RulePack) -> Quantity:
    comparator = Comparator.EQ
    before = rules.comparators.before_pattern.search(folded, max(0, start - 12), start)
    if before:
        comparator = Comparator.of_sign(rules.comparators.before[before["word"] or before["letter"]])
    after = rules.comparators.after_pattern.match(folded, end)
    if after:  # the word after the number decides (达到80%以上)
        comparator = Comparator.of_sign(rules.comparators.after[after.group()])
        end = after.end()
    if high is not None and before is None:
        comparator = Comparator.EQ  # 1-2家: the range itself; 至少树立1-2家 keeps >=
    per = _per_unit(folded, start, unit, rules)
    unit = per or unit
    rule = rules.units.find(unit) if unit else None
    return Quantity(
        value=value,
        unit=unit,
        unit_code=rule.code if rule else None,
        dimension=rule.dimension if rule else None,
        comparator=comparator,
        range=(value, high) if high is not None else None,
        text=text[start:end],
        span=(start, end),
    )


def _per_unit(folded: str, start: int, unit: str | None, rules: RulePack) -> str | None:
    """The rate a ``per`` word before the number makes of its unit, when units.toml lists it:
    每小时35蒸吨 → 蒸吨/小时, as 35蒸吨/小时 is written."""
    if unit is None:
        return None
    for word, per in rules.units.per.items():
        if folded.endswith(word, 0, start) and rules.units.find(f"{unit}/{per}") is not None:
            return f"{unit}/{per}"
    return None


def _merge_bounds(found: list[Quantity]) -> tuple[Quantity, ...]:
    """Join a lower and an upper bound written in a row: 1万元以上2万元以下 → (10000, 20000)."""
    merged: list[Quantity] = []
    for quantity in found:
        last = merged[-1] if merged else None
        if (last is not None and last.range is None and quantity.range is None
                and last.span[1] == quantity.span[0] and last.unit == quantity.unit
                and last.comparator in (Comparator.GE, Comparator.GT)
                and quantity.comparator in (Comparator.LE, Comparator.LT)):
            merged[-1] = Quantity(last.value, last.unit, last.unit_code, last.dimension, Comparator.EQ,
                                  (last.value, quantity.value), last.text + quantity.text,
                                  (last.span[0], quantity.span[1]))
        else:
            merged.append(quantity)
    return tuple(merged)
