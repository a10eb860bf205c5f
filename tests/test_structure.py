"""Structure: the outline of a 公文 and of a law, front matter and trailer kept apart."""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policydiff.model import Genre, InputFormat, NodeKind, PolicyDocument, SourceDocument
from policydiff.normalize import normalize_text
from policydiff.pipeline import read_policy
from policydiff.rules import load_rules
from policydiff.structure import parse_structure
from policydiff.text import split_sentences

from .conftest import CORPORA

SEED_TITLES = [
    "基本思路", "主要目标", "实施范围", "全面实施绩效分级差异化减排", "高标准完成应急减排清单",
    "积极开展重污染天气应急", "加强重污染天气区域应急联动", "推进清洁取暖散煤替代工程", "强化秸秆禁烧管控",
    "严防“散乱污”企业反弹", "有序实施钢铁行业超低排放改造", "推进“公转铁”重点工程", "加快推进柴油货车治理",
    "落实产业结构调整要求", "深入开展锅炉、炉窑综合整治", "持续推进挥发性有机物（VOCs）治理攻坚", "强化扬尘管控",
    "加强组织领导", "加大政策支持力度", "完善监测监控体系",
]
FINAL_ONLY = {21: "加大监督和帮扶力度", 22: "强化考核督察和执纪问责"}
DRAFT_ONLY = {21: "加大监督帮扶力度", 22: "强化考核督察"}
PART_TITLES = ["总体要求", "有效应对重污染天气", "全面完成打赢蓝天保卫战重点任务", "保障措施"]
CN = "一二三四五六七八九十"


def outline_raw(raw: str) -> PolicyDocument:
    source = SourceDocument(source="test.txt", format=InputFormat.TXT, raw_text=raw, sha256="0" * 64)
    return parse_structure(source, normalize_text(raw), rules=load_rules().structure)


def seed(name: str) -> PolicyDocument:
    return read_policy(CORPORA / "notices" / "air-2020-autumn-winter" / name)


def cn_label(n: int) -> str:
    tens, units = divmod(n, 10)
    spelled = (CN[tens - 1] if tens > 1 else "") + ("十" if tens else "") + (CN[units - 1] if units else "")
    return f"（{spelled}）"


@pytest.mark.parametrize(("name", "last_titles"), [("draft.txt", DRAFT_ONLY), ("final.txt", FINAL_ONLY)])
def test_seed_outline_has_four_parts_and_22_clauses(name: str, last_titles: dict[int, str]) -> None:
    policy = seed(name)
    assert policy.genre is Genre.NOTICE
    parts = [node for node in policy.body if node.kind is NodeKind.PART]
    assert [p.label for p in parts] == ["一、", "二、", "三、", "四、"]
    assert [p.title for p in parts] == PART_TITLES
    clauses = policy.clauses
    assert [c.label for c in clauses] == [cn_label(n) for n in range(1, 23)]
    assert [c.title for c in clauses] == SEED_TITLES + [last_titles[21], last_titles[22]]
    assert [len(p.children) for p in parts] == [3, 4, 10, 5]


def test_seed_final_front_matter_and_trailer_stay_out_of_clauses() -> None:
    policy = seed("final.txt")
    front = [p.text for p in policy.front_matter.paragraphs]
    assert front[0].startswith("关于印发《京津冀及周边地区")
    assert "（此件社会公开）" in front
    assert front[-1] == "京津冀及周边地区、汾渭平原2020-2021年秋冬季大气污染综合治理攻坚行动方案"
    trailer = [p.text for p in policy.trailer.paragraphs]
    assert trailer[0] == "附件：1.各城市"
    assert trailer[-1] == "生态环境部办公厅2020年10月30日印发"
    assert any(t.startswith("抄送：国务院办公厅") for t in trailer)
    last = policy.clauses[-1]
    clause_text = policy.text.text[slice(*last.span)]
    assert clause_text.rstrip().endswith("并依法依纪追究责任。")
    assert "附件" not in clause_text and "抄送" not in clause_text


