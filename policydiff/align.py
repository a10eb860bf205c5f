"""Alignment stage: two outlines → pairs of units; two unit texts → pairs of sentence blocks.

In: the ``PolicyDocument`` of each version. ``document_units`` cuts one into the pieces that
alignment pairs (front matter, preamble, headings of parts and chapters, clauses or articles,
trailer). ``align_units`` pairs the pieces of the old and the new version; ``align_blocks``
pairs the sentences inside one pair of units, so that the diff stage compares like with like.
Out: ``ClausePair`` and ``BlockPair`` records in the reading order of the new version, with
what was deleted placed where it stood relative to its neighbours.

Both levels pair items the same way:

1. **Similarity** is rapidfuzz's ``fuzz.ratio`` (normalized InDel similarity, 2·LCS over the
   total length) of the comparison keys. A unit's key leaves its label out, so that
   renumbering (第十二条 → 第十三条) costs nothing, and keeps its title.
2. **In-order pairs** come from a monotonic alignment that maximises Σ (similarity −
   ``MATCH_MIN``): Needleman–Wunsch with a zero gap score and a price of ``MATCH_MIN`` per
   pair, so that a pair is made only when it beats leaving both sides unpaired. It is solved
   as a heaviest increasing chain over candidate cells. The cells come from unique identical
   keys (anchors, as in patience diff) and, between anchors, a band around the diagonal of
   the similarity matrix: a renumbered law stays close to its diagonal, and 1,000 × 1,000
   units cost a fraction of the full matrix.
3. **Out-of-order pairs**: what is left is paired greedily, most similar first, above
   ``MOVE_MIN`` (or ``MATCH_MIN`` when the shorter text is contained whole in the longer).
   Such a pair crosses the in-order ones, so it is a move. When a moved run and the in-order
   run it jumped over hold comparable numbers of units (``SWAP_RATIO``), both are reported as
   moved: two passages that trade places have no direction, and picking one is arbitrary.
4. Units only: front matter, preamble and trailer pair by role; **split and merge** (one old
   unit ≈ several adjacent new units joined, or the reverse) are looked for before moves; and
   **rewritten slots** (the single unpaired old and new unit between the same two pairs) are
   the same provision rewritten when they still share most of their text (``SLOT_MIN``,
   ``SLOT_COVER``).
5. Blocks only: a moved run takes with it the unpaired sentences next to it in its
   paragraph, and runs of unpaired sentences between the same two pairs are paired as one
   rewritten block when similar enough.

Everything is deterministic: similarities are compared as integers, and ties go to the
earlier position.
"""

from __future__ import annotations

import bisect
import math
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from itertools import groupby, pairwise

import numpy as np
from rapidfuzz import fuzz, process
from rapidfuzz.distance import Indel

from policydiff.model import (
    AlignStatus,
    BlockOp,
    BlockPair,
    ClausePair,
    Node,
    NodeKind,
    PolicyDocument,
    Sentence,
    Span,
    Unit,
    UnitKind,
)
from policydiff.text import comparison_text, split_sentences

# --- thresholds -----------------------------------------------------------------------------
# Similarities are fuzz.ratio / 100. Measured on the law pairs in corpora/: a provision and
# its amended version score 0.6–1.0 (an article that doubles in length still scores 0.67);
# the best *unrelated* article of the same law scores 0.3–0.5, occasionally up to 0.68 for
# articles written to one template (penalty articles, LLC vs joint-stock rules).

MATCH_MIN = 0.5
"""An in-order pair must be more similar than this. The order of the neighbours backs the
pair up, so the bar sits at the top of the unrelated range rather than above all of it."""

MOVE_MIN = 0.6
"""A pair out of order must be more similar than this: nothing but the text vouches for it,
so the bar sits above almost all unrelated pairs."""

CONTAIN_MIN = 0.9
"""A pair out of order that reaches only ``MATCH_MIN`` is still a move when the shorter text is
found almost whole in the longer (rapidfuzz ``partial_ratio``): an article that moved and
gained a paragraph (ozone regulation art. 40 → 39, 2018 → 2023, ratio 0.52)."""

MOVE_MIN_CHARS = 12
"""…and, unless identical, share at least this many characters (longest common subsequence).
Short texts reach a high ratio by chance: 加大价格政策支持力度 and 加大财政政策支持力度 share 8;
company law 2018 art. 60 一人有限责任公司章程由股东制定 and 2023 art. 45 设立有限责任公司，应当由股东
共同制定公司章程 score 0.61 but share only 11."""

SLOT_MIN = 0.3
"""The single unpaired old and new unit between the same two pairs are the same provision
rewritten when they are this similar (their position vouches for them) …"""

SLOT_COVER = 0.6
"""… and their longest common subsequence covers this share of the shorter one. Unrelated
articles of one law exceed SLOT_MIN in 1–4 % of pairs (16 % in the formulaic ozone regulation)
but rarely share most of their text. Ozone regulation art. 17, 2018 → 2023 (a duty to file
extended to a list of filers): ratio 0.31, shared 0.63; penalty law 2017 art. 35 vs 2021
art. 53 (two different rules on on-the-spot decisions): ratio 0.41, shared 0.42."""

SPLIT_MIN = 0.6
"""One unit against several joined: the joined text must be at least this similar …"""

SPLIT_GAIN = 0.1
"""… and beat the best single partner by this margin, so that an article that merely gained a
neighbour is not taken for a split."""

PART_COVER = 0.6
"""Each part of a split (or merge) must be found in the whole: their longest common subsequence
covers at least this share of the part. Between unrelated articles of one law the share is
0.3 at the 90th and 0.55 at the 99th percentile (company, penalty and mineral laws)."""

