"""Who owes an obligation: coordinated lists of actors, place qualifiers, the subject of a clause."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from policydiff import canonical
from policydiff.extract.layers import Item, Page
from policydiff.model import Span

if TYPE_CHECKING:
    from policydiff.extract.obligations import Context

EDGE_PUNCT = "，。；：、,;: 　"


def runs(page: Page, actors: list[Item]) -> list[list[Item]]:
    """Actors grouped into coordinated lists (华能、大唐、华电; 京津冀及周边地区、汾渭平原)."""
    found: list[list[Item]] = []
    for actor in actors:
        if found and page.text[found[-1][-1].end:actor.start] in page.x.list_joins:
            found[-1].append(actor)
        else:
            found.append([actor])
    return found


def without_qualifiers(page: Page, actors: list[Item], segments: list[Span]) -> list[Item]:
    """The actors less those in a place qualifier of the subject (位于…的, 在…的): in
    华能、大唐…位于京津冀及周边地区、汾渭平原的火电企业 the regions say which plants, not who acts."""
    kept = []
    for run in runs(page, actors):
        seg_start = next((s[0] for s in segments if s[0] <= run[0].start < s[1]), run[0].start)
        opens = page.x.qualifier_open.search(page.text, seg_start, run[0].start) is not None
        closes = page.x.qualifier_close.match(page.text[run[-1].end:run[-1].end + 4]) is not None
        if not (opens and closes):
            kept.extend(run)
    return kept


def run_of(page: Page, actors: list[Item]) -> dict[Span, list[Item]]:
    """Each actor's coordinated list, by the actor's span (华能 and 国家能源集团 → 华能、…、国家能源集团)."""
    return {(item.start, item.end): run for run in runs(page, actors) for item in run}


_SUBJECT_REACH = 200
"""Characters of its clause before an actor past which it cannot open the clause (a time and a
word of ``subject_lead`` before it are far shorter): what is_subject reads, so that a sentence
of thousands of actors (a text without punctuation) is read in linear time."""
_VERB_REACH = 40
"""Characters before a position in which an action verb ending there is looked for."""


def is_subject(page: Page, actor: Item, sentence_start: int, lead: re.Pattern[str] | None = None) -> bool:
    """An actor that opens a clause (各地要…, 2020年12月底前，各地…) is the subject; with ``lead``,
    also one after a word of it or a time that opens the clause (由所在地生态环境主管部门责令…,
    2019年秋冬季京津冀及周边地区…)."""
    reach = max(sentence_start, actor.start - _SUBJECT_REACH)
    parts = re.split(r"[，,：:]", page.text[reach:actor.start])
    if len(parts) == 1 and reach > sentence_start:
        return False  # so much of its clause before it: the actor does not open it
    tail = parts[-1]
    if lead is not None:
        for time in page.layers.within("times", actor.start - len(tail), actor.start):
            tail = tail.replace(page.text[time.start:time.end], "", 1)  # 2019年秋冬季京津冀…
        tail = page.article_label.sub("", tail)
        tail = lead.sub("", tail, count=1) if lead.match(tail.strip(EDGE_PUNCT)) else tail
    return tail.strip(EDGE_PUNCT) == "" or page.article_label.fullmatch(tail) is not None


def verb_before(page: Page, start: int, end: int) -> bool:
    """An action verb of the text from ``start`` that ends at ``end`` (完成1.1亿吨, 确保完成淘汰100万辆)."""
    before = page.text[max(start, end - _VERB_REACH):end]
    verbs = canonical.action_verbs(before, rules=page.rules)
    return bool(verbs) and verbs[-1].span[1] == len(before)


def party_of(page: Page, segments: tuple[Span, ...]) -> str | None:
    """The party the first clause naming one binds, as written: the words that open the clause
    up to its modal word or the verb of a condition, when they end in a party head
    (农药生产企业应当…; 违反本条例规定，农药经营者有下列行为之一的 → 农药经营者), or, in a
    condition (…的), up to its first party head (登记试验单位出具…的). A clause that
    opens with 由 names who acts on the party, not the party."""
    for start, end in segments:
        clause = page.text[start:end]
        label = page.article_label.match(clause)
        clause = clause[label.end() if label else 0:].lstrip(EDGE_PUNCT)
        if clause.startswith("由"):
            continue
        found = page.party.match(clause) or (page.condition_party.match(clause) if clause.endswith("的") else None)
        if found:
            return found.group("party")
    return None


def actor_of(page: Page, position: int, segment: Span, sentence_start: int, actors: list[Item],
             context: Context, party: str | None = None) -> str | None:
    """The nearest actor before ``position`` in its clause (河北省完成1.1亿吨), else the nearest
    subject of the sentence before it — an actor that opens a clause (各省（市）要…，…，确保完成
    淘汰100万辆; not 落实地方财政补贴资金, an object) — else the nearest actor not right after a
    verb, else the carried subject. A coordinated list of actors owes it together, named by
    all its members (华能、大唐、华电、国电投、国家能源集团). ``party``: the party the
    sentence names (``party_of``), preferred to an actor that does not open a clause."""
    lists = run_of(page, actors)
    before = [a for a in actors if a.end <= position]
    in_segment = [a for a in before if a.start >= segment[0]]
    heads = [lists[(a.start, a.end)][0] for a in before]
    subjects = [h for h in heads if is_subject(page, h, sentence_start, lead=page.x.subject_lead)]
    if in_segment:
        chosen = lists[(in_segment[-1].start, in_segment[-1].end)][0]
    elif subjects:
        chosen = subjects[-1]
    elif party is not None:
        return party
    else:
        # No clause opens with an actor: the nearest one that is not the object of a verb
        # (收养登记机关收到…，应当自次日起30日内…; not 落实地方财政…).
        free = [h for h in heads if not verb_before(page, sentence_start, h.start)]
        chosen = free[-1] if free else context.actor
    if chosen is None:
        return None
    run = lists.get((chosen.start, chosen.end), [chosen])
    return "、".join(dict.fromkeys(item.record.name for item in run))
