"""Canonical values of policy text: what a passage says, whatever words it uses.

Helpers of the classification stage (STYLE.md point 4). Each maps surface words to a
canonical vocabulary — 不超过 → ``Comparator.LE``, 应当 → ``Modality.MANDATORY``,
发改委 → 国家发展和改革委员会, 2020年12月底前 → 2020-12-31 — so that two versions are
compared by meaning rather than by spelling. All are pure: a text and a rule pack in, a
tuple of frozen records out, in text order, each with the span it was read from
(half-open, into the text given) and that text.

Vocabulary comes from the rule pack (``extractors/*.toml``); what is code here is only
grammar that is the same for every document (how a number, a unit and a comparator follow
one another, how many days a month has).
"""

from __future__ import annotations

import calendar
import re
from bisect import bisect_left
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from itertools import accumulate

from policydiff import numerals
from policydiff.model import Comparator, Modality, Span
from policydiff.numerals import Number
from policydiff.rules import ActorEntry, RulePack


class TimeKind(StrEnum):
    DEADLINE = "deadline"
    """By a day: 2020年12月底前 (``end`` only)."""
    DATE = "date"
    """On a day: 2020年10月28日 (``start`` = ``end``)."""
    FROM = "from"
    """From a day on: 自2020年9月起 (``start`` only)."""
    PERIOD = "period"
    """A stretch of time: 2020年10-12月, 一季度, "十四五"期间."""
    FUZZY = "fuzzy"
    """A season or a vague time kept as text: 采暖季前, 秋冬季 (no dates)."""


@dataclass(frozen=True, slots=True)
class Mention:
    """A word or phrase of one canonical class (a condition, a scope word, an action verb)."""

    text: str
    span: Span


@dataclass(frozen=True, slots=True)
class Quantity:
    """A number with its unit and comparator: 1.1亿吨 → 110000000 吨."""

    value: Number
    """With 万/亿 applied; the lower bound of a range."""
    unit: str | None
    """As written without the multiplier (吨, 蒸吨/小时); None for a bare number."""
    unit_code: str | None
    """UCUM code (t, kW, %); None when UCUM has none or there is no unit."""
    dimension: str | None
    """What the unit measures (mass, concentration …); None for a bare number."""
    comparator: Comparator
    range: tuple[Number, Number] | None
    """(low, high) for 1-2家 or 1万元以上2万元以下; None for a single number."""
    text: str
    span: Span

    @property
    def key(self) -> tuple[object, ...]:
        """What two quantities must share to be the same: 千米 and 公里 are both km."""
        return (self.value, self.unit_code or self.unit, self.comparator, self.range)


@dataclass(frozen=True, slots=True)
class Timing:
    """A date, deadline or period: 2021年3月底前 → deadline 2021-03-31."""

    kind: TimeKind
    start: str | None
    """ISO date ``2020-10-01``, or ``--10-01`` when the text gives no year; None if open."""
    end: str | None
    """Likewise; the deadline of a DEADLINE."""
    text: str
    span: Span

    @property
    def key(self) -> tuple[object, ...]:
        if self.kind is TimeKind.FUZZY:
            return (self.kind, self.text)
        return (self.kind, self.start, self.end)


@dataclass(frozen=True, slots=True)
class Modal:
    """A modal word and its level: 鼓励 → encouraged."""

    level: Modality
    trigger: str
    span: Span


@dataclass(frozen=True, slots=True)
class Actor:
    """A region, body or generic actor: 河北 → 河北省, 国电投 → 国家电力投资集团有限公司."""

    name: str
    """Canonical name (the whole match for a department named by function)."""
    kind: str
    """province, city, prefecture, area, region, ministry, soe …, department or generic."""
    text: str
    span: Span

    @property
    def generic(self) -> bool:
        """各地, 有关部门, 企业: someone, but no one named."""
        return self.kind == "generic"


@dataclass(frozen=True, slots=True)
class Reference:
    """A citation: 《技术指南》, 第三十条, 附件1, 等5部门."""

    kind: str
    """title, article, annex, issuer or law."""
    key: str
    """The citation without brackets: 技术指南, 第三十条."""
    pointer: bool
    """True when only pointed to (详见附件1); False when a duty rests on it (按照《…》)."""
    text: str
    span: Span


# --- numbers --------------------------------------------------------------------------------

