"""Words of one canonical class: modal words and softeners, actors, conditions, scope words, verbs."""

from __future__ import annotations

import re

from policydiff.canonical.records import Actor, Mention, Modal
from policydiff.canonical.spans import SpanIndex
from policydiff.model import Modality
from policydiff.rules import ActorEntry, RulePack


def modal_words(text: str, *, rules: RulePack) -> tuple[Modal, ...]:
    """Every modal word, with its level; words that only contain one (要求, 应急) are skipped.

    Example: ``各地要确保，鼓励企业`` → 要 (mandatory), 确保 (mandatory), 鼓励 (encouraged).
    """
    triggers = rules.modality.triggers
    return tuple(
        Modal(Modality(triggers[m.group()]), m.group(), m.span())
        for m in rules.modality.pattern.finditer(text) if triggers[m.group()]
    )


def modality(text: str, *, rules: RulePack) -> Modal | None:
    """The strongest modal word of ``text``, or None when it has none.

    Strongest first (DESIGN.md §4): prohibited 不得 > mandatory 要 > aspirational 力争 >
    encouraged 鼓励 > permitted 可. ``各地要…，鼓励…`` → 要 (mandatory).
    """
    words = modal_words(text, rules=rules)
    return max(words, key=lambda modal: (modal.level.rank, -modal.span[0])) if words else None


def softeners(text: str, *, rules: RulePack) -> tuple[Mention, ...]:
    """Words that weaken a duty: 原则上, 基本 (before a verb of completion: 基本淘汰), 避免."""
    return _mentions(rules.modality.softeners, text)


# --- actors, conditions, scope, requirements, references --------------------------------------

def actors(text: str, *, rules: RulePack) -> tuple[Actor, ...]:
    """Regions, bodies and generic actors, each under its canonical name.

    Longest match wins: 国务院生态环境主管部门 is one department, not 国务院 and more.

    Example: ``河北省石家庄、唐山、衡水市`` → 河北省, 石家庄市, 唐山市, 衡水市.
    """
    gazetteer = rules.gazetteer
    candidates: list[tuple[int, int, int, ActorEntry | None]] = [
        (m.start(), -(m.end() - m.start()), 0, gazetteer.entries[m.group()]) for m in gazetteer.pattern.finditer(text)
    ]
    candidates += [(m.start(), -(m.end() - m.start()), 1, None) for m in gazetteer.departments.finditer(text)]
    found: list[Actor] = []
    reach = 0
    for start, negative_length, _, entry in sorted(candidates, key=lambda c: (c[0], c[1], c[2])):
        end = start - negative_length
        if start < reach:
            continue
        surface = text[start:end]
        if entry is None:
            found.append(Actor(surface, "department", surface, (start, end)))
        else:
            found.append(Actor(entry.name, entry.kind, surface, (start, end)))
        reach = end
    return _listed_cities(text, found, rules)


def _listed_cities(text: str, found: list[Actor], rules: RulePack) -> tuple[Actor, ...]:
    """Add the bare names that are everyday words (长治, 大同) where they stand in a list of
    places: 阳泉、长治、晋城市 — a list drops 市 from every name but the last."""
    places = {actor.span: actor for actor in found if actor.kind in ("city", "prefecture", "area")}
    ends = {span[1]: actor for span, actor in places.items()}
    starts = {span[0]: actor for span, actor in places.items()}
    taken = SpanIndex([actor.span for actor in found])
    extra: list[Actor] = []
    for match in rules.gazetteer.listed_pattern.finditer(text):
        start, end = match.span()
        if taken.overlaps((start, end)):
            continue
        after_place = start > 0 and text[start - 1] == "、" and (start - 1) in ends
        before_place = end < len(text) and text[end] == "、" and (end + 1) in starts
        if after_place or before_place:
            entry = rules.gazetteer.listed[match.group()]
            extra.append(Actor(entry.name, entry.kind, match.group(), (start, end)))
    return tuple(sorted((*found, *extra), key=lambda actor: actor.span))


def conditions(text: str, *, rules: RulePack) -> tuple[Mention, ...]:
    """Conditions a duty is subject to: 在确保安全的情况下, 依法, 按有关规定, 有条件的."""
    return _mentions(rules.lexicon.conditions, text)


def scope_words(text: str, *, rules: RulePack, named: tuple[Actor, ...] | None = None) -> tuple[Mention, ...]:
    """Words that set how much a duty covers (全部, 重点, 新建), outside actors' names (各地).

    ``named``: the text's actors when already read (``reading``); read here otherwise.
    """
    names = SpanIndex([actor.span for actor in (actors(text, rules=rules) if named is None else named)])
    return tuple(m for m in _mentions(rules.lexicon.scope, text) if not names.overlaps(m.span))


def liability_words(text: str, *, rules: RulePack) -> tuple[Mention, ...]:
    """States of mind and sanctions a liability turns on: 故意, 重大过失, 责令改正, 处分."""
    return _mentions(rules.lexicon.liability, text)


def action_verbs(text: str, *, rules: RulePack) -> tuple[Mention, ...]:
    """Verbs that make a clause a duty when they are its predicate: 淘汰, 完成, 纳入."""
    return _mentions(rules.lexicon.verbs, text)


def _mentions(pattern: re.Pattern[str], text: str) -> tuple[Mention, ...]:
    return tuple(Mention(m.group(), m.span()) for m in pattern.finditer(text) if m.end() > m.start())
