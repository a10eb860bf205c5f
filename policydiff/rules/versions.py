"""The version-marker pack (``versions.toml``): how batch pairing tells versions of one document apart."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from policydiff.errors import InvalidRules
from policydiff.rules.base import PATTERN_LIST, compile_pattern

VERSIONS_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["wrappers", "marker"],
    "properties": {
        "wrappers": PATTERN_LIST,
        "marker": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["name", "pattern", "stage"],
                "additionalProperties": False,
                "properties": {
                    "name": {"type": "string", "minLength": 1},
                    "pattern": {"type": "string"},
                    "stage": {"type": "integer", "minimum": 0},
                },
            },
        },
    },
}

ISSUED_STAGE = 100
"""The stage of a document that carries no marker: the issued text."""


@dataclass(frozen=True, slots=True)
class VersionMarker:
    name: str
    pattern: re.Pattern[str]
    """May name ``n`` (a reading's number, added to the stage) and ``year`` (orders amended texts)."""
    stage: int


@dataclass(frozen=True, slots=True)
class VersionRules:
    wrappers: tuple[re.Pattern[str], ...]
    """Titles that carry another document's title in group ``title`` (关于印发《X》的通知)."""
    markers: tuple[VersionMarker, ...]
    """Most specific first: the first that matches names the version."""


def compile_versions(data: dict[str, Any], path: Path) -> VersionRules:
    wrappers = tuple(compile_pattern(p, path, f"wrappers[{i}]") for i, p in enumerate(data["wrappers"]))
    for i, wrapper in enumerate(wrappers):
        if "title" not in wrapper.groupindex:
            raise InvalidRules(
                f"rule file {path}: wrappers[{i}] has no group named title",
                cause="the wrapped document's title is read from (?P<title>…)",
                fix="wrap the part of the pattern that matches the inner title in (?P<title>…)",
            )
    markers = tuple(
        VersionMarker(m["name"], compile_pattern(m["pattern"], path, f"marker[{i}].pattern"), m["stage"])
        for i, m in enumerate(data["marker"])
    )
    return VersionRules(wrappers=wrappers, markers=markers)
