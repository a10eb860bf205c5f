"""Change levels in the articles of a law (``classify_change(..., legal=True)``), on real
sentences of amended laws in ``../shared/corpora/lawrefbook`` (quoted as the two versions print them).

In a law a change to what an article requires, forbids, permits or sanctions, or to whom and
under what condition it applies, is substantive; a declaration of policy changed is minor; a
spelling or a renumbered item changes nothing (editorial).
"""

from __future__ import annotations

import pytest

from policydiff.classify import classify_change
from policydiff.model import Category, ChangeOp, Hunk, Level
from policydiff.rules import load_rules

RULES = load_rules()


def verdict(old_context: str, new_context: str, removed: str, added: str, *, legal: bool = True):
    op = ChangeOp.REPLACE if removed and added else ChangeOp.INSERT if added else ChangeOp.DELETE
    return classify_change(Hunk(op, removed, added, None, None, old_context, new_context), rules=RULES, legal=legal)


# 征兵工作条例 2001 → 2023, 第二十八条: the children of serving soldiers join the priority list.
_PRIORITY_OLD = "烈士、因公牺牲军人、病故军人的子女、兄弟姐妹，本人自愿应征并且符合条件的，应当优先批准服现役。"
_PRIORITY_NEW = "烈士、因公牺牲军人、病故军人的子女、兄弟姐妹和现役军人子女，本人自愿应征并且符合条件的，应当优先批准服现役。"


def test_a_member_added_to_the_persons_covered_is_substantive_scope() -> None:
    result = verdict(_PRIORITY_OLD, _PRIORITY_NEW, "", "和现役军人子女")
    assert result.level is Level.SUBSTANTIVE
    assert Category.SCOPE in result.categories
    assert "和现役军人子女" in result.summary


def test_outside_a_law_the_same_edit_is_minor_wording() -> None:
    """A 公文's lists are read as before: the legal reading is for the articles of a law."""
    assert verdict(_PRIORITY_OLD, _PRIORITY_NEW, "", "和现役军人子女", legal=False).level is Level.MINOR


def test_a_word_that_starts_like_a_coordinator_joins_no_list() -> None:
    """及时 is no 及: 畜牧法 第十六条 added 及时, a manner adverb (minor)."""
    old = "国务院农业农村主管部门应当商有关主管部门，采取相应的安全控制措施。"
    new = "国务院农业农村主管部门应当商有关主管部门，及时采取相应的安全控制措施。"
    result = verdict(old, new, "", "及时")
    assert Category.SCOPE not in result.categories


def test_a_form_of_a_prohibited_act_added_is_substantive() -> None:
    """最高人民法院、最高人民检察院关于办理环境污染刑事案件适用法律若干问题的解释 2016 → 2023, 第一条（五）."""
    old = "（五）通过暗管、渗井、渗坑、裂隙、溶洞、灌注等逃避监管的方式排放、倾倒、处置有放射性的废物、含传染病病原体的废物、有毒物质的；"
    new = old.replace("灌注等", "灌注、非紧急情况下开启大气应急排放通道等")
    result = verdict(old, new, "", "、非紧急情况下开启大气应急排放通道")
    assert result.level is Level.SUBSTANTIVE
    assert Category.SCOPE in result.categories


def test_a_new_item_in_a_list_of_prohibited_acts_is_substantive() -> None:
    """保守国家秘密法 2010 → 2024, 第二十八条: a sixth prohibited act."""
    result = verdict("", "（六）其他违反国家秘密载体保密规定的行为。", "", "（六）其他违反国家秘密载体保密规定的行为。")
    assert result.level is Level.SUBSTANTIVE
    assert result.summary.startswith("新增：（六）")


def test_a_new_remedy_before_a_sanction_is_substantive_liability() -> None:
    """慈善法 2016 → 2023, 第一百一十八条: 责令限期改正 now comes first."""
    old = "慈善信托的受托人有下列情形之一的，由民政部门予以警告，责令限期改正；"
    new = "慈善信托的受托人有下列情形之一的，由民政部门责令限期改正，予以警告；"
    result = verdict(old.replace("予以警告，责令限期改正", "予以警告"), new, "", "责令限期改正，")
    assert result.level is Level.SUBSTANTIVE
    assert Category.LIABILITY in result.categories
    assert "责令限期改正" in result.summary


def test_a_state_of_mind_changed_is_substantive_liability() -> None:
    """会计法 2017, 第四十四条 reads 隐匿或者故意销毁…; a draft that wrote 恶意 instead would
    change when the liability applies."""
    old = "隐匿或者故意销毁依法应当保存的会计凭证、会计帐簿、财务会计报告，构成犯罪的，依法追究刑事责任。"
    new = old.replace("故意", "恶意")
    result = verdict(old, new, "故意", "恶意")
    assert result.level is Level.SUBSTANTIVE
    assert result.summary == "责任：故意 → 恶意"