def test_seed_draft_front_matter_is_the_attachment_heading_and_title() -> None:
    policy = seed("draft.txt")
    assert [p.text for p in policy.front_matter.paragraphs] == [
        "附件", "京津冀及周边地区、汾渭平原2020-2021年秋冬季大气污染综合治理攻坚行动方案", "（征求意见稿）"]
    assert policy.trailer is None
    assert policy.body[0].kind is NodeKind.PREAMBLE
    assert policy.title == "京津冀及周边地区、汾渭平原2020-2021年秋冬季大气污染综合治理攻坚行动方案"


def test_run_together_and_line_start_clauses_give_the_same_outline() -> None:
    lines = "一、总体要求\n（一）基本思路。以人民为中心。\n（二）主要目标。完成任务，改善质量。\n二、保障措施\n（三）加强领导。落实责任。"
    together = "一、总体要求　　（一）基本思路。以人民为中心。　　（二）主要目标。完成任务，改善质量。　　二、保障措施　　（三）加强领导。落实责任。"
    inline = "一、总体要求\n（一）基本思路。以人民为中心。（二）主要目标。完成任务，改善质量。\n二、保障措施\n（三）加强领导。落实责任。"
    shapes = [[(c.label, c.title, outline_raw(raw).text.text[slice(*c.span)].strip()) for c in outline_raw(raw).clauses]
              for raw in (lines, together, inline)]
    assert shapes[0] == shapes[1] == shapes[2]
    assert [label for label, _, _ in shapes[0]] == ["（一）", "（二）", "（三）"]


def law_article_labels(path: Path) -> list[str]:
    raw = path.read_text(encoding="utf-8")
    return re.findall(r"(?m)^(第[一二三四五六七八九十百零]+条(?:之[一二三])?)", raw)


