"""Redline stage: a comparison → both versions as one marked-up text, pair by pair.

In: the aligned pairs and the classified changes of a ``Comparison``, and a character diff
for what no change covers. Out: a ``Redline`` — for each pair, runs of shared, deleted,
inserted and moved text (each naming its change), and the order in which the pairs read as
one document. The HTML report shows the sections side by side or inline; the DOCX report
writes the document order as tracked changes.

Every character of each version lands in exactly one run, so that keeping the old side of
the runs gives the old text and keeping the new side gives the new one. Text a change covers
is marked with that change; what is left on both sides should be identical, and the
character diff of the leftovers picks up the differences no change reports (a renumbered
label: （十）→（十一）), so that the redline stays exact even there.

Example: （十二） of the seed, where the final drops 唐山市钢铁产能控制在1亿吨以内, gives the
runs EQUAL …, DELETE 唐山市…以内 (change c031), EQUAL ….
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterator, Sequence

from policydiff.model import (
    AlignStatus,
    Change,
    ChangeOp,
    ClausePair,
    Comparison,
    Edit,
    EditOp,
    Placement,
    Redline,
    Run,
    RunOp,
    Section,
    Span,
    Unit,
)

CharDiff = Callable[[str, str], Sequence[Edit]]


def build_redline(comparison: Comparison, *, diff: CharDiff) -> Redline:
    """The redline of ``comparison``; ``diff`` is a character diff (``diff_chars``)."""
    by_pair: list[list[Change]] = [[] for _ in comparison.pairs]
    for change in comparison.changes:
        by_pair[change.pair].append(change)
    sections = tuple(_section(n, pair, by_pair[n], diff) for n, pair in enumerate(comparison.pairs))
    return Redline(sections=sections, order=_document_order(comparison.pairs))


def _unit_move(pair: ClausePair, changes: Sequence[Change]) -> Change | None:
    """The change that moved the whole unit (the first of a MOVED pair), if any."""
    if pair.status is AlignStatus.MOVED and changes and changes[0].hunk.op is ChangeOp.MOVE:
        return changes[0]
    return None


class _Side:
    """One side of a pair: its units' texts joined by line breaks, each character marked."""

    def __init__(self, units: Sequence[Unit]) -> None:
        self.text = "\n".join(unit.text for unit in units)
        self.positions: list[int] = []
        """Document offset of each character (a joining line break takes the unit's end)."""
        for n, unit in enumerate(units):
            if n:
                self.positions.append(units[n - 1].span[1])
            self.positions.extend(range(unit.span[0], unit.span[1]))
        self.edit: list[str | None] = [None] * len(self.text)
        self.move: list[str | None] = [None] * len(self.text)

    def mark(self, marks: list[str | None], span: Span | None, change: str) -> None:
        if span is None:
            return
        start = bisect.bisect_left(self.positions, span[0])
        end = bisect.bisect_left(self.positions, span[1])
        marks[start:end] = [change] * (end - start)

    def kept(self) -> list[int]:
        """Indices of the characters no change covers."""
        return [i for i in range(len(self.text)) if self.edit[i] is None and self.move[i] is None]


def _section(index: int, pair: ClausePair, changes: Sequence[Change], diff: CharDiff) -> Section:
    old, new = _Side(pair.old), _Side(pair.new)
    unit_move = _unit_move(pair, changes)
    for change in changes:
        if change is unit_move:
            continue
        hunk = change.hunk
        marks = (old.move, new.move) if hunk.op is ChangeOp.MOVE else (old.edit, new.edit)
        old.mark(marks[0], hunk.old_span, change.id)
        new.mark(marks[1], hunk.new_span, change.id)
    if not changes and old.text == new.text:
        runs = (Run(RunOp.EQUAL, old.text, None, None),) if old.text else ()
    else:
        runs = _interleave(old, new, diff)
    return Section(pair=index, runs=runs, move=unit_move.id if unit_move else None)


