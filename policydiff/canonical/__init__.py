"""Canonical values of policy text: what a passage says, whatever words it uses.

Helpers of the classification stage (STYLE.md point 4). Each maps surface words to a
canonical vocabulary — 不超过 → ``Comparator.LE``, 应当 → ``Modality.MANDATORY``,
发改委 → 国家发展和改革委员会, 2020年12月底前 → 2020-12-31 — so that two versions are
compared by meaning rather than by spelling. All are pure: a text and a rule pack in, a
tuple of frozen records out, in text order, each with the span it was read from
(half-open, into the text given) and that text.

One module per kind of value: ``numbers`` (quantities), ``dates``, ``words`` (modal words,
actors, conditions, scope, verbs), ``references``, the records they give (``records``) and
the span tests they share (``spans``). ``reading`` composes them into one reading of a text.

Vocabulary comes from the rule pack (``extractors/*.toml``); what is code here is only
grammar that is the same for every document (how a number, a unit and a comparator follow
one another, how many days a month has).
"""

from __future__ import annotations

from policydiff.canonical.dates import dates
from policydiff.canonical.numbers import quantities
from policydiff.canonical.records import Actor, Mention, Modal, Quantity, Reference, TimeKind, Timing
from policydiff.canonical.references import references
from policydiff.canonical.words import (
    action_verbs,
    actors,
    conditions,
    liability_words,
    modal_words,
    modality,
    scope_words,
    softeners,
)
from policydiff.model import Comparator, Modality

__all__ = [
    "Actor", "Comparator", "Mention", "Modal", "Modality", "Quantity", "Reference", "TimeKind", "Timing",
    "action_verbs", "actors", "conditions", "dates", "liability_words", "modal_words", "modality", "quantities", "references",
    "scope_words", "softeners",
]
