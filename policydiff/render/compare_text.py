"""Terminal renderer for ``policydiff compare``: one block per change, coloured.

Styles are ANSI codes added with click; ``click.echo`` drops them when the output is not a
terminal, and the CLI strips them when writing to a file.
"""

from __future__ import annotations

from typing import Any

import click

from policydiff.render.phrases import joined_phrase

LEVEL_STYLE = {"substantive": {"fg": "red", "bold": True}, "minor": {"fg": "yellow"}, "editorial": {"fg": "bright_black"}}


def render_compare_text(report: dict[str, Any]) -> str:
    old, new, summary = report["old"], report["new"], report["summary"]
    by_level = summary["by_level"]
    clauses = summary["clauses"]
    lines = [
        click.style(f"--- {old['source']}  {old['title'] or ''}{_in_force(old)}", fg="red"),
        click.style(f"+++ {new['source']}  {new['title'] or ''}{_in_force(new)}", fg="green"),
        f"{summary['changes']} changes: {by_level['substantive']} substantive, {by_level['minor']} minor, "
        f"{by_level['editorial']} editorial · clauses {clauses['old']} → {clauses['new']}, "
        + ", ".join(f"{count} {status}" for status, count in clauses["by_status"].items())
        + f", {clauses['renumbered']} renumbered",
        "",
    ]
    for row in report["alignment"]:
        if row["status"] != "matched" or row["renumbered"]:
            old = row["old"] or (row["kind"] if row["old_span"] else "—")
            new = row["new"] or (row["kind"] if row["new_span"] else "—")
            lines.append(f"  {row['status']:<8} {old} → {new}  {row['new_title'] or row['old_title'] or ''}".rstrip())
    if any(row["status"] != "matched" or row["renumbered"] for row in report["alignment"]):
        lines.append("")
    for change in report["changes"]:
        where = change["clause_new"] or change["clause_old"] or "(outside clauses)"
        level = click.style(f"{change['level']:<11}", **LEVEL_STYLE[change["level"]])
        lines.append(f"{change['id']} {where} {level} {','.join(change['categories'])}  {change['summary']}")
        if change["old_text"]:
            lines.append(click.style(f"    - {_one_line(change['old_text'])}", fg="red"))
        if change["new_text"]:
            lines.append(click.style(f"    + {_one_line(change['new_text'])}", fg="green"))
        phrase = joined_phrase(change)
        if phrase:
            lines.append(f"      {phrase}")
    moved = [item for item in report["obligation_changes"] if item["status"] != "unchanged"]
    if moved:
        lines += ["", f"obligation changes: {len(moved)} (unchanged {report['summary']['obligation_changes']['unchanged']})"]
        for item in moved:
            either = item["new"] or item["old"]
            fields = f" [{', '.join(item['fields'])}]" if item["fields"] else ""
            lines.append(f"{item['id']} {either['clause'] or '(outside clauses)'} {item['status']}{fields}  "
                         f"{_one_line(either['sentence'], 120)}")
    return "\n".join(lines) + "\n"


def _one_line(text: str, limit: int = 200) -> str:
    text = text.replace("\n", " ⏎ ")
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _in_force(document: dict[str, Any]) -> str:
    """The date a document takes effect, when it states one."""
    return f"  （{document['effective']}起施行）" if document.get("effective") else ""
