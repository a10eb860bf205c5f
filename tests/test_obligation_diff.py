"""Obligation diff: pairing through the clause alignment, by key and not by value.

The obligations are built by hand from sentences of the seed pair (the 2020 autumn/winter
air plan, draft and issued text), so that these tests do not depend on the extractor.
"""

from __future__ import annotations

import dataclasses

import pytest

from policydiff.model import (
    AlignStatus,
    ClausePair,
    Comparator,
    Deadline,
    Measure,
    Modality,
    Obligation,
    ObligationKind,
    ObligationStatus,
    Period,
    QuantityRole,
    Unit,
    UnitKind,
)
from policydiff.obligation_diff import FIELDS, diff_obligations, differing_fields


def unit(label: str | None, start: int, end: int, kind: UnitKind = UnitKind.CLAUSE) -> Unit:
    return Unit(kind=kind, label=label, number=None, title=None, span=(start, end), text="")


def pair(old: Unit | None, new: Unit | None, status: AlignStatus = AlignStatus.MATCHED) -> ClausePair:
    return ClausePair(old=(old,) if old else (), new=(new,) if new else (), status=status,
                      similarity=0.0 if old is None or new is None else 0.9,
                      renumbered=bool(old and new and old.label != new.label))


def measure(value: float, unit_text: str | None, code: str | None, *, at: int = 0,
            comparator: Comparator = Comparator.LE, role: QuantityRole = QuantityRole.TARGET,
            value_range: tuple[float, float] | None = None) -> Measure:
    return Measure(value=value, unit=unit_text, unit_code=code, text=f"{value:g}{unit_text or ''}",
                   span=(at, at + 4), comparator=comparator, range=value_range, role=role)


def obligation(oid: str, clause: str | None, at: int, *, actor: str | None = None, action: str | None = None,
               metric: str | None = None, measures: tuple[Measure, ...] = (), deadline: str | None = None,
               modality: Modality = Modality.MANDATORY, sentence: str = "…",
               kind: ObligationKind = ObligationKind.TARGET) -> Obligation:
    return Obligation(
        id=oid, clause=clause, sentence=sentence, span=(at, at + 10), actor=actor, action=action, metric=metric,
        measures=measures, deadline=Deadline(date=deadline, text=deadline, span=(at, at + 2)) if deadline else None,
        period=None, modality=modality, kind=kind,
    )


# Clause （十四） of the draft, renumbered （十五） in the new version; a capacity cap per province.
TIANJIN = obligation("o001", "（十四）", 100, actor="天津市", action="控制", metric="钢铁产能",
                     measures=(measure(15_000_000, "吨", "t", at=105, comparator=Comparator.APPROX),),
                     deadline="2020-12-31")
HEBEI = obligation("o002", "（十四）", 120, actor="河北省", action="控制", metric="钢铁产能",
                   measures=(measure(200_000_000, "吨", "t", at=125),), deadline="2020-12-31")
TANGSHAN = obligation("o003", "（十四）", 140, actor="唐山市", action="控制", metric="钢铁产能",
                      measures=(measure(100_000_000, "吨", "t", at=145),), deadline="2020-12-31")
OLD_14 = unit("（十四）", 90, 200)
NEW_15 = unit("（十五）", 290, 400)


def changes_by_status(changes) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for change in changes:
        found.setdefault(change.status.value, []).append((change.old or change.new).actor or "")
    return found


def shifted(item: Obligation, offset: int, clause: str, **changes) -> Obligation:
    """The same obligation in the new version: span moved by ``offset``, under ``clause``."""
    return dataclasses.replace(item, clause=clause, span=(item.span[0] + offset, item.span[1] + offset), **changes)


def test_obligations_pair_through_a_renumbered_clause() -> None:
    old = (TIANJIN, HEBEI, TANGSHAN)
    new = tuple(shifted(item, 200, "（十五）") for item in old)
    changes = diff_obligations(old, new, [pair(OLD_14, NEW_15)])
    assert [c.status for c in changes] == [ObligationStatus.UNCHANGED] * 3
    assert [(c.old.actor, c.new.actor) for c in changes] == [("天津市", "天津市"), ("河北省", "河北省"), ("唐山市", "唐山市")]


