"""Obligations in laws and regulations (issue 13), on two real regulations kept in
``corpora/lawrefbook-sample``: sanctions as their own kind with their authority, trigger and
base, time limits and durations, comparators a tracker can compare (不足, 不得少于), and the
party an article binds. Each expectation was read from the article quoted beside it.
"""

from __future__ import annotations

from functools import cache

import pytest

from policydiff.model import Comparator, Modality, Obligation, ObligationKind
from policydiff.pipeline import extract_document, outline_path
from policydiff.rules import load_rules

from .conftest import CORPORA

SAMPLE = CORPORA / "lawrefbook-sample" / "行政法规"
CAFE = SAMPLE / "互联网上网服务营业场所管理条例(2022-03-29).md"
PESTICIDE = SAMPLE / "农药管理条例(2022-03-29).md"


@cache
def obligations(path) -> tuple[Obligation, ...]:
    rules = load_rules()
    return extract_document(outline_path(path, rules=rules), rules=rules)


def find(path, clause: str, text: str) -> tuple[Obligation, object]:
    """The obligation of ``clause`` with the figure written ``text``, and that figure."""
    found = [(ob, m) for ob in obligations(path) if ob.clause == clause for m in ob.measures if m.text == text]
    assert len(found) == 1, [(ob.clause, [m.text for m in ob.measures]) for ob in obligations(path) if ob.clause == clause]
    return found[0]


def test_a_time_limit_counts_from_its_trigger_in_working_days() -> None:
    """第十一条 文化行政部门应当自收到申请之日起20个工作日内作出决定."""
    ob, figure = find(CAFE, "第十一条", "20个工作日内")
    assert (ob.kind, figure.value, figure.unit, figure.comparator) == (ObligationKind.TIME_LIMIT, 20, "工作日", Comparator.LE)
    assert ob.trigger == "收到申请之日"
    assert ob.actor == "文化行政部门"


def test_a_double_negative_is_a_mandatory_floor() -> None:
    """第二十三条 …登记内容和记录备份保存时间不得少于60日: at least 60 days, a duty, not a ban;
    the party is the article's (互联网上网服务营业场所经营单位应当…)."""
    ob, figure = find(CAFE, "第二十三条", "60日")
    assert (ob.kind, ob.modality, figure.comparator) == (ObligationKind.DURATION, Modality.MANDATORY, Comparator.GE)
    assert ob.actor == "互联网上网服务营业场所经营单位"


def test_a_sanction_has_its_authority_trigger_and_base() -> None:
    """第五十六条 农药经营者经营劣质农药的，由县级以上地方人民政府农业主管部门…；货值金额1万元以上的，
    并处货值金额2倍以上5倍以下罚款."""
    ob, figure = find(PESTICIDE, "第五十六条", "2倍以上5倍以下")
    assert ob.kind is ObligationKind.SANCTION
    assert (figure.value, figure.range, figure.unit, figure.base) == (2, (2, 5), "倍", "货值金额")
    assert ob.authority == "县级以上地方人民政府农业主管部门"
    assert ob.actor == "农药经营者"  # the violator, not the body that fines
    assert ob.modality is Modality.MANDATORY


@pytest.mark.parametrize(("text", "comparator"), [("不足1万元", Comparator.LT), ("1万元以上", Comparator.GE)])
def test_the_tiers_of_a_fine_are_thresholds(text: str, comparator: Comparator) -> None:
    """第五十六条 违法经营的农药货值金额不足1万元的，并处…；货值金额1万元以上的，并处…"""
    obs = [(ob, m) for ob in obligations(PESTICIDE) if ob.clause == "第五十六条" for m in ob.measures
           if m.value == 10000 and m.comparator is comparator]
    assert len(obs) == 1
    assert obs[0][0].kind is ObligationKind.THRESHOLD


def test_a_ban_for_a_time_is_a_sanction_on_the_person_it_names() -> None:
    """第六十三条 …的，其直接负责的主管人员10年内不得从事农药生产、经营活动."""
    ob, figure = find(PESTICIDE, "第六十三条", "10年内")
    assert (ob.kind, figure.value, figure.unit, figure.comparator) == (ObligationKind.SANCTION, 10, "年", Comparator.LE)
    assert ob.actor == "其直接负责的主管人员"
    assert ob.action == "从事农药生产、经营活动"


