"""The layers extraction reads, over the whole text: each paragraph's reading, its spans
moved from the paragraph into the text, sorted by group for range look-ups."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Any

from policydiff import numerals
from policydiff.model import Paragraph, Sentence
from policydiff.reading import Reading, read
from policydiff.rules import ExtractionRules, RulePack
from policydiff.rules.extraction import PATTERN_GROUPS
from policydiff.rules.lexicons import longest_first


@dataclass(frozen=True, slots=True)
class Item:
    start: int
    end: int
    record: Any


class Layers:
    """The layers of the paragraphs' readings as sorted spans into the whole text, by group.
    Citations are the references and the CITATION patterns together."""

    def __init__(self, paragraphs: list[tuple[str | None, Paragraph, Reading]], rules: RulePack) -> None:
        groups: dict[str, list[Item]] = {group: [] for group in (
            "quantities", "times", "modality", "actors", "citations", *PATTERN_GROUPS.values())}
        for _, paragraph, reading in paragraphs:
            at = paragraph.span[0]
            for group, records in (("quantities", reading.quantities), ("times", reading.dates),
                                   ("modality", reading.modals), ("actors", reading.actors),
                                   ("citations", reading.references)):
                groups[group].extend(Item(at + r.span[0], at + r.span[1], replace(r, span=(at + r.span[0], at + r.span[1])))
                                     for r in records)
            for sentence in patterned(paragraph, reading):
                for start, end, label in read(sentence.text, rules=rules).patterns:
                    groups[PATTERN_GROUPS[label]].append(Item(sentence.span[0] + start, sentence.span[0] + end, None))
        self.groups = {name: sorted(items, key=lambda item: (item.start, item.end)) for name, items in groups.items()}
        self.starts = {name: [item.start for item in items] for name, items in self.groups.items()}

    def within(self, name: str, start: int, end: int) -> list[Item]:
        items, starts = self.groups[name], self.starts[name]
        found = []
        for index in range(bisect_left(starts, start), len(items)):
            item = items[index]
            if item.start >= end:
                break
            if item.end <= end:
                found.append(item)
        return found

    def covers(self, name: str, start: int, end: int) -> bool:
        """True when a span of ``name`` overlaps [start, end)."""
        items, starts = self.groups[name], self.starts[name]
        index = bisect_left(starts, end)
        return any(items[i].end > start for i in range(max(0, index - 8), index))

    def uncited(self, name: str, start: int, end: int) -> list[Item]:
        """The spans of ``name`` within [start, end) that no citation covers."""
        return [item for item in self.within(name, start, end) if not self.covers("citations", item.start, item.end)]


def patterned(paragraph: Paragraph, reading: Reading) -> Iterator[Sentence]:
    """The sentences whose token patterns can matter: those of each run of sentences linked by
    ``；`` (which share a time and a subject) that holds a figure or a date. The others yield
    no obligation, and spaCy need not read them (40 % of the seed's live paragraphs)."""
    marks = sorted(paragraph.span[0] + item.span[0] for item in (*reading.quantities, *reading.dates))
    run: list[Sentence] = []
    for sentence in paragraph.sentences:
        run.append(sentence)
        if sentence.text.rstrip().endswith(("；", ";")) and sentence is not paragraph.sentences[-1]:
            continue
        start, end = run[0].span[0], run[-1].span[1]
        index = bisect_left(marks, start)
        if index < len(marks) and marks[index] < end:
            yield from run
        run = []


@dataclass(frozen=True)
class Page:
    """What every step of extraction reads: the document's text, its layers, the rules, and the
    words and patterns extraction compiles from them."""

    text: str
    layers: Layers
    rules: RulePack
    comparator_words: tuple[str, ...]
    """The words written before a number that set its comparator, longest first."""
    article_label: re.Pattern[str]
    """The label that opens an article (第十二条, 第十条之一) and the space after it: the pack's
    article style."""
    party: re.Pattern[str]
    """Group ``party``: words that end in a party head (obligations.toml [party]) right before a
    modal word or a verb of a condition (农药生产企业应当…)."""
    condition_party: re.Pattern[str]
    """Group ``party``: the words up to the first party head (the party of a condition …的)."""

    @classmethod
    def of(cls, text: str, layers: Layers, rules: RulePack) -> Page:
        article = rules.structure.article_label
        return cls(text, layers, rules, tuple(sorted(rules.comparators.before, key=len, reverse=True)),
                   re.compile(rf"^(?:{article.pattern})\s*" if article else "(?!)"), *_party_patterns(rules))

    @property
    def x(self) -> ExtractionRules:
        return self.rules.extraction


_PARTY_PATTERNS: dict[str, tuple[re.Pattern[str], re.Pattern[str]]] = {}


def _party_patterns(rules: RulePack) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """The pattern of a party before its modal word or verb, and of a condition's party."""
    if rules.digest not in _PARTY_PATTERNS:
        x = rules.extraction
        modal = [word for word, level in rules.modality.triggers.items() if level]
        party = (rf"(?!{longest_first(x.party_not_first)})"
                 rf"(?P<party>[^，。；：、\s（）()“”《》]{{0,40}}?{longest_first(x.party_heads)}等?)")
        # Before a modal word, a verb of a condition or a figure (…主管人员10年内不得…).
        _PARTY_PATTERNS[rules.digest] = (
            re.compile(party + rf"(?={longest_first([*modal, *x.party_verbs])}|[0-9{numerals.CHINESE}])"),
            re.compile(party))
    return _PARTY_PATTERNS[rules.digest]
