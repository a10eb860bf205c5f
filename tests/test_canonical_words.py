"""Words of one canonical class (policydiff.canonical.words): modality, softeners, actors,
conditions and scope words."""

from __future__ import annotations

import pytest

from policydiff import canonical
from policydiff.canonical import Modality

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