# Not after a letter, a digit or 第: PM2.5, 第二轮 and the tail of 第一百二十二条 are no quantities;
# nor the tail of a grouped number (60,000).
_NUMBER = re.compile(rf"(?<![A-Za-z0-9.第{numerals.CHINESE}])(?<!\d,)(?:{numerals.ARABIC}|[{numerals.CHINESE}]+)")
_PERCENT_WORDS = re.compile(rf"百分之(?P<num>\d+(?:\.\d+)?|[{numerals.CHINESE}点]+)")


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
    for match in _PERCENT_WORDS.finditer(folded):
        value = numerals.parse(match["num"])
        if value is not None and not _overlaps(match.span(), taken):
            found.append(_quantity(folded, text, match.start(), match.end(), value, None, "%", rules))
            taken.append(match.span())
    position = 0
    index = _SpanIndex(taken)
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
            return rule.unit, position + len(rule.unit)
    return None, position


def _quantity(folded: str, text: str, start: int, end: int, value: Number, high: Number | None,
              unit: str | None, rules: RulePack) -> Quantity:
    comparator = Comparator.EQ
    before = rules.comparators.before_pattern.search(folded, max(0, start - 12), start)
    if before:
        comparator = Comparator(rules.comparators.before[before["word"] or before["letter"]])
    after = rules.comparators.after_pattern.match(folded, end)
    if after:  # the word after the number decides (达到80%以上)
        comparator = Comparator(rules.comparators.after[after.group()])
        end = after.end()
    if high is not None:
        comparator = Comparator.EQ
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


def _overlaps(span: Span, spans: list[Span]) -> bool:
    """Linear check, for the few spans found while scanning (percentages)."""
    return any(span[0] < end and start < span[1] for start, end in spans)


class _SpanIndex:
    """Spans to test for overlap in O(log n): a whole document's dates, citations or names
    are checked against every number or word found, which a linear scan makes quadratic."""

    def __init__(self, spans: list[Span]) -> None:
        ordered = sorted(spans)
        self._starts = [start for start, _ in ordered]
        self._max_end = list(accumulate((end for _, end in ordered), max))

    def overlaps(self, span: Span) -> bool:
        # Spans starting before ``span`` ends are a prefix; one of them overlaps iff the
        # furthest end among them lies beyond ``span``'s start.
        before = bisect_left(self._starts, span[1])
        return before > 0 and self._max_end[before - 1] > span[0]


# --- dates ------------------------------------------------------------------------------------

_Y = r"\d{4}|[〇零一二三四五六七八九]{4}"
_MD = r"\d{1,2}|[一二三四五六七八九十]{1,3}"
_SEP = r"\s?[-—–~～至到]\s?"


@cache
def _date_pattern(named: tuple[str, ...], fuzzy: tuple[str, ...], plans: tuple[str, ...],
                  suffixes: tuple[tuple[str, tuple[str, ...]], ...]) -> re.Pattern[str]:
    """The grammar of dates; the words come from lexicon.toml [dates]. Each form takes the
    suffix classes that make sense after it (a month takes all but ``after``; a day takes
    ``before``, ``from`` and ``after``; a named period ``before`` and ``end``)."""
    named_words = "|".join(re.escape(word) for word in sorted(named, key=len, reverse=True)) or "(?!)"
    fuzzy_words = "|".join(re.escape(word) for word in fuzzy) or "(?!)"
    plan_words = "|".join(re.escape(word) for word in plans) or "(?!)"
    classes = dict(suffixes)

    def suffix(*names: str) -> str:
        words = sorted({word for name in names for word in classes[name]}, key=lambda word: (-len(word), word))
        return "|".join(re.escape(word) for word in words)

    day, month, part = suffix("before", "from", "after"), suffix("end", "before", "from"), suffix("before", "end")
    # Every alternative starts with a digit, a numeral, a quotation mark or a word's first
    # character: a look-ahead on those lets the engine skip every other position at once.
    starts = "".join(sorted({word[0] for word in (*named, *fuzzy, *plans)} | set("〇零一二三四五六七八九十“\"")))
    return re.compile(
        rf"(?=[\d{re.escape(starts)}])"
        r"(?:(?P<iso>(?<!\d)(?P<iy>\d{4})-(?P<im>\d{1,2})-(?P<id>\d{1,2})(?!\d))"
        rf"|(?P<yrange>(?P<ra>{_Y})(?:{_SEP})?(?P<rb>{_Y})年(?P<rfuzzy>{fuzzy_words})?)"
        rf"|(?P<ymd>(?P<dy>{_Y})年(?P<dm>{_MD})月(?P<dd>{_MD})[日号](?P<dsuf>{day})?)"
        rf"|(?P<mrange>(?:(?P<my>{_Y})年)?(?P<ma>{_MD})(?:月)?{_SEP}(?P<mb>{_MD})月(?P<msuf>{suffix('end', 'before')})?)"
        rf"|(?P<ym>(?P<yy>{_Y})年(?P<ymm>{_MD})月(?P<ysuf>{month})?)"
        rf"|(?P<ynamed>(?P<ny>{_Y})年?(?P<nname>{named_words})(?P<nsuf>{part})?)"
        rf"|(?P<yfuzzy>(?P<fy>{_Y})年(?P<fword>{fuzzy_words}))"
        rf"|(?P<year>(?P<yo>{_Y})年(?P<yosuf>{month})?)(?!\d)"
        rf"|(?P<md>(?P<mdm>{_MD})月(?P<mdd>{_MD})[日号](?P<mdsuf>{day})?)"
        rf"|(?P<named>(?<![0-9〇零一二两三四五六七八九十])(?P<nword>{named_words})(?P<nwsuf>{part})?)"
        rf"|(?P<fuzzy>(?<![0-9〇零一二两三四五六七八九十])(?:{fuzzy_words}))"
        rf"|(?P<plan>[“\"]?(?P<pname>{plan_words})[”\"]?(?:期间|时期)?))"
    )


