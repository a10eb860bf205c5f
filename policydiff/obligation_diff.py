"""Obligation diff stage: which obligations were added, removed or changed between versions.

In: the obligations extracted from the old and the new document, and the clause pairs of the
alignment. Out: one ``ObligationChange`` per obligation of either version, ``oc001`` … in the
new document's order, a removed obligation standing where it stood in the old one.

Pairing runs in two steps:

1. **Clause.** Each obligation is placed in the aligned pair whose unit contains the start of
   its span (falling back to its clause label, then to one group for obligations outside any
   unit). Only obligations in the same group can pair, so renumbered, moved, split and merged
   clauses carry their obligations with them, and those of a deleted clause are removed.
2. **Key, then agreement.** Inside a group, two obligations are candidates when they measure
   the same dimension (the units of their quantities overlap, or neither has one), name compatible actors (equal, or one
   unstated) and the same metric (similar names; when a side states none, the action
   phrases must be similar instead). The value is *not* part of the key, or a changed value
   could never be seen. Candidates are ranked by how little differs between them (a weighted
   count of the differing fields below), then by the similarity of their action phrases, then
   of their sentences; a greedy assignment takes the best remaining candidate first, ties
   broken by document order, so the result is deterministic. Identical obligations pair
   before any ranking, and when more than ``FULL_PAIRS`` pairs are left in a group (an
   unnumbered text of over a thousand changed figures) each obligation is ranked only against
   those near its own relative position, so that pairing stays linear in their number.

Fields compare canonical values: the quantities' values, units and ranges (``quantity``) and
comparators (``comparator``), ISO dates of deadlines and periods (their text when fuzzy),
actor names, metric keys (letters and digits only), modality levels, and action keys (one
containing the other counts as the same action, see ``_same_action``).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Hashable, Iterator, Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz

from policydiff.model import ClausePair, Measure, Obligation, ObligationChange, ObligationStatus, Span, Unit
from policydiff.text import comparison_text

FIELDS = ("quantity", "comparator", "deadline", "period", "actor", "modality", "action", "metric")
"""The fields an obligation change can name, in the order they are reported."""

FIELD_WEIGHTS = {
    "quantity": 2,
    "comparator": 1,
    "deadline": 1,
    "period": 1,
    "actor": 2,
    "modality": 1,
    "action": 1,
    "metric": 2,
}
"""Cost of a differing field when ranking candidates: who and what weigh more than how."""

METRIC_SIMILARITY = 0.6
"""Two stated metrics name the same thing at or above this similarity (rapidfuzz ratio, 0–1)."""

ACTION_SIMILARITY = 0.5
"""Without two stated metrics, the action phrases (or sentences) must be this similar."""

ACTION_CORE_LENGTH = 4
"""An action phrase inside another counts as the same action from this many characters on."""

GroupKey = tuple[str, Hashable]


def diff_obligations(old: Sequence[Obligation], new: Sequence[Obligation],
                     pairs: Sequence[ClausePair]) -> tuple[ObligationChange, ...]:
    """Pair the obligations of two versions and say which were added, removed or changed.

    Args:
        old: Obligations of the old version, in text order.
        new: Obligations of the new version, in text order.
        pairs: The clause alignment of the two versions (``align_units``).

    Returns:
        One change per obligation of either version, ids ``oc001`` … in the new document's
        order; a removed obligation comes right after the change of the paired obligation
        before it in the old document.

    Example:
        In an aligned clause, old "要…10吨/小时及以下冲天炉改为电炉" and new
        "鼓励…10吨/小时及以下冲天炉改为电炉" pair as CHANGED with fields ``("modality",)``.
    """
    old_groups = _group(old, pairs, side=lambda pair: pair.old)
    new_groups = _group(new, pairs, side=lambda pair: pair.new)
    matched: dict[int, int] = {}  # new index → old index
    for key in sorted(set(old_groups) & set(new_groups), key=repr):
        matched.update(_assign(old, old_groups[key], new, new_groups[key]))
    return _ordered_changes(old, new, matched)


def differing_fields(old: Obligation, new: Obligation) -> tuple[str, ...]:
    """The names among ``FIELDS`` whose canonical values differ between two obligations."""
    return _differences(_canonical(old), _canonical(new))


# --- step 1: groups by clause alignment -------------------------------------------------------


def _group(obligations: Sequence[Obligation], pairs: Sequence[ClausePair],
           side: Callable[[ClausePair], tuple[Unit, ...]]) -> dict[GroupKey, list[int]]:
    """Indices of ``obligations`` by the aligned pair their span falls in."""
    units = sorted((unit.span, index) for index, pair in enumerate(pairs) for unit in side(pair))
    starts = [span[0] for span, _ in units]
    by_label: dict[str, int] = {}
    for index, pair in enumerate(pairs):
        for unit in side(pair):
            if unit.label is not None:
                by_label.setdefault(unit.label, index)
    groups: dict[GroupKey, list[int]] = {}
    for position, obligation in enumerate(obligations):
        key = _group_key(obligation, units, starts, by_label)
        groups.setdefault(key, []).append(position)
    return groups


def _group_key(obligation: Obligation, units: list[tuple[Span, int]], starts: list[int],
               by_label: dict[str, int]) -> GroupKey:
    at = bisect_right(starts, obligation.span[0]) - 1
    if at >= 0:
        (start, end), pair_index = units[at]
        if start <= obligation.span[0] < end:
            return ("pair", pair_index)
    if obligation.clause is not None and obligation.clause in by_label:
        return ("pair", by_label[obligation.clause])
    # Not in any aligned unit: obligations with the same label (None outside clauses) pair.
    return ("label", obligation.clause)


# --- step 2: assignment inside a group --------------------------------------------------------


@dataclass(frozen=True, slots=True, order=True)
class _Candidate:
    cost: int
    """Weighted count of differing fields: lower is better."""
    action_distance: float
    """1 − similarity of the action phrases (of the sentences when either has none)."""
    sentence_distance: float
    old_index: int
    new_index: int


@dataclass(frozen=True, slots=True)
class _Canonical:
    """An obligation's canonical values, computed once per obligation instead of once per pair."""

    values: tuple
    """The canonical value of each field of ``FIELDS`` but ``action`` (see ``_same_action``)."""
    action: str | None
    sentence: str | None
    metric: str | None
    actor: str | None
    dimensions: frozenset[str]

    @property
    def signature(self) -> tuple:
        """Equal signatures make a candidate nothing can outrank: no field differs, equal texts."""
        return (self.values, self.action, self.sentence)


