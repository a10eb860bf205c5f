"""Plain data views of the records, the canonical form every renderer consumes.

``outline_report`` turns a ``PolicyDocument`` into the dictionary that ``policydiff
outline --format json`` prints (schema ``schemas/outline.schema.json``); ``compare_report``
does the same for a ``Comparison`` (``schemas/compare.schema.json``) and ``extract_report``
for a document's obligations (``schemas/extract.schema.json``). DESIGN.md §3.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from policydiff.model import (
    AlignStatus,
    Block,
    Change,
    ClausePair,
    Comparison,
    Measure,
    Node,
    Obligation,
    ObligationChange,
    ObligationStatus,
    Paragraph,
    PolicyDocument,
    Redline,
    Section,
    Span,
    Unit,
    UnitKind,
)

SCHEMA_VERSION = "2"


def document_header(policy: PolicyDocument) -> dict[str, Any]:
    source = policy.source
    return {
        "source": source.source,
        "title": policy.title,
        "date": policy.date,
        "effective": policy.effective,
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


LEVEL_ORDER = ("substantive", "minor", "editorial")


def at_level(level: str, min_level: str) -> bool:
    """Whether a change of ``level`` is reported at ``min_level`` (substantive is reported at all)."""
    return LEVEL_ORDER.index(level) <= LEVEL_ORDER.index(min_level)


def compare_report(comparison: Comparison, *, min_level: str = "editorial", granularity: str = "word",
                   redline: bool = False) -> dict[str, Any]:
    """The canonical view of a comparison (DESIGN.md §3, ``schemas/compare.schema.json``).

    ``changes`` holds the changes at ``min_level`` or above; ``summary`` counts them all,
    so that a filtered report still says what it leaves out. With ``redline``, the report
    also holds ``comparison.redline`` (which the comparison must have been built with).
    """
    if redline and comparison.redline is None:
        raise ValueError("compare_report(redline=True) needs a comparison built with redline=True")
    obligation_changes = [obligation_change_dict(change) for change in comparison.obligation_changes]
    changes = [_change(change, comparison.obligation_changes) for change in comparison.changes]
    report = {
        "schema_version": SCHEMA_VERSION,
        "old": _side(comparison.old),
        "new": _side(comparison.new),
        "settings": {"granularity": granularity, "level": min_level},
        "summary": {**_summary(comparison, changes), "obligation_changes": {
            status.value: sum(1 for item in comparison.obligation_changes if item.status is status)
            for status in ObligationStatus
        }},
        "alignment": [row for pair in comparison.pairs for row in _alignment_rows(pair)],
        "changes": [change for change in changes if at_level(change["level"], min_level)],
        "obligation_changes": obligation_changes,
    }
    if redline:
        report["redline"] = _redline(comparison, comparison.redline)
    return report


def _redline(comparison: Comparison, redline: Redline) -> dict[str, Any]:
    """The redline as plain data: one section per aligned pair, and the document order."""
    changes: list[list[str]] = [[] for _ in comparison.pairs]
    for change in comparison.changes:
        changes[change.pair].append(change.id)
    return {
        "sections": [_section(comparison.pairs[s.pair], s, changes[s.pair]) for s in redline.sections],
        "order": [[index, placement.value] for index, placement in redline.order],
    }


def _section(pair: ClausePair, section: Section, changes: list[str]) -> dict[str, Any]:
    either = (pair.new or pair.old)[0]
    return {
        "pair": section.pair,
        "kind": either.kind.value,
        "depth": len(either.path),
        "status": pair.status.value,
        "old_label": "、".join(unit.label for unit in pair.old if unit.label) or None,
        "new_label": "、".join(unit.label for unit in pair.new if unit.label) or None,
        "old_title": pair.old[0].title if pair.old else None,
        "new_title": pair.new[0].title if pair.new else None,
        "path": list(either.path),
        "renumbered": pair.renumbered,
        "similarity": round(pair.similarity, 4),
        "move": section.move,
        "changes": changes,
        "runs": [{"op": run.op.value, "text": run.text, "change": run.change, "move": run.move}
                 for run in section.runs],
    }


def _side(policy: PolicyDocument) -> dict[str, Any]:
    header = document_header(policy)
    return {key: header[key] for key in ("source", "title", "date", "effective", "sha256", "format", "encoding", "genre",
                                         "characters")}


def _span(span: Span | None) -> list[int] | None:
    return list(span) if span is not None else None


def _alignment_rows(pair: ClausePair) -> list[dict[str, Any]]:
    olds: tuple[Unit | None, ...] = pair.old or (None,)
    news: tuple[Unit | None, ...] = pair.new or (None,)
    return [
        {
            "kind": (old or new).kind.value,
            "old": old.label if old else None,
            "new": new.label if new else None,
            "old_title": old.title if old else None,
            "new_title": new.title if new else None,
            "old_span": _span(old.span) if old else None,
            "new_span": _span(new.span) if new else None,
            "status": pair.status.value,
            "similarity": round(pair.similarity, 4),
            "renumbered": pair.renumbered,
        }
        for old in olds
        for new in news
    ]


def _change(change: Change, obligation_changes: Sequence[ObligationChange]) -> dict[str, Any]:
    hunk, verdict = change.hunk, change.verdict
    return {
        "id": change.id,
        "clause_old": change.clause_old,
        "clause_new": change.clause_new,
        "op": hunk.op.value,
        "old_text": hunk.old_text,
        "new_text": hunk.new_text,
        "old_span": _span(hunk.old_span),
        "new_span": _span(hunk.new_span),
        "old_context": hunk.old_context,
        "new_context": hunk.new_context,
        "level": verdict.level.value,
        "categories": [category.value for category in verdict.categories],
        "summary": verdict.summary,
        # An obligation that stayed the same is not something this change causes.
        "obligation_changes": [
            item.id for item in obligation_changes
            if item.status is not ObligationStatus.UNCHANGED and (
                (item.old is not None and _overlaps(hunk.old_span, item.old.span))
                or (item.new is not None and _overlaps(hunk.new_span, item.new.span))
            )
        ],
    }


def _overlaps(span: Span | None, other: Span) -> bool:
    """Whether two half-open spans share a character (an empty ``span`` must fall inside ``other``)."""
    if span is None:
        return False
    start, end = span
    if start == end:
        return other[0] < start < other[1]
    return start < other[1] and other[0] < end


def _summary(comparison: Comparison, changes: list[dict[str, Any]]) -> dict[str, Any]:
    by_level = {level: sum(1 for c in changes if c["level"] == level) for level in LEVEL_ORDER}
    categories: dict[str, int] = {}
    for change in changes:
        for category in change["categories"]:
            categories[category] = categories.get(category, 0) + 1
    statuses: dict[str, int] = {}
    clause_pairs = [pair for pair in comparison.pairs if (pair.old or pair.new)[0].kind is UnitKind.CLAUSE]
    tally, unchanged = _tally(comparison)
    for pair in clause_pairs:
        statuses[pair.status.value] = statuses.get(pair.status.value, 0) + 1
    return {
        "changes": len(changes),
        "by_level": by_level,
        "by_category": dict(sorted(categories.items())),
        "clauses": {
            "old": sum(len(pair.old) for pair in clause_pairs),
            "new": sum(len(pair.new) for pair in clause_pairs),
            "by_status": dict(sorted(statuses.items())),
            "renumbered": sum(1 for pair in clause_pairs if pair.renumbered),
            "tally": tally,
            "unchanged": unchanged,
        },
    }


TALLY = ("modified", "inserted", "deleted", "moved", "renumbered_only", "unchanged")
"""What became of each clause or article (the 新旧条文对照表's 修改、新增、删除、移动、仅编号变化、未变)."""


def _tally(comparison: Comparison) -> tuple[dict[str, int], list[str]]:
    """Each aligned pair of clauses or articles counted once by what became of it — whatever
    ``--level`` shows —, and the new labels of those unchanged."""
    changed = {change.pair for change in comparison.changes}
    counts = dict.fromkeys(TALLY, 0)
    unchanged: list[str] = []
    for index, pair in enumerate(comparison.pairs):
        if (pair.old or pair.new)[0].kind is not UnitKind.CLAUSE:
            continue
        state = pair_state(pair.status.value, index in changed, pair.renumbered)
        if state == "unchanged":
            unchanged.extend(unit.label or "" for unit in pair.new)
        counts[state] += 1
    return counts, unchanged


def pair_state(status: str, changed: bool, renumbered: bool) -> str:
    """What became of an aligned pair (one of ``TALLY``), from its alignment status, whether a
    change is reported in it, and whether its label changed."""
    if status in (AlignStatus.INSERTED, AlignStatus.DELETED, AlignStatus.MOVED):
        return status
    if changed or status != AlignStatus.MATCHED:
        return "modified"  # a split or merge moves text between articles
    return "renumbered_only" if renumbered else "unchanged"


# --- obligations ------------------------------------------------------------------------------


def extract_report(policy: PolicyDocument, obligations: Sequence[Obligation]) -> dict[str, Any]:
    """The canonical view of a document's obligations (DESIGN.md §3, ``schemas/extract.schema.json``)."""
    return {
        "schema_version": SCHEMA_VERSION,
        "document": document_header(policy),
        "obligations": [obligation_dict(obligation) for obligation in obligations],
    }


def obligation_dict(obligation: Obligation) -> dict[str, Any]:
    """One obligation as plain data; its ``measures`` are published as ``quantities``."""
    deadline, period = obligation.deadline, obligation.period
    return {
        "id": obligation.id,
        "clause": obligation.clause,
        "sentence": obligation.sentence,
        "span": list(obligation.span),
        "actor": obligation.actor,
        "action": obligation.action,
        "metric": obligation.metric,
        "quantities": [_measure(measure) for measure in obligation.measures],
        "deadline": None if deadline is None else {
            "date": deadline.date, "text": deadline.text, "span": list(deadline.span),
        },
        "period": None if period is None else {
            "start": period.start, "end": period.end, "text": period.text, "span": list(period.span),
        },
        "modality": obligation.modality.value if obligation.modality is not None else None,
        "kind": obligation.kind.value,
        "authority": obligation.authority,
        "trigger": obligation.trigger,
    }


def obligation_change_dict(change: ObligationChange) -> dict[str, Any]:
    """One item of ``obligation_changes`` in the compare report."""
    return {
        "id": change.id,
        "status": change.status.value,
        "old": obligation_dict(change.old) if change.old is not None else None,
        "new": obligation_dict(change.new) if change.new is not None else None,
        "fields": list(change.fields),
    }


def _measure(measure: Measure) -> dict[str, Any]:
    return {
        "value": _number(measure.value),
        "unit": measure.unit,
        "unit_code": measure.unit_code,
        "text": measure.text,
        "span": list(measure.span),
        "comparator": measure.comparator.value,
        "range": [_number(bound) for bound in measure.range] if measure.range is not None else None,
        "role": measure.role.value,
        "base": measure.base,
    }


def _number(value: float) -> int | float:
    """Whole numbers as integers (110000000, not 110000000.0), so that the JSON reads as written."""
    value = float(value)
    return int(value) if value.is_integer() else value
