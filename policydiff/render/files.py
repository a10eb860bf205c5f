"""The report files of one comparison, as written to ``outputs/`` and by ``policydiff batch``."""

from __future__ import annotations

from typing import Any

from policydiff.model import Comparison
from policydiff.render.compare_docx import render_compare_docx
from policydiff.render.compare_html import render_compare_html
from policydiff.render.compare_markdown import render_compare_markdown
from policydiff.render.compare_table_docx import render_compare_table_docx
from policydiff.render.compare_xlsx import render_compare_xlsx
from policydiff.render.json import render_json
from policydiff.report import compare_report

COMPARE_REPORTS = {"json": "compare.json", "md": "compare.md", "html": "compare.html", "docx": "compare.docx",
                   "xlsx": "compare.xlsx", "table": "对照表.docx"}
"""Each report of a comparison: the key an index names it by, and its file name."""
COMPARE_FILES = tuple(COMPARE_REPORTS.values())


def compare_files(comparison: Comparison) -> tuple[dict[str, Any], dict[str, bytes]]:
    """The JSON report of ``comparison`` (made with ``redline=True``) and the bytes of each
    file in ``COMPARE_FILES``: the JSON and Markdown reports, the HTML and DOCX redlines, and the
    新旧条文对照表 as XLSX and DOCX."""
    redline = compare_report(comparison, redline=True)
    report = {key: value for key, value in redline.items() if key != "redline"}  # the same report, built once
    return report, {
        "compare.json": render_json(report).encode("utf-8"),
        "compare.md": render_compare_markdown(report).encode("utf-8"),
        "compare.html": render_compare_html(redline).encode("utf-8"),
        "compare.docx": render_compare_docx(redline),
        "compare.xlsx": render_compare_xlsx(redline),
        "对照表.docx": render_compare_table_docx(redline),
    }
