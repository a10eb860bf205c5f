"""The JSON Lines view of policydiff extract (policydiff.render.extract_jsonl): one obligation a line."""

from __future__ import annotations

import json

from policydiff.pipeline import extract_document
from policydiff.render.extract_jsonl import render_extract_jsonl
from policydiff.report import extract_report


def test_one_line_per_obligation_in_text_order(excerpt_comparison, rules) -> None:
    report = extract_report(excerpt_comparison.new, extract_document(excerpt_comparison.new, rules=rules))
    text = render_extract_jsonl(report)
    lines = text.splitlines()
    assert text.endswith("\n") and [json.loads(line) for line in lines] == report["obligations"]
    # Keys sorted, Chinese as written: each line is what a tracker can diff line by line.
    assert all(list(json.loads(line)) == sorted(json.loads(line)) for line in lines)
    assert "天津市" in lines[0] and "\\u" not in text
    first = json.loads(lines[0])
    assert (first["actor"], first["quantities"][0]["text"], first["deadline"]["date"]) == (
        "天津市", "1500万吨左右", "2020-12-31")


def test_no_obligation_is_no_line(excerpt_comparison) -> None:
    assert render_extract_jsonl(extract_report(excerpt_comparison.new, [])) == ""
