"""Classification stage: one hunk → its level, categories and a one-line Chinese summary.

In: a ``Hunk`` (what was removed and added, with the sentence(s) around it) and the rule
pack. Out: a ``Verdict``. The decision is taken on canonical values (``canonical``, read once by ``reading``),
never on strings alone (STYLE.md point 4):

1. Isolate the change. The hunk is applied alone to its context, giving a *before* and an
   *after* text that differ by this change only (other changes in the same sentence stay
   out); the changed region is what lies between their common prefix and suffix.
2. Editorial when the two are equal once punctuation, width and spacing are folded
   (PUNCTUATION), or hold the same characters in another order (ORDER). A move is ORDER.
3. Substantive when a canonical value differs: quantities (value, unit, comparator) →
   QUANTITY; dates → DEADLINE; actors → ACTOR; the level or softening of the duty in the
   changed clause → MODALITY; conditions → CONDITION; scope words or the items of a duty's
   list → SCOPE; a whole clause with a modal word or an action verb, or an action verb
   that is a clause's predicate, inserted, deleted or exchanged → REQUIREMENT; a cited
   document → REFERENCE (minor when only pointed to, or only the citation's wording changed).
4. Otherwise editorial WORDING when only function words or synonyms changed, else minor
   WORDING (meaning-bearing words, no duty). Lines that record the document (抄送, 发布日期)
   are at most minor.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import cache, lru_cache
from typing import Any

from policydiff import canonical
from policydiff.canonical import Modal, Modality
from policydiff.canonical.spans import SpanIndex
from policydiff.model import Category, ChangeOp, Hunk, Level, Span, Verdict
from policydiff.reading import read
from policydiff.rules import RulePack
from policydiff.tokenize import tokenize

SUMMARY_LIMIT = 80
"""Characters in a summary, at most."""
_STUB = 2
"""A summary's text drops a last clause this short (…宜热则热”，按照), cut off by the diff."""
CLAUSE_DELIMITERS = frozenset("，。；：！？\n,;:!?")
"""Where a clause (分句) ends; 、 separates the items of a list inside a clause."""
_KEEP_SYMBOLS = frozenset("%-/.+#&*@")
_DASHES = str.maketrans({"—": "-", "–": "-", "～": "-", "~": "-", "－": "-"})
_LOOSE_DOTS = re.compile(r"(?<![0-9])\.|\.(?![0-9])")
_SUBSTANTIVE = (Category.QUANTITY, Category.DEADLINE, Category.ACTOR, Category.MODALITY, Category.CONDITION,
                Category.SCOPE, Category.REQUIREMENT, Category.LIABILITY)
# Order of the categories in a verdict and of the parts a summary may speak of first.
_ORDER = (Category.REQUIREMENT, Category.QUANTITY, Category.DEADLINE, Category.MODALITY, Category.LIABILITY, Category.ACTOR,
          Category.CONDITION, Category.SCOPE, Category.REFERENCE, Category.WORDING, Category.PUNCTUATION,
          Category.ORDER)


def classify_change(hunk: Hunk, *, rules: RulePack, across_clauses: bool = False, outside_body: bool = False,
                    renumbering: Mapping[str, str] | None = None, legal: bool = False) -> Verdict:
    """Decide what ``hunk`` means: its level, categories and a summary of at most 80 characters.

    Args:
        hunk: the change, with the sentence(s) around it as context.
        rules: the rule pack (modal words, comparators, gazetteer, lexicon, units).
        across_clauses: for a MOVE, whether the text moved from one clause to another
            (minor) rather than inside one (editorial). A MOVE is classified as a move only:
            the edits made to a moved text are hunks of their own (``changes.collect_hunks``).
        outside_body: the change is in the front matter or the trailer. These say who issues,
            receives and files the document (主送, 落款, 抄送, 印发); its duties are in the body,
            so a change there is at most minor.
        renumbering: each old article label and the new label of the article it was aligned
            with. A change of cross-references only (依照本法第二十三条 → 第二十八条) that follows
            it is editorial; one that points at another provision is substantive.
        legal: the documents are laws or regulations, where every sentence states a rule. A
            change to what an article requires, forbids, permits or sanctions, or to whom and
            under what condition it applies, is substantive: besides the rules above, a whole
            clause added or removed, a member added to or removed from a list (限制 →
            限制或者变相限制; 本单位职工 → 本单位职工及劳务派遣人员), and any meaning-bearing
            change to the purpose article (为了…，制定本法).

    Examples:
        要 → 鼓励 in ``各地要推广`` → substantive, [modality], "义务强度：要（强制） → 鼓励（鼓励）";
        deleting ``，其中唐山市控制在1亿吨以内`` → substantive, [requirement, quantity, actor],
        "删除：其中唐山市控制在1亿吨以内"; ``，`` → ``、`` → editorial, [punctuation], "标点：， → 、".
    """
    if hunk.op is ChangeOp.MOVE:
        level = Level.MINOR if across_clauses else Level.EDITORIAL
        edited = "（另有修改）" if _fold(hunk.old_text) != _fold(hunk.new_text) else ""
        return Verdict(level, (Category.ORDER,), _clip(f"移动{edited}：{_trim(hunk.old_text)}"))
    references = _renumbered_references(hunk, renumbering, rules) if renumbering is not None else None
    if references is not None:
        return references
    change = _isolate(hunk)
    verdict = _renumbered_item(change, rules) or _classify(change, hunk, rules, legal)
    if outside_body and verdict.level is Level.SUBSTANTIVE:
        return Verdict(Level.MINOR, verdict.categories, verdict.summary)
    return verdict


