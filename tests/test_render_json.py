"""The JSON view (policydiff.render.json): the canonical report, byte for byte the same for the
same data."""

from __future__ import annotations

import json

from policydiff.render.json import render_json
from policydiff.report import compare_report


def test_json_reads_back_as_the_report_with_chinese_as_written(excerpt_comparison) -> None:
    report = compare_report(excerpt_comparison)
    text = render_json(report)
    assert json.loads(text) == report and text.endswith("}\n")
    assert "其中唐山市控制在1亿吨以内" in text and "\\u" not in text


def test_json_does_not_depend_on_the_order_keys_were_set_in() -> None:
    one = {"old": {"source": "draft.txt", "title": "方案"}, "changes": []}
    other = {"changes": [], "old": {"title": "方案", "source": "draft.txt"}}
    assert render_json(one) == render_json(other) == (
        '{\n  "changes": [],\n  "old": {\n    "source": "draft.txt",\n    "title": "方案"\n  }\n}\n')
