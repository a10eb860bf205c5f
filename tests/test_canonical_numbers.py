"""Quantities read from text (policydiff.canonical.numbers): value, unit, comparator and range."""

from __future__ import annotations

import pytest

from policydiff import canonical
from policydiff.canonical import Comparator

LE, GE, LT, GT = Comparator.LE, Comparator.GE, Comparator.LT, Comparator.GT
EQ, APPROX = Comparator.EQ, Comparator.APPROX

QUANTITY_CASES = [
    # Civil Code art. 1259: 以上/以下/以内 include the number; 超过/不满/以外 exclude it.
    ("每小时35蒸吨以下的燃煤锅炉", [(35, "蒸吨/小时", LE, None)]),  # a rate, as 35蒸吨/小时 (issue 13)
    ("每小时65蒸吨及以上燃煤锅炉", [(65, "蒸吨/小时", GE, None)]),
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
    # Per mille, in words and in the sign (LawRefBook writes 千分之五 15 times, 5‰ 11 times)
    ("按日加收滞纳税款千分之五的滞纳金", [(5, "‰", EQ, None)]),
    ("按日加收滞纳税款万分之五的滞纳金", [(5, "‱", EQ, None)]),
    ("车用柴油硫含量不得超过百万分之十", []),  # ppm: no fraction word listed, and not 万分之十
    ("不合格率不得超过3‰", [(3, "‰", LE, None)]),
    # A grouped number (家用汽车产品修理更换退货责任规定 art. 18), not 60 and 000公里
    ("包修期不得低于3年或者行驶里程60,000公里", [(3, "年", GE, None), (60000, "公里", EQ, None)]),
    ("每档相差1个百分点", [(1, "个百分点", EQ, None)]),
    # Ranges
    ("至少树立1-2家示范企业", [(1, "家", GE, (1, 2))]),  # at least 1 (issue 13)
    ("树立1-2家示范企业", [(1, "家", EQ, (1, 2))]),
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
