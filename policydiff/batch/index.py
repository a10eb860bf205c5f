"""The index of a batch: every pair and document with its counts, as JSON, CSV and HTML.

In: the index rows the tasks returned (``tasks.run_job``), the duplicates and the errors.
Out: ``index.json`` (the canonical view), ``index.csv`` (UTF-8 with BOM, for Excel) and
``index.html`` (self-contained, sortable by clicking a column, linking to each report).
"""

from __future__ import annotations

import csv
import io
import json
from html import escape
from typing import Any

from policydiff.render.compare_html import csp_hash
from policydiff.render.extract_csv import inert
from policydiff.render.names import LEVEL_NAMES
from policydiff.report import LEVEL_ORDER

SCHEMA_VERSION = "1"
CSV_COLUMNS = ("kind", "id", "status", "work", "old", "new", "old_date", "new_date", "changes", "substantive",
               "minor", "editorial", "obligations_added", "obligations_removed", "obligations_changed",
               "obligations", "report", "error")


def index_data(pairs: list[dict[str, Any]], documents: list[dict[str, Any]], duplicates: list[tuple[str, str]],
               errors: list[dict[str, str]]) -> dict[str, Any]:
    pairs = sorted(pairs, key=lambda row: row["id"])
    documents = sorted(documents, key=lambda row: row["id"])
    compared = [row for row in pairs if row["status"] == "compared"]
    return {
        "schema_version": SCHEMA_VERSION,
        "summary": {
            "pairs": len(pairs),
            "compared": len(compared),
            "with_substantive_changes": sum(1 for row in compared if row["by_level"]["substantive"]),
            "documents_without_partner": len(documents),
            "duplicates": len(duplicates),
            "failed_files": len(errors),
        },
        "pairs": pairs,
        "documents": documents,
        "duplicates": [{"file": file, "same_as": same} for file, same in sorted(duplicates)],
        "errors": sorted(errors, key=lambda error: (error["file"], error["code"])),
    }


def render_index_json(index: dict[str, Any]) -> str:
    return json.dumps(index, ensure_ascii=False, indent=2) + "\n"


def render_errors_json(index: dict[str, Any]) -> str:
    return json.dumps(index["errors"], ensure_ascii=False, indent=2) + "\n"


def _csv_rows(index: dict[str, Any]) -> list[dict[str, Any]]:
    rows = []
    for row in index["pairs"]:
        levels, obligations = row.get("by_level", {}), row.get("obligation_changes", {})
        rows.append({
            "kind": "pair", "id": row["id"], "status": row["status"], "work": inert(row.get("work", "")),
            "old": inert(row["old"]["source"]), "new": inert(row["new"]["source"]),
            "old_date": row["old"].get("date") or "", "new_date": row["new"].get("date") or "",
            "changes": row.get("changes", ""), "substantive": levels.get("substantive", ""),
            "minor": levels.get("minor", ""), "editorial": levels.get("editorial", ""),
            "obligations_added": obligations.get("added", ""), "obligations_removed": obligations.get("removed", ""),
            "obligations_changed": obligations.get("changed", ""), "obligations": "",
            "report": row.get("reports", {}).get("html", ""), "error": row.get("error", {}).get("code", ""),
        })
    for row in index["documents"]:
        document = row["document"]
        rows.append({
            **dict.fromkeys(CSV_COLUMNS, ""), "kind": "document", "id": row["id"], "status": row["status"],
            "work": inert(document.get("title") or ""), "new": inert(document["source"]),
            "new_date": document.get("date") or "",
            "obligations": row.get("obligations", ""), "report": row.get("reports", {}).get("json", ""),
            "error": row.get("error", {}).get("code", ""),
        })
    return rows


