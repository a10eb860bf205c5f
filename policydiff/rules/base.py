"""Reading and checking one rule file: TOML against its JSON Schema, and regular expressions.

Shared by every rule pack module; errors name the file and the key.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

import jsonschema

from policydiff.errors import InvalidRules

PATTERN_LIST = {"type": "array", "items": {"type": "string"}}


def read_toml(path: Path, schema: dict[str, Any]) -> dict[str, Any]:
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


def compile_pattern(pattern: str, path: Path, key: str) -> re.Pattern[str]:
    try:
        return re.compile(pattern)
    except re.error as exc:
        raise InvalidRules(
            f"rule file {path}: the pattern at {key} is not a valid regular expression",
            cause=f"{exc} in {pattern!r}",
            fix="correct the pattern (Python re syntax)",
        ) from None


