"""Load and validate the rule packs in ``extractors/``.

Rules are data: TOML lexicons and pattern tables, shipped inside the package as
``policydiff.extractors`` and replaceable with ``--rules DIR``. This module is the one
place that reads them; it checks each file against a JSON Schema and compiles every
pattern, so that a bad edit is reported with its file and key, not as a crash later.
"""

from __future__ import annotations

import json
import re
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema

from policydiff.errors import InvalidRules
from policydiff.model import TokenKind

_PATTERN_LIST = {"type": "array", "items": {"type": "string"}}
_LEVELS = {
    "type": "array",
    "minItems": 1,
    "items": {"type": "array", "prefixItems": [{"type": "string"}, {"type": "string"}], "minItems": 2, "maxItems": 2},
}
STRUCTURE_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["styles", "genres", "reference_guard", "titles", "front_matter", "trailer"],
    "properties": {
        "styles": {"type": "object", "additionalProperties": {"type": "string"}, "minProperties": 1},
        "genres": {
            "type": "object",
            "required": ["law", "notice"],
            "additionalProperties": {
                "type": "object",
                "required": ["levels", "clause_kinds", "inline_kinds", "titled_kinds"],
                "properties": {
                    "levels": _LEVELS,
                    "clause_kinds": _PATTERN_LIST,
                    "inline_kinds": _PATTERN_LIST,
                    "titled_kinds": _PATTERN_LIST,
                },
                "additionalProperties": False,
            },
        },
        "reference_guard": {"type": "object", "required": ["after"], "properties": {"after": {"type": "string"}}},
        "titles": {
            "type": "object",
            "required": ["max_length", "bracket", "document_types"],
            "properties": {
                "max_length": {"type": "integer", "minimum": 1},
                "bracket": {"type": "string"},
                "document_types": {"type": "array", "items": {"type": "string", "minLength": 1}, "minItems": 1},
            },
        },
        "front_matter": {"type": "object", "required": ["markers"], "properties": {"markers": _PATTERN_LIST}},
        "trailer": {
            "type": "object",
            "required": ["markers", "date_line"],
            "properties": {"markers": _PATTERN_LIST, "date_line": {"type": "string"}},
        },
    },
}

UNITS_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["multipliers", "unit"],
    "properties": {
        "multipliers": {"type": "object", "additionalProperties": {"type": "integer", "minimum": 1}},
        "unit": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "required": ["unit", "code", "dimension"],
                "properties": {
                    "unit": {"type": "string", "minLength": 1},
                    "code": {"type": "string"},
                    "dimension": {"type": "string", "minLength": 1},
                },
                "additionalProperties": False,
            },
        },
    },
    "additionalProperties": False,
}

TOKENS_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["fragments", "pattern"],
    "properties": {
        "fragments": {"type": "object", "additionalProperties": {"type": "string", "minLength": 1}},
        "pattern": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "required": ["name", "kind", "where", "regex"],
                "properties": {
                    "name": {"type": "string", "pattern": "^[a-z_]+$"},
                    "kind": {"enum": ["date", "quantity", "word"]},
                    "where": {"enum": ["text", "token"]},
                    "regex": {"type": "string", "minLength": 1},
                    "examples": {"type": "array", "items": {"type": "string", "minLength": 1}},
                },
                "additionalProperties": False,
            },
        },
    },
    "additionalProperties": False,
}
USERDICT_FILE = "jieba_userdict.txt"
# jieba's user-dictionary line, with the frequency required: a frequency of 0 would make
# jieba force-split the word in its process-wide HMM state, which a private tokenizer must not touch.
_USERDICT_LINE = re.compile(r"(?P<word>\S+) (?P<freq>[1-9][0-9]*)(?: (?P<tag>[a-z]+))?")
_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")

NODE_KINDS = ("volume", "chapter", "section", "part", "clause", "article", "item", "subitem")


