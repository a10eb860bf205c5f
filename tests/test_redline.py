"""The redline: both versions as one marked-up text, exact on both sides.

Checked on the published plain data (``report["redline"]``), which the HTML and DOCX
reports draw: reading the old side of the sections in document order gives the old
normalized text, reading the new side gives the new one, and every change is marked.
"""

from __future__ import annotations

import tomllib
from collections import Counter
from functools import cache

import pytest

from policydiff.ingest import read_input
from policydiff.pipeline import compare_documents, outline_source
from policydiff.report import compare_report
from policydiff.rules import load_rules

from .conftest import CORPORA

OLD_SIDE = {"equal", "delete", "move_from"}
NEW_SIDE = {"equal", "insert", "move_to"}
MANIFEST = tomllib.loads((CORPORA / "manifest.toml").read_text(encoding="utf-8"))
DOCUMENTS = {document["id"]: document for document in MANIFEST["document"]}
PAIRS = [pair["id"] for pair in MANIFEST["pair"]]


@cache
def policy(document_id: str):
    return outline_source(read_input(CORPORA / DOCUMENTS[document_id]["path"]), rules=load_rules())


@cache
def pair_report(pair_id: str):
    pair = next(p for p in MANIFEST["pair"] if p["id"] == pair_id)
    old, new = policy(pair["old"]), policy(pair["new"])
    comparison = compare_documents(old, new, rules=load_rules(), obligations=False, redline=True)
    return old, new, compare_report(comparison, redline=True)


def side_text(runs: list[dict], ops: set[str]) -> str:
    return "".join(run["text"] for run in runs if run["op"] in ops)


def document_sides(redline: dict) -> tuple[str, str]:
    """The old and the new text read off the redline in document order."""
    old, new = [], []
    for index, placement in redline["order"]:
        section = redline["sections"][index]
        # An inserted section has no old side (not even an empty paragraph), a deleted one no new side.
        if placement in ("whole", "from") and section["status"] != "inserted":
            old.append(side_text(section["runs"], OLD_SIDE))
        if placement in ("whole", "to") and section["status"] != "deleted":
            new.append(side_text(section["runs"], NEW_SIDE))
    return "\n".join(old), "\n".join(new)


@pytest.mark.parametrize("pair_id", PAIRS)
def test_each_side_of_the_redline_is_its_version(pair_id):
    old, new, report = pair_report(pair_id)
    assert document_sides(report["redline"]) == (old.text.text, new.text.text)


@pytest.mark.parametrize("pair_id", PAIRS)
def test_every_change_is_marked_in_its_section(pair_id):
    _, _, report = pair_report(pair_id)
    marked: dict[str, set[int]] = {}
    for index, section in enumerate(report["redline"]["sections"]):
        for run in section["runs"]:
            for change in (run["change"], run["move"]):
                if change:
                    marked.setdefault(change, set()).add(index)
        if section["move"]:
            marked.setdefault(section["move"], set()).add(index)
    assert set(marked) == {change["id"] for change in report["changes"]}
    for index, section in enumerate(report["redline"]["sections"]):
        assert set(section["changes"]) == {change for change, where in marked.items() if index in where}


@pytest.mark.parametrize("pair_id", PAIRS)
def test_moved_sections_appear_at_both_places(pair_id):
    _, _, report = pair_report(pair_id)
    placements = Counter((index, placement) for index, placement in report["redline"]["order"])
    for index, section in enumerate(report["redline"]["sections"]):
        if section["status"] == "moved":
            assert placements[(index, "from")] == placements[(index, "to")] == 1
        else:
            assert placements[(index, "whole")] == 1


def test_seed_differences_outside_changes_are_only_line_breaks_and_label_spacing():
    """Every word that differs belongs to a reported change; the only unreported differences
    are the line breaks around whole inserted or deleted paragraphs, and the space the draft
    puts after a label ((十七) 强化… against （十七）强化…), which is layout, not a change."""
    _, _, report = pair_report("air-2020/txt-txt")
    unreported = [(section, index) for section in report["redline"]["sections"]
                  for index, run in enumerate(section["runs"]) if run["change"] is None and run["op"] != "equal"]
    assert {section["runs"][index]["text"] for section, index in unreported} == {"\n", " "}
    for section, index in unreported:
        if section["runs"][index]["text"] == " ":
            assert index and section["runs"][index - 1]["text"].endswith("）")


def test_renumbered_label_is_an_unreported_difference():
    """A new 第三条 renumbers the articles after it: the label's digits differ in the redline,
    but no change reports them (the alignment does, with ``renumbered``)."""
    _, _, report = pair_report("adoption-reg/2019-2023")
    section = next(s for s in report["redline"]["sections"] if s["old_label"] == "第三条")
    assert section["new_label"] == "第四条" and section["renumbered"]
    assert side_text(section["runs"], OLD_SIDE).startswith("第三条")
    assert side_text(section["runs"], NEW_SIDE).startswith("第四条")
    label_runs = [run for run in section["runs"] if run["op"] != "equal" and run["text"] in ("三", "四")]
    assert [run["change"] for run in label_runs] == [None, None]


def test_seed_moved_paragraph_is_marked_as_move():
    """（十九）: the final puts 加大价格政策支持力度… before the rewritten funding paragraph."""
    _, _, report = pair_report("air-2020/txt-txt")
    section = next(s for s in report["redline"]["sections"] if s["new_label"] == "（十九）")
    moved_from = "".join(run["text"] for run in section["runs"] if run["op"] == "move_from")
    moved_to = "".join(run["text"] for run in section["runs"] if run["op"] == "move_to")
    assert "加大价格政策支持力度" in moved_from and "加大价格政策支持力度" in moved_to
    assert all(run["move"] for run in section["runs"] if run["op"] in ("move_from", "move_to"))


def test_redline_is_absent_unless_asked():
    old, new, _ = pair_report("air-2020/txt-txt")
    comparison = compare_documents(old, new, rules=load_rules(), obligations=False)
    assert comparison.redline is None and "redline" not in compare_report(comparison)
    with pytest.raises(ValueError):
        compare_report(comparison, redline=True)
