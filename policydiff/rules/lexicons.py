"""Lexicons for canonical values: modal verbs (``modality.toml``), comparators
(``comparators.toml``), the gazetteer (``gazetteer.toml``) and conditions, scope and
function words (``lexicon.toml``)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from policydiff.errors import InvalidRules
from policydiff.model import COMPARATOR_SIGNS
from policydiff.rules.base import compile_pattern

MODALITY_LEVELS = ("prohibited", "mandatory", "aspirational", "encouraged", "permitted")
"""Deontic levels, strongest first (DESIGN.md §4); modality.toml must define each once."""
COMPARATOR_OPS = tuple(COMPARATOR_SIGNS.values())
"""The comparators as comparators.toml writes them (model.COMPARATOR_SIGNS)."""

WORDS_SCHEMA = {"type": "array", "items": {"type": "string", "minLength": 1}}
_OPS = {"type": "object", "minProperties": 1, "additionalProperties": {"enum": list(COMPARATOR_OPS)}}
_NAMED = {
    "type": "object",
    "required": ["name"],
    "properties": {"name": {"type": "string", "minLength": 2}, "aliases": WORDS_SCHEMA},
    "additionalProperties": False,
}
MODALITY_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["implicit", "level", "not_modal", "softeners"],
    "properties": {
        "implicit": {"enum": list(MODALITY_LEVELS)},
        "not_modal": WORDS_SCHEMA,
        "softeners": WORDS_SCHEMA,
        "level": {
            "type": "array",
            "minItems": len(MODALITY_LEVELS),
            "maxItems": len(MODALITY_LEVELS),
            "items": {
                "type": "object",
                "required": ["name", "label", "triggers"],
                "properties": {
                    "name": {"enum": list(MODALITY_LEVELS)},
                    "label": {"type": "string", "minLength": 1},
                    "triggers": {**WORDS_SCHEMA, "minItems": 1},
                },
                "additionalProperties": False,
            },
        },
    },
    "additionalProperties": False,
}
COMPARATORS_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["window", "range_separators", "after", "before"],
    "properties": {
        "window": {"type": "integer", "minimum": 0, "maximum": 10},
        "range_separators": {**WORDS_SCHEMA, "minItems": 1},
        "after": _OPS,
        "before": _OPS,
    },
    "additionalProperties": False,
}
GAZETTEER_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["province", "region", "body", "departments", "generic"],
    "properties": {
        "province": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "required": ["name", "kind"],
                "properties": {
                    "name": {"type": "string", "minLength": 2},
                    "aliases": WORDS_SCHEMA,
                    "kind": {"enum": ["province", "autonomous_region", "municipality", "sar"]},
                    "cities": WORDS_SCHEMA,
                    "needs_suffix": WORDS_SCHEMA,
                    "prefectures": {"type": "array", "items": _NAMED},
                    "areas": {"type": "array", "items": _NAMED},
                },
                "additionalProperties": False,
            },
        },
        "region": {"type": "array", "items": _NAMED},
        "body": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["name", "kind"],
                "properties": {
                    "name": {"type": "string", "minLength": 2},
                    "aliases": WORDS_SCHEMA,
                    "kind": {"enum": ["government", "ministry", "commission", "agency", "bureau", "former", "soe"]},
                },
                "additionalProperties": False,
            },
        },
        "departments": {
            "type": "object",
            "required": ["levels", "domains", "suffixes"],
            "properties": {
                "levels": WORDS_SCHEMA, "domains": {**WORDS_SCHEMA, "minItems": 1}, "suffixes": {**WORDS_SCHEMA, "minItems": 1},
            },
            "additionalProperties": False,
        },
        "generic": {
            "type": "object", "required": ["words"], "properties": {"words": WORDS_SCHEMA}, "additionalProperties": False,
        },
    },
    "additionalProperties": False,
}
DATE_SUFFIX_CLASSES = ("before", "end", "from", "after")
"""What a word after a date or period makes of it (lexicon.toml [dates.suffixes]): before —
a deadline before it (12月前: by the end of November); end — its end (底前, 末); from — from it
on (起, 以来); after — after it (以后, 后; read after a full date only)."""

LEXICON_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["conditions", "scope", "editorial", "legal", "records", "requirements", "references",
                 "reference_pointers", "reference_keys", "dates"],
    "properties": {
        "conditions": {"type": "object", "required": ["words", "patterns"],
                       "properties": {"words": WORDS_SCHEMA, "patterns": WORDS_SCHEMA}, "additionalProperties": False},
        "scope": {
            "type": "object", "required": ["words"], "properties": {"words": WORDS_SCHEMA}, "additionalProperties": False,
        },
        "editorial": {
            "type": "object",
            "required": ["words", "synonyms"],
            "properties": {"words": WORDS_SCHEMA, "synonyms": {"type": "array", "items": {**WORDS_SCHEMA, "minItems": 2}}},
            "additionalProperties": False,
        },
        "legal": {
            "type": "object",
            "required": ["mental_states", "sanctions", "coordinators", "purpose", "declarations"],
            "properties": {"mental_states": WORDS_SCHEMA, "sanctions": WORDS_SCHEMA, "coordinators": WORDS_SCHEMA,
                           "purpose": {"type": "string", "minLength": 1}, "declarations": WORDS_SCHEMA},
            "additionalProperties": False,
        },
        "records": {"type": "object", "required": ["prefixes"], "properties": {"prefixes": WORDS_SCHEMA},
                    "additionalProperties": False},
        "requirements": {"type": "object", "required": ["verbs", "lead"],
                         "properties": {"verbs": {**WORDS_SCHEMA, "minItems": 1}, "lead": WORDS_SCHEMA, "nominal_heads": WORDS_SCHEMA},
                         "additionalProperties": False},
        "references": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["kind", "regex"],
                "properties": {"kind": {"enum": ["title", "article", "annex", "issuer", "law", "number"]},
                               "regex": {"type": "string", "minLength": 1}},
                "additionalProperties": False,
            },
        },
        "reference_pointers": {"type": "object", "required": ["before"], "properties": {"before": WORDS_SCHEMA},
                               "additionalProperties": False},
        "reference_keys": {"type": "object", "required": ["drop_prefixes"],
                           "properties": {"drop_prefixes": WORDS_SCHEMA}, "additionalProperties": False},
        "dates": {
            "type": "object",
            "required": ["named", "fuzzy", "five_year_plans", "suffixes"],
            "properties": {
                "named": {"type": "object", "additionalProperties": {
                    "type": "array", "minItems": 2, "maxItems": 2,
                    "items": {"type": "string", "pattern": "^(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$"}}},
                "fuzzy": WORDS_SCHEMA,
                "five_year_plans": {"type": "object", "additionalProperties": {"type": "integer", "minimum": 1953}},
                "suffixes": {
                    "type": "object", "required": list(DATE_SUFFIX_CLASSES),
                    "properties": {name: {**WORDS_SCHEMA, "minItems": 1} for name in DATE_SUFFIX_CLASSES},
                    "additionalProperties": False,
                },
            },
            "additionalProperties": False,
        },
    },
    "additionalProperties": False,
}


@dataclass(frozen=True, slots=True)
class ModalityRules:
    levels: tuple[str, ...]
    """Level names, strongest first."""
    labels: dict[str, str]
    """Level name → its Chinese label (mandatory → 强制)."""
    triggers: dict[str, str]
    """Word → level name; "" for a word that contains a trigger but is not modal (要求)."""
    pattern: re.Pattern[str]
    """Every trigger and not-modal word, longest first."""
    softeners: re.Pattern[str]
    implicit: str
    """The level of a duty stated without a modal word (an imperative verb)."""


@dataclass(frozen=True, slots=True)
class ComparatorRules:
    before: dict[str, str]
    """Word written before a number → comparator (不超过 → <=)."""
    after: dict[str, str]
    """Word written after a number and its unit → comparator (以下 → <=)."""
    before_pattern: re.Pattern[str]
    """Matches, at the end of a text, a before-word of two or more characters followed by at
    most ``window`` characters without punctuation (至少布设1个), or a one-character word (约)
    right there: 约束性指标10项 is not about 10."""
    after_pattern: re.Pattern[str]
    """Matches an after-word at the start."""
    range_separator: re.Pattern[str]
    """Matches a range separator (1-2家, 3至5年)."""


@dataclass(frozen=True, slots=True)
class ActorEntry:
    name: str
    """Canonical name: 河北省, 唐山市, 国家发展和改革委员会."""
    kind: str
    """province, city, prefecture, area, region, body kinds (ministry, soe …), department or generic."""
    province: str | None
    """The province a city, prefecture or area belongs to; None otherwise."""

    @property
    def generic(self) -> bool:
        return self.kind == "generic"


@dataclass(frozen=True, slots=True)
class Gazetteer:
    entries: dict[str, ActorEntry]
    """Every surface form (唐山, 唐山市, 发改委) → its entry."""
    pattern: re.Pattern[str]
    """Every surface form, longest first."""
    departments: re.Pattern[str]
    """A government department named by function: [level] + domain + suffix."""
    listed: dict[str, ActorEntry]
    """Bare names of the cities under needs_suffix (大同): actors only inside a list of places."""
    listed_pattern: re.Pattern[str]


@dataclass(frozen=True, slots=True)
class LexiconRules:
    conditions: re.Pattern[str]
    scope: re.Pattern[str]
    editorial: re.Pattern[str]
    """Function words and emphasis adverbs, longest first."""
    synonyms: dict[str, str]
    """Word → the first word of its synonym group."""
    synonym_pattern: re.Pattern[str]
    liability: re.Pattern[str]
    """States of mind and sanctions (故意, 责令改正, 处分), longest first."""
    coordinators: tuple[str, ...]
    """Words that join the members of a list (、, 及, 或者), longest first."""
    purpose: re.Pattern[str]
    """The opening of a law's purpose article (为了…，制定本法)."""
    declarations: re.Pattern[str]
    """The verbs of a law's declarations of policy (坚持, 加强, 促进), longest first."""
    records: tuple[str, ...]
    """Line prefixes of document records (抄送, 发布日期)."""
    verbs: re.Pattern[str]
    lead: re.Pattern[str]
    references: tuple[tuple[str, re.Pattern[str]], ...]
    """(kind, pattern) for each citation pattern, in file order."""
    reference_prefix: re.Pattern[str]
    """What a cited title may open with that does not tell it apart (中华人民共和国)."""
    pointer: re.Pattern[str]
    """A pointer word (详见) right before a citation: searched at the end of the preceding text."""
    named_periods: dict[str, tuple[str, str]]
    """Named part of a year → (first day, last day) as MM-DD."""
    fuzzy_dates: tuple[str, ...]
    five_year_plans: dict[str, int]
    """"十四五" → 2021, its first year."""
    date_suffixes: dict[str, tuple[str, ...]]
    """Each class of ``DATE_SUFFIX_CLASSES`` → its words, longest first."""


