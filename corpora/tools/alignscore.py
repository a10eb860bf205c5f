"""Alignment against a hand-made gold: which article of the old version became which.

The gold files in ``tests/gold/alignment/`` were written by reading the two versions side
by side, before the aligner was run on them. Each row gives an old article, the new
article(s) that carry its provision (``+``-joined, ``-`` when it was removed) and the relation
(same, reworded, split, merged, moved, removed, inserted). ``score`` compares a comparison's
article pairs with them:

- links: every (old article, new article) pair the gold gives, against every such pair the
  comparison makes (an article matched, moved, split or merged): precision and recall;
- articles: an old article is right when the comparison pairs it with new articles that all
  carry it, and with at least one (or with none, when it was removed);
- moves: old articles the comparison reports as moved, against those the gold calls moved.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from pathlib import Path

from policydiff.model import AlignStatus, Comparison

_ARTICLE = re.compile(r"第.+条(?:之.+)?")
"""An article's label, 第十条 or 第十条之一 (not a chapter's or an item's)."""


@dataclass(frozen=True)
class GoldRow:
    old: str | None
    new: tuple[str, ...]
    relation: str
    note: str


def read_gold(path: Path) -> list[GoldRow]:
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")]
    rows = []
    for record in csv.DictReader(lines, delimiter="\t"):
        old = None if record["old"] == "-" else record["old"]
        new = () if record["new"] == "-" else tuple(record["new"].split("+"))
        rows.append(GoldRow(old, new, record["relation"], record.get("note") or ""))
    return rows


@dataclass
class Score:
    links_right: int = 0
    links_made: int = 0
    links_gold: int = 0
    articles_right: int = 0
    articles: int = 0
    moves_right: int = 0
    moves_made: int = 0
    moves_gold: int = 0
    wrong: list[str] = field(default_factory=list)
    """One line per old article the comparison gets wrong: label, gold partners, found."""
    extra_moves: set[str] = field(default_factory=set)
    """Old articles reported as moved that the gold does not call moved."""

    @property
    def precision(self) -> float:
        return self.links_right / self.links_made if self.links_made else 1.0

    @property
    def recall(self) -> float:
        return self.links_right / self.links_gold if self.links_gold else 1.0


def score(gold: list[GoldRow], comparison: Comparison) -> Score:
    """How the article pairs of ``comparison`` agree with ``gold``."""
    found: dict[str, set[str]] = {}
    moved: set[str] = set()
    made: set[tuple[str, str]] = set()
    for pair in comparison.pairs:
        olds = [unit.label for unit in pair.old if unit.label and _ARTICLE.fullmatch(unit.label)]
        news = [unit.label for unit in pair.new if unit.label and _ARTICLE.fullmatch(unit.label)]
        for old in olds:
            found.setdefault(old, set()).update(news)
            if pair.status is AlignStatus.MOVED:
                moved.add(old)
        made.update((old, new) for old in olds for new in news)
    result = Score()
    expected = {(row.old, new) for row in gold if row.old for new in row.new}
    result.links_gold, result.links_made = len(expected), len(made)
    result.links_right = len(expected & made)
    for row in gold:
        if row.old is None:
            continue
        partners = found.get(row.old, set())
        right = partners <= set(row.new) and bool(partners) == bool(row.new)
        result.articles += 1
        result.articles_right += right
        if not right:
            shown = "+".join(row.new) or "-"
            result.wrong.append(f"{row.old} → {shown} ({row.relation}); found {'+'.join(sorted(partners)) or '-'}")
    gold_moves = {row.old for row in gold if row.relation == "moved"}
    result.moves_gold, result.moves_made = len(gold_moves), len(moved)
    result.moves_right = len(gold_moves & moved)
    result.extra_moves = moved - gold_moves
    return result
