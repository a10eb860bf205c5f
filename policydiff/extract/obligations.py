"""Obligations of a paragraph from its sentences' layers: figures bound to their actor,
action, metric, modality and time, shares of an enumeration, sanctions, and dated duties."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from policydiff import canonical
from policydiff.canonical import TimeKind, Timing
from policydiff.extract.actors import EDGE_PUNCT, actor_of, is_subject, party_of
from policydiff.extract.layers import Item, Page
from policydiff.extract.sentence import Figure, SentenceLayers, clauses, frames, read_sentence
from policydiff.model import (
    Comparator,
    Deadline,
    Measure,
    Modality,
    Obligation,
    ObligationKind,
    Paragraph,
    Period,
    QuantityRole,
    Span,
)

_BRACKETED = re.compile(r"[（(][^（）()]*[）)]")
_METRIC_REACH = 300
"""Characters before and after a figure in which its metric is looked for."""
_BAN_REACH = 200
"""Characters before a ban's clause where a sanction word (吊销, 罚款) makes it a sanction."""


@dataclass
class Context:
    """What the sentences linked by ``；`` share (the framing time and the subject), and what
    the sentences of an article share (the party it binds, the start of its paragraph)."""

    time: Item | None = None
    actor: Item | None = None
    parent: Obligation | None = None
    """The last figure of the paragraph: the parent of an enumeration (其中，…)."""
    party: str | None = None
    """The party the article's last sentence that names one binds (``actors.party_of``)."""
    start: int = 0
    """Where the paragraph starts: a sanction's authority (由…) may stand in an earlier sentence of it."""
    article: int | None = None
    """Where the article's first read paragraph starts: a ban's sanction word may stand in it."""


def paragraph_obligations(page: Page, label: str | None, paragraph: Paragraph,
                          context: Context | None = None) -> list[Obligation]:
    """The obligations of one paragraph; ``context`` carries the article's party from its
    earlier paragraphs (a new one for each article)."""
    context = context or Context()
    context.time = context.actor = context.parent = None
    context.start = paragraph.span[0]
    context.article = paragraph.span[0] if context.article is None else context.article
    found: list[Obligation] = []
    for sent in paragraph.sentences:
        found.extend(sentence_obligations(page, label, read_sentence(page, sent.span), context))
        if not sent.text.rstrip().endswith(("；", ";")):
            context.time = context.actor = None
    return found


def sentence_obligations(page: Page, label: str | None, sentence: SentenceLayers,
                         context: Context) -> list[Obligation]:
    start, _ = span = sentence.span
    if sentence.frame is not None:
        context.time = sentence.frame
    context.party = party_of(page, sentence.segments) or context.party
    actors, enumeration = list(sentence.actors), sentence.enumeration
    found: list[Obligation] = []
    carried_modal: Item | None = None
    enumerating = enumeration is not None
    for seg_start, seg_end in sentence.segments:
        seg_modals = [m for m in sentence.modals if seg_start <= m.start < seg_end]
        seg_actors = [a for a in actors if seg_start <= a.start < seg_end]
        opens_subject = bool(seg_actors) and page.text[seg_start:seg_actors[0].start].strip(EDGE_PUNCT) == ""
        here = [f for f in sentence.figures if f.segment == (seg_start, seg_end)]
        parent = context.parent
        if enumerating and enumeration is not None and seg_start >= enumeration.start() and here and (
                parent is None or not parent.measures or here[0].quantity.unit != parent.measures[0].unit):
            enumerating = False  # 各省（市）至少树立1-2家: a figure of another kind ends the shares
        in_enumeration = enumerating and enumeration is not None and seg_start >= enumeration.start()
        if opens_subject and not in_enumeration:
            carried_modal = None  # a new subject: the earlier modal word was not about it
        if seg_modals:
            carried_modal = max(seg_modals, key=lambda m: (m.record.level.rank, -m.start))
        targets = [f for f in here if f.role is not QuantityRole.SCOPE]
        scopes = [f for f in here if f.role is QuantityRole.SCOPE]
        heads = targets or scopes[:1]
        for head in heads:
            measures = ([head] + scopes) if head is heads[0] else [head]
            if head.role is QuantityRole.SCOPE:
                measures = scopes
            found.append(_obligation(page, label, span, head, measures, seg_modals, carried_modal,
                                     actors, context, in_enumeration))
            if head.role is not QuantityRole.SCOPE:
                context.parent = found[-1]
    first_actor = next((a for a in actors if is_subject(page, a, start)), None)
    if first_actor is not None:
        context.actor = first_actor
    if not found:
        duty = _dated_duty(page, label, sentence, context)
        if duty is not None:
            found.append(duty)
    return found