def _renumbered_references(hunk: Hunk, renumbering: Mapping[str, str], rules: RulePack) -> Verdict | None:
    """The verdict on a change of article numbers in cross-references and nothing else, or None.

    立法技术规范: an amendment renumbers the articles and updates every reference to follow;
    such an update changes nothing (editorial). A reference that now names an article other
    than the successor of the one it named points at a different provision (substantive).
    """
    article = rules.structure.article_label
    if article is None:
        return None
    old = [match.group() for match in article.finditer(hunk.old_text)]
    new = [match.group() for match in article.finditer(hunk.new_text)]
    if not old or len(old) != len(new) or article.sub("", hunk.old_text) != article.sub("", hunk.new_text):
        return None
    if _of_another_document(hunk.old_context, old, rules) or _of_another_document(hunk.new_context, new, rules):
        return None  # 专利法第十九条 → 第十八条: that law's renumbering, not this one's
    if all(renumbering.get(before) == after for before, after in zip(old, new)):
        return Verdict(Level.EDITORIAL, (Category.REFERENCE,), _clip(_from_to("引用随条文编号更新", old, new)))
    return Verdict(Level.SUBSTANTIVE, (Category.REFERENCE,), _clip(_from_to("引用", old, new)))


def _of_another_document(context: str, labels: list[str], rules: RulePack) -> bool:
    """Whether ``context`` cites one of ``labels`` in a run of references that follows another
    document's name (专利法第十八条、第十九条) rather than 本法 or nothing. A sentence that cites
    专利法第二十条 and 本细则第二十条 leaves open which of them changed: this document's
    renumbering cannot settle it either way."""
    structure = rules.structure
    run = structure.reference_run
    for label in labels:
        for match in re.finditer(re.escape(label), context):
            before = context[:match.start()]
            tail = run.search(before)
            owner = before[: tail.start()] if tail else before
            if structure.other_reference.search(owner) and not structure.own_reference.search(owner):
                return True
    return False


# --- isolating one change ------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class _Side:
    """One version of the context, with the changed region (half-open) marked."""

    text: str
    region: Span

    @property
    def changed(self) -> str:
        return self.text[slice(*self.region)]


@dataclass(frozen=True, slots=True)
class _Change:
    before: _Side
    after: _Side
    removed: str
    """The hunk's removed text (the region may be shifted by characters the two sides share)."""
    added: str


def _isolate(hunk: Hunk) -> _Change:
    """The context without and with this change only, and where the change lies in each."""
    old, new = hunk.old_text, hunk.new_text
    if old and old in hunk.old_context:
        before = hunk.old_context
        after = _best_patch(before, old, new, hunk.new_context)
    elif new and new in hunk.new_context:
        after = hunk.new_context
        before = _best_patch(after, new, old, hunk.old_context)
    else:  # whole sentences, or a context that does not hold the text
        before, after = old, new
    prefix = 0
    limit = min(len(before), len(after))
    while prefix < limit and before[prefix] == after[prefix]:
        prefix += 1
    suffix = 0
    while suffix < limit - prefix and before[-1 - suffix] == after[-1 - suffix]:
        suffix += 1
    return _Change(_Side(before, (prefix, len(before) - suffix)), _Side(after, (prefix, len(after) - suffix)),
                   old or before[prefix:len(before) - suffix], new or after[prefix:len(after) - suffix])


def _best_patch(text: str, target: str, replacement: str, other: str) -> str:
    """Replace one occurrence of ``target``: the one that makes ``text`` most like ``other``
    (the longest common prefix plus suffix; the first of equals).

    Each occurrence is scored in place, without building its patched text: in a long sentence
    with many occurrences (a comma) that copying made classification quadratic.
    """
    head, tail = _common_prefix(text, other), _common_suffix(text, other)
    best_start, best_score = -1, -1
    start = text.find(target)
    while start != -1:
        score = (_patched_prefix(text, start, target, replacement, other, head)
                 + _patched_suffix(text, start, target, replacement, other, tail))
        if score > best_score:
            best_start, best_score = start, score
        start = text.find(target, start + 1)
    if best_start < 0:
        return text
    return text[:best_start] + replacement + text[best_start + len(target):]


def _patched_prefix(text: str, at: int, target: str, replacement: str, other: str, head: int) -> int:
    """The common prefix of ``other`` and ``text`` with ``target`` at ``at`` replaced, given
    ``head``, the common prefix of ``other`` and ``text``."""
    if at > head:
        return head  # the patch lies beyond the first difference
    matched = at
    for char in replacement:
        if matched >= len(other) or other[matched] != char:
            return matched
        matched += 1
    position = at + len(target)
    while position < len(text) and matched < len(other) and text[position] == other[matched]:
        position += 1
        matched += 1
    return matched


def _patched_suffix(text: str, at: int, target: str, replacement: str, other: str, tail: int) -> int:
    """Like ``_patched_prefix``, from the ends: ``tail`` is the common suffix of ``text`` and ``other``."""
    after = len(text) - at - len(target)
    if after > tail:
        return tail
    matched, size = after, len(other)
    for char in reversed(replacement):
        if matched >= size or other[size - 1 - matched] != char:
            return matched
        matched += 1
    position = at - 1
    while position >= 0 and matched < size and text[position] == other[size - 1 - matched]:
        position -= 1
        matched += 1
    return matched


def _common_prefix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b):
        if x != y:
            break
        n += 1
    return n


