"""Chinese text primitives (policydiff.text): the comparison key and sentences."""

from __future__ import annotations

from policydiff.text import comparison_key


def test_comparison_key_drops_punctuation_and_spacing() -> None:
    key, index = comparison_key("（一）基本思路。A 级")
    assert key == "一基本思路a级"
    assert [("（一）基本思路。A 级")[i] for i in index[:-1]] == list("一基本思路A级")
