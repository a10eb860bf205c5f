"""spaCy where spaCy does the job: the token patterns of patterns.jsonl.

``build_pipeline(rules)`` gives a ``spacy.blank("zh")`` whose tokenizer is policydiff's own
(``tokenize.tokenize``: a private jieba tokenizer that keeps quantities and dates whole) and
spaCy's ``span_ruler``, given the patterns of the rule pack at ``initialize``. Its spans, by
label (CITATION: 第二轮, “六个百分之百”, 国三及以下; VAGUE: 一批, 分为3个; METRIC: PM2.5平均浓度),
are one layer of ``reading``; every other layer is a regular expression over the text and
needs no tokens.

Only this module imports spaCy, and ``reading`` imports it lazily, so that ``policydiff
--help``, the diff and classification never pay for it.
"""

from __future__ import annotations

from typing import Any

import spacy
from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import filter_spans

from policydiff.rules import RulePack
from policydiff.tokenize import tokenize

# Pipelines by the rule pack's digest: a pack edited on disk has a new digest, so its
# pipeline is built afresh.
_PIPELINES: dict[str, Language] = {}
SPANS_KEY = "patterns"


def build_pipeline(rules: RulePack) -> Language:
    """The pipeline for ``rules``, built once per process and rule pack content.

    Example:
        >>> doc = build_pipeline(load_rules())("按照第二轮督察要求")
        >>> [(span.text, span.label_) for span in doc.spans["patterns"]]
        [('第二轮', 'CITATION')]
    """
    if rules.digest not in _PIPELINES:
        nlp = spacy.blank("zh")
        nlp.tokenizer = PolicyTokenizer(nlp.vocab, rules)
        ruler = nlp.add_pipe("span_ruler", config={"spans_key": SPANS_KEY, "validate": True})
        ruler.initialize(list, nlp=nlp, patterns=list(rules.extraction.patterns))
        _PIPELINES[rules.digest] = nlp
    return _PIPELINES[rules.digest]


def pattern_spans(text: str, *, rules: RulePack) -> tuple[tuple[int, int, str], ...]:
    """(start, end, label) of every pattern match in ``text``, in text order; among the
    overlapping matches of one label the longest wins (国三及以下, not 国三)."""
    doc = build_pipeline(rules)(text)
    by_label: dict[str, list[Any]] = {}
    for span in doc.spans[SPANS_KEY]:
        by_label.setdefault(span.label_, []).append(span)
    found = [(span.start_char, span.end_char, label) for label, spans in by_label.items()
             for span in filter_spans(spans)]
    return tuple(sorted(found))


class PolicyTokenizer:
    """spaCy tokenizer that gives the tokens of ``tokenize.tokenize`` (jieba, quantities whole).

    The tokens cover the text exactly, so no token is followed by a space of its own.
    """

    def __init__(self, vocab: Any, rules: RulePack) -> None:
        self.vocab = vocab
        self.rules = rules

    def __call__(self, text: str) -> Doc:
        words = [token.text for token in tokenize(text, rules=self.rules)]
        return Doc(self.vocab, words=words, spaces=[False] * len(words))