def longest_first(words: Any) -> str:
    """A non-capturing group that matches any of ``words``, the longest first (and, when what
    follows fails, the shorter ones in turn); a group that never matches if there are none.

    The words are written as a trie (长治市 and 长治县 as 长治(?:市|县)), which the regular
    expression engine walks one character at a time instead of trying each word at each
    position: the 5,000 names of the gazetteer are read several times faster. A word that
    another continues is an optional tail (长治(?:市)?), tried longest first, as an
    alternation ordered by length would be.
    """
    words = set(words)
    if any(len(word) > _TRIE_DEPTH for word in words):  # the trie is written recursively
        ordered = sorted(words, key=lambda word: (-len(word), word))
        return "(?:" + "|".join(map(re.escape, ordered)) + ")"
    trie: dict[str, Any] = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[_END] = {}
    return f"(?:{_trie_pattern(trie)})" if trie else "(?!)"


_END = ""
"""The key that marks the end of a word in ``longest_first``'s trie (no character is empty)."""
_TRIE_DEPTH = 200
"""Past this many characters in one word (none of the shipped lists has 30) the words are one
alternation, longest first, as the trie would match them: the trie nests a group per character."""


def _trie_pattern(node: dict[str, Any]) -> str:
    branches = [re.escape(char) + _trie_pattern(child) for char, child in sorted(node.items()) if char != _END]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if _END in node:  # a word ends here: the longer ones first, then this one
        return (f"(?:{body})" if len(branches) == 1 else body) + "?"
    return body