def test_renewal_ahead_of_expiry_is_a_time_limit_of_at_least() -> None:
    """第十三条 有效期届满，需要继续…的，农药登记证持有人应当在有效期届满90日前申请延续."""
    ob, figure = find(PESTICIDE, "第十三条", "90日")
    assert (ob.kind, figure.comparator) == (ObligationKind.TIME_LIMIT, Comparator.GE)
    assert ob.actor == "农药登记证持有人"


def test_a_validity_period_is_a_duration() -> None:
    """第十三条 农药登记证有效期为5年: no party is bound by it."""
    ob, figure = find(PESTICIDE, "第十三条", "5年")
    assert (ob.kind, figure.comparator) == (ObligationKind.DURATION, Comparator.EQ)


@pytest.mark.parametrize(("path", "effective"), [(PESTICIDE, "2017-06-01"), (CAFE, "2002-11-15")])
def test_the_date_a_regulation_takes_effect_belongs_to_the_document(path, effective: str) -> None:
    """农药管理条例 第六十六条 本条例自2017年6月1日起施行 (the gold's `# effective` line): the
    document record holds it, and no obligation is made of it."""
    rules = load_rules()
    policy = outline_path(path, rules=rules)
    assert policy.effective == effective
    year = effective[:4]
    assert not [ob for ob in obligations(path) if ob.deadline and (ob.deadline.date or "").startswith(year)]


@pytest.mark.parametrize(("clause", "text", "violation"), [
    # 第五十二条: the second tier's fine follows the article's violation, not the tier.
    ("第五十二条", "10倍以上20倍以下", "未取得农药生产许可证生产农药或者生产假农药的"),
    # 第五十四条: a violation of two clauses joined by 或者.
    ("第五十四条", "1万元以上5万元以下", "农药生产企业不执行原材料进货、农药出厂销售记录制度，或者不履行农药废弃物回收义务的"),
])
def test_a_sanction_is_triggered_by_the_violation_its_article_names(clause: str, text: str, violation: str) -> None:
    ob, _ = find(PESTICIDE, clause, text)
    assert ob.trigger == violation


def test_a_ban_is_a_sanction_only_in_an_article_that_sanctions(tmp_path) -> None:
    """A time-limited ban after an article about 吊销 is a time limit of its own article."""
    path = tmp_path / "reg.md"
    path.write_text("# 测试条例\n\n第二条 违反本条例规定的，由主管部门吊销许可证。\n\n第三条 申请人3年内不得转让登记证。\n",
                    encoding="utf-8")
    rules = load_rules()
    ob = next(ob for ob in extract_document(outline_path(path, rules=rules), rules=rules) if ob.clause == "第三条")
    assert ob.kind is ObligationKind.TIME_LIMIT


@pytest.mark.parametrize(("sentence", "text", "unit", "base", "charge"), [
    # 税收征收管理法 第三十二条 (LawRefBook): a daily late fee on tax owed.
    (("纳税人未按照规定期限缴纳税款的，扣缴义务人未按照规定期限解缴税款的，税务机关除责令限期缴纳外，"
     "从滞纳税款之日起，按日加收滞纳税款万分之五的滞纳金。"), "万分之五", "‱", "滞纳税款", "滞纳金"),
    # 电信条例 第三十四条: 3‰ a day of what is owed.
    ("电信用户逾期不交纳电信费用的，电信业务经营者有权要求补交电信费用，并可以按照所欠费用每日加收3‰的违约金。",
     "3‰", "‰", "所欠费用", "违约金"),
])
def test_a_late_fee_is_a_sanction_charged_on_what_is_owed(sentence: str, text: str, unit: str, base: str,
                                                         charge: str) -> None:
    from policydiff.model import InputFormat, SourceDocument
    from policydiff.pipeline import outline_source

    rules = load_rules()
    policy = outline_source(SourceDocument("law.txt", InputFormat.TXT, f"某某法\n第一条 {sentence}\n", "0" * 64),
                            rules=rules)
    (ob,) = extract_document(policy, rules=rules)
    (figure,) = ob.measures
    assert (ob.kind, ob.action, figure.text, figure.unit, figure.base) == (ObligationKind.SANCTION, charge, text, unit, base)
    assert ob.trigger is not None and ob.trigger.endswith("的")
