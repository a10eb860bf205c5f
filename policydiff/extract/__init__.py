"""Extract stage: a parsed document → its quantitative and dated obligations.

In: a ``PolicyDocument`` and a rule pack. Out: ``Obligation`` records in text order, ids
``o001`` …, every span into the document's normalized text. Each paragraph of the preamble
and the clauses (not front matter or trailer) is read once (``reading``: quantities, times,
modal words, actors, citations, and spaCy's token patterns for citations, vague amounts and
metrics: ``layers``); each sentence is read into a value (``sentence``: its clauses, the words
no citation covers, the framing time, each figure's role) and its obligations are made from it
(``obligations``, with ``actors`` for who owes them), deciding per figure:

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

from collections.abc import Iterator
from dataclasses import replace
from typing import Any

from policydiff.extract.layers import Layers, Page
from policydiff.extract.obligations import Context, paragraph_obligations
from policydiff.model import Obligation, Paragraph, PolicyDocument
from policydiff.reading import read
from policydiff.rules import RulePack


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
    page = Page.of(policy.text.text, Layers(live, rules), rules)
    drafts: list[Obligation] = []
    contexts: dict[str | None, Context] = {}
    for label, paragraph, _ in live:
        # The paragraphs of one article share the party it binds; each article has its own.
        context = contexts.setdefault(label, Context()) if label is not None else Context()
        drafts.extend(paragraph_obligations(page, label, paragraph, context))
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
