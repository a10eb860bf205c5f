"""The records canonical readings give (policydiff.canonical.records): what two readings must
share to be the same value, whatever words the text uses."""

from __future__ import annotations

import pytest

from policydiff import canonical
from policydiff.canonical import TimeKind


@pytest.mark.parametrize(("one", "other"), [
    ("不超过2万吨", "2万吨以下"),  # a comparator before the number or after it (Civil Code art. 1259)
    ("2万吨以内", "二万吨以下"),  # Arabic and Chinese numerals
    ("不少于30天", "30日以上"),  # 天 and 日 are both days (UCUM d)
])
def test_quantities_written_differently_share_a_key(rules, one, other) -> None:
    (first,), (second,) = canonical.quantities(one, rules=rules), canonical.quantities(other, rules=rules)
    assert first.text != second.text and first.key == second.key


def test_a_quantity_key_tells_comparators_apart(rules) -> None:
    (within,), (over,) = canonical.quantities("2万吨以内", rules=rules), canonical.quantities("超过2万吨", rules=rules)
    assert within.key == (20000, "t", canonical.Comparator.LE, None)
    assert over.key == (20000, "t", canonical.Comparator.GT, None)


def test_a_deadline_is_keyed_by_its_date_and_a_season_by_its_words(rules) -> None:
    (arabic,), (chinese,) = (canonical.dates(text, rules=rules) for text in ("2020年12月底前", "二〇二〇年十二月三十一日前"))
    assert arabic.key == chinese.key == (TimeKind.DEADLINE, None, "2020-12-31")
    (winter_2020,), (winter_2021,) = (canonical.dates(text, rules=rules) for text in ("2020年采暖季前", "2021年采暖季前"))
    assert (winter_2020.start, winter_2020.end) == (winter_2021.start, winter_2021.end) == (None, None)
    assert winter_2020.key != winter_2021.key


def test_only_an_actor_named_by_no_one_is_generic(rules) -> None:
    text = "各地要加强指导，河北省完成1.1亿吨，发改委牵头"
    found = canonical.actors(text, rules=rules)
    assert [(actor.name, actor.kind, actor.generic) for actor in found] == [
        ("各地", "generic", True), ("河北省", "province", False), ("国家发展和改革委员会", "ministry", False)]
    assert [text[slice(*actor.span)] for actor in found] == [actor.text for actor in found] == ["各地", "河北省", "发改委"]


def test_a_reference_keeps_its_brackets_in_its_text_but_not_in_its_key(rules) -> None:
    text = "按照《钢铁企业超低排放评估监测技术指南》开展"
    (reference,) = canonical.references(text, rules=rules)
    assert reference.text == text[slice(*reference.span)] == "《钢铁企业超低排放评估监测技术指南》"
    assert reference.key == "钢铁企业超低排放评估监测技术指南"