def compile_modality(data: dict[str, Any], path: Path) -> ModalityRules:
    names = [level["name"] for level in data["level"]]
    if names != list(MODALITY_LEVELS):
        raise InvalidRules(
            f"rule file {path}: level lists {names}",
            cause=f"each level must appear once, strongest first: {list(MODALITY_LEVELS)}",
            fix="reorder the [[level]] tables or correct their names",
        )
    triggers: dict[str, str] = {}
    for index, level in enumerate(data["level"]):
        for word in level["triggers"]:
            if word in triggers:
                raise InvalidRules(
                    f"rule file {path}: level[{index}].triggers lists {word}, already a trigger of {triggers[word]}",
                    cause="a word has one deontic level",
                    fix="keep the word under one level",
                )
            triggers[word] = level["name"]
    for index, word in enumerate(data["not_modal"]):
        if word in triggers:
            raise InvalidRules(
                f"rule file {path}: not_modal[{index}] ({word}) is also a trigger",
                cause="a word cannot be both modal and not modal",
                fix="remove it from one of the lists",
            )
        triggers[word] = ""
    softeners = "|".join(
        compile_pattern(pattern, path, f"softeners[{index}]").pattern for index, pattern in enumerate(data["softeners"])
    )
    return ModalityRules(
        levels=MODALITY_LEVELS,
        labels={level["name"]: level["label"] for level in data["level"]},
        triggers=triggers,
        pattern=re.compile(longest_first(triggers)),
        softeners=re.compile(softeners or "(?!)"),
        implicit=data["implicit"],
    )


