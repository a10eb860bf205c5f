"""What the corpus sweep checks: policydiff's reading of a law against its clean Markdown.

Used by ``bench/sweep.py`` on the whole LawRefBook corpus and by
``tests/test_corpus_sample.py`` on the sample in ``corpora/``. Each check returns failure
classes (short strings such as ``"genre: law read as notice"``), so that a sweep can count
failures by class; an empty list means the check holds.

The expected outline comes from ``lawref.read_markdown`` (an independent reading of the
Markdown); texts are compared on policydiff's comparison key (letters, digits and Chinese
characters only), so that width, punctuation and spacing do not count.
"""

from __future__ import annotations

import unicodedata
from collections import Counter

from corpora.tools.lawref import LawText
from policydiff.model import AlignStatus, Comparison, Genre, NodeKind, PolicyDocument
from policydiff.text import comparison_key

_HEADING_KINDS = {"volume": NodeKind.VOLUME, "chapter": NodeKind.CHAPTER, "section": NodeKind.SECTION}


def key(text: str | None) -> str:
    """Letters, digits and Chinese characters only, full-width forms folded (２０２１ is 2021)."""
    return comparison_key(unicodedata.normalize("NFKC", text or ""))[0]


def outline_failures(law: LawText, policy: PolicyDocument) -> list[str]:
    """How ``policy`` (any rendering of ``law``) differs from the law's expected outline."""
    failures = []
    if key(policy.title) != key(law.title):
        failures.append("title")
    if not law.is_law:
        return failures  # other shapes: the sweep reports what they give
    if policy.genre is not Genre.LAW:
        return [*failures, f"genre: law read as {policy.genre.value}"]
    got = [(node.label, key(policy.text.text[slice(*node.span)])) for node in policy.clauses]
    want = [(article.label, key(article.text)) for article in law.articles]
    if [label for label, _ in got] != [article.label for article in law.articles]:
        got_labels, want_labels = Counter(label for label, _ in got), Counter(a.label for a in law.articles)
        if want_labels - got_labels:
            failures.append("articles: missing")
        if got_labels - want_labels:
            failures.append("articles: extra")
        if not failures or failures == ["title"]:
            failures.append("articles: out of order")
    elif got != want:
        failures.append("articles: text differs")
    want_headings = [(_HEADING_KINDS[b.kind], b.label, key(b.text)) for b in law.headings]
    got_headings = [(node.kind, node.label, key(node.title)) for node in policy.walk()
                    if node.kind in _HEADING_KINDS.values()]
    if [h[:2] for h in got_headings] != [h[:2] for h in want_headings]:
        failures.append("headings: wrong units")
    elif got_headings != want_headings:
        failures.append("headings: wrong titles")
    return failures


def outline_signature(policy: PolicyDocument) -> list[tuple[str, str | None, str]]:
    """Every numbered unit as (kind, label, text key): equal for renderings read alike."""
    return [(node.kind.value, node.label, key(policy.text.text[slice(*node.span)]))
            for node in policy.walk() if node.label]


def shape(policy: PolicyDocument) -> str:
    """A one-line description of an outline, for documents of other shapes."""
    kinds = Counter(node.kind.value for node in policy.walk())
    return f"{policy.genre.value}: " + ", ".join(f"{n} {kind}" for kind, n in sorted(kinds.items()))


def pair_failures(old_law: LawText, new_law: LawText, comparison: Comparison) -> list[str]:
    """Alignment of two versions: every article whose body is the same in both (and unique
    in each) must be paired with its counterpart, and no unit's own label may be reported
    as anything but an editorial change."""
    failures = []
    matched, unchanged = unchanged_articles(old_law, new_law, comparison)
    if matched < unchanged:
        failures.append("alignment: unchanged article not matched")
    if label_changes(comparison):
        failures.append("changes: renumbering reported above editorial")
    return failures


def unchanged_articles(old_law: LawText, new_law: LawText, comparison: Comparison) -> tuple[int, int]:
    """(unchanged articles matched to their counterpart, unchanged articles): an article is
    unchanged when its text without the label is the same in both versions and unique in each."""
    old_bodies = Counter(_body(a.text) for a in old_law.articles)
    new_bodies = Counter(_body(a.text) for a in new_law.articles)
    new_by_body = {_body(a.text): a.label for a in new_law.articles}
    expected = {a.label: new_by_body[_body(a.text)] for a in old_law.articles
                if old_bodies[_body(a.text)] == 1 and new_bodies.get(_body(a.text)) == 1}
    paired: dict[str, set[str]] = {}
    for pair in comparison.pairs:
        if pair.status in (AlignStatus.INSERTED, AlignStatus.DELETED):
            continue
        for old_unit in pair.old:
            paired.setdefault(old_unit.label or "", set()).update(u.label or "" for u in pair.new)
    return sum(new in paired.get(old, set()) for old, new in expected.items()), len(expected)


def label_changes(comparison: Comparison) -> list[str]:
    """Ids of changes above editorial that lie wholly inside the labels of their units."""
    found = []
    for change in comparison.changes:
        pair = comparison.pairs[change.pair]
        hunk = change.hunk
        if hunk.old_span is None or hunk.new_span is None or change.verdict.level.value == "editorial":
            continue
        if _in_label(hunk.old_span, pair.old) and _in_label(hunk.new_span, pair.new):
            found.append(change.id)
    return found


def _in_label(span: tuple[int, int], units) -> bool:
    return any(unit.label and unit.text.startswith(unit.label)
               and unit.span[0] <= span[0] and span[1] <= unit.span[0] + len(unit.label) for unit in units)


def _body(article_text: str) -> str:
    """An article's text without its label."""
    return key(article_text.split(" ", 1)[1] if " " in article_text else article_text)
