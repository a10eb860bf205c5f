"""Extract stage: a parsed document → its quantitative and dated obligations.

In: a ``PolicyDocument`` and a rule pack. Out: ``Obligation`` records in text order, ids
``o001`` …, every span into the document's normalized text. Each paragraph of the preamble
and the clauses (not front matter or trailer) is read once (``reading``: quantities, times,
modal words, actors, citations, and spaCy's token patterns for citations, vague amounts and
metrics); this module reads those layers sentence by sentence and decides, per figure:

* its **role** — target after a verb that sets a level or an action verb (控制在63微克/立方米,
  完成1.1亿吨), scope when it qualifies a noun (每小时35蒸吨以下的燃煤锅炉), reported after a
  marker such as 较 or 共完成 in a sentence without a modal word (较2016年同期下降33%);
* its **time** — the deadline or period framing the sentence, carried over the sentences a
  ``；`` links (2020年12月底前，…；…；… all share 2020-12-31);
* its **actor** — the nearest region or body before it (河北省完成1.1亿吨), else the
  sentence's or the linked sentences' subject;
* its **modality** — the strongest modal word of its clause, else the one carried from the
  earlier clauses of the sentence, else mandatory for a bare imperative (modality.toml);
* **enumerations** — the shares after 其中 with the parent's unit inherit its deadline,
  action, metric, modality and role;
* **sanctions** — a fine (处五万元以上五十万元以下的罚款) is a threshold with its trigger (the
  condition ending in 的) as action.

A sentence with a deadline but no figure is a dated duty (kind deadline). Figures inside
citations (等5部门, 第二轮, 《…2020年…方案》, “六个百分之百”) and vague amounts (一批) are skipped.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, replace
from typing import Any, Iterator

from policydiff import canonical
from policydiff.canonical import Quantity, TimeKind, Timing
from policydiff.model import (
    Deadline,
    Measure,
    Modality,
    Obligation,
    ObligationKind,
    Paragraph,
    Period,
    PolicyDocument,
    QuantityRole,
    Sentence,
    Span,
)
from policydiff.reading import Reading, read
from policydiff.rules import ExtractionRules, RulePack

_SEGMENT_BREAKS = "，：,:"
_EDGE_PUNCT = "，。；：、,;: 　"
_BRACKETED = re.compile(r"[（(][^（）()]*[）)]")
_PATTERN_GROUPS = {"CITATION": "citations", "VAGUE": "vague", "METRIC": "metrics"}
"""The group of each label of patterns.jsonl."""


def extract_obligations(policy: PolicyDocument, *, rules: RulePack) -> tuple[Obligation, ...]:
    """Every quantitative or dated obligation of ``policy``, in text order.

    Only the paragraphs with a figure or a date can hold one; the others are not read further.

    Example:
        ``2020年12月底前，力争完成2亿吨钢铁产能超低排放改造，其中，河北省完成1.1亿吨`` →
        o001 (2亿吨, aspirational, 2020-12-31) and o002 (河北省, 1.1亿吨, the same deadline,
        action 完成钢铁产能超低排放改造 and 力争).
    """
    live = [(label, paragraph, reading) for label, paragraph in _body_paragraphs(policy)
            if (reading := read(paragraph.text, rules=rules)).quantities or reading.dates]
    reader = _Reader(policy.text.text, _Spans(live, rules), rules, rules.extraction)
    drafts: list[Obligation] = []
    for label, paragraph, _ in live:
        drafts.extend(reader.paragraph(label, paragraph))
    return tuple(replace(ob, id=f"o{index:03d}") for index, ob in enumerate(drafts, start=1))


def _body_paragraphs(policy: PolicyDocument) -> Iterator[tuple[str | None, Paragraph]]:
    """Paragraphs of the preamble and the body, with the label of the clause each is in."""

    def visit(node: Any, label: str | None) -> Iterator[tuple[str | None, Paragraph]]:
        if node.kind in policy.clause_kinds:
            label = node.label
        for paragraph in node.paragraphs:
            yield label, paragraph
        for child in node.children:
            yield from visit(child, label)

    for node in policy.body:
        yield from visit(node, None)


@dataclass(frozen=True, slots=True)
class _Item:
    start: int
    end: int
    record: Any


class _Spans:
    """The layers of the paragraphs' readings as sorted spans into the whole text, by group,
    for range look-ups. Citations are the references and the CITATION patterns together."""

    def __init__(self, paragraphs: list[tuple[str | None, Paragraph, Reading]], rules: RulePack) -> None:
        groups: dict[str, list[_Item]] = {group: [] for group in (
            "quantities", "times", "modality", "actors", "citations", *_PATTERN_GROUPS.values())}
        for _, paragraph, reading in paragraphs:
            at = paragraph.span[0]
            for group, records in (("quantities", reading.quantities), ("times", reading.dates),
                                   ("modality", reading.modals), ("actors", reading.actors),
                                   ("citations", reading.references)):
                groups[group].extend(_Item(at + r.span[0], at + r.span[1], replace(r, span=(at + r.span[0], at + r.span[1])))
                                     for r in records)
            for sentence in _patterned(paragraph, reading):
                for start, end, label in read(sentence.text, rules=rules).patterns:
                    groups[_PATTERN_GROUPS[label]].append(_Item(sentence.span[0] + start, sentence.span[0] + end, None))
        self.groups = {name: sorted(items, key=lambda item: (item.start, item.end)) for name, items in groups.items()}
        self.starts = {name: [item.start for item in items] for name, items in self.groups.items()}

    def within(self, name: str, start: int, end: int) -> list[_Item]:
        items, starts = self.groups[name], self.starts[name]
        found = []
        for index in range(bisect_left(starts, start), len(items)):
            item = items[index]
            if item.start >= end:
                break
            if item.end <= end:
                found.append(item)
        return found

    def covers(self, name: str, start: int, end: int) -> bool:
        """True when a span of ``name`` overlaps [start, end)."""
        items, starts = self.groups[name], self.starts[name]
        index = bisect_left(starts, end)
        return any(items[i].end > start for i in range(max(0, index - 8), index))


def _patterned(paragraph: Paragraph, reading: Reading) -> Iterator[Sentence]:
    """The sentences whose token patterns can matter: those of each run of sentences linked by
    ``；`` (which share a time and a subject) that holds a figure or a date. The others yield
    no obligation, and spaCy need not read them (40 % of the seed's live paragraphs)."""
    marks = sorted(paragraph.span[0] + item.span[0] for item in (*reading.quantities, *reading.dates))
    run: list[Sentence] = []
    for sentence in paragraph.sentences:
        run.append(sentence)
        if sentence.text.rstrip().endswith(("；", ";")) and sentence is not paragraph.sentences[-1]:
            continue
        start, end = run[0].span[0], run[-1].span[1]
        index = bisect_left(marks, start)
        if index < len(marks) and marks[index] < end:
            yield from run
        run = []


@dataclass
class _Context:
    """What the sentences linked by ``；`` share: the framing time and the subject."""

    time: _Item | None = None
    actor: _Item | None = None
    parent: Obligation | None = None
    """The last figure of the paragraph: the parent of an enumeration (其中，…)."""


@dataclass(frozen=True, slots=True)
class _Figure:
    quantity: Quantity
    role: QuantityRole
    segment: Span
    sanction: re.Match[str] | None


class _Reader:
    def __init__(self, text: str, spans: _Spans, rules: RulePack, extraction: ExtractionRules) -> None:
        self.text = text
        self.spans = spans
        self.rules = rules
        self.x = extraction
        self.comparator_words = sorted(rules.comparators.before, key=len, reverse=True)
        article = rules.structure.article_label
        # The label that opens an article (第十二条, 第十条之一) and the space after it.
        self.article_label = re.compile(rf"^(?:{article.pattern})\s*" if article else "(?!)")

    # --- per paragraph and sentence -----------------------------------------------------------

    def paragraph(self, label: str | None, paragraph: Paragraph) -> list[Obligation]:
        context = _Context()
        found: list[Obligation] = []
        for sent in paragraph.sentences:
            found.extend(self.sentence(label, sent.span, context))
            if not sent.text.rstrip().endswith(("；", ";")):
                context.time = context.actor = None
        return found

    def sentence(self, label: str | None, span: Span, context: _Context) -> list[Obligation]:
        start, end = span
        segments = self._segments(start, end)
        modals = [m for m in self.spans.within("modality", start, end) if not self._cited(m.start, m.end)]
        has_modal = bool(modals)
        times = [t for t in self.spans.within("times", start, end) if not self._cited(t.start, t.end)]
        frame = next((t for t in times if self._frames(t)), None)
        if frame is not None:
            context.time = frame
        actors = [a for a in self.spans.within("actors", start, end) if not self._cited(a.start, a.end)]
        actors = self._without_qualifiers(actors, segments)
        enumeration = self.x.enumeration.search(self.text, start, end)
        sanctions = list(self.x.sanction.finditer(self.text, start, end))
        figures = [self._figure(q, segments, has_modal, sanctions, start, end)
                   for q in self.spans.within("quantities", start, end)
                   if not self._cited(q.start, q.end) and not self.spans.covers("vague", q.start, q.end)]
        found: list[Obligation] = []
        carried_modal: _Item | None = None
        enumerating = enumeration is not None
        for seg_start, seg_end in segments:
            seg_modals = [m for m in modals if seg_start <= m.start < seg_end]
            seg_actors = [a for a in actors if seg_start <= a.start < seg_end]
            opens_subject = bool(seg_actors) and self.text[seg_start:seg_actors[0].start].strip(_EDGE_PUNCT) == ""
            here = [f for f in figures if f.segment == (seg_start, seg_end)]
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
                found.append(self._obligation(label, span, head, measures, seg_modals, carried_modal,
                                              actors, context, in_enumeration))
                if head.role is not QuantityRole.SCOPE:
                    context.parent = found[-1]
        first_actor = next((a for a in actors if self._is_subject(a, start)), None)
        if first_actor is not None:
            context.actor = first_actor
        if not found:
            duty = self._dated_duty(label, span, times, modals, actors, context)
            if duty is not None:
                found.append(duty)
        return found

    def _segments(self, start: int, end: int) -> list[Span]:
        """Clauses of a sentence, cut at commas and colons outside brackets."""
        segments, depth, seg_start = [], 0, start
        for index in range(start, end):
            char = self.text[index]
            depth += char in "（(《“" and 1 or 0
            depth -= char in "）)》”" and 1 or 0
            if depth <= 0 and char in _SEGMENT_BREAKS:
                segments.append((seg_start, index))
                seg_start = index + 1
                depth = 0
        segments.append((seg_start, end))
        return [s for s in segments if s[1] > s[0]]

    def _runs(self, actors: list[_Item]) -> list[list[_Item]]:
        """Actors grouped into coordinated lists (华能、大唐、华电; 京津冀及周边地区、汾渭平原)."""
        runs: list[list[_Item]] = []
        for actor in actors:
            if runs and self.text[runs[-1][-1].end:actor.start] in self.x.list_joins:
                runs[-1].append(actor)
            else:
                runs.append([actor])
        return runs

    def _without_qualifiers(self, actors: list[_Item], segments: list[Span]) -> list[_Item]:
        """The actors less those in a place qualifier of the subject (位于…的, 在…的): in
        华能、大唐…位于京津冀及周边地区、汾渭平原的火电企业 the regions say which plants, not who acts."""
        kept = []
        for run in self._runs(actors):
            seg_start = next((s[0] for s in segments if s[0] <= run[0].start < s[1]), run[0].start)
            opens = self.x.qualifier_open.search(self.text, seg_start, run[0].start) is not None
            closes = self.x.qualifier_close.match(self.text[run[-1].end:run[-1].end + 4]) is not None
            if not (opens and closes):
                kept.extend(run)
        return kept

    def _list_head(self, actor: _Item, actors: list[_Item]) -> _Item:
        """The first actor of the coordinated list ``actor`` ends (华能、…、国家能源集团 → 华能)."""
        run = next(run for run in self._runs(actors) if actor in run)
        return run[0]

    def _cited(self, start: int, end: int) -> bool:
        return self.spans.covers("citations", start, end)

    def _frames(self, item: _Item) -> bool:
        """A deadline anywhere, or a period or season that opens a clause (2020年10-12月，…)."""
        record: Timing = item.record
        if record.kind is TimeKind.DEADLINE or (record.kind is TimeKind.FUZZY and record.text.endswith("前")):
            return True
        after = self.text[item.end:item.end + 1]
        return record.kind in (TimeKind.PERIOD, TimeKind.FROM) and after in "，,"

    def _is_subject(self, actor: _Item, sentence_start: int, lead: re.Pattern[str] | None = None) -> bool:
        """An actor that opens a clause (各地要…, 2020年12月底前，各地…) is the subject; with ``lead``,
        also one after a word of it or a time that opens the clause (由所在地生态环境主管部门责令…,
        2019年秋冬季京津冀及周边地区…)."""
        before = self.text[sentence_start:actor.start]
        tail = re.split(r"[，,：:]", before)[-1]
        if lead is not None:
            for time in self.spans.within("times", actor.start - len(tail), actor.start):
                tail = tail.replace(self.text[time.start:time.end], "", 1)  # 2019年秋冬季京津冀…
            tail = self.article_label.sub("", tail)
            tail = lead.sub("", tail, count=1) if lead.match(tail.strip(_EDGE_PUNCT)) else tail
        return tail.strip(_EDGE_PUNCT) == "" or self.article_label.fullmatch(tail) is not None

    # --- figures ----------------------------------------------------------------------------

    def _figure(self, item: _Item, segments: list[Span], has_modal: bool, sanctions: list[re.Match[str]],
                start: int, end: int) -> _Figure:
        quantity: Quantity = item.record
        segment = next(s for s in segments if s[0] <= item.start < s[1] or s == segments[-1])
        sanction = next((m for m in sanctions if m.start("amount") <= item.start and item.end <= m.end("amount")), None)
        before = self.text[segment[0]:item.start]
        after = self.text[item.end:segment[1]]
        if sanction is not None:
            role = QuantityRole.TARGET
        elif not has_modal and (self.x.reported.search(before) or self.x.reported_sentence.search(self.text, start, end)):
            role = QuantityRole.REPORTED
        elif self.x.measure_verbs.search(before) or self._verb_before(before):
            role = QuantityRole.TARGET
        elif quantity.dimension == "time" and not after.startswith("的"):
            role = QuantityRole.TARGET  # 十五日内缴纳: a time limit to act within
        elif re.match(r"的?[\u4e00-\u9fff]", after) and not re.match(r"的?(?:罚款|目标|任务)", after):
            role = QuantityRole.SCOPE
        else:
            role = QuantityRole.TARGET
        return _Figure(quantity, role, segment, sanction)

    def _verb_before(self, before: str) -> bool:
        """An action verb right before the number (完成1.1亿吨, 确保完成淘汰100万辆)."""
        verbs = canonical.action_verbs(before, rules=self.rules)
        return bool(verbs) and verbs[-1].span[1] == len(before)

    def _obligation(self, label: str | None, span: Span, head: _Figure, figures: list[_Figure],
                    seg_modals: list[_Item], carried_modal: _Item | None, actors: list[_Item],
                    context: _Context, in_enumeration: bool) -> Obligation:
        seg_start, seg_end = head.segment
        quantity = head.quantity
        actor = self._actor(quantity.span[0], head.segment, span[0], actors, context)
        modal = max(seg_modals, key=lambda m: (m.record.level.rank, -m.start)) if seg_modals else carried_modal
        modality = modal.record.level if modal else Modality(self.rules.modality.implicit)
        time = context.time if context.time is not None and context.time.start < seg_end else None
        deadline, period = _timing(time)
        metric = self._metric(head)
        action = self._action(head)
        kind = (ObligationKind.THRESHOLD if head.sanction or head.role is QuantityRole.SCOPE
                else ObligationKind.REPORTED if head.role is QuantityRole.REPORTED else ObligationKind.TARGET)
        if head.sanction is not None:
            action = self._trigger(span, head.sanction.start())
        parent = context.parent
        if (in_enumeration and parent is not None and parent.measures
                and parent.measures[0].unit == quantity.unit and head.role is not QuantityRole.SCOPE):
            # 其中，河北省完成1.1亿吨: a share of the parent figure, bound as the parent is.
            action, metric = parent.action, metric or parent.metric
            modality, kind = parent.modality, parent.kind
            deadline, period = parent.deadline, parent.period
            figures = [replace(f, role=parent.measures[0].role) for f in figures]
        return Obligation(
            id="", clause=label, sentence=self.text[span[0]:span[1]], span=span,
            actor=actor, action=action, metric=metric,
            measures=tuple(_measure(f) for f in figures),
            deadline=deadline, period=period, modality=modality, kind=kind,
        )

    def _actor(self, position: int, segment: Span, sentence_start: int, actors: list[_Item],
               context: _Context) -> str | None:
        """The nearest actor before ``position`` in its clause (河北省完成1.1亿吨), else the nearest
        subject of the sentence before it — an actor that opens a clause (各省（市）要…，…，确保完成
        淘汰100万辆; not 落实地方财政补贴资金, an object) — else the nearest actor not right after a
        verb, else the carried subject. An actor that ends
        a coordinated list stands for the list, named by its first member (华能、…、国家能源集团 →
        华能)."""
        before = [a for a in actors if a.end <= position]
        in_segment = [a for a in before if a.start >= segment[0]]
        heads = [self._list_head(a, actors) for a in before]
        subjects = [h for h in heads if self._is_subject(h, sentence_start, lead=self.x.subject_lead)]
        if in_segment:
            chosen = self._list_head(in_segment[-1], actors)
        elif subjects:
            chosen = subjects[-1]
        else:
            # No clause opens with an actor: the nearest one that is not the object of a verb
            # (收养登记机关收到…，应当自次日起30日内…; not 落实地方财政…).
            free = [h for h in heads if not self._verb_before(self.text[sentence_start:h.start])]
            chosen = free[-1] if free else context.actor
        return chosen.record.name if chosen else None

    def _metric(self, figure: _Figure) -> str | None:
        """The metric noun nearest the figure in its clause: before it (钢铁产能控制在…) or right after it
        (完成2亿吨钢铁产能…)."""
        seg_start, seg_end = figure.segment
        start, end = figure.quantity.span
        candidates = []
        for item in self.spans.within("metrics", seg_start, seg_end):
            m_start = item.start
            for group in ("actors", "times", "modality", "quantities"):
                for other in self.spans.within(group, seg_start, seg_end):
                    if other.start < item.end and m_start < other.end <= item.end:
                        m_start = max(m_start, other.end)
            metric = self.x.metric_strip.sub("", self.text[m_start:item.end]).strip(_EDGE_PUNCT)
            # 不得低于机构岗位总量的百分之七十: the comparator word is no part of the metric.
            metric = metric[len(next((w for w in self.comparator_words if metric.startswith(w)), "")):]
            if len(metric) >= 2:
                distance = start - item.end if item.end <= start else item.start - end
                candidates.append((distance, metric))
        return min(candidates)[1] if candidates else None

    def _action(self, figure: _Figure) -> str | None:
        """The verb phrase of the figure's clause, the figure and level words removed
        (力争完成2亿吨钢铁产能超低排放改造 → 完成钢铁产能超低排放改造); None for a bare level."""
        seg_start, seg_end = figure.segment
        start, end = figure.quantity.span
        if figure.role is QuantityRole.SCOPE and end < seg_end:
            text = self.text[end:seg_end]
            return text.removeprefix("的").strip(_EDGE_PUNCT) or None
        verbs = [v for v in canonical.action_verbs(self.text[seg_start:seg_end], rules=self.rules)]
        if not verbs:
            return None
        verb_start = seg_start + verbs[0].span[0]
        if verb_start >= end:
            return None
        lead, rest = self.text[verb_start:start], _BRACKETED.sub("", self.text[end:seg_end])
        if not rest.strip(_EDGE_PUNCT) and self.x.measure_verbs.fullmatch(lead):
            return None  # 控制在63微克/立方米以内: only a level
        phrase = (lead + rest).strip(_EDGE_PUNCT)
        return phrase if len(phrase) > len(verbs[0].text) else None

    def _trigger(self, span: Span, sanction_start: int) -> str | None:
        """The condition a sanction follows: the clause ending in 的 before it (违反…的)."""
        head = self.text[span[0]:sanction_start]
        cut = head.rfind("的，")
        if cut < 0:
            return None
        return self.article_label.sub("", head[:cut + 1]).strip(_EDGE_PUNCT) or None

    # --- dated duties -----------------------------------------------------------------------

    def _dated_duty(self, label: str | None, span: Span, times: list[_Item], modals: list[_Item],
                    actors: list[_Item], context: _Context) -> Obligation | None:
        """A sentence with a deadline (its own or a linked sentence's) and a verb, but no figure."""
        start, end = span
        own = next((t for t in times if self._frames(t) and t.record.kind is not TimeKind.PERIOD), None)
        time = own or context.time
        if time is None or time.record.kind not in (TimeKind.DEADLINE, TimeKind.FUZZY):
            return None
        verbs = canonical.action_verbs(self.text[start:end], rules=self.rules)
        if not verbs and not modals:
            return None
        deadline, _ = _timing(time)
        if own is not None:
            action = self.text[own.end:end]
            if not action.strip(_EDGE_PUNCT):
                action = self.text[start:own.start]
        else:
            action = self.text[start:end]
        for modal in modals:
            action = action.replace(self.text[modal.start:modal.end], "", 1) if action.startswith(
                self.text[modal.start:modal.end]) else action
        action = action.strip(_EDGE_PUNCT)
        subjects = [a for a in actors if self._is_subject(a, start) or (own is not None and a.start >= own.end
                                                                       and self.text[own.end:a.start].strip(_EDGE_PUNCT) == "")]
        actor = subjects[0] if subjects else context.actor
        if subjects:
            name = self.text[subjects[0].start:subjects[0].end]
            action = action.removeprefix(name).strip(_EDGE_PUNCT)
        segment = next((s for s in self._segments(start, end) if own is not None and s[0] <= own.start < s[1]), None)
        near = [m for m in modals if segment is not None and segment[0] <= m.start < segment[1]] or modals
        modal = max(near, key=lambda m: (m.record.level.rank, -m.start)) if near else None
        return Obligation(
            id="", clause=label, sentence=self.text[start:end], span=span,
            actor=actor.record.name if actor else None, action=action or None, metric=None, measures=(),
            deadline=deadline, period=None,
            modality=modal.record.level if modal else Modality(self.rules.modality.implicit),
            kind=ObligationKind.DEADLINE,
        )


def _timing(item: _Item | None) -> tuple[Deadline | None, Period | None]:
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


def _measure(figure: _Figure) -> Measure:
    quantity = figure.quantity
    return Measure(
        value=quantity.value, unit=quantity.unit, unit_code=quantity.unit_code, text=quantity.text,
        span=quantity.span, comparator=quantity.comparator, range=quantity.range, role=figure.role,
    )