SENTENCE_CHARS = 1_000
"""Of a longer sentence (a text without punctuation is one), only this much around the
obligation's first figure is compared: the similarity of two texts costs the product of their
lengths. The longest sentence of the 1,798 LawRefBook laws has 922 characters."""


def _canonical(obligation: Obligation) -> _Canonical:
    return _Canonical(
        values=tuple(_CANONICAL[name](obligation) for name in _VALUE_FIELDS),
        action=_key(obligation.action), sentence=_key(_around_figure(obligation)), metric=_key(obligation.metric),
        actor=obligation.actor, dimensions=frozenset(_unit(measure) for measure in obligation.measures),
    )


def _around_figure(obligation: Obligation) -> str:
    sentence = obligation.sentence
    if len(sentence) <= SENTENCE_CHARS:
        return sentence
    at = obligation.measures[0].span[0] - obligation.span[0] if obligation.measures else 0
    start = max(0, min(at - SENTENCE_CHARS // 2, len(sentence) - SENTENCE_CHARS))
    return sentence[start:start + SENTENCE_CHARS]


def _differences(old: _Canonical, new: _Canonical) -> tuple[str, ...]:
    found = {name for name, before, after in zip(_VALUE_FIELDS, old.values, new.values, strict=True)
             if before != after}
    if not _same_action(old.action, new.action):
        found.add("action")
    return tuple(name for name in FIELDS if name in found)


def _assign(old: Sequence[Obligation], old_indices: list[int],
            new: Sequence[Obligation], new_indices: list[int]) -> dict[int, int]:
    """Greedy assignment of one group: the best remaining candidate first.

    Identical obligations pair first, in order (the greedy would take them first too); the rest
    are ranked against each other, each only against those at most ``WINDOW`` places from its
    own relative position when the group is larger than ``FULL_PAIRS``.
    """
    canon_old = {i: _canonical(old[i]) for i in old_indices}
    canon_new = {j: _canonical(new[j]) for j in new_indices}
    matched = _identical(old_indices, canon_old, new_indices, canon_new)
    taken_old = set(matched.values())
    rest_old = [i for i in old_indices if i not in taken_old]
    rest_new = [j for j in new_indices if j not in matched]
    candidates = sorted(
        candidate
        for i, j in _reachable(rest_old, rest_new)
        if (candidate := _candidate(canon_old[i], i, canon_new[j], j)) is not None
    )
    for candidate in candidates:
        if candidate.old_index in taken_old or candidate.new_index in matched:
            continue
        taken_old.add(candidate.old_index)
        matched[candidate.new_index] = candidate.old_index
    return matched


FULL_PAIRS = 1_000_000
"""A group with at most this many old × new obligations left after the identical ones ranks
every pair (a million take about half a second)."""

WINDOW = 50
"""In a larger group (an unnumbered text full of figures), how far in relative position an
obligation looks for its partner: keeps the ranking linear in the group's size."""


def _identical(old_indices: list[int], canon_old: dict[int, _Canonical],
               new_indices: list[int], canon_new: dict[int, _Canonical]) -> dict[int, int]:
    """Pairs of identical obligations, the n-th of a signature in one version with its n-th in
    the other."""
    waiting: dict[tuple, list[int]] = {}
    for i in reversed(old_indices):
        waiting.setdefault(canon_old[i].signature, []).append(i)
    matched: dict[int, int] = {}
    for j in new_indices:
        queue = waiting.get(canon_new[j].signature)
        if queue:
            matched[j] = queue.pop()
    return matched


def _reachable(old_indices: list[int], new_indices: list[int]) -> Iterator[tuple[int, int]]:
    """The pairs ranked: all of them in a small group, a band around the diagonal in a large one."""
    if len(old_indices) * len(new_indices) <= FULL_PAIRS:
        yield from ((i, j) for i in old_indices for j in new_indices)
        return
    scale = len(new_indices) / len(old_indices)
    for rank, i in enumerate(old_indices):
        middle = round(rank * scale)
        for j in new_indices[max(0, middle - WINDOW):middle + WINDOW + 1]:
            yield i, j


def _candidate(old: _Canonical, old_index: int, new: _Canonical, new_index: int) -> _Candidate | None:
    """The ranking of ``old`` against ``new``, or None when their keys are incompatible."""
    if old.dimensions != new.dimensions and not old.dimensions & new.dimensions:
        return None
    if old.actor is not None and new.actor is not None and old.actor != new.actor:
        return None
    action = _similarity(old.action, new.action)
    sentence = _similarity(old.sentence, new.sentence)
    text = action if action is not None else (sentence or 0.0)
    if old.metric is not None and new.metric is not None:
        if (_similarity(old.metric, new.metric) or 0.0) < METRIC_SIMILARITY:
            return None
    elif text < ACTION_SIMILARITY:
        return None
    cost = sum(FIELD_WEIGHTS[name] for name in _differences(old, new))
    return _Candidate(cost=cost, action_distance=1.0 - text, sentence_distance=1.0 - (sentence or 0.0),
                      old_index=old_index, new_index=new_index)


def _similarity(old: str | None, new: str | None) -> float | None:
    """Similarity of two comparison keys, 0–1; None when either is missing. Of a key longer
    than ``SENTENCE_CHARS`` (an action phrase running to the end of a clause without
    punctuation) only its start is compared."""
    if old is None or new is None:
        return None
    return fuzz.ratio(old[:SENTENCE_CHARS], new[:SENTENCE_CHARS]) / 100.0


# --- step 3: changes in document order --------------------------------------------------------


def _ordered_changes(old: Sequence[Obligation], new: Sequence[Obligation],
                     matched: dict[int, int]) -> tuple[ObligationChange, ...]:
    """Rows in the new document's order; a removed obligation right after the change of the
    paired obligation that precedes it in the old document (first when none does)."""
    paired = sorted(matched.values())
    removed_after: dict[int | None, list[int]] = {}
    for index in range(len(old)):
        if index not in matched.values():
            at = bisect_right(paired, index) - 1
            removed_after.setdefault(paired[at] if at >= 0 else None, []).append(index)
    rows: list[tuple[Obligation | None, Obligation | None]] = [(old[i], None) for i in removed_after.get(None, [])]
    for j, obligation in enumerate(new):
        if j not in matched:
            rows.append((None, obligation))
            continue
        rows.append((old[matched[j]], obligation))
        rows.extend((old[i], None) for i in removed_after.get(matched[j], []))
    return tuple(_change(f"oc{number:03d}", before, after) for number, (before, after) in enumerate(rows, 1))


def _change(change_id: str, old: Obligation | None, new: Obligation | None) -> ObligationChange:
    if old is None:
        return ObligationChange(id=change_id, status=ObligationStatus.ADDED, old=None, new=new, fields=())
    if new is None:
        return ObligationChange(id=change_id, status=ObligationStatus.REMOVED, old=old, new=None, fields=())
    fields = differing_fields(old, new)
    status = ObligationStatus.CHANGED if fields else ObligationStatus.UNCHANGED
    return ObligationChange(id=change_id, status=status, old=old, new=new, fields=fields)


# --- canonical values -------------------------------------------------------------------------


def _key(text: str | None) -> str | None:
    return comparison_text(text) if text is not None else None


def _unit(measure: Measure) -> str:
    if measure.unit_code is not None:
        return measure.unit_code
    return _key(measure.unit) or ""


def _number(value: float) -> float:
    # Rounded so that 1.1 × 1e8 computed two ways compares equal.
    return round(float(value), 9)


def _measures(obligation: Obligation) -> list[Measure]:
    return sorted(obligation.measures, key=lambda measure: measure.span)


def _quantity(obligation: Obligation) -> tuple:
    # Value, unit and range only: the role (target or scope) is the extractor's reading of the
    # sentence around the figure, and the comparator is a field of its own.
    return tuple(
        (_number(m.value), _unit(m), tuple(map(_number, m.range)) if m.range else None)
        for m in _measures(obligation)
    )


def _same_action(old_key: str | None, new_key: str | None) -> bool:
    """Whether two action phrases (their comparison keys) name the same action.

    Equal keys, or one containing the other when the shorter has at least
    ``ACTION_CORE_LENGTH`` characters: where a phrase starts depends on the modifiers before
    its verb, so 加快推动铸造、岩棉等行业冲天炉改为电炉 and 冲天炉改为电炉 are one action.
    """
    if old_key == new_key:
        return True
    if old_key is None or new_key is None:
        return False
    shorter, longer = sorted((old_key, new_key), key=len)
    return len(shorter) >= ACTION_CORE_LENGTH and shorter in longer


def _deadline(obligation: Obligation) -> tuple | None:
    deadline = obligation.deadline
    if deadline is None:
        return None
    return ("date", deadline.date) if deadline.date is not None else ("text", _key(deadline.text))


def _period(obligation: Obligation) -> tuple | None:
    period = obligation.period
    if period is None:
        return None
    if period.start is None and period.end is None:
        return ("text", _key(period.text))
    return ("dates", period.start, period.end)


_CANONICAL: dict[str, Callable[[Obligation], Hashable]] = {
    "quantity": _quantity,
    "comparator": lambda o: tuple(m.comparator.value for m in _measures(o)),
    "deadline": _deadline,
    "period": _period,
    "actor": lambda o: o.actor,
    "modality": lambda o: o.modality,
    "metric": lambda o: _key(o.metric),
}
"""For each field of ``FIELDS`` but ``action``, the value two obligations must share to agree on it."""

_VALUE_FIELDS = tuple(name for name in FIELDS if name in _CANONICAL)