def _obligation(page: Page, label: str | None, span: Span, head: Figure, figures: list[Figure],
                seg_modals: list[Item], carried_modal: Item | None, actors: list[Item],
                context: Context, in_enumeration: bool) -> Obligation:
    seg_start, seg_end = head.segment
    quantity = head.quantity
    bound = page.rules.comparators.before_pattern.search(page.text, max(seg_start, quantity.span[0] - 12),
                                                         quantity.span[0])
    if bound is not None:
        # 不得少于两人: the prohibition is the bound (>= 2), and the duty is mandatory.
        seg_modals = [m for m in seg_modals if not bound.start() <= m.start < quantity.span[0]]
        if carried_modal is not None and bound.start() <= carried_modal.start < quantity.span[0]:
            carried_modal = None
    kind, ban = _kind(page, head, span, context.article if context.article is not None else context.start)
    penal = kind is ObligationKind.SANCTION or (
        kind is ObligationKind.THRESHOLD and page.x.sanction.search(page.text, *span) is not None)
    authority = _authority(page, context.start, quantity.span[0]) if penal else None
    imposer = authority.group("authority") if authority is not None and kind is ObligationKind.SANCTION else None
    if penal:
        # The violator is bound; the body that imposes the sanction (由…) is not.
        at = authority.span() if authority is not None else (0, 0)
        actors = [a for a in actors if not (at[0] <= a.start and a.end <= at[1])]
    # A ban binds the party of the clause it is in (…5年内，其主要负责人不得担任…).
    where = next(s for s in clauses(page.text, *span) if s[0] <= ban.end() - 1 < s[1]) if ban else head.segment
    party = party_of(page, (where,)) or context.party
    actor = actor_of(page, quantity.span[0], head.segment, span[0], actors, context, party)
    modal = max(seg_modals, key=lambda m: (m.record.level.rank, -m.start)) if seg_modals else carried_modal
    modality = modal.record.level if modal else Modality(page.rules.modality.implicit)
    if penal:
        modality = Modality.MANDATORY  # the consequence of the violation (可以 leaves its measure to the authority)
    if kind is ObligationKind.REPORTED:
        modality = None  # 较2016年同期下降33%: a figure reported binds no one
    time = context.time if context.time is not None and context.time.start < seg_end else None
    deadline, period = _timing(time)
    metric = _metric(page, head)
    action = _action(page, head)
    trigger = None
    if kind is ObligationKind.SANCTION:
        trigger = _trigger(page, context.start, quantity.span[0])
        action = head.sanction["charge"] if head.sanction is not None else (
            page.text[ban.end():seg_end].strip(EDGE_PUNCT) or None)
    elif kind is ObligationKind.TIME_LIMIT:
        counted = page.x.time_trigger.search(page.text, span[0], quantity.span[0])
        trigger = counted.group("trigger") if counted else None
    parent = context.parent
    if (in_enumeration and parent is not None and parent.measures
            and parent.measures[0].unit == quantity.unit and head.role is not QuantityRole.SCOPE):
        # 其中，河北省完成1.1亿吨: a share of the parent figure, bound as the parent is.
        action, metric = parent.action, metric or parent.metric
        modality, kind = parent.modality, parent.kind
        deadline, period = parent.deadline, parent.period
        figures = [replace(f, role=parent.measures[0].role) for f in figures]
    return Obligation(
        id="", clause=label, sentence=page.text[span[0]:span[1]], span=span,
        actor=actor, action=action, metric=metric,
        measures=tuple(_measure(page, f) for f in figures),
        deadline=deadline, period=period, modality=modality, kind=kind,
        authority=imposer, trigger=trigger,
    )