def _interleave(old: _Side, new: _Side, diff: CharDiff) -> tuple[Run, ...]:
    """Walk both sides at once: marked text where it stands, leftovers by their diff."""
    out: list[list] = []

    def emit(op: RunOp, text: str, change: str | None, move: str | None) -> None:
        if out and out[-1][0] is op and out[-1][2] == change and out[-1][3] == move:
            out[-1][1].append(text)
        else:
            out.append([op, [text], change, move])

    cursor = [0, 0]

    def flush(side: _Side, which: int, limit: int) -> None:
        """Emit the marked characters of ``side`` before ``limit`` (all of them are marked)."""
        moved_op, plain_op = (RunOp.MOVE_FROM, RunOp.DELETE) if which == 0 else (RunOp.MOVE_TO, RunOp.INSERT)
        for i in range(cursor[which], limit):
            move = side.move[i]
            emit(moved_op if move else plain_op, side.text[i], side.edit[i] or move, move)
        cursor[which] = max(cursor[which], limit)

    old_kept, new_kept = old.kept(), new.kept()
    old_rest = "".join(old.text[i] for i in old_kept)
    new_rest = "".join(new.text[j] for j in new_kept)
    edits = [Edit(EditOp.EQUAL, (0, len(old_rest)), (0, len(new_rest)), old_rest, new_rest)] \
        if old_rest == new_rest else diff(old_rest, new_rest)
    for edit in edits:
        if edit.op is EditOp.INSERT:
            for first, last in _stretches(new_kept, *edit.new_span):
                j = new_kept[first]
                flush(new, 1, j)
                emit(RunOp.INSERT, new.text[j:new_kept[last] + 1], None, None)
                cursor[1] = new_kept[last] + 1
            continue
        shift = edit.new_span[0] - edit.old_span[0]
        for first, last in _stretches(old_kept, *edit.old_span, other=new_kept if edit.op is EditOp.EQUAL else None,
                                      shift=shift):
            i = old_kept[first]
            flush(old, 0, i)
            if edit.op is EditOp.EQUAL:
                flush(new, 1, new_kept[first + shift])
                cursor[1] = new_kept[last + shift] + 1
            emit(RunOp.EQUAL if edit.op is EditOp.EQUAL else RunOp.DELETE, old.text[i:old_kept[last] + 1], None, None)
            cursor[0] = old_kept[last] + 1
    flush(old, 0, len(old.text))
    flush(new, 1, len(new.text))
    return tuple(Run(op, "".join(texts), change, move) for op, texts, change, move in out)


def _stretches(kept: list[int], start: int, end: int, *, other: list[int] | None = None,
               shift: int = 0) -> Iterator[tuple[int, int]]:
    """The maximal runs ``[first, last]`` of ``start … end - 1`` whose characters stand next to
    each other in their side (and, with ``other``, whose partners ``k + shift`` do too): nothing
    marked lies inside such a run, so it is emitted in one piece."""
    first = start
    for k in range(start + 1, end + 1):
        if k == end or kept[k] != kept[k - 1] + 1 or (other is not None and other[k + shift] != other[k - 1 + shift] + 1):
            yield first, k - 1
            first = k


def _document_order(pairs: Sequence[ClausePair]) -> tuple[tuple[int, Placement], ...]:
    """The pairs as one document that reads in the old version's order on its old side and in
    the new version's on its new side.

    The pairs that keep their order in both versions (the longest such chain) stand once
    (WHOLE), in the new version's order, with the inserted ones. Every other pair with both
    sides — a move, or a pair the alignment let cross another — stands twice: its new side
    (TO) among them, its old side (FROM) after the last section holding an earlier old unit,
    as a deleted pair (WHOLE) does.
    """
    def start(units: tuple[Unit, ...]) -> int:
        return min(unit.span[0] for unit in units)

    both = sorted((n for n, pair in enumerate(pairs) if pair.old and pair.new), key=lambda n: start(pairs[n].new))
    chain = _increasing(both, key=lambda n: start(pairs[n].old),
                        allowed=lambda n: pairs[n].status is not AlignStatus.MOVED)
    order: list[tuple[int, Placement]] = [
        (n, Placement.WHOLE if n in chain or not pair.old else Placement.TO)
        for n, pair in sorted(((n, p) for n, p in enumerate(pairs) if p.new), key=lambda item: start(item[1].new))
    ]
    old_only = [(start(pair.old), n, Placement.WHOLE if not pair.new else Placement.FROM)
                for n, pair in enumerate(pairs) if pair.old and (not pair.new or n not in chain)]
    # One merge, in the order of the chain's old starts (which increase): the old-only sections
    # before a chain section go right after the chain section before it, ahead of the new-only
    # sections that follow that one.
    pending = sorted(old_only, reverse=True)
    merged: list[tuple[int, Placement]] = []
    since_anchor: list[tuple[int, Placement]] = []
    for n, placement in order:
        if placement is Placement.WHOLE and pairs[n].old:
            while pending and pending[-1][0] < start(pairs[n].old):
                merged.append(pending.pop()[1:])
            merged += since_anchor
            merged.append((n, placement))
            since_anchor = []
        else:
            since_anchor.append((n, placement))
    merged += [item[1:] for item in reversed(pending)]
    return tuple(merged + since_anchor)


def _increasing(items: list[int], *, key: Callable[[int], int], allowed: Callable[[int], bool]) -> set[int]:
    """The longest run of ``allowed`` items whose ``key`` increases, in the order given."""
    tails: list[int] = []
    tail_items: list[int] = []
    before: dict[int, int | None] = {}
    for item in (i for i in items if allowed(i)):
        at = bisect.bisect_left(tails, key(item))
        before[item] = tail_items[at - 1] if at else None
        if at == len(tails):
            tails.append(key(item))
            tail_items.append(item)
        else:
            tails[at], tail_items[at] = key(item), item
    chain: set[int] = set()
    item = tail_items[-1] if tail_items else None
    while item is not None:
        chain.add(item)
        item = before[item]
    return chain
