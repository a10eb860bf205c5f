"""Text renderer for ``policydiff outline``: an indented tree a person can scan."""

from __future__ import annotations

from typing import Any

_PREVIEW = 36


def render_outline_text(report: dict[str, Any]) -> str:
    document = report["document"]
    clauses = report["clauses"]
    kinds = sorted({clause["kind"] for clause in clauses})
    lines = [
        f"{document['title'] or '(untitled)'}",
        f"  {document['source']} · {document['format']}"
        + (f" ({document['encoding']})" if document["encoding"] else "")
        + f" · {document['genre']} · {len(clauses)} {'/'.join(kinds) or 'clause'}s"
        + f" · {document['characters']} characters · sha256 {document['sha256'][:12]}",
    ]
    if document["metadata"]:
        lines.append("  " + ", ".join(f"{k}: {v}" for k, v in sorted(document["metadata"].items())))
    lines.append("")
    _block(lines, "FRONT MATTER", report["front_matter"])
    for node in report["body"]:
        _node(lines, node, 0)
    _block(lines, "TRAILER", report["trailer"])
    return "\n".join(lines) + "\n"


def _span(span: list[int]) -> str:
    return f"[{span[0]}, {span[1]})"


def _preview(text: str) -> str:
    return text if len(text) <= _PREVIEW else text[: _PREVIEW - 1] + "…"


def _block(lines: list[str], name: str, block: dict[str, Any] | None) -> None:
    if block is None:
        return
    lines.append(f"{name}  {_span(block['span'])}")
    lines.extend(f"    {_preview(p['text'])}" for p in block["paragraphs"])


def _node(lines: list[str], node: dict[str, Any], depth: int) -> None:
    indent = "  " * depth
    if node["label"] is None:
        first = node["paragraphs"][0]["text"] if node["paragraphs"] else ""
        lines.append(f"{indent}{node['kind'].upper()}  {_span(node['span'])}  {_preview(first)}")
    else:
        title = node["title"] or _preview(node["paragraphs"][0]["text"][len(node["label"]) :].lstrip(" "))
        lines.append(f"{indent}{node['label']} {title}  {_span(node['span'])}")
    for child in node["children"]:
        _node(lines, child, depth + 1)
