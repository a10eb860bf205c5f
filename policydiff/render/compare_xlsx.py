"""XLSX renderer for ``policydiff compare --format xlsx`` (XlsxWriter): three sheets.

1. 对照表 — the 新旧条文对照表 (``table.table_rows``): 修改前 | 修改后 | 状态 | 说明, one row per
   aligned clause or article, deletions struck through in red and insertions underlined in
   blue as rich text inside the cells, headings across the row; the two documents' titles and
   dates and the article tally above; A4 landscape, the header row repeated on every page.
2. 变更 — one row per change, the columns of ``compare --format csv``.
3. 义务变更 — one row per obligation change: what changed, and the old and new values.

The workbook's dates are fixed, so that the same report gives the same bytes.
"""

from __future__ import annotations

import datetime
from io import BytesIO
from typing import Any

import xlsxwriter

from policydiff.render.compare_csv import COLUMNS as CHANGE_COLUMNS
from policydiff.render.names import COMPARATOR_SYMBOLS, OBLIGATION_STATUS, step_states, tally_line
from policydiff.render.table import DELETED_COLOUR, INSERTED_COLOUR, Text, described, plain, table_rows

TABLE_HEADER = ("修改前", "修改后", "状态", "说明")
OBLIGATION_COLUMNS = ("id", "status", "fields", "clause", "old", "new", "old_sentence", "new_sentence")
_FONT = "宋体"
_EPOCH = datetime.datetime(2000, 1, 1)  # fixed workbook dates: the same report, the same bytes
_MAX_CELL = 32_767  # characters Excel keeps in a cell
_TEXT_WIDTH, _NOTE_WIDTH = 60, 40
"""Column widths, in characters of the default font (a Chinese character takes two)."""
_LINE_HEIGHT, _MAX_ROW_HEIGHT = 15, 409  # points; 409 is the most a row may be


def render_compare_xlsx(report: dict[str, Any], *, changed_only: bool = False) -> bytes:
    """The XLSX workbook of a report made with its redline (``compare_report(..., redline=True)``)."""
    buffer = BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False,
                                        "strings_to_urls": False, "strings_to_numbers": False})
    book.set_properties({"title": "新旧条文对照表", "created": _EPOCH, "author": "policydiff"})
    book.set_custom_property("policydiff", "comparison table")
    styles = _Styles(book)
    _table_sheet(book, styles, report, changed_only)
    _changes_sheet(book, styles, report)
    _obligations_sheet(book, styles, report)
    book.close()
    return buffer.getvalue()


class _Styles:
    def __init__(self, book: xlsxwriter.Workbook) -> None:
        base = {"font_name": _FONT, "font_size": 10.5, "text_wrap": True, "valign": "top", "border": 1}
        self.cell = book.add_format(base)
        self.title = book.add_format({"font_name": "黑体", "font_size": 16, "bold": True, "align": "center"})
        self.meta = book.add_format({"font_name": _FONT, "font_size": 10.5, "text_wrap": True})
        self.header = book.add_format({**base, "bold": True, "bg_color": "#E8ECF3", "align": "center"})
        self.heading = book.add_format({**base, "font_name": "黑体", "bold": True, "align": "center"})
        self.deleted = book.add_format({"font_name": _FONT, "font_strikeout": True, "font_color": f"#{DELETED_COLOUR}"})
        self.inserted = book.add_format({"font_name": _FONT, "underline": 1, "font_color": f"#{INSERTED_COLOUR}"})
        self.plain = book.add_format({"font_name": _FONT})
        self.cell_deleted = book.add_format({**base, "font_strikeout": True, "font_color": f"#{DELETED_COLOUR}"})
        self.cell_inserted = book.add_format({**base, "underline": 1, "font_color": f"#{INSERTED_COLOUR}"})


def _table_sheet(book: xlsxwriter.Workbook, styles: _Styles, report: dict[str, Any], changed_only: bool) -> None:
    sheet = book.add_worksheet("对照表")
    sheet.set_landscape()
    sheet.set_paper(9)  # A4
    sheet.fit_to_pages(1, 0)
    sheet.set_footer("&C— &P —")
    sheet.set_column(0, 1, _TEXT_WIDTH)
    sheet.set_column(2, 2, 12)
    sheet.set_column(3, 3, _NOTE_WIDTH)
    old, new = report["old"], report["new"]
    sheet.merge_range(0, 0, 0, 3, "新旧条文对照表", styles.title)
    sheet.write_string(1, 0, f"修改前：{described(old)}", styles.meta)
    sheet.write_string(1, 1, f"修改后：{described(new)}", styles.meta)
    sheet.merge_range(2, 0, 2, 3, tally_line(report["summary"]["clauses"]["tally"]), styles.meta)
    header = 3
    for column, name in enumerate(TABLE_HEADER):
        sheet.write_string(header, column, name, styles.header)
    sheet.repeat_rows(header)
    sheet.freeze_panes(header + 1, 0)
    for row, item in enumerate(table_rows(report, changed_only=changed_only), start=header + 1):
        if item.heading and plain(item.old) == plain(item.new):
            sheet.merge_range(row, 0, row, 3, _clip(plain(item.new)), styles.heading)  # the same in both
            continue
        _rich(sheet, row, 0, item.old, styles.deleted, styles)
        _rich(sheet, row, 1, item.new, styles.inserted, styles)
        sheet.write_string(row, 2, item.status, styles.cell)
        sheet.write_string(row, 3, _clip(item.notes), styles.cell)
        # Spreadsheets do not grow a row to its wrapped text on opening: give it the height.
        lines = max(_lines(plain(item.old), _TEXT_WIDTH), _lines(plain(item.new), _TEXT_WIDTH),
                    _lines(item.notes, _NOTE_WIDTH))
        sheet.set_row(row, min(_LINE_HEIGHT * lines, _MAX_ROW_HEIGHT))


