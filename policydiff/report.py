"""Plain data views of the records, the canonical form every renderer consumes.

``outline_report`` turns a ``PolicyDocument`` into the dictionary that ``policydiff
outline --format json`` prints (DESIGN.md §3, schema ``schemas/outline.schema.json``).
"""

from __future__ import annotations

from typing import Any

from policydiff.model import Block, Node, Paragraph, PolicyDocument

SCHEMA_VERSION = "1"


def document_header(policy: PolicyDocument) -> dict[str, Any]:
    source = policy.source
    return {
        "source": source.source,
        "title": policy.title,
        "sha256": source.sha256,
        "format": source.format.value,
        "encoding": source.encoding,
        "genre": policy.genre.value,
        "characters": len(policy.text.text),
        "metadata": dict(source.metadata),
    }


def outline_report(policy: PolicyDocument) -> dict[str, Any]:
    return {
        "schema_version": SCHEMA_VERSION,
        "document": document_header(policy),
        "front_matter": _block(policy.front_matter),
        "body": [_node(node) for node in policy.body],
        "clauses": [
            {"kind": node.kind.value, "label": node.label, "title": node.title, "span": list(node.span), "path": path}
            for node, path in clause_paths(policy)
        ],
        "trailer": _block(policy.trailer),
    }


def clause_paths(policy: PolicyDocument) -> list[tuple[Node, list[str]]]:
    """Each clause with the labels of the units that contain it (``["一、", "（一）"]``)."""
    kinds = set(policy.clause_kinds)
    found: list[tuple[Node, list[str]]] = []

    def visit(node: Node, path: list[str]) -> None:
        here = [*path, node.label] if node.label else path
        if node.kind in kinds:
            found.append((node, here))
        for child in node.children:
            visit(child, here)

    for node in policy.body:
        visit(node, [])
    return found


def _paragraph(paragraph: Paragraph) -> dict[str, Any]:
    return {
        "span": list(paragraph.span),
        "text": paragraph.text,
        "sentences": [list(sentence.span) for sentence in paragraph.sentences],
    }


def _block(block: Block | None) -> dict[str, Any] | None:
    if block is None:
        return None
    return {"span": list(block.span), "paragraphs": [_paragraph(p) for p in block.paragraphs]}


def _node(node: Node) -> dict[str, Any]:
    return {
        "kind": node.kind.value,
        "label": node.label,
        "number": node.number,
        "title": node.title,
        "span": list(node.span),
        "paragraphs": [_paragraph(p) for p in node.paragraphs],
        "children": [_node(child) for child in node.children],
    }
