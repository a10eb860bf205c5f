"""The terminal view of policydiff compare (policydiff.render.compare_text): one block per change."""

from __future__ import annotations

import click
import pytest

from policydiff.render.compare_text import render_compare_text
from policydiff.report import compare_report

from .builders import SEED_TITLE


@pytest.fixture(scope="module")
def report(excerpt_comparison) -> dict:
    return compare_report(excerpt_comparison)


def test_header_and_summary(report) -> None:
    lines = click.unstyle(render_compare_text(report)).splitlines()
    by_level = report["summary"]["by_level"]
    assert lines[:3] == [
        f"--- draft.txt  {SEED_TITLE}",
        f"+++ final.txt  {SEED_TITLE}",
        (f"7 changes: {by_level['substantive']} substantive, {by_level['minor']} minor, "
         f"{by_level['editorial']} editorial · clauses 2 → 2, 2 matched, 0 renumbered"),
    ]


def test_each_change_shows_its_removed_and_added_text(report) -> None:
    lines = click.unstyle(render_compare_text(report)).splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("c004 （十七） "))
    assert lines[start + 1:start + 3] == ["    - 网格化", "    + 分区细化的"]
    only_removed = next(i for i, line in enumerate(lines) if line.startswith("c001 （十四） "))
    assert lines[only_removed + 1] == "    - ，其中唐山市控制在1亿吨以内" and lines[only_removed + 2].startswith("c002 ")


def test_the_removed_obligation_is_listed_with_its_sentence(report) -> None:
    lines = click.unstyle(render_compare_text(report)).splitlines()
    assert "obligation changes: 1 (unchanged 4)" in lines
    assert lines[-1].endswith(" （十四） removed  2020年12月底前，天津市钢铁产能控制在1500万吨左右，"
                              "河北省钢铁产能控制在2亿吨以内，其中唐山市控制在1亿吨以内。")


def test_levels_are_coloured_for_a_terminal(report) -> None:
    styled = render_compare_text(report)
    assert click.style("substantive", fg="red", bold=True) in styled
    assert click.style("    + 分区细化的", fg="green") in styled


def test_one_change_is_singular_and_unmatched_units_are_said_in_words() -> None:
    """Issue 14: "1 changes", and "inserted — → trailer" on the seed's first line."""
    from policydiff.pipeline import compare_documents, read_policy
    from policydiff.rules import load_rules

    from .conftest import CORPORA

    seed = CORPORA / "notices" / "air-2020-autumn-winter"
    rules = load_rules()
    lines = click.unstyle(render_compare_text(compare_report(compare_documents(
        read_policy(seed / "draft.txt"), read_policy(seed / "final.txt"), rules=rules, obligations=False)))).splitlines()
    # tests/test_compare_seed.py's oracle lists changes in every clause but （三）（六）（七）（九）.
    assert lines[3] == "条款 修改 18、新增 0、删除 0、移动 0、仅编号变化 0、未变 4"
    assert lines[5:7] == ["units not matched one to one:", "  trailer (annex list, 抄送, 印发 lines) only in the new version"]
    one = compare_report(compare_documents(read_policy(seed / "draft.txt"), read_policy(seed / "draft.txt"),
                                           rules=rules, obligations=False))
    one["summary"]["changes"] = 1
    assert click.unstyle(render_compare_text(one)).splitlines()[2].startswith("1 change: ")
