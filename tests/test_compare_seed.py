"""The seed pair, draft for comment → issued notice, change by change.

The expectations below were written by reading the two versions side by side, clause by
clause; they are the oracle, not a copy of the tool's output. Each row names the clause
(label in the new version), a fragment of the removed text and/or of the added text that
a single reported change must contain, the levels a careful legal editor would accept,
and categories the change must carry (a subset).
"""

from __future__ import annotations

import pytest

from policydiff.model import Change, Comparison, Level
from policydiff.pipeline import compare_documents, read_policy
from policydiff.rules import load_rules

from .conftest import CORPORA

SEED = CORPORA / "notices" / "air-2020-autumn-winter"
S, M, E = Level.SUBSTANTIVE, Level.MINOR, Level.EDITORIAL

# (clause, removed fragment, added fragment, accepted levels, required categories)
EXPECTED = [
    # （一）: the guiding ideology and the plenums cited; 人民群众
    ("（一）", "习近平生态文明思想", "", {M}, set()),
    ("（一）", "", "四中、五中", {M}, set()),
    ("（一）", "", "人民", {M, E}, set()),
    # （二）: wording, and a reference to the annex of city targets
    ("（二）", "", "浓度", {M, E}, set()),
    ("（二）", "", "详见附件1", {M}, {"reference"}),
    # （四）: the sentence on enterprises that cannot meet standards is gone
    ("（四）", "不纳入绩效分级管理范畴", "", {S}, {"requirement"}),
    # （五）: 战略性新兴产业 → 战略性产业 widens the protected list; 不应 → 避免
    ("（五）", "新兴", "", {S}, {"scope"}),
    ("（五）", "纳入清单但不应", "", {S}, set()),
    # （八）: new principles, wider areas and heating methods, a deadline moved
    ("（八）", "", "宜煤则煤", {S}, set()),
    ("（八）", "，", "、", {E}, {"punctuation"}),
    ("（八）", "", "生物质成型燃料", {S}, set()),
    ("（八）", "10月底", "采暖季", {S}, {"deadline"}),
    ("（八）", "全面", "", {S, M}, set()),
    # （十）: 列入“白名单” → 及时移出“散乱污”清单
    ("（十）", "白名", "", {S}, set()),
    # （十一）: word order only
    ("（十一）", "集团", "", {E}, set()),
    # （十二）: timetable basis and the 80% duty of named power groups removed
    ("（十二）", "按照文件重点项目清单和时间节点要求", "", {S}, set()),
    ("（十二）", "火电企业煤炭清洁方式运输比例要达到80%以上", "", {S}, {"requirement"}),
    # （十三）: a citation's count, subsidy duty, the 90% target, added prohibitions
    ("（十三）", "4", "5", {M, E}, set()),
    ("（十三）", "落实地方财政补贴资金安排", "", {S}, set()),
    ("（十三）", "合格率达到90%", "", {S}, {"quantity"}),
    ("（十三）", "", "不得", {S}, set()),
    ("（十三）", "", "依法", {S}, {"condition"}),
    ("（十三）", "", "点", {E}, set()),
    # （十四）: the Tangshan cap, and six named cities' 以钢定焦 duty
    ("（十四）", "唐山市控制在1亿吨以内", "", {S}, {"quantity"}),
    ("（十四）", "石家庄、沧州、邢台、邯郸、滨州、安阳", "", {S}, set()),
    # （十五）: supply condition, closures 依法, the cupola thresholds
    ("（十五）", "", "电力、", {S}, set()),
    ("（十五）", "", "依法关停", {S}, set()),
    ("（十五）", "", "5吨/小时以下", {S}, {"quantity"}),
    # （十六）: analysis duty removed; safety condition added
    ("（十六）", "对排查出的旁路进行分析论证", "", {S}, set()),
    ("（十六）", "", "在确保安全的情况下", {S}, {"condition"}),
    # （十七）: scope of the 六个百分之百 rule
    ("（十七）", "", "城市工地", {S}, set()),
    ("（十七）", "管控", "整治", {M, E}, set()),
    # （十八）: reference to annex 2
    ("（十八）", "", "详见附件2", {M}, {"reference"}),
    # （十九）: funding rewritten, conditions and modality of the price policy
    ("（十九）", "中央大气污染防治专项资金继续支持", "", {S}, set()),
    ("（十九）", "", "加大财政政策支持力度", {S}, set()),
    ("（十九）", "", "在平均水平不变的情况下", {S}, {"condition"}),
    ("（十九）", "", "鼓励地方", {S}, {"modality"}),
    # （二十）: punctuation; the per-city VOCs point removed; networking added
    ("（二十）", "，", "、", {E}, {"punctuation"}),
    ("（二十）", "每个城市至少布设1个VOCs自动监测点位", "", {S}, {"quantity"}),
    ("（二十）", "", "并与中国环境监测总站联网", {S}, set()),
    # （二十一）: 纳入 → 可按有关规定纳入; the assistance paragraph rewritten
    ("（二十一）", "", "可按有关规定", {S}, {"modality"}),
    ("（二十一）", "天气", "", {E, M}, set()),
    ("（二十一）", "拉条挂账", "", {S}, set()),
    # （二十二）: the final wording of accountability
    ("（二十二）", "规", "纪", {M, S}, set()),
]


