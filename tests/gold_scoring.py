"""Scoring the tool against the hand-made gold of ``tests/gold/changes`` and ``tests/gold/obligations``.

The gold was written by reading the texts before running the tool (each file's comment lines
say how). ``tests/test_gold.py`` asserts the figures; ``bench/gold.py`` prints them.

Changes are scored per article: an article's level is the weightiest level among its changes
(an article is named by its new label, or by its old label when it was deleted), and only
articles count (headings, front matter and the adoption history are outside the gold).
Obligations are matched per article by value and unit (the upper bound too for a range); the
fields of a matched pair are then compared one by one.
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from policydiff.model import Comparison, Level, Obligation

GOLD = Path(__file__).resolve().parent / "gold"
ROOT = GOLD.parent.parent
_ARTICLE = re.compile(r"^第[〇零一二两三四五六七八九十百千]+条(?:之[一二三四五六七八九十]+)?$")
_RANK = {Level.EDITORIAL: 1, Level.MINOR: 2, Level.SUBSTANTIVE: 3}


def read_gold(path: Path) -> tuple[dict[str, str], list[dict[str, str]]]:
    """The ``# key: value`` comment lines and the rows of a gold TSV."""
    header: dict[str, str] = {}
    lines = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            key, _, value = line[1:].partition(":")
            header.setdefault(key.strip(), value.strip())
        elif line.strip():
            lines.append(line)
    return header, list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))


# --- changes --------------------------------------------------------------------------------------

@dataclass
class ChangeScore:
    gold: dict[str, Level]
    tool: dict[str, Level]
    paired: dict[str, Level] = field(default_factory=dict)
    """``old X`` → the weightiest gold level of the rows that pair old X with a new article."""

    @property
    def substantive_hits(self) -> set[str]:
        return {a for a, level in self.gold.items() if level is Level.SUBSTANTIVE
                and self.tool.get(a) is Level.SUBSTANTIVE}

    @property
    def recall(self) -> float:
        wanted = [a for a, level in self.gold.items() if level is Level.SUBSTANTIVE]
        return len(self.substantive_hits) / len(wanted) if wanted else 1.0

    @property
    def precision(self) -> float:
        """Of the articles the tool calls substantive, those the gold does. An old article
        the tool reports deleted while the gold pairs it with a new one (the alignment of a
        revision is open to judgement) is judged by the gold's rows of that old article."""
        said = [a for a, level in self.tool.items() if level is Level.SUBSTANTIVE]
        right = [a for a in said if self.gold.get(a, self.paired.get(a)) is Level.SUBSTANTIVE]
        return len(right) / len(said) if said else 1.0

    @property
    def level_accuracy(self) -> float:
        """Articles the gold lists whose level the tool gives exactly."""
        return sum(self.tool.get(a) is level for a, level in self.gold.items()) / len(self.gold)

    def misses(self) -> list[tuple[str, str, str]]:
        """(article, gold level, tool level) where they differ, over both."""
        return [(a, str(self.gold.get(a, "-")), str(self.tool.get(a, "-")))
                for a in sorted(set(self.gold) | set(self.tool)) if self.gold.get(a) is not self.tool.get(a)]


def score_changes(path: Path, comparison: Comparison) -> ChangeScore:
    levels: dict[str, Level] = {}
    paired: dict[str, Level] = {}
    for row in read_gold(path)[1]:
        level = Level(row["level"])
        _keep(levels, row["new"] or f"old {row['old']}", level)
        if row["new"] and row["old"]:
            _keep(paired, f"old {row['old']}", level)
    return ChangeScore(levels, tool_change_levels(comparison), paired)


def _keep(levels: dict[str, Level], article: str, level: Level) -> None:
    if article not in levels or _RANK[level] > _RANK[levels[article]]:
        levels[article] = level


def tool_change_levels(comparison: Comparison) -> dict[str, Level]:
    levels: dict[str, Level] = {}
    for change in comparison.changes:
        if change.clause_new:
            articles = change.clause_new.split("、")
        elif change.clause_old:
            articles = [f"old {label}" for label in change.clause_old.split("、")]
        else:
            continue
        for article in articles:
            if not _ARTICLE.match(article.removeprefix("old ")):
                continue
            _keep(levels, article, change.verdict.level)
    return levels


