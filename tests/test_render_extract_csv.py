"""The CSV renderer of policydiff extract (policydiff.render.extract_csv)."""

from __future__ import annotations

import csv
import io
import json

from policydiff.render.extract_csv import BOM

from .conftest import CORPORA


def test_csv_neutralizes_formulas_and_writes_dated_duties_as_one_row() -> None:
    from policydiff.render.extract_csv import render_extract_csv

    obligation = {"id": "o001", "clause": None, "sentence": "=HYPERLINK(\"x\")，逗号,与\"引号\"", "span": [0, 9],
                  "actor": "-各地", "action": None, "metric": None, "quantities": [],
                  "deadline": {"date": "2021-03-31", "text": "2021年3月底前", "span": [0, 9]}, "period": None,
                  "modality": "mandatory", "kind": "deadline", "authority": None, "trigger": None}
    text = render_extract_csv({"document": {"source": "a.txt", "sha256": "0" * 64}, "obligations": [obligation]})
    assert text.startswith(BOM) and text.endswith("\r\n")
    rows = list(csv.DictReader(io.StringIO(text[1:], newline="")))
    assert len(rows) == 1
    assert rows[0]["sentence"] == "'=HYPERLINK(\"x\")，逗号,与\"引号\""
    assert rows[0]["actor"] == "'-各地" and rows[0]["value"] == "" and rows[0]["deadline"] == "2021-03-31"


def test_the_comparator_cell_is_the_json_value_a_spreadsheet_reads_as_text(extracted) -> None:
    """A cell "=" or "<=" would start a formula (Excel, LibreOffice) or need a guard that
    changes the value ('=); the comparators are words, the same in the CSV as in the JSON."""
    from policydiff.pipeline import read_policy
    from policydiff.render.extract_csv import render_extract_csv
    from policydiff.report import extract_report

    name = next(iter(extracted))
    report = json.loads(json.dumps(extract_report(read_policy(str(CORPORA / name)), extracted[name])))
    rows = list(csv.DictReader(io.StringIO(render_extract_csv(report)[1:], newline="")))
    in_json = [q["comparator"] for ob in report["obligations"] for q in ob["quantities"]]
    assert [row["comparator"] for row in rows if row["comparator"]] == in_json
    assert set(in_json) <= {"le", "ge", "lt", "gt", "eq", "approx"} and "eq" in in_json