@dataclass(frozen=True, slots=True)
class GenreRules:
    levels: tuple[tuple[re.Pattern[str], str], ...]
    """(label pattern, node kind), outermost level first."""
    clause_kinds: tuple[str, ...]
    inline_kinds: tuple[str, ...]
    titled_kinds: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class StructureRules:
    genres: dict[str, GenreRules]
    reference_guard: re.Pattern[str]
    title_max_length: int
    title_bracket: re.Pattern[str]
    document_types: tuple[str, ...]
    front_matter: tuple[re.Pattern[str], ...]
    trailer: tuple[re.Pattern[str], ...]
    date_line: re.Pattern[str]


@dataclass(frozen=True, slots=True)
class UnitRule:
    unit: str
    """As written, without a multiplier: 吨, 微克/立方米, 个百分点."""
    code: str | None
    """UCUM code, None where UCUM has none (蒸吨)."""
    dimension: str
    """What it measures (mass, concentration …): quantities compare only within one dimension."""


@dataclass(frozen=True, slots=True)
class UnitRules:
    units: tuple[UnitRule, ...]
    """Longest first, so that matching tries 微克/立方米 before 微克."""
    multipliers: dict[str, int]
    """Multiplier words and their factors (万 → 10000, 亿 → 100000000)."""

    def find(self, unit: str) -> UnitRule | None:
        return next((rule for rule in self.units if rule.unit == unit), None)


@dataclass(frozen=True, slots=True)
class TokenPattern:
    """A span the tokenizer keeps whole (tokens.toml): a quantity, a date, an ordinal."""

    name: str
    kind: TokenKind
    regex: re.Pattern[str]
    """Placeholders already expanded: {unit}, {multiplier} and the file's fragments."""
    in_text: bool
    """True: searched in running text before jieba; False: only relabels a whole jieba word."""


@dataclass(frozen=True, slots=True)
class DictEntry:
    """One line of the jieba user dictionary: ``超低排放 3000 n``."""

    word: str
    freq: int
    tag: str | None
    """Part-of-speech tag in jieba's tag set (n, v, d, nt …); None when the line has none."""


@dataclass(frozen=True, slots=True)
class TokenRules:
    patterns: tuple[TokenPattern, ...]
    """In file order: where two match the same span length at one place, the first wins."""
    userdict: tuple[DictEntry, ...]
    """Words the jieba tokenizer must know (jieba_userdict.txt), in file order."""


@dataclass(frozen=True, slots=True)
class RulePack:
    """Every rule policydiff uses, compiled."""

    source: str
    """The directory the pack was read from."""
    structure: StructureRules
    units: UnitRules
    tokens: TokenRules
    modality: ModalityRules
    comparators: ComparatorRules
    gazetteer: Gazetteer
    lexicon: LexiconRules


def default_rules_dir() -> Path:
    return Path(str(resources.files("policydiff.extractors")))


@cache
def load_rules(directory: str | None = None) -> RulePack:
    """Read, validate and compile the pack in ``directory`` (the shipped one when None)."""
    root = Path(directory) if directory else default_rules_dir()
    if not root.is_dir():
        raise InvalidRules(
            f"rule directory {root} does not exist",
            cause="--rules must name a directory holding a rule pack such as structure.toml",
            fix="pass the folder copied from the shipped extractors/ (policydiff rules path prints it)",
        )
    structure = _compile_structure(_read_toml(root / "structure.toml", STRUCTURE_SCHEMA), root / "structure.toml")
    units = _read_toml(root / "units.toml", UNITS_SCHEMA)
    unit_rules = UnitRules(
        units=tuple(sorted(
            (UnitRule(u["unit"], u["code"] or None, u["dimension"]) for u in units["unit"]),
            key=lambda rule: (-len(rule.unit), rule.unit),
        )),
        multipliers=dict(units["multipliers"]),
    )
    tokens = TokenRules(
        patterns=_compile_tokens(_read_toml(root / "tokens.toml", TOKENS_SCHEMA), root / "tokens.toml", unit_rules),
        userdict=_read_userdict(root / USERDICT_FILE),
    )
    return RulePack(
        source=str(root), structure=structure, units=unit_rules, tokens=tokens,
        modality=_compile_modality(_read_toml(root / "modality.toml", MODALITY_SCHEMA), root / "modality.toml"),
        comparators=_compile_comparators(_read_toml(root / "comparators.toml", COMPARATORS_SCHEMA)),
        gazetteer=_compile_gazetteer(_read_toml(root / "gazetteer.toml", GAZETTEER_SCHEMA), root / "gazetteer.toml"),
        lexicon=_compile_lexicon(_read_toml(root / "lexicon.toml", LEXICON_SCHEMA), root / "lexicon.toml"),
    )


