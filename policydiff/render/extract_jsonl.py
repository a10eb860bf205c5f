"""JSON Lines renderer for ``policydiff extract``: one obligation per line.

Each line is one item of the extract report's ``obligations`` (``$defs/obligation`` of
``schemas/extract.schema.json``), keys sorted, ready to stream into a tracker line by line.
The document header (source, sha256) is in the ``json`` format only.
"""

from __future__ import annotations

import json
from typing import Any


def render_extract_jsonl(report: dict[str, Any]) -> str:
    """One JSON object per line, in text order; empty text when there is no obligation."""
    return "".join(json.dumps(obligation, ensure_ascii=False, sort_keys=True) + "\n"
                   for obligation in report["obligations"])
