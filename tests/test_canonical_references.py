"""Citations read from text (policydiff.canonical.references): titles, articles, annexes,
issuers and laws, and whether the text only points to them."""

from __future__ import annotations

import pytest

from policydiff import canonical


@pytest.mark.parametrize(("text", "found"), [
    ("（详见附件1）", [("annex", "附件1", True)]),
    ("按照《钢铁企业超低排放评估监测技术指南》开展", [("title", "钢铁企业超低排放评估监测技术指南", False)]),
    ("交通运输部等4部门联合印发", [("issuer", "等4部门", False)]),
    ("按照环境保护税法有关条款规定", [("law", "环境保护税法", False)]),
    ("依照本法第三十条第二款的规定", [("article", "第三十条第二款", False)]),
    ("第三十条 无生产配额许可证生产消耗臭氧层物质的", []),
    ("落实《交通运输部等九部门贯彻落实国务院办公厅〈推进运输结构调整三年行动计划（2018—2020年）〉的通知》",
     [("title", "交通运输部等九部门贯彻落实国务院办公厅推进运输结构调整三年行动计划（2018—2020年）的通知", False)]),
])
def test_references(rules, text, found) -> None:
    assert [(r.kind, r.key, r.pointer) for r in canonical.references(text, rules=rules)] == found
