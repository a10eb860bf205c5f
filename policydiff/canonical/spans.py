"""Overlap and containment tests over the spans read so far (dates, citations, names, clauses)."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from itertools import accumulate

from policydiff.model import Span


def _overlaps(span: Span, spans: list[Span]) -> bool:
    """Linear check, for the few spans found while scanning (percentages)."""
    return any(span[0] < end and start < span[1] for start, end in spans)


class SpanIndex:
    """Spans to test for overlap or containment in O(log n): a whole document's dates,
    citations or names are checked against every number or word found, and a long unit's
    clauses against every word of a change, which a linear scan makes quadratic."""

    def __init__(self, spans: list[Span]) -> None:
        ordered = sorted(spans)
        self._starts = [start for start, _ in ordered]
        self._max_end = list(accumulate((end for _, end in ordered), max))

    def overlaps(self, span: Span) -> bool:
        # Spans starting before ``span`` ends are a prefix; one of them overlaps iff the
        # furthest end among them lies beyond ``span``'s start.
        before = bisect_left(self._starts, span[1])
        return before > 0 and self._max_end[before - 1] > span[0]

    def holds(self, span: Span) -> bool:
        # Spans starting at or before ``span`` are a prefix; one of them holds it iff the
        # furthest end among them reaches its end.
        before = bisect_right(self._starts, span[0])
        return before > 0 and self._max_end[before - 1] >= span[1]