def check_rules(directory: str) -> list[str]:
    """Validate the pack in ``directory``; returns the files checked, raises InvalidRules."""
    load_rules.cache_clear()
    pack = load_rules(directory)
    _EXTRACTION.pop(pack.source, None)
    extraction_rules(pack)
    return sorted([*(str(path) for path in Path(pack.source).glob("*.toml")), str(Path(pack.source) / USERDICT_FILE)])


def _read_toml(path: Path, schema: dict[str, Any]) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            data = tomllib.load(handle)
    except FileNotFoundError:
        raise InvalidRules(
            f"rule file {path} is missing",
            cause="every rule pack needs this file",
            fix="copy it from the shipped extractors/ folder and edit the copy",
        ) from None
    except tomllib.TOMLDecodeError as exc:
        raise InvalidRules(
            f"rule file {path} is not valid TOML",
            cause=str(exc),
            fix="correct the syntax at the line and column given (strings with backslashes need '…' quotes)",
        ) from None
    errors = sorted(jsonschema.Draft202012Validator(schema).iter_errors(data), key=lambda e: list(e.path))
    if errors:
        first = errors[0]
        where = "/".join(str(part) for part in first.absolute_path) or "(top level)"
        raise InvalidRules(
            f"rule file {path} does not match its schema at {where}",
            cause=first.message,
            fix="compare the entry with the shipped file of the same name",
        )
    return data


def _compile(pattern: str, path: Path, key: str) -> re.Pattern[str]:
    try:
        return re.compile(pattern)
    except re.error as exc:
        raise InvalidRules(
            f"rule file {path}: the pattern at {key} is not a valid regular expression",
            cause=f"{exc} in {pattern!r}",
            fix="correct the pattern (Python re syntax)",
        ) from None


def _compile_structure(data: dict[str, Any], path: Path) -> StructureRules:
    styles = {name: _compile(pattern, path, f"styles.{name}") for name, pattern in data["styles"].items()}
    for name, pattern in styles.items():
        if "num" not in pattern.groupindex:
            raise InvalidRules(
                f"rule file {path}: styles.{name} has no group named num",
                cause="the numeral of a heading label is read from the group (?P<num>…)",
                fix="wrap the numeral part of the pattern in (?P<num>…)",
            )
    genres = {}
    for genre, spec in data["genres"].items():
        levels = []
        for style, kind in spec["levels"]:
            if style not in styles or kind not in NODE_KINDS:
                raise InvalidRules(
                    f"rule file {path}: genres.{genre}.levels names [{style!r}, {kind!r}]",
                    cause=f"label styles are {sorted(styles)}; node kinds are {list(NODE_KINDS)}",
                    fix="use a style defined under [styles] and one of the node kinds",
                )
            levels.append((styles[style], kind))
        genres[genre] = GenreRules(
            tuple(levels), tuple(spec["clause_kinds"]), tuple(spec["inline_kinds"]), tuple(spec["titled_kinds"])
        )
    return StructureRules(
        genres=genres,
        reference_guard=_compile(data["reference_guard"]["after"], path, "reference_guard.after"),
        title_max_length=data["titles"]["max_length"],
        title_bracket=_compile(data["titles"]["bracket"], path, "titles.bracket"),
        document_types=tuple(data["titles"]["document_types"]),
        front_matter=tuple(
            _compile(p, path, f"front_matter.markers[{i}]") for i, p in enumerate(data["front_matter"]["markers"])
        ),
        trailer=tuple(_compile(p, path, f"trailer.markers[{i}]") for i, p in enumerate(data["trailer"]["markers"])),
        date_line=_compile(data["trailer"]["date_line"], path, "trailer.date_line"),
    )