def _common_suffix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(reversed(a), reversed(b)):
        if x != y:
            break
        n += 1
    return n


# --- keys ---------------------------------------------------------------------------------------

@lru_cache(maxsize=1 << 12)
def _fold(text: str) -> str:
    """Comparison key without punctuation, width or spacing differences (DESIGN.md §4).

    Kept for the 4,096 texts folded last: every change of a sentence folds that sentence again
    (a fifth of classifying the seed pair before); ``reading.clear_cache`` empties it."""
    kept = _unkept().sub("", unicodedata.normalize("NFKC", text).translate(_DASHES))
    if kept and not kept.isascii() and max(kept) > "\uffff":  # beyond the table: check each
        kept = "".join(ch for ch in kept if not _punctuation(ch))
    return _LOOSE_DOTS.sub("", kept)


def clear_keys() -> None:
    """Forget the comparison keys kept by ``_fold``."""
    _fold.cache_clear()


def _punctuation(ch: str) -> bool:
    """Whitespace or punctuation that a key drops (not the symbols of _KEEP_SYMBOLS)."""
    return (ch.isspace() or unicodedata.category(ch).startswith("P")) and ch not in _KEEP_SYMBOLS


@cache
def _unkept() -> re.Pattern[str]:
    """What ``_fold`` drops from the Basic Multilingual Plane (``_punctuation``), as one character
    class (10 ms once)."""
    category = unicodedata.category
    dropped = (char for char in map(chr, range(0x10000))
               if (char.isspace() or category(char)[0] == "P") and char not in _KEEP_SYMBOLS)
    return re.compile("[" + "".join(map(re.escape, dropped)) + "]+")


def _editorial_key(text: str, rules: RulePack) -> str:
    """``_fold`` with synonyms mapped to one word and function words (的, 和, 进一步) removed."""
    lexicon = rules.lexicon
    folded = lexicon.synonym_pattern.sub(lambda m: lexicon.synonyms[m.group()], _fold(text))
    return lexicon.editorial.sub("", folded)


# --- clauses ------------------------------------------------------------------------------------

_CLAUSE = re.compile("[^" + re.escape("".join(sorted(CLAUSE_DELIMITERS))) + "]+")


@lru_cache(maxsize=1 << 10)
def _clause_spans(text: str) -> tuple[Span, ...]:
    """The clauses of ``text``: the stretches between two delimiters (kept per text: each side
    of a change is read several times)."""
    return tuple(match.span() for match in _CLAUSE.finditer(text))


def _core(side: _Side) -> Span:
    """The region without the punctuation and spacing at its ends."""
    start, end = side.region
    while start < end and (side.text[start] in CLAUSE_DELIMITERS or side.text[start].isspace()):
        start += 1
    while end > start and (side.text[end - 1] in CLAUSE_DELIMITERS or side.text[end - 1].isspace()):
        end -= 1
    return start, end


def _complete_clauses(side: _Side) -> list[Span]:
    """Clauses that lie wholly inside the changed region."""
    start, end = side.region
    if start == end:
        return []
    return [span for span in _clause_spans(side.text) if start <= span[0] and span[1] <= end]


def _touched_clauses(side: _Side, *, other_adds_clauses: bool) -> list[Span]:
    """The clauses the change sits in; none when it only adds or removes whole clauses here."""
    spans = _clause_spans(side.text)
    start, end = _core(side)
    if start < end:
        return [span for span in spans if span[0] < end and start < span[1]]
    if other_adds_clauses:
        return []
    point = side.region[0]
    for span in spans:
        if span[0] <= point < span[1] or (point == span[1] and point > span[0]):
            return [span]
    return []


def _adds_clauses(side: _Side) -> bool:
    changed = side.changed.strip()
    return bool(_complete_clauses(side)) or (changed[:1] in CLAUSE_DELIMITERS) or (changed[-1:] in CLAUSE_DELIMITERS)


# --- the decision -------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class _Reading:
    """Canonical values of one side, computed once."""

    side: _Side
    quantities: tuple[canonical.Quantity, ...]
    dates: tuple[canonical.Timing, ...]
    actors: tuple[canonical.Actor, ...]
    modals: tuple[Modal, ...]
    softeners: tuple[canonical.Mention, ...]
    conditions: tuple[canonical.Mention, ...]
    scope: tuple[canonical.Mention, ...]
    references: tuple[canonical.Reference, ...]
    verbs: tuple[canonical.Mention, ...]
    liability: tuple[canonical.Mention, ...]
    printed: str
    """The sentence as the version prints it, with the other changes made in it too."""

    @classmethod
    def of(cls, side: _Side, rules: RulePack, printed: str = "") -> _Reading:
        text = read(side.text, rules=rules)  # the layers extraction reads too
        # Words inside a condition or a citation belong to it, not to the duty: 确保 in
        # 在确保安全的情况下, 推进 in 《关于推进…的意见》, 重点 in 按照…重点项目清单…要求.
        # A condition may name an actor (经国务院批准); a citation's names are its title's.
        cited = [r.span for r in text.references]
        taken = [m.span for m in text.conditions] + cited

        def own(items: tuple, spans: list[Span] = taken) -> tuple:
            container = SpanIndex(spans)
            return tuple(item for item in items if not container.holds(item.span))

        modals = own(text.modals)
        verbs = own(text.verbs)
        # A plain date (2020年10月28日, the date a notice was signed) is a deadline only in the
        # clause of a duty; 前, 底前, 起 and periods always are.
        duties = SpanIndex(_holding(_clause_spans(side.text), (*modals, *verbs)))
        dates = tuple(d for d in own(text.dates, cited)
                      if d.kind is not canonical.TimeKind.DATE or duties.holds(d.span))
        return cls(
            side=side,
            quantities=text.quantities,
            dates=dates,
            actors=own(text.actors, cited),
            modals=modals,
            softeners=own(text.softeners),
            conditions=text.conditions,
            scope=own(text.scope),
            references=text.references,
            verbs=verbs,
            liability=text.liability,
            printed=printed or side.text,
        )

    def condition_keys(self) -> Counter[str]:
        """Conditions with the citations in them blanked: a new title is a reference change."""
        keys: Counter[str] = Counter()
        starts = [reference.span[0] for reference in self.references]
        for condition in self.conditions:
            key = condition.text
            first = bisect.bisect_left(starts, condition.span[0])
            for reference in self.references[first:bisect.bisect_left(starts, condition.span[1])]:
                if _inside(reference.span, [condition.span]):
                    key = key.replace(reference.text, "《》")
            keys[key] += 1
        return keys

    def in_region(self, items: tuple) -> list:
        return [item for item in items if _overlap(item.span, self.side.region)]