MAX_PARTS = 4
"""A split or merge joins at most this many units; longer runs are insertions."""

SWAP_RATIO = 1.5
"""A moved run and the in-order run it jumped over are a swap (both moved) when the jumped-over
run counts at most this many times as many units (or sentences) as the moved one: clause A
and B trading places, or two paragraphs against three, but not one article moved past two
(保守国家秘密法 2010 → 2024: art. 39 moved ahead of arts. 37–38, which kept their order;
read by hand in tests/gold/alignment)."""

# --- performance knobs ----------------------------------------------------------------------

BAND = 100
"""Half-width of the band of the similarity matrix computed between two anchors, plus the
difference of the two sides' lengths (which an insertion or deletion run shifts the diagonal by)."""

ROW_BLOCK = 64
"""Rows of the band computed per rapidfuzz call."""

PARALLEL_CELLS = 20_000
"""Use all cores for a rapidfuzz call of at least this many cells (thread start-up costs ~0.5 ms)."""

EXACT_CELLS = 10_000 * 10_000
"""Two units whose keys' lengths multiply to more than this (the front matter or the whole
body of long texts without numbering) get the similarity of their sentences (``_blocks_similarity``,
linear) instead of the exact ratio, whose cost is that product: 8 s for two 200,000-character
bodies."""

LONG_SENTENCE = 2_000
"""A sentence longer than this is aligned clause by clause. The longest sentence of the 1,798
laws of LawRefBook has 922 characters; a text with no sentence marks for pages (a one-line
export) would otherwise make alignment quadratic in its length."""

SCALE = 1000
"""Similarities are handled as integers in [0, SCALE] so that sums and ties are exact."""

_ROLE = -1
"""Group of items that pair by role, never by text (front matter, preamble, trailer)."""

_CONTAINERS = frozenset({NodeKind.VOLUME, NodeKind.CHAPTER, NodeKind.SECTION, NodeKind.PART})


# --- units of a document --------------------------------------------------------------------


def document_units(policy: PolicyDocument) -> tuple[Unit, ...]:
    """Cut ``policy`` into the units that alignment pairs, in document order.

    Front matter, preamble and trailer give one unit each. A part, chapter, section or volume
    gives a HEADING unit of its own paragraphs (before its first child); a clause or article
    (a kind in ``policy.clause_kinds``) gives a CLAUSE unit spanning it whole, items included.
    A document without numbered structure gives one unlabelled CLAUSE unit for its body. An
    item that sits directly under a heading, outside any clause, is a CLAUSE unit of its own,
    so that no text escapes alignment.

    Example: the seed's 三、 gives HEADING ``三、全面完成打赢蓝天保卫战重点任务`` and its
    （十四） gives CLAUSE ``（十四）落实产业结构调整要求。…`` with ``path == ("三、",)``.
    """
    text = policy.text.text
    units: list[Unit] = []
    if policy.front_matter is not None:
        units.append(_role_unit(text, policy.front_matter.span, UnitKind.FRONT_MATTER))
    for node in policy.body:
        units.extend(_node_units(text, node, (), frozenset(policy.clause_kinds)))
    if policy.trailer is not None:
        units.append(_role_unit(text, policy.trailer.span, UnitKind.TRAILER))
    return tuple(unit for unit in units if unit.text)


def _role_unit(text: str, span: Span, kind: UnitKind) -> Unit:
    start, end = _trim(text, span)
    return Unit(kind=kind, label=None, number=None, title=None, span=(start, end), text=text[start:end])


def _node_units(text: str, node: Node, path: tuple[str, ...], clause_kinds: frozenset[NodeKind]) -> list[Unit]:
    if node.kind is NodeKind.PREAMBLE:
        return [_unit(text, node, node.span, UnitKind.PREAMBLE, path)]
    if node.kind in clause_kinds or node.kind is NodeKind.BODY or node.kind not in _CONTAINERS:
        return [_unit(text, node, node.span, UnitKind.CLAUSE, path)]
    first_child = node.children[0].span[0] if node.children else node.span[1]
    own_end = max((p.span[1] for p in node.paragraphs if p.span[1] <= first_child), default=node.span[0])
    units = [_unit(text, node, (node.span[0], own_end), UnitKind.HEADING, path)]
    inner = (*path, node.label) if node.label else path
    pieces = [(child.span[0], child) for child in node.children]
    pieces += [(span[0], span) for span in _loose_runs(node, first_child)]
    for _, piece in sorted(pieces, key=lambda item: item[0]):
        if isinstance(piece, Node):
            units.extend(_node_units(text, piece, inner, clause_kinds))
        else:
            start, end = _trim(text, piece)
            units.append(Unit(kind=UnitKind.CLAUSE, label=None, number=None, title=None, span=(start, end),
                              text=text[start:end], path=inner))
    return units


def _loose_runs(node: Node, first_child: int) -> list[Span]:
    """Runs of a container's own paragraphs that come after its first child: text that
    follows a run of items outside any clause (a paragraph after （三） under 第二章), so
    that no text escapes alignment."""
    runs: list[Span] = []
    for paragraph in (p for p in node.paragraphs if p.span[0] >= first_child):
        inside = any(c.span[0] <= paragraph.span[0] < c.span[1] for c in node.children)
        between = runs and any(runs[-1][1] <= c.span[0] < paragraph.span[0] for c in node.children)
        if inside:
            continue
        if runs and not between:
            runs[-1] = (runs[-1][0], paragraph.span[1])
        else:
            runs.append(paragraph.span)
    return runs


def _unit(text: str, node: Node, span: Span, kind: UnitKind, path: tuple[str, ...]) -> Unit:
    start, end = _trim(text, span)
    return Unit(kind=kind, label=node.label, number=node.number, title=node.title, span=(start, end),
                text=text[start:end], path=path)