def test_a_changed_value_is_changed_not_removed_and_added() -> None:
    lowered = dataclasses.replace(HEBEI.measures[0], value=180_000_000)
    new = (shifted(TIANJIN, 200, "（十五）"), shifted(HEBEI, 200, "（十五）", measures=(lowered,)))
    changes = diff_obligations((TIANJIN, HEBEI), new, [pair(OLD_14, NEW_15)])
    assert [(c.status, c.fields) for c in changes] == [
        (ObligationStatus.UNCHANGED, ()),
        (ObligationStatus.CHANGED, ("quantity",)),
    ]


def test_a_removed_cap_stands_where_it_stood() -> None:
    new = (shifted(TIANJIN, 200, "（十五）"), shifted(HEBEI, 200, "（十五）"))
    changes = diff_obligations((TIANJIN, TANGSHAN, HEBEI), new, [pair(OLD_14, NEW_15)])
    assert [(c.id, c.status.value, (c.old or c.new).actor) for c in changes] == [
        ("oc001", "unchanged", "天津市"),
        ("oc002", "removed", "唐山市"),
        ("oc003", "unchanged", "河北省"),
    ]
    assert changes[1].new is None and changes[1].fields == ()


def test_an_added_obligation_has_no_old() -> None:
    new = (shifted(TIANJIN, 200, "（十五）"), shifted(HEBEI, 200, "（十五）"))
    changes = diff_obligations((TIANJIN,), new, [pair(OLD_14, NEW_15)])
    assert [c.status for c in changes] == [ObligationStatus.UNCHANGED, ObligationStatus.ADDED]
    assert changes[1].old is None and changes[1].new.actor == "河北省"


# Clause （十五）: 加快推动铸造（10吨/小时及以下）…冲天炉改为电炉 becomes a 5 t/h duty plus a 10 t/h encouragement.
def cupola(oid: str, at: int, value: float, comparator: Comparator, modality: Modality) -> Obligation:
    return obligation(oid, "（十五）", at, action="冲天炉改为电炉", modality=modality, kind=ObligationKind.THRESHOLD,
                      measures=(measure(value, "吨/小时", "t/h", at=at + 3, comparator=comparator,
                                        role=QuantityRole.SCOPE),))


def test_a_weakened_duty_changes_modality_and_a_new_threshold_is_added() -> None:
    old = (cupola("o001", 10, 10, Comparator.LE, Modality.MANDATORY),)
    new = (cupola("o001", 510, 5, Comparator.LT, Modality.MANDATORY),
           cupola("o002", 530, 10, Comparator.LE, Modality.ENCOURAGED))
    changes = diff_obligations(old, new, [pair(unit("（十五）", 0, 100), unit("（十六）", 500, 600))])
    assert [(c.status.value, c.fields) for c in changes] == [("added", ()), ("changed", ("modality",))]
    assert changes[1].old.modality is Modality.MANDATORY and changes[1].new.modality is Modality.ENCOURAGED


def test_obligations_of_a_deleted_clause_are_removed() -> None:
    old_13 = obligation("o001", "（十三）", 20, action="柴油货车检验合格率达到", metric="柴油货车检验合格率",
                        measures=(measure(90, "%", "%", at=25, comparator=Comparator.GE),), deadline="2021-03-31")
    moved = shifted(TIANJIN, 200, "（十四）")
    pairs = [pair(unit("（十三）", 0, 80), None, AlignStatus.DELETED), pair(OLD_14, NEW_15)]
    changes = diff_obligations((old_13, TIANJIN), (moved,), pairs)
    assert [(c.status.value, (c.old or c.new).clause) for c in changes] == [("removed", "（十三）"), ("unchanged", "（十四）")]


def test_different_actors_never_pair() -> None:
    tianjin_only = shifted(TIANJIN, 200, "（十五）")
    new = (dataclasses.replace(tianjin_only, actor="山东省"),)
    changes = diff_obligations((TIANJIN,), new, [pair(OLD_14, NEW_15)])
    assert [c.status.value for c in changes] == ["removed", "added"]


