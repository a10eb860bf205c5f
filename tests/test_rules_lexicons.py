"""The lexicon packs (policydiff.rules.lexicons): modality.toml, comparators.toml,
gazetteer.toml and lexicon.toml, compiled."""

from __future__ import annotations

import re

import pytest

from policydiff.model import Comparator, Modality
from policydiff.rules.lexicons import COMPARATOR_OPS, MODALITY_LEVELS, longest_first


def test_gazetteer_covers_every_province_and_prefecture(rules) -> None:
    entries = set(rules.gazetteer.entries.values())
    provinces = [e for e in entries if e.kind == "province"]
    prefectures = [e for e in entries if e.kind in ("city", "prefecture")]
    assert len(provinces) == 34
    assert len([e for e in prefectures if e.kind == "city"]) == 293 and len(prefectures) == 333
    # Every province, autonomous region and SAR-less province has its prefectures listed.
    with_cities = {e.province for e in prefectures}
    assert {p.name for p in provinces} - with_cities == {"北京市", "天津市", "上海市", "重庆市", "台湾省",
                                                        "香港特别行政区", "澳门特别行政区"}
    for form in ("唐山", "唐山市", "大同市", "河北", "发改委", "国家发展改革委", "国家能源集团", "国铁集团", "市场监管总局"):
        assert form in rules.gazetteer.entries, form


def test_the_modal_levels_and_comparators_are_the_models() -> None:
    """One vocabulary, two spellings: modality.toml's levels and comparators.toml's operators must
    be the values of model.Modality (strongest first) and model.Comparator."""
    assert MODALITY_LEVELS == tuple(level.value for level in Modality)
    assert set(COMPARATOR_OPS) == {comparator.sign for comparator in Comparator}
    assert [Comparator.of_sign(sign) for sign in COMPARATOR_OPS] == list(Comparator)


def test_every_modal_word_of_the_pack_has_a_level_and_a_label(rules) -> None:
    levels = rules.modality.levels
    assert levels == MODALITY_LEVELS and set(rules.modality.labels) == set(levels)
    assert {rules.modality.triggers[word] for word in ("不得", "应当", "力争", "鼓励", "可")} == set(levels)
    assert rules.modality.triggers["要求"] == ""  # contains 要, but is no modal word


def test_longest_first_prefers_the_longer_word() -> None:
    pattern = re.compile(longest_first(["以上", "及以上", "上"]))
    assert pattern.search("每小时65蒸吨及以上燃煤锅炉").group() == "及以上"
    assert re.compile(longest_first([])).search("以上") is None  # no words: a group that never matches


@pytest.mark.parametrize("suffix", ["", "{0,2}", "市", "(?=、)"])
def test_longest_first_matches_as_an_alternation_ordered_by_length(suffix: str) -> None:
    # The trie it writes (长治(?:市|县)?) finds what "长治市|长治县|长治" finds, also when what
    # follows makes it fall back to a shorter word, and after a quantifier.
    words = ["长治", "长治市", "长治县", "大同", "大同市", "同", "阳泉"]
    ordered = "(?:" + "|".join(re.escape(word) for word in sorted(words, key=lambda word: (-len(word), word))) + ")"
    text = "阳泉、长治、晋城市，大同市长治县长治市市、同大同"
    assert ([m.span() for m in re.finditer(longest_first(words) + suffix, text)]
            == [m.span() for m in re.finditer(ordered + suffix, text)])
    assert longest_first(["长治", "长治市", "长治县"]) == "(?:长治(?:县|市)?)"


def test_longest_first_takes_a_very_long_word() -> None:
    # The trie nests a group per character; past a few hundred the words are one alternation.
    pattern = re.compile(longest_first(["进一步" * 200, "进一"]))
    assert pattern.search("要进一步").group() == "进一"
    assert pattern.search("进一步" * 201).group() == "进一步" * 200
