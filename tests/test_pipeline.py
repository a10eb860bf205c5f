"""The one place that runs the stages in sequence (policydiff.pipeline): read and outline,
extract, compare, diff, and the limits each command sets."""

from __future__ import annotations

import pytest

from policydiff import pipeline
from policydiff.errors import TextTooLong
from policydiff.model import AlignStatus, InputFormat, ObligationStatus

from .builders import CLAUSE_14, CLAUSE_17, excerpt_source
from .conftest import CORPORA

SEED = CORPORA / "notices" / "air-2020-autumn-winter"


@pytest.mark.parametrize("version", ["draft", "final"])
def test_read_policy_outlines_the_clauses_of_the_seed_excerpt(version) -> None:
    """The excerpt the report tests compare (tests/builders.py) is what outline reads from the corpus."""
    policy = pipeline.read_policy(SEED / f"{version}.txt")
    clauses = {node.label: policy.text.text[slice(*node.span)].rstrip("\n") for node in policy.clauses}
    assert (clauses["（十四）"], clauses["（十七）"]) == (CLAUSE_14[version], CLAUSE_17[version])


def test_outline_path_reports_the_name_it_is_given(rules) -> None:
    policy = pipeline.outline_path(SEED / "final.txt", rules=rules, name="corpora/final.txt")
    assert policy.source.source == "corpora/final.txt" and policy.source.format is InputFormat.TXT
    assert policy.title == "关于印发《京津冀及周边地区、汾渭平原2020-2021年秋冬季大气污染综合治理攻坚行动方案》的通知"


@pytest.mark.parametrize(("granularity", "expected"), [
    # Words keep a quantity whole; characters keep what the two figures share.
    ("word", [("equal", "河北省钢铁产能控制在"), ("delete", "2亿吨"), ("insert", "1.5亿吨"), ("equal", "以内")]),
    ("char", [("equal", "河北省钢铁产能控制在"), ("delete", "2"), ("insert", "1.5"), ("equal", "亿吨以内")]),
])
def test_diff_texts_by_word_or_by_character(rules, granularity, expected) -> None:
    edits = pipeline.diff_texts("河北省钢铁产能控制在2亿吨以内", "河北省钢铁产能控制在1.5亿吨以内", rules=rules,
                                granularity=granularity)
    assert [(edit.op.value, edit.old_text or edit.new_text) for edit in edits] == expected


def test_diff_texts_refuses_an_unknown_granularity(rules) -> None:
    with pytest.raises(ValueError, match="granularity"):
        pipeline.diff_texts("严禁", "不得", rules=rules, granularity="sentence")


def test_compare_documents_numbers_changes_in_document_order(excerpt_comparison) -> None:
    comparison = excerpt_comparison
    assert [pair.status for pair in comparison.pairs] == [AlignStatus.MATCHED] * 3  # front matter, （十四）, （十七）
    # Read side by side: （十四） loses 其中唐山市… and the 石家庄… sentence and gains 推动…; （十七） is
    # reworded in four places (网格化, 城市工地, 不到位的, 整治).
    assert [(change.id, change.clause_old, change.hunk.old_text, change.hunk.new_text) for change in comparison.changes] == [
        ("c001", "（十四）", "，其中唐山市控制在1亿吨以内", ""),
        ("c002", "（十四）", "", "，推动独立焦化企业逐步退出"),
        ("c003", "（十四）", "石家庄、沧州、邢台、邯郸、滨州、安阳严格执行“以钢定焦”政策，独立焦化企业逐步退出。", ""),
        ("c004", "（十七）", "网格化", "分区细化的"),
        ("c005", "（十七）", "", "城市工地"),
        ("c006", "（十七）", "", "的"),
        ("c007", "（十七）", "管控", "整治"),
    ]
    removed = [item for item in comparison.obligation_changes if item.status is ObligationStatus.REMOVED]
    assert [(item.old.actor, item.old.measures[0].text) for item in removed] == [("唐山市", "1亿吨以内")]
    assert comparison.redline is not None


def test_compare_documents_without_obligations_or_redline(excerpt_comparison, rules) -> None:
    comparison = pipeline.compare_documents(excerpt_comparison.old, excerpt_comparison.new, rules=rules,
                                            obligations=False)
    assert comparison.obligation_changes == () and comparison.redline is None
    assert [change.hunk for change in comparison.changes] == [change.hunk for change in excerpt_comparison.changes]


def test_a_text_over_the_outline_limit_is_refused(rules, monkeypatch) -> None:
    monkeypatch.setattr(pipeline, "MAX_OUTLINE_CHARS", 100)
    with pytest.raises(TextTooLong) as caught:
        pipeline.outline_source(excerpt_source("final"), rules=rules)
    # The raw text: the title (40 characters), （十四） (172) and （十七） (299), each with its line break.
    assert caught.value.code == "E109" and caught.value.what.startswith("final.txt: has 514 characters")


def test_extract_and_compare_have_their_own_limits(excerpt_comparison, rules, monkeypatch) -> None:
    monkeypatch.setattr(pipeline, "MAX_EXTRACT_CHARS", 500)
    with pytest.raises(TextTooLong, match="extract handles documents of up to 500"):
        pipeline.extract_document(excerpt_comparison.new, rules=rules)  # 513 characters once normalized
    monkeypatch.setattr(pipeline, "MAX_UNIT_CHARS", 250)
    with pytest.raises(TextTooLong) as caught:
        pipeline.compare_documents(excerpt_comparison.old, excerpt_comparison.new, rules=rules, obligations=False)
    # The draft's （十七） is its longest unit: its 292 characters end the text, after the title
    # (40 + 1) and （十四） (215 + 1).
    assert caught.value.what.startswith("draft.txt: clause （十七） at [257, 550) has 293 characters")
