"""The Chinese names readers see (policydiff.render.names): one for each value of the model's
vocabularies, shared by every renderer."""

from __future__ import annotations

from policydiff.model import Category, Level, ObligationStatus
from policydiff.render.names import CATEGORY_NAMES, LEVEL_NAMES, OBLIGATION_STATUS


def test_every_level_and_category_has_a_name_of_its_own() -> None:
    assert list(LEVEL_NAMES) == [level.value for level in Level]
    assert set(CATEGORY_NAMES) == {category.value for category in Category}
    for names in (LEVEL_NAMES, CATEGORY_NAMES, OBLIGATION_STATUS):
        assert len(set(names.values())) == len(names)


def test_every_status_a_report_lists_has_a_name() -> None:
    """Unchanged obligations are counted, never listed, so they need no name."""
    assert set(OBLIGATION_STATUS) == {status.value for status in ObligationStatus} - {"unchanged"}
    assert (LEVEL_NAMES["substantive"], OBLIGATION_STATUS["removed"], CATEGORY_NAMES["modality"]) == (
        "实质性", "删除", "义务强度")
