"""HTML renderer for ``policydiff history --format html``: one self-contained page, the versions
and each step's article tally above a table with a column per version, what each version
inserted (against the previous one) underlined, and what became of each provision at each step.
"""

from __future__ import annotations

from html import escape
from typing import Any

from policydiff.render.compare_html import csp_hash
from policydiff.render.names import step_states, tally_line
from policydiff.render.table import described

_STYLE = """
body{font-family:"Noto Serif CJK SC","Songti SC","SimSun",serif;margin:2rem;color:#1d2433;line-height:1.7}
h1{font-size:1.5rem}table{border-collapse:collapse;width:100%;font-size:.95rem;table-layout:fixed}
th,td{border:1px solid #c9d0dc;padding:.4rem .55rem;vertical-align:top;text-align:left;white-space:pre-wrap}
th{background:#eef1f6;position:sticky;top:0}ins{color:#1a56db;text-decoration:underline;background:#eaf1ff}
td.none{background:#f6f7f9}tr.heading td{font-weight:700;text-align:center;background:#f3f5f9}
.steps li{margin:.2rem 0}.state{font-size:.85rem;color:#5b6475;white-space:normal}
"""


def render_history_html(report: dict[str, Any]) -> str:
    """The page of a history report (``history.history_report``)."""
    versions, steps, rows = report["versions"], report["steps"], report["units"]
    title = versions[-1]["title"] or versions[-1]["source"]
    heads = "".join(f"<th>第{k + 1}版<br>{escape(described(document))}</th>" for k, document in enumerate(versions))
    listed = "".join(f"<li>第{k + 1}版 → 第{k + 2}版：{escape(tally_line(step['summary']['clauses']['tally']))}，"
                     f"变更 {step['summary']['changes']} 处</li>" for k, step in enumerate(steps))
    body = "\n".join(_row(row, len(versions)) for row in rows)
    csp = f"default-src 'none'; style-src {csp_hash(_STYLE)}; base-uri 'none'; form-action 'none'"
    return f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{escape(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(title)} · 条文沿革 version history</title>
<style>{_STYLE}</style>
</head>
<body>
<h1>{escape(title)} · 条文沿革 Version history</h1>
<ol class="steps">{listed}</ol>
<table id="history"><thead><tr>{heads}<th>变化 Changes</th></tr></thead>
<tbody>
{body}
</tbody></table>
</body>
</html>
"""


def _row(row: dict[str, Any], versions: int) -> str:
    texts = set(row["texts"])
    if row["kind"] == "heading" and len(texts) == 1 and None not in texts:
        return f'<tr class="heading"><td colspan="{versions + 1}">{escape(texts.pop())}</td></tr>'
    cells = "".join('<td class="none"></td>' if cell is None else f"<td>{_cell(cell)}</td>" for cell in row["cells"])
    states = step_states(row["states"])
    changed = bool(row["changed_at"])
    return f'<tr{" class=changed" if changed else ""}>{cells}<td class="state">{escape(states)}</td></tr>'


def _cell(cell: list[list[Any]]) -> str:
    return "".join(f"<ins>{escape(piece)}</ins>" if marked else escape(piece) for piece, marked in cell)
