"""Citations of documents, articles, annexes and issuers."""

from __future__ import annotations

import re

from policydiff import numerals
from policydiff.canonical.records import Reference
from policydiff.rules import RulePack


def references(text: str, *, rules: RulePack) -> tuple[Reference, ...]:
    """Citations of documents, articles, annexes and issuers.

    The label that opens an article (第三十条 at the start of a line) is structure, not a
    citation, and is skipped; a citation inside a title (《…第三条…》) belongs to the title.

    Example: ``（详见附件1）`` → annex 附件1, pointer; ``按照《技术指南》`` → title 技术指南.
    """
    candidates = []
    for kind, pattern in rules.lexicon.references:
        for match in pattern.finditer(text):
            start, end = match.span()
            if kind == "article" and (start == 0 or text[start - 1] == "\n"):
                continue
            candidates.append((start, -(end - start), kind, match.group()))
    found: list[Reference] = []
    reach = 0
    for start, negative_length, kind, surface in sorted(candidates):
        if start < reach:
            continue
        end = start - negative_length
        key = re.sub(r"[《》〈〉\s]", "", surface.translate(numerals.FULL_WIDTH))
        key = rules.lexicon.reference_prefix.sub("", key) or key
        pointer = bool(rules.lexicon.pointer.search(text, max(0, start - 6), start))
        found.append(Reference(kind, key, pointer, surface, (start, end)))
        reach = end
    return tuple(found)