def _kind(page: Page, head: Figure, span: Span, article_start: int) -> tuple[ObligationKind, re.Match[str] | None]:
    """The kind of obligation a figure states, and the ban a figure of time sets (…内不得):
    a threshold (a figure that says whom or what a rule covers, or in a condition …的), a
    sanction (a fine, a ban for a time in a sentence that sanctions), a figure reported, a time
    limit or a duration (figures of time), else a target."""
    quantity = head.quantity
    seg_start, seg_end = head.segment
    condition = quantity.dimension != "time" and page.text[seg_start:seg_end].rstrip().endswith("的")
    if head.role is QuantityRole.SCOPE or condition:
        # An amount in a condition (…处以二百元以下罚款的，可以当场作出…) says when a rule
        # applies; a period there is still a limit (…之日起45日内仍不能达成协议的).
        return ObligationKind.THRESHOLD, None
    if head.sanction is not None:
        return ObligationKind.SANCTION, None
    if head.role is QuantityRole.REPORTED:
        return ObligationKind.REPORTED, None
    if quantity.dimension != "time":
        return ObligationKind.TARGET, None
    ban = page.x.ban.match(page.text, quantity.span[1], span[1])
    reach = max(article_start, span[0] - _BAN_REACH)  # never into another article
    if ban is not None and page.rules.lexicon.liability.search(page.text, reach, span[1]):
        return ObligationKind.SANCTION, ban  # …吊销许可证，5年内不得从事…
    before = page.text[seg_start:quantity.span[0]]
    if page.x.ahead_after.match(page.text, quantity.span[1]) or page.x.ahead_before.search(before):
        return ObligationKind.TIME_LIMIT, None  # 有效期届满90日前申请延续
    if page.x.duration.search(before):
        return ObligationKind.DURATION, None
    if quantity.text.endswith(("内", "以内")) and not page.x.measure_verbs.search(before):
        return ObligationKind.TIME_LIMIT, None  # not 污染天数控制在5天以内: a level of a count of days
    return ObligationKind.TARGET, None


def _authority(page: Page, paragraph_start: int, position: int) -> re.Match[str] | None:
    """The last 由… before ``position`` in its paragraph: who imposes the sanction."""
    found = None
    for match in page.x.authority.finditer(page.text, paragraph_start, position):
        found = match
    return found


def _metric(page: Page, figure: Figure) -> str | None:
    """The metric noun nearest the figure in its clause: before it (钢铁产能控制在…) or right after it
    (完成2亿吨钢铁产能…)."""
    start, end = figure.quantity.span
    # Within its clause, and near it: a clause of a text without punctuation can be the text.
    seg_start, seg_end = max(figure.segment[0], start - _METRIC_REACH), min(figure.segment[1], end + _METRIC_REACH)
    candidates = []
    for item in page.layers.within("metrics", seg_start, seg_end):
        m_start = item.start
        for group in ("actors", "times", "modality", "quantities"):
            for other in page.layers.within(group, seg_start, seg_end):
                if other.start < item.end and m_start < other.end <= item.end:
                    m_start = max(m_start, other.end)
        metric = page.x.metric_strip.sub("", page.text[m_start:item.end]).strip(EDGE_PUNCT)
        # 不得低于机构岗位总量的百分之七十: the comparator word is no part of the metric.
        metric = metric[len(next((w for w in page.comparator_words if metric.startswith(w)), "")):]
        if len(metric) >= 2:
            distance = start - item.end if item.end <= start else item.start - end
            candidates.append((distance, metric))
    return min(candidates)[1] if candidates else None


def _action(page: Page, figure: Figure) -> str | None:
    """The verb phrase of the figure's clause, the figure and level words removed
    (力争完成2亿吨钢铁产能超低排放改造 → 完成钢铁产能超低排放改造); None for a bare level."""
    seg_start, seg_end = figure.segment
    start, end = figure.quantity.span
    if figure.role is QuantityRole.SCOPE and end < seg_end:
        text = page.text[end:seg_end]
        return text.removeprefix("的").strip(EDGE_PUNCT) or None
    verbs = [v for v in canonical.action_verbs(page.text[seg_start:seg_end], rules=page.rules)]
    if not verbs:
        return None
    verb_start = seg_start + verbs[0].span[0]
    if verb_start >= end:
        return None
    lead, rest = page.text[verb_start:start], _BRACKETED.sub("", page.text[end:seg_end])
    if not rest.strip(EDGE_PUNCT) and page.x.measure_verbs.fullmatch(lead):
        return None  # 控制在63微克/立方米以内: only a level
    phrase = (lead + rest).strip(EDGE_PUNCT)
    return phrase if len(phrase) > len(verbs[0].text) else None


