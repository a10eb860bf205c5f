"""The one place that runs the stages in sequence: read → normalize → structure.

Stages are pure functions over the records in ``model.py``; this module composes them
and is the only caller of the ingest stage's I/O.
"""

from __future__ import annotations

import os

from policydiff.ingest import read_input
from policydiff.model import PolicyDocument, SourceDocument
from policydiff.normalize import normalize_text
from policydiff.rules import RulePack, load_rules
from policydiff.structure import parse_structure


def outline_source(source: SourceDocument, *, rules: RulePack) -> PolicyDocument:
    """Normalize and outline a document already read."""
    return parse_structure(source, normalize_text(source.raw_text), rules=rules.structure)


def read_policy(path: str | os.PathLike[str], *, rules_dir: str | None = None) -> PolicyDocument:
    """Read the document at ``path`` (``-`` for stdin) and outline it."""
    return outline_source(read_input(path), rules=load_rules(rules_dir))
