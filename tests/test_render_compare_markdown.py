"""The Markdown view of policydiff compare (policydiff.render.compare_markdown): a summary to
paste into e-mail or chat, its document text escaped."""

from __future__ import annotations

import hashlib

import pytest

from policydiff.render.compare_markdown import escape, render_compare_markdown
from policydiff.report import compare_report

from .builders import SEED_TITLE, seed_excerpt


@pytest.fixture(scope="module")
def report(excerpt_comparison) -> dict:
    return compare_report(excerpt_comparison)


def sha(version: str) -> str:
    return hashlib.sha256(seed_excerpt(version).encode("utf-8")).hexdigest()[:12]


def test_header_names_both_versions(report) -> None:
    lines = render_compare_markdown(report).splitlines()
    assert lines[:4] == [
        f"# 版本比较：{SEED_TITLE}",
        "",
        f"- 旧版：`draft.txt`（{SEED_TITLE}，sha256 `{sha('draft')}`）",
        f"- 新版：`final.txt`（{SEED_TITLE}，sha256 `{sha('final')}`）",
    ]


def test_summary_counts_levels_and_clauses(report) -> None:
    text = render_compare_markdown(report)
    by_level = report["summary"]["by_level"]
    for level, name in (("substantive", "实质性"), ("minor", "一般"), ("editorial", "编辑性")):
        assert f"| {name} {level} | {by_level[level]} |" in text
    assert "条款：旧版 2 条，新版 2 条；对应 2；重新编号 0 条。" in text


def test_substantive_changes_are_listed_and_the_others_counted_per_clause(report) -> None:
    lines = render_compare_markdown(report).splitlines()
    substantive = [c for c in report["changes"] if c["level"] == "substantive"]
    assert f"## 实质性变更（{len(substantive)}）" in lines
    listed = [line for line in lines if line.startswith("1. ")]
    assert len(listed) == len(substantive)
    assert listed[0].startswith("1. **（十四）** 删除：其中唐山市控制在1亿吨以内 <sub>") and listed[0].endswith(" · c001</sub>")
    others = [c for c in report["changes"] if c["level"] != "substantive"]
    assert {c["clause_new"] for c in others} == {"（十七）"}
    minor = sum(1 for c in others if c["level"] == "minor")
    assert f"| （十七） | {minor} | {len(others) - minor} |" in lines


def test_the_removed_obligation_is_a_row_of_canonical_values(report) -> None:
    """其中唐山市控制在1亿吨以内, under 2020年12月底前, is gone from the final version."""
    lines = render_compare_markdown(report).splitlines()
    assert "## 量化义务变更（1；未变 4）" in lines
    assert "| 删除 | （十四） | 唐山市 | ≤ 1亿吨以内 · 2020-12-31 · mandatory | — |  |" in lines


def test_a_filtered_report_says_how_many_changes_it_leaves_out(excerpt_comparison) -> None:
    report = compare_report(excerpt_comparison, min_level="substantive")
    hidden = report["summary"]["changes"] - len(report["changes"])
    assert hidden > 0
    assert render_compare_markdown(report).endswith(f"（另有 {hidden} 处低于 `substantive` 级别的变更未列出。）\n")


@pytest.mark.parametrize(("text", "escaped"), [
    ("PM2.5浓度[详见附件1]", "PM2.5浓度\\[详见附件1\\]"),
    ("**严禁**在编码登记过程中乱收费", "\\*\\*严禁\\*\\*在编码登记过程中乱收费"),
    ("<script>｜表格|单元格", "\\<script\\>｜表格\\|单元格"),  # the full-width ｜ breaks no table
    ("第一行\n第二行", "第一行 第二行"),
])
def test_document_text_cannot_break_the_markdown_around_it(text, escaped) -> None:
    assert escape(text) == escaped


def test_a_file_name_with_backticks_stays_one_code_span(report) -> None:
    # CommonMark: a code span ends at a backtick run as long as its fence, so the fence is longer.
    import copy

    renamed = copy.deepcopy(report)
    renamed["old"]["source"] = "草案`第2稿``.txt"
    line = render_compare_markdown(renamed).splitlines()[2]
    assert line.startswith("- 旧版：``` 草案`第2稿``.txt ```（")