def test_different_dimensions_never_pair() -> None:
    rate = obligation("o001", "（十二）", 10, action="达到", metric="铁路运输比例",
                      measures=(measure(80, "%", "%", at=12, comparator=Comparator.GE),))
    tonnage = dataclasses.replace(rate, measures=(measure(80, "万吨", "t", at=12, comparator=Comparator.GE),))
    changes = diff_obligations((rate,), (tonnage,), [pair(unit("（十二）", 0, 100), unit("（十二）", 0, 100))])
    assert [c.status.value for c in changes] == ["removed", "added"]


def test_equal_values_in_one_clause_pair_by_metric() -> None:
    # （十二）: the 80% rail share stays; the power groups' 80% clean-transport share goes.
    clause = pair(unit("（十二）", 0, 200), unit("（十二）", 0, 200))
    rail = obligation("o001", "（十二）", 10, action="铁路运输比例原则上达到", metric="大宗货物铁路运输比例",
                      measures=(measure(80, "%", "%", at=12, comparator=Comparator.GE),))
    clean = obligation("o002", "（十二）", 60, actor="国家电网有限公司", action="清洁运输比例达到",
                       metric="清洁方式运输比例", measures=(measure(80, "%", "%", at=62, comparator=Comparator.GE),),
                       deadline="2020-12-31")
    for old in ((rail, clean), (clean, rail)):
        changes = diff_obligations(old, (rail,), [clause])
        assert {(c.status.value, (c.old or c.new).metric) for c in changes} == {
            ("unchanged", "大宗货物铁路运输比例"), ("removed", "清洁方式运输比例")}


def test_obligations_outside_clauses_pair_with_each_other() -> None:
    old = obligation("o001", None, 5, action="完成", metric="重污染天数", measures=(measure(10, "天", "d", at=6),))
    new = dataclasses.replace(old, span=(900, 910), measures=(measure(12, "天", "d", at=901),))
    changes = diff_obligations((old,), (new,), [])
    assert [(c.status.value, c.fields) for c in changes] == [("changed", ("quantity",))]


def test_removed_obligations_come_before_what_was_added_after_them() -> None:
    # Old: 天津, 唐山 in （十四）; new: 天津 in （十五） then an added figure. 唐山 stood after 天津.
    added = shifted(HEBEI, 250, "（十五）", actor="山东省")
    changes = diff_obligations((TIANJIN, TANGSHAN), (shifted(TIANJIN, 200, "（十五）"), added), [pair(OLD_14, NEW_15)])
    assert [(c.status.value, (c.old or c.new).actor) for c in changes] == [
        ("unchanged", "天津市"), ("removed", "唐山市"), ("added", "山东省")]


def test_pairing_is_deterministic_and_ids_follow_the_new_order() -> None:
    old = (TIANJIN, HEBEI, TANGSHAN)
    new = (shifted(HEBEI, 200, "（十五）"), shifted(TIANJIN, 200, "（十五）"))
    first = diff_obligations(old, new, [pair(OLD_14, NEW_15)])
    assert first == diff_obligations(old, new, [pair(OLD_14, NEW_15)])
    # 唐山 stood after 河北 in the old order, so it follows 河北 although 河北 moved up.
    assert [(c.id, (c.old or c.new).actor) for c in first] == [
        ("oc001", "河北省"), ("oc002", "唐山市"), ("oc003", "天津市")]


def test_every_obligation_appears_once() -> None:
    old = (TIANJIN, HEBEI, TANGSHAN)
    new = (shifted(HEBEI, 200, "（十五）", modality=Modality.ASPIRATIONAL), shifted(TANGSHAN, 200, "（十五）"))
    changes = diff_obligations(old, new, [pair(OLD_14, NEW_15)])
    assert sorted(c.old.id for c in changes if c.old) == ["o001", "o002", "o003"]
    assert sorted(c.new.id for c in changes if c.new) == ["o002", "o003"]


BASE = obligation("o001", "（十一）", 0, actor="河北省", action="完成超低排放改造", metric="钢铁产能",
                  measures=(measure(110_000_000, "吨", "t", at=3, comparator=Comparator.EQ),), deadline="2020-12-31")


