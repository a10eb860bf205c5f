"""The extraction pack: obligation rules (``obligations.toml``) and spaCy span patterns
(``patterns.jsonl``)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from policydiff.errors import InvalidRules
from policydiff.rules.base import compile_pattern, first_schema_error, read_toml
from policydiff.rules.lexicons import WORDS_SCHEMA, longest_first

OBLIGATIONS_FILE = "obligations.toml"
PATTERNS_FILE = "patterns.jsonl"
OBLIGATIONS_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["measure", "metric", "reported", "actor", "party", "not_obligations", "enumeration", "sanction",
                 "time"],
    "properties": {
        "measure": {"type": "object", "required": ["verbs", "set_nouns"],
                    "properties": {"verbs": WORDS_SCHEMA, "set_nouns": WORDS_SCHEMA},
                    "additionalProperties": False},
        "metric": {"type": "object", "required": ["strip"], "properties": {"strip": WORDS_SCHEMA},
                   "additionalProperties": False},
        "reported": {"type": "object", "required": ["markers", "sentence"],
                     "properties": {"markers": WORDS_SCHEMA, "patterns": WORDS_SCHEMA, "sentence": WORDS_SCHEMA},
                     "additionalProperties": False},
        "actor": {"type": "object", "required": ["list_joins", "qualifier_open", "qualifier_close", "subject_lead"],
                  "properties": {"list_joins": {"type": "array", "items": {"type": "string"}},
                                 "qualifier_open": {"type": "string", "minLength": 1},
                                 "qualifier_close": {"type": "string", "minLength": 1},
                                 "subject_lead": WORDS_SCHEMA},
                  "additionalProperties": False},
        "party": {"type": "object", "required": ["heads", "verbs", "not_first"],
                  "properties": {"heads": WORDS_SCHEMA, "verbs": WORDS_SCHEMA, "not_first": WORDS_SCHEMA},
                  "additionalProperties": False},
        "enumeration": {"type": "object", "required": ["markers"], "properties": {"markers": WORDS_SCHEMA},
                        "additionalProperties": False},
        "not_obligations": {"type": "object", "required": ["definitions", "reference_period"],
                            "properties": {"definitions": WORDS_SCHEMA, "reference_period": WORDS_SCHEMA},
                            "additionalProperties": False},
        "sanction": {"type": "object", "required": ["regex", "trigger", "authority", "base_markers", "ban"],
                     "properties": {"regex": {"type": "string", "minLength": 1},
                                    "trigger": {"type": "string", "minLength": 1},
                                    "authority": {"type": "string", "minLength": 1},
                                    "base_markers": WORDS_SCHEMA,
                                    "base_not": WORDS_SCHEMA,
                                    "ban": {"type": "string", "minLength": 1}},
                     "additionalProperties": False},
        "time": {"type": "object", "required": ["trigger", "ahead_after", "ahead_before", "duration"],
                 "properties": {"trigger": {"type": "string", "minLength": 1}, "ahead_after": WORDS_SCHEMA,
                                "ahead_before": WORDS_SCHEMA, "duration": WORDS_SCHEMA},
                 "additionalProperties": False},
    },
    "additionalProperties": False,
}
PATTERN_GROUPS = {"CITATION": "citations", "VAGUE": "vague", "METRIC": "metrics"}
"""The labels of patterns.jsonl and the span group each writes to in extraction's layers."""
# One spaCy SpanRuler pattern per line (https://spacy.io/usage/rule-based-matching#spanruler):
# a phrase (string) or a list of token patterns, with the label that names its span group.
PATTERN_LINE_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["label", "pattern"],
    "properties": {
        "label": {"enum": list(PATTERN_GROUPS)},
        "id": {"type": "string"},
        "pattern": {"oneOf": [{"type": "string", "minLength": 1},
                              {"type": "array", "minItems": 1, "items": {"type": "object", "minProperties": 1}}]},
    },
    "additionalProperties": False,
}


@dataclass(frozen=True, slots=True)
class ExtractionRules:
    """What the extraction stage reads besides the canonical vocabulary."""

    measure_verbs: re.Pattern[str]
    """A verb that sets a level, matched at the end of the text before a number."""
    set_nouns: re.Pattern[str]
    """A noun after a number that it sets (五万元罚款), matched at the start of the text after it."""
    metric_strip: re.Pattern[str]
    """Adverbs cut from the ends of a metric (平均, 原则上)."""
    reported: re.Pattern[str]
    """A marker of a reported figure before the number, in its clause (较, 同比, 共完成)."""
    reported_sentence: re.Pattern[str]
    list_joins: frozenset[str]
    """What joins the actors of one list (、, 和, 以及; "" side by side)."""
    qualifier_open: re.Pattern[str]
    """The end of a place qualifier's opener, right before a list of actors (位于, 在)."""
    qualifier_close: re.Pattern[str]
    """What closes a place qualifier after the list (…境内的)."""
    subject_lead: re.Pattern[str]
    """Words after which the next actor is still the clause's subject (由, 但)."""
    enumeration: re.Pattern[str]
    definition: re.Pattern[str]
    """A sentence that defines (本条例所称…是指…): its figures are no obligation."""
    reference_period: re.Pattern[str]
    """The word before a period that is the base of a calculation (前一个月的…), at the end of the text."""
    sanction: re.Pattern[str]
    """Groups ``amount``: the text between 处 and 罚款."""
    trigger: re.Pattern[str]
    """Group ``trigger``: a condition ending in 的 that a sanction follows."""
    authority: re.Pattern[str]
    """Group ``authority``: the body that imposes a sanction (由…)."""
    base: re.Pattern[str]
    """The words before a multiple or share that its base follows (并处, 按照), the last one
    matched at the end of the text before the number: group ``base``."""
    ban: re.Pattern[str]
    """Right after a figure of time: a ban it sets (…内不得)."""
    party_heads: tuple[str, ...]
    party_verbs: tuple[str, ...]
    party_not_first: tuple[str, ...]
    time_trigger: re.Pattern[str]
    """Group ``trigger``: the event a time limit counts from (自…起)."""
    ahead_after: re.Pattern[str]
    ahead_before: re.Pattern[str]
    duration: re.Pattern[str]
    """A word before a figure of time that makes it a duration (保存, 有效期)."""
    patterns: tuple[dict[str, Any], ...]
    """The SpanRuler patterns of patterns.jsonl, in file order."""


