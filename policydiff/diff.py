"""Diff stage: two texts (or their tokens) → runs of equal, deleted and inserted text.

diff-match-patch compares strings character by character. To compare words, each distinct
token is first encoded as one character, as ``diff_linesToChars`` does for lines, so that a
token is never split: a changed figure comes out as the whole quantity replaced
(``10蒸吨/小时`` → ``5蒸吨/小时``), not as a changed digit. ``Diff_Timeout = 0`` makes the
result depend on the input alone, never on the machine's speed.

Example (``pipeline.diff_texts`` tokenizes, then calls ``diff_tokens``):
    >>> [(e.op.value, e.old_text, e.new_text) for e in diff_texts(
    ...     "每小时65蒸吨及以上燃煤锅炉", "每小时35蒸吨及以上燃煤锅炉", rules=load_rules())]
    [('equal', '每小时', '每小时'), ('delete', '65蒸吨', ''), ('insert', '', '35蒸吨'),
     ('equal', '及以上燃煤锅炉', '及以上燃煤锅炉')]
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import accumulate

from diff_match_patch import diff_match_patch

from policydiff.errors import InputTooLarge
from policydiff.model import Edit, EditOp, Span, Token

# Code points that stand for tokens. Private-use characters come first: diff-match-patch's
# semantic cleanup slides an edit towards letters, spaces and line breaks next to it, and a
# private-use character is none of these, so a token's code never poses as a space or a
# line break. Past the 6,400 of the BMP come the 131,068 of planes 15 and 16, then every
# other code point except the surrogates, which a Python string may hold but which are not
# characters.
_CODE_RANGES = (
    (0xE000, 0xF8FF),
    (0xF0000, 0xFFFFD),
    (0x100000, 0x10FFFD),
    (0x10000, 0xEFFFF),
    (0x0000, 0xD7FF),
    (0xF900, 0xFFFF),
)
_CODE_OFFSETS = tuple(accumulate((last - first + 1 for first, last in _CODE_RANGES), initial=0))
_MAX_CODES = _CODE_OFFSETS[-1]

# Above this many cells (old length × new length) the paragraphs, else sentences, phrases or
# tokens that both versions share are pinned first and only the stretches between them are diffed,
# much as diff-match-patch's line mode aligns lines first. Without a timeout Myers' algorithm
# takes time in proportion to the cells when the texts differ throughout (hours for two
# unrelated 200,000-character texts); one million cells take about half a second at worst.
_CELL_BUDGET = 1_000_000
# Boundaries of the units aligned first, coarsest first. Each level includes the ones above.
_PARAGRAPH_END = "\n"
_SENTENCE_ENDS = frozenset("。！？；!?;")
_PHRASE_ENDS = frozenset("，、：,:")
_CHAR_BREAKS = {char: char for char in (_PARAGRAPH_END, *_SENTENCE_ENDS, *_PHRASE_ENDS)}

_EQUAL, _DELETE, _INSERT = diff_match_patch.DIFF_EQUAL, diff_match_patch.DIFF_DELETE, diff_match_patch.DIFF_INSERT
_Diffs = list[tuple[int, str]]
# The units aligned first, coarsest first: the codes that end a unit, or None when each
# token is a unit of its own.
_Levels = tuple[frozenset[str] | None, ...]


def diff_tokens(old: Sequence[Token], new: Sequence[Token]) -> tuple[Edit, ...]:
    """Diff two token sequences; tokens are equal when their texts are.

    Args:
        old: Tokens of the old version, in order (as ``tokenize`` returns them).
        new: Tokens of the new version.

    Returns:
        EQUAL, DELETE and INSERT runs that cover both sequences in order. Spans come from
        the tokens, so they index the texts the tokens were cut from. A deletion next to an
        insertion stays two edits, the deletion first; pairing them into a replacement is
        the next stage's work.

    Raises:
        InputTooLarge: The two versions hold more distinct tokens than there are characters
            to encode them with (over a million).
    """
    codes: dict[str, str] = {}
    old_code = _encode([token.text for token in old], codes)
    new_code = _encode([token.text for token in new], codes)
    diffs = _diff(old_code, new_code, _break_levels(codes))
    return _edits(diffs, _Side.of_tokens(old), _Side.of_tokens(new))


def diff_chars(old: str, new: str) -> tuple[Edit, ...]:
    """Diff two texts character by character (1.1亿吨 → 1.2亿吨 is then the digit 1 → 2).

    Returns edits with spans into ``old`` and ``new``, as ``diff_tokens`` does.
    """
    return _edits(_diff(old, new, _break_levels(_CHAR_BREAKS)), _Side.of_text(old), _Side.of_text(new))


# --- encoding -------------------------------------------------------------------------------


def _encode(keys: Sequence[str], codes: dict[str, str]) -> str:
    """One character per key; ``codes`` (key → character) grows with each new key."""
    chars = []
    for key in keys:
        char = codes.get(key)
        if char is None:
            char = codes[key] = _code_point(len(codes))
        chars.append(char)
    return "".join(chars)


def _code_point(index: int) -> str:
    for (first, _), offset, end in zip(_CODE_RANGES, _CODE_OFFSETS, _CODE_OFFSETS[1:]):
        if index < end:
            return chr(first + index - offset)
    raise InputTooLarge(
        f"the two versions hold more than {_MAX_CODES:,} distinct words",
        cause="the word diff encodes each distinct word as one Unicode character, and there are no more",
        fix="compare the documents clause by clause, or with --granularity char",
    )


def _break_levels(codes: Mapping[str, str]) -> _Levels:
    """The codes that end a paragraph, a sentence, a phrase (each level includes the coarser), then tokens."""

    def level(text: str) -> int | None:
        if _PARAGRAPH_END in text:
            return 0
        if text in _SENTENCE_ENDS:
            return 1
        return 2 if text in _PHRASE_ENDS else None

    levels = {text: level(text) for text in codes}
    ends = tuple(
        frozenset(code for text, code in codes.items() if levels[text] is not None and levels[text] <= depth)
        for depth in range(3)
    )
    return (*ends, None)


# --- diffing --------------------------------------------------------------------------------


def _engine() -> diff_match_patch:
    engine = diff_match_patch()
    engine.Diff_Timeout = 0  # no deadline: the same input always gives the same diff
    return engine


def _diff(old: str, new: str, levels: _Levels) -> _Diffs:
    """diff_main, then the semantic cleanup (merges short equalities into the changes around them)."""
    engine = _engine()
    diffs = _align(engine, old, new, levels)
    engine.diff_cleanupMerge(diffs)
    engine.diff_cleanupSemantic(diffs)
    return diffs


def _align(engine: diff_match_patch, old: str, new: str, levels: _Levels) -> _Diffs:
    """Diff within the cell budget: directly, or by aligning coarser units and refining the changes."""
    prefix = old[: engine.diff_commonPrefix(old, new)]
    old, new = old[len(prefix) :], new[len(prefix) :]
    suffix = old[len(old) - engine.diff_commonSuffix(old, new) :]
    old, new = old[: len(old) - len(suffix)], new[: len(new) - len(suffix)]
    if len(old) * len(new) <= _CELL_BUDGET:
        middle = engine.diff_main(old, new, False)
    else:
        middle = _align_by_units(engine, old, new, levels)
    return ([(_EQUAL, prefix)] if prefix else []) + middle + ([(_EQUAL, suffix)] if suffix else [])


def _align_by_units(engine: diff_match_patch, old: str, new: str, levels: _Levels) -> _Diffs:
    """Align paragraphs (else sentences, phrases, tokens) first, then diff the stretches that changed.

    At each level the units themselves are diffed when they fit the budget (as
    diff-match-patch's line mode does with lines); otherwise the units found once in each
    version pin the alignment. Changed stretches are refined with the finer levels only, so
    the work stays bounded however the texts differ.
    """
    for depth, ends in enumerate(levels):
        old_units, new_units = _units(old, ends), _units(new, ends)
        if len(old_units) + len(new_units) <= 2:
            continue
        if len(old_units) * len(new_units) <= _CELL_BUDGET:
            return _refine(engine, old_units, new_units, levels[depth + 1 :])
        anchors = _anchors(old_units, new_units)
        if anchors:
            return _between_anchors(engine, old_units, new_units, anchors, levels[depth + 1 :])
    # Too long and too different to refine within the budget: one deletion, one insertion.
    return [(_DELETE, old), (_INSERT, new)]


def _refine(
    engine: diff_match_patch, old_units: list[str], new_units: list[str], finer: _Levels
) -> _Diffs:
    """Diff the sequences of units, then align each changed stretch with the finer levels."""
    codes: dict[str, str] = {}
    unit_diffs = engine.diff_main(_encode(old_units, codes), _encode(new_units, codes), False)
    unit_of = {code: unit for unit, code in codes.items()}
    diffs: _Diffs = []
    deleted: list[str] = []
    inserted: list[str] = []
    for op, code in [*unit_diffs, (_EQUAL, "")]:  # the sentinel flushes the last stretch
        text = "".join(unit_of[char] for char in code)
        if op == _DELETE:
            deleted.append(text)
        elif op == _INSERT:
            inserted.append(text)
        else:
            if deleted or inserted:
                diffs.extend(_align(engine, "".join(deleted), "".join(inserted), finer))
                deleted, inserted = [], []
            if text:
                diffs.append((_EQUAL, text))
    return diffs


def _anchors(old_units: list[str], new_units: list[str]) -> list[tuple[int, int]]:
    """Units found exactly once in each version, the longest run of them in the same order.

    This is how patience diff pins a diff: a unique unit shared by both versions is almost
    certainly the same passage. The longest increasing subsequence of their positions keeps
    the ones that are not moved.
    """
    old_count, new_count = Counter(old_units), Counter(new_units)
    new_index = {unit: index for index, unit in enumerate(new_units) if new_count[unit] == 1}
    pairs = [(i, new_index[unit]) for i, unit in enumerate(old_units) if old_count[unit] == 1 and unit in new_index]
    tails: list[int] = []  # tails[k]: the pair ending the best increasing run of length k + 1
    tail_positions: list[int] = []
    previous = [-1] * len(pairs)
    for index, (_, position) in enumerate(pairs):
        length = bisect_left(tail_positions, position)
        if length:
            previous[index] = tails[length - 1]
        if length == len(tails):
            tails.append(index)
            tail_positions.append(position)
        else:
            tails[length], tail_positions[length] = index, position
    run, index = [], tails[-1] if tails else -1
    while index >= 0:
        run.append(pairs[index])
        index = previous[index]
    return run[::-1]


def _between_anchors(
    engine: diff_match_patch,
    old_units: list[str],
    new_units: list[str],
    anchors: list[tuple[int, int]],
    finer: _Levels,
) -> _Diffs:
    diffs: _Diffs = []
    old_from = new_from = 0
    for old_at, new_at in [*anchors, (len(old_units), len(new_units))]:
        gap_old, gap_new = "".join(old_units[old_from:old_at]), "".join(new_units[new_from:new_at])
        if gap_old or gap_new:
            diffs.extend(_align(engine, gap_old, gap_new, finer))
        if old_at < len(old_units):
            diffs.append((_EQUAL, old_units[old_at]))
        old_from, new_from = old_at + 1, new_at + 1
    return diffs


def _units(code: str, ends: frozenset[str] | None) -> list[str]:
    """Cut an encoded text after each unit-ending character (after every one when ``ends`` is None)."""
    if ends is None:
        return list(code)
    units, start = [], 0
    for index, char in enumerate(code):
        if char in ends:
            units.append(code[start : index + 1])
            start = index + 1
    if start < len(code):
        units.append(code[start:])
    return units


# --- edits ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Side:
    """One version as units (tokens or characters) with their texts and offsets."""

    texts: Sequence[str]
    starts: Sequence[int]
    ends: Sequence[int]

    @classmethod
    def of_tokens(cls, tokens: Sequence[Token]) -> _Side:
        return cls([t.text for t in tokens], [t.span[0] for t in tokens], [t.span[1] for t in tokens])

    @classmethod
    def of_text(cls, text: str) -> _Side:
        return cls(text, range(len(text)), range(1, len(text) + 1))

    def span(self, first: int, last: int) -> Span:
        """Units ``[first, last)``; an empty span where unit ``first`` begins (or after the last)."""
        if first < last:
            return self.starts[first], self.ends[last - 1]
        if first < len(self.starts):
            return self.starts[first], self.starts[first]
        end = self.ends[-1] if self.ends else 0
        return end, end

    def text(self, first: int, last: int) -> str:
        return "".join(self.texts[first:last])


def _edits(diffs: _Diffs, old: _Side, new: _Side) -> tuple[Edit, ...]:
    """Edits from diff tuples: each stretch of changes becomes a DELETE, then an INSERT."""
    runs: list[tuple[EditOp, int, int, int, int]] = []  # op, old units [a, b), new units [c, d)
    at_old = at_new = deleted = inserted = 0
    for op, code in [*diffs, (_EQUAL, "")]:  # the sentinel flushes the last changes
        if op == _DELETE:
            deleted += len(code)
            continue
        if op == _INSERT:
            inserted += len(code)
            continue
        if deleted:
            runs.append((EditOp.DELETE, at_old, at_old + deleted, at_new, at_new))
            at_old += deleted
        if inserted:
            runs.append((EditOp.INSERT, at_old, at_old, at_new, at_new + inserted))
            at_new += inserted
        deleted = inserted = 0
        if not code:
            continue
        old_first, new_first = at_old, at_new
        if runs and runs[-1][0] is EditOp.EQUAL:  # two equalities in a row make one run
            _, old_first, _, new_first, _ = runs.pop()
        at_old, at_new = at_old + len(code), at_new + len(code)
        runs.append((EditOp.EQUAL, old_first, at_old, new_first, at_new))
    return tuple(
        Edit(op, old.span(a, b), new.span(c, d), old.text(a, b), new.text(c, d)) for op, a, b, c, d in runs
    )
