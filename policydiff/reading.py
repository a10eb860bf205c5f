"""One reading of a passage: every canonical layer the later stages read, each computed once.

Extraction reads each paragraph of a document, classification each side of a change; both
take the layers from here, so that a figure, a date or a modal word is the same thing to
both. Layers, each computed on first use and seeing the ones it depends on:

==============  ===============================================================================
layer           what (``canonical``), depends on
==============  ===============================================================================
dates           2020年12月底前, 2020年10-12月 (``dates``)
references      《…》, 第X条, 附件1, 等5部门 (``references``)
quantities      1.1亿吨, 35蒸吨以下 (``quantities``), outside the dates and references
modals          要, 力争, 鼓励, 不得 (``modal_words``)
actors          河北省, 各城市, 生态环境主管部门 (``actors``)
scope           全部, 重点 (``scope_words``), outside the actors' names
verbs           淘汰, 完成 (``action_verbs``); conditions, softeners, liability (故意, 处分) likewise
patterns        the token patterns of patterns.jsonl, matched by spaCy over policydiff's
                tokens (``nlp.pattern_spans``): CITATION, VAGUE and METRIC spans
==============  ===============================================================================

``read(text, rules=…)`` keeps the readings of the texts it has seen (up to ``CACHED_TEXT_CHARS``
long), keyed by the rule pack's content and the text: a paragraph that two versions share, or
a document that several pairs of a batch share, is read once per process.
"""

from __future__ import annotations

from functools import cached_property, lru_cache

from policydiff import canonical
from policydiff.canonical import Actor, Mention, Modal, Quantity, Reference, Timing
from policydiff.rules import RulePack

_PACKS: dict[str, RulePack] = {}
CACHED_TEXTS = 1 << 15
"""Readings kept per process: about the paragraphs of ten Civil Codes."""
CACHED_TEXT_CHARS = 5_000
"""Longer texts (a whole unit that classification reads) are read afresh each time, so that
the kept readings stay small whatever the documents."""


class Reading:
    """The canonical layers of ``text`` under ``rules``; spans are into ``text``."""

    def __init__(self, text: str, rules: RulePack) -> None:
        self.text = text
        self.rules = rules

    @cached_property
    def dates(self) -> tuple[Timing, ...]:
        return canonical.dates(self.text, rules=self.rules)

    @cached_property
    def references(self) -> tuple[Reference, ...]:
        return canonical.references(self.text, rules=self.rules)

    @cached_property
    def quantities(self) -> tuple[Quantity, ...]:
        taken = [t.span for t in self.dates] + [r.span for r in self.references]
        return canonical.quantities(self.text, rules=self.rules, taken=taken)

    @cached_property
    def modals(self) -> tuple[Modal, ...]:
        return canonical.modal_words(self.text, rules=self.rules)

    @cached_property
    def actors(self) -> tuple[Actor, ...]:
        return canonical.actors(self.text, rules=self.rules)

    @cached_property
    def scope(self) -> tuple[Mention, ...]:
        return canonical.scope_words(self.text, rules=self.rules, named=self.actors)

    @cached_property
    def verbs(self) -> tuple[Mention, ...]:
        return canonical.action_verbs(self.text, rules=self.rules)

    @cached_property
    def conditions(self) -> tuple[Mention, ...]:
        return canonical.conditions(self.text, rules=self.rules)

    @cached_property
    def softeners(self) -> tuple[Mention, ...]:
        return canonical.softeners(self.text, rules=self.rules)

    @cached_property
    def liability(self) -> tuple[Mention, ...]:
        return canonical.liability_words(self.text, rules=self.rules)

    @cached_property
    def patterns(self) -> tuple[tuple[int, int, str], ...]:
        """(start, end, label) of the token patterns, longest first among overlaps of a label."""
        from policydiff.nlp import pattern_spans  # lazy: spaCy only when a pattern is read

        return pattern_spans(self.text, rules=self.rules)


def read(text: str, *, rules: RulePack) -> Reading:
    """The reading of ``text``, shared with every earlier call for the same text and rules.

    Example:
        >>> [q.text for q in read("河北省完成1.1亿吨", rules=load_rules()).quantities]
        ['1.1亿吨']
    """
    if len(text) > CACHED_TEXT_CHARS:
        return Reading(text, rules)
    _PACKS.setdefault(rules.digest, rules)
    return _read(rules.digest, text)


@lru_cache(maxsize=CACHED_TEXTS)
def _read(digest: str, text: str) -> Reading:
    return Reading(text, _PACKS[digest])


def clear_cache() -> None:
    """Forget every reading, segmentation (``tokenize.clear_segment_cache``) and comparison key
    (``classify.clear_keys``) kept so far: benchmarks measure a first reading with it."""
    from policydiff.classify import clear_keys
    from policydiff.tokenize import clear_segment_cache

    _read.cache_clear()
    clear_segment_cache()
    clear_keys()