def _trim(text: str, span: Span) -> Span:
    """``span`` without the line breaks that end it."""
    start, end = span
    while end > start and text[end - 1] == "\n":
        end -= 1
    return start, end


# --- the pairing machinery shared by units and blocks ----------------------------------------


@dataclass(frozen=True, slots=True)
class _Items:
    """One side of an alignment: comparison keys, and groups (only equal groups pair)."""

    keys: list[str]
    groups: np.ndarray
    """Integer group of each item; ``_ROLE`` never pairs by text."""

    def __len__(self) -> int:
        return len(self.keys)

    def scored_keys(self, start: int, stop: int) -> list[str]:
        """The keys of items ``start:stop`` to score, blank for ``_ROLE`` items: those never pair
        by text, and a whole body's key would cost its length squared."""
        return [key if group != _ROLE else "" for key, group in zip(self.keys[start:stop], self.groups[start:stop])]


@dataclass(frozen=True, slots=True)
class _Link:
    """Items of the old and new side paired, with the status they will be reported under."""

    old: tuple[int, ...]
    new: tuple[int, ...]
    status: AlignStatus
    similarity: float

    @property
    def in_order(self) -> bool:
        return self.status is not AlignStatus.MOVED


_Entry = tuple[tuple[int, ...], tuple[int, ...], bool]
"""Old items, new items, and whether the entry is in order: what ``_reading_order`` sorts."""


def _similarity(old: str, new: str) -> float:
    return fuzz.ratio(old, new) / 100


def _points(similarity: float) -> int:
    return round(similarity * SCALE)


def _common_chars(old: str, new: str) -> int:
    """Length of the longest common subsequence of ``old`` and ``new``."""
    return (len(old) + len(new) - Indel.distance(old, new)) // 2


def _scores(old: Sequence[str], new: Sequence[str], cutoff: float) -> np.ndarray:
    """``fuzz.ratio`` of every old against every new key; 0 below ``cutoff`` (0–1)."""
    workers = -1 if len(old) * len(new) >= PARALLEL_CELLS else 1
    return process.cdist(old, new, scorer=fuzz.ratio, score_cutoff=cutoff * 100, workers=workers)


def _pair_items(old: _Items, new: _Items) -> list[_Link]:
    """In-order pairs: a heaviest monotonic chain over anchors and banded candidates."""
    cells = _candidates(old, new, MATCH_MIN)
    chain = _heaviest_chain(cells, len(new), _points(MATCH_MIN))
    return [_Link((i, ), (j, ), AlignStatus.MATCHED, points / SCALE) for i, j, points in chain]


def _candidates(old: _Items, new: _Items, floor: float) -> list[tuple[int, int, int]]:
    """Cells ``(old, new, points)`` of one group that reach ``floor``, sorted by position.

    Unique identical keys are anchors; between two anchors only a band around the diagonal
    of the similarity matrix is computed.
    """
    anchors = _anchors(old, new)
    cells = [(i, j, SCALE) for i, j in anchors]
    starts = [(-1, -1), *anchors]
    stops = [*anchors, (len(old), len(new))]
    for (i0, j0), (i1, j1) in zip(starts, stops):
        cells.extend(_band_cells(old, new, range(i0 + 1, i1), range(j0 + 1, j1), floor))
    cells.sort()
    return cells


def _anchors(old: _Items, new: _Items) -> list[tuple[int, int]]:
    """Pairs of keys that occur once on each side and belong to every longest increasing
    subsequence of them: where two runs of anchors trade places, which run stays in order is
    a tie, and the anchors leave it to the similarity chain, the same whichever side is old."""
    def unique(items: _Items) -> dict[tuple[int, str], int]:
        seen = Counter(zip(items.groups.tolist(), items.keys))
        return {(g, k): i for i, (g, k) in enumerate(zip(items.groups.tolist(), items.keys))
                if seen[g, k] == 1 and g != _ROLE and k}

    old_unique, new_unique = unique(old), unique(new)
    pairs = sorted((i, new_unique[key]) for key, i in old_unique.items() if key in new_unique)
    return _in_every_longest_chain(pairs)