def _classify(change: _Change, hunk: Hunk, rules: RulePack, legal: bool) -> Verdict:
    before, after = change.before, change.after
    if _fold(before.text) == _fold(after.text):
        marks = (_trim(side.changed, keep=True) or "（无）" for side in (before, after))
        return Verdict(Level.EDITORIAL, (Category.PUNCTUATION,), _clip("标点：{} → {}".format(*marks)))
    if _reordered(change, hunk):
        return Verdict(Level.EDITORIAL, (Category.ORDER,), _clip(_order_summary(change)))
    if _editorial_key(before.text, rules) == _editorial_key(after.text, rules):
        return Verdict(Level.EDITORIAL, (Category.WORDING,), _clip("措辞：" + _wording(change)))

    old, new = _Reading.of(before, rules, hunk.old_context), _Reading.of(after, rules, hunk.new_context)
    old_empty = not _editorial_key(before.changed, rules)
    new_empty = not _editorial_key(after.changed, rules)
    found: dict[Category, str] = {}
    requirement = _requirement(old, new, old_empty, new_empty, rules)
    # A requirement added or removed as a whole (not one word of it changed).
    whole = requirement and (old_empty or new_empty or bool(_duty_clauses(old, rules) and _duty_clauses(new, rules)))
    if requirement:
        found[Category.REQUIREMENT] = _requirement_summary(change, old_empty, new_empty)
    for category, finder in _FINDERS:
        summary = finder(old, new, rules, whole)
        if summary:
            found[category] = summary
    if legal:
        found = _legal_findings(change, old, new, found, old_empty, new_empty, rules)
    if not found:
        found[Category.WORDING] = _wording_summary(change)
    if _is_record(hunk, rules):
        # 抄送, 发布日期, （此件社会公开）: who and what is named, but no one is bound.
        found = {c: s for c, s in found.items() if c not in (Category.REQUIREMENT, Category.MODALITY)}
        found = found or {Category.WORDING: _wording_summary(change)}
        return Verdict(Level.MINOR, _sorted(found), _clip(found[_lead(found, whole=False, complete=False)]))
    substantive = any(category in found for category in _SUBSTANTIVE)
    if Category.REFERENCE in found and _reference_level(old, new) is Level.SUBSTANTIVE:
        substantive = True
    complete = bool(_duty_clauses(old, rules) or _duty_clauses(new, rules))
    level = Level.SUBSTANTIVE if substantive else Level.MINOR
    return Verdict(level, _sorted(found),
                   _clip(_whole_edit(found[_lead(found, whole=whole, complete=complete)], change, rules)))


def _whole_edit(summary: str, change: _Change, rules: RulePack) -> str:
    """A summary that tells one half of a replacement gets the other half: 范围：删除“重点” for
    重点 → 范畴 reads 范围：删除“重点”（改为“范畴”）; 期限：新增 秋冬季 for 强化监督定点 → 秋冬季监督
    reads 期限：新增 秋冬季（原为“强化监督定点”）."""
    removed, added = _trim(change.removed), _trim(change.added)
    if not (removed and added) or "→" in summary or removed in added or added in removed:
        return summary  # 新兴产业 → 产业: the deletion says it all
    if not _editorial_key(removed, rules) or not _editorial_key(added, rules):
        return summary  # 和 → 依法关停: the other half is a function word
    if "删除" in summary and "新增" not in summary:
        return f"{summary}（改为{_quoted(_clip(added, 24))}）"
    if "新增" in summary and "删除" not in summary:
        return f"{summary}（原为{_quoted(_clip(removed, 24))}）"
    return summary


def _lead(found: dict[Category, str], *, whole: bool, complete: bool) -> Category:
    """The category the summary speaks of: a requirement added or removed whole; else a
    number or a date; else a requirement rewritten; else the others in their order."""
    if whole and Category.REQUIREMENT in found:
        return Category.REQUIREMENT
    order = [Category.QUANTITY, Category.DEADLINE]
    if complete:
        order.append(Category.REQUIREMENT)
    order += [c for c in _ORDER if c not in order]
    return next(c for c in order if c in found)