@pytest.mark.parametrize(("changes", "expected"), [
    ({"measures": (measure(120_000_000, "吨", "t", at=3, comparator=Comparator.EQ),)}, ("quantity",)),
    ({"measures": (measure(110_000_000, "吨", "t", at=3, comparator=Comparator.GE),)}, ("comparator",)),
    ({"deadline": Deadline(date="2021-06-30", text="2021年上半年", span=(0, 2))}, ("deadline",)),
    ({"period": Period(start="2020-10-01", end="2020-12-31", text="2020年10-12月", span=(0, 5))}, ("period",)),
    ({"actor": None}, ("actor",)),
    ({"modality": Modality.ASPIRATIONAL}, ("modality",)),
    ({"action": "完成钢铁行业超低排放改造"}, ("action",)),
    ({"metric": "钢铁产能规模"}, ("metric",)),
    # Canonical values, not their spelling: the same figure written 1.1亿吨 or 11000万吨, the same
    # date written differently, and punctuation in the action are not changes.
    ({"measures": (dataclasses.replace(BASE.measures[0], text="11000万吨", span=(40, 47)),)}, ()),
    ({"deadline": Deadline(date="2020-12-31", text="年底前", span=(9, 12))}, ()),
    ({"action": "完成 超低排放改造。"}, ()),
])
def test_differing_fields_compare_canonical_values(changes: dict, expected: tuple[str, ...]) -> None:
    assert differing_fields(BASE, dataclasses.replace(BASE, **changes)) == expected


def test_fields_are_reported_in_a_fixed_order() -> None:
    other = dataclasses.replace(BASE, modality=Modality.ENCOURAGED, actor=None,
                                measures=(measure(1, "吨", "t", at=3, comparator=Comparator.GE),))
    fields = differing_fields(BASE, other)
    assert fields == ("quantity", "comparator", "actor", "modality")
    assert list(fields) == [name for name in FIELDS if name in fields]


def test_a_large_group_ranks_only_nearby_obligations_and_still_pairs_each_with_its_own(monkeypatch) -> None:
    # An unnumbered notice of 400 figures, one group: every fifth figure changed in the new
    # version, and one figure inserted at the front, shifting the rest by one place.
    from policydiff import obligation_diff

    def figure(index: int, value: int, at: int) -> Obligation:
        return obligation(f"o{index:03d}", None, at, action=f"第{index}项任务完成", metric=f"指标{index}",
                          measures=(measure(value, "吨", "t", at=at + 2),))

    old = tuple(figure(i, 10 + i, i * 20) for i in range(400))
    new = (figure(999, 5, 0), *(figure(i, 10 + i + (3 if i % 5 == 0 else 0), 20 + i * 20) for i in range(400)))
    ranked = []
    real = obligation_diff._candidate
    monkeypatch.setattr(obligation_diff, "_candidate", lambda *args: ranked.append(args[1]) or real(*args))
    monkeypatch.setattr(obligation_diff, "FULL_PAIRS", 1_000)  # 80 × 81 changed pairs: over it
    changes = diff_obligations(old, new, [])
    assert len(ranked) <= 80 * (2 * obligation_diff.WINDOW + 1)  # 80 changed figures, a band each
    assert [c.status.value for c in changes].count("changed") == 80
    assert all(c.old.metric == c.new.metric for c in changes if c.old and c.new)
    assert [c.new.metric for c in changes if c.old is None] == ["指标999"]


def test_a_block_inserted_before_changed_figures_still_pairs_each_with_its_own() -> None:
    # A review's case: 120 figures put before 150 others whose values all changed, in one group.
    # Below FULL_PAIRS every pair is ranked, so each changed figure finds its own old one.
    def figure(name: str, value: int, at: int) -> Obligation:
        return obligation(f"o{at:04d}", None, at, action=f"{name}压减", metric=f"{name}产能",
                          measures=(measure(value, "吨", "t", at=at + 2),))

    names = [f"第{i}市" for i in range(270)]
    old = tuple(figure(names[120 + i], 10 + i % 50, i * 20) for i in range(150))
    new = (*(figure(names[i], 7, i * 20) for i in range(120)),
           *(figure(names[120 + i], 11 + i % 50, (120 + i) * 20) for i in range(150)))
    changes = diff_obligations(old, new, [])
    statuses = [c.status.value for c in changes]
    assert (statuses.count("changed"), statuses.count("added"), statuses.count("removed")) == (150, 120, 0)
    assert all(c.old.metric == c.new.metric for c in changes if c.old and c.new)