def _alternation(words: Any) -> str:
    """A non-capturing group of the words, in the order given; one that never matches if none."""
    escaped = [re.escape(word) for word in words]
    return "(?:" + "|".join(escaped) + ")" if escaped else "(?!)"


def _expand(template: str, fragments: dict[str, str], path: Path, key: str) -> str:
    """Replace each ``{name}`` in a pattern template; quantifiers such as ``{2,}`` are left alone."""

    def substitute(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in fragments:
            raise InvalidRules(
                f"rule file {path}: {key} uses {{{name}}}, which is not defined",
                cause="a placeholder names a fragment defined above it, or one of unit, long_unit, multiplier",
                fix=f"define {name} under [fragments] before its first use, or correct the name",
            )
        return fragments[name]

    return _PLACEHOLDER.sub(substitute, template)


def _compile_tokens(data: dict[str, Any], path: Path, units: UnitRules) -> tuple[TokenPattern, ...]:
    # Built from units.toml so that a unit added there is kept whole by the tokenizer too.
    # units.units is longest first: the alternation must try 微克/立方米 before 米.
    fragments = {
        "unit": _alternation(rule.unit for rule in units.units),
        "long_unit": _alternation(rule.unit for rule in units.units if len(rule.unit) > 1),
        "multiplier": _alternation(sorted(units.multipliers, key=lambda word: (-len(word), word))),
    }
    for name, template in data["fragments"].items():
        key = f"fragments.{name}"
        if name in fragments:
            raise InvalidRules(
                f"rule file {path}: {key} redefines a placeholder built from units.toml",
                cause="unit, long_unit and multiplier are built from units.toml",
                fix="rename the fragment, or edit the units in units.toml",
            )
        fragments[name] = _compile(_expand(template, fragments, path, key), path, key).pattern
    patterns = []
    for index, entry in enumerate(data["pattern"]):
        key = f"pattern[{index}] ({entry['name']}).regex"
        regex = _compile(_expand(entry["regex"], fragments, path, key), path, key)
        if regex.match(""):
            raise InvalidRules(
                f"rule file {path}: {key} matches the empty string",
                cause="a token pattern must match at least one character",
                fix="make the pattern's last part required (remove a trailing ? or *)",
            )
        for example in entry.get("examples", ()):
            if not regex.fullmatch(example):
                raise InvalidRules(
                    f"rule file {path}: pattern[{index}] ({entry['name']}) does not match its example {example!r}",
                    cause="every example listed with a pattern must match it in full",
                    fix="correct the pattern, or the example if it is wrong",
                )
        patterns.append(TokenPattern(entry["name"], TokenKind(entry["kind"]), regex, entry["where"] == "text"))
    return tuple(patterns)


def _read_userdict(path: Path) -> tuple[DictEntry, ...]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InvalidRules(
            f"rule file {path} is missing",
            cause="every rule pack needs this file",
            fix="copy it from the shipped extractors/ folder and edit the copy",
        ) from None
    except UnicodeDecodeError as exc:
        raise InvalidRules(
            f"rule file {path} is not UTF-8",
            cause=str(exc),
            fix="save the dictionary as UTF-8",
        ) from None
    entries: list[DictEntry] = []
    first_line: dict[str, int] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        match = _USERDICT_LINE.fullmatch(line.strip())
        if match is None:
            raise InvalidRules(
                f"rule file {path}, line {number}: {line.strip()!r} is not a jieba dictionary entry",
                cause="a line holds a word, its frequency (1 or more) and an optional lower-case tag, "
                "separated by single spaces",
                fix="write the line like: 超低排放 3000 n",
            )
        word = match["word"]
        if word in first_line:
            raise InvalidRules(
                f"rule file {path}, line {number}: {word} is listed again (first at line {first_line[word]})",
                cause="jieba would keep only the last frequency given",
                fix="keep one line per word",
            )
        first_line[word] = number
        entries.append(DictEntry(word, int(match["freq"]), match["tag"]))
    return tuple(entries)


# --- lexicons for canonical values: modality.toml, comparators.toml, gazetteer.toml, lexicon.toml

MODALITY_LEVELS = ("prohibited", "mandatory", "aspirational", "encouraged", "permitted")
"""Deontic levels, strongest first (DESIGN.md §4); modality.toml must define each once."""
COMPARATOR_OPS = ("<=", ">=", "<", ">", "=", "~")

_WORDS = {"type": "array", "items": {"type": "string", "minLength": 1}}
_OPS = {"type": "object", "minProperties": 1, "additionalProperties": {"enum": list(COMPARATOR_OPS)}}
_NAMED = {
    "type": "object",
    "required": ["name"],
    "properties": {"name": {"type": "string", "minLength": 2}, "aliases": _WORDS},
    "additionalProperties": False,
}
MODALITY_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["implicit", "level", "not_modal", "softeners"],
    "properties": {
        "implicit": {"enum": list(MODALITY_LEVELS)},
        "not_modal": _WORDS,
        "softeners": _WORDS,
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
                    "triggers": {**_WORDS, "minItems": 1},
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
        "range_separators": {**_WORDS, "minItems": 1},
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
                    "aliases": _WORDS,
                    "kind": {"enum": ["province", "autonomous_region", "municipality", "sar"]},
                    "cities": _WORDS,
                    "needs_suffix": _WORDS,
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
                    "aliases": _WORDS,
                    "kind": {"enum": ["government", "ministry", "commission", "agency", "bureau", "former", "soe"]},
                },
                "additionalProperties": False,
            },
        },
        "departments": {
            "type": "object",
            "required": ["levels", "domains", "suffixes"],
            "properties": {
                "levels": _WORDS, "domains": {**_WORDS, "minItems": 1}, "suffixes": {**_WORDS, "minItems": 1},
            },
            "additionalProperties": False,
        },
        "generic": {
            "type": "object", "required": ["words"], "properties": {"words": _WORDS}, "additionalProperties": False,
        },
    },
    "additionalProperties": False,
}
LEXICON_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["conditions", "scope", "editorial", "records", "requirements", "references",
                 "reference_pointers", "dates"],
    "properties": {
        "conditions": {"type": "object", "required": ["words", "patterns"],
                       "properties": {"words": _WORDS, "patterns": _WORDS}, "additionalProperties": False},
        "scope": {
            "type": "object", "required": ["words"], "properties": {"words": _WORDS}, "additionalProperties": False,
        },
        "editorial": {
            "type": "object",
            "required": ["words", "synonyms"],
            "properties": {"words": _WORDS, "synonyms": {"type": "array", "items": {**_WORDS, "minItems": 2}}},
            "additionalProperties": False,
        },
        "records": {"type": "object", "required": ["prefixes"], "properties": {"prefixes": _WORDS},
                    "additionalProperties": False},
        "requirements": {"type": "object", "required": ["verbs", "lead"],
                         "properties": {"verbs": {**_WORDS, "minItems": 1}, "lead": _WORDS, "nominal_heads": _WORDS},
                         "additionalProperties": False},
        "references": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["kind", "regex"],
                "properties": {"kind": {"enum": ["title", "article", "annex", "issuer", "law"]},
                               "regex": {"type": "string", "minLength": 1}},
                "additionalProperties": False,
            },
        },
        "reference_pointers": {"type": "object", "required": ["before"], "properties": {"before": _WORDS},
                               "additionalProperties": False},
        "dates": {
            "type": "object",
            "required": ["named", "fuzzy", "five_year_plans"],
            "properties": {
                "named": {"type": "object", "additionalProperties": {
                    "type": "array", "minItems": 2, "maxItems": 2,
                    "items": {"type": "string", "pattern": "^(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$"}}},
                "fuzzy": _WORDS,
                "five_year_plans": {"type": "object", "additionalProperties": {"type": "integer", "minimum": 1953}},
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
    records: tuple[str, ...]
    """Line prefixes of document records (抄送, 发布日期)."""
    verbs: re.Pattern[str]
    lead: re.Pattern[str]
    references: tuple[tuple[str, re.Pattern[str]], ...]
    """(kind, pattern) for each citation pattern, in file order."""
    pointer: re.Pattern[str]
    """A pointer word (详见) right before a citation: searched at the end of the preceding text."""
    named_periods: dict[str, tuple[str, str]]
    """Named part of a year → (first day, last day) as MM-DD."""
    fuzzy_dates: tuple[str, ...]
    five_year_plans: dict[str, int]
    """"十四五" → 2021, its first year."""


def _longest_first(words: Any) -> str:
    """A non-capturing alternation of ``words``, longest first; a group that never matches if none."""
    ordered = sorted(set(words), key=lambda word: (-len(word), word))
    return "(?:" + "|".join(re.escape(word) for word in ordered) + ")" if ordered else "(?!)"


def _compile_modality(data: dict[str, Any], path: Path) -> ModalityRules:
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
        _compile(pattern, path, f"softeners[{index}]").pattern for index, pattern in enumerate(data["softeners"])
    )
    return ModalityRules(
        levels=MODALITY_LEVELS,
        labels={level["name"]: level["label"] for level in data["level"]},
        triggers=triggers,
        pattern=re.compile(_longest_first(triggers)),
        softeners=re.compile(softeners or "(?!)"),
        implicit=data["implicit"],
    )


def _compile_comparators(data: dict[str, Any]) -> ComparatorRules:
    window = data["window"]
    words = _longest_first(word for word in data["before"] if len(word) > 1)
    letters = _longest_first(word for word in data["before"] if len(word) == 1)
    return ComparatorRules(
        before=dict(data["before"]),
        after=dict(data["after"]),
        before_pattern=re.compile(f"(?:(?P<word>{words})[^，。；：、,;:（）()\\s]{{0,{window}}}|(?P<letter>{letters}))$"),
        after_pattern=re.compile(_longest_first(data["after"])),
        range_separator=re.compile(_longest_first(data["range_separators"])),
    )


def _compile_gazetteer(data: dict[str, Any], path: Path) -> Gazetteer:
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
        pattern=re.compile(_longest_first(entries)),
        departments=re.compile(
            f"{_longest_first(departments['levels'])}{{0,2}}{_longest_first(departments['domains'])}"
            f"{_longest_first(departments['suffixes'])}"
        ),
        listed=listed,
        listed_pattern=re.compile(_longest_first(listed)),
    )


