"""The index of a batch (policydiff.batch.index): the summary counts, and the same rows as
JSON, as CSV for Excel and as a self-contained HTML page."""

from __future__ import annotations

import base64
import csv
import hashlib
import io
import json
import re

import lxml.html
import pytest

from policydiff.batch.index import (
    CSV_COLUMNS,
    index_data,
    render_errors_json,
    render_index_csv,
    render_index_html,
    render_index_json,
)

ADOPTION = "中国公民收养子女登记办法"
HOSTILE = "<script>alert(1)</script>.docx"


def reports(folder: str) -> dict[str, str]:
    return {kind: f"{folder}/{name}" for kind, name in (
        ("json", "compare.json"), ("md", "compare.md"), ("html", "compare.html"), ("docx", "compare.docx"),
        ("old", "old.obligations.json"), ("new", "new.obligations.json"))}


# Rows as the tasks return them (tasks.run_job) for a small folder of corpus documents.
COMPARED = {
    "id": "中国公民收养子女登记办法-0d4c84e0", "work": ADOPTION, "status": "compared",
    "old": {"source": "laws/adoption-2019.md", "title": ADOPTION, "date": "1999-05-25"},
    "new": {"source": "laws/adoption-2023.md", "title": ADOPTION, "date": "2023-07-20"},
    "changes": 6, "by_level": {"substantive": 2, "minor": 1, "editorial": 3},
    "obligation_changes": {"added": 1, "removed": 0, "changed": 2, "unchanged": 1},
    "reports": reports("pairs/中国公民收养子女登记办法-0d4c84e0"),
}
FAILED = {
    "id": "notice-5e6f7a8b", "work": "notice", "status": "failed",
    "old": {"source": "notices/draft.docx"}, "new": {"source": HOSTILE},
    "error": {"code": "E121", "file": HOSTILE, "message": f"{HOSTILE}: is not a valid DOCX"},
}
SINGLE = {
    "id": "mineral-9c0d1e2f", "status": "extracted", "obligations": 7,
    "document": {"source": "laws/mineral.md", "title": "中华人民共和国矿产资源法", "date": "2009-08-27"},
    "reports": {"json": "documents/mineral-9c0d1e2f/obligations.json", "csv": "documents/mineral-9c0d1e2f/obligations.csv"},
}
ERRORS = [
    {"file": HOSTILE, "code": "E121", "message": f"{HOSTILE}: is not a valid DOCX", "cause": "a <zip> is damaged",
     "fix": "save it again"},
    {"file": "empty.txt", "code": "E104", "message": "empty.txt: is empty", "cause": "no content", "fix": "check it"},
]


@pytest.fixture()
def index() -> dict:
    return index_data([COMPARED, FAILED], [SINGLE], [("notices/final.pdf", "notices/final.txt")], list(ERRORS))


def test_the_summary_counts_pairs_documents_duplicates_and_failures(index) -> None:
    assert index["summary"] == {"pairs": 2, "compared": 1, "with_substantive_changes": 1,
                                "documents_without_partner": 1, "duplicates": 1, "failed_files": 2}
    assert [row["id"] for row in index["pairs"]] == ["notice-5e6f7a8b", "中国公民收养子女登记办法-0d4c84e0"]  # by id
    assert [(e["file"], e["code"]) for e in index["errors"]] == [(HOSTILE, "E121"), ("empty.txt", "E104")]
    assert index["duplicates"] == [{"file": "notices/final.pdf", "same_as": "notices/final.txt"}]


def test_json_views_read_back_as_the_index(index) -> None:
    assert json.loads(render_index_json(index)) == index
    assert json.loads(render_errors_json(index)) == index["errors"]
    assert ADOPTION in render_index_json(index)  # Chinese as written, not \u escapes