def _rich(sheet: Any, row: int, column: int, text: Text, marked: Any, styles: _Styles) -> None:
    """``text`` in one cell, its marked pieces in ``marked`` (struck or underlined)."""
    pieces = [(piece, marked if is_marked else styles.plain) for piece, is_marked in text if piece]
    if len(pieces) < 2:  # XlsxWriter's rich strings take two fragments or more
        style = styles.cell if not pieces or pieces[0][1] is styles.plain else _whole(sheet, marked, styles)
        sheet.write_string(row, column, _clip(pieces[0][0]) if pieces else "", style)
        return
    fragments: list[Any] = []
    length = 0
    for piece, style in pieces:
        piece = piece[:max(0, _MAX_CELL - length)]
        if piece:
            fragments += [style, piece]
            length += len(piece)
    if len(fragments) < 4:  # clipped to one piece (a text over 32,767 characters): write it plain
        sheet.write_string(row, column, fragments[1] if fragments else "", styles.cell)
        return
    sheet.write_rich_string(row, column, *fragments, styles.cell)


def _whole(sheet: Any, marked: Any, styles: _Styles) -> Any:
    """The cell format of a text marked whole (a deleted or inserted article)."""
    return styles.cell_deleted if marked is styles.deleted else styles.cell_inserted


def _lines(text: str, width: int) -> int:
    """The lines ``text`` wraps to in a column ``width`` characters wide."""
    per_line = max(1, width // 2 - 3)  # a margin: the fonts of a spreadsheet differ
    return sum(max(1, -(-len(paragraph) // per_line)) for paragraph in text.split("\n")) if text else 1


def _clip(text: str) -> str:
    return text if len(text) <= _MAX_CELL else text[:_MAX_CELL - 1] + "…"


def _changes_sheet(book: xlsxwriter.Workbook, styles: _Styles, report: dict[str, Any]) -> None:
    sheet = book.add_worksheet("变更")
    sheet.write_row(0, 0, CHANGE_COLUMNS, styles.header)
    sheet.freeze_panes(1, 0)
    for row, change in enumerate(report["changes"], start=1):
        values = {**change, "categories": ";".join(change["categories"]),
                  "obligation_changes": ";".join(change["obligation_changes"])}
        for column, name in enumerate(CHANGE_COLUMNS):
            sheet.write_string(row, column, _clip(str(values[name] or "")), styles.cell)


def _obligations_sheet(book: xlsxwriter.Workbook, styles: _Styles, report: dict[str, Any]) -> None:
    sheet = book.add_worksheet("义务变更")
    sheet.write_row(0, 0, OBLIGATION_COLUMNS, styles.header)
    sheet.freeze_panes(1, 0)
    items = [item for item in report["obligation_changes"] if item["status"] != "unchanged"]
    for row, item in enumerate(items, start=1):
        either = item["new"] or item["old"]
        values = (item["id"], OBLIGATION_STATUS.get(item["status"], item["status"]), ";".join(item["fields"]),
                  either["clause"] or "", _values(item["old"]), _values(item["new"]),
                  (item["old"] or {}).get("sentence", ""), (item["new"] or {}).get("sentence", ""))
        for column, value in enumerate(values):
            sheet.write_string(row, column, _clip(value), styles.cell)


def _values(obligation: dict[str, Any] | None) -> str:
    """≤ 1亿吨 · 2020-12-31 · 河北省 · mandatory: the values a tracker compares."""
    if obligation is None:
        return ""
    parts = [" ".join(f"{COMPARATOR_SYMBOLS[q['comparator']]} {q['text']}" for q in obligation["quantities"])]
    if obligation["deadline"]:
        parts.append(obligation["deadline"]["date"] or obligation["deadline"]["text"])
    parts += [obligation["actor"] or "", obligation["modality"] or ""]
    return " · ".join(part for part in parts if part)


def render_history_xlsx(report: dict[str, Any]) -> bytes:
    """The 对照表 of a version history (``history.history_report``): a column per version, each
    cell with what that version inserted underlined, and what became of the provision at each step."""
    versions, rows = report["versions"], report["units"]
    buffer = BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False,
                                        "strings_to_urls": False, "strings_to_numbers": False})
    book.set_properties({"title": "条文沿革对照表", "created": _EPOCH, "author": "policydiff"})
    styles = _Styles(book)
    sheet = book.add_worksheet("沿革")
    sheet.set_landscape()
    sheet.set_paper(9)
    sheet.fit_to_pages(1, 0)
    sheet.set_footer("&C— &P —")
    count = len(versions)
    width = max(24, 150 // count)
    sheet.set_column(0, count - 1, width)
    sheet.set_column(count, count, 24)
    sheet.merge_range(0, 0, 0, count, "条文沿革对照表", styles.title)
    header = 1
    for column, document in enumerate(versions):
        sheet.write_string(header, column, f"第{column + 1}版：{described(document)}", styles.header)
    sheet.write_string(header, count, "变化", styles.header)
    sheet.repeat_rows(header)
    sheet.freeze_panes(header + 1, 0)
    for row, item in enumerate(rows, start=header + 1):
        for column, cell in enumerate(item["cells"]):
            if cell is None:
                sheet.write_blank(row, column, None, styles.cell)
            else:
                _rich(sheet, row, column, tuple((piece, marked) for piece, marked in cell), styles.inserted, styles)
        sheet.write_string(row, count, step_states(item["states"]), styles.cell)
        lines = max((_lines(text, width) for text in item["texts"] if text is not None), default=1)
        sheet.set_row(row, min(_LINE_HEIGHT * lines, _MAX_ROW_HEIGHT))
    book.close()
    return buffer.getvalue()
