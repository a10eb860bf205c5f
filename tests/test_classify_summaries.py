"""Summaries that tell the whole edit (issue 13), on the seed pair: read side by side, each
summary below says what the new text does, not half of it."""

from __future__ import annotations

from functools import cache

import pytest

from policydiff.model import Change
from policydiff.pipeline import compare_documents, read_policy
from policydiff.rules import load_rules

from .conftest import CORPORA

SEED = CORPORA / "notices" / "air-2020-autumn-winter"


@cache
def changes() -> tuple[Change, ...]:
    rules = load_rules()
    return compare_documents(read_policy(SEED / "draft.txt"), read_policy(SEED / "final.txt"), rules=rules,
                             obligations=False).changes


def summary(removed: str, added: str) -> str:
    found = [c for c in changes() if c.hunk.old_text.strip() == removed and c.hunk.new_text.strip() == added]
    assert len(found) == 1, [(c.hunk.old_text, c.hunk.new_text) for c in changes() if removed in c.hunk.old_text]
    return found[0].verdict.summary


@pytest.mark.parametrize(("removed", "added", "expected"), [
    # （五）: the draft's 纳入清单但不应…采取 became 避免…采取 — still a prohibition, softened.
    ("纳入清单但不应", "", "义务强度：不应（禁止） → 避免…采取"),
    # （二十二）: 作为督察重点 → 纳入督察范畴: the word that replaced 重点 is part of the edit.
    ("重点", "范畴", "范围：删除“重点”（改为“范畴”）"),
    # （二十一）: 强化监督定点 → 秋冬季监督: the period added hides no removal.
    ("强化监督定点", "秋冬季监督", "期限：新增 秋冬季（原为“强化监督定点”）"),
    # （八）: a quotation inserted whole is quoted once, and no cut-off word trails it.
    ("", "“生物质成型燃料+专用炉具”", "范围：新增“生物质成型燃料+专用炉具”"),
])
def test_the_summary_tells_the_whole_edit(removed: str, added: str, expected: str) -> None:
    assert summary(removed, added) == expected


def test_no_summary_has_an_unbalanced_quotation() -> None:
    unbalanced = [c.verdict.summary for c in changes()
                  if c.verdict.summary.count("“") != c.verdict.summary.count("”") and not c.verdict.summary.endswith("…")]
    assert unbalanced == []
