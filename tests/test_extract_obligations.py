"""Obligations of a paragraph (policydiff.extract.obligations): figures bound to their actor,
action, metric, modality and time, the shares of an enumeration, and sanctions."""

from __future__ import annotations

from policydiff.extract import extract_obligations

from .conftest import ODS, SEED

D20 = "2020-12-31"


def test_enumeration_inherits_deadline_action_and_modality(extracted) -> None:
    shares = [ob for ob in extracted[SEED] if ob.clause == "（十一）" and ob.measures and ob.measures[0].unit == "吨"]
    assert len(shares) == 7
    assert {(ob.action, ob.deadline.date, ob.modality.value) for ob in shares} == {
        ("完成钢铁产能超低排放改造", D20, "aspirational")}


def test_fine_has_its_trigger_and_authority(extracted) -> None:
    fine = next(ob for ob in extracted[ODS] if ob.clause == "第三十条")
    assert (fine.kind, fine.action) == ("sanction", "罚款")
    assert fine.trigger == "无生产配额许可证生产消耗臭氧层物质的"
    assert fine.authority == "所在地生态环境主管部门"


def test_a_comparator_word_is_no_part_of_the_metric(rules) -> None:
    """农业技术推广法 art. 13: the metric of 不得低于机构岗位总量的百分之七十 is 机构岗位总量."""
    from policydiff.model import InputFormat, SourceDocument
    from policydiff.pipeline import outline_source

    text = ("中华人民共和国农业技术推广法\n第十三条 县级国家农业技术推广机构的专业技术岗位不得低于机构岗位总量"
            "的百分之七十，其他国家农业技术推广机构的专业技术岗位不得低于机构岗位总量的百分之八十。")
    source = SourceDocument(source="x.txt", format=InputFormat.TXT, raw_text=text, sha256="0" * 64)
    found = extract_obligations(outline_source(source, rules=rules), rules=rules)
    assert [(ob.metric, ob.measures[0].text) for ob in found] == [("机构岗位总量", "百分之七十"), ("机构岗位总量", "百分之八十")]