def _compile_lexicon(data: dict[str, Any], path: Path) -> LexiconRules:
    conditions = [_longest_first(data["conditions"]["words"])] + [
        _compile(pattern, path, f"conditions.patterns[{i}]").pattern
        for i, pattern in enumerate(data["conditions"]["patterns"])
    ]
    synonyms = {word: group[0] for group in data["editorial"]["synonyms"] for word in group}
    dates = data["dates"]
    return LexiconRules(
        # Patterns first: 按照…要求 is longer than any listed word it may contain.
        conditions=re.compile("|".join(conditions[1:] + conditions[:1])),
        scope=re.compile(_longest_first(data["scope"]["words"])),
        editorial=re.compile(_longest_first(data["editorial"]["words"])),
        synonyms=synonyms,
        synonym_pattern=re.compile(_longest_first(synonyms)),
        records=tuple(data["records"]["prefixes"]),
        # A verb right before a nominal head is a noun (完成情况, 淘汰工作), not a predicate.
        verbs=re.compile(_longest_first(data["requirements"]["verbs"])
                         + f"(?!{_longest_first(data['requirements'].get('nominal_heads', ()))})"),
        lead=re.compile(_longest_first(data["requirements"]["lead"])),
        references=tuple(
            (ref["kind"], _compile(ref["regex"], path, f"references[{i}].regex"))
            for i, ref in enumerate(data["references"])
        ),
        pointer=re.compile(f"{_longest_first(data['reference_pointers']['before'])}[（(]?$"),
        named_periods={name: (first, last) for name, (first, last) in dates["named"].items()},
        fuzzy_dates=tuple(sorted(dates["fuzzy"], key=lambda word: (-len(word), word))),
        five_year_plans=dict(dates["five_year_plans"]),
    )


