"""The records and vocabularies of policydiff.model."""

from __future__ import annotations

from policydiff.model import Modality, NodeKind, input_formats
from policydiff.pipeline import read_policy

from .conftest import CORPORA


def test_modality_levels_are_ordered_strongest_first() -> None:
    ranks = [level.rank for level in Modality]
    assert ranks == sorted(ranks, reverse=True) and len(set(ranks)) == 5
    assert Modality.PROHIBITED.rank > Modality.MANDATORY.rank > Modality.ASPIRATIONAL.rank
    assert Modality.ASPIRATIONAL.rank > Modality.ENCOURAGED.rank > Modality.PERMITTED.rank


def test_input_formats_are_listed_for_a_sentence() -> None:
    assert input_formats("and") == "TXT, Markdown, HTML, DOCX and PDF"
    assert input_formats("or") == "TXT, Markdown, HTML, DOCX or PDF"


def test_a_span_of_the_display_text_maps_back_to_the_raw_text() -> None:
    """The seed's final.txt has 每小时 35蒸吨 (a space before the number) where the outline reads 每小时35蒸吨."""
    policy = read_policy(CORPORA / "notices" / "air-2020-autumn-winter" / "final.txt")
    text, raw = policy.text.text, policy.source.raw_text
    start = text.index("每小时35蒸吨以下")
    assert raw[slice(*policy.text.raw_span((start, start + 7)))] == "每小时 35蒸吨"
    assert raw[slice(*policy.text.raw_span((start + 3, start + 7)))] == "35蒸吨"
    assert policy.text.raw_span((start, start)) == (policy.text.offsets[start],) * 2


def test_a_documents_clauses_are_its_nodes_of_the_clause_kinds() -> None:
    policy = read_policy(CORPORA / "notices" / "air-2020-autumn-winter" / "final.txt")
    assert policy.clause_kinds == (NodeKind.CLAUSE,)
    assert [node.label for node in policy.clauses] == [node.label for node in policy.walk() if node.kind is NodeKind.CLAUSE]
    assert [node.number for node in policy.clauses] == list(range(1, 23))  # （一） to （二十二）
    assert [node.label for node in policy.body if node.label] == ["一、", "二、", "三、", "四、"]
