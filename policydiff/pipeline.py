"""The one place that runs the stages in sequence.

read → normalize → structure gives a ``PolicyDocument``; a ``PolicyDocument`` → extraction
gives its ``Obligation`` records; two of them → units → alignment → blocks → word diff →
hunks → classification (and, for obligations, extraction → obligation diff) gives a ``Comparison``.
Stages are pure functions over the records in ``model.py``; this module composes them
and is the only caller of the ingest stage's I/O.

Limits (module constants; each raises ``TextTooLong``, E109), chosen by measurement on a
2-core machine so that every command ends within a minute and 2 GiB of address space
(tests/test_hostile.py checks the hostile inputs against those bounds):
    MAX_OUTLINE_CHARS: 2,000,000 characters of text read from one document, about 18 times
        the Civil Code (民法典, ~110,000). Outlining is linear, about 1.5 s and 160 MB per
        million characters; unbounded, a 50 MB single-line text took 31 s and 2.3 GB.
    MAX_COMPARE_CHARS, MAX_EXTRACT_CHARS: 1,000,000 characters of normalized text in each
        document that ``compare`` or ``extract`` reads, about nine Civil Codes. Comparison is
        linear in the text: a pair of 5,000-article laws of 666,000 characters a side
        (bench/large_law.py) compares in 1.5 s, 3.5 s with obligations; a pair of 7,400-article
        laws of 991,000 characters a side takes 8.3 s and 480 MB as a CLI run with obligations
        (8.8 s and 460 MB for the DOCX redline).
    MAX_UNIT_CHARS: 100,000 characters in one unit that ``compare`` aligns (a clause or
        article, the front matter, the trailer, or the whole body of a text without
        recognised numbering). Two versions of one such text compare quickly (100,000
        characters with 45 edits: 0.7 s with obligations), but two unrelated texts without
        numbering leave diff-match-patch long stretches that differ throughout, and its time
        grows with the edit distance: 7.6 s for two unrelated laws of 100,000 characters, 14.3 s
        when their punctuation is removed too (92,000 characters; 90 s and 950 MB at 183,000),
        so the limit stays where that worst case ends within a minute (``bench/large_law.py``).
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Sequence
from itertools import pairwise
from typing import Any

from policydiff.changes import collect_hunks, moved_unit_hunk, pair_side, whole_unit_hunk
from policydiff.errors import TextTooLong
from policydiff.ingest import read_input
from policydiff.model import (
    GRANULARITIES,
    AlignStatus,
    BlockOp,
    Change,
    ChangeOp,
    ClausePair,
    Comparison,
    Edit,
    Genre,
    Hunk,
    Obligation,
    PolicyDocument,
    SourceDocument,
    Unit,
    UnitKind,
)
from policydiff.normalize import normalize_text
from policydiff.rules import RulePack, load_rules
from policydiff.structure import parse_structure

MAX_OUTLINE_CHARS = 2_000_000
MAX_COMPARE_CHARS = 1_000_000
MAX_EXTRACT_CHARS = 1_000_000
MAX_UNIT_CHARS = 100_000


def outline_source(source: SourceDocument, *, rules: RulePack) -> PolicyDocument:
    """Normalize and outline a document already read.

    Raises:
        TextTooLong: the text has more than ``MAX_OUTLINE_CHARS`` characters.
    """
    length = len(source.raw_text)
    if length > MAX_OUTLINE_CHARS:
        raise TextTooLong(
            f"{source.source}: has {length:,} characters of text, more than the {MAX_OUTLINE_CHARS:,} "
            "policydiff reads from one document",
            cause="every command keeps the whole text with a map from each character back to the file; "
                  f"beyond {MAX_OUTLINE_CHARS:,} characters (about 18 times the Civil Code) time and memory "
                  "are no longer bounded",
            fix="check that this is the right file (a text of many megabytes is usually a data export or "
                "a log, not a document); split a compilation into its documents",
        )
    return parse_structure(source, normalize_text(source.raw_text, rules.structure), rules=rules.structure)


def read_policy(path: str | os.PathLike[str], *, rules_dir: str | None = None) -> PolicyDocument:
    """Read the document at ``path`` (``-`` for stdin) and outline it."""
    return outline_path(path, rules=load_rules(rules_dir))


def outline_path(path: str | os.PathLike[str], *, rules: RulePack, name: str | None = None) -> PolicyDocument:
    """Read and outline the document at ``path``, reported under ``name`` (its path when None):
    batch reports a path relative to its input folder, outputs/ one relative to the project."""
    source = read_input(path)
    return outline_source(source if name is None else dataclasses.replace(source, source=name), rules=rules)


def pair_files(old: PolicyDocument, new: PolicyDocument, *, rules: RulePack,
               extracted: tuple[Sequence[Obligation], Sequence[Obligation]] | None = None,
               ) -> tuple[dict[str, object], dict[str, bytes]]:
    """Compare two outlined documents with their redline and render every report file of the
    pair (``render.files.COMPARE_FILES``): what batch writes for a pair and outputs/ keeps."""
    from policydiff.render.files import compare_files

    return compare_files(compare_documents(old, new, rules=rules, extracted=extracted, redline=True))


def extract_document(policy: PolicyDocument, *, rules: RulePack) -> tuple[Obligation, ...]:
    """The quantitative and dated obligations of an outlined document, in text order."""
    _check_length(policy, MAX_EXTRACT_CHARS, "extract",
                  "obligations are found by an NLP pipeline (spaCy) whose time and memory grow with "
                  "the text")
    # Imported here: extraction loads spaCy, which neither --help nor an outline needs.
    from policydiff.extract import extract_obligations

    return extract_obligations(policy, rules=rules)


def extract_path(path: str | os.PathLike[str], *, rules_dir: str | None = None,
                 ) -> tuple[PolicyDocument, tuple[Obligation, ...]]:
    """Read and outline the document at ``path`` (``-`` for stdin) and extract its obligations."""
    rules = load_rules(rules_dir)
    policy = outline_path(path, rules=rules)
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

    for policy in (old, new):
        _check_length(policy, MAX_COMPARE_CHARS, "compare",
                      "comparison aligns every clause with the other version's and diffs their words "
                      "(and extracts obligations), in time that grows faster than the text")
    old_units, new_units = document_units(old), document_units(new)
    for policy, units in ((old, old_units), (new, new_units)):
        _check_units(policy, units)
    pairs = align_units(old_units, new_units)
    renumbering = _renumbering(pairs)
    legal = Genre.LAW in (old.genre, new.genre)  # the articles of a law: every sentence a rule
    changes: list[Change] = []
    for index, pair in enumerate(pairs):
        kind = (pair.old or pair.new)[0].kind
        outside_body = kind in (UnitKind.FRONT_MATTER, UnitKind.TRAILER)
        for hunk in pair_hunks(pair, rules=rules, granularity=granularity):
            if hunk.op is not ChangeOp.MOVE and "".join(hunk.old_text.split()) == "".join(hunk.new_text.split()):
                continue  # spacing only (第一条 为了 / 第一条为了): the reader's layout, no change
            changes.append(Change(
                id=f"c{len(changes) + 1:03d}",
                clause_old=_labels(pair.old),
                clause_new=_labels(pair.new),
                hunk=hunk,
                verdict=classify_change(hunk, rules=rules, outside_body=outside_body, renumbering=renumbering,
                                        legal=legal and kind is UnitKind.CLAUSE),
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
    return compare_documents(outline_path(old, rules=rules), outline_path(new, rules=rules), rules=rules,
                             granularity=granularity, obligations=obligations, redline=redline)


def history_paths(paths: Sequence[str | os.PathLike[str]], *, rules_dir: str | None = None,
                  names: Sequence[str] | None = None) -> tuple[list[PolicyDocument], list[Comparison]]:
    """Read and outline each version at ``paths`` (oldest first; reported under ``names`` when
    given) and compare each with the next, with the redline that a history's table draws."""
    rules = load_rules(rules_dir)
    policies = [outline_path(path, rules=rules, name=name)
                for path, name in zip(paths, names or [None] * len(paths), strict=True)]
    return policies, [compare_documents(old, new, rules=rules, obligations=False, redline=True)
                      for old, new in pairwise(policies)]