def compile_comparators(data: dict[str, Any]) -> ComparatorRules:
    window = data["window"]
    words = longest_first(word for word in data["before"] if len(word) > 1)
    letters = longest_first(word for word in data["before"] if len(word) == 1)
    return ComparatorRules(
        before=dict(data["before"]),
        after=dict(data["after"]),
        before_pattern=re.compile(f"(?:(?P<word>{words})[^，。；：、,;:（）()\\s]{{0,{window}}}|(?P<letter>{letters}))$"),
        after_pattern=re.compile(longest_first(data["after"])),
        range_separator=re.compile(longest_first(data["range_separators"])),
    )


def compile_gazetteer(data: dict[str, Any], path: Path) -> Gazetteer:
    entries: dict[str, ActorEntry] = {}
    listed: dict[str, ActorEntry] = {}

    def add(form: str, entry: ActorEntry, key: str) -> None:
        if form in entries and entries[form] != entry:
            raise InvalidRules(
                f"rule file {path}: {key} gives {form}, already the name of {entries[form].name}",
                cause="one written form must stand for one actor",
                fix=f"drop {form} from one entry (a city that shares a province's name goes under needs_suffix)",
            )
        entries[form] = entry

    for p, province in enumerate(data["province"]):
        where = f"province[{p}] ({province['name']})"
        top = ActorEntry(province["name"], "province", None)
        for form in (province["name"], *province.get("aliases", ())):
            add(form, top, where)
        cities = province.get("cities", [])
        for word in province.get("needs_suffix", []):
            if word not in cities:
                raise InvalidRules(
                    f"rule file {path}: {where}.needs_suffix lists {word}, which is not one of its cities",
                    cause="needs_suffix marks cities whose bare name is an everyday word",
                    fix=f"add {word} to cities, or remove it from needs_suffix",
                )
        for city in cities:
            entry = ActorEntry(city + "市", "city", province["name"])
            add(city + "市", entry, f"{where}.cities")
            if city not in province.get("needs_suffix", []):
                add(city, entry, f"{where}.cities")
            else:
                listed[city] = entry
        for group, kind in (("prefectures", "prefecture"), ("areas", "area")):
            for item in province.get(group, []):
                entry = ActorEntry(item["name"], kind, province["name"])
                for form in (item["name"], *item.get("aliases", ())):
                    add(form, entry, f"{where}.{group}")
    for r, region in enumerate(data["region"]):
        entry = ActorEntry(region["name"], "region", None)
        for form in (region["name"], *region.get("aliases", ())):
            add(form, entry, f"region[{r}]")
    for b, body in enumerate(data["body"]):
        entry = ActorEntry(body["name"], body["kind"], None)
        for form in (body["name"], *body.get("aliases", ())):
            add(form, entry, f"body[{b}] ({body['name']})")
    for word in data["generic"]["words"]:
        if word not in entries:  # a named actor keeps its entry
            entries[word] = ActorEntry(word, "generic", None)
    departments = data["departments"]
    return Gazetteer(
        entries=entries,
        pattern=re.compile(longest_first(entries)),
        departments=re.compile(
            f"{longest_first(departments['levels'])}{{0,2}}{longest_first(departments['domains'])}"
            f"{longest_first(departments['suffixes'])}"
        ),
        listed=listed,
        listed_pattern=re.compile(longest_first(listed)),
    )


