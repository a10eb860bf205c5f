"""CSV renderer for ``policydiff compare --format csv``: one row per change, for spreadsheets.

The conventions of ``extract --format csv``: UTF-8 with a byte-order mark, RFC 4180 quoting,
CRLF line ends, and text from the documents made inert for spreadsheets (``extract_csv.inert``).
Categories are joined with ``;``; the columns are ``COLUMNS``, fixed.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from policydiff.render.extract_csv import BOM, inert

COLUMNS = (
    "id", "clause_old", "clause_new", "op", "level", "categories", "summary",
    "old_text", "new_text", "old_context", "new_context", "obligation_changes",
)
"""``old_context``/``new_context`` are the sentences the change sits in; ``obligation_changes``
the ids (``;``-joined) of the obligation changes it causes."""


def render_compare_csv(report: dict[str, Any]) -> str:
    """The changes of a compare report as CSV text, starting with the BOM."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    for change in report["changes"]:
        cells = {
            **{name: change[name] for name in ("id", "op", "level")},
            "clause_old": inert(change["clause_old"]), "clause_new": inert(change["clause_new"]),
            "categories": ";".join(change["categories"]), "summary": inert(change["summary"]),
            **{name: inert(change[name]) for name in ("old_text", "new_text", "old_context", "new_context")},
            "obligation_changes": ";".join(change["obligation_changes"]),
        }
        writer.writerow("" if cells[name] is None else cells[name] for name in COLUMNS)
    return BOM + buffer.getvalue()
