"""The records and vocabularies of policydiff.model."""

from __future__ import annotations

from policydiff.model import Modality


def test_modality_levels_are_ordered_strongest_first() -> None:
    ranks = [level.rank for level in Modality]
    assert ranks == sorted(ranks, reverse=True) and len(set(ranks)) == 5
    assert Modality.PROHIBITED.rank > Modality.MANDATORY.rank > Modality.ASPIRATIONAL.rank
    assert Modality.ASPIRATIONAL.rank > Modality.ENCOURAGED.rank > Modality.PERMITTED.rank
