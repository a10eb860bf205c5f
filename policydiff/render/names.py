"""The Chinese names readers see for the report's vocabulary, shared by every renderer."""

from __future__ import annotations

LEVEL_NAMES = {"substantive": "实质性", "minor": "一般", "editorial": "编辑性"}
CATEGORY_NAMES = {
    "quantity": "数量", "deadline": "期限", "actor": "主体", "modality": "义务强度", "scope": "范围",
    "condition": "条件", "requirement": "要求", "liability": "责任", "reference": "引用", "wording": "措辞",
    "punctuation": "标点", "order": "顺序",
}
OBLIGATION_STATUS = {"added": "新增", "removed": "删除", "changed": "修改"}
TALLY_NAMES = {"modified": "修改", "inserted": "新增", "deleted": "删除", "moved": "移动",
               "renumbered_only": "仅编号变化", "unchanged": "未变"}
"""What became of a clause or article, as a 新旧条文对照表 says it (report.TALLY's order)."""


def tally_line(tally: dict[str, int]) -> str:
    """条款 修改 12、新增 3、删除 1、移动 0、仅编号变化 40、未变 2: the tally every report prints."""
    return "条款 " + "、".join(f"{TALLY_NAMES[state]} {count}" for state, count in tally.items())


def step_states(states: list[str | None]) -> str:
    """第1→2版 修改；第2→3版 未变: what became of a provision at each step of a history."""
    return "；".join(f"第{k + 1}→{k + 2}版 {TALLY_NAMES[state]}" for k, state in enumerate(states) if state)


COMPARATOR_SYMBOLS = {"le": "≤", "ge": "≥", "lt": "<", "gt": ">", "eq": "=", "approx": "≈"}
"""How the reports print each comparator."""
