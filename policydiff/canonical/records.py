"""The records canonical readings give: each with the span it was read from and that text."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from policydiff.model import Comparator, Modality, Span
from policydiff.numerals import Number


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
