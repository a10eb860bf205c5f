"""The rows of a 新旧条文对照表 (comparison table), which the XLSX report draws: one row per
aligned clause or article in document order — the old text with what was deleted marked, the
new text with what was inserted marked, what became of it, and the substantive changes'
summaries. A unit that moved has a row where it stood (its old text) and one where it stands
(its new text), so that the old column read down is the old version and the new column the
new one. Headings of parts, chapters and sections are rows of their own."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from policydiff.model import NEW_SIDE, OLD_SIDE
from policydiff.render.names import TALLY_NAMES
from policydiff.report import pair_state

DELETED_COLOUR, INSERTED_COLOUR = "B3261E", "1A56DB"
"""RGB of deleted (struck) and inserted (underlined) text in a table's cells, XLSX and DOCX alike."""

Text = tuple[tuple[str, bool], ...]
"""Pieces of a cell's text, each with whether it is marked (deleted, or inserted)."""


@dataclass(frozen=True, slots=True)
class TableRow:
    heading: bool
    """A part, chapter or section heading (drawn across the table)."""
    old: Text
    new: Text
    status: str
    """修改, 新增, 删除, 移动, 仅编号变化 or 未变."""
    notes: str
    """The summaries of the substantive changes in it, ；-joined."""

    @property
    def changed(self) -> bool:
        return self.status != TALLY_NAMES["unchanged"]


def table_rows(report: dict[str, Any], *, changed_only: bool = False) -> list[TableRow]:
    """The rows of a report made with its redline (``compare_report(..., redline=True)``);
    with ``changed_only``, without the unchanged clauses (headings stay)."""
    sections = report["redline"]["sections"]
    summaries = {change["id"]: change["summary"] for change in report["changes"] if change["level"] == "substantive"}
    rows = []
    for index, placement in report["redline"]["order"]:
        section = sections[index]
        state = pair_state(section["status"], bool(section["changes"]), section["renumbered"])
        old = _side(section["runs"], OLD_SIDE) if placement != "to" else ()
        new = _side(section["runs"], NEW_SIDE) if placement != "from" else ()
        row = TableRow(
            heading=section["kind"] == "heading", old=old, new=new, status=TALLY_NAMES[state],
            notes="；".join(summaries[cid] for cid in section["changes"] if cid in summaries),
        )
        if not (changed_only and not row.heading and not row.changed):
            rows.append(row)
    return rows


def _side(runs: list[dict[str, Any]], side: frozenset[str]) -> Text:
    return tuple((run["text"], run["op"] != "equal") for run in runs if run["op"] in side and run["text"])


def plain(text: Text) -> str:
    return "".join(piece for piece, _ in text)


def described(document: dict[str, Any]) -> str:
    """A version as the table's head names it: title, date, and the date it takes effect."""
    parts = [document["title"] or document["source"]]
    if document.get("date"):
        parts.append(document["date"])
    if document.get("effective"):
        parts.append(f"{document['effective']}起施行")
    return "，".join(parts)
