"""Change stage: aligned blocks and their word edits → hunks, in document coordinates.

In: the text of each side of a unit pair (``PairSide``), the blocks that ``align_blocks``
paired inside it, and the word edits of each block. Out: ``Hunk`` records — one per run of
differences, whole inserted or deleted sentences, and moves — with spans into each
document's normalized text and the sentences around them as context for classification.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from policydiff.model import BlockOp, BlockPair, ChangeOp, Edit, EditOp, Hunk, Span, Unit


@dataclass(frozen=True, slots=True)
class PairSide:
    """The text one side of a unit pair contributes to the diff, and where it lives.

    Labels are left out of matched units (a renumbered clause is reported by the
    alignment, not as a word change); several units (a split or merge) are joined by
    line breaks.
    """

    text: str
    pieces: tuple[tuple[int, int], ...]
    """(offset in ``text``, offset in the document) where each unit's text starts."""

    def to_document(self, offset: int) -> int:
        for local, document in reversed(self.pieces):
            if offset >= local:
                return document + offset - local
        return self.pieces[0][1] if self.pieces else 0

    def span(self, start: int, end: int) -> Span:
        if end <= start:
            point = self.to_document(start)
            return point, point
        return self.to_document(start), self.to_document(end - 1) + 1


def pair_side(units: Sequence[Unit], *, with_labels: bool) -> PairSide:
    """Join ``units`` into one text, without their labels unless ``with_labels``."""
    parts: list[str] = []
    pieces: list[tuple[int, int]] = []
    position = 0
    for unit in units:
        skip = len(unit.label) if unit.label and not with_labels and unit.text.startswith(unit.label) else 0
        if parts:
            parts.append("\n")
            position += 1
        pieces.append((position, unit.span[0] + skip))
        parts.append(unit.text[skip:])
        position += len(unit.text) - skip
    return PairSide("".join(parts), tuple(pieces))


def whole_unit_hunk(side: PairSide, *, inserted: bool) -> Hunk:
    """An inserted or deleted unit as one hunk."""
    span = side.span(0, len(side.text))
    if inserted:
        return Hunk(ChangeOp.INSERT, "", side.text, None, span, "", side.text)
    return Hunk(ChangeOp.DELETE, side.text, "", span, None, side.text, "")


def moved_unit_hunk(old: PairSide, new: PairSide) -> Hunk:
    """A unit that moved as a whole (its edits, if any, are separate hunks)."""
    return Hunk(ChangeOp.MOVE, old.text, new.text, old.span(0, len(old.text)), new.span(0, len(new.text)),
                old.text, new.text)


def collect_hunks(old: PairSide, new: PairSide, blocks: Sequence[BlockPair],
                  edits: Sequence[Sequence[Edit]]) -> list[Hunk]:
    """Hunks of one unit pair: ``edits[i]`` are the word edits of ``blocks[i]`` (empty
    unless the block is CHANGED or MOVED)."""
    hunks: list[Hunk] = []
    for block, block_edits in zip(blocks, edits):
        old_text = old.text[slice(*block.old_span)] if block.old_span else ""
        new_text = new.text[slice(*block.new_span)] if block.new_span else ""
        if block.op is BlockOp.INSERTED:
            hunks.append(Hunk(ChangeOp.INSERT, "", new_text, None, new.span(*block.new_span), "", new_text))
        elif block.op is BlockOp.DELETED:
            hunks.append(Hunk(ChangeOp.DELETE, old_text, "", old.span(*block.old_span), None, old_text, ""))
        elif block.op in (BlockOp.CHANGED, BlockOp.MOVED):
            if block.op is BlockOp.MOVED:
                hunks.append(Hunk(ChangeOp.MOVE, old_text, new_text, old.span(*block.old_span),
                                  new.span(*block.new_span), old_text, new_text))
            hunks.extend(_edit_hunks(old, new, block, block_edits, old_text, new_text))
    return hunks


def _edit_hunks(old: PairSide, new: PairSide, block: BlockPair, edits: Sequence[Edit],
                old_context: str, new_context: str) -> list[Hunk]:
    """One hunk per maximal run of non-equal edits inside a block."""
    hunks: list[Hunk] = []
    run: list[Edit] = []
    for edit in [*edits, None]:
        if edit is not None and edit.op is not EditOp.EQUAL:
            run.append(edit)
            continue
        if run:
            hunks.append(_run_hunk(old, new, block, run, old_context, new_context))
            run = []
    return hunks


def _run_hunk(old: PairSide, new: PairSide, block: BlockPair, run: list[Edit],
              old_context: str, new_context: str) -> Hunk:
    old_base = block.old_span[0] if block.old_span else 0
    new_base = block.new_span[0] if block.new_span else 0
    old_start, old_end = run[0].old_span[0], run[-1].old_span[1]
    new_start, new_end = run[0].new_span[0], run[-1].new_span[1]
    old_text = "".join(e.old_text for e in run if e.op is EditOp.DELETE)
    new_text = "".join(e.new_text for e in run if e.op is EditOp.INSERT)
    if old_text and new_text:
        op = ChangeOp.REPLACE
    else:
        op = ChangeOp.INSERT if new_text else ChangeOp.DELETE
    return Hunk(
        op=op,
        old_text=old_text,
        new_text=new_text,
        old_span=old.span(old_base + old_start, old_base + old_end) if old_text or op is not ChangeOp.INSERT else None,
        new_span=new.span(new_base + new_start, new_base + new_end) if new_text or op is not ChangeOp.DELETE else None,
        old_context=old_context,
        new_context=new_context,
    )
