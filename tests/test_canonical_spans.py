"""The span index (policydiff.canonical.spans) that overlap and containment checks share."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from policydiff.canonical.spans import SpanIndex, _overlaps

SPANS = st.lists(st.tuples(st.integers(0, 60), st.integers(1, 20)).map(lambda p: (p[0], p[0] + p[1])), max_size=12)


@settings(max_examples=500, deadline=None)
@given(SPANS, st.tuples(st.integers(0, 70), st.integers(0, 10)).map(lambda p: (p[0], p[0] + p[1])))
def test_span_index_agrees_with_a_linear_scan(spans, probe) -> None:
    assert SpanIndex(spans).overlaps(probe) == _overlaps(probe, spans)