def load_extraction(root: Path, *, check: bool = True) -> ExtractionRules:
    """Read, validate (unless ``check`` is False) and compile ``obligations.toml`` and
    ``patterns.jsonl`` in ``root``."""
    path = root / OBLIGATIONS_FILE
    data = read_toml(path, OBLIGATIONS_SCHEMA, check=check)
    return ExtractionRules(
        measure_verbs=re.compile(longest_first(data["measure"]["verbs"]) + "$"),
        set_nouns=re.compile("的?" + longest_first(data["measure"]["set_nouns"])),
        metric_strip=re.compile(f"^{longest_first(data['metric']['strip'])}+|{longest_first(data['metric']['strip'])}+$"),
        reported=re.compile("|".join([
            *(compile_pattern(p, path, f"reported.patterns[{i}]").pattern
              for i, p in enumerate(data["reported"].get("patterns", []))),
            longest_first(data["reported"]["markers"])])),
        reported_sentence=re.compile(longest_first(data["reported"]["sentence"])),
        list_joins=frozenset(data["actor"]["list_joins"]),
        qualifier_open=compile_pattern(data["actor"]["qualifier_open"], path, "actor.qualifier_open"),
        qualifier_close=compile_pattern(data["actor"]["qualifier_close"], path, "actor.qualifier_close"),
        subject_lead=re.compile(longest_first(data["actor"]["subject_lead"])),
        enumeration=re.compile(longest_first(data["enumeration"]["markers"])),
        definition=re.compile("|".join(compile_pattern(p, path, f"not_obligations.definitions[{i}]").pattern
                                       for i, p in enumerate(data["not_obligations"]["definitions"]))),
        reference_period=re.compile(longest_first(data["not_obligations"]["reference_period"]) + "$"),
        sanction=compile_pattern(data["sanction"]["regex"], path, "sanction.regex", ("amount", "charge")),
        trigger=compile_pattern(data["sanction"]["trigger"], path, "sanction.trigger", ("trigger",)),
        authority=compile_pattern(data["sanction"]["authority"], path, "sanction.authority", ("authority",)),
        base=_base_pattern(data["sanction"]["base_markers"], data["sanction"].get("base_not", [])),
        ban=compile_pattern(data["sanction"]["ban"], path, "sanction.ban"),
        party_heads=tuple(data["party"]["heads"]),
        party_verbs=tuple(data["party"]["verbs"]),
        party_not_first=tuple(data["party"]["not_first"]),
        time_trigger=compile_pattern(data["time"]["trigger"], path, "time.trigger", ("trigger",)),
        ahead_after=re.compile(longest_first(data["time"]["ahead_after"])),
        ahead_before=re.compile(longest_first(data["time"]["ahead_before"]) + "$"),
        duration=re.compile(longest_first(data["time"]["duration"])),
        patterns=_read_patterns(root / PATTERNS_FILE, check=check),
    )


def _base_pattern(markers: list[str], never: list[str]) -> re.Pattern[str]:
    """What a multiple or share is of (group ``base``): the words after the last marker before
    the number, none of ``never`` among them, which may stand between it and the number."""
    excluded = longest_first(never)
    return re.compile(f"{longest_first(markers)}(?P<base>(?:(?!{excluded})[^，。；：的]){{2,12}}?)(?:{excluded})*$")


def _read_patterns(path: Path, *, check: bool) -> tuple[dict[str, Any], ...]:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        raise InvalidRules(
            f"rule file {path} is missing",
            cause="the extraction stage reads its span patterns from it",
            fix="copy it from the shipped extractors/ folder and edit the copy",
        ) from None
    found = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            entry = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InvalidRules(
                f"rule file {path}: line {number} is not valid JSON",
                cause=str(exc),
                fix="write one JSON object per line: {\"label\": …, \"pattern\": …}",
            ) from None
        error = first_schema_error(entry, PATTERN_LINE_SCHEMA) if check else None
        if error is not None:
            where = "/".join(str(part) for part in error.absolute_path) or "(top level)"
            raise InvalidRules(
                f"rule file {path}: line {number} does not match its schema at {where}",
                cause=error.message,
                fix="compare the line with the shipped patterns.jsonl (labels: CITATION, VAGUE, METRIC)",
            )
        found.append(entry)
    return tuple(found)