@pytest.fixture(scope="module")
def comparison() -> Comparison:
    rules = load_rules()
    return compare_documents(read_policy(SEED / "draft.txt"), read_policy(SEED / "final.txt"), rules=rules)


def find(comparison: Comparison, clause: str, removed: str, added: str) -> list[Change]:
    return [
        change for change in comparison.changes
        if change.clause_new == clause and removed in change.hunk.old_text and added in change.hunk.new_text
        and (removed or added)
    ]


@pytest.mark.parametrize(("clause", "removed", "added", "levels", "categories"), EXPECTED,
                         ids=[f"{c}-{r or '+'}{a}"[:40] for c, r, a, _, _ in EXPECTED])
def test_expected_change(comparison: Comparison, clause: str, removed: str, added: str,
                         levels: set[Level], categories: set[str]) -> None:
    found = find(comparison, clause, removed, added)
    assert found, f"no change in {clause} removing {removed!r} and adding {added!r}"
    assert any(c.verdict.level in levels and categories <= {x.value for x in c.verdict.categories} for c in found), [
        (c.verdict.level.value, [x.value for x in c.verdict.categories], c.verdict.summary) for c in found
    ]


def test_all_22_clauses_are_matched_in_place(comparison: Comparison) -> None:
    clause_pairs = [pair for pair in comparison.pairs if (pair.old or pair.new)[0].kind.value == "clause"]
    assert len(clause_pairs) == 22
    assert all(pair.status.value == "matched" and not pair.renumbered for pair in clause_pairs)
    assert [(p.old[0].label, p.new[0].label) for p in clause_pairs] == [(p.old[0].label, p.old[0].label) for p in clause_pairs]


def test_more_than_thirty_substantive_changes(comparison: Comparison) -> None:
    substantive = [c for c in comparison.changes if c.verdict.level is S]
    assert len(substantive) > 30


def test_no_change_is_only_formatting(comparison: Comparison) -> None:
    for change in comparison.changes:
        assert change.hunk.old_text != change.hunk.new_text or change.hunk.op.value == "move"
        assert (change.hunk.old_text + change.hunk.new_text).strip(), change


def test_trailer_is_not_text_of_the_last_clause(comparison: Comparison) -> None:
    last = [c for c in comparison.changes if c.clause_new == "（二十二）"]
    assert all("抄送" not in c.hunk.new_text and "印发" not in c.hunk.new_text for c in last)
    trailer = [c for c in comparison.changes if "抄送" in c.hunk.new_text]
    assert trailer and all(c.clause_new is None for c in trailer)


def test_editorial_changes_are_never_substantive(comparison: Comparison) -> None:
    for clause, removed, added in [("（十一）", "集团", ""), ("（十三）", "", "点"), ("（二十）", "，", "、")]:
        exact = [c for c in comparison.changes if c.clause_new == clause
                 and (c.hunk.old_text, c.hunk.new_text) == (removed, added)]
        assert exact and all(c.verdict.level is not S for c in exact), (clause, removed, added)


def test_front_matter_and_trailer_changes_are_at_most_minor(comparison: Comparison) -> None:
    outside = [c for c in comparison.changes if c.clause_new is None and c.clause_old is None]
    front = [c for c in outside if "生态环境部发展改革委" in c.hunk.new_text or "抄送" in c.hunk.new_text]
    assert front and all(c.verdict.level is not S for c in outside)