@pytest.mark.parametrize("path", sorted((CORPORA / "laws").rglob("*.md")), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_law_outlines_into_its_articles(path: Path) -> None:
    policy = read_policy(path)
    assert policy.genre is Genre.LAW
    assert [c.label for c in policy.clauses] == law_article_labels(path)
    assert all(c.kind is NodeKind.ARTICLE for c in policy.clauses)
    if "第一章" in path.read_text(encoding="utf-8"):
        assert policy.body[0].kind is NodeKind.CHAPTER and policy.body[0].title == "总则"


def test_law_items_sit_inside_their_article() -> None:
    raw = ("第一章 总 则\n第一条 为了加强管理，制定本条例。\n第二条 有下列行为之一的，处以罚款：\n"
           "（一）未按规定申请的；\n（二）伪造许可证的。\n有前款行为的，依法处理。\n第三条 本条例自公布之日起施行。")
    policy = outline_raw(raw)
    article = policy.clauses[1]
    assert article.label == "第二条"
    assert [(item.kind, item.label) for item in article.children] == [(NodeKind.ITEM, "（一）"), (NodeKind.ITEM, "（二）")]
    # the 款 after the items belongs to the article, not to item （二）
    assert [p.text for p in article.paragraphs] == ["第二条 有下列行为之一的，处以罚款：", "有前款行为的，依法处理。"]


def test_a_paragraph_before_the_next_item_belongs_to_the_item() -> None:
    # 上海市文化娱乐市场管理条例 art. 16, as a PDF's text gives it: the margin fell after the
    # first sentence of item （一）, so its second sentence is a line of its own.
    raw = ("第一条 为了加强管理，制定本条例。\n第二条 按照下列规定办理审批手续：\n"
           "（一）开办涉外营业性文化娱乐场所的，应当向市文化行政管理部门提出申请。\n"
           "市文化行政管理部门应当在接到申请书之日起二十日内作出审批决定。\n"
           "（二）开办非涉外营业性文化娱乐场所的，应当向区文化行政管理部门提出申请。\n"
           "有前款情形的，依法处理。\n第三条 本条例自公布之日起施行。")
    article = outline_raw(raw).clauses[1]
    first, second = article.children
    assert [p.text for p in first.paragraphs][1] == "市文化行政管理部门应当在接到申请书之日起二十日内作出审批决定。"
    assert len(second.paragraphs) == 1
    assert article.paragraphs[-1].text == "有前款情形的，依法处理。"


def test_table_of_contents_is_front_matter() -> None:
    raw = ("中华人民共和国示例法\n目 录\n第一章 总 则\n第二章 管理\n第三章 附 则\n"
           "第一章 总 则\n第一条 为了规范管理，制定本法。\n第二章 管理\n第二条 国家加强管理。\n第三章 附 则\n第三条 本法自公布之日起施行。")
    policy = outline_raw(raw)
    assert [c.label for c in policy.clauses] == ["第一条", "第二条", "第三条"]
    assert [n.label for n in policy.body] == ["第一章", "第二章", "第三章"]
    assert "第三章 附则" in [p.text for p in policy.front_matter.paragraphs]


def test_cross_reference_at_line_start_is_not_an_article() -> None:
    raw = "第一条 本法适用于管理活动，按照规定执行。\n第二条 违反本法的，处罚款：\n第一条规定的情形除外。\n第三条 本法自公布之日起施行。"
    policy = outline_raw(raw)
    assert [c.label for c in policy.clauses] == ["第一条", "第二条", "第三条"]


def test_text_without_structure_is_one_untitled_body() -> None:
    policy = outline_raw("关于做好春节期间安全工作的提示\n各单位要加强值班，确保安全。\n请遵照执行。")
    assert policy.genre is Genre.PLAIN
    assert [node.kind for node in policy.body] == [NodeKind.BODY]
    assert policy.clauses == ()
    assert [p.text for p in policy.front_matter.paragraphs] == ["关于做好春节期间安全工作的提示"]


def test_signature_and_date_after_the_last_clause_are_trailer() -> None:
    raw = "一、总体要求\n（一）加强领导。各地要落实责任。\n生态环境部\n2020年10月28日"
    policy = outline_raw(raw)
    assert [p.text for p in policy.trailer.paragraphs] == ["生态环境部", "2020年10月28日"]


@pytest.mark.parametrize(
    ("text", "sentences"),
    [
        ("各地要落实。严禁一刀切！是否完成？", ["各地要落实。", "严禁一刀切！", "是否完成？"]),
        ("坚持“以气定改。以供定需”的原则。加强管理。", ["坚持“以气定改。以供定需”的原则。", "加强管理。"]),
        ("（含茶水炉；经营性炉灶）基本淘汰；加强监管。", ["（含茶水炉；经营性炉灶）基本淘汰；", "加强监管。"]),
        ("未闭合的（括号。第二句。", ["未闭合的（括号。", "第二句。"]),
        ("没有句号的标题", ["没有句号的标题"]),
    ],
)
def test_split_sentences(text: str, sentences: list[str]) -> None:
    assert [s.text for s in split_sentences(text)] == sentences


def assert_covers(policy: PolicyDocument) -> None:
    """Top-level spans tile the text; children nest in order; paragraphs never overlap."""
    text = policy.text.text
    blocks = [b.span for b in (policy.front_matter,) if b] + [n.span for n in policy.body]
    blocks += [policy.trailer.span] if policy.trailer else []
    if text:
        assert blocks[0][0] == 0 and blocks[-1][1] == len(text)
        assert all(a[1] == b[0] for a, b in itertools.pairwise(blocks))
    paragraphs = [p.span for b in (policy.front_matter, policy.trailer) if b for p in b.paragraphs]
    for node in policy.walk():
        paragraphs += [p.span for p in node.paragraphs]
        inner = [c.span for c in node.children]
        assert all(node.span[0] <= s < e <= node.span[1] for s, e in inner)
        assert all(a[1] <= b[0] for a, b in itertools.pairwise(inner))
        for p in node.paragraphs:
            assert [s.text for s in p.sentences] and "".join(s.text for s in p.sentences) == p.text
    paragraphs.sort()
    # Paragraphs never overlap; two may touch where an article starts inside a line
    # (…按原批准程序审批。第十四条历史文化名城…, as a web page runs them together).
    assert all(a[1] <= b[0] for a, b in itertools.pairwise(paragraphs))
    covered = "".join(text[s:e] for s, e in paragraphs)
    assert covered == text.replace("\n", "")


@pytest.mark.parametrize("path", sorted(p for p in CORPORA.rglob("*") if p.suffix in (".txt", ".md")),
                         ids=lambda p: str(p.relative_to(CORPORA)))
def test_corpus_outline_covers_every_character_once(path: Path) -> None:
    assert_covers(read_policy(path))


LINE = st.sampled_from([
    "一、总体要求", "二、保障措施", "（一）基本思路。以人民为中心。", "（二）加强领导。各地要落实，确保完成。",
    "第一条 为了加强管理，制定本条例。", "第二条 有下列行为之一的：", "（一）未按规定申请的；", "1.加强监测。",
    "附件：1.各城市目标", "抄送：国务院办公厅。", "生态环境部", "2020年10月28日", "各地要确保完成目标任务，",
    "目录", "第一章 总则", "随着空气质量持续改善，群众获得感明显提高。", "", "　　", "（此件社会公开）",
])


@settings(max_examples=500, deadline=None)
@given(st.lists(LINE, max_size=25).map("\n".join))
def test_outline_spans_cover_the_text_in_order(raw: str) -> None:
    assert_covers(outline_raw(raw))


def test_title_printed_over_two_lines_is_joined_and_recipients_are_front_matter() -> None:
    raw = ("国务院办公厅关于推进\n政务新媒体健康有序发展的意见\n国办发〔2018〕123号\n"
           "各省、自治区、直辖市人民政府，国务院各部委、各直属机构：\n政务新媒体是联系群众的重要渠道。\n"
           "一、总体要求\n（一）指导思想。以人民为中心。")
    policy = outline_raw(raw)
    assert policy.title == "国务院办公厅关于推进政务新媒体健康有序发展的意见"
    assert policy.front_matter.paragraphs[-1].text == "各省、自治区、直辖市人民政府，国务院各部委、各直属机构："
    assert policy.body[0].kind is NodeKind.PREAMBLE


def test_titles_with_a_comma_when_every_sibling_is_headed_alike() -> None:
    headed = "三、加强功能建设\n（一）推进政务公开，强化解读回应。积极运用新媒体。\n（二）加强政民互动，创新社会治理。畅通互动渠道。"
    assert [c.title for c in outline_raw(headed).clauses] == ["推进政务公开，强化解读回应", "加强政民互动，创新社会治理"]
    mixed = "三、加强功能建设\n（一）各地要加强领导，落实责任。积极运用新媒体。\n（二）" + "畅通互动渠道，" * 8 + "做好回应。"
    assert [c.title for c in outline_raw(mixed).clauses] == [None, None]


def test_items_of_a_law_have_no_title() -> None:
    raw = "第一条 行政处罚的种类：\n（一）警告；\n（二）罚款；\n第二条 本法自公布之日起施行。"
    policy = outline_raw(raw)
    assert [(item.label, item.title) for item in policy.clauses[0].children] == [("（一）", None), ("（二）", None)]


@pytest.mark.parametrize(("raw", "date"), [
    # 落款 in Chinese numerals, after the last clause
    ("关于做好工作的通知\n各省人民政府：\n一、总体要求\n（一）加强领导。各地要做好工作。\n某某部\n二〇二〇年十月三十日\n",
     "2020-10-30"),
    # a web page's 发布日期, and a 版记 印发 date that says the same day
    (("关于做好工作的通知\n发布日期：2021-3-5\n各省人民政府：\n一、总体要求\n（一）加强领导。各地要做好工作。\n"
     "抄送：国务院办公厅。\n某某部办公厅2021年3月8日印发\n"), "2021-03-05"),
    # a law's note: the latest revision counts
    (("某某法\n（2013年12月28日通过　根据2018年10月26日第十三届全国人民代表大会常务委员会第六次会议修正）\n"
     "第一条 为了规范工作，制定本法。\n第二条 本法自公布之日起施行。\n"), "2018-10-26"),
    # 未成年人保护法 (2024): one decision amending three laws, named in full (with 年 in 未成年人)
    (("中华人民共和国未成年人保护法\n2020年10月17日第十三届全国人民代表大会常务委员会第二十二次会议第二次修订\n"
     "2024年4月26日第十四届全国人民代表大会常务委员会第九次会议《关于修改〈中华人民共和国农业技术推广法〉、"
     "〈中华人民共和国未成年人保护法〉、〈中华人民共和国生物安全法〉的决定》第二次修正）\n"
     "第一章 总则\n第一条 为了保护未成年人身心健康，制定本法。\n第二条 本法所称未成年人是指未满十八周岁的公民。\n"
     "第三条 国家保障未成年人的权利。\n"), "2024-04-26"),
    # 国家科学技术奖励条例 (2024) as PDF text: the note in half-width brackets, closed twice
    (("国家科学技术奖励条例\n(1999年5月23日 中华人民共和国国务院令第265号发布 2003年12月20日 《国务院关于修改〈国家"
     "科学技术奖励条例〉的决定》第一次修订 2013年7月18日 《国务院关于废止和修改部分行政法规的决定》第二次修订 "
     "2020年10月7日 中华人民共和国国务院令第731号第三次修订 2024年5月26日 《国务院关于修改〈国家科学技术奖励"
     "条例〉的决定》第四次修订))\n第一章 总则\n第一条 为了奖励在科学技术进步活动中做出突出贡献的个人、"
     "组织，制定本条例。\n第二条 国家设立国家科学技术奖。\n第三条 国家科学技术奖应当坚持国家战略导向。\n"), "2024-05-26"),
    # a deadline in the body is not the document's date
    ("关于做好工作的通知\n各省人民政府：\n一、总体要求\n（一）加强领导。2020年12月31日前完成。\n", None),
    # 2月30日 is not a date
    ("关于做好工作的通知\n一、总体要求\n（一）加强领导。各地要做好工作。\n某某部\n2021年2月30日\n", None),
])
def test_document_date(raw: str, date: str | None) -> None:
    assert outline_raw(raw).date == date


def test_seed_dates() -> None:
    assert seed("final.txt").date == "2020-10-30"
    assert seed("draft.txt").date is None


def test_a_law_whose_items_outnumber_its_articles_is_a_law() -> None:
    items = "\n".join(f"（{CN[i]}）第{CN[i]}项内容；" for i in range(9))
    raw = f"第一条为了规范管理，制定本条例。\n第二条有下列情形之一的，不予登记：\n{items}\n第三条本条例自公布之日起施行。"
    policy = outline_raw(raw)
    assert policy.genre is Genre.LAW
    assert [node.label for node in policy.clauses] == ["第一条", "第二条", "第三条"]


def test_a_table_citing_articles_out_of_sequence_is_not_a_law() -> None:
    # 最高人民法院、最高人民检察院关于执行《刑法》确定罪名的补充规定（四）, its table as text:
    # each row cites a 刑法 article, and the cited numbers do not follow one another.
    rows = ["第151条第3款 （《刑法修正案（七）》第1条） 走私国家禁止进出口的货物、物品罪",
            "第180条第4款 （《刑法修正案（七）》第2条第2款） 利用未公开信息交易罪",
            "第201条 （《刑法修正案（七）》第3条） 逃税罪（取消偷税罪罪名）",
            "第224条之一 （《刑法修正案（七）》第4条） 组织、领导传销活动罪",
            "第262条之二 （《刑法修正案（七）》第8条） 组织未成年人进行违反治安管理活动罪"]
    raw = "\n".join(["最高人民法院、最高人民检察院关于执行《中华人民共和国刑法》确定罪名的补充规定（四）",
                     "现对罪名作如下补充、修改：", "刑法条文 罪名", *rows])
    assert outline_raw(raw).genre is not Genre.LAW


def test_an_excerpt_rising_from_the_first_article_is_a_law() -> None:
    # 飞行基本规则 as the corpus holds it: the first article of each chapter only.
    raw = "中华人民共和国飞行基本规则\n第一条 为了维护国家领空主权，制定本规则。\n第十一条 空域管理应当维护国家安全。\n第二十八条 飞行管制由中国人民解放军空军统一组织实施。"
    assert [node.label for node in outline_raw(raw).clauses] == ["第一条", "第十一条", "第二十八条"]


@pytest.mark.parametrize("lines", [
    ["最高人民法院、最高人民检察院关于办理侵犯知识", "产权刑事案件具体应用法律若干问题的解释（三）"],
    ["最高人民法院、最高人民检察院关于办理侵犯知识", "产权刑事案件具体应用法律若干问题的解释(三)"],
    # the first line ends as a title would (…法, …非法), but its 关于 has no 的 yet
    ["最高人民法院关于内地与香港特别行政区法", "院相互认可和执行民商事案件判决的安排"],
    ["最高人民法院关于审理走私、非法经营、非法", "使用兴奋剂刑事案件适用法律若干问题的解释"],
])
def test_a_title_printed_over_two_lines(lines: list[str]) -> None:
    raw = "\n".join([*lines, "(2020年8月31日最高人民法院审判委员会第1811次会议通过)",
                     "第一条 具有下列情形之一的，可以认定为相同的商标：", "（一）改变注册商标的字体的；",
                     "第二条 本解释自2020年9月14日起施行。", "第三条 以前发布的解释与本解释不一致的，以本解释为准。"])
    assert outline_raw(raw).title == "".join(lines).replace("(三)", "（三）")


def test_npc_plain_text_with_letter_spaced_headings_and_contents() -> None:
    raw = ("中华人民共和国测试法\r\n目　　录\r\n第一章　总　　则\r\n第二章　附　　则\r\n"
           "第一章　总　　则\r\n　　第一条　为了测试，制定本法。\r\n　　第二条　本法适用于测试。\r\n"
           "第二章　附　　则\r\n　　第三条　本法自公布之日起施行。\r\n")
    policy = outline_raw(raw)
    assert policy.title == "中华人民共和国测试法"
    chapters = [(node.label, node.title) for node in policy.walk() if node.kind is NodeKind.CHAPTER]
    assert chapters == [("第一章", "总则"), ("第二章", "附则")]
    assert [node.label for node in policy.clauses] == ["第一条", "第二条", "第三条"]


@pytest.mark.parametrize(
    ("raw", "labels"),
    [
        # an article inserted by amendment, 之四 after 之三
        ("第一条甲。\n第一条之一乙。\n第一条之二丙。\n第一条之三丁。\n第一条之四戊。\n第二条己。", 
         ["第一条", "第一条之一", "第一条之二", "第一条之三", "第一条之四", "第二条"]),
        # text that begins with 规定 or a grade (一级, 二、三级) after the label is the article's
        ("第一条甲。\n第二条规定本市特别重大事项的法规，由大会通过。\n第三条一级保护山体禁止开发。\n第四条二、三级资质由市审批。",
         ["第一条", "第二条", "第三条", "第四条"]),
        # a cross-reference at a line start still is not
        ("第一条甲。\n第二条乙：\n第一条规定的情形除外。\n第三条丙。", ["第一条", "第二条", "第三条"]),
    ],
)
def test_article_labels(raw: str, labels: list[str]) -> None:
    assert [node.label for node in outline_raw(raw).clauses] == labels


def test_headings_numbered_like_parts_group_the_articles_of_an_interpretation() -> None:
    raw = ("一、企业债务纠纷的处理\n第一条甲，乙。\n第二条丙：\n一、第一种情形；\n二、第二种情形。\n"
           "二、破产案件的处理\n第三条丁。")
    policy = outline_raw(raw)
    parts = [(node.label, node.title) for node in policy.walk() if node.kind is NodeKind.PART]
    assert parts == [("一、", "企业债务纠纷的处理"), ("二、", "破产案件的处理")]
    assert [node.label for node in policy.clauses] == ["第一条", "第二条", "第三条"]


def test_an_amendment_quoting_a_section_has_no_section() -> None:
    raw = "第五十一条甲。\n第五十二条增加一节，内容如下：\n第七节监察委员会\n第五十三条乙。"
    policy = outline_raw(raw)
    assert not [node for node in policy.walk() if node.kind is NodeKind.SECTION]
    assert [node.label for node in policy.clauses] == ["第五十一条", "第五十二条", "第五十三条"]


def test_an_appendix_after_the_last_article_is_trailer() -> None:
    raw = "第一条甲。\n第二条本法自公布之日起施行。\n附表一\n环境保护税税目税额表\n一、大气污染物\n1.二氧化硫"
    policy = outline_raw(raw)
    assert [node.label for node in policy.clauses] == ["第一条", "第二条"]
    assert policy.trailer is not None and policy.trailer.paragraphs[0].text == "附表一"
