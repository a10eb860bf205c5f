"""The token-pattern layer (policydiff.nlp): spaCy's span ruler over policydiff's own tokens."""

from __future__ import annotations

from policydiff.reading import read
from policydiff.rules import load_rules


def test_token_patterns_keep_the_longest_span_of_each_label() -> None:
    """patterns.jsonl: 国三 and 国三及以下 are both CITATION matches; the longer one is kept."""
    reading = read("淘汰国三及以下排放标准营运柴油货车，结合第二轮中央生态环境保护督察", rules=load_rules())
    found = [(reading.text[start:end], label) for start, end, label in reading.patterns]
    assert ("国三及以下", "CITATION") in found and ("国三", "CITATION") not in found
    assert ("第二轮", "CITATION") in found