# --- extraction rules: obligations.toml and patterns.jsonl ----------------------------------------

OBLIGATIONS_FILE = "obligations.toml"
PATTERNS_FILE = "patterns.jsonl"
OBLIGATIONS_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["measure", "metric", "reported", "enumeration", "sanction"],
    "properties": {
        "measure": {"type": "object", "required": ["verbs"], "properties": {"verbs": _WORDS},
                    "additionalProperties": False},
        "metric": {"type": "object", "required": ["strip"], "properties": {"strip": _WORDS},
                   "additionalProperties": False},
        "reported": {"type": "object", "required": ["markers", "sentence"],
                     "properties": {"markers": _WORDS, "patterns": _WORDS, "sentence": _WORDS},
                     "additionalProperties": False},
        "enumeration": {"type": "object", "required": ["markers"], "properties": {"markers": _WORDS},
                        "additionalProperties": False},
        "sanction": {"type": "object", "required": ["regex", "trigger"],
                     "properties": {"regex": {"type": "string", "minLength": 1},
                                    "trigger": {"type": "string", "minLength": 1}},
                     "additionalProperties": False},
    },
    "additionalProperties": False,
}
# One spaCy SpanRuler pattern per line (https://spacy.io/usage/rule-based-matching#spanruler):
# a phrase (string) or a list of token patterns, with the label that names its span group.
PATTERN_LINE_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["label", "pattern"],
    "properties": {
        "label": {"enum": ["CITATION", "VAGUE", "METRIC"]},
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
    metric_strip: re.Pattern[str]
    """Adverbs cut from the ends of a metric (平均, 原则上)."""
    reported: re.Pattern[str]
    """A marker of a reported figure before the number, in its clause (较, 同比, 共完成)."""
    reported_sentence: re.Pattern[str]
    enumeration: re.Pattern[str]
    sanction: re.Pattern[str]
    """Groups ``amount``: the text between 处 and 罚款."""
    trigger: re.Pattern[str]
    """Group ``trigger``: a condition ending in 的 that a sanction follows."""
    patterns: tuple[dict[str, Any], ...]
    """The SpanRuler patterns of patterns.jsonl, in file order."""


_EXTRACTION: dict[str, ExtractionRules] = {}


def extraction_rules(rules: RulePack) -> ExtractionRules:
    """Read, validate and compile obligations.toml and patterns.jsonl of ``rules`` (once per pack)."""
    if rules.source not in _EXTRACTION:
        root = Path(rules.source)
        path = root / OBLIGATIONS_FILE
        data = _read_toml(path, OBLIGATIONS_SCHEMA)
        _EXTRACTION[rules.source] = ExtractionRules(
            measure_verbs=re.compile(_longest_first(data["measure"]["verbs"]) + "$"),
            metric_strip=re.compile(f"^{_longest_first(data['metric']['strip'])}+|{_longest_first(data['metric']['strip'])}+$"),
            reported=re.compile("|".join([
                *(_compile(p, path, f"reported.patterns[{i}]").pattern
                  for i, p in enumerate(data["reported"].get("patterns", []))),
                _longest_first(data["reported"]["markers"])])),
            reported_sentence=re.compile(_longest_first(data["reported"]["sentence"])),
            enumeration=re.compile(_longest_first(data["enumeration"]["markers"])),
            sanction=_compile(data["sanction"]["regex"], path, "sanction.regex"),
            trigger=_compile(data["sanction"]["trigger"], path, "sanction.trigger"),
            patterns=_read_patterns(root / PATTERNS_FILE),
        )
    return _EXTRACTION[rules.source]


def _read_patterns(path: Path) -> tuple[dict[str, Any], ...]:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        raise InvalidRules(
            f"rule file {path} is missing",
            cause="the extraction stage reads its span patterns from it",
            fix="copy it from the shipped extractors/ folder and edit the copy",
        ) from None
    validator = jsonschema.Draft202012Validator(PATTERN_LINE_SCHEMA)
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
        error = next(iter(sorted(validator.iter_errors(entry), key=lambda e: list(e.path))), None)
        if error is not None:
            where = "/".join(str(part) for part in error.absolute_path) or "(top level)"
            raise InvalidRules(
                f"rule file {path}: line {number} does not match its schema at {where}",
                cause=error.message,
                fix="compare the line with the shipped patterns.jsonl (labels: CITATION, VAGUE, METRIC)",
            )
        found.append(entry)
    return tuple(found)
