"""CSV renderer for ``policydiff extract``: one row per obligation × quantity, for spreadsheets.

UTF-8 with a byte-order mark, so that Excel opens the Chinese text correctly; RFC 4180
quoting and CRLF line ends (the ``csv`` module's defaults). An obligation without a quantity
(a dated duty) has one row with empty quantity columns. The columns are ``COLUMNS``, fixed.
"""

from __future__ import annotations

import csv
import io
from typing import Any

BOM = "\ufeff"

COLUMNS = (
    "document", "sha256",
    "obligation", "clause", "actor", "action", "metric", "modality", "kind", "authority", "trigger",
    "quantity", "value", "unit", "unit_code", "comparator", "range_low", "range_high", "role", "base", "quantity_text",
    "quantity_start", "quantity_end",
    "deadline", "deadline_text", "period_start", "period_end", "period_text",
    "sentence", "start", "end",
)
"""``quantity`` numbers an obligation's quantities from 1; ``start``/``end`` are the sentence's span."""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""A text cell starting with one of these would run as a formula in a spreadsheet (OWASP CSV injection)."""


def render_extract_csv(report: dict[str, Any]) -> str:
    """The obligations of an extract report as CSV text, starting with the BOM."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    document = report["document"]
    for obligation in report["obligations"]:
        quantities = obligation["quantities"] or [None]
        for number, quantity in enumerate(quantities, 1):
            row = _row(document, obligation, number if quantity else None, quantity)
            writer.writerow(row[column] for column in COLUMNS)
    return BOM + buffer.getvalue()


def _row(document: dict[str, Any], obligation: dict[str, Any], number: int | None,
         quantity: dict[str, Any] | None) -> dict[str, str]:
    deadline = obligation["deadline"] or {}
    period = obligation["period"] or {}
    quantity = quantity or {}
    low, high = quantity.get("range") or (None, None)
    span = quantity.get("span") or (None, None)
    cells: dict[str, Any] = {
        "document": inert(document["source"]),
        "sha256": document["sha256"],
        "obligation": obligation["id"],
        "clause": inert(obligation["clause"]),
        "actor": inert(obligation["actor"]),
        "action": inert(obligation["action"]),
        "metric": inert(obligation["metric"]),
        "modality": obligation["modality"],
        "kind": obligation["kind"],
        "authority": inert(obligation["authority"]),
        "trigger": inert(obligation["trigger"]),
        "quantity": number,
        "value": quantity.get("value"),
        "unit": inert(quantity.get("unit")),
        "unit_code": inert(quantity.get("unit_code")),
        "comparator": quantity.get("comparator"),  # a word (le, ge, eq …): read as the JSON's value
        "range_low": low,
        "range_high": high,
        "role": quantity.get("role"),
        "base": inert(quantity.get("base")),
        "quantity_text": inert(quantity.get("text")),
        "quantity_start": span[0],
        "quantity_end": span[1],
        "deadline": deadline.get("date"),
        "deadline_text": inert(deadline.get("text")),
        "period_start": period.get("start"),
        "period_end": period.get("end"),
        "period_text": inert(period.get("text")),
        "sentence": inert(obligation["sentence"]),
        "start": obligation["span"][0],
        "end": obligation["span"][1],
    }
    return {name: "" if value is None else str(value) for name, value in cells.items()}


def inert(value: str | None) -> str | None:
    """Text from the document, made inert for spreadsheets: a leading ' before =, +, -, @, a tab
    or a carriage return (OWASP CSV injection)."""
    if value and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value
