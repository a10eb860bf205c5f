"""The change table of policydiff compare (policydiff.render.compare_csv): one row per change."""

from __future__ import annotations

import csv
import io

from click.testing import CliRunner

from policydiff.cli import cli
from policydiff.render.compare_csv import COLUMNS, render_compare_csv
from policydiff.render.extract_csv import BOM
from policydiff.report import compare_report

from .conftest import CORPORA

SEED = CORPORA / "notices" / "air-2020-autumn-winter"


def rows(text: str) -> list[dict[str, str]]:
    assert text.startswith(BOM) and "\r\n" in text
    return list(csv.DictReader(io.StringIO(text[1:], newline="")))


def test_each_change_is_a_row_with_the_json_values(excerpt_comparison) -> None:
    report = compare_report(excerpt_comparison)
    table = rows(render_compare_csv(report))
    assert list(table[0]) == list(COLUMNS)
    assert [row["id"] for row in table] == [change["id"] for change in report["changes"]]
    for row, change in zip(table, report["changes"], strict=True):
        assert (row["level"], row["summary"], row["categories"].split(";")) == (
            change["level"], change["summary"], change["categories"])
        assert (row["old_text"], row["new_text"]) == (change["old_text"], change["new_text"])


def test_document_text_is_inert_in_a_spreadsheet(excerpt_comparison) -> None:
    report = compare_report(excerpt_comparison)
    report["changes"] = [{**report["changes"][0], "new_text": "=HYPERLINK(\"x\")", "summary": "+1"}]
    row = rows(render_compare_csv(report))[0]
    assert (row["new_text"], row["summary"]) == ("'=HYPERLINK(\"x\")", "'+1")


def test_compare_format_csv_from_the_command_line(tmp_path) -> None:
    out = tmp_path / "changes.csv"
    result = CliRunner().invoke(cli, ["compare", str(SEED / "draft.txt"), str(SEED / "final.txt"), "--format", "csv",
                                      "--level", "substantive", "--no-obligations", "-o", str(out)])
    assert result.exit_code == 1
    table = rows(out.read_bytes().decode("utf-8"))
    assert len(table) == 43 and {row["level"] for row in table} == {"substantive"}
