"""The 新旧条文对照表 as a Word table (policydiff.render.compare_table_docx): read back from its XML
and through LibreOffice."""

from __future__ import annotations

import io
import subprocess
import zipfile
from functools import cache

import pytest
from click.testing import CliRunner
from lxml import etree

from policydiff.cli import cli
from policydiff.pipeline import compare_documents, outline_path
from policydiff.render.compare_docx import W
from policydiff.render.compare_table_docx import render_compare_table_docx
from policydiff.report import compare_report
from policydiff.rules import load_rules

from .conftest import CORPORA, require_tool

PAIRS = {
    "adoption": ("laws/adoption-registration-measures/2019-03-02.md", "laws/adoption-registration-measures/2023-07-20.md"),
    "seed": ("notices/air-2020-autumn-winter/draft.txt", "notices/air-2020-autumn-winter/final.txt"),
    "company": ("laws/company-law/2018-10-26.md", "laws/company-law/2023-12-29.md"),
}
NS = {"w": W}


@cache
def compared(name: str):
    rules = load_rules()
    old, new = (outline_path(CORPORA / path, rules=rules) for path in PAIRS[name])
    comparison = compare_documents(old, new, rules=rules, redline=True, obligations=False)
    return comparison, render_compare_table_docx(compare_report(comparison, redline=True))


def rows(name: str) -> list[list[etree._Element]]:
    with zipfile.ZipFile(io.BytesIO(compared(name)[1])) as package:
        document = etree.fromstring(package.read("word/document.xml"))
    return [row.findall("w:tc", NS) for row in document.find(".//w:tbl", NS).findall("w:tr", NS)]


def cell_text(cell: etree._Element) -> str:
    return "\n".join("".join(t.text or "" for t in p.iter(f"{{{W}}}t")) for p in cell.findall("w:p", NS))


@pytest.mark.parametrize("name", list(PAIRS))
def test_reject_and_accept_readings_are_the_two_versions(name: str) -> None:
    """The 修改前 column read down is the old text, 修改后 the new; a heading the same in both
    is one cell across the table."""
    comparison, _ = compared(name)
    old, new = [], []
    for row in rows(name)[1:]:
        across = len(row) == 1
        old.append(cell_text(row[0]))
        new.append(cell_text(row[0] if across else row[1]))
    assert "\n".join(text for text in old if text) == comparison.old.text.text
    assert "\n".join(text for text in new if text) == comparison.new.text.text


def test_the_header_repeats_and_differences_are_formatted() -> None:
    table = rows("adoption")
    assert [cell_text(cell) for cell in table[0]] == ["修改前", "修改后", "状态", "说明"]
    with zipfile.ZipFile(io.BytesIO(compared("adoption")[1])) as package:
        document = etree.fromstring(package.read("word/document.xml"))
    assert document.find(".//w:tr/w:trPr/w:tblHeader", NS) is not None
    struck = ["".join(run.itertext()) for run in document.iter(f"{{{W}}}r") if run.find("w:rPr/w:strike", NS) is not None]
    underlined = ["".join(run.itertext()) for run in document.iter(f"{{{W}}}r") if run.find("w:rPr/w:u", NS) is not None]
    assert "收养法" in struck and "民法典" in underlined
    assert document.find(".//w:sectPr/w:pgSz", NS).get(f"{{{W}}}orient") == "landscape"


def test_compare_format_table_writes_the_docx(tmp_path) -> None:
    out = tmp_path / "对照表.docx"
    old, new = (str(CORPORA / path) for path in PAIRS["adoption"])
    result = CliRunner().invoke(cli, ["compare", old, new, "--format", "table", "--no-obligations", "-o", str(out)])
    assert result.exit_code == 1 and zipfile.is_zipfile(out)


def test_libreoffice_renders_the_table(tmp_path) -> None:
    soffice = require_tool("soffice", "libreoffice")
    pdftotext = require_tool("pdftotext")
    source = tmp_path / "table.docx"
    source.write_bytes(compared("adoption")[1])
    done = subprocess.run([soffice, f"-env:UserInstallation=file://{tmp_path}/lo", "--headless", "--convert-to", "pdf",
                           "--outdir", str(tmp_path), str(source)], capture_output=True, text=True, timeout=180,
                          check=False)
    assert done.returncode == 0, done.stderr
    text = subprocess.run([pdftotext, str(tmp_path / "table.pdf"), "-"], capture_output=True, text=True, check=True).stdout
    flat = "".join(text.split())
    assert "新旧条文对照表" in flat and "修改前" in flat and "民法典" in flat and "条款修改5" in flat


def test_changed_only_folds_the_unchanged_articles(tmp_path) -> None:
    """收养登记办法 2019 → 2023: 未变 1 (第二条) is left out, the other 16 rows stay."""
    old, new = (str(CORPORA / path) for path in PAIRS["adoption"])
    out = tmp_path / "changed.docx"
    CliRunner().invoke(cli, ["compare", old, new, "--format", "table", "--changed-only", "--no-obligations", "-o", str(out)])
    with zipfile.ZipFile(out) as package:
        document = etree.fromstring(package.read("word/document.xml"))
    statuses = [cell_text(row.findall("w:tc", NS)[2]) for row in document.find(".//w:tbl", NS).findall("w:tr", NS)[1:]]
    assert "未变" not in statuses and len(statuses) == len(rows("adoption")) - 2


def test_the_reader_keeps_the_space_after_an_article_label() -> None:
    """Issue 14: 第一条 为了… printed with a space kept it in the tables and reports (only the
    comparison key folds it); a text that runs the label in (第一条为了…) gets none."""
    rows_ = rows("adoption")
    first = next(cell_text(row[1]) for row in rows_[1:] if cell_text(row[1]).startswith("第一条"))
    assert first.startswith("第一条 为了规范收养登记行为")
