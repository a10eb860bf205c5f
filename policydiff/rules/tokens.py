"""The tokens pack: units of measure (``units.toml``), whole-token patterns for quantities
and dates (``tokens.toml``) and the jieba user dictionary (``jieba_userdict.txt``)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from policydiff import numerals
from policydiff.errors import InvalidRules
from policydiff.model import TokenKind
from policydiff.rules.base import compile_pattern
from policydiff.rules.lexicons import longest_first

UNITS_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["multipliers", "fractions", "unit"],
    "properties": {
        "multipliers": {"type": "object", "additionalProperties": {"type": "integer", "minimum": 1}},
        "per": {"type": "object", "additionalProperties": {"type": "string", "minLength": 1}},
        "fractions": {"type": "object", "propertyNames": {"minLength": 1},
                      "additionalProperties": {"type": "string", "minLength": 1}},
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
                    "as": {"type": "string", "minLength": 1},
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



@dataclass(frozen=True, slots=True)
class UnitRule:
    unit: str
    """As written, without a multiplier: 吨, 微克/立方米, 个百分点."""
    code: str | None
    """UCUM code, None where UCUM has none (蒸吨)."""
    dimension: str
    """What it measures (mass, concentration …): quantities compare only within one dimension."""
    name: str = ""
    """The unit a quantity is given in when written so (个工作日 → 工作日); ``unit`` when empty."""

    @property
    def reads_as(self) -> str:
        return self.name or self.unit


@dataclass(frozen=True, slots=True)
class UnitRules:
    units: tuple[UnitRule, ...]
    """Longest first, so that matching tries 微克/立方米 before 微克."""
    multipliers: dict[str, int]
    """Multiplier words and their factors (万 → 10000, 亿 → 100000000)."""
    per: dict[str, str] = field(default_factory=dict)
    """A word before a number that makes its unit a rate (每小时 → 小时: 每小时35蒸吨 is 35 蒸吨/小时)."""
    fractions: dict[str, str] = field(default_factory=dict)
    """A word before a number that makes it a share in a unit (百分之 → %: 百分之八十 is 80 %)."""
    by_unit: dict[str, UnitRule] = field(init=False, repr=False, compare=False)
    fraction_pattern: re.Pattern[str] = field(init=False, repr=False, compare=False)
    """A fraction word and the number after it (``word``, ``num``): 千分之五, 百分之2.5."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "by_unit", {rule.unit: rule for rule in reversed(self.units)})  # the first wins
        # Not the 万分之 of 百万分之 (ppm), which is no fraction word listed.
        object.__setattr__(self, "fraction_pattern", re.compile(
            rf"(?<![\d{numerals.CHINESE}])(?P<word>{longest_first(self.fractions)})"
            rf"(?P<num>\d+(?:\.\d+)?|[{numerals.CHINESE}点]+)"))

    def find(self, unit: str) -> UnitRule | None:
        return self.by_unit.get(unit)


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


def compile_tokens(data: dict[str, Any], path: Path, units: UnitRules) -> tuple[TokenPattern, ...]:
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
        fragments[name] = compile_pattern(_expand(template, fragments, path, key), path, key).pattern
    patterns = []
    for index, entry in enumerate(data["pattern"]):
        key = f"pattern[{index}] ({entry['name']}).regex"
        regex = compile_pattern(_expand(entry["regex"], fragments, path, key), path, key)
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


def read_userdict(path: Path) -> tuple[DictEntry, ...]:
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

