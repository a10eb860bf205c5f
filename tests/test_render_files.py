"""The report files of one comparison (policydiff.render.files): what batch writes for a pair
and outputs/ keeps, each rendered from the same report."""

from __future__ import annotations

import io
import json
import zipfile

from policydiff.render.compare_html import render_compare_html
from policydiff.render.compare_markdown import render_compare_markdown
from policydiff.render.compare_xlsx import render_compare_xlsx
from policydiff.render.files import COMPARE_FILES, compare_files
from policydiff.report import compare_report


def test_every_file_is_a_view_of_one_report(excerpt_comparison) -> None:
    report, files = compare_files(excerpt_comparison)
    assert tuple(files) == COMPARE_FILES == ("compare.json", "compare.md", "compare.html", "compare.docx",
                                             "compare.xlsx", "对照表.docx")
    assert "redline" not in report and report == compare_report(excerpt_comparison)
    assert json.loads(files["compare.json"]) == report
    assert files["compare.md"].decode("utf-8") == render_compare_markdown(report)
    redline = compare_report(excerpt_comparison, redline=True)
    assert files["compare.html"].decode("utf-8") == render_compare_html(redline)
    assert files["compare.xlsx"] == render_compare_xlsx(redline)


def test_the_docx_redline_holds_the_changed_words(excerpt_comparison) -> None:
    _, files = compare_files(excerpt_comparison)
    with zipfile.ZipFile(io.BytesIO(files["compare.docx"])) as package:
        document = package.read("word/document.xml").decode("utf-8")
    assert "<w:del " in document and "<w:ins " in document
    assert "其中唐山市控制在1亿吨以内" in document and "分区细化的" in document
