"""Chinese text primitives (policydiff.text): the comparison key and sentences."""

from __future__ import annotations

import pytest

from policydiff.text import comparison_key, comparison_text, split_sentences


def test_comparison_key_drops_punctuation_and_spacing() -> None:
    key, index = comparison_key("（一）基本思路。A 级")
    assert key == "一基本思路a级"
    assert [("（一）基本思路。A 级")[i] for i in index[:-1]] == list("一基本思路A级")


def test_comparison_text_is_the_key_without_its_offsets() -> None:
    for text in ("（一）基本思路。A 级", "PM2.5平均浓度控制在63微克/立方米以内", "２０２０年１２月底前"):
        assert comparison_text(text) == comparison_key(text)[0]


AMENDMENT = ("第三十六条 宪法第一条第二款“社会主义制度是中华人民共和国的根本制度。”后增写一句，内容为：“中国共产党领导是"
             "中国特色社会主义最本质的特征。”")


@pytest.mark.parametrize(("text", "sentences"), [
    # The seed as issued (final.txt as outlined), （十五）: 。 and ； end sentences, ， does not.
    (("依法依规加大燃煤锅炉（含茶水炉、经营性炉灶、储粮烘干设备等燃煤设施）淘汰整治力度。2020年12月底前，每小时35蒸吨以下"
      "的燃煤锅炉基本淘汰，每小时65蒸吨及以上燃煤锅炉完成节能和超低排放改造；燃气锅炉基本完成低氮改造；"),
     ["依法依规加大燃煤锅炉（含茶水炉、经营性炉灶、储粮烘干设备等燃煤设施）淘汰整治力度。",
      "2020年12月底前，每小时35蒸吨以下的燃煤锅炉基本淘汰，每小时65蒸吨及以上燃煤锅炉完成节能和超低排放改造；",
      "燃气锅炉基本完成低氮改造；"]),
    # 宪法修正案 (2018) art. 36: a 。 inside a quotation ends no sentence.
    (AMENDMENT, [AMENDMENT]),
    # A quotation left open: the quotes are ignored rather than swallowing the paragraph.
    ("宪法第一条第二款“社会主义制度是中华人民共和国的根本制度。后增写一句。",
     ["宪法第一条第二款“社会主义制度是中华人民共和国的根本制度。", "后增写一句。"]),
    ("（一）基本思路", ["（一）基本思路"]),
])
def test_split_sentences(text, sentences) -> None:
    assert [sentence.text for sentence in split_sentences(text)] == sentences


def test_sentence_spans_are_shifted_by_the_paragraph_start() -> None:
    paragraph = "坚持“以气定改、以供定需，先立后破”的原则。集中资源大力推进散煤治理。"
    found = split_sentences(paragraph, start=100)
    assert [sentence.span for sentence in found] == [(100, 122), (122, 135)]
    assert [paragraph[start - 100:end - 100] for start, end in (s.span for s in found)] == [s.text for s in found]
