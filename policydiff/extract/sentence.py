"""One sentence read for extraction, as a value: its clauses, the modal words, times and
actors that no citation covers, the time that frames it, and each figure with its role."""

from __future__ import annotations

import re
from dataclasses import dataclass

from policydiff.canonical import Quantity, TimeKind, Timing
from policydiff.extract.actors import verb_before, without_qualifiers
from policydiff.extract.layers import Item, Page
from policydiff.model import QuantityRole, Span

SEGMENT_BREAKS = "，：,:"


@dataclass(frozen=True, slots=True)
class Figure:
    quantity: Quantity
    role: QuantityRole
    segment: Span
    sanction: re.Match[str] | None


@dataclass(frozen=True, slots=True)
class SentenceLayers:
    span: Span
    segments: tuple[Span, ...]
    modals: tuple[Item, ...]
    times: tuple[Item, ...]
    frame: Item | None
    """The deadline, or the period that opens a clause, that frames the sentence."""
    actors: tuple[Item, ...]
    """Not cited, and not in a place qualifier of the subject."""
    enumeration: re.Match[str] | None
    figures: tuple[Figure, ...]


def read_sentence(page: Page, span: Span) -> SentenceLayers:
    start, end = span
    segments = clauses(page.text, start, end)
    modals = page.layers.uncited("modality", start, end)
    times = page.layers.uncited("times", start, end)
    actors = without_qualifiers(page, page.layers.uncited("actors", start, end), segments)
    sanctions = list(page.x.sanction.finditer(page.text, start, end))
    defines = not sanctions and page.x.definition.search(page.text, start, end) is not None
    figures = () if defines else tuple(
        _figure(page, q, segments, bool(modals), sanctions, start, end)
        for q in page.layers.uncited("quantities", start, end)
        if not page.layers.covers("vague", q.start, q.end) and not _reference_period(page, q, start))
    return SentenceLayers(span, tuple(segments), tuple(modals), tuple(times),
                          next((t for t in times if frames(page, t)), None), tuple(actors),
                          page.x.enumeration.search(page.text, start, end), figures)


def _reference_period(page: Page, item: Item, start: int) -> bool:
    """A period that is the base of a calculation, not a limit: 按照前一个月的平均价格."""
    quantity: Quantity = item.record
    return (quantity.dimension == "time" and page.text.startswith("的", item.end)
            and page.x.reference_period.search(page.text, start, item.start) is not None)


def clauses(text: str, start: int, end: int) -> list[Span]:
    """Clauses of a sentence, cut at commas and colons outside brackets."""
    segments, depth, seg_start = [], 0, start
    for index in range(start, end):
        char = text[index]
        depth += char in "（(《“" and 1 or 0
        depth -= char in "）)》”" and 1 or 0
        if depth <= 0 and char in SEGMENT_BREAKS:
            segments.append((seg_start, index))
            seg_start = index + 1
            depth = 0
    segments.append((seg_start, end))
    return [s for s in segments if s[1] > s[0]]


def frames(page: Page, item: Item) -> bool:
    """A deadline anywhere, or a period or season that opens a clause (2020年10-12月，…)."""
    record: Timing = item.record
    if record.kind is TimeKind.DEADLINE or (record.kind is TimeKind.FUZZY and record.text.endswith("前")):
        return True
    after = page.text[item.end:item.end + 1]
    return record.kind in (TimeKind.PERIOD, TimeKind.FROM) and after in "，,"


def _figure(page: Page, item: Item, segments: list[Span], has_modal: bool, sanctions: list[re.Match[str]],
            start: int, end: int) -> Figure:
    """A figure's role: target after a verb that sets a level or an action verb, scope when it
    qualifies a noun, reported after a marker in a sentence without a modal word."""
    quantity: Quantity = item.record
    segment = next(s for s in segments if s[0] <= item.start < s[1] or s == segments[-1])
    sanction = next((m for m in sanctions if m.start("amount") <= item.start and item.end <= m.end("amount")), None)
    before = page.text[segment[0]:item.start]
    after = page.text[item.end:segment[1]]
    if sanction is not None:
        role = QuantityRole.TARGET
    elif not has_modal and not sanctions and (page.x.reported.search(before)
                                              or page.x.reported_sentence.search(page.text, start, end)):
        role = QuantityRole.REPORTED
    elif page.x.measure_verbs.search(before) or verb_before(page, segment[0], item.start):
        role = QuantityRole.TARGET
    elif quantity.dimension == "time" and not after.startswith("的"):
        role = QuantityRole.TARGET  # 十五日内缴纳: a time limit to act within
    elif re.match(r"的?[\u4e00-\u9fff]", after) and not page.x.set_nouns.match(after):
        role = QuantityRole.SCOPE
    else:
        role = QuantityRole.TARGET
    return Figure(quantity, role, segment, sanction)