def compile_lexicon(data: dict[str, Any], path: Path) -> LexiconRules:
    conditions = [longest_first(data["conditions"]["words"])] + [
        compile_pattern(pattern, path, f"conditions.patterns[{i}]").pattern
        for i, pattern in enumerate(data["conditions"]["patterns"])
    ]
    synonyms = {word: group[0] for group in data["editorial"]["synonyms"] for word in group}
    dates = data["dates"]
    return LexiconRules(
        # Patterns first: 按照…要求 is longer than any listed word it may contain.
        conditions=re.compile("|".join(conditions[1:] + conditions[:1])),
        scope=re.compile(longest_first(data["scope"]["words"])),
        editorial=re.compile(longest_first(data["editorial"]["words"])),
        synonyms=synonyms,
        synonym_pattern=re.compile(longest_first(synonyms)),
        liability=re.compile(longest_first([*data["legal"]["mental_states"], *data["legal"]["sanctions"]])),
        coordinators=tuple(sorted(data["legal"]["coordinators"], key=lambda word: (-len(word), word))),
        purpose=compile_pattern(data["legal"]["purpose"], path, "legal.purpose"),
        declarations=re.compile(longest_first(data["legal"]["declarations"])),
        records=tuple(data["records"]["prefixes"]),
        # A verb right before a nominal head is a noun (完成情况, 淘汰工作), not a predicate.
        verbs=re.compile(longest_first(data["requirements"]["verbs"])
                         + f"(?!{longest_first(data['requirements'].get('nominal_heads', ()))})"),
        lead=re.compile(longest_first(data["requirements"]["lead"])),
        references=tuple(
            (ref["kind"], compile_pattern(ref["regex"], path, f"references[{i}].regex"))
            for i, ref in enumerate(data["references"])
        ),
        reference_prefix=re.compile("^" + longest_first(data["reference_keys"]["drop_prefixes"])),
        pointer=re.compile(f"{longest_first(data['reference_pointers']['before'])}[（(]?$"),
        named_periods={name: (first, last) for name, (first, last) in dates["named"].items()},
        fuzzy_dates=tuple(sorted(dates["fuzzy"], key=lambda word: (-len(word), word))),
        five_year_plans=dict(dates["five_year_plans"]),
        date_suffixes={name: tuple(sorted(dates["suffixes"][name], key=lambda word: (-len(word), word)))
                       for name in DATE_SUFFIX_CLASSES},
    )

