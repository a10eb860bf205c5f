"""The token-pattern layer (policydiff.nlp): spaCy's span ruler over policydiff's own tokens."""

from __future__ import annotations

import pytest

from policydiff.reading import read
from policydiff.rules import load_rules


def test_token_patterns_keep_the_longest_span_of_each_label() -> None:
    """patterns.jsonl: 国三 and 国三及以下 are both CITATION matches; the longer one is kept."""
    reading = read("淘汰国三及以下排放标准营运柴油货车，结合第二轮中央生态环境保护督察", rules=load_rules())
    found = [(reading.text[start:end], label) for start, end, label in reading.patterns]
    assert ("国三及以下", "CITATION") in found and ("国三", "CITATION") not in found
    assert ("第二轮", "CITATION") in found


def test_the_pipeline_is_built_once_per_pack_and_tokenizes_as_policydiff_does(rules) -> None:
    from policydiff.nlp import build_pipeline
    from policydiff.tokenize import tokenize

    nlp = build_pipeline(rules)
    assert build_pipeline(rules) is nlp and nlp.pipe_names == ["span_ruler"]
    text = "2020年12月底前，力争完成2亿吨钢铁产能超低排放改造"  # seed final (十一)
    words = [token.text for token in nlp(text)]
    assert words == [token.text for token in tokenize(text, rules=rules)]
    assert "2020年12月底前" in words and "2亿吨" in words  # a deadline and a quantity stay whole


@pytest.mark.parametrize(("text", "spans"), [
    # The seed as issued, （十七）: METRIC (patterns.jsonl metric-noun) is up to four words before a head
    # such as 降尘量, so 各城市 is in it (extraction takes actors out of a metric).
    ("各城市平均降尘量不得高于9吨/月·平方公里", [("各城市平均降尘量", "METRIC")]),
    # （十五）: 一批 is a vague amount, not the figure 1.
    ("依法淘汰一批化肥行业固定床间歇式煤气发生炉", [("一批", "VAGUE")]),
    ("按照第二轮督察要求", [("第二轮", "CITATION")]),  # the example of build_pipeline
])
def test_pattern_spans_by_label(rules, text, spans) -> None:
    from policydiff.nlp import pattern_spans

    assert [(text[start:end], label) for start, end, label in pattern_spans(text, rules=rules)] == spans
