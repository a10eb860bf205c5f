"""Load and validate the rule packs in ``extractors/``.

Rules are data: TOML lexicons and pattern tables, shipped inside the package as
``policydiff.extractors`` and replaceable with ``--rules DIR``. This module is the one
place that reads them; it checks each file against a JSON Schema and compiles every
pattern, so that a bad edit is reported with its file and key, not as a crash later.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema

from policydiff.errors import InvalidRules

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
class RulePack:
    """Every rule policydiff uses, compiled."""

    source: str
    """The directory the pack was read from."""
    structure: StructureRules
    units: UnitRules


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
    return RulePack(
        source=str(root),
        structure=structure,
        units=UnitRules(
            units=tuple(sorted(
                (UnitRule(u["unit"], u["code"] or None, u["dimension"]) for u in units["unit"]),
                key=lambda rule: (-len(rule.unit), rule.unit),
            )),
            multipliers=dict(units["multipliers"]),
        ),
    )


def check_rules(directory: str) -> list[str]:
    """Validate the pack in ``directory``; returns the files checked, raises InvalidRules."""
    load_rules.cache_clear()
    pack = load_rules(directory)
    return sorted(str(path) for path in Path(pack.source).glob("*.toml"))


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