def _reordered(change: _Change, hunk: Hunk) -> bool:
    """Words moved, not changed: the changed text turned around (集团位于区域内的 →
    位于区域内的集团), or deleted here and inserted elsewhere in the same sentence (a move
    the diff reports as a deletion and an insertion)."""
    old, new = _fold(change.before.changed), _fold(change.after.changed)
    if old and new:  # both pieces at least two characters: 12 → 21 is a new number
        return any(new == old[k:] + old[:k] for k in range(2, len(old) - 1))
    moved = change.before.changed or change.after.changed
    if hunk.op not in (ChangeOp.INSERT, ChangeOp.DELETE) or len(_fold(moved)) < 2:
        return False
    if hunk.op is ChangeOp.DELETE:
        here, there = change.after.text, hunk.new_context
    else:
        here, there = change.before.text, hunk.old_context
    start = there.find(moved)
    while start != -1:
        if _fold(there[:start] + there[start + len(moved):]) == _fold(here):
            return True
        start = there.find(moved, start + 1)
    return False


# Each finder returns the summary of its category, or "" when the category does not apply.

def _quantity(old: _Reading, new: _Reading, rules: RulePack, whole: bool) -> str:
    if Counter(q.key for q in old.quantities) == Counter(q.key for q in new.quantities):
        return ""
    return _from_to("数值", *_shown(old, new, old.quantities, new.quantities))


def _deadline(old: _Reading, new: _Reading, rules: RulePack, whole: bool) -> str:
    if Counter(d.key for d in old.dates) == Counter(d.key for d in new.dates):
        return ""
    return _from_to("期限", *_shown(old, new, old.dates, new.dates))


def _shown(old: _Reading, new: _Reading, old_items: tuple, new_items: tuple) -> tuple[list[str], list[str]]:
    """Texts to show: values the change touches, and values gone from or new to the context."""
    gone = Counter(item.key for item in old_items) - Counter(item.key for item in new_items)
    came = Counter(item.key for item in new_items) - Counter(item.key for item in old_items)
    region_old, region_new = old.side.region, new.side.region
    return ([item.text for item in old_items if item.key in gone or _overlap(item.span, region_old)],
            [item.text for item in new_items if item.key in came or _overlap(item.span, region_new)])


def _actor(old: _Reading, new: _Reading, rules: RulePack, whole: bool) -> str:
    # A requirement added or removed whole binds someone: only a named actor makes that news.
    def names(reading: _Reading) -> Counter[str]:
        generic = {a.span for a in _apart_from_requirement(reading, reading.actors, rules, whole)}
        return Counter(a.name for a in reading.actors if not a.generic or a.span in generic)

    removed, added = names(old) - names(new), names(new) - names(old)
    if not removed and not added:
        return ""
    shown_old = _unique(a.text for a in old.actors if a.name in removed)
    shown_new = _unique(a.text for a in new.actors if a.name in added)
    return _from_to("主体", shown_old, shown_new)


def _modality(old: _Reading, new: _Reading, rules: RulePack, whole: bool) -> str:
    touched = (old.in_region(old.modals) or new.in_region(new.modals)
               or old.in_region(old.softeners) or new.in_region(new.softeners))
    if not touched or (whole and _duty_clauses(old, rules) and _duty_clauses(new, rules)):
        return ""
    old_clauses = _touched_clauses(old.side, other_adds_clauses=_adds_clauses(new.side))
    new_clauses = _touched_clauses(new.side, other_adds_clauses=_adds_clauses(old.side))
    if not old_clauses or not new_clauses:
        return ""  # a whole clause added or removed: a requirement, not a change of strength
    old_level, old_word = _clause_modality(old, old_clauses, rules)
    new_level, new_word = _clause_modality(new, new_clauses, rules)
    old_held, new_held = SpanIndex(old_clauses), SpanIndex(new_clauses)
    old_soft = [s.text for s in old.softeners if old_held.holds(s.span)]
    new_soft = [s.text for s in new.softeners if new_held.holds(s.span)]
    if old_level != new_level:
        before = _governed(old, old_word, rules) if old_level == rules.modality.implicit else None
        after = _governed(new, new_word, rules) if new_level == rules.modality.implicit else None
        return (f"义务强度：{before or _strength(old_level, old_word, rules)} → "
                f"{after or _strength(new_level, new_word, rules)}")
    if old_level and new_level and Counter(old_soft) != Counter(new_soft):
        gone = _unique(w for w in old_soft if w not in new_soft)
        came = _unique(w for w in new_soft if w not in old_soft)
        if came:
            return f"义务强度：新增弱化词“{'、'.join(came)}”"
        return f"义务强度：删除弱化词“{'、'.join(gone)}”"
    return ""


def _governed(reading: _Reading, verb: str, rules: RulePack) -> str | None:
    """How the sentence as printed binds ``verb``, the verb that sets a duty with no modal word
    once this change alone is made: the modal word or softener before it in its clause, when
    another change put one there (避免…采取, not 采取（强制）); None when none does."""
    printed = reading.printed
    if printed == reading.side.text:
        return None
    for start, end in _clause_spans(printed):
        at = printed.find(verb, start, end)
        if at < 0:
            continue
        words = read(printed[start:at], rules=rules)
        governing = sorted([(m.span, m.trigger) for m in words.modals] + [(m.span, m.text) for m in words.softeners])
        return f"{governing[-1][1]}…{verb}" if governing else None
    return None


def _strength(level: str | None, word: str, rules: RulePack) -> str:
    return f"{word}（{rules.modality.labels[level]}）" if level else "（无情态）"


