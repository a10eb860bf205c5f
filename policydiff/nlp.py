"""The spaCy pipeline of the extraction stage: our tokens in, labelled span groups out.

``build_pipeline(rules)`` gives a ``spacy.blank("zh")`` whose tokenizer is policydiff's own
(``tokenize.tokenize``: a private jieba tokenizer that keeps quantities and dates whole), and
rule components in the shape of spaCy's SpanRuler — a registered factory, ``__call__`` =
``match`` then ``set_annotations`` — that write to ``doc.spans``:

==============  ==========================================================================
group           what, read by
==============  ==========================================================================
quantities      1.1亿吨, 35蒸吨以下 (``canonical.quantities``); ``span._.record`` a Quantity
times           2020年12月底前, 2020年10-12月 (``canonical.dates``); a Timing
modality        要, 力争, 鼓励, 不得 (``canonical.modal_words``); a Modal
actors          河北省, 各城市, 生态环境主管部门 (``canonical.actors``); an Actor
citations       《…》, 第X条, 等5部门 (``canonical.references``) and the CITATION patterns
                of patterns.jsonl (第二轮, “六个百分之百”, 国三及以下)
vague           一批, 一轮 (VAGUE patterns): amounts that are no figure
metrics         PM2.5平均浓度, 钢铁产能 (METRIC patterns)
==============  ==========================================================================

Comparator words (comparators.toml) are read with each quantity by ``canonical.quantities``.

Only this module imports spaCy, and ``extract`` imports it lazily, so that ``policydiff
--help`` and the diff never pay for it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import spacy
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc, Span, SpanGroup
from spacy.util import filter_spans

from policydiff import canonical
from policydiff.rules import RulePack
from policydiff.tokenize import tokenize

# Factories get the rule pack by its digest: spaCy configs hold strings, not objects, and a
# pack edited on disk has a new digest, so its pipeline is built afresh.
_PACKS: dict[str, RulePack] = {}
_PIPELINES: dict[str, Language] = {}

COMPONENTS = (
    "policydiff_quantities", "policydiff_times", "policydiff_modality",
    "policydiff_actors", "policydiff_citations", "policydiff_patterns",
)

_RECORD = "policydiff.record"


def _record_of(span: Span) -> Any:
    return span.doc.user_data.get((_RECORD, span.label_, span.start_char, span.end_char))


def _set_record(span: Span, record: Any) -> None:
    span.doc.user_data[(_RECORD, span.label_, span.start_char, span.end_char)] = record


# spaCy keeps a span's extension values by its character offsets alone, so a time 年内 and the
# comparator 内 expanded to the same token would share one value; records are kept by label too.
Span.set_extension("record", getter=_record_of, force=True)


def build_pipeline(rules: RulePack) -> Language:
    """The pipeline for ``rules``, built once per process and rule pack content.

    Example:
        >>> doc = build_pipeline(load_rules())("河北省钢铁产能控制在2亿吨以内")
        >>> [(s.text, s._.record.value) for s in doc.spans["quantities"]]
        [('2亿吨以内', 200000000)]
    """
    if rules.digest not in _PIPELINES:
        _PACKS[rules.digest] = rules
        nlp = spacy.blank("zh")
        nlp.tokenizer = PolicyTokenizer(nlp.vocab, rules)
        for name in COMPONENTS:
            nlp.add_pipe(name, config={"rules_digest": rules.digest})
        _PIPELINES[rules.digest] = nlp
    return _PIPELINES[rules.digest]


class PolicyTokenizer:
    """spaCy tokenizer that gives the tokens of ``tokenize.tokenize`` (jieba, quantities whole).

    The tokens cover the text exactly, so no token is followed by a space of its own.
    """

    def __init__(self, vocab: Any, rules: RulePack) -> None:
        self.vocab = vocab
        self.rules = rules

    def __call__(self, text: str) -> Doc:
        words = [token.text for token in tokenize(text, rules=self.rules)]
        doc = Doc(self.vocab, words=words, spaces=[False] * len(words))
        doc.user_data["policydiff_text"] = text  # the tokens cover it exactly: see _text
        return doc


class RuleComponent:
    """A component in the SpanRuler shape: ``match`` finds spans, ``set_annotations`` stores them."""

    group = ""

    def __init__(self, nlp: Language, name: str, rules_digest: str) -> None:
        self.name = name
        self.rules = _PACKS[rules_digest]

    def __call__(self, doc: Doc) -> Doc:
        self.set_annotations(doc, self.match(doc))
        return doc

    def match(self, doc: Doc) -> list[Span]:
        raise NotImplementedError

    def set_annotations(self, doc: Doc, spans: Iterable[Span]) -> None:
        doc.spans[self.group] = SpanGroup(doc, name=self.group, spans=sorted(spans, key=lambda s: (s.start, s.end)))


def _text(doc: Doc) -> str:
    """The Doc's text, built once: ``Doc.text`` joins every token again at each access, and
    each component reads it (six times over a 100,000-character document cost 1.2 s)."""
    text = doc.user_data.get("policydiff_text")
    if text is None:
        text = doc.user_data["policydiff_text"] = doc.text
    return text


def _records(doc: Doc, records: Iterable[Any], label: str | Callable[[Any], str]) -> list[Span]:
    """Spans of ``doc`` for canonical records (which carry character spans), record attached."""
    spans = []
    for record in records:
        start, end = record.span
        span = doc.char_span(start, end, label=label(record) if callable(label) else label,
                             alignment_mode="expand")
        if span is not None:
            _set_record(span, record)
            spans.append(span)
    return spans


class Quantities(RuleComponent):
    group = "quantities"

    def match(self, doc: Doc) -> list[Span]:
        return _records(doc, canonical.quantities(_text(doc), rules=self.rules), "QUANTITY")


class Times(RuleComponent):
    group = "times"

    def match(self, doc: Doc) -> list[Span]:
        return _records(doc, canonical.dates(_text(doc), rules=self.rules), lambda t: t.kind.value.upper())


class Modality(RuleComponent):
    group = "modality"

    def match(self, doc: Doc) -> list[Span]:
        return _records(doc, canonical.modal_words(_text(doc), rules=self.rules), lambda m: m.level.value.upper())


class Actors(RuleComponent):
    group = "actors"

    def match(self, doc: Doc) -> list[Span]:
        return _records(doc, canonical.actors(_text(doc), rules=self.rules), lambda a: a.kind.upper())


class Citations(RuleComponent):
    group = "citations"

    def match(self, doc: Doc) -> list[Span]:
        return _records(doc, canonical.references(_text(doc), rules=self.rules), lambda r: r.kind.upper())


class Patterns(RuleComponent):
    """The token patterns of patterns.jsonl; each label writes to its own group (CITATION →
    citations, added to those of canonical.references; VAGUE → vague; METRIC → metrics)."""

    groups = {"CITATION": "citations", "VAGUE": "vague", "METRIC": "metrics"}

    def __init__(self, nlp: Language, name: str, rules_digest: str) -> None:
        super().__init__(nlp, name, rules_digest)
        self.matcher = Matcher(nlp.vocab)
        for entry in self.rules.extraction.patterns:
            pattern = entry["pattern"]
            if isinstance(pattern, str):  # a phrase: cut as in running text, then matched word by word
                pattern = [{"ORTH": token.text} for token in tokenize(pattern, rules=self.rules)]
            self.matcher.add(entry["label"], [pattern])

    def __call__(self, doc: Doc) -> Doc:
        found: dict[str, list[Span]] = {group: [] for group in self.groups.values()}
        for span in self.match(doc):
            found[self.groups[span.label_]].append(span)
        for group, spans in found.items():
            if group == "citations":
                spans = [*doc.spans.get(group, []), *spans]
            self.group = group
            self.set_annotations(doc, spans)
        return doc

    def match(self, doc: Doc) -> list[Span]:
        spans = [Span(doc, start, end, label=match_id) for match_id, start, end in self.matcher(doc)]
        by_label: dict[str, list[Span]] = {}
        for span in spans:
            by_label.setdefault(span.label_, []).append(span)
        return [span for group in by_label.values() for span in filter_spans(group)]  # longest wins


for _name, _cls, _assigns in (
    ("policydiff_quantities", Quantities, "quantities"),
    ("policydiff_times", Times, "times"),
    ("policydiff_modality", Modality, "modality"),
    ("policydiff_actors", Actors, "actors"),
    ("policydiff_citations", Citations, "citations"),
    ("policydiff_patterns", Patterns, "citations, vague, metrics"),
):
    if not Language.has_factory(_name):
        Language.factory(_name, default_config={"rules_digest": ""},
                         assigns=["doc.spans"])(_cls)  # group(s): see _assigns and the table above
