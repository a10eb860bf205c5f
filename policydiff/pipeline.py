"""The one place that runs the stages in sequence.

read → normalize → structure gives a ``PolicyDocument``; a ``PolicyDocument`` → extraction
gives its ``Obligation`` records; two of them → units → alignment → blocks → word diff →
hunks → classification (and, for obligations, extraction → obligation diff) gives a ``Comparison``.
Stages are pure functions over the records in ``model.py``; this module composes them
and is the only caller of the ingest stage's I/O.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Sequence

from policydiff.changes import collect_hunks, moved_unit_hunk, pair_side, whole_unit_hunk
from policydiff.ingest import read_input
from policydiff.model import (
    AlignStatus,
    BlockOp,
    Change,
    ClausePair,
    Comparison,
    Edit,
    Hunk,
    Obligation,
    PolicyDocument,
    SourceDocument,
    UnitKind,
)
from policydiff.normalize import normalize_text
from policydiff.rules import RulePack, load_rules
from policydiff.structure import parse_structure

GRANULARITIES = ("word", "char")


def outline_source(source: SourceDocument, *, rules: RulePack) -> PolicyDocument:
    """Normalize and outline a document already read."""
    return parse_structure(source, normalize_text(source.raw_text), rules=rules.structure)


def read_policy(path: str | os.PathLike[str], *, rules_dir: str | None = None) -> PolicyDocument:
    """Read the document at ``path`` (``-`` for stdin) and outline it."""
    return outline_source(read_input(path), rules=load_rules(rules_dir))


def extract_document(policy: PolicyDocument, *, rules: RulePack) -> tuple[Obligation, ...]:
    """The quantitative and dated obligations of an outlined document, in text order."""
    # Imported here: extraction loads spaCy, which neither --help nor an outline needs.
    from policydiff.extract import extract_obligations

    return extract_obligations(policy, rules=rules)


def extract_path(path: str | os.PathLike[str], *, rules_dir: str | None = None,
                 ) -> tuple[PolicyDocument, tuple[Obligation, ...]]:
    """Read and outline the document at ``path`` (``-`` for stdin) and extract its obligations."""
    rules = load_rules(rules_dir)
    policy = outline_source(read_input(path), rules=rules)
    return policy, extract_document(policy, rules=rules)


def compare_documents(old: PolicyDocument, new: PolicyDocument, *, rules: RulePack,
                      granularity: str = "word", obligations: bool = True,
                      extracted: tuple[Sequence[Obligation], Sequence[Obligation]] | None = None,
                      redline: bool = False) -> Comparison:
    """Align, diff and classify two outlined versions of a document.

    With ``obligations``, also pair the obligations of both through the alignment
    (``Comparison.obligation_changes``), extracting them unless ``extracted`` gives the old
    and the new ones already; without, that field stays empty. With ``redline``, also mark
    up both versions as one text (``Comparison.redline``), which the HTML and DOCX reports draw.
    """
    # Imported here: an outline needs none of them, and the tokenizer loads jieba.
    from policydiff.align import align_units, document_units
    from policydiff.classify import classify_change
    from policydiff.obligation_diff import diff_obligations

    pairs = align_units(document_units(old), document_units(new))
    changes: list[Change] = []
    for index, pair in enumerate(pairs):
        outside_body = (pair.old or pair.new)[0].kind in (UnitKind.FRONT_MATTER, UnitKind.TRAILER)
        for hunk in pair_hunks(pair, rules=rules, granularity=granularity):
            changes.append(Change(
                id=f"c{len(changes) + 1:03d}",
                clause_old=_labels(pair.old),
                clause_new=_labels(pair.new),
                hunk=hunk,
                verdict=classify_change(hunk, rules=rules, outside_body=outside_body),
                pair=index,
            ))
    obligation_changes = ()
    if obligations:
        if extracted is None:
            extracted = extract_document(old, rules=rules), extract_document(new, rules=rules)
        obligation_changes = diff_obligations(*extracted, pairs)
    comparison = Comparison(old=old, new=new, pairs=pairs, changes=tuple(changes),
                            obligation_changes=obligation_changes)
    if redline:
        from policydiff.diff import diff_chars
        from policydiff.redline import build_redline

        comparison = dataclasses.replace(comparison, redline=build_redline(comparison, diff=diff_chars))
    return comparison


def compare_paths(old: str | os.PathLike[str], new: str | os.PathLike[str], *, rules_dir: str | None = None,
                  granularity: str = "word", obligations: bool = True, redline: bool = False) -> Comparison:
    """Read, outline and compare the documents at two paths."""
    rules = load_rules(rules_dir)
    return compare_documents(outline_source(read_input(old), rules=rules),
                             outline_source(read_input(new), rules=rules), rules=rules, granularity=granularity,
                             obligations=obligations, redline=redline)


def diff_texts(old: str, new: str, *, rules: RulePack, granularity: str = "word") -> tuple[Edit, ...]:
    """Diff two texts by word (the tokens of ``tokenize``: words, whole quantities and dates)
    or by character.

    Example: ``diff_texts("严禁在编码登记过程中乱收费", "不得在编码登记过程中乱收费", rules=pack)``
    gives DELETE 严禁, INSERT 不得, EQUAL 在编码登记过程中乱收费.
    """
    from policydiff.diff import diff_chars, diff_tokens
    from policydiff.tokenize import tokenize

    if granularity == "word":
        return diff_tokens(tokenize(old, rules=rules), tokenize(new, rules=rules))
    if granularity == "char":
        return diff_chars(old, new)
    raise ValueError(f"granularity must be one of {GRANULARITIES}, not {granularity!r}")


def pair_hunks(pair: ClausePair, *, rules: RulePack, granularity: str) -> list[Hunk]:
    """The hunks of one aligned pair: the whole unit when inserted or deleted, otherwise
    the block moves and word edits inside it."""
    from policydiff.align import align_blocks

    if pair.status is AlignStatus.INSERTED:
        return [whole_unit_hunk(pair_side(pair.new, with_labels=True), inserted=True)]
    if pair.status is AlignStatus.DELETED:
        return [whole_unit_hunk(pair_side(pair.old, with_labels=True), inserted=False)]
    old, new = pair_side(pair.old, with_labels=False), pair_side(pair.new, with_labels=False)
    blocks = align_blocks(old.text, new.text)
    edits = [
        diff_texts(old.text[slice(*b.old_span)], new.text[slice(*b.new_span)], rules=rules, granularity=granularity)
        if b.op in (BlockOp.CHANGED, BlockOp.MOVED) else ()
        for b in blocks
    ]
    hunks = collect_hunks(old, new, blocks, edits)
    if pair.status is AlignStatus.MOVED:
        hunks.insert(0, moved_unit_hunk(old, new))
    return hunks


def _labels(units) -> str | None:
    labels = [unit.label for unit in units if unit.label]
    return "、".join(labels) if labels else None
