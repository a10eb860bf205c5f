"""Reading and checking one rule file: TOML against its JSON Schema, and regular expressions.

Shared by every rule pack module; errors name the file and the key.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

from policydiff.errors import InvalidRules

PATTERN_LIST = {"type": "array", "items": {"type": "string"}}


def read_toml(path: Path, schema: dict[str, Any], *, check: bool = True) -> dict[str, Any]:
    """The TOML file at ``path``, checked against ``schema`` unless ``check`` is False (a pack
    whose content was validated before: ``rules.validated``)."""
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
    first = first_schema_error(data, schema) if check else None
    if first is not None:
        where = "/".join(str(part) for part in first.absolute_path) or "(top level)"
        raise InvalidRules(
            f"rule file {path} does not match its schema at {where}",
            cause=first.message,
            fix="compare the entry with the shipped file of the same name",
        )
    return data


def first_schema_error(data: Any, schema: dict[str, Any]) -> Any:
    """The first error (by path) of ``data`` against ``schema``, or None."""
    import jsonschema  # imported here: 35 ms that a pack validated before never pays

    return next(iter(sorted(jsonschema.Draft202012Validator(schema).iter_errors(data), key=lambda e: list(e.path))),
                None)


def compile_pattern(pattern: str, path: Path, key: str, groups: tuple[str, ...] = ()) -> re.Pattern[str]:
    """``pattern`` compiled; ``groups`` are the named groups the code reads from its matches."""
    try:
        compiled = re.compile(pattern)
    except re.error as exc:
        raise InvalidRules(
            f"rule file {path}: the pattern at {key} is not a valid regular expression",
            cause=f"{exc} in {pattern!r}",
            fix="correct the pattern (Python re syntax)",
        ) from None
    missing = [name for name in groups if name not in compiled.groupindex]
    if missing:
        raise InvalidRules(
            f"rule file {path}: the pattern at {key} has no group named {', '.join(missing)}",
            cause=f"the extraction reads the group{'s' if len(missing) > 1 else ''} "
                  f"{', '.join(f'(?P<{name}>…)' for name in missing)} from each of its matches",
            fix=f"put (?P<{missing[0]}>…) around that part of the pattern, as the shipped extractors/ does",
        )
    return compiled


