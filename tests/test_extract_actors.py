"""Who owes an obligation (policydiff.extract.actors): coordinated lists of actors, place
qualifiers and the subject of a clause."""

from __future__ import annotations

import pytest

from policydiff.extract.actors import is_subject, run_of, runs, without_qualifiers
from policydiff.extract.layers import Item, Page
from policydiff.extract.sentence import clauses

from .builders import SEED_TITLE, extraction_page


def test_place_qualifier_and_object_are_not_the_actor(draft) -> None:
    """位于…的 qualifies the subject (the five listed groups act, all of them: issue 13); an
    actor after a verb (落实地方财政补贴资金) is an object: the subject opening the sentence acts."""
    by_figure = {(ob.clause, m.text): ob for ob in draft for m in ob.measures}
    assert by_figure[("（十二）", "80%以上")].actor.split("、") == [
        "中国华能集团有限公司", "中国大唐集团有限公司", "中国华电集团有限公司", "国家电力投资集团有限公司",
        "国家能源投资集团有限责任公司"]
    assert by_figure[("（十三）", "100万辆")].actor == "各省（市）"


# The seed's draft, （十二）: five power groups, qualified by where their plants are.
POWER_GROUPS = ("华能、大唐、华电、国电投、国家能源集团位于京津冀及周边地区、汾渭平原的火电企业煤炭清洁方式运输比例"
                "要达到80%以上。")


@pytest.fixture(scope="module")
def power_groups(rules):
    page, _ = extraction_page(f"{SEED_TITLE}\n（十二）推进“公转铁”重点工程。{POWER_GROUPS}\n", rules)
    start = page.text.index(POWER_GROUPS)
    return page, start, page.layers.uncited("actors", start, start + len(POWER_GROUPS))


def names(page: Page, items: list[Item]) -> list[str]:
    return [page.text[item.start:item.end] for item in items]


def test_actors_joined_by_list_marks_are_one_run(power_groups) -> None:
    page, _, found = power_groups
    assert [names(page, run) for run in runs(page, found)] == [
        ["华能", "大唐", "华电", "国电投", "国家能源集团"], ["京津冀及周边地区", "汾渭平原"]]
    assert names(page, run_of(page, found)[(found[4].start, found[4].end)][:1]) == ["华能"]  # 国家能源集团 stands for its list


def test_places_in_a_qualifier_of_the_subject_do_not_act(power_groups) -> None:
    page, start, found = power_groups
    kept = without_qualifiers(page, found, clauses(page.text, start, start + len(POWER_GROUPS)))
    assert names(page, kept) == ["华能", "大唐", "华电", "国电投", "国家能源集团"]
    assert [is_subject(page, actor, start) for actor in kept] == [True, False, False, False, False]
