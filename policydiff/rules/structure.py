"""The structure pack: heading label styles per genre, titles, front matter and trailer
markers (``extractors/structure.toml``)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from policydiff import numerals
from policydiff.errors import InvalidRules
from policydiff.rules.base import PATTERN_LIST, compile_pattern

_LEVELS = {
    "type": "array",
    "minItems": 1,
    "items": {"type": "array", "prefixItems": [{"type": "string"}, {"type": "string"}], "minItems": 2, "maxItems": 2},
}
STRUCTURE_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["styles", "genres", "reference_guard", "references", "lines", "titles", "front_matter", "trailer",
                 "dates"],
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
                    "clause_kinds": PATTERN_LIST,
                    "inline_kinds": PATTERN_LIST,
                    "titled_kinds": PATTERN_LIST,
                    "heading_kinds": PATTERN_LIST,
                },
                "additionalProperties": False,
            },
        },
        "reference_guard": {"type": "object", "required": ["after"], "properties": {"after": {"type": "string"}}},
        "references": {
            "type": "object",
            "required": ["own", "other", "cited_styles", "goes_on"],
            "properties": {"own": {"type": "string"}, "other": {"type": "string"},
                           "cited_styles": {"type": "array", "items": {"type": "string"}, "minItems": 1},
                           "goes_on": {"type": "string"}},
        },
        "lines": {
            "type": "object",
            "required": ["unit_words", "contents"],
            "properties": {"unit_words": {"type": "array", "items": {"type": "string", "minLength": 1}},
                           "contents": {"type": "array", "items": {"type": "string", "minLength": 1}}},
        },
        "titles": {
            "type": "object",
            "required": ["max_length", "bracket", "document_types", "unfinished"],
            "properties": {
                "max_length": {"type": "integer", "minimum": 1},
                "bracket": {"type": "string"},
                "unfinished": {"type": "string"},
                "document_types": {"type": "array", "items": {"type": "string", "minLength": 1}, "minItems": 1},
            },
        },
        "front_matter": {"type": "object", "required": ["markers"], "properties": {"markers": PATTERN_LIST}},
        "trailer": {
            "type": "object",
            "required": ["markers", "date_line"],
            "properties": {"markers": PATTERN_LIST, "date_line": {"type": "string"}},
        },
        "dates": {"type": "object", "required": ["patterns"], "properties": {"patterns": PATTERN_LIST}},
        "effective": {"type": "object", "required": ["patterns", "on_publication"],
                      "properties": {"patterns": PATTERN_LIST, "on_publication": {"type": "string", "minLength": 1}},
                      "additionalProperties": False},
    },
}


NODE_KINDS = ("volume", "chapter", "section", "part", "clause", "article", "item", "subitem")
CONTAINER_KINDS = ("volume", "chapter", "section")
"""Kinds that hold articles and are headed by a label line of their own."""


@dataclass(frozen=True, slots=True)
class GenreRules:
    levels: tuple[tuple[re.Pattern[str], str], ...]
    """(label pattern, node kind), outermost level first."""
    clause_kinds: tuple[str, ...]
    inline_kinds: tuple[str, ...]
    titled_kinds: tuple[str, ...]
    heading_kinds: tuple[str, ...] = ()
    """Kinds whose label counts only on a line that is a heading (no sentence punctuation):
    一、职责分工 over a run of articles, never 一、有下列情形之一的 inside one."""


@dataclass(frozen=True, slots=True)
class StructureRules:
    genres: dict[str, GenreRules]
    reference_guard: re.Pattern[str]
    title_max_length: int
    title_bracket: re.Pattern[str]
    document_types: tuple[str, ...]
    unfinished_title: re.Pattern[str]
    own_reference: re.Pattern[str]
    other_reference: re.Pattern[str]
    front_matter: tuple[re.Pattern[str], ...]
    trailer: tuple[re.Pattern[str], ...]
    date_line: re.Pattern[str]
    dates: tuple[re.Pattern[str], ...]
    """Where a document states its own date, most telling first; groups y, m and d."""
    effective: tuple[re.Pattern[str], ...]
    """Where a document states the date it takes effect (本条例自…起施行); groups y, m and d."""
    on_publication: re.Pattern[str]
    """A document that takes effect on the date it bears (自公布之日起施行)."""
    article_label: re.Pattern[str] | None = None
    """The ``article`` label style (第二十三条, 第十条之一), found anywhere in a text: what a
    cross-reference to an article looks like; None when the pack defines no such style."""
    reference_run: re.Pattern[str] | None = None
    """References that end a text and precede one more of the same run (专利法第十八条、): the
    article style, its groups unnamed, with 款/项 and the words that join a run."""
    unit_start: re.Pattern[str] | None = None
    """A line that opens with a label of any style or a word of ``lines.unit_words`` (附件, 抄送):
    line joining does not run a broken sentence into it, unless a reference goes on."""
    cited_label: re.Pattern[str] | None = None
    """The labels a cross-reference names (``references.cited_styles``: 第X条, 第X章)."""
    reference_goes_on: re.Pattern[str] | None = None
    """A cited label followed by ``references.goes_on`` (第四十七条或者…, 第十条第二款): a line
    that opens so continues a sentence cut at the margin."""
    contents_headings: frozenset[str] = frozenset()
    """A table of contents' heading line (目录, 目 录), as normalized text."""
    any_label: re.Pattern[str] | None = None
    """A label of any style (第三条, （四）, 2.): matched at the start of a paragraph, it numbers it."""
    container_label: str = "(?!)"
    """The labels of the styles that head a volume, chapter or section in any genre (第一编,
    第二章, 第三节), as one pattern: a line may hold one alone or before a letter-spaced title."""




