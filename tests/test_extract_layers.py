"""The layers extraction reads (policydiff.extract.layers): each live paragraph's reading, its
spans moved into the whole text, and the sentences whose token patterns can matter."""

from __future__ import annotations

import pytest

from policydiff.extract.layers import patterned

from .builders import CLAUSE_17, SEED_TITLE, extraction_page

# The seed as issued: the first paragraph of （十五） (a deadline that frames three sentences linked
# by ；, the middle one without a figure) and all of （十七）.
CLAUSE_15 = ("（十五）深入开展锅炉、炉窑综合整治。依法依规加大燃煤锅炉（含茶水炉、经营性炉灶、储粮烘干设备等燃煤设施）"
             "淘汰整治力度。2020年12月底前，每小时35蒸吨以下的燃煤锅炉基本淘汰，每小时65蒸吨及以上燃煤锅炉完成节能和"
             "超低排放改造；燃气锅炉基本完成低氮改造；在保证电力、热力供应前提下，30万千瓦及以上热电联产机组供热半径"
             "15公里范围内的燃煤锅炉和落后燃煤小热电完成关停整合。")
TEXT = "\n".join((SEED_TITLE, CLAUSE_15, CLAUSE_17["final"])) + "\n"


@pytest.fixture(scope="module")
def read(rules):
    return extraction_page(TEXT, rules)


def test_every_span_points_into_the_whole_text(read) -> None:
    page, _ = read
    start = page.text.index(CLAUSE_15)
    quantities = page.layers.within("quantities", start, start + len(CLAUSE_15))
    assert [page.text[item.start:item.end] for item in quantities] == [
        "35蒸吨以下", "65蒸吨及以上", "30万千瓦及以上", "15公里范围内"]
    for group in ("quantities", "times", "actors", "citations"):
        for item in page.layers.groups[group]:
            if item.record is None:  # a citation of patterns.jsonl: a span without a record
                continue
            assert item.record.span == (item.start, item.end) and item.record.text == page.text[item.start:item.end]
    assert [page.text[item.start:item.end] for item in page.layers.groups["modality"]] == [
        item.record.trigger for item in page.layers.groups["modality"]] == ["不得", "鼓励", "严格", "鼓励"]
    (deadline,) = page.layers.within("times", start, start + len(CLAUSE_15))
    assert page.text[deadline.start:deadline.end] == "2020年12月底前"


def test_figures_inside_a_citation_are_not_uncited(read) -> None:
    """严格执行城市工地施工过程“六个百分之百”: a slogan, not two figures."""
    page, _ = read
    start = page.text.index("（十七）")
    figures = [page.text[item.start:item.end] for item in page.layers.within("quantities", start, len(page.text))]
    assert figures == ["9吨/月·平方公里", "六个", "百分之百"]
    assert [page.text[item.start:item.end] for item in page.layers.uncited("quantities", start, len(page.text))] == [
        "9吨/月·平方公里"]
    slogan = page.text.index("六个百分之百")
    assert page.layers.covers("citations", slogan, slogan + 2)
    assert not page.layers.covers("citations", start, slogan - 1)


def test_only_the_sentences_of_a_run_with_a_figure_or_a_date_are_patterned(read) -> None:
    _, live = read
    by_label = {label: patterned(paragraph, reading) for label, paragraph, reading in live}
    assert [sent.text for sent in by_label["（十五）"]] == [
        "2020年12月底前，每小时35蒸吨以下的燃煤锅炉基本淘汰，每小时65蒸吨及以上燃煤锅炉完成节能和超低排放改造；",
        "燃气锅炉基本完成低氮改造；",  # no figure, but linked by ； to those that have one
        "在保证电力、热力供应前提下，30万千瓦及以上热电联产机组供热半径15公里范围内的燃煤锅炉和落后燃煤小热电完成关停整合。",
    ]
    assert [sent.text[:12] for sent in by_label["（十七）"]] == ["各城市平均降尘量不得高于", "加强施工扬尘控制，严格执"]
