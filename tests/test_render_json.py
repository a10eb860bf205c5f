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


def test_json_is_what_the_standard_library_writes(excerpt_comparison) -> None:
    # orjson writes the report; the bytes are those of json.dumps with the same settings.
    report = compare_report(excerpt_comparison)
    report["extra"] = {"ratio": 0.35, "limit": 2.5, "empty": [], "nothing": None, "yes": True}
    assert render_json(report) == json.dumps(report, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    # A figure below 1e-4 is the same number, written out (0.00005, not 5e-05).
    tiny = {"value": 0.00005}
    assert json.loads(render_json(tiny)) == tiny and '"value": 0.00005' in render_json(tiny)


def test_an_integer_beyond_64_bits_is_still_written() -> None:
    # A figure of twenty-odd digits in a text: orjson refuses it, the standard library writes it.
    report = {"value": 123456789012345678901234, "text": "一二三"}
    assert json.loads(render_json(report)) == report