def history_files(paths: Sequence[str | os.PathLike[str]], *, rules_dir: str | None = None,
                  names: Sequence[str] | None = None) -> tuple[dict[str, Any], dict[str, bytes]]:
    """The history report of the versions at ``paths`` and the files drawn from it: history.html,
    history.xlsx and history.json (what ``policydiff history`` writes in each format)."""
    from policydiff.history import history_report
    from policydiff.render.compare_xlsx import render_history_xlsx
    from policydiff.render.history_html import render_history_html
    from policydiff.render.json import render_json

    report = history_report(*history_paths(paths, rules_dir=rules_dir, names=names))
    return report, {
        "history.html": render_history_html(report).encode("utf-8"),
        "history.xlsx": render_history_xlsx(report),
        "history.json": render_json(report).encode("utf-8"),
    }


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


def _renumbering(pairs: Sequence[ClausePair]) -> dict[str, str]:
    """Each old unit's label and the label of the one new unit it was aligned with (its
    successor, renumbered or not): what a cross-reference that follows the renumbering becomes."""
    return {pair.old[0].label: pair.new[0].label for pair in pairs
            if pair.status in (AlignStatus.MATCHED, AlignStatus.MOVED) and len(pair.old) == len(pair.new) == 1
            and pair.old[0].label and pair.new[0].label}


def _labels(units) -> str | None:
    labels = [unit.label for unit in units if unit.label]
    return "、".join(labels) if labels else None


def _check_length(policy: PolicyDocument, limit: int, command: str, cause: str) -> None:
    length = len(policy.text.text)
    if length > limit:
        raise TextTooLong(
            f"{policy.source.source}: has {length:,} characters; {command} handles documents of up to "
            f"{limit:,}",
            cause=f"{cause}; {limit:,} characters is about 4 times the Civil Code",
            fix=f"{command} the document in parts (chapter by chapter, or each document of a compilation); "
                "`policydiff outline` still reads it whole",
        )


def _check_units(policy: PolicyDocument, units: Sequence[Unit]) -> None:
    """Refuse a unit too long to align and classify in bounded time (see ``MAX_UNIT_CHARS``)."""
    longest = max(units, key=lambda unit: len(unit.text), default=None)
    if longest is None or len(longest.text) <= MAX_UNIT_CHARS:
        return
    if longest.label:
        what = f"clause {longest.label}"
    elif longest.kind in (UnitKind.FRONT_MATTER, UnitKind.TRAILER, UnitKind.PREAMBLE):
        what = f"the {longest.kind.value.replace('_', ' ')}"
    else:
        what = "the body, which has no clause or article numbering that outline recognises,"
    raise TextTooLong(
        f"{policy.source.source}: {what} at [{longest.span[0]}, {longest.span[1]}) has {len(longest.text):,} "
        f"characters; compare handles at most {MAX_UNIT_CHARS:,} in one piece",
        cause="compare aligns and classifies each clause or article as one piece (a text without recognised "
              "numbering as a whole), and two such pieces that differ throughout take minutes beyond this length",
        fix="run `policydiff outline` on it: if its 第X条, 一、 or （一） headings are not found, put each on a "
            "line of its own (a text without line breaks hides them); otherwise compare the document in parts",
    )