def test_csv_has_a_bom_one_row_per_pair_and_document_and_crlf_line_ends(index) -> None:
    text = render_index_csv(index)
    assert text.startswith("\ufeff") and text.endswith("\r\n")
    rows = list(csv.DictReader(io.StringIO(text[1:], newline="")))
    assert tuple(rows[0]) == CSV_COLUMNS
    failed, compared, single = rows
    assert (compared["kind"], compared["old"], compared["new"], compared["old_date"], compared["new_date"]) == (
        "pair", "laws/adoption-2019.md", "laws/adoption-2023.md", "1999-05-25", "2023-07-20")
    assert (compared["substantive"], compared["minor"], compared["editorial"]) == ("2", "1", "3")
    assert (compared["obligations_added"], compared["obligations_changed"], compared["report"]) == (
        "1", "2", "pairs/中国公民收养子女登记办法-0d4c84e0/compare.html")
    assert (failed["status"], failed["error"], failed["changes"]) == ("failed", "E121", "")
    assert (single["kind"], single["work"], single["new"], single["obligations"], single["old"]) == (
        "document", "中华人民共和国矿产资源法", "laws/mineral.md", "7", "")


def test_html_escapes_file_names_and_allows_only_its_own_inline_code(index) -> None:
    page = render_index_html(index)
    assert "<script>alert" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;.docx" in page
    root = lxml.html.fromstring(page)
    (style,) = root.xpath("//style")
    (script,) = root.xpath("//script")
    policy = root.xpath('//meta[@http-equiv="Content-Security-Policy"]/@content')[0]
    for kind, code in (("style", style.text), ("script", script.text)):
        digest = base64.b64encode(hashlib.sha256(code.encode("utf-8")).digest()).decode("ascii")
        assert f"{kind}-src 'sha256-{digest}'" in policy
    assert re.search(r"default-src 'none'", policy)


def test_html_links_each_pair_and_marks_substantive_counts(index) -> None:
    root = lxml.html.fromstring(render_index_html(index))
    failed, compared = root.xpath('//table[@id="pairs"]/tbody/tr')
    assert compared.xpath(".//a/@href")[0] == "pairs/中国公民收养子女登记办法-0d4c84e0/compare.html"
    assert [td.text for td in compared.xpath('td[contains(@class, "sub")]')] == ["2"]
    assert failed.get("class") == "failed" and "E121" in failed.text_content()
    (document,) = root.xpath('//table[@id="documents"]/tbody/tr')
    assert document.xpath(".//a/@href") == ["documents/mineral-9c0d1e2f/obligations.json"]
    assert [row.xpath("td")[1].xpath("code")[0].text for row in root.xpath('//table[@id="errors"]/tbody/tr')] == [
        "E121", "E104"]


def test_the_index_csv_makes_document_text_inert() -> None:
    """A title or file name that starts like a formula stays text in a spreadsheet."""
    from policydiff.batch.index import index_data, render_index_csv

    row = {"id": "x", "work": "=HYPERLINK(1)", "status": "compared", "old": {"source": "a.txt"},
           "new": {"source": "+b.txt"}, "changes": 1, "by_level": {"substantive": 1, "minor": 0, "editorial": 0},
           "obligation_changes": {"added": 0, "removed": 0, "changed": 0, "unchanged": 0}, "reports": {}}
    line = render_index_csv(index_data([row], [], [], [])).splitlines()[1]
    assert "'=HYPERLINK(1)" in line and "'+b.txt" in line


def test_the_status_column_holds_a_status_and_the_reports_their_own() -> None:
    """Issue 14: 状态 held the report links; it says what became of the pair."""
    page = lxml.html.fromstring(render_index_html(index_data([COMPARED], [], [], [])))
    headers = [th.text_content() for th in page.get_element_by_id("pairs").iter("th")]
    cells = page.get_element_by_id("pairs").find("tbody").find("tr").findall("td")
    assert cells[headers.index("状态 status")].text_content() == "有实质性变更 substantive"
    assert "docx" in cells[headers.index("报告 reports")].text_content()
