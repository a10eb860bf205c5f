"""One sentence read for extraction (policydiff.extract.sentence): its clauses, the time that
frames it, its actors, and each figure's role."""

from __future__ import annotations

import pytest

from policydiff.extract.layers import Item, Page
from policydiff.extract.sentence import SentenceLayers, clauses, read_sentence
from policydiff.model import QuantityRole

from .builders import SEED_TITLE, extraction_page

TARGET, SCOPE, REPORTED = QuantityRole.TARGET, QuantityRole.SCOPE, QuantityRole.REPORTED

# Sentences of the seed as issued (final.txt as outlined): the preamble's first, and one each of （二） and
# （十五） after its clause's heading.
PREAMBLE = ("随着全国环境空气质量持续改善，人民群众蓝天获得感、幸福感明显提高，尤其是2017年以来，针对重点区域秋冬季重污染天气"
            "多发、频发的情况，连续三年开展秋冬季大气污染综合治理攻坚行动，成效明显，2019年秋冬季京津冀及周边地区细颗粒物"
            "（PM2.5）平均浓度较2016年同期下降33%，重污染天数下降52%。")
TARGETS = ("（二）主要目标。2021年1-3月，京津冀及周边地区PM2.5平均浓度控制在86微克/立方米以内，各城市重度及以上污染天数平均"
           "控制在12天以内；汾渭平原PM2.5平均浓度控制在90微克/立方米以内，各城市重度及以上污染天数平均控制在13天以内"
           "（详见附件1）。")
BOILERS = ("（十五）深入开展锅炉、炉窑综合整治。2020年12月底前，每小时35蒸吨以下的燃煤锅炉基本淘汰，每小时65蒸吨及以上燃煤锅炉"
           "完成节能和超低排放改造；")


@pytest.fixture(scope="module")
def page(rules):
    page, _ = extraction_page(f"{SEED_TITLE}\n{PREAMBLE}\n{TARGETS}\n{BOILERS}\n", rules)
    return page


def sentence(page: Page, opening: str) -> SentenceLayers:
    """The sentence of ``page`` that starts with ``opening``, to its 。 or ；."""
    start = page.text.index(opening)
    end = min(i for i in (page.text.find("。", start) + 1, page.text.find("；", start) + 1) if i > 0)
    return read_sentence(page, (start, end))


def spans(page: Page, items: list[Item]) -> list[str]:
    return [page.text[item.start:item.end] for item in items]


@pytest.mark.parametrize(("text", "expected"), [
    # 中国公民收养子女登记办法 art. 3: the comma inside the brackets cuts nothing.
    (("收养生父母有特殊困难无力抚养的子女或者由监护人监护的孤儿的，在被收养人生父母或者监护人常住户口所在地（组织作监护人的，"
      "在该组织所在地）的收养登记机关办理登记。"),
     ["收养生父母有特殊困难无力抚养的子女或者由监护人监护的孤儿的",
      "在被收养人生父母或者监护人常住户口所在地（组织作监护人的，在该组织所在地）的收养登记机关办理登记。"]),
    # The seed's note on the cities of 京津冀及周边地区 (final.txt).
    (("京津冀及周边地区包含北京市，天津市，河北省石家庄、唐山、邯郸、邢台、保定、沧州、廊坊、衡水市以及雄安新区，"
      "山西省太原、阳泉、长治、晋城市，山东省济南、淄博、济宁、德州、聊城、滨州、菏泽市，"
      "河南省郑州、开封、安阳、鹤壁、新乡、焦作、濮阳市（含河北省定州、辛集市，河南省济源市）。"),
     ["京津冀及周边地区包含北京市", "天津市", "河北省石家庄、唐山、邯郸、邢台、保定、沧州、廊坊、衡水市以及雄安新区",
      "山西省太原、阳泉、长治、晋城市", "山东省济南、淄博、济宁、德州、聊城、滨州、菏泽市",
      "河南省郑州、开封、安阳、鹤壁、新乡、焦作、濮阳市（含河北省定州、辛集市，河南省济源市）。"]),
    ("附件：1.各城市", ["附件", "1.各城市"]),  # a colon cuts too
])
def test_clauses_are_cut_at_commas_and_colons_outside_brackets(text, expected) -> None:
    assert [text[start:end] for start, end in clauses(text, 0, len(text))] == expected


def test_figures_after_a_comparison_with_a_past_year_are_reported(page) -> None:
    """连续三年, 下降33%, 下降52%: what the last campaigns achieved, not what must be (成效明显,
    较2016年同期), in a sentence without a modal word."""
    read = sentence(page, "随着全国")
    assert [(figure.quantity.text, figure.role) for figure in read.figures] == [
        ("三年", REPORTED), ("33%", REPORTED), ("52%", REPORTED)]
    assert read.modals == ()


def test_a_period_that_opens_the_sentence_frames_its_targets(page) -> None:
    read = sentence(page, "2021年1-3月")
    assert spans(page, [read.frame]) == ["2021年1-3月"]
    assert [(figure.quantity.text, figure.role) for figure in read.figures] == [
        ("86微克/立方米以内", TARGET), ("12天以内", TARGET)]
    assert spans(page, read.actors) == ["京津冀及周边地区", "各城市"]
    assert [page.text[start:end] for start, end in read.segments] == [
        "2021年1-3月", "京津冀及周边地区PM2.5平均浓度控制在86微克/立方米以内", "各城市重度及以上污染天数平均控制在12天以内；"]


def test_a_figure_that_says_which_boilers_is_their_scope(page) -> None:
    read = sentence(page, "2020年12月底前")
    assert spans(page, [read.frame]) == ["2020年12月底前"]
    assert [(figure.quantity.text, figure.role) for figure in read.figures] == [
        ("35蒸吨以下", SCOPE), ("65蒸吨及以上", SCOPE)]