def _condition(old: _Reading, new: _Reading, rules: RulePack, whole: bool) -> str:
    before = old.condition_keys() if not whole else Counter(
        m.text for m in _apart_from_requirement(old, old.conditions, rules, whole))
    after = new.condition_keys() if not whole else Counter(
        m.text for m in _apart_from_requirement(new, new.conditions, rules, whole))
    if before == after:
        return ""
    return _from_to("条件", list((before - after).elements()), list((after - before).elements()), quote=True)


def _scope(old: _Reading, new: _Reading, rules: RulePack, whole: bool) -> str:
    before = Counter(m.text for m in _apart_from_requirement(old, old.scope, rules, whole))
    after = Counter(m.text for m in _apart_from_requirement(new, new.scope, rules, whole))
    if before != after:
        return _from_to("范围", list((before - after).elements()), list((after - before).elements()), quote=True)
    for reading, other, verb in ((new, old, "新增"), (old, new, "删除")):
        item = _list_item(reading.side, other.side, rules)
        if item and _is_duty(reading, _touched_clauses(reading.side, other_adds_clauses=False), rules):
            return f"范围：{verb}{_quoted(_clip(item, 40))}"
    return ""


def _reference(old: _Reading, new: _Reading, rules: RulePack, whole: bool) -> str:
    before, after = Counter(r.key for r in old.references), Counter(r.key for r in new.references)
    if before == after:
        return ""
    gone = _unique(r.text for r in old.references if r.key in before - after)
    came = _unique(r.text for r in new.references if r.key in after - before)
    return _from_to("引用", gone, came)


def _liability(old: _Reading, new: _Reading, rules: RulePack, whole: bool) -> str:
    """A state of mind or a sanction added, removed or exchanged (恶意 → 故意, 行政处分 → 处分)."""
    before = Counter(m.text for m in _apart_from_requirement(old, old.liability, rules, whole))
    after = Counter(m.text for m in _apart_from_requirement(new, new.liability, rules, whole))
    if before == after:
        return ""
    return _from_to("责任", list((before - after).elements()), list((after - before).elements()))


_FINDERS = (
    (Category.QUANTITY, _quantity),
    (Category.DEADLINE, _deadline),
    (Category.MODALITY, _modality),
    (Category.LIABILITY, _liability),
    (Category.ACTOR, _actor),
    (Category.CONDITION, _condition),
    (Category.SCOPE, _scope),
    (Category.REFERENCE, _reference),
)


def _reference_level(old: _Reading, new: _Reading) -> Level:
    """Substantive when a duty now rests on another document; minor for a pointer (详见附件1),
    an article number, an issuer count, or the wording of the same title."""
    def weighty(reading: _Reading, keys: Counter[str]) -> list[canonical.Reference]:
        return [r for r in reading.references if r.key in keys and not r.pointer and r.kind in ("title", "law")]

    before, after = Counter(r.key for r in old.references), Counter(r.key for r in new.references)
    gone, came = weighty(old, before - after), weighty(new, after - before)
    unmatched = [r for r in gone if not any(_similar(r.key, s.key) for s in came)]
    unmatched += [r for r in came if not any(_similar(r.key, s.key) for s in gone)]
    return Level.SUBSTANTIVE if unmatched else Level.MINOR


def _similar(a: str, b: str) -> bool:
    return SequenceMatcher(None, a, b, autojunk=False).ratio() >= 0.6


# --- the rules of a law ---------------------------------------------------------------------------

def _legal_findings(change: _Change, old: _Reading, new: _Reading, found: dict[Category, str],
                    old_empty: bool, new_empty: bool, rules: RulePack) -> dict[Category, str]:
    """The findings of a change in an article of a law.

    A rule (``_states_rule``) changed in what it covers is substantive although no value, actor or
    listed word changed: a whole clause added or removed, a member of a list added, removed
    or exchanged. So is anything meaning-bearing in the purpose article. A declaration (国家
    加强…, 统计工作坚持…) states no duty: its action verbs do not make one.
    """
    lexicon = rules.lexicon
    if any(lexicon.purpose.search(side.text.lstrip()) for side in (change.before, change.after)):
        return {Category.SCOPE: "立法目的：" + _wording_summary(change).removeprefix("修改："), **found}
    if not (_states_rule(old, rules) or _states_rule(new, rules)):
        return {c: s for c, s in found.items() if c not in (Category.REQUIREMENT, Category.SCOPE)}
    added: dict[Category, str] = {}
    sides = [side for side, empty in ((change.before, old_empty), (change.after, new_empty)) if not empty]
    if len(sides) == 1 and _complete_clauses(sides[0]):
        verb = "新增" if old_empty else "删除"
        added[Category.REQUIREMENT] = f"{verb}：{_trim(sides[0].changed)}"
    elif any(_joins_list(side, rules) for side in sides):
        added[Category.SCOPE] = "范围：" + _wording_summary(change)
    return {**added, **found}


def _states_rule(reading: _Reading, rules: RulePack) -> bool:
    """Whether the sentence of one side states a rule: every sentence of a law does, except a
    declaration — a sentence whose verb is one of ``legal.declarations`` (国家加强…, 统计工作坚持…)
    with no modal word, sanction, condition, figure or date, and that is no item of a list."""
    if not reading.side.text.strip():
        return False
    if reading.modals or reading.liability or reading.conditions or reading.quantities or reading.dates:
        return True
    label = rules.structure.any_label
    if label and label.match(reading.side.text.lstrip()):
        return True
    return not rules.lexicon.declarations.search(reading.side.text)


