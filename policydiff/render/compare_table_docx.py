"""DOCX renderer for ``policydiff compare --format table``: the 新旧条文对照表 as a Word table.

The rows of ``table.table_rows`` in a four-column table — 修改前 | 修改后 | 状态 | 说明 —,
deletions struck through in red and insertions underlined in blue (Word formatting, not
tracked changes: the table shows both versions side by side), headings the same in both
versions across the table, the header row repeated on every page; the titles, dates and
article tally above; A4 landscape, the package and styles of the DOCX redline
(``compare_docx.package``: 宋体, the tally and page number in the footer).
"""

from __future__ import annotations

from typing import Any

from lxml import etree

from policydiff.render.compare_docx import R, W, element, package, xml_text
from policydiff.render.names import tally_line
from policydiff.render.table import DELETED_COLOUR, INSERTED_COLOUR, TableRow, Text, described, plain, table_rows

_COLUMNS = (("修改前", 6000), ("修改后", 6000), ("状态", 1100), ("说明", 2300))
"""Header and width in twentieths of a point: A4 landscape less 2 cm margins, 15,400."""


def render_compare_table_docx(report: dict[str, Any], *, changed_only: bool = False) -> bytes:
    """The 新旧条文对照表 of a report made with its redline (``compare_report(..., redline=True)``)."""
    root = etree.Element(f"{{{W}}}document", nsmap={"w": W, "r": R})
    body = element(root, "body")
    _paragraph(body, "新旧条文对照表", style="Title")
    for side, document in (("修改前", report["old"]), ("修改后", report["new"])):
        _paragraph(body, f"{side}：{described(document)}", style="NoIndent")
    _paragraph(body, tally_line(report["summary"]["clauses"]["tally"]), style="NoIndent")
    table = element(body, "tbl")
    properties = element(table, "tblPr")
    element(properties, "tblW", w="0", type="auto")
    element(properties, "tblLayout", type="fixed")
    borders = element(properties, "tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element(borders, edge, val="single", sz="4", space="0", color="808080")
    grid = element(table, "tblGrid")
    for _, width in _COLUMNS:
        element(grid, "gridCol", w=str(width))
    header = element(table, "tr")
    element(element(header, "trPr"), "tblHeader")  # repeated at the top of every page
    for name, width in _COLUMNS:
        _cell(header, ((name, False),), width, bold=True)
    for row in table_rows(report, changed_only=changed_only):
        _row(table, row)
    element(body, "p")  # Word wants a paragraph after a table
    section = element(body, "sectPr")
    etree.SubElement(section, f"{{{W}}}footerReference", {f"{{{W}}}type": "default", f"{{{R}}}id": "rIdFooter"})
    element(section, "pgSz", w="16838", h="11906", orient="landscape")
    element(section, "pgMar", top="1134", right="1134", bottom="1134", left="1134", header="567", footer="567",
            gutter="0")
    date = report["new"].get("date")
    return package(report, root, [], f"{date}T00:00:00Z" if date else None)


def _row(table: etree._Element, row: TableRow) -> None:
    line = element(table, "tr")
    element(element(line, "trPr"), "cantSplit", val="0")
    if row.heading and plain(row.old) == plain(row.new):
        _cell(line, ((plain(row.new), False),), sum(width for _, width in _COLUMNS), bold=True, span=len(_COLUMNS))
        return
    _cell(line, row.old, _COLUMNS[0][1], color=DELETED_COLOUR, strike=True)
    _cell(line, row.new, _COLUMNS[1][1], color=INSERTED_COLOUR, underline=True)
    _cell(line, ((row.status, False),), _COLUMNS[2][1])
    _cell(line, ((row.notes, False),), _COLUMNS[3][1])


def _cell(line: etree._Element, text: Text, width: int, *, bold: bool = False, span: int = 1,
          color: str | None = None, strike: bool = False, underline: bool = False) -> None:
    """A cell of ``text``, one paragraph per line, the marked pieces struck or underlined."""
    cell = element(line, "tc")
    properties = element(cell, "tcPr")
    element(properties, "tcW", w=str(width), type="dxa")
    if span > 1:
        element(properties, "gridSpan", val=str(span))
    paragraph = _cell_paragraph(cell, centered=span > 1)
    for piece, marked in text:
        for number, part in enumerate(piece.split("\n")):
            if number:
                paragraph = _cell_paragraph(cell, centered=span > 1)
            if part:
                _run(paragraph, part, bold=bold, color=color if marked else None, strike=strike and marked,
                     underline=underline and marked)


def _cell_paragraph(cell: etree._Element, *, centered: bool) -> etree._Element:
    paragraph = element(cell, "p")
    properties = element(paragraph, "pPr")
    element(properties, "pStyle", val="NoIndent")
    if centered:
        element(properties, "jc", val="center")
    return paragraph


def _run(paragraph: etree._Element, text: str, *, bold: bool = False, color: str | None = None,
         strike: bool = False, underline: bool = False) -> None:
    run = element(paragraph, "r")
    if bold or color or strike or underline:
        properties = element(run, "rPr")
        if bold:
            element(properties, "b")
        if strike:
            element(properties, "strike")
        if color:
            element(properties, "color", val=color)
        if underline:
            element(properties, "u", val="single")
    made = element(run, "t")
    made.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    made.text = xml_text(text)


def _paragraph(body: etree._Element, text: str, *, style: str) -> None:
    paragraph = element(body, "p")
    element(element(paragraph, "pPr"), "pStyle", val=style)
    _run(paragraph, text)
