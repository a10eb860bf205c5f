"""JSON renderer: the canonical view, deterministic (sorted keys, no timestamps)."""

from __future__ import annotations

import json
from typing import Any

import orjson

_OPTIONS = orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS


def render_json(report: dict[str, Any]) -> str:
    """``report`` as UTF-8 JSON text, keys sorted, indented by two spaces, ending in a newline.

    orjson writes what ``json.dumps(report, ensure_ascii=False, indent=2, sort_keys=True)``
    writes, ten times faster, but for the notation of a float below 1e-4 or from 1e16 on (the
    same number: 0.00005 where the standard library writes 5e-05). An integer beyond 64 bits (a
    figure of twenty digits in a text), which orjson refuses, sends the report to the standard
    library instead.
    """
    try:
        return orjson.dumps(report, option=_OPTIONS).decode("utf-8") + "\n"
    except orjson.JSONEncodeError:
        return json.dumps(report, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