def render_index_csv(index: dict[str, Any]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(_csv_rows(index))
    return "\ufeff" + buffer.getvalue()


_STYLE = """
body{font-family:"Noto Sans CJK SC","PingFang SC","Microsoft YaHei",sans-serif;margin:2rem;color:#1d2433}
h1{font-size:1.4rem}table{border-collapse:collapse;width:100%;font-size:.9rem}
th,td{border-bottom:1px solid #d8dde6;padding:.35rem .5rem;text-align:left;vertical-align:top}
th{background:#f3f5f9;cursor:pointer;user-select:none;position:sticky;top:0}
th[aria-sort=ascending]::after{content:" ▲"}th[aria-sort=descending]::after{content:" ▼"}
td.n{text-align:right;font-variant-numeric:tabular-nums}.sub{color:#b3261e;font-weight:700}
.failed td{background:#fdf0ef}.meta{color:#5b6475;font-size:.85rem}code{font-size:.85rem}
"""
_SCRIPT = """
document.querySelectorAll('table.sortable th').forEach(function (th, column) {
  th.tabIndex = 0;
  function sort() {
    var table = th.closest('table'), body = table.tBodies[0];
    var ascending = th.getAttribute('aria-sort') !== 'ascending';
    table.querySelectorAll('th').forEach(function (other) { other.removeAttribute('aria-sort'); });
    th.setAttribute('aria-sort', ascending ? 'ascending' : 'descending');
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = a.cells[column].dataset.v || a.cells[column].textContent;
      var y = b.cells[column].dataset.v || b.cells[column].textContent;
      var nx = parseFloat(x), ny = parseFloat(y);
      var order = (!isNaN(nx) && !isNaN(ny)) ? nx - ny : x.localeCompare(y, 'zh');
      return ascending ? order : -order;
    });
    rows.forEach(function (row) { body.appendChild(row); });
  }
  th.addEventListener('click', sort);
  th.addEventListener('keydown', function (event) { if (event.key === 'Enter') sort(); });
});
"""


def render_index_html(index: dict[str, Any]) -> str:
    summary = index["summary"]
    headers = ["编号 id", "文件 work", "旧版 old", "新版 new", "变更 changes",
               *(f"{LEVEL_NAMES[level]} {level}" for level in LEVEL_ORDER),
               "义务 新增/删除/修改 obligations", "状态 status", "报告 reports"]
    rows = "\n".join(_pair_row(row) for row in index["pairs"])
    documents = "\n".join(
        f'<tr><td><code>{escape(row["id"])}</code></td><td>{escape(row["document"].get("title") or "")}</td>'
        f'<td>{escape(row["document"]["source"])}</td><td class="n">{row.get("obligations", "")}</td>'
        f'<td>{_link(row.get("reports", {}).get("json"), "obligations.json")}</td></tr>'
        for row in index["documents"])
    errors = "\n".join(
        f'<tr class="failed"><td>{escape(error["file"])}</td><td><code>{escape(error["code"])}</code></td>'
        f'<td>{escape(error["message"])}<div class="meta">{escape(error["cause"])} — {escape(error["fix"])}</div></td></tr>'
        for error in index["errors"])
    csp = (f"default-src 'none'; style-src {csp_hash(_STYLE)}; script-src {csp_hash(_SCRIPT)}; "
           "base-uri 'none'; form-action 'none'")
    return f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{escape(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>policydiff 批量比较 batch index</title>
<style>{_STYLE}</style>
</head>
<body>
<h1>批量比较 Batch index</h1>
<p class="meta">{summary["pairs"]} 对 pairs · {summary["with_substantive_changes"]} 对有实质性变更 with substantive changes ·
{summary["documents_without_partner"]} 份无对应版本 without partner · {summary["duplicates"]} 份重复格式 duplicates ·
{summary["failed_files"]} 个文件失败 failed</p>
<table class="sortable" id="pairs"><thead><tr>{"".join(f"<th>{escape(h)}</th>" for h in headers)}</tr></thead>
<tbody>
{rows}
</tbody></table>
<h2>无对应版本 Documents without a partner</h2>
<table class="sortable" id="documents"><thead><tr><th>编号 id</th><th>标题 title</th><th>文件 file</th>
<th>义务 obligations</th><th>报告 report</th></tr></thead><tbody>
{documents}
</tbody></table>
<h2>失败 Failed files</h2>
<table id="errors"><thead><tr><th>文件 file</th><th>代码 code</th><th>原因 message</th></tr></thead><tbody>
{errors}
</tbody></table>
<script>{_SCRIPT}</script>
</body>
</html>
"""


def _pair_row(row: dict[str, Any]) -> str:
    if row["status"] != "compared":
        error = row.get("error", {})
        return (f'<tr class="failed"><td><code>{escape(row["id"])}</code></td><td>{escape(row.get("work", ""))}</td>'
                f'<td>{escape(row["old"]["source"])}</td><td>{escape(row["new"]["source"])}</td>'
                f'<td colspan="5">{escape(error.get("message", ""))}</td>'
                f'<td>失败 failed <code>{escape(error.get("code", ""))}</code></td><td></td></tr>')
    levels, obligations = row["by_level"], row["obligation_changes"]
    substantive = levels["substantive"]
    return (
        f'<tr><td><code>{escape(row["id"])}</code></td><td>{_link(row["reports"]["html"], row["work"])}</td>'
        f'<td>{escape(row["old"]["source"])}<div class="meta">{escape(row["old"].get("date") or "")}</div></td>'
        f'<td>{escape(row["new"]["source"])}<div class="meta">{escape(row["new"].get("date") or "")}</div></td>'
        f'<td class="n">{row["changes"]}</td>'
        f'<td class="n{" sub" if substantive else ""}">{substantive}</td>'
        f'<td class="n">{levels["minor"]}</td><td class="n">{levels["editorial"]}</td>'
        f'<td class="n" data-v="{obligations["added"] + obligations["removed"] + obligations["changed"]}">'
        f'{obligations["added"]} / {obligations["removed"]} / {obligations["changed"]}</td>'
        f'<td>{"有实质性变更 substantive" if substantive else "已比较 compared"}</td>'
        f'<td>{_link(row["reports"]["docx"], "docx")} · {_link(row["reports"]["md"], "md")} · '
        f'{_link(row["reports"]["json"], "json")} · {_link(row["reports"].get("old_csv"), "old.csv")} · '
        f'{_link(row["reports"].get("new_csv"), "new.csv")}</td></tr>'
    )


def _link(target: str | None, text: str) -> str:
    if not target:
        return escape(text)
    return f'<a href="{escape(target)}">{escape(text)}</a>'
