"""Version histories: three or more versions of one document (征求意见稿 → 送审稿 → 正式稿, or a
law through its amendments) as one table, a column per version.

Each step (one version to the next) is an ordinary comparison. A row follows one provision
through the versions: the units a step's alignment pairs are the same provision, so a row's
unit in version k is the old side of a pair of step k whose new side continues it. Each cell
holds its version's text with what that version inserted (against the previous one) marked;
a row records, for each step, what became of the provision (``report.pair_state``) — so the
JSON can tell for every unit at which step it changed. A provision that moved has one row, where
it stands in the latest version: a column then holds its version's whole text, but reads down as
that version only where nothing moved.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from policydiff.model import NEW_SIDE, OLD_SIDE, Comparison, PolicyDocument, RunOp, Unit
from policydiff.report import compare_report, document_header, pair_state

Cell = tuple[tuple[str, bool], ...]
"""A version's text of a provision, pieces marked when that version inserted them."""


@dataclass
class Lineage:
    """One provision through the versions."""

    cells: list[Cell | None]
    """Per version; None where the provision does not exist (yet, or any more)."""
    labels: list[str | None]
    states: list[str | None] = field(default_factory=list)
    """Per step: what became of it (report.TALLY), None where it did not exist on either side."""
    heading: bool = False
    units: tuple[Unit, ...] = ()
    """Its units in the latest version it reached: what the next step's pairs continue."""


def history(policies: Sequence[PolicyDocument], comparisons: Sequence[Comparison]) -> list[Lineage]:
    """The rows of the history of ``policies``; ``comparisons[k]`` compares version k with k+1,
    made with ``redline=True``."""
    versions = len(policies)
    rows: list[Lineage] = []
    for step, comparison in enumerate(comparisons):
        # Each comparison outlines its versions afresh: a unit is known by where it stands.
        by_unit = {unit.span: row for row in rows for unit in row.units}
        order: list[Lineage] = []
        seen: set[int] = set()
        for index, placement in comparison.redline.order:
            if placement.value == "from":
                continue  # a moved provision is continued where it stands
            pair, section = comparison.pairs[index], comparison.redline.sections[index]
            row = next((by_unit[unit.span] for unit in pair.old if unit.span in by_unit), None)
            if row is None or id(row) in seen:  # new, or the second half of a split
                row = Lineage(cells=[None] * versions, labels=[None] * versions, states=[None] * len(comparisons),
                              heading=(pair.old or pair.new)[0].kind.value == "heading")
            if row.cells[step] is None and pair.old:
                row.cells[step] = _cell(section.runs, OLD_SIDE, marked=False)
                row.labels[step] = _label(pair.old)
            changed = any(change.pair == index for change in comparison.changes)
            row.states[step] = pair_state(pair.status.value, changed, pair.renumbered)
            if pair.new:
                row.cells[step + 1] = _cell(section.runs, NEW_SIDE, marked=True)
                row.labels[step + 1] = _label(pair.new)
            row.units = pair.new
            seen.add(id(row))
            order.append(row)
        rows = _keep_ended(rows, order, seen)
    return rows


def _keep_ended(previous: list[Lineage], order: list[Lineage], seen: set[int]) -> list[Lineage]:
    """``order`` with the rows of provisions deleted at an earlier step, each after the row
    that preceded it."""
    result = list(order)
    for position, row in enumerate(previous):
        if id(row) in seen:
            continue
        before = previous[position - 1] if position else None
        at = next((i + 1 for i, other in enumerate(result) if other is before), 0) if before else 0
        result.insert(at, row)
    return result


def _cell(runs: Sequence[Any], side: frozenset[str], *, marked: bool) -> Cell:
    return tuple((run.text, marked and run.op is not RunOp.EQUAL) for run in runs if run.op in side and run.text)


def _label(units: Sequence[Unit]) -> str | None:
    return "、".join(unit.label for unit in units if unit.label) or None


def history_report(policies: Sequence[PolicyDocument], comparisons: Sequence[Comparison]) -> dict[str, Any]:
    """The history as plain data (``policydiff history --format json``, and what its HTML and
    XLSX draw): the versions, each step's summary, and every provision's labels, what became of
    it at each step, the steps at which it changed, and its text in each version (``cells``:
    pieces, each with whether that version inserted it)."""
    rows = history(policies, comparisons)
    return {
        "schema_version": "1",
        "versions": [document_header(policy) for policy in policies],
        "steps": [{"from": k, "to": k + 1, "summary": compare_report(c)["summary"]} for k, c in enumerate(comparisons)],
        "units": [
            {"kind": "heading" if row.heading else "clause", "labels": row.labels, "states": row.states,
             "changed_at": [k + 1 for k, state in enumerate(row.states) if state not in (None, "unchanged")],
             "texts": ["".join(piece for piece, _ in cell) if cell is not None else None for cell in row.cells],
             "cells": [[[piece, marked] for piece, marked in cell] if cell is not None else None
                       for cell in row.cells]}
            for row in rows
        ],
    }

