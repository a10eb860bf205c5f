"""The Chinese names readers see for the report's vocabulary, shared by every renderer."""

from __future__ import annotations

LEVEL_NAMES = {"substantive": "实质性", "minor": "一般", "editorial": "编辑性"}
CATEGORY_NAMES = {
    "quantity": "数量", "deadline": "期限", "actor": "主体", "modality": "义务强度", "scope": "范围",
    "condition": "条件", "requirement": "要求", "liability": "责任", "reference": "引用", "wording": "措辞",
    "punctuation": "标点", "order": "顺序",
}
OBLIGATION_STATUS = {"added": "新增", "removed": "删除", "changed": "修改"}
COMPARATOR_SYMBOLS = {"le": "≤", "ge": "≥", "lt": "<", "gt": ">", "eq": "=", "approx": "≈"}
"""How the reports print each comparator."""