def dates(text: str, *, rules: RulePack) -> tuple[Timing, ...]:
    """Dates, deadlines and periods, resolved to ISO dates.

    Examples:
        ``2020年12月底前`` → deadline 2020-12-31; ``2021年3月底前`` → 2021-03-31;
        ``年底前`` → deadline --12-31; ``上半年`` → period --01-01…--06-30;
        ``2020年10-12月`` → period 2020-10-01…2020-12-31; ``自2020年9月起`` → from 2020-09-01;
        ``"十四五"期间`` → period 2021-01-01…2025-12-31; ``采暖季前`` → fuzzy, no date.
    """
    lexicon = rules.lexicon
    pattern = _date_pattern(tuple(lexicon.named_periods), lexicon.fuzzy_dates, tuple(lexicon.five_year_plans),
                            tuple(lexicon.date_suffixes.items()))
    found = []
    folded = text.translate(numerals.FULL_WIDTH)
    for match in pattern.finditer(folded):
        if match["fuzzy"] and _inside_range(folded, *match.span(), rules):
            continue
        timing = _read_timing(match, rules)
        if timing is not None:
            found.append(Timing(timing[0], timing[1], timing[2], text[match.start():match.end()], match.span()))
    return tuple(found)


def _inside_range(text: str, start: int, end: int, rules: RulePack) -> bool:
    """A vague time that is the middle of a range of figures: 上一年 in 六个月以上一年以下, where
    the character before completes a comparator word (以上) and another one follows (以下).
    上一年度 in 以上一年度的平均工资 stays a time: no comparator word follows it."""
    after = rules.comparators.after
    opens = any(len(word) > 1 and text[max(0, start - len(word) + 1):start + 1] == word for word in after)
    return opens and rules.comparators.after_pattern.match(text, end) is not None


def _read_timing(m: re.Match[str], rules: RulePack) -> tuple[TimeKind, str | None, str | None] | None:
    named = rules.lexicon.named_periods
    if m["iso"]:  # 发布日期：2020-10-30
        day = _day(int(m["iy"]), int(m["im"]), int(m["id"]))
        return (TimeKind.DATE, day, day) if day else None
    if m["yrange"]:
        if m["rfuzzy"]:
            return TimeKind.FUZZY, None, None
        return TimeKind.PERIOD, f"{_year(m['ra'])}-01-01", f"{_year(m['rb'])}-12-31"
    if m["ymd"]:
        day = _day(_year(m["dy"]), _int(m["dm"]), _int(m["dd"]))
        return _with_suffix(_suffix_class(m["dsuf"], rules), day, day) if day else None
    if m["mrange"]:
        year = _year(m["my"]) if m["my"] else None
        first, last = _int(m["ma"]), _int(m["mb"])
        if not (1 <= first <= last <= 12):
            return None
        end = _month_end(year, last)
        if m["msuf"]:
            return TimeKind.DEADLINE, None, end
        return TimeKind.PERIOD, _iso(year, first, 1), end
    if m["ym"]:
        year, month = _year(m["yy"]), _int(m["ymm"])
        if not 1 <= month <= 12:
            return None
        suffix = _suffix_class(m["ysuf"], rules)
        if suffix == "from":
            return TimeKind.FROM, _iso(year, month, 1), None
        if suffix == "before":  # 12月前: before December begins
            return TimeKind.DEADLINE, None, _month_end(year - 1, 12) if month == 1 else _month_end(year, month - 1)
        if suffix:  # 底前, 底, 末
            return TimeKind.DEADLINE, None, _month_end(year, month)
        return TimeKind.PERIOD, _iso(year, month, 1), _month_end(year, month)
    if m["ynamed"] or m["named"]:
        year = _year(m["ny"]) if m["ynamed"] else None
        first, last = named[m["nname"] or m["nword"]]
        prefix = f"{year}" if year else "-"
        suffix = m["nsuf"] if m["ynamed"] else m["nwsuf"]
        if suffix or first == last:
            return TimeKind.DEADLINE, None, f"{prefix}-{last}"
        return TimeKind.PERIOD, f"{prefix}-{first}", f"{prefix}-{last}"
    if m["yfuzzy"] or m["fuzzy"]:
        return TimeKind.FUZZY, None, None
    if m["year"]:
        year, suffix = _year(m["yo"]), _suffix_class(m["yosuf"], rules)
        if suffix == "from":
            return TimeKind.FROM, f"{year}-01-01", None
        if suffix:
            return TimeKind.DEADLINE, None, f"{year}-12-31"
        return TimeKind.PERIOD, f"{year}-01-01", f"{year}-12-31"
    if m["md"]:
        day = _day(None, _int(m["mdm"]), _int(m["mdd"]))
        return _with_suffix(_suffix_class(m["mdsuf"], rules), day, day) if day else None
    if m["plan"]:
        first = rules.lexicon.five_year_plans[m["pname"]]
        return TimeKind.PERIOD, f"{first}-01-01", f"{first + 4}-12-31"
    return None