def _in_every_longest_chain(pairs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The pairs (sorted by first, all seconds distinct) that every longest subsequence
    increasing in the second coordinate contains."""
    ending = _chain_lengths([j for _, j in pairs])
    starting = _chain_lengths([-j for _, j in reversed(pairs)])[::-1]
    longest = max(ending, default=0)
    on_some = [k for k in range(len(pairs)) if ending[k] + starting[k] - 1 == longest]
    per_length = Counter(ending[k] for k in on_some)
    return [pairs[k] for k in on_some if per_length[ending[k]] == 1]


def _chain_lengths(values: list[int]) -> list[int]:
    """For each position, the length of the longest strictly increasing run of ``values``
    that ends there (patience sorting, O(n log n))."""
    tails: list[int] = []
    lengths = []
    for value in values:
        k = bisect.bisect_left(tails, value)
        if k == len(tails):
            tails.append(value)
        else:
            tails[k] = value
        lengths.append(k + 1)
    return lengths


def _band_cells(old: _Items, new: _Items, rows: range, cols: range, floor: float) -> list[tuple[int, int, int]]:
    """Candidate cells in a band around the diagonal of the ``rows`` × ``cols`` rectangle."""
    if not rows or not cols:
        return []
    half = BAND + abs(len(rows) - len(cols))
    slope = len(cols) / len(rows)
    cells: list[tuple[int, int, int]] = []
    for first in range(rows.start, rows.stop, ROW_BLOCK):
        last = min(first + ROW_BLOCK, rows.stop)
        lo = max(cols.start, cols.start + math.floor((first - rows.start) * slope) - half)
        hi = min(cols.stop, cols.start + math.ceil((last - rows.start) * slope) + half + 1)
        if lo >= hi:
            continue
        scores = _scores(old.scored_keys(first, last), new.scored_keys(lo, hi), floor)
        old_groups, new_groups = old.groups[first:last, None], new.groups[None, lo:hi]
        keep = (scores > 0) & (old_groups == new_groups) & (old_groups != _ROLE)
        for i, j in zip(*np.nonzero(keep)):
            cells.append((first + int(i), lo + int(j), _points(float(scores[i, j]) / 100)))
    return cells


def _heaviest_chain(cells: list[tuple[int, int, int]], width: int, price: int) -> list[tuple[int, int, int]]:
    """The cells, strictly increasing in both coordinates, with the largest Σ (points − price).

    ``cells`` are sorted by position. A Fenwick tree over the new coordinate holds the best
    chain ending before each column, so the cost is O(cells · log width). Ties prefer the
    chain that ends earlier.
    """
    empty = (0, 0, 0, -1)
    tree = [empty] * (width + 1)
    ends: list[tuple[int, int, int, int]] = []
    back: list[int] = []
    for _, row in groupby(range(len(cells)), key=lambda index: cells[index][0]):
        found = []
        for index in row:
            i, j, points = cells[index]
            if points <= price:
                continue
            previous = _prefix_best(tree, j)
            found.append((j, (previous[0] + points - price, -i, -j, index), previous[3]))
        for j, end, previous_index in found:
            _raise(tree, j + 1, end)
            ends.append(end)
            back.append(previous_index)
    chain = []
    position = {end[3]: n for n, end in enumerate(ends)}
    index = max(ends, default=empty)[3]
    while index >= 0:
        chain.append(cells[index])
        index = back[position[index]]
    return chain[::-1]


def _prefix_best(tree: list, stop: int) -> tuple[int, int, int, int]:
    """The best chain end among columns ``< stop``."""
    best = tree[0]
    while stop > 0:
        best = max(best, tree[stop])
        stop -= stop & -stop
    return best


def _raise(tree: list, position: int, value: tuple[int, int, int, int]) -> None:
    while position < len(tree):
        tree[position] = max(tree[position], value)
        position += position & -position


class _Order:
    """The in-order links, kept sorted, to tell whether a new pair would cross them."""

    def __init__(self, links: Iterable[_Link]) -> None:
        self.links = sorted((link for link in links if link.in_order), key=lambda link: link.old[0])
        self.starts = [link.old[0] for link in self.links]

    def fits(self, old: tuple[int, ...], new: tuple[int, ...]) -> bool:
        """Whether pairing ``old`` with ``new`` crosses no in-order link."""
        k = bisect.bisect_left(self.starts, old[0])
        before = self.links[k - 1] if k else None
        after = self.links[k] if k < len(self.links) else None
        return ((before is None or (before.old[-1] < old[0] and before.new[-1] < new[0]))
                and (after is None or (old[-1] < after.old[0] and new[-1] < after.new[0])))

    def add(self, link: _Link) -> None:
        k = bisect.bisect_left(self.starts, link.old[0])
        self.links.insert(k, link)
        self.starts.insert(k, link.old[0])

    def gaps(self, old_size: int, new_size: int) -> Iterable[tuple[range, range]]:
        """The old and new index ranges between consecutive in-order links."""
        old_start = new_start = 0
        for link in [*self.links, None]:
            old_stop = link.old[0] if link else old_size
            new_stop = link.new[0] if link else new_size
            yield range(old_start, old_stop), range(new_start, new_stop)
            if link:
                old_start, new_start = link.old[-1] + 1, link.new[-1] + 1


def _pair_moves(old: _Items, new: _Items, links: list[_Link]) -> list[_Link]:
    """Pair what is left, most similar first; a pair that crosses the in-order links is MOVED.

    A pair that fits between in-order links (possible only for cells outside the band) joins
    them as MATCHED.
    """
    used_old = {i for link in links for i in link.old}
    used_new = {j for link in links for j in link.new}
    free_old = [i for i in range(len(old)) if i not in used_old and old.groups[i] != _ROLE]
    free_new = [j for j in range(len(new)) if j not in used_new and new.groups[j] != _ROLE]
    if not free_old or not free_new:
        return links
    scores = _scores([old.keys[i] for i in free_old], [new.keys[j] for j in free_new], MATCH_MIN)
    same = old.groups[free_old][:, None] == new.groups[free_new][None, :]
    ranked = sorted((-_points(float(scores[a, b]) / 100), free_old[a], free_new[b])
                    for a, b in zip(*np.nonzero((scores > 0) & same)))
    order = _Order(links)
    result = list(links)
    for negative_points, i, j in ranked:
        if i in used_old or j in used_new or not _movable(old.keys[i], new.keys[j], -negative_points):
            continue
        used_old.add(i)
        used_new.add(j)
        fits = order.fits((i, ), (j, ))
        link = _Link((i, ), (j, ), AlignStatus.MATCHED if fits else AlignStatus.MOVED, -negative_points / SCALE)
        if fits:
            order.add(link)
        result.append(link)
    return result


def _movable(old: str, new: str, points: int) -> bool:
    """Whether two texts out of order are similar enough to be called one text moved."""
    if old == new:
        return True
    if points <= _points(MATCH_MIN) or _common_chars(old, new) < MOVE_MIN_CHARS:
        return False
    if points > _points(MOVE_MIN):
        return True
    shorter, longer = sorted((old, new), key=len)
    return fuzz.partial_ratio(shorter, longer) / 100 >= CONTAIN_MIN


def _moved_runs(links: list[_Link]) -> list[list[_Link]]:
    """Moved links grouped into runs that moved together (adjacent on both sides)."""
    old_taken = sorted(i for link in links for i in link.old)
    new_taken = sorted(j for link in links for j in link.new)

    def between(taken: list[int], low: int, high: int) -> bool:
        return bisect.bisect_left(taken, high) - bisect.bisect_right(taken, low) > 0

    runs: list[list[_Link]] = []
    for link in sorted((link for link in links if not link.in_order), key=lambda link: link.old[0]):
        if runs:
            last = runs[-1][-1]
            if (link.new[0] > last.new[-1] and not between(old_taken, last.old[-1], link.old[0])
                    and not between(new_taken, last.new[-1], link.new[0])):
                runs[-1].append(link)
                continue
        runs.append([link])
    return runs


def _mark_swaps(links: list[_Link], run_size: Callable[[list[_Link]], int], groups: np.ndarray) -> list[_Link]:
    """Report as MOVED too the in-order run that a moved run traded places with.

    The jumped-over links are those on the other side of the moved run in both versions. When
    they hold at most ``SWAP_RATIO`` times as many old items as the moved run (``run_size``),
    the two passages swapped.
    """
    links = list(links)
    for run in _moved_runs(links):
        old_lo, old_hi = run[0].old[0], run[-1].old[-1]
        new_lo, new_hi = min(j for link in run for j in link.new), max(j for link in run for j in link.new)
        crossed = [n for n, link in enumerate(links)
                   if link.status is AlignStatus.MATCHED and all(groups[i] != _ROLE for i in link.old)
                   and ((link.old[-1] < old_lo and link.new[0] > new_hi)
                        or (link.old[0] > old_hi and link.new[-1] < new_lo))]
        crossed_size = sum(len(links[n].old) for n in crossed)
        if crossed and crossed_size <= SWAP_RATIO * run_size(run):
            for n in crossed:
                link = links[n]
                links[n] = _Link(link.old, link.new, AlignStatus.MOVED, link.similarity)
    return links


def _reading_order(entries: list[_Entry]) -> list[int]:
    """Indices of ``entries`` (old items, new items, in order?) in the new version's order.

    An entry without new items (a deletion) goes right after the in-order entry holding the
    nearest old item before it, or first if there is none.
    """
    anchors = sorted((max(old), max(new)) for old, new, in_order in entries if old and new and in_order)
    anchor_old = [old for old, _ in anchors]

    def key(index: int) -> tuple[int, int, int]:
        old, new, _ = entries[index]
        if new:
            return min(new), 0, min(old, default=-1)
        k = bisect.bisect_left(anchor_old, min(old))
        return (anchors[k - 1][1] if k else -1), 1, min(old)

    return sorted(range(len(entries)), key=key)


# --- units ----------------------------------------------------------------------------------


def align_units(old: Sequence[Unit], new: Sequence[Unit]) -> tuple[ClausePair, ...]:
    """Pair the units of two versions, in the reading order of the new version.

    Units pair only with units of the same kind. Front matter, preamble, trailer and an
    unlabelled body pair by role; headings and clauses by text (see the module docstring).
    A clause inserted in the middle gives one INSERTED pair, and MATCHED pairs with
    ``renumbered=True`` for the clauses after it.

    Example: the seed's draft and final give 22 MATCHED clause pairs, the four part
    headings, the preamble and the front matter MATCHED, and the final's trailer INSERTED.
    """
    old_items, new_items = _unit_items(old), _unit_items(new)
    links = _role_links(old, new)
    links += _pair_items(old_items, new_items)
    links = _split_and_merge(old_items, new_items, links)
    links = _pair_moves(old_items, new_items, links)
    links = _fill_slots(old_items, new_items, links)
    links = _mark_swaps(links, lambda run: sum(len(link.old) for link in run), old_items.groups)
    used_old = {i for link in links for i in link.old}
    used_new = {j for link in links for j in link.new}
    links += [_Link((i, ), (), AlignStatus.DELETED, 0.0) for i in range(len(old)) if i not in used_old]
    links += [_Link((), (j, ), AlignStatus.INSERTED, 0.0) for j in range(len(new)) if j not in used_new]
    order = _reading_order([(link.old, link.new, link.in_order) for link in links])
    return tuple(_clause_pair(links[n], old, new) for n in order)


def _unit_key(unit: Unit) -> str:
    """The comparison key without the label (the title stays)."""
    body = unit.text[len(unit.label):] if unit.label and unit.text.startswith(unit.label) else unit.text
    return comparison_text(body) or comparison_text(unit.text) or unit.text


def _unit_items(units: Sequence[Unit]) -> _Items:
    groups = [_ROLE if unit.label is None else list(UnitKind).index(unit.kind) for unit in units]
    return _Items(keys=[_unit_key(unit) for unit in units], groups=np.array(groups, dtype=np.int64))


def _role_links(old: Sequence[Unit], new: Sequence[Unit]) -> list[_Link]:
    """Unlabelled units (front matter, preamble, body, trailer) pair by kind, in order."""
    links = []
    for kind in UnitKind:
        old_role = [i for i, unit in enumerate(old) if unit.label is None and unit.kind is kind]
        new_role = [j for j, unit in enumerate(new) if unit.label is None and unit.kind is kind]
        for i, j in zip(old_role, new_role):
            old_key, new_key = _unit_key(old[i]), _unit_key(new[j])
            similarity = (_similarity(old_key, new_key) if len(old_key) * len(new_key) <= EXACT_CELLS
                          else _blocks_similarity(old[i].text, new[j].text))
            links.append(_Link((i, ), (j, ), AlignStatus.MATCHED, similarity))
    return links


def _blocks_similarity(old_text: str, new_text: str) -> float:
    """The share of two long texts' keys that their sentence blocks have in common: the common
    characters of each pair of blocks (``align_blocks``), summed, in linear time. A moved
    block's text counts as shared, which the exact ratio does not count; on the whole texts of
    the seed pair, company law 2018/2023 and penalty law 2017/2021 the two differ by 0.008,
    0.047 and 0.015."""
    common = sum(_common_chars(comparison_text(old_text[slice(*block.old_span)]),
                               comparison_text(new_text[slice(*block.new_span)]))
                 for block in align_blocks(old_text, new_text) if block.old_span and block.new_span)
    total = len(comparison_text(old_text)) + len(comparison_text(new_text))
    return 2 * common / total if total else 1.0


def _split_and_merge(old: _Items, new: _Items, links: list[_Link]) -> list[_Link]:
    """Replace pairs (or pair leftovers) by SPLIT and MERGED links where joined units fit better."""
    found = _joins(old, new, links, AlignStatus.SPLIT)
    found += [_Link(link.new, link.old, AlignStatus.MERGED, link.similarity)
              for link in _joins(new, old, [_Link(k.new, k.old, k.status, k.similarity) for k in links],
                                 AlignStatus.MERGED)]
    used_old: set[int] = set()
    used_new: set[int] = set()
    accepted = []
    for link in sorted(found, key=lambda k: (-_points(k.similarity), k.old, k.new)):
        if used_old.isdisjoint(link.old) and used_new.isdisjoint(link.new):
            accepted.append(link)
            used_old.update(link.old)
            used_new.update(link.new)
    kept = [link for link in links if used_old.isdisjoint(link.old) and used_new.isdisjoint(link.new)]
    return kept + accepted


def _joins(whole: _Items, parts: _Items, links: list[_Link], status: AlignStatus) -> list[_Link]:
    """Candidate links of one ``whole`` item with a run of 2…MAX_PARTS adjacent ``parts`` items.

    Written for splits (old whole, new parts); merges call it with the sides swapped. The run
    may use only unpaired parts and the whole's own partner (which it must contain); an
    unpaired whole looks for its run between the in-order links around it.
    """
    order = _Order(links)
    own = {link.old[0]: link.new[0] for link in links
           if link.in_order and len(link.old) == 1 and len(link.new) == 1 and whole.groups[link.old[0]] != _ROLE}
    taken_whole = {i for link in links for i in link.old}
    taken_parts = {j for link in links for j in link.new}
    candidates = []
    for i in range(len(whole)):
        if whole.groups[i] == _ROLE or (i in taken_whole and i not in own):
            continue
        partner = own.get(i)
        if partner is not None:
            reach = range(max(partner - MAX_PARTS + 1, 0), min(partner + MAX_PARTS, len(parts)))
        else:
            reach = _gap_of(order, i, len(parts))
        usable = [j for j in reach if parts.groups[j] == whole.groups[i]
                  and (j not in taken_parts or j == partner)]
        usable = _covered(whole.keys[i], usable, parts)
        for window in _windows(usable):
            if partner is None or partner in window:
                link = _join_link(whole, parts, i, window, status)
                if link is not None:
                    candidates.append(link)
    return candidates


def _gap_of(order: _Order, i: int, size: int) -> range:
    """The new index range between the in-order links around old item ``i``."""
    k = bisect.bisect_left(order.starts, i)
    start = order.links[k - 1].new[-1] + 1 if k else 0
    stop = order.links[k].new[0] if k < len(order.links) else size
    return range(start, stop)


def _covered(key: str, indices: list[int], parts: _Items) -> list[int]:
    """The ``indices`` whose key is mostly found in ``key``: the longest common subsequence
    covers ``PART_COVER`` of the part."""
    if not indices:
        return []
    part_keys = [parts.keys[j] for j in indices]
    distances = process.cdist([key], part_keys, scorer=Indel.distance)[0]
    return [j for j, part, distance in zip(indices, part_keys, distances.tolist())
            if (len(part) + len(key) - distance) / 2 >= PART_COVER * len(part)]


def _windows(indices: list[int]) -> Iterable[range]:
    """Runs of 2…MAX_PARTS consecutive numbers within ``indices`` (sorted)."""
    for start_at, start in enumerate(indices):
        stop = start + 1
        for following in indices[start_at + 1 : start_at + MAX_PARTS]:
            if following != stop:
                break
            stop += 1
            yield range(start, stop)


def _join_link(whole: _Items, parts: _Items, i: int, window: range, status: AlignStatus) -> _Link | None:
    """The link of ``whole[i]`` with the ``window`` of parts, if joining them fits clearly better."""
    key = whole.keys[i]
    part_keys = [parts.keys[j] for j in window]
    joined = _similarity(key, "".join(part_keys))
    single = max(_similarity(key, part) for part in part_keys)
    if joined < SPLIT_MIN or joined < single + SPLIT_GAIN:
        return None
    return _Link((i, ), tuple(window), status, joined)


def _fill_slots(old: _Items, new: _Items, links: list[_Link]) -> list[_Link]:
    """Pair the single unpaired old and new unit of one kind between the same two in-order links."""
    used_old = {i for link in links for i in link.old}
    used_new = {j for link in links for j in link.new}
    order = _Order(links)
    filled = []
    for old_gap, new_gap in order.gaps(len(old), len(new)):
        old_free = [i for i in old_gap if i not in used_old and old.groups[i] != _ROLE]
        new_free = [j for j in new_gap if j not in used_new and new.groups[j] != _ROLE]
        in_gap: list[tuple[int, int]] = []
        for group in sorted({int(old.groups[i]) for i in old_free}):
            old_one = [i for i in old_free if old.groups[i] == group]
            new_one = [j for j in new_free if new.groups[j] == group]
            if len(old_one) == 1 and len(new_one) == 1:
                old_key, new_key = old.keys[old_one[0]], new.keys[new_one[0]]
                similarity = _similarity(old_key, new_key)
                shared = _common_chars(old_key, new_key) / max(min(len(old_key), len(new_key)), 1)
                # Slots of two kinds in one gap (a heading and a clause) must not cross: a pair
                # out of order is a move, which a slot's position cannot vouch for.
                crosses = any((old_one[0] - i) * (new_one[0] - j) < 0 for i, j in in_gap)
                if similarity >= SLOT_MIN and shared >= SLOT_COVER and not crosses:
                    filled.append(_Link((old_one[0], ), (new_one[0], ), AlignStatus.MATCHED, similarity))
                    in_gap.append((old_one[0], new_one[0]))
    return links + filled


def _clause_pair(link: _Link, old: Sequence[Unit], new: Sequence[Unit]) -> ClausePair:
    old_units = tuple(old[i] for i in link.old)
    new_units = tuple(new[j] for j in link.new)
    renumbered = (link.status in (AlignStatus.MATCHED, AlignStatus.MOVED)
                  and _label_key(old_units[0]) != _label_key(new_units[0]))
    return ClausePair(old=old_units, new=new_units, status=link.status, similarity=link.similarity,
                      renumbered=renumbered)


def _label_key(unit: Unit) -> str | None:
    """The label folded like the text, so that (一) and （一） are the same label."""
    return comparison_text(unit.label) if unit.label else None


# --- blocks inside a pair of units -----------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Sentence:
    """One sentence of a unit's text and the number of the paragraph (line) it is in."""

    span: Span
    paragraph: int
    text: str


def align_blocks(old_text: str, new_text: str) -> tuple[BlockPair, ...]:
    """Pair the sentences of two versions of one unit, with moves, in the new text's order.

    Paragraphs are split on ``\\n`` and sentences with ``split_sentences``. Every sentence of
    either text lies in exactly one block's span; a line break between two blocks lies in none,
    and a block that spans several paragraphs includes the line breaks inside it. EQUAL: the
    same text. CHANGED: the same sentence (or run of sentences) edited in place. MOVED: matched
    out of order, with the unpaired sentences next to it in its paragraph (similarity < 1 when
    it was edited too). INSERTED and DELETED: runs of sentences of one paragraph.

    Example: in the seed's （十九） the final puts 加大价格政策支持力度… before the rewritten
    funding paragraph; both come out MOVED, the funding one with similarity < 1.
    """
    old_sents, new_sents = _sentences(old_text), _sentences(new_text)
    old_items, new_items = _sentence_items(old_sents), _sentence_items(new_sents)
    links = _pair_items(old_items, new_items)
    links = _pair_moves(old_items, new_items, links)
    taken_old = {i for link in links for i in link.old}
    taken_new = {j for link in links for j in link.new}

    def extent_size(run: list[_Link]) -> int:
        lo, hi = _extent([i for link in run for i in link.old], old_sents, taken_old, set())
        return hi - lo + 1

    links = _mark_swaps(links, extent_size, old_items.groups)
    entries, blocks = _moved_blocks(links, old_sents, new_sents, old_items, new_items, taken_old, taken_new)
    for link in links:
        if link.in_order:
            (i, ), (j, ) = link.old, link.new
            same = old_sents[i].text == new_sents[j].text
            entries.append((link.old, link.new, True))
            blocks.append(BlockPair(BlockOp.EQUAL if same else BlockOp.CHANGED, old_sents[i].span,
                                    new_sents[j].span, 1.0 if same else link.similarity))
    absorbed_old = {i for old, _, _ in entries for i in old}
    absorbed_new = {j for _, new, _ in entries for j in new}
    order = _Order(link for link in links if link.in_order)
    for old_run, new_run in _leftover_runs(order, (old_sents, old_items, absorbed_old),
                                           (new_sents, new_items, absorbed_new)):
        entries.append((old_run, new_run, bool(old_run and new_run)))
        blocks.append(_run_block(old_run, new_run, old_sents, new_sents, old_items, new_items))
    return tuple(blocks[n] for n in _reading_order(entries))


def _sentences(text: str) -> list[_Sentence]:
    """The sentences of ``text``, paragraph by paragraph, with spans into ``text``; a sentence
    longer than ``LONG_SENTENCE`` is cut after each of its clauses (``_clause_pieces``)."""
    sentences = []
    start = 0
    for number, paragraph in enumerate(text.split("\n")):
        for sentence in split_sentences(paragraph, start):
            if len(sentence.text) > LONG_SENTENCE:
                sentences.extend(_Sentence(span, number, text[span[0]:span[1]]) for span in _clause_pieces(sentence))
            else:
                sentences.append(_Sentence(sentence.span, number, sentence.text))
        start += len(paragraph) + 1
    return sentences


_CLAUSE_END = re.compile(r"[，,；;：:]")


def _clause_pieces(sentence: Sentence) -> list[Span]:
    """The spans of ``sentence`` cut after each clause mark: what alignment pairs in a sentence
    too long to compare whole (the similarity of two texts costs the product of their lengths)."""
    start, end = sentence.span
    cuts = [start + match.end() for match in _CLAUSE_END.finditer(sentence.text)]
    bounds = [start, *(cut for cut in cuts if start < cut < end), end]
    return [(a, b) for a, b in pairwise(bounds) if b > a]


def _sentence_items(sentences: list[_Sentence]) -> _Items:
    return _Items(keys=[comparison_text(s.text) or s.text for s in sentences],
                  groups=np.zeros(len(sentences), dtype=np.int64))


def _extent(members: list[int], sentences: list[_Sentence], taken: set[int], absorbed: set[int]) -> tuple[int, int]:
    """First and last sentence of a moved run once it takes the unpaired sentences beside it
    in its paragraph (and those between its members)."""
    lo, hi = min(members), max(members)

    def free(k: int, neighbour: int) -> bool:
        return (0 <= k < len(sentences) and k not in taken and k not in absorbed
                and sentences[k].paragraph == sentences[neighbour].paragraph)

    while free(lo - 1, lo):
        lo -= 1
    while free(hi + 1, hi):
        hi += 1
    return lo, hi


def _moved_blocks(links: list[_Link], old_sents: list[_Sentence], new_sents: list[_Sentence], old_items: _Items,
                  new_items: _Items, taken_old: set[int], taken_new: set[int]) -> tuple[list[_Entry], list[BlockPair]]:
    """One MOVED block per moved run, stretched over the unpaired sentences beside it."""
    entries: list[_Entry] = []
    blocks: list[BlockPair] = []
    absorbed_old: set[int] = set()
    absorbed_new: set[int] = set()
    # Runs stretch in turn over the free sentences beside them, so the order decides which run
    # takes a sentence both could: nearest the start of both texts first (the sum of the run's
    # first positions), an order that comparing the versions the other way round keeps.
    for run in sorted(_moved_runs(links), key=lambda run: (run[0].old[0] + min(run[0].new), run[0].old[0])):
        old_lo, old_hi = _extent([i for link in run for i in link.old], old_sents, taken_old, absorbed_old)
        new_lo, new_hi = _extent([j for link in run for j in link.new], new_sents, taken_new, absorbed_new)
        old_run, new_run = tuple(range(old_lo, old_hi + 1)), tuple(range(new_lo, new_hi + 1))
        absorbed_old.update(old_run)
        absorbed_new.update(new_run)
        similarity = _similarity("".join(old_items.keys[i] for i in old_run),
                                 "".join(new_items.keys[j] for j in new_run))
        entries.append((old_run, new_run, False))
        blocks.append(BlockPair(BlockOp.MOVED, _run_span(old_sents, old_run), _run_span(new_sents, new_run),
                                similarity))
    return entries, blocks


_Side = tuple[list[_Sentence], _Items, set[int]]
"""The sentences of one text, their items, and those already in a block."""


def _leftover_runs(order: _Order, old: _Side, new: _Side) -> Iterable[tuple[tuple[int, ...], tuple[int, ...]]]:
    """Unpaired sentences as runs (consecutive, one paragraph), paired in order within each gap
    between in-order links when the runs are at least ``SLOT_MIN`` similar; else alone."""
    (old_sents, old_items, old_done), (new_sents, new_items, new_done) = old, new
    for old_gap, new_gap in order.gaps(len(old_sents), len(new_sents)):
        old_runs = _runs([i for i in old_gap if i not in old_done], old_sents)
        new_runs = _runs([j for j in new_gap if j not in new_done], new_sents)
        paired = _pair_runs(old_runs, new_runs, old_items, new_items)
        paired_old = {a for a, _ in paired}
        paired_new = {b for _, b in paired}
        yield from ((old_runs[a], new_runs[b]) for a, b in paired)
        yield from ((run, ()) for a, run in enumerate(old_runs) if a not in paired_old)
        yield from (((), run) for b, run in enumerate(new_runs) if b not in paired_new)


def _runs(indices: list[int], sentences: list[_Sentence]) -> list[tuple[int, ...]]:
    """``indices`` (sorted) cut into runs of consecutive sentences of one paragraph."""
    runs: list[list[int]] = []
    for k in indices:
        if runs and runs[-1][-1] == k - 1 and sentences[k].paragraph == sentences[k - 1].paragraph:
            runs[-1].append(k)
        else:
            runs.append([k])
    return [tuple(run) for run in runs]


def _pair_runs(old_runs: list[tuple[int, ...]], new_runs: list[tuple[int, ...]], old_items: _Items,
               new_items: _Items) -> list[tuple[int, int]]:
    """Indices of old and new runs paired as rewritten text: a heaviest chain above ``SLOT_MIN``."""
    if not old_runs or not new_runs:
        return []
    old_keys = ["".join(old_items.keys[i] for i in run) for run in old_runs]
    new_keys = ["".join(new_items.keys[j] for j in run) for run in new_runs]
    scores = _scores(old_keys, new_keys, SLOT_MIN)
    cells = [(a, b, _points(float(scores[a, b]) / 100)) for a, b in zip(*np.nonzero(scores > 0))]
    chain = _heaviest_chain(sorted(cells), len(new_runs), _points(SLOT_MIN) - 1)
    return [(a, b) for a, b, _ in chain]


def _run_block(old_run: tuple[int, ...], new_run: tuple[int, ...], old_sents: list[_Sentence],
               new_sents: list[_Sentence], old_items: _Items, new_items: _Items) -> BlockPair:
    """The block of leftover runs: DELETED, INSERTED, or CHANGED when both sides have one."""
    if not new_run:
        return BlockPair(BlockOp.DELETED, _run_span(old_sents, old_run), None, 0.0)
    if not old_run:
        return BlockPair(BlockOp.INSERTED, None, _run_span(new_sents, new_run), 0.0)
    similarity = _similarity("".join(old_items.keys[i] for i in old_run), "".join(new_items.keys[j] for j in new_run))
    return BlockPair(BlockOp.CHANGED, _run_span(old_sents, old_run), _run_span(new_sents, new_run), similarity)


def _run_span(sentences: list[_Sentence], run: tuple[int, ...]) -> Span:
    return sentences[run[0]].span[0], sentences[run[-1]].span[1]