def _joins_list(side: _Side, rules: RulePack) -> bool:
    """Whether the changed region is a member of a list: a coordinating word (、, 及, 或者) is
    its first or last word, or the word right before or after it (及时 is no 及)."""
    start, end = side.region
    tokens = [token for token in tokenize(side.text, rules=rules) if not token.text.isspace()]
    inside = [token.text for token in tokens if start <= token.span[0] and token.span[1] <= end]
    edge = {inside[0], inside[-1]} if inside else set()
    neighbours = {token.text for token in tokens if token.span[1] == start or token.span[0] == end}
    return bool((edge | neighbours) & set(rules.lexicon.coordinators))


def _renumbered_item(change: _Change, rules: RulePack) -> Verdict | None:
    """The verdict on a change of the label that numbers a paragraph and nothing else ((三) →
    (四) after an item was inserted before it): editorial, or None. An article label there is
    a cross-reference, judged by the renumbering (``_renumbered_references``)."""
    structure = rules.structure
    if structure.any_label is None:
        return None
    labels = [structure.any_label.match(side.text) for side in (change.before, change.after)]
    if not all(labels) or labels[0].group() == labels[1].group():
        return None
    if any(structure.cited_label and structure.cited_label.match(label.group()) for label in labels):
        return None
    if change.before.region[1] > labels[0].end() or change.after.region[1] > labels[1].end():
        return None
    return Verdict(Level.EDITORIAL, (Category.ORDER,), _clip(f"编号：{labels[0].group().strip()} → {labels[1].group().strip()}"))


# --- requirements and duties --------------------------------------------------------------------

def _requirement(old: _Reading, new: _Reading, old_empty: bool, new_empty: bool, rules: RulePack) -> bool:
    """Whether a requirement is inserted, deleted or exchanged: a whole clause stating a duty,
    an action verb that is its clause's predicate, or the action verbs of a replacement."""
    if _duty_clauses(old, rules) or _duty_clauses(new, rules):
        return True
    if (new_empty and _predicate_in_region(old, rules)) or (old_empty and _predicate_in_region(new, rules)):
        return True
    # A clause split off or merged in (坚持“…” → 坚持“…”，按照“…”): more clauses, one of them a duty.
    old_clauses = _touched_clauses(old.side, other_adds_clauses=False)
    new_clauses = _touched_clauses(new.side, other_adds_clauses=False)
    if len(old_clauses) != len(new_clauses):
        more, clauses = (new, new_clauses) if len(new_clauses) > len(old_clauses) else (old, old_clauses)
        if _is_duty(more, clauses, rules):
            return True
    old_verbs = {v.text for v in old.in_region(old.verbs)}
    new_verbs = {v.text for v in new.in_region(new.verbs)}
    return bool(old_verbs and new_verbs and old_verbs != new_verbs)


def _apart_from_requirement(reading: _Reading, items: tuple, rules: RulePack, whole: bool) -> list:
    """``items`` without those inside a requirement added or removed whole: a condition or a
    scope word of a deleted sentence goes with it and is not a change of its own."""
    if not whole:
        return list(items)
    return [item for item in items if not _inside(item.span, [reading.side.region])]


def _duty_clauses(reading: _Reading, rules: RulePack) -> list[Span]:
    """Whole clauses inside the changed region that state a duty."""
    return _holding(_complete_clauses(reading.side), (*reading.modals, *reading.verbs))


def _is_duty(reading: _Reading, clauses: list[Span], rules: RulePack) -> bool:
    container = SpanIndex(clauses)
    return any(container.holds(m.span) for m in (*reading.modals, *reading.verbs))


def _clause_modality(reading: _Reading, clauses: list[Span], rules: RulePack) -> tuple[str | None, str]:
    """The level of the duty in ``clauses`` and the word that sets it."""
    container = SpanIndex(clauses)
    modals = [m for m in reading.modals if container.holds(m.span)]
    if modals:
        strongest = max(modals, key=lambda m: (m.level.rank, -m.span[0]))
        return strongest.level.value, strongest.trigger
    verbs = [v for v in reading.verbs if container.holds(v.span)]
    if verbs:
        return Modality(rules.modality.implicit).value, verbs[0].text
    return None, ""


def _predicate_in_region(reading: _Reading, rules: RulePack) -> bool:
    """An action verb in the changed region is its clause's predicate: only actors, dates,
    modal words, conditions, scope words and lead words stand before it (其中唐山市控制在…)."""
    text = reading.side.text
    covered = [m.span for m in (*reading.actors, *reading.dates, *reading.modals, *reading.softeners,
                                *reading.conditions, *reading.scope, *reading.quantities)]
    covered += [m.span() for m in rules.lexicon.lead.finditer(text)]
    covered += [m.span() for m in rules.lexicon.editorial.finditer(text)]
    for verb in reading.in_region(reading.verbs):
        clause = next((span for span in _clause_spans(text) if span[0] <= verb.span[0] < span[1]), None)
        if clause is None:
            continue
        free = [i for i in range(clause[0], verb.span[0])
                if not text[i].isspace() and unicodedata.category(text[i])[0] != "P"
                and not any(start <= i < end for start, end in covered)]
        if not free:
            return True
    return False


def _list_item(side: _Side, other: _Side, rules: RulePack) -> str:
    """The list item this side adds (、四中、五中 or “…”“…”), when the other side adds nothing."""
    if _editorial_key(other.changed, rules) or not side.changed.strip():
        return ""
    start, end = side.region
    text, changed = side.text, side.changed.strip()
    before_ch = text[start - 1] if start > 0 else ""
    after_ch = text[end] if end < len(text) else ""
    if changed[0] == "、" or changed[-1] == "、" or before_ch == "、" or after_ch == "、" \
            or (changed[0] == "“" and before_ch == "”") or (changed[-1] == "”" and after_ch == "“"):
        item = changed.strip("、")
        names = [a.span for a in read(text, rules=rules).actors]
        core = [i for i in range(start, end) if text[i] not in "、“”" and not any(s <= i < e for s, e in names)]
        return item if core else ""  # a list of actors is an actor change
    return ""


