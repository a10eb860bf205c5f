"""Canonical values read from text (policydiff.canonical): quantities with units and
comparators, dates and periods, modality, actors, conditions, scope words, references."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policydiff import canonical
from policydiff.canonical import Comparator, Modality, TimeKind
from policydiff.canonical.spans import SpanIndex, _overlaps
from policydiff.rules import load_rules


@pytest.fixture(scope="module")
def rules():
    return load_rules()


LE, GE, LT, GT = Comparator.LE, Comparator.GE, Comparator.LT, Comparator.GT
EQ, APPROX = Comparator.EQ, Comparator.APPROX

QUANTITY_CASES = [
    # Civil Code art. 1259: 以上/以下/以内 include the number; 超过/不满/以外 exclude it.
    ("每小时35蒸吨以下的燃煤锅炉", [(35, "蒸吨", LE, None)]),
    ("每小时65蒸吨及以上燃煤锅炉", [(65, "蒸吨", GE, None)]),
    ("PM2.5平均浓度控制在63微克/立方米以内", [(63, "微克/立方米", LE, None)]),
    ("排气口高度超过45米的高架源", [(45, "米", GT, None)]),
    ("不满3年的", [(3, "年", LT, None)]),
    ("5公里以外", [(5, "公里", GT, None)]),
    ("3年内不得再次申请", [(3, "年", LE, None)]),
    # Words before the number
    ("平均降尘量不得高于9吨/月·平方公里", [(9, "吨/月·平方公里", LE, None)]),
    ("不少于30天", [(30, "天", GE, None)]),
    ("至少布设1个VOCs自动监测点位", [(1, "个", GE, None)]),
    ("钢铁产能控制在1500万吨左右", [(15000000, "吨", APPROX, None)]),
    ("约200家", [(200, "家", APPROX, None)]),
    ("约束性指标10项", [(10, "项", EQ, None)]),
    ("原则上达到80%以上", [(80, "%", GE, None)]),
    # Multipliers and Chinese numerals
    ("河北省完成1.1亿吨", [(110000000, "吨", EQ, None)]),
    ("30万千瓦及以上热电联产机组", [(300000, "千瓦", GE, None)]),
    ("处一万元罚款", [(10000, "元", EQ, None)]),
    ("处二十万元罚款", [(200000, "元", EQ, None)]),
    ("出现两次重污染过程", [(2, "次", EQ, None)]),
    ("百分之八十", [(80, "%", EQ, None)]),
    # A grouped number (家用汽车产品修理更换退货责任规定 art. 18), not 60 and 000公里
    ("包修期不得低于3年或者行驶里程60,000公里", [(3, "年", GE, None), (60000, "公里", EQ, None)]),
    ("每档相差1个百分点", [(1, "个百分点", EQ, None)]),
    # Ranges
    ("至少树立1-2家示范企业", [(1, "家", EQ, (1, 2))]),
    ("压减1-2万吨", [(10000, "吨", EQ, (10000, 20000))]),
    ("处1万元以上2万元以下的罚款", [(10000, "元", EQ, (10000, 20000))]),
    ("处五千元以上二万元以下的罚款", [(5000, "元", EQ, (5000, 20000))]),
    # Not quantities: ordinals, names, dates, citations, list labels, a Chinese numeral without a unit
    ("深入贯彻党的十九大精神", []),
    ("国三及以下排放标准营运柴油货车", []),
    ("结合第二轮中央生态环境保护督察", []),
    ("2020年12月底前", []),
    ("交通运输部等5部门联合印发", []),
    ("落实《2020年挥发性有机物治理攻坚方案》", []),
    ("附件：1.各城市", []),
    # A range of terms (刑法: 处六个月以上一年以下有期徒刑): 上一年 inside it is no relative year
    ("处六个月以上一年以下有期徒刑", [(6, "个月", GE, None), (1, "年", LE, None)]),
    ("以上一年度职工月平均工资为基数", []),
    # Relative years (监督法 art. 19, 消耗臭氧层物质管理条例 art. 12): a time, not the quantity 一年
    ("国务院应当在每年六月，将上一年度的中央决算草案提请", []),
    ("书面申请下一年度的生产配额", []),
    ("审查上一年预算执行情况", []),
]


@pytest.mark.parametrize(("text", "expected"), QUANTITY_CASES, ids=[row[0] for row in QUANTITY_CASES])
def test_quantities(rules, text, expected) -> None:
    found = [(q.value, q.unit, q.comparator, q.range) for q in canonical.quantities(text, rules=rules)]
    assert found == expected


def test_quantity_values_are_exact_and_carry_ucum_codes(rules) -> None:
    (quantity,) = canonical.quantities("河北省完成1.1亿吨", rules=rules)
    assert quantity.value == 110000000 and isinstance(quantity.value, int)
    assert (quantity.unit_code, quantity.dimension, quantity.text) == ("t", "mass", "1.1亿吨")
    (kilometres,) = canonical.quantities("15千米", rules=rules)
    (li,) = canonical.quantities("15公里", rules=rules)
    assert kilometres.key == li.key  # 千米 and 公里 are both km


DATE_CASES = [
    ("2020年12月底前完成", [(TimeKind.DEADLINE, None, "2020-12-31")]),
    ("2021年3月底前", [(TimeKind.DEADLINE, None, "2021-03-31")]),
    ("2020年10月底前", [(TimeKind.DEADLINE, None, "2020-10-31")]),
    ("2024年2月底前", [(TimeKind.DEADLINE, None, "2024-02-29")]),
    ("年底前完成", [(TimeKind.DEADLINE, None, "--12-31")]),
    ("2020年底前", [(TimeKind.DEADLINE, None, "2020-12-31")]),
    # 最高人民检察院关于检察工作中具体适用修订刑法第十二条若干问题的通知: after a day, 以后 is from it on
    ("1997年10月1日以后", [(TimeKind.FROM, "1997-10-01", None)]),
    ("对于10月1日以后实施的犯罪行为", [(TimeKind.FROM, "--10-01", None)]),
    ("2019年以来", [(TimeKind.FROM, "2019-01-01", None)]),
    ("上半年", [(TimeKind.PERIOD, "--01-01", "--06-30")]),
    ("一季度", [(TimeKind.PERIOD, "--01-01", "--03-31")]),
    ("2019年一季度", [(TimeKind.PERIOD, "2019-01-01", "2019-03-31")]),
    ("2020年10-12月", [(TimeKind.PERIOD, "2020-10-01", "2020-12-31")]),
    ("2021年1—3月", [(TimeKind.PERIOD, "2021-01-01", "2021-03-31")]),
    ("自2020年9月起", [(TimeKind.FROM, "2020-09-01", None)]),
    ("自2021年7月15日起施行", [(TimeKind.FROM, "2021-07-15", None)]),
    ("二〇二〇年十二月三十一日前", [(TimeKind.DEADLINE, None, "2020-12-31")]),
    ("2020年10月28日", [(TimeKind.DATE, "2020-10-28", "2020-10-28")]),
    ("发布日期：2020-10-30", [(TimeKind.DATE, "2020-10-30", "2020-10-30")]),
    ("“十四五”期间", [(TimeKind.PERIOD, "2021-01-01", "2025-12-31")]),
    ("2020年采暖季前", [(TimeKind.FUZZY, None, None)]),
    ("秋冬季", [(TimeKind.FUZZY, None, None)]),
    ("2020-2021年秋冬季", [(TimeKind.FUZZY, None, None)]),
    ("3年内不得再次申请", []),
    ("2月30日前", []),
]


@pytest.mark.parametrize(("text", "expected"), DATE_CASES, ids=[row[0] for row in DATE_CASES])
def test_dates(rules, text, expected) -> None:
    assert [(d.kind, d.start, d.end) for d in canonical.dates(text, rules=rules)] == expected


def test_fuzzy_dates_keep_their_text(rules) -> None:
    (timing,) = canonical.dates("根据各地上报情况，2020年采暖季前，共完成散煤替代", rules=rules)
    assert timing.text == "2020年采暖季前" and timing.key == (TimeKind.FUZZY, "2020年采暖季前")


MODALITY_CASES = [
    ("各地要高度重视", Modality.MANDATORY, "要"),
    ("应当报所属行政机关备案", Modality.MANDATORY, "应当"),
    ("严禁在编码登记过程中乱收费", Modality.PROHIBITED, "严禁"),
    ("不应采取停限产措施", Modality.PROHIBITED, "不应"),
    ("力争完成2亿吨钢铁产能超低排放改造", Modality.ASPIRATIONAL, "力争"),
    ("鼓励各地继续推动实施", Modality.ENCOURAGED, "鼓励"),
    ("可自主采取减排措施", Modality.PERMITTED, "可"),
    ("视情减少应急管控措施", Modality.PERMITTED, "视情"),
    # The strongest word of the text wins.
    ("各地要积极推广，鼓励企业参与", Modality.MANDATORY, "要"),
    ("鼓励企业参与，但不得强制", Modality.PROHIBITED, "不得"),
    # Words that contain a trigger without being one.
    ("应急减排清单", None, None),
    ("有关要求", None, None),
    ("秋冬季污染物排放量可能出现反弹", None, None),
    ("提升环保基础工作整体水平", None, None),
]


@pytest.mark.parametrize(("text", "level", "trigger"), MODALITY_CASES, ids=[row[0] for row in MODALITY_CASES])
def test_modality(rules, text, level, trigger) -> None:
    modal = canonical.modality(text, rules=rules)
    assert (modal.level, modal.trigger) == (level, trigger) if level else modal is None


def test_modality_levels_are_ordered_strongest_first() -> None:
    ranks = [level.rank for level in Modality]
    assert ranks == sorted(ranks, reverse=True) and len(set(ranks)) == 5
    assert Modality.PROHIBITED.rank > Modality.MANDATORY.rank > Modality.ASPIRATIONAL.rank
    assert Modality.ASPIRATIONAL.rank > Modality.ENCOURAGED.rank > Modality.PERMITTED.rank


@pytest.mark.parametrize(("text", "softened"), [
    ("每小时35蒸吨以下的燃煤锅炉基本淘汰", ["基本"]), ("原则上达到80%以上", ["原则上"]), ("避免一刀切", ["避免"]),
    ("（一）基本思路", []), ("坚持基本原则", []),
])
def test_softeners(rules, text, softened) -> None:
    assert [m.text for m in canonical.softeners(text, rules=rules)] == softened


ACTOR_CASES = [
    ("河北省石家庄、唐山、衡水市以及雄安新区", ["河北省", "石家庄市", "唐山市", "衡水市", "雄安新区"]),
    ("河北、河南、山东等地", ["河北省", "河南省", "山东省"]),
    ("太原、阳泉、长治、晋城市", ["太原市", "阳泉市", "长治市", "晋城市"]),
    ("世界大同，长治久安", []),
    ("吉林省吉林市", ["吉林省", "吉林市"]),
    ("发展改革委等5部门", ["国家发展和改革委员会"]),
    ("国家发展和改革委员会", ["国家发展和改革委员会"]),
    ("华能、大唐、华电、国电投、国家能源集团", ["中国华能集团有限公司", "中国大唐集团有限公司", "中国华电集团有限公司",
                                     "国家电力投资集团有限公司", "国家能源投资集团有限责任公司"]),
    ("中国石油化工集团有限公司、国家电网有限公司", ["中国石油化工集团有限公司", "国家电网有限公司"]),
    ("京津冀及周边地区、汾渭平原", ["京津冀及周边地区", "汾渭平原"]),
    ("报国务院生态环境主管部门核减", ["国务院生态环境主管部门"]),
    ("由所在地县级以上地方人民政府环境保护主管部门责令改正", ["所在地县级以上地方人民政府环境保护主管部门"]),
    ("各地要加强指导，有关部门配合", ["各地", "有关部门"]),
    ("恩施州、延边", ["恩施土家族苗族自治州", "延边朝鲜族自治州"]),
]


@pytest.mark.parametrize(("text", "names"), ACTOR_CASES, ids=[row[0] for row in ACTOR_CASES])
def test_actors(rules, text, names) -> None:
    assert [actor.name for actor in canonical.actors(text, rules=rules)] == names


@pytest.mark.parametrize(("text", "found"), [
    ("在确保安全的情况下，督促企业", ["在确保安全的情况下"]),
    ("可按有关规定纳入", ["按有关规定"]),
    ("地方人民政府应依法划定", ["依法"]),
    ("有条件的城市可在城市主导风向增加监测点位", ["有条件的"]),
    ("情节严重的，并处50万元以上100万元以下的罚款", ["情节严重的"]),
    ("加强监督检查", []),
])
def test_conditions(rules, text, found) -> None:
    assert [m.text for m in canonical.conditions(text, rules=rules)] == found


@pytest.mark.parametrize(("text", "found"), [
    ("全部完成", ["全部"]), ("所有城市", ["所有", "城市"]), ("重点行业", ["重点"]), ("独立焦化企业逐步退出", ["逐步"]),
    ("各地要加强指导", []),
])
def test_scope_words(rules, text, found) -> None:
    assert [m.text for m in canonical.scope_words(text, rules=rules)] == found


@pytest.mark.parametrize(("text", "found"), [
    ("（详见附件1）", [("annex", "附件1", True)]),
    ("按照《钢铁企业超低排放评估监测技术指南》开展", [("title", "钢铁企业超低排放评估监测技术指南", False)]),
    ("交通运输部等4部门联合印发", [("issuer", "等4部门", False)]),
    ("按照环境保护税法有关条款规定", [("law", "环境保护税法", False)]),
    ("依照本法第三十条第二款的规定", [("article", "第三十条第二款", False)]),
    ("第三十条 无生产配额许可证生产消耗臭氧层物质的", []),
    ("落实《交通运输部等九部门贯彻落实国务院办公厅〈推进运输结构调整三年行动计划（2018—2020年）〉的通知》",
     [("title", "交通运输部等九部门贯彻落实国务院办公厅推进运输结构调整三年行动计划（2018—2020年）的通知", False)]),
])
def test_references(rules, text, found) -> None:
    assert [(r.kind, r.key, r.pointer) for r in canonical.references(text, rules=rules)] == found


SPANS = st.lists(st.tuples(st.integers(0, 60), st.integers(1, 20)).map(lambda p: (p[0], p[0] + p[1])), max_size=12)


@settings(max_examples=500, deadline=None)
@given(SPANS, st.tuples(st.integers(0, 70), st.integers(0, 10)).map(lambda p: (p[0], p[0] + p[1])))
def test_span_index_agrees_with_a_linear_scan(spans, probe) -> None:
    assert SpanIndex(spans).overlaps(probe) == _overlaps(probe, spans)
