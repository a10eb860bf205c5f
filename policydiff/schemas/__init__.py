"""Published JSON Schemas of the outputs (``policydiff schema NAME``)."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

SCHEMA_NAMES = ("outline", "compare", "extract")


@cache
def load_schema(name: str) -> dict[str, Any]:
    """The JSON Schema of the ``name`` output (one of ``SCHEMA_NAMES``)."""
    text = resources.files(__name__).joinpath(f"{name}.schema.json").read_text(encoding="utf-8")
    return json.loads(text)