# --- summaries ----------------------------------------------------------------------------------

def _requirement_summary(change: _Change, old_empty: bool, new_empty: bool) -> str:
    old_text, new_text = _trim(change.removed), _trim(change.added)
    if new_empty:
        return "删除：" + old_text
    if old_empty:
        return "新增：" + new_text
    return f"修改：{_clip(old_text, 36)} → {_clip(new_text, 36)}"


def _order_summary(change: _Change) -> str:
    old_text, new_text = _trim(change.removed), _trim(change.added)
    if old_text and new_text:
        return f"语序调整：{old_text} → {new_text}"
    return f"语序调整：移动{_quoted(old_text or new_text)}"


def _wording_summary(change: _Change) -> str:
    old_text, new_text = _trim(change.removed), _trim(change.added)
    if old_text and new_text:
        return f"修改：{_clip(old_text, 36)} → {_clip(new_text, 36)}"
    verb, text, side = ("删除", old_text, change.before) if old_text else ("新增", new_text, change.after)
    snippet = _snippet(side)
    if len(text) >= 8 or _trim(snippet) == text:
        return f"{verb}：{text}"
    return f"{verb}{_quoted(text)}：{snippet}"


def _wording(change: _Change) -> str:
    """A short change shown with the two characters before it: 油站 → 油站点."""
    before, after = change.before, change.after
    start = before.region[0]
    left = max(0, start - 2)
    right = 2 if start == 0 else 0  # at the very start, show what follows instead
    old = before.text[left:before.region[1] + right]
    new = after.text[left:after.region[1] + right]
    return f"{_trim(old, keep=True) or '（无）'} → {_trim(new, keep=True) or '（无）'}"


def _snippet(side: _Side, width: int = 12) -> str:
    start, end = side.region
    left, right = max(0, start - width), min(len(side.text), end + width)
    text = side.text[left:right].replace("\n", " ").strip()  # not the space after a label
    return ("…" if left > 0 else "") + text + ("…" if right < len(side.text) else "")


def _from_to(label: str, old: list[str], new: list[str], *, quote: bool = False) -> str:
    def show(items: list[str]) -> str:
        text = "、".join(_unique(items))
        return _quoted(text) if quote else text

    if old and new:
        return f"{label}：{show(old)} → {show(new)}"
    if old:
        return f"{label}：删除{'' if quote else ' '}{show(old)}"
    if new:
        return f"{label}：新增{'' if quote else ' '}{show(new)}"
    return f"{label}：变更"


def _quoted(text: str) -> str:
    """``text`` in quotation marks, unless it is one quotation already (not ““生物质成型燃料+专用炉具””)."""
    if text.startswith("“") and text.endswith("”") and text.count("“") == 1:
        return text
    return f"“{text}”"


def _trim(text: str, *, keep: bool = False) -> str:
    """Text for a summary: one line, without the punctuation at its ends unless ``keep``;
    a quotation cut by the diff (宜热则热”，按照“) gets back its opening mark."""
    text = " ".join(text.split())
    if keep:
        return text
    complete = text.endswith(("。", "；", "！", "？", ";", "!", "?"))
    text = text.strip("，。；：、,;: ")
    if text.endswith("“"):
        text = text[:-1].rstrip("，。；：、,;: ")
    marks = [ch for ch in text if ch in "“”"]
    if marks and marks[0] == "”":
        text = "“" + text
    head, cut, tail = text.rpartition("，")
    if cut and head and len(tail) <= _STUB and not complete:
        text = head  # …宜热则热”，按照: the words cut off from the next clause say nothing (…，并处罚款。 do)
    return text


def _clip(text: str, limit: int = SUMMARY_LIMIT) -> str:
    """At most ``limit`` characters, cut before a quotation the cut would leave open."""
    if len(text) <= limit:
        return text
    kept = text[:limit - 1]
    if kept.count("“") > kept.count("”"):
        kept = kept[:kept.rfind("“")]
    return kept + "…"


def _is_record(hunk: Hunk, rules: RulePack) -> bool:
    return any(context.strip().startswith(rules.lexicon.records)
               for context in (hunk.old_context or hunk.old_text, hunk.new_context or hunk.new_text) if context)


# --- small helpers ------------------------------------------------------------------------------

def _overlap(span: Span, region: Span) -> bool:
    return span[0] < region[1] and region[0] < span[1]


def _inside(span: Span, spans: list[Span]) -> bool:
    return any(start <= span[0] and span[1] <= end for start, end in spans)


def _holding(clauses: Sequence[Span], items: Iterable[Any]) -> list[Span]:
    """The ``clauses`` (sorted, disjoint) that hold at least one of ``items`` (with spans)."""
    starts = [start for start, _ in clauses]
    found: set[int] = set()
    for item in items:
        k = bisect.bisect_right(starts, item.span[0]) - 1
        if k >= 0 and item.span[1] <= clauses[k][1]:
            found.add(k)
    return [clauses[k] for k in sorted(found)]


def _unique(items) -> list[str]:
    return list(dict.fromkeys(items))


def _sorted(categories) -> tuple[Category, ...]:
    return tuple(category for category in _ORDER if category in categories)
