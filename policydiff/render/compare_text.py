"""Terminal renderer for ``policydiff compare``: one block per change, coloured.

Styles are ANSI codes added with click; ``click.echo`` drops them when the output is not a
terminal, and the CLI strips them when writing to a file.
"""

from __future__ import annotations

from typing import Any

import click

from policydiff.render.names import tally_line
from policydiff.render.phrases import joined_phrase

LEVEL_STYLE = {"substantive": {"fg": "red", "bold": True}, "minor": {"fg": "yellow"}, "editorial": {"fg": "bright_black"}}


def render_compare_text(report: dict[str, Any]) -> str:
    old, new, summary = report["old"], report["new"], report["summary"]
    by_level = summary["by_level"]
    clauses = summary["clauses"]
    lines = [
        click.style(f"--- {old['source']}  {old['title'] or ''}{_in_force(old)}", fg="red"),
        click.style(f"+++ {new['source']}  {new['title'] or ''}{_in_force(new)}", fg="green"),
        f"{_count(summary['changes'], 'change')}: {by_level['substantive']} substantive, {by_level['minor']} minor, "
        f"{by_level['editorial']} editorial · clauses {clauses['old']} → {clauses['new']}, "
        + ", ".join(f"{count} {status}" for status, count in clauses["by_status"].items())
        + f", {clauses['renumbered']} renumbered",
        tally_line(clauses["tally"]),
        "",
    ]
    unpaired = [row for row in report["alignment"] if row["status"] != "matched" or row["renumbered"]]
    if unpaired:
        lines.append("units not matched one to one:")
    for row in unpaired:
        title = row["new_title"] or row["old_title"] or ""
        lines.append(f"  {_alignment(row)}{'  ' + title if title else ''}")
    if unpaired:
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


_UNITS = {"front_matter": "front matter (title, addressees, date)", "preamble": "preamble",
          "heading": "heading", "clause": "clause", "trailer": "trailer (annex list, 抄送, 印发 lines)"}


def _alignment(row: dict[str, Any]) -> str:
    """One unit not matched one to one, in words: ``trailer (…) only in the new version``."""
    old, new = row["old"] or _UNITS.get(row["kind"], row["kind"]), row["new"] or _UNITS.get(row["kind"], row["kind"])
    status = row["status"]
    if status == "inserted":
        return f"{new} only in the new version"
    if status == "deleted":
        return f"{old} only in the old version"
    if status == "matched":
        return f"{old} renumbered {new}"
    return f"{status}: {old} → {new}"


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"