def _suffix_class(word: str | None, rules: RulePack) -> str:
    """The class of a suffix word (``rules.DATE_SUFFIX_CLASSES``); "" for none."""
    return next((name for name, words in rules.lexicon.date_suffixes.items() if word in words), "") if word else ""


def _with_suffix(suffix: str, start: str, end: str) -> tuple[TimeKind, str | None, str | None]:
    """A day read with the class of its suffix: by it, from it on, or the day itself."""
    if suffix == "before":
        return TimeKind.DEADLINE, None, end
    if suffix in ("from", "after"):
        return TimeKind.FROM, start, None
    return TimeKind.DATE, start, end


def _year(text: str) -> int:
    return numerals.ordinal(text) or 0


def _int(text: str) -> int:
    value = numerals.parse(text)
    return int(value) if value is not None else 0


def _iso(year: int | None, month: int, day: int) -> str:
    return f"{year:04d}-{month:02d}-{day:02d}" if year else f"--{month:02d}-{day:02d}"


def _month_end(year: int | None, month: int) -> str:
    # Without a year, February ends on the 28th: the deadline of a non-leap year.
    return _iso(year, month, calendar.monthrange(year or 2001, month)[1])


def _day(year: int | None, month: int, day: int) -> str | None:
    if not 1 <= month <= 12 or not 1 <= day <= calendar.monthrange(year or 2000, month)[1]:
        return None
    return _iso(year, month, day)


# --- modality ---------------------------------------------------------------------------------

def modal_words(text: str, *, rules: RulePack) -> tuple[Modal, ...]:
    """Every modal word, with its level; words that only contain one (要求, 应急) are skipped.

    Example: ``各地要确保，鼓励企业`` → 要 (mandatory), 确保 (mandatory), 鼓励 (encouraged).
    """
    triggers = rules.modality.triggers
    return tuple(
        Modal(Modality(triggers[m.group()]), m.group(), m.span())
        for m in rules.modality.pattern.finditer(text) if triggers[m.group()]
    )


def modality(text: str, *, rules: RulePack) -> Modal | None:
    """The strongest modal word of ``text``, or None when it has none.

    Strongest first (DESIGN.md §4): prohibited 不得 > mandatory 要 > aspirational 力争 >
    encouraged 鼓励 > permitted 可. ``各地要…，鼓励…`` → 要 (mandatory).
    """
    words = modal_words(text, rules=rules)
    return max(words, key=lambda modal: (modal.level.rank, -modal.span[0])) if words else None


def softeners(text: str, *, rules: RulePack) -> tuple[Mention, ...]:
    """Words that weaken a duty: 原则上, 基本 (before a verb of completion: 基本淘汰), 避免."""
    return _mentions(rules.modality.softeners, text)


# --- actors, conditions, scope, requirements, references --------------------------------------