def compile_structure(data: dict[str, Any], path: Path) -> StructureRules:
    styles = {name: compile_pattern(pattern, path, f"styles.{name}") for name, pattern in data["styles"].items()}
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
            tuple(levels), tuple(spec["clause_kinds"]), tuple(spec["inline_kinds"]), tuple(spec["titled_kinds"]),
            tuple(spec.get("heading_kinds", ())),
        )
    return StructureRules(
        genres=genres,
        reference_guard=compile_pattern(data["reference_guard"]["after"], path, "reference_guard.after"),
        title_max_length=data["titles"]["max_length"],
        title_bracket=compile_pattern(data["titles"]["bracket"], path, "titles.bracket"),
        document_types=tuple(data["titles"]["document_types"]),
        unfinished_title=compile_pattern(data["titles"]["unfinished"], path, "titles.unfinished"),
        own_reference=compile_pattern(data["references"]["own"], path, "references.own"),
        other_reference=compile_pattern(data["references"]["other"], path, "references.other"),
        front_matter=tuple(
            compile_pattern(p, path, f"front_matter.markers[{i}]") for i, p in enumerate(data["front_matter"]["markers"])
        ),
        trailer=tuple(compile_pattern(p, path, f"trailer.markers[{i}]") for i, p in enumerate(data["trailer"]["markers"])),
        date_line=compile_pattern(data["trailer"]["date_line"], path, "trailer.date_line"),
        dates=tuple(_date_pattern(p, path, f"dates.patterns[{i}]") for i, p in enumerate(data["dates"]["patterns"])),
        effective=tuple(_date_pattern(p, path, f"effective.patterns[{i}]")
                        for i, p in enumerate(data["effective"]["patterns"])),
        on_publication=compile_pattern(data["effective"]["on_publication"], path, "effective.on_publication"),
        article_label=styles.get("article"),
        reference_run=_reference_run(styles["article"], path) if "article" in styles else None,
        **_line_rules(data, styles, path),
    )


def _unnamed(pattern: re.Pattern[str]) -> str:
    """A style's pattern with its groups unnamed, to join with others in one alternation."""
    return re.sub(r"\(\?P<\w+>", "(?:", pattern.pattern)


def _line_rules(data: dict[str, Any], styles: dict[str, re.Pattern[str]], path: Path) -> dict[str, Any]:
    """What line joining reads from the pack: unit starts, cited labels, references going on."""
    cited = data["references"]["cited_styles"]
    unknown = [name for name in cited if name not in styles]
    if unknown:
        raise InvalidRules(
            f"rule file {path}: references.cited_styles names {unknown[0]!r}",
            cause=f"label styles are {sorted(styles)}",
            fix="name styles defined under [styles]",
        )
    labels = "|".join(_unnamed(pattern) for pattern in styles.values())
    words = "|".join(re.escape(word) for word in data["lines"]["unit_words"])
    cited_label = "|".join(_unnamed(styles[name]) for name in cited)
    goes_on = data["references"]["goes_on"]
    containers = sorted({_unnamed(styles[name]) for spec in data["genres"].values()
                         for name, kind in spec["levels"] if kind in CONTAINER_KINDS})
    return {
        "container_label": f"(?:{'|'.join(containers)})" if containers else "(?!)",
        "unit_start": compile_pattern(f"(?:{labels}{'|' + words if words else ''})", path, "styles, lines.unit_words"),
        "any_label": compile_pattern(f"(?:{labels})", path, "styles"),
        "cited_label": compile_pattern(f"(?:{cited_label})", path, "references.cited_styles"),
        "reference_goes_on": compile_pattern(f"(?:{cited_label})(?:{goes_on})", path, "references.goes_on"),
        "contents_headings": frozenset(data["lines"]["contents"]),
    }


def _date_pattern(pattern: str, path: Path, where: str) -> re.Pattern[str]:
    compiled = compile_pattern(pattern, path, where)
    if not {"y", "m", "d"} <= set(compiled.groupindex):
        raise InvalidRules(
            f"rule file {path}: {where} lacks a group named y, m or d",
            cause="the year, month and day of a document date are read from (?P<y>…), (?P<m>…) and (?P<d>…)",
            fix="name the three parts of the date in the pattern",
        )
    return compiled


def _reference_run(article: re.Pattern[str], path: Path) -> re.Pattern[str]:
    label = _unnamed(article)  # the run repeats it
    return compile_pattern(rf"(?:{label}(?:第[{numerals.CHINESE}]+[款项])*(?:、|和|及|或者|或|至|以及))+$", path,
                           "styles.article (as a run of references)")
