"""Plain data views of the records (policydiff.report): the outline, compare and extract
reports every renderer consumes."""

from __future__ import annotations

import dataclasses
import hashlib

import pytest

from policydiff.pipeline import read_policy
from policydiff.report import (
    at_level,
    clause_paths,
    compare_report,
    extract_report,
    obligation_dict,
    outline_report,
)

from .builders import CLAUSE_14, CLAUSE_17, SEED_TITLE, seed_excerpt
from .conftest import CORPORA


def test_outline_report_of_the_excerpt(excerpt_comparison) -> None:
    report = outline_report(excerpt_comparison.new)
    document = report["document"]
    assert (document["source"], document["title"], document["format"], document["encoding"], document["genre"]) == (
        "final.txt", SEED_TITLE, "txt", "utf-8", "notice")
    assert document["sha256"] == hashlib.sha256(seed_excerpt("final").encode("utf-8")).hexdigest()
    assert document["characters"] == len(seed_excerpt("final")) - 1  # the last line break is no text
    fourteen = len(SEED_TITLE) + 1
    seventeen = fourteen + len(CLAUSE_14["final"]) + 1
    assert report["front_matter"]["span"] == [0, fourteen]
    assert [p["text"] for p in report["front_matter"]["paragraphs"]] == [SEED_TITLE]
    assert report["clauses"] == [
        {"kind": "clause", "label": "（十四）", "title": "落实产业结构调整要求", "span": [fourteen, seventeen],
         "path": ["（十四）"]},
        {"kind": "clause", "label": "（十七）", "title": "强化扬尘管控",
         "span": [seventeen, seventeen + len(CLAUSE_17["final"])], "path": ["（十七）"]},
    ]
    assert report["trailer"] is None


def test_clause_paths_name_the_parts_that_hold_each_clause() -> None:
    """The seed: 一、总体要求 holds （一）-（三）, 二、 （四）-（七）, 三、 （八）-（十七）, 四、保障措施 （十八）-（二十二）."""
    paths = [path for _, path in clause_paths(read_policy(CORPORA / "notices" / "air-2020-autumn-winter" / "final.txt"))]
    parts = [path[0] for path in paths]
    assert [parts.count(part) for part in ("一、", "二、", "三、", "四、")] == [3, 4, 10, 5]
    assert paths[0] == ["一、", "（一）"] and paths[-1] == ["四、", "（二十二）"]


@pytest.mark.parametrize(("level", "at", "expected"), [
    ("substantive", "substantive", True), ("substantive", "editorial", True), ("minor", "substantive", False),
    ("minor", "minor", True), ("editorial", "minor", False), ("editorial", "editorial", True),
])
def test_at_level(level, at, expected) -> None:
    assert at_level(level, at) is expected


def test_a_filtered_report_still_counts_every_change(excerpt_comparison) -> None:
    full = compare_report(excerpt_comparison)
    substantive = compare_report(excerpt_comparison, min_level="substantive")
    assert substantive["summary"] == full["summary"] and substantive["settings"]["level"] == "substantive"
    assert [c["id"] for c in substantive["changes"]] == [c["id"] for c in full["changes"] if c["level"] == "substantive"]
    summary = full["summary"]
    assert summary["changes"] == len(full["changes"]) == 7
    assert sum(summary["by_level"].values()) == 7
    assert summary["clauses"] == {"old": 2, "new": 2, "by_status": {"matched": 2}, "renumbered": 0,
                                  "tally": {"modified": 2, "inserted": 0, "deleted": 0, "moved": 0,
                                            "renumbered_only": 0, "unchanged": 0},
                                  "unchanged": []}
    assert summary["obligation_changes"] == {"added": 0, "removed": 1, "changed": 0, "unchanged": 4}


def test_a_change_links_the_obligation_changes_it_causes(excerpt_comparison) -> None:
    report = compare_report(excerpt_comparison)
    (removed,) = [item for item in report["obligation_changes"] if item["status"] == "removed"]
    assert removed["new"] is None and removed["old"]["actor"] == "唐山市"
    by_id = {change["id"]: change for change in report["changes"]}
    assert by_id["c001"]["old_text"] == "，其中唐山市控制在1亿吨以内"
    assert by_id["c001"]["obligation_changes"] == [removed["id"]]
    # An unchanged obligation is caused by no change, though （十七）'s changes touch its sentence.
    assert all(change["obligation_changes"] == [] for change in report["changes"] if change["id"] != "c001")


def test_alignment_rows_give_both_labels_spans_and_titles(excerpt_comparison) -> None:
    rows = compare_report(excerpt_comparison)["alignment"]
    assert [(row["kind"], row["old"], row["new"], row["status"]) for row in rows] == [
        ("front_matter", None, None, "matched"), ("clause", "（十四）", "（十四）", "matched"),
        ("clause", "（十七）", "（十七）", "matched")]
    # A unit's span is its text, without the line break that ends it (an outline node's includes it).
    assert rows[1]["old_span"] == [41, 41 + len(CLAUSE_14["draft"])]
    assert rows[1]["new_span"] == [41, 41 + len(CLAUSE_14["final"])]
    assert rows[2]["old_title"] == rows[2]["new_title"] == "强化扬尘管控"


def test_a_redline_report_needs_a_comparison_built_with_it(excerpt_comparison) -> None:
    assert "redline" in compare_report(excerpt_comparison, redline=True)
    with pytest.raises(ValueError, match="redline=True"):
        compare_report(dataclasses.replace(excerpt_comparison, redline=None), redline=True)


def test_extracted_figures_read_as_written(excerpt_comparison) -> None:
    """1500万吨 is 15000000 (an integer in JSON), 4.3米 stays 4.3; spans point at the sentence."""
    obligations = [item.new for item in excerpt_comparison.obligation_changes if item.new is not None]
    report = extract_report(excerpt_comparison.new, obligations)
    assert report["document"]["source"] == "final.txt"
    values = {q["text"]: q["value"] for item in report["obligations"] for q in item["quantities"]}
    assert values["1500万吨左右"] == 15000000 and isinstance(values["1500万吨左右"], int)
    assert values["4.3米"] == 4.3 and values["2亿吨以内"] == 200000000
    text = excerpt_comparison.new.text.text
    for obligation in obligations:
        data = obligation_dict(obligation)
        assert text[slice(*data["span"])] == data["sentence"]
        assert all(text[slice(*q["span"])] == q["text"] for q in data["quantities"])


def test_the_tally_counts_every_clause_once_and_lists_the_unchanged() -> None:
    """Issue 14: 条款 修改、新增、删除、移动、仅编号变化、未变; the seed's oracle
    (tests/test_compare_seed.py) has changes in every clause but （三）（六）（七）（九）."""
    from policydiff.pipeline import compare_documents, read_policy
    from policydiff.report import compare_report
    from policydiff.rules import load_rules

    from .conftest import CORPORA

    seed = CORPORA / "notices" / "air-2020-autumn-winter"
    clauses = compare_report(compare_documents(read_policy(seed / "draft.txt"), read_policy(seed / "final.txt"),
                                               rules=load_rules(), obligations=False))["summary"]["clauses"]
    assert clauses["tally"] == {"modified": 18, "inserted": 0, "deleted": 0, "moved": 0, "renumbered_only": 0,
                                "unchanged": 4}
    assert clauses["unchanged"] == ["（三）", "（六）", "（七）", "（九）"]
    assert sum(clauses["tally"].values()) == sum(clauses["by_status"].values())
