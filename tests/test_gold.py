"""The tool against the hand-made gold of ``tests/gold/changes`` and ``tests/gold/obligations``.

Each gold file was written by reading the texts before running the tool (its comment lines
say how, and every borderline call). Scoring is ``tests/gold_scoring.py``; ``bench/gold.py``
prints the same figures with every miss.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from policydiff.model import Level
from policydiff.pipeline import compare_documents, extract_document, outline_path
from policydiff.rules import load_rules

from . import gold_scoring

CHANGE_PAIRS = gold_scoring.change_pairs()
OBLIGATION_DOCUMENTS = gold_scoring.obligation_documents()


@cache
def _change_score(gold: Path) -> gold_scoring.ChangeScore:
    _, old, new = next(pair for pair in CHANGE_PAIRS if pair[0] == gold)
    rules = load_rules()
    comparison = compare_documents(outline_path(old, rules=rules), outline_path(new, rules=rules), rules=rules,
                                   obligations=False)
    return gold_scoring.score_changes(gold, comparison)


def test_the_gold_covers_an_amendment_and_a_revision() -> None:
    names = {gold.stem for gold, _, _ in CHANGE_PAIRS}
    assert {"accounting-law-2017-2024", "statistics-law-2009-2024", "administrative-review-law-2017-2023"} <= names
    assert len(OBLIGATION_DOCUMENTS) >= 3


@pytest.mark.parametrize("gold", [pair[0] for pair in CHANGE_PAIRS], ids=lambda path: path.stem)
def test_substantive_changes_of_amended_laws_are_found_and_rated_so(gold: Path) -> None:
    score = _change_score(gold)
    assert score.recall >= 0.95, score.misses()
    assert score.precision >= 0.9, score.misses()


def test_orthographic_and_numbering_changes_are_editorial() -> None:
    """会计法 2024 wrote 帐 as 账 throughout: the gold lists 16 articles changed by nothing else."""
    score = _change_score(next(gold for gold, _, _ in CHANGE_PAIRS if gold.stem.startswith("accounting")))
    editorial = [article for article, level in score.gold.items() if level is Level.EDITORIAL]
    assert len(editorial) == 16
    assert [article for article in editorial if score.tool.get(article, Level.EDITORIAL) is not Level.EDITORIAL] == []


@cache
def _obligation_score() -> gold_scoring.ObligationScore:
    rules = load_rules()
    total = gold_scoring.ObligationScore()
    for gold, document in OBLIGATION_DOCUMENTS:
        total.add(gold_scoring.score_obligations(gold, extract_document(outline_path(document, rules=rules), rules=rules)))
    return total


def test_obligations_of_regulations_are_found_with_their_fields() -> None:
    """Issue 13's bounds, on the 109 figures of three regulations read by hand."""
    score = _obligation_score()
    assert score.gold == 109
    assert score.recall >= 0.95, score.misses
    assert score.precision >= 0.9, score.extras
    assert score.field_accuracy >= 0.95, score.wrong
    assert score.actor_rate >= 0.95, [line for line in score.wrong if " actor:" in line]
