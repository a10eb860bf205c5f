"""Who owes an obligation (policydiff.extract.actors): coordinated lists of actors, place
qualifiers and the subject of a clause."""

from __future__ import annotations


def test_place_qualifier_and_object_are_not_the_actor(draft) -> None:
    """位于…的 qualifies the subject (the listed groups act, named by the first); an actor
    after a verb (落实地方财政补贴资金) is an object: the subject opening the sentence acts."""
    by_figure = {(ob.clause, m.text): ob for ob in draft for m in ob.measures}
    assert by_figure[("（十二）", "80%以上")].actor == "中国华能集团有限公司"
    assert by_figure[("（十三）", "100万辆")].actor == "各省（市）"
