"""Chinese text primitives that several stages share: the comparison key and sentences.

Pure functions of a string; no stage state. ``comparison_key`` folds a text for matching
(normalization keeps it beside the display text; alignment scores with it);
``split_sentences`` cuts a paragraph into sentences (the outline records them; alignment
pairs them).
"""

from __future__ import annotations

import re
import string
from itertools import chain, pairwise

from policydiff.model import Sentence

SENTENCE_ENDS = frozenset("。！？；")
# A page number as printed in a footer. DECORATED_PAGE_NUMBER cannot be anything else when it
# fills a line (- 3 -, — 3 —, 第 3 页 共 5 页, 3/5, page 3 of 5); PAGE_NUMBER adds a bare 3,
# which the PDF reader drops in a page's footer band and normalization only between blank lines.
_GAP = r"[ \t\u3000]*"
DECORATED_PAGE_NUMBER = (
    rf"{_GAP}[-—–－~]+{_GAP}\d{{1,4}}{_GAP}[-—–－~]+{_GAP}"
    rf"|第{_GAP}\d+{_GAP}页(?:{_GAP}[,，、/]?{_GAP}共{_GAP}\d+{_GAP}页)?"
    rf"|共{_GAP}\d+{_GAP}页{_GAP}[,，、/]?{_GAP}第{_GAP}\d+{_GAP}页"
    rf"|\d+{_GAP}/{_GAP}\d+"
    rf"|page{_GAP}\d+(?:{_GAP}(?:of|/){_GAP}\d+)?"
)
PAGE_NUMBER = rf"{DECORATED_PAGE_NUMBER}|[-—–－~ \t\u3000]*\d{{1,4}}[-—–－~ \t\u3000]*"
BRACKET_OPENERS, BRACKET_CLOSERS = "《〈（【〔([", "》〉）】〕)]"
OPENERS = "“‘「『" + BRACKET_OPENERS
CLOSERS = "”’」』" + BRACKET_CLOSERS


_KEY_RUN = re.compile(r"[^\W_]+")
"""A run of the characters a comparison key keeps: those ``str.isalnum`` accepts (``\\w`` less
the underscore)."""
_ASCII_LOWER = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)


def comparison_key(text: str) -> tuple[str, tuple[int, ...]]:
    """Fold ``text`` for matching: letters, digits and Chinese characters only, ASCII lowercased.

    Returns the key and, for each of its characters, the index in ``text`` it came from
    (plus one entry for the end).
    """
    runs = [match.span() for match in _KEY_RUN.finditer(text)]
    key = "".join(text[start:end] for start, end in runs).translate(_ASCII_LOWER)
    return key, (*chain.from_iterable(range(start, end) for start, end in runs), len(text))


def comparison_text(text: str) -> str:
    """The key of ``comparison_key`` without its offsets (three times faster)."""
    return "".join(_KEY_RUN.findall(text)).translate(_ASCII_LOWER)


def split_sentences(text: str, start: int = 0) -> tuple[Sentence, ...]:
    """Split one paragraph on 。！？； outside quotes and brackets.

    Offsets are shifted by ``start``. If the brackets do not balance, quotes and brackets
    are ignored rather than letting one stray mark swallow the paragraph.
    """
    cuts = _sentence_cuts(text, respect_nesting=True)
    if cuts is None:
        cuts = _sentence_cuts(text, respect_nesting=False) or []
    bounds = [0, *cuts]
    if bounds[-1] != len(text):
        bounds.append(len(text))
    return tuple(
        Sentence(span=(start + a, start + b), text=text[a:b]) for a, b in pairwise(bounds) if b > a
    )


def _sentence_cuts(text: str, *, respect_nesting: bool) -> list[int] | None:
    depth = 0
    cuts = []
    for i, char in enumerate(text):
        if char in OPENERS:
            depth += 1
        elif char in CLOSERS:
            depth = max(depth - 1, 0)
        elif char in SENTENCE_ENDS and (depth == 0 or not respect_nesting):
            cuts.append(i + 1)
    if respect_nesting and depth:
        return None
    return cuts
