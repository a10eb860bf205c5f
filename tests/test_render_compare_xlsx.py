"""The XLSX report (policydiff.render.compare_xlsx): the 新旧条文对照表, the changes and the
obligation changes, read back as a user's spreadsheet tools would (pandas, openpyxl,
LibreOffice)."""

from __future__ import annotations

import io
import subprocess
from functools import cache

import openpyxl
import pandas as pd
import pytest
from openpyxl.cell.rich_text import CellRichText, TextBlock

from policydiff.model import Comparison
from policydiff.pipeline import compare_documents, outline_path
from policydiff.render.compare_csv import COLUMNS as CHANGE_COLUMNS
from policydiff.render.compare_xlsx import OBLIGATION_COLUMNS, TABLE_HEADER, render_compare_xlsx
from policydiff.report import compare_report
from policydiff.rules import load_rules

from .conftest import CORPORA, require_tool

PAIRS = {
    "adoption": ("laws/adoption-registration-measures/2019-03-02.md", "laws/adoption-registration-measures/2023-07-20.md"),
    "seed": ("notices/air-2020-autumn-winter/draft.txt", "notices/air-2020-autumn-winter/final.txt"),
    "company": ("laws/company-law/2018-10-26.md", "laws/company-law/2023-12-29.md"),
}


@cache
def comparison(name: str) -> Comparison:
    rules = load_rules()
    old, new = (outline_path(CORPORA / path, rules=rules) for path in PAIRS[name])
    return compare_documents(old, new, rules=rules, redline=True)


@cache
def workbook(name: str) -> bytes:
    return render_compare_xlsx(compare_report(comparison(name), redline=True))


def table(name: str) -> pd.DataFrame:
    return pd.read_excel(io.BytesIO(workbook(name)), sheet_name="对照表", header=3, dtype=str)


def test_pandas_reads_the_three_sheets_with_their_columns() -> None:
    sheets = pd.read_excel(io.BytesIO(workbook("seed")), sheet_name=None, header=None, dtype=str)
    assert list(sheets) == ["对照表", "变更", "义务变更"]
    assert list(table("seed").columns) == list(TABLE_HEADER)
    changes = pd.read_excel(io.BytesIO(workbook("seed")), sheet_name="变更", dtype=str)
    assert list(changes.columns) == list(CHANGE_COLUMNS) and len(changes) == len(comparison("seed").changes)
    obligations = pd.read_excel(io.BytesIO(workbook("seed")), sheet_name="义务变更", dtype=str)
    assert list(obligations.columns) == list(OBLIGATION_COLUMNS) and len(obligations) > 0


@pytest.mark.parametrize("name", list(PAIRS))
def test_the_columns_read_down_are_the_two_versions(name: str) -> None:
    """Rejecting every change (the 修改前 column) gives the old text, accepting them (修改后)
    the new: a heading the same in both is one row across the table."""
    rows = table(name)
    across = rows["状态"].isna()
    old = [text for text, whole in zip(rows["修改前"], across, strict=True) if isinstance(text, str)]
    new = [old_text if whole else text for text, old_text, whole in zip(rows["修改后"], rows["修改前"], across, strict=True)
           if isinstance(old_text if whole else text, str)]
    assert "\n".join(old) == comparison(name).old.text.text
    assert "\n".join(new) == comparison(name).new.text.text


def test_deletions_are_struck_and_insertions_underlined_inside_the_cells() -> None:
    """中国公民收养子女登记办法 第一条: 收养法 → 民法典."""
    sheet = openpyxl.load_workbook(io.BytesIO(workbook("adoption")), rich_text=True)["对照表"]
    first = next(row for row in sheet.iter_rows(min_row=5) if str(row[0].value).startswith("第一条"))
    old, new = first[0].value, first[1].value
    assert isinstance(old, CellRichText) and isinstance(new, CellRichText)
    assert [b.text for b in old if isinstance(b, TextBlock) and b.font.strike] == ["收养法", "收养法"]
    assert [b.text for b in new if isinstance(b, TextBlock) and b.font.u] == ["民法典", "民法典"]
    assert first[2].value == "修改" and "立法目的：收养法 → 民法典" in first[3].value


def test_the_tally_and_the_documents_stand_above_the_table() -> None:
    sheet = openpyxl.load_workbook(io.BytesIO(workbook("company")))["对照表"]
    assert sheet["A1"].value == "新旧条文对照表"
    assert sheet["A2"].value.startswith("修改前：") and sheet["B2"].value.startswith("修改后：")
    assert sheet["A3"].value == "条款 修改 123、新增 95、删除 49、移动 18、仅编号变化 28、未变 0"
    assert sheet.print_title_rows == "$4:$4" and sheet.page_setup.orientation == "landscape"


def test_the_same_report_gives_the_same_bytes() -> None:
    assert render_compare_xlsx(compare_report(comparison("adoption"), redline=True)) == workbook("adoption")


def test_libreoffice_renders_the_table(tmp_path) -> None:
    soffice = require_tool("soffice", "libreoffice")
    pdftotext = require_tool("pdftotext")
    source = tmp_path / "table.xlsx"
    source.write_bytes(workbook("adoption"))
    done = subprocess.run([soffice, f"-env:UserInstallation=file://{tmp_path}/lo", "--headless", "--convert-to", "pdf",
                           "--outdir", str(tmp_path), str(source)], capture_output=True, text=True, timeout=180,
                          check=False)
    assert done.returncode == 0, done.stderr
    text = subprocess.run([pdftotext, str(tmp_path / "table.pdf"), "-"], capture_output=True, text=True, check=True).stdout
    flat = "".join(text.split())
    assert "新旧条文对照表" in flat and "修改前" in flat and "民法典" in flat


def test_a_clause_longer_than_a_cell_is_clipped_not_lost() -> None:
    """A spreadsheet cell holds 32,767 characters: a longer clause is clipped, still written."""
    report = compare_report(comparison("adoption"), redline=True)
    section = next(s for s in report["redline"]["sections"] if s["old_label"] == "第二条")
    section["runs"] = [{"op": "equal", "text": "长" * 40_000, "change": None, "move": None},
                       {"op": "insert", "text": "新增", "change": None, "move": None}]
    sheet = openpyxl.load_workbook(io.BytesIO(render_compare_xlsx(report)))["对照表"]
    cell = next(row[0].value for row in sheet.iter_rows(min_row=5) if str(row[0].value or "").startswith("长"))
    assert len(cell) == 32_767