def _trigger(page: Page, paragraph_start: int, position: int) -> str | None:
    """The violation a sanction follows: the first condition ending in 的 of its paragraph
    (未取得农药生产许可证生产农药的), also for a fine in a later sentence or tier (…；货值金额1万元
    以上的，并处…); None when the paragraph states none before the figure."""
    head = page.article_label.sub("", page.text[paragraph_start:position], count=1)
    found = page.x.trigger.search(head)
    return found.group("trigger").strip(EDGE_PUNCT) if found else None


def _dated_duty(page: Page, label: str | None, sentence: SentenceLayers, context: Context) -> Obligation | None:
    """A sentence with a deadline (its own or a linked sentence's) and a verb, but no figure."""
    start, end = span = sentence.span
    times, modals, actors = sentence.times, sentence.modals, sentence.actors
    own = next((t for t in times if frames(page, t) and t.record.kind is not TimeKind.PERIOD), None)
    time = own or context.time
    if time is None or time.record.kind not in (TimeKind.DEADLINE, TimeKind.FUZZY):
        return None
    verbs = canonical.action_verbs(page.text[start:end], rules=page.rules)
    if not verbs and not modals:
        return None
    deadline, _ = _timing(time)
    if own is not None:
        action = page.text[own.end:end]
        if not action.strip(EDGE_PUNCT):
            action = page.text[start:own.start]
    else:
        action = page.text[start:end]
    for modal in modals:
        action = action.replace(page.text[modal.start:modal.end], "", 1) if action.startswith(
            page.text[modal.start:modal.end]) else action
    action = action.strip(EDGE_PUNCT)
    subjects = [a for a in actors if is_subject(page, a, start) or (
        own is not None and a.start >= own.end and page.text[own.end:a.start].strip(EDGE_PUNCT) == "")]
    actor = subjects[0] if subjects else context.actor
    if subjects:
        name = page.text[subjects[0].start:subjects[0].end]
        action = action.removeprefix(name).strip(EDGE_PUNCT)
    segment = next((s for s in clauses(page.text, start, end) if own is not None and s[0] <= own.start < s[1]), None)
    near = [m for m in modals if segment is not None and segment[0] <= m.start < segment[1]] or list(modals)
    modal = max(near, key=lambda m: (m.record.level.rank, -m.start)) if near else None
    return Obligation(
        id="", clause=label, sentence=page.text[start:end], span=span,
        actor=actor.record.name if actor else None, action=action or None, metric=None, measures=(),
        deadline=deadline, period=None,
        modality=modal.record.level if modal else Modality(page.rules.modality.implicit),
        kind=ObligationKind.DEADLINE,
    )


def _timing(item: Item | None) -> tuple[Deadline | None, Period | None]:
    """A Timing as the obligation's deadline or period (a season kept as text, date None)."""
    if item is None:
        return None, None
    record: Timing = item.record
    text, span = record.text, (item.start, item.end)
    if record.kind is TimeKind.DEADLINE:
        return Deadline(record.end, text, span), None
    if record.kind is TimeKind.FUZZY:
        return (Deadline(None, text, span), None) if text.endswith("前") else (None, Period(None, None, text, span))
    if record.kind is TimeKind.DATE:
        return Deadline(record.end, text, span), None
    return None, Period(record.start, record.end, text, span)


def _measure(page: Page, figure: Figure) -> Measure:
    quantity = figure.quantity
    comparator = quantity.comparator
    before = page.text[figure.segment[0]:quantity.span[0]]
    if quantity.dimension == "time" and (page.x.ahead_after.match(page.text, quantity.span[1])
                                         or page.x.ahead_before.search(before)):
        comparator = Comparator.GE  # 有效期届满90日前申请: at least 90 days before
    base = None
    if quantity.dimension == "ratio":  # 倍, %, ‰: of what
        found = page.x.base.search(before)
        base = found.group("base") if found else None
    return Measure(
        value=quantity.value, unit=quantity.unit, unit_code=quantity.unit_code, text=quantity.text,
        span=quantity.span, comparator=comparator, range=quantity.range, role=figure.role, base=base,
    )