def actors(text: str, *, rules: RulePack) -> tuple[Actor, ...]:
    """Regions, bodies and generic actors, each under its canonical name.

    Longest match wins: 国务院生态环境主管部门 is one department, not 国务院 and more.

    Example: ``河北省石家庄、唐山、衡水市`` → 河北省, 石家庄市, 唐山市, 衡水市.
    """
    gazetteer = rules.gazetteer
    candidates: list[tuple[int, int, int, ActorEntry | None]] = [
        (m.start(), -(m.end() - m.start()), 0, gazetteer.entries[m.group()]) for m in gazetteer.pattern.finditer(text)
    ]
    candidates += [(m.start(), -(m.end() - m.start()), 1, None) for m in gazetteer.departments.finditer(text)]
    found: list[Actor] = []
    reach = 0
    for start, negative_length, _, entry in sorted(candidates, key=lambda c: (c[0], c[1], c[2])):
        end = start - negative_length
        if start < reach:
            continue
        surface = text[start:end]
        if entry is None:
            found.append(Actor(surface, "department", surface, (start, end)))
        else:
            found.append(Actor(entry.name, entry.kind, surface, (start, end)))
        reach = end
    return _listed_cities(text, found, rules)


def _listed_cities(text: str, found: list[Actor], rules: RulePack) -> tuple[Actor, ...]:
    """Add the bare names that are everyday words (长治, 大同) where they stand in a list of
    places: 阳泉、长治、晋城市 — a list drops 市 from every name but the last."""
    places = {actor.span: actor for actor in found if actor.kind in ("city", "prefecture", "area")}
    ends = {span[1]: actor for span, actor in places.items()}
    starts = {span[0]: actor for span, actor in places.items()}
    taken = _SpanIndex([actor.span for actor in found])
    extra: list[Actor] = []
    for match in rules.gazetteer.listed_pattern.finditer(text):
        start, end = match.span()
        if taken.overlaps((start, end)):
            continue
        after_place = start > 0 and text[start - 1] == "、" and (start - 1) in ends
        before_place = end < len(text) and text[end] == "、" and (end + 1) in starts
        if after_place or before_place:
            entry = rules.gazetteer.listed[match.group()]
            extra.append(Actor(entry.name, entry.kind, match.group(), (start, end)))
    return tuple(sorted((*found, *extra), key=lambda actor: actor.span))


def conditions(text: str, *, rules: RulePack) -> tuple[Mention, ...]:
    """Conditions a duty is subject to: 在确保安全的情况下, 依法, 按有关规定, 有条件的."""
    return _mentions(rules.lexicon.conditions, text)


def scope_words(text: str, *, rules: RulePack, named: tuple[Actor, ...] | None = None) -> tuple[Mention, ...]:
    """Words that set how much a duty covers (全部, 重点, 新建), outside actors' names (各地).

    ``named``: the text's actors when already read (``reading``); read here otherwise.
    """
    names = _SpanIndex([actor.span for actor in (actors(text, rules=rules) if named is None else named)])
    return tuple(m for m in _mentions(rules.lexicon.scope, text) if not names.overlaps(m.span))


def action_verbs(text: str, *, rules: RulePack) -> tuple[Mention, ...]:
    """Verbs that make a clause a duty when they are its predicate: 淘汰, 完成, 纳入."""
    return _mentions(rules.lexicon.verbs, text)


def references(text: str, *, rules: RulePack) -> tuple[Reference, ...]:
    """Citations of documents, articles, annexes and issuers.

    The label that opens an article (第三十条 at the start of a line) is structure, not a
    citation, and is skipped; a citation inside a title (《…第三条…》) belongs to the title.

    Example: ``（详见附件1）`` → annex 附件1, pointer; ``按照《技术指南》`` → title 技术指南.
    """
    candidates = []
    for kind, pattern in rules.lexicon.references:
        for match in pattern.finditer(text):
            start, end = match.span()
            if kind == "article" and (start == 0 or text[start - 1] == "\n"):
                continue
            candidates.append((start, -(end - start), kind, match.group()))
    found: list[Reference] = []
    reach = 0
    for start, negative_length, kind, surface in sorted(candidates):
        if start < reach:
            continue
        end = start - negative_length
        key = re.sub(r"[《》〈〉\s]", "", surface.translate(numerals.FULL_WIDTH))
        pointer = bool(rules.lexicon.pointer.search(text, max(0, start - 6), start))
        found.append(Reference(kind, key, pointer, surface, (start, end)))
        reach = end
    return tuple(found)


def _mentions(pattern: re.Pattern[str], text: str) -> tuple[Mention, ...]:
    return tuple(Mention(m.group(), m.span()) for m in pattern.finditer(text) if m.end() > m.start())
