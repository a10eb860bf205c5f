"""Dates, deadlines and periods, resolved to ISO dates."""

from __future__ import annotations

import calendar
import re
from functools import cache

from policydiff import numerals
from policydiff.canonical.records import TimeKind, Timing
from policydiff.rules import RulePack

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