def test_an_administrative_sanction_renamed_is_substantive() -> None:
    """长江河道采砂管理条例 2001 → 2023, 第二十四条: 行政处分 → 处分 (the 政务处分 system)."""
    old = "对负有责任的主管人员和其他直接责任人员依法给予行政处分；构成犯罪的，依法追究刑事责任。"
    result = verdict(old, old.replace("行政处分", "处分"), "行政处分", "处分")
    assert result.level is Level.SUBSTANTIVE
    assert result.summary == "责任：行政处分 → 处分"


def test_a_new_condition_on_a_sanction_is_substantive() -> None:
    """会计法 2024, 第四十一条 adds a second tier for 情节严重的; a draft that put the condition
    before the only tier would narrow when the fine applies."""
    old = "伪造、变造会计凭证、会计账簿，编制虚假财务会计报告，隐匿或者故意销毁依法应当保存的会计凭证、会计账簿、财务会计报告的，由县级以上人民政府财政部门责令限期改正，给予警告、通报批评，没收违法所得。"
    new = old.replace("的，由县级", "的，情节严重的，由县级")
    result = verdict(old, new, "", "情节严重的，")
    assert result.level is Level.SUBSTANTIVE
    assert Category.CONDITION in result.categories
    assert "情节严重的" in result.summary


def test_an_addition_to_the_purpose_article_is_substantive() -> None:
    """反间谍法 2014 → 2023, 第一条."""
    old = "为了防范、制止和惩治间谍行为，维护国家安全，根据宪法，制定本法。"
    new = "为了加强反间谍工作，防范、制止和惩治间谍行为，维护国家安全，保护人民利益，根据宪法，制定本法。"
    result = verdict(old, new.replace("，保护人民利益", ""), "", "加强反间谍工作，")
    assert result.level is Level.SUBSTANTIVE
    assert result.summary.startswith("立法目的：新增“加强反间谍工作”")


def test_a_declaration_added_is_minor() -> None:
    """统计法 2009 → 2024, 第三条: a declaration binds no one (tests/gold/changes grades it minor)."""
    result = verdict("", "统计工作坚持中国共产党的领导。", "", "统计工作坚持中国共产党的领导。")
    assert result.level is Level.MINOR


def test_a_delegation_rule_widened_is_substantive() -> None:
    """会计法 2017 → 2024, 第二十三条: the rules the finance department must make now also cover 安全保护."""
    old = "会计档案的保管期限和销毁办法，由国务院财政部门会同有关部门制定。"
    new = "会计档案的保管期限、销毁、安全保护等具体管理办法，由国务院财政部门会同有关部门制定。"
    result = verdict(old, new, "和销毁办法", "、销毁、安全保护等具体管理办法")
    assert result.level is Level.SUBSTANTIVE
    assert Category.SCOPE in result.categories


@pytest.mark.parametrize(("old", "new", "removed", "added"), [
    # 会计法 2017 → 2024, 第三条: 帐 → 账 throughout the law.
    ("各单位必须依法设置会计帐簿，并保证其真实、完整。", "各单位必须依法设置会计账簿，并保证其真实、完整。", "帐簿", "账簿"),
    # 危害食品安全刑事案件解释 2013 → 2021, 第四条: an item renumbered after one was inserted before it.
    ("（三）造成十人以上轻伤、五人以上轻度残疾或者器官组织损伤导致一般功能障碍的；",
     "（四）造成十人以上轻伤、五人以上轻度残疾或者器官组织损伤导致一般功能障碍的；", "三", "四"),
])
def test_spellings_and_item_numbers_are_editorial(old: str, new: str, removed: str, added: str) -> None:
    assert verdict(old, new, removed, added).level is Level.EDITORIAL


def test_a_law_cited_by_its_full_title_is_no_new_reference() -> None:
    """行政复议法 2017 → 2023, 第十条: 行政诉讼法 → 《中华人民共和国行政诉讼法》 cites the same law."""
    old = "公民、法人或者其他组织对行政复议决定不服的，可以依照行政诉讼法的规定向人民法院提起行政诉讼，但是法律规定行政复议决定为最终裁决的除外。"
    new = old.replace("行政诉讼法", "《中华人民共和国行政诉讼法》")
    assert verdict(old, new, "行政诉讼法", "《中华人民共和国行政诉讼法》").level is not Level.SUBSTANTIVE
