"""Hunks from aligned blocks and word edits, with spans back in each document."""

from __future__ import annotations

from policydiff.changes import collect_hunks, pair_side, whole_unit_hunk
from policydiff.model import BlockOp, BlockPair, ChangeOp, Edit, EditOp, Unit, UnitKind

DOCUMENT = "一、总体要求\n（一）基本思路。坚持精准治污。\n（二）主要目标。完成任务。"


def unit(text: str, label: str | None) -> Unit:
    start = DOCUMENT.index(text)
    return Unit(UnitKind.CLAUSE, label, None, None, (start, start + len(text)), text)


def test_pair_side_leaves_labels_out_and_maps_offsets_back() -> None:
    clause = unit("（一）基本思路。坚持精准治污。", "（一）")
    side = pair_side([clause], with_labels=False)
    assert side.text == "基本思路。坚持精准治污。"
    start = side.text.index("精准")
    assert DOCUMENT[slice(*side.span(start, start + 2))] == "精准"


def test_pair_side_joins_several_units_with_a_line_break() -> None:
    first, second = unit("（一）基本思路。坚持精准治污。", "（一）"), unit("（二）主要目标。完成任务。", "（二）")
    side = pair_side([first, second], with_labels=True)
    assert side.text == "（一）基本思路。坚持精准治污。\n（二）主要目标。完成任务。"
    start = side.text.index("完成任务")
    assert DOCUMENT[slice(*side.span(start, start + 4))] == "完成任务"


def test_whole_unit_hunks_carry_the_label() -> None:
    side = pair_side([unit("（二）主要目标。完成任务。", "（二）")], with_labels=True)
    hunk = whole_unit_hunk(side, inserted=True)
    assert (hunk.op, hunk.old_span, hunk.new_text) == (ChangeOp.INSERT, None, "（二）主要目标。完成任务。")
    assert DOCUMENT[slice(*hunk.new_span)] == hunk.new_text


def test_runs_of_edits_become_one_hunk_each() -> None:
    old = pair_side([Unit(UnitKind.CLAUSE, None, None, None, (0, 9), "控制在2亿吨以内。")], with_labels=False)
    new = pair_side([Unit(UnitKind.CLAUSE, None, None, None, (100, 110), "力争控制在1亿吨以内。")], with_labels=False)
    edits = [
        Edit(EditOp.INSERT, (0, 0), (0, 2), "", "力争"),
        Edit(EditOp.EQUAL, (0, 3), (2, 5), "控制在", "控制在"),
        Edit(EditOp.DELETE, (3, 6), (5, 5), "2亿吨", ""),
        Edit(EditOp.INSERT, (6, 6), (5, 8), "", "1亿吨"),
        Edit(EditOp.EQUAL, (6, 9), (8, 11), "以内。", "以内。"),
    ]
    block = BlockPair(BlockOp.CHANGED, (0, 9), (0, 11), 0.8)
    hunks = collect_hunks(old, new, [block], [edits])
    assert [(h.op, h.old_text, h.new_text) for h in hunks] == [
        (ChangeOp.INSERT, "", "力争"), (ChangeOp.REPLACE, "2亿吨", "1亿吨")]
    assert hunks[1].old_span == (3, 6) and hunks[1].new_span == (105, 108)
    assert hunks[1].old_context == "控制在2亿吨以内。" and hunks[1].new_context == "力争控制在1亿吨以内。"


def test_moved_block_is_a_move_then_its_edits() -> None:
    old = pair_side([Unit(UnitKind.CLAUSE, None, None, None, (0, 8), "甲。乙丙丁。")], with_labels=False)
    new = pair_side([Unit(UnitKind.CLAUSE, None, None, None, (0, 8), "乙丙戊。甲。")], with_labels=False)
    blocks = [BlockPair(BlockOp.MOVED, (2, 6), (0, 4), 0.75), BlockPair(BlockOp.EQUAL, (0, 2), (4, 6), 1.0)]
    edits = [[Edit(EditOp.EQUAL, (0, 2), (0, 2), "乙丙", "乙丙"), Edit(EditOp.DELETE, (2, 3), (2, 2), "丁", ""),
              Edit(EditOp.INSERT, (3, 3), (2, 3), "", "戊"), Edit(EditOp.EQUAL, (3, 4), (3, 4), "。", "。")], []]
    hunks = collect_hunks(old, new, blocks, edits)
    assert [(h.op, h.old_text, h.new_text) for h in hunks] == [
        (ChangeOp.MOVE, "乙丙丁。", "乙丙戊。"), (ChangeOp.REPLACE, "丁", "戊")]
    assert hunks[1].old_span == (4, 5) and hunks[1].new_span == (2, 3)
