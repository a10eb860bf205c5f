"""Normalization: formatting artefacts removed, offsets kept, idempotent."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policydiff.normalize import normalize_text


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        # a page break inside a sentence of a PDF export (the seed draft's 目\n\n标)
        ("按照污染程度分为6档，对“十三五”目\n\n标完成进度滞后的城市提高要求。", "按照污染程度分为6档，对“十三五”目标完成进度滞后的城市提高要求。"),
        ("各地要高度重视，确\n\n保将要求告知到每家企业。", "各地要高度重视，确保将要求告知到每家企业。"),
        ("各地要加强颗粒物监测，加强组分监测和 \nVOCs监测。", "各地要加强颗粒物监测，加强组分监测和VOCs监测。"),
        # spaces next to Chinese text, and between CJK and digits
        ("2020 年 10 月", "2020年10月"),
        ("京津冀及周边地区、汾渭平原 2020-2021 年秋冬季 大气污染", "京津冀及周边地区、汾渭平原2020-2021年秋冬季大气污染"),
        ("评为 A 级", "评为A级"),
        ("“散乱污 ”企业", "“散乱污”企业"),
        # sub- and superscript markup
        ("细颗粒物（PM_{2.5}）", "细颗粒物（PM2.5）"),
        ("PM<sub>2.5</sub>浓度", "PM2.5浓度"),
        ("PM_2.5浓度", "PM2.5浓度"),
        ("100m^{3}", "100m3"),
        ("SO₂排放", "SO2排放"),
        # width
        ("控制在６３微克／立方米以内，下降３３％", "控制在63微克/立方米以内，下降33%"),
        ("(征求意见稿)", "（征求意见稿）"),
        ("(十八)加强组织领导。", "（十八）加强组织领导。"),
        ("发布日期:2020-10-30", "发布日期：2020-10-30"),
        ("f(x) = 1, 2", "f(x) = 1, 2"),
        ("1,000吨", "1,000吨"),
        # headings printed letter-spaced by the NPC database: closed up, never split in two
        ("目\u3000\u3000录", "目录"),
        # The space after a label that opens a line is the reader's: one stays (issue 14), also
        # after a label written with half-width brackets, as after its full-width form.
        ("(十八) 加强组织领导。", "（十八） 加强组织领导。"),
        ("（十八） 加强组织领导。", "（十八） 加强组织领导。"),
        ("第一章\u3000总\u3000\u3000则", "第一章 总则"),
        ("\u3000\u3000第五章\u3000附\u3000\u3000则\r\n", "第五章 附则"),
        ("第六章 \u00a0 \u00a0工作监督", "第六章 工作监督"),
        # page-number lines of extracted PDF text, and the sentence they interrupted
        ("变更决定之日起的\n\n- 1 -\n\n十五日内", "变更决定之日起的十五日内"),
        ("第一条为了规范管理，保护\n— 12 —\n权益，制定本法。", "第一条为了规范管理，保护权益，制定本法。"),
        ("有关单位，应当\n\n3\n\n依法登记。", "有关单位，应当依法登记。"),
        ("共计\n2020\n年", "共计\n2020\n年"),
        # a heading title cut after a conjunction (第二章　听取和审议人民政府、人民法院和 / …)
        ("第二章听取和审议人民政府、人民法院和\n人民检察院的专项工作报告", "第二章听取和审议人民政府、人民法院和人民检察院的专项工作报告"),
        # spaces of every kind
        ("中\u3000文", "中文"),
        ("word\u00a0word", "word word"),
        ("零\u200b宽", "零宽"),
        # HTML remnants
        ("1.各城市 <BR>2020-2021年", "1.各城市\n2020-2021年"),
        ("甲&nbsp;乙&lt;丙&gt;", "甲乙<丙>"),
        ("&amp;lt;", "&amp;lt;"),
        # full-width indents inside a line are lost paragraph breaks (web pages)
        ("既定目标任务。　　\n　　一、总体要求　　（一）基本思路。", "既定目标任务。\n一、总体要求\n（一）基本思路。"),
        ("陕西省人民政府 2020年10月28日　　（此件社会公开）", "陕西省人民政府2020年10月28日\n（此件社会公开）"),
        # lines that end a unit are not joined: titles, headings, signatures
        ("附件\n\n京津冀方案\n\n(征求意见稿)\n\n随着全国环境空气质量持续改善。", "附件\n京津冀方案\n（征求意见稿）\n随着全国环境空气质量持续改善。"),
        ("各地要加强管理，防止反弹\n二、有效应对重污染天气", "各地要加强管理，防止反弹\n二、有效应对重污染天气"),
        ("各地要加强管理，防止反弹\n（四）全面实施绩效分级。", "各地要加强管理，防止反弹\n（四）全面实施绩效分级。"),
        ("生态环境部\n2020年10月28日", "生态环境部\n2020年10月28日"),
        ("\r\n\r\n第一条 为了加强管理。\r\n第二条 本条例所称", "第一条 为了加强管理。\n第二条 本条例所称"),
        ("第一条为了加强管理。", "第一条为了加强管理。"),  # run in (a web page): nothing added
    ],
)
def test_normalize_text(raw: str, expected: str) -> None:
    assert normalize_text(raw).text == expected


def test_offsets_point_back_to_the_raw_characters() -> None:
    raw = "对“十三五”目\n\n标完成 2020 年 PM_{2.5} (征求意见稿)"
    normalized = normalize_text(raw)
    assert len(normalized.offsets) == len(normalized.text) + 1
    for i, char in enumerate(normalized.text):
        assert raw[normalized.offsets[i]] in (char, "(", ")"), (i, char)
    start = normalized.text.index("标完成")
    assert normalized.raw_span((start, start + 3)) == (raw.index("标完成"), raw.index("标完成") + 3)
    assert normalized.offsets[-1] == len(raw)


def test_offsets_never_decrease() -> None:
    normalized = normalize_text("甲　　乙\n\n丙，丁\n戊。&nbsp;PM_{2.5}")
    assert list(normalized.offsets) == sorted(normalized.offsets)


def test_normalized_record_carries_its_key() -> None:
    normalized = normalize_text("（二）主要目标。")
    assert normalized.key == "二主要目标"
    assert normalized.key_offsets[-1] == len(normalized.text)


POLICY_ALPHABET = st.sampled_from(
    list("一二三四五六七八九十各地要确保完成目标任务吨年月日底前以内超过不得鼓励支持")
    + list("，。；：、！？“”《》（）()[]{}<>_^&;#") + list("0123456789.-%／％ＡＢ")
    + [" ", "\u3000", "\u00a0", "\n", "\n\n", "\t", "\u200b", "<BR>", "&nbsp;", "&amp;", "&lt;", "_{2.5}", "PM"]
    + ["一、", "（一）", "第一条", "1.", "附件", "抄送："]
)


@settings(max_examples=500, deadline=None)
@given(st.lists(POLICY_ALPHABET, max_size=60).map("".join))
def test_normalization_is_idempotent(raw: str) -> None:
    once = normalize_text(raw)
    twice = normalize_text(once.text)
    assert twice.text == once.text


@settings(max_examples=300, deadline=None)
@given(st.lists(POLICY_ALPHABET, max_size=60).map("".join))
def test_offset_map_is_monotonic_and_complete(raw: str) -> None:
    normalized = normalize_text(raw)
    assert len(normalized.offsets) == len(normalized.text) + 1
    assert list(normalized.offsets) == sorted(normalized.offsets)
    assert all(0 <= offset <= len(raw) for offset in normalized.offsets)


@pytest.mark.parametrize(("raw", "text"), [
    ("各地要\x07加强领导", "各地要加强领导"),
    ("各地要\x1b[31m加强领导", "各地要[31m加强领导"),
    ("各地要\x7f\x9b加强领导", "各地要加强领导"),
    ("第一条\x85第二条", "第一条\n第二条"),
])
def test_control_characters_are_not_text(raw: str, text: str) -> None:
    assert normalize_text(raw).text == text


def test_lines_wrapped_at_a_fixed_width_are_joined_whatever_their_punctuation() -> None:
    # Text extracted from a PDF: every body line runs to the margin (36 characters here),
    # so an item with no comma (（三）引导人才…和重 / 点科研项目流动；) is one line again.
    item = "（三）引导人才向国家和本市重点加强的行业、部门以及重点建设工程和重点科研项目流动；"
    body = "第五条本法所称个人独资企业，是指依照本法在中国境内设立，由一个自然人投资，财产为投资人个人所有，投资人以其个人财产对企业债务承担无限责任的经营实体。"
    raw = "\n".join([body[i:i + 36] for i in range(0, len(body), 36)] * 4 + [item[:36], item[36:]])
    lines = normalize_text(raw).text.split("\n")
    assert lines[-1] == item


def wrapped(text: str, width: int = 36) -> list[str]:
    return [text[i:i + width] for i in range(0, len(text), width)]


BODY = "第五条本法所称个人独资企业，是指依照本法在中国境内设立，由一个自然人投资，财产为投资人个人所有，投资人以其个人财产对企业债务承担无限责任的经营实体。"


@pytest.mark.parametrize(("paragraph", "reference"), [
    # 医疗器械监督管理条例 (2021) art. 32, the margin falling between 依照本条例 and 第十五条,
    # so that the line below would read as article 15.
    (("医疗器械备案人自行生产第一类医疗器械的，可以在依照本条例第十五条规定进行产品备案时"
     "一并提交符合本条例第三十条规定条件的有关资料，即完成生产备案。"), "第十五条"),
    # 关于审理使用人脸识别技术处理个人信息相关民事案件适用法律若干问题的规定 art. 14: no comma
    # before the cut, and 第四十七条 there would outrank the article's own number.
    (("第十四条信息处理者处理人脸信息的行为符合民事诉讼法第五十五条、消费者权益保护法第四十七条或者其他"
     "法律关于民事公益诉讼的相关规定，法律规定的机关和有关组织提起民事公益诉讼的，人民法院应予受理。"), "第四十七条"),
])
def test_a_cross_reference_the_margin_cut_before_continues_the_sentence(paragraph: str, reference: str) -> None:
    cut = paragraph.index(reference)
    raw = "\n".join(wrapped(BODY, cut) * 4 + [paragraph[:cut], paragraph[cut:]])
    assert normalize_text(raw).text.split("\n")[-1] == paragraph


def test_a_line_never_ends_inside_a_quotation_it_opens() -> None:
    # 宪法修正案 (2004) art. 26: the quoted item （二十） would start a line of its own.
    paragraph = ("第二十六条宪法第六十七条全国人民代表大会常务委员会职权第二十项“（二十）决定全国或者个别省、"
                 "自治区、直辖市的戒严”修改为“（二十）决定全国或者个别省、自治区、直辖市进入紧急状态”。")
    cut = paragraph.index("（二十）")
    assert normalize_text(paragraph[:cut] + "\n" + paragraph[cut:]).text == paragraph


def test_a_cross_reference_after_a_pause_continues_the_sentence() -> None:
    # 上海市数据条例 art. 87: a list of articles cut after one of its 、.
    raw = ("（四）未按照本条例第三十条、第三十三条、第三十八条、第三十九条、\n"
           "第四十条、第四十二条规定收集、归集、共享、开放公共数据的；")
    assert normalize_text(raw).text == raw.replace("\n", "")


def test_an_article_after_a_note_that_runs_to_the_margin_starts_a_line() -> None:
    # 浙江省渔业管理条例: the (…修正) note ends at the margin, with no comma in it.
    note = "（根据2020年9月24日浙江省第十三届人民代表大会常务委员会第二十四次会议第四次修正）"
    raw = "\n".join(["浙江省渔业管理条例", *wrapped(note), *wrapped(BODY.replace("第五条", "第一条")) * 4])
    assert "\n第一条本法所称" in normalize_text(raw).text


def test_a_table_of_contents_heading_never_continues_a_sentence() -> None:
    note = "（2012年9月27日山东省第十一届人民代表大会常务委员会第三十三次会议通过，根据2018年1月23日修正）"
    raw = "\n".join(["山东省湖泊保护条例", *wrapped(note), "目　录", "第一章　总则", *wrapped(BODY) * 4])
    assert "\n目录\n第一章" in normalize_text(raw).text


@pytest.mark.parametrize(("raw", "text"), [("（二)地方性法规制定后", "（二）地方性法规制定后"),
                                         ("(一）园林景观路", "（一）园林景观路")])
def test_a_label_in_brackets_of_two_widths_is_read_as_one(raw: str, text: str) -> None:
    assert normalize_text(raw).text == text


def test_a_title_as_wide_as_the_page_stays_apart_from_the_body() -> None:
    title = "最高人民法院、最高人民检察院关于办理环境污染刑事案件适用法律若干问题的解释"
    preamble = "为依法惩治有关环境污染犯罪，根据《中华人民共和国刑法》的有关规定，现就办理此类刑事案件适用法律的若干问题解释如下："
    raw = "\n".join([title, *wrapped(preamble, len(title)), *wrapped(BODY, len(title)) * 4])
    assert normalize_text(raw).text.split("\n")[:2] == [title, preamble]


def test_lines_wrapped_by_character_count_are_joined_whatever_their_digits() -> None:
    # A grid of 36 characters a line, half-width digits counting as one character each, so
    # that full lines differ in printed width (70 columns down to 48).
    # 特种设备安全监察条例 art. 63.
    item = "（四）客运索道、大型游乐设施高空滞留100人以上并且时间在24小时以上48小时以下的；"
    body = [BODY[k:k + 34 - 2 * k] + "2020" * 6 for k in range(12)]
    raw = "\n".join([line[:36] for line in body] + [item[:36], item[36:]])
    assert normalize_text(raw).text.split("\n")[-1] == item


def test_a_title_as_wide_as_the_page_stays_apart_from_its_note() -> None:
    body = "第五条本法所称个人独资企业，是指依照本法在中国境内设立，由一个自然人投资，财产为投资人个人所有，投资人以其个人财产对企业债务承担无限责任的经营实体。"
    title = "最高人民法院关于审理人身损害赔偿案件适用法律若干问题的解释"
    raw = "\n".join([title, "(2003年12月4日最高人民法院审判委员会第1299次会议通过)"]
                  + [body[i:i + 31] for i in range(0, len(body), 31)] * 4)
    assert normalize_text(raw).text.split("\n")[0] == title


def test_an_article_run_into_its_text_after_a_line_at_the_margin_starts_a_line() -> None:
    # A formula line reaches the margin without sentence marks; the article after it opens
    # with 中华人民共和国, which a reference never does (第X条中规定 would).
    formula = "抵免限额＝中国境内、境外所得依照企业所得税法和本条例的规定计算的应纳税总额×来源于某国的应纳税所得额"
    article = "第七十九条中华人民共和国境内的企业应当遵守本条例。"
    raw = "\n".join(wrapped(BODY, len(formula)) * 4 + [formula, article])
    assert normalize_text(raw).text.split("\n")[-1] == article


def test_a_bracket_of_the_other_width_around_more_than_a_list_number_is_left_alone() -> None:
    assert normalize_text("下列情形（a)设备；b)材料）除外").text == "下列情形（a)设备；b)材料）除外"


def test_a_quoted_article_keeps_its_items_on_lines_of_their_own() -> None:
    # 最高人民法院关于修改《关于上海金融法院案件管辖的规定》的决定: the quotation that opens on
    # one line closes three lines below, after the items of the quoted article.
    lines = ["三、增加一条作为第二条：", "“下列金融纠纷案件，由上海金融法院管辖：",
             "（一）境内投资者以发生在中华人民共和国境外的证券发行、交易活动或者期货交易活动损害其合法权益为由向上海金融法院提起的诉讼；",
             "（二）境内个人或者机构以中华人民共和国境外金融机构销售的金融产品或者提供的金融服务损害其合法权益为由向上海金融法院提起的诉讼。”"]
    assert normalize_text("\n".join(lines)).text.split("\n") == lines