def change_pairs() -> list[tuple[Path, Path, Path]]:
    """(gold, old document, new document) for each gold file of changes."""
    found = []
    for gold in sorted((GOLD / "changes").glob("*.tsv")):
        pair = read_gold(gold)[0]["pair"]
        old, new = (part.strip() for part in pair.split("→"))
        found.append((gold, _sample_file(old), _sample_file(new)))
    return found


def _sample_file(name: str) -> Path:
    """A document of ``corpora/lawrefbook-sample`` named as 会计法(2017-11-04)."""
    matches = sorted((ROOT / "corpora" / "lawrefbook-sample").rglob(f"{name}.md"))
    if len(matches) != 1:
        raise FileNotFoundError(f"{name}.md: {len(matches)} files in corpora/lawrefbook-sample")
    return matches[0]


# --- obligations ----------------------------------------------------------------------------------

FIELDS = ("kind", "actor", "modality", "comparator", "base", "authority")


@dataclass
class ObligationScore:
    gold: int = 0
    tool: int = 0
    matched: int = 0
    fields: Counter[str] = field(default_factory=Counter)
    """Matched pairs whose field agrees, by field."""
    named: int = 0
    """Gold rows with an actor whose obligation the tool found."""
    actors: int = 0
    """… and whose actor the tool gives (the same, or one name containing the other)."""
    misses: list[str] = field(default_factory=list)
    extras: list[str] = field(default_factory=list)
    wrong: list[str] = field(default_factory=list)

    def add(self, other: ObligationScore) -> None:
        for name in ("gold", "tool", "matched", "named", "actors"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.fields.update(other.fields)
        self.misses += other.misses
        self.extras += other.extras
        self.wrong += other.wrong

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 1.0

    @property
    def precision(self) -> float:
        return self.matched / self.tool if self.tool else 1.0

    @property
    def field_accuracy(self) -> float:
        return sum(self.fields.values()) / (self.matched * len(FIELDS)) if self.matched else 1.0

    @property
    def actor_rate(self) -> float:
        return self.actors / self.named if self.named else 1.0


def obligation_documents() -> list[tuple[Path, Path]]:
    """(gold, document) for each gold file of obligations."""
    return [(gold, ROOT / read_gold(gold)[0]["document"])
            for gold in sorted((GOLD / "obligations").glob("*.tsv"))]


def score_obligations(gold_path: Path, obligations: tuple[Obligation, ...]) -> ObligationScore:
    rows = read_gold(gold_path)[1]
    score = ObligationScore(gold=len(rows))
    tool = [(ob, measure) for ob in obligations for measure in ob.measures]
    score.tool = len(tool)
    taken: set[int] = set()
    for row in rows:
        index = next((i for i, (ob, measure) in enumerate(tool) if i not in taken and _same_figure(row, ob, measure)),
                     None)
        if index is None:
            score.misses.append(f"{row['article']} {row['kind']} {row['quote']}")
            continue
        taken.add(index)
        score.matched += 1
        ob, measure = tool[index]
        got = _tool_fields(ob, measure)
        for name in FIELDS:
            if _agree(name, row.get(name, ""), got[name]):
                score.fields[name] += 1
            else:
                score.wrong.append(f"{row['article']} {row['quote']} {name}: gold {row.get(name, '')!r}, tool {got[name]!r}")
        if row["actor"]:
            score.named += 1
            score.actors += _agree("actor", row["actor"], got["actor"])
    score.extras = [f"{ob.clause} {measure.text}" for i, (ob, measure) in enumerate(tool) if i not in taken]
    return score


def _same_figure(row: dict[str, str], ob: Obligation, measure) -> bool:
    if (ob.clause or "") != row["article"] or (measure.unit or "") != row["unit"]:
        return False
    if abs(measure.value - float(row["value"])) > 1e-9:
        return False
    if row["upper"]:
        return measure.range is not None and abs(measure.range[1] - float(row["upper"])) < 1e-9
    return True


def _tool_fields(ob: Obligation, measure) -> dict[str, str]:
    comparator = "range" if measure.range is not None else measure.comparator.sign
    return {"kind": str(ob.kind), "actor": ob.actor or "", "modality": str(ob.modality), "comparator": comparator,
            "base": getattr(measure, "base", None) or "", "authority": getattr(ob, "authority", None) or ""}


def _agree(name: str, gold: str, tool: str) -> bool:
    if name in ("actor", "authority", "base"):
        if not gold or not tool:
            return gold == tool
        return gold in tool or tool in gold
    return gold == tool
