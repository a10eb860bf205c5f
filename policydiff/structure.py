"""Structure stage: normalized text → outline (front matter, body units, trailer).

In: a ``SourceDocument`` and its ``NormalizedText``; the structure rules from
``extractors/structure.toml``. Out: a ``PolicyDocument`` whose spans index the normalized
text, cover it in order and never overlap.

The genre is read from the text: a law (第X条 articles, with 编/章/节 above and （一） items
below) or a 公文 (一、 parts → （一） clauses → 1. items → （1） sub-items). A heading is
recognised at the start of a paragraph, or inside one right after a full stop when it
carries the next expected number (web pages that run clauses together). Numbers must
advance, so a cross-reference such as 第五条规定 at a line start is not taken for an article.
"""

from __future__ import annotations

import bisect
import datetime
import re
from dataclasses import dataclass, field

from policydiff import numerals
from policydiff.model import (
    Block,
    Genre,
    Node,
    NodeKind,
    NormalizedText,
    Paragraph,
    PolicyDocument,
    SourceDocument,
    Span,
)
from policydiff.rules import GenreRules, StructureRules
from policydiff.text import split_sentences

_BODY_PUNCT = re.compile(r"[，。；！？]")
_INLINE_BEFORE = frozenset("。！？”")
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
TITLE_LIKE_MAX = 80
_CONTAINER_KINDS = frozenset({"volume", "chapter", "section"})
UNIT_KINDS = frozenset({"volume", "chapter", "section", "part", "clause", "article"})


@dataclass(frozen=True, slots=True)
class _Heading:
    level: int
    kind: str
    label: str
    number: int | None
    sub: int = 0
    """The number after 之 of a unit inserted by amendment (第一百二十条之一: 1), else 0."""


@dataclass(slots=True)
class _Unit:
    """A node under construction: its heading and the indices of its segments."""

    heading: _Heading | None
    kind: str
    first: int
    own: list[int] = field(default_factory=list)
    children: list[_Unit] = field(default_factory=list)
    last: int = -1


def parse_structure(source: SourceDocument, text: NormalizedText, *, rules: StructureRules) -> PolicyDocument:
    """Outline ``text``: front matter, preamble, numbered units, trailer."""
    body_text = text.text
    lines = _line_spans(body_text)
    genre, genre_rules = _detect_genre(body_text, lines, rules)
    toc_end = _table_of_contents_end(body_text, lines, genre_rules, rules.contents_headings) if genre_rules else 0
    trailer_start = _trailer_start(body_text, lines, genre_rules, rules, toc_end)
    segments, headings = _segment(body_text, lines[:trailer_start], genre_rules, rules, toc_end)
    trailer_lines = lines[trailer_start:]

    body_start = next((i for i, h in enumerate(headings) if h and h.kind in UNIT_KINDS), None)
    if body_start is None:
        genre = Genre.PLAIN
        headings = [None] * len(segments)
        front_end = _leading_front_matter(body_text, segments, rules)
        body_start = len(segments)
    else:
        front_end = _front_matter_end(body_text, segments[:body_start], rules)

    units = _build_units(segments, headings, front_end, body_start, items_close=genre is Genre.LAW)
    all_spans = segments + trailer_lines
    titled = frozenset(genre_rules.titled_kinds) if genre_rules else frozenset()
    context = _Context(body_text, all_spans, rules, titled)
    nodes = tuple(_freeze(unit, title, context) for unit, title in zip(units, _titles(units, context)))
    front = _block(body_text, segments[:front_end], all_spans, 0) if front_end else None
    trailer = _block(body_text, trailer_lines, all_spans, len(segments)) if trailer_lines else None
    kinds = _clause_kinds(nodes, genre_rules) if genre is not Genre.PLAIN and genre_rules else ()
    return PolicyDocument(
        source=source,
        text=text,
        genre=genre,
        title=_document_title(body_text, segments[:front_end], rules) or source.title,
        front_matter=front,
        body=nodes,
        trailer=trailer,
        clause_kinds=kinds,
        date=(date := _document_date(body_text, [b for b in (front, trailer) if b is not None], rules)),
        effective=_effective_date(body_text, date, rules),
    )


# --- the document's own date ----------------------------------------------------------

def _document_date(text: str, blocks: list[Block], rules: StructureRules) -> str | None:
    """The latest date that the first matching ``rules.dates`` pattern finds in ``blocks``.

    Example: a trailer ending 生态环境部办公厅2020年10月30日印发 gives ``2020-10-30``.
    """
    where = "\n".join(text[slice(*block.span)] for block in blocks)
    for pattern in rules.dates:
        found = [date for match in pattern.finditer(where) if (date := _iso_date(match)) is not None]
        if found:
            return max(found)
    return None


def _effective_date(text: str, date: str | None, rules: StructureRules) -> str | None:
    """The date the text says it takes effect: the last statement of the first pattern that
    finds one (a law amended says it again at its end), or ``date`` when it takes effect on
    publication.

    Example: ``本条例自2022年5月1日起施行。`` gives ``2022-05-01``.
    """
    for pattern in rules.effective:
        found = [day for match in pattern.finditer(text) if (day := _iso_date(match)) is not None]
        if found:
            return found[-1]
    return date if rules.on_publication.search(text) else None


def _iso_date(match: re.Match[str]) -> str | None:
    year, month, day = (_numeral(match.group(part)) for part in "ymd")
    try:
        return datetime.date(year, month, day).isoformat()
    except (ValueError, TypeError):  # 2月30日, or a part that is no number: not the document's date
        return None


# --- lines, genre, table of contents, trailer ------------------------------------------


def _line_spans(text: str) -> list[Span]:
    spans = []
    start = 0
    for line in text.split("\n"):
        if line:
            spans.append((start, start + len(line)))
        start += len(line) + 1
    return spans


def _label_at(text: str, pos: int, end: int, genre_rules: GenreRules, rules: StructureRules,
              only: frozenset[str] | None = None, *, bare: bool = False) -> tuple[_Heading, int] | None:
    """The heading label starting at ``pos`` (and where it ends), if any level matches; a
    clause's label alone on its line only when ``bare``."""
    for level, (pattern, kind) in enumerate(genre_rules.levels):
        if only is not None and kind not in only:
            continue
        match = pattern.match(text, pos, end)
        if match is None:
            continue
        if rules.reference_guard.match(text, match.end(), end) and kind != "part":
            return None
        if match.end() == end and kind in ("item", "subitem", "clause", "article") and not bare:
            return None  # a bare label with no text is not a heading of a unit with content
        if kind in genre_rules.heading_kinds and not _title_like(text[match.end():end]):
            continue
        if kind in _CONTAINER_KINDS and pattern.search(text, match.end(), end):
            return None  # 第一章总则第二章任免范围…: a table of contents run into one line
        sub = match.groupdict().get("sub")
        inserted = (_numeral(sub) or 0) if sub else 0
        return _Heading(level, kind, match.group(), _numeral(match.group("num")), inserted), match.end()
    return None


def _detect_genre(text: str, lines: list[Span], rules: StructureRules) -> tuple[Genre, GenreRules | None]:
    """A law is a sequence of 第X条 however many （一） items its articles hold (立法技术规范:
    （一） is an item of an article there); a 公文 is numbered 一、 → （一）. Three article
    lines in sequence (see _law_sequence) make a law even where its articles list items as
    一、二、; two make one only when parts (一、) are not more numerous (a notice citing two
    articles)."""
    law, notice = rules.genres["law"], rules.genres["notice"]
    labels = [found[0] for s, e in lines
              if (found := _label_at(text, s, e, law, rules, bare=True)) and found[0].kind == "article"]
    articles = _law_sequence(labels)
    parts = clauses = 0
    for s, e in lines:
        kind = _kind_at(text, s, e, notice, rules)
        parts += kind == "part"
        clauses += kind == "clause"
    if articles >= 3 or (articles == 2 and parts <= 2):
        return Genre.LAW, law
    if parts or clauses:
        return Genre.NOTICE, notice
    return Genre.PLAIN, None


def _law_sequence(articles: list[_Heading]) -> int:
    """How many article labels read as a law's own sequence: the longest run that follows
    on in numbering (第十条, 第十条之一, 第十一条), or, when the first is 第一条, the most that
    rise from it (an excerpt, 第一条, 第十一条, 第二十八条; a numbering slip, 第二条 twice) —
    and 0 unless that is at least half of them. A table of 罪名 cites runs of 刑法 articles
    (第一百二十条之一 to 之六 among 31, from 第151条): not a law."""
    numbers = [(article.number or 0, article.sub) for article in articles]
    best = run = 0
    for previous, number in zip([None, *numbers], numbers):
        follows = previous is not None and number in ((previous[0] + 1, 0), (previous[0], previous[1] + 1))
        run = run + 1 if follows else 1
        best = max(best, run)
    if numbers and numbers[0] == (1, 0):
        tails: list[tuple[int, int]] = []
        for number in numbers:
            k = bisect.bisect_left(tails, number)
            tails[k:k + 1] = [number]
        best = max(best, len(tails))
    return best if 2 * best >= len(numbers) else 0


def _kind_at(text: str, start: int, end: int, genre_rules: GenreRules, rules: StructureRules) -> str | None:
    found = _label_at(text, start, end, genre_rules, rules)
    return found[0].kind if found else None


def _table_of_contents_end(text: str, lines: list[Span], genre_rules: GenreRules, headings: frozenset[str]) -> int:
    """Index of the first line after a 目录 (whose chapter list would read as headings)."""
    toc = next((i for i, (s, e) in enumerate(lines[:200]) if text[s:e] in headings), None)
    if toc is None:
        return 0
    first_label = None
    for i in range(toc + 1, len(lines)):
        s, e = lines[i]
        for pattern, kind in genre_rules.levels:
            match = pattern.match(text, s, e)
            if match and kind in ("volume", "chapter", "section", "part"):
                if first_label is None:
                    first_label = match.group()
                elif match.group() == first_label:
                    return i
                break
            if match and kind in genre_rules.clause_kinds and first_label is not None:
                # The body began without repeating the first entry (a text whose first
                # chapters lost their headings): the contents end at its first article.
                return i
    return 0


def _trailer_start(text: str, lines: list[Span], genre_rules: GenreRules | None, rules: StructureRules,
                   toc_end: int) -> int:
    """Index of the first trailer line: after the last clause or article, a 版记 or 落款 line
    (an appendix after a law's last article may hold headings of its own: 一、, 1.)."""
    last_heading = toc_end - 1
    if genre_rules:
        for i in range(toc_end, len(lines)):
            s, e = lines[i]
            found = _label_at(text, s, e, genre_rules, rules)
            if found and found[0].kind in genre_rules.clause_kinds:
                last_heading = i
    for i in range(last_heading + 1, len(lines)):
        s, e = lines[i]
        line = text[s:e]
        if any(p.search(line) for p in rules.trailer):
            return i
        if rules.date_line.match(line):
            previous = text[slice(*lines[i - 1])] if i > last_heading + 1 else ""
            return i - 1 if previous and _title_like(previous) else i
    return len(lines)


# --- headings -----------------------------------------------------------------------------


def _segment(text: str, lines: list[Span], genre_rules: GenreRules | None, rules: StructureRules,
             toc_end: int) -> tuple[list[Span], list[_Heading | None]]:
    """Split lines at inline headings and label each segment's heading (or None)."""
    segments: list[Span] = []
    headings: list[_Heading | None] = []
    # last[level] = last accepted number at that level under the current parent;
    # running[level] = last number at that level in the whole document (numbering that
    # continues across parts, as the seed's （四） under 二、).
    last: dict[int, int | None] = {}
    running: dict[int, int] = {}
    inline = frozenset(genre_rules.inline_kinds) if genre_rules else frozenset()
    chapters = 0

    def accept(heading: _Heading, *, strict: bool) -> bool:
        nonlocal chapters
        previous = last.get(heading.level)
        number = heading.number
        if number is None or (heading.kind == "section" and not chapters):
            return False  # a 节 sits in a 章: without one, 第七节 is quoted text (an amendment's)
        expected = {(previous or 0) + 1, running.get(heading.level, 0) + 1}
        if previous is None and not strict:
            ok = True
        elif previous is not None and heading.sub and number == previous:
            ok = True  # 第一百二十条之四 follows 第一百二十条之三 (an article inserted by amendment)
        else:
            ok = number in expected or (not strict and previous is not None and number > previous)
        if ok:
            chapters += heading.kind == "chapter"
            last[heading.level] = number
            running[heading.level] = number
            for deeper in [lvl for lvl in last if lvl > heading.level]:
                last[deeper] = None
        return ok

    for index, (start, end) in enumerate(lines):
        heading = None
        if genre_rules and index >= toc_end:
            found = _label_at(text, start, end, genre_rules, rules)
            if found and accept(found[0], strict=False):
                heading = found[0]
        pieces = [start]
        if genre_rules and index >= toc_end and inline:
            pieces += _inline_cuts(text, start, end, genre_rules, rules, inline, accept)
        for i, piece_start in enumerate(pieces):
            piece_end = pieces[i + 1] if i + 1 < len(pieces) else end
            segments.append((piece_start, piece_end))
            if i == 0:
                headings.append(heading)
            else:
                found = _label_at(text, piece_start, piece_end, genre_rules, rules, inline)
                headings.append(found[0] if found else None)
    return segments, headings


def _inline_cuts(text, start, end, genre_rules, rules, inline, accept) -> list[int]:
    """Positions inside a line where a unit with the next expected number begins."""
    cuts = []
    for pos in range(start + 1, end):
        if text[pos] not in "（第" or text[pos - 1] not in _INLINE_BEFORE:
            continue
        found = _label_at(text, pos, end, genre_rules, rules, inline)
        if found and accept(found[0], strict=True):
            cuts.append(pos)
    return cuts


def _numeral(label: str) -> int | None:
    """The number a label or a date part is written with: 十二, 12, 二〇二〇, ③."""
    if label and label in _CIRCLED:
        return _CIRCLED.index(label) + 1
    return numerals.ordinal(label)


# --- front matter -------------------------------------------------------------------------


def _title_like(line: str) -> bool:
    return len(line) <= TITLE_LIKE_MAX and not _BODY_PUNCT.search(line)


def _is_front(line: str, rules: StructureRules) -> bool:
    return _title_like(line) or any(p.search(line) for p in rules.front_matter)


def _front_matter_end(text: str, segments: list[Span], rules: StructureRules) -> int:
    """Front matter runs to the last title-like or marked line before the body."""
    end = 0
    for i, (s, e) in enumerate(segments):
        if _is_front(text[s:e], rules):
            end = i + 1
    return end


def _leading_front_matter(text: str, segments: list[Span], rules: StructureRules) -> int:
    """Without numbered units, only the leading run of title-like lines is front matter."""
    end = 0
    while end < len(segments) - 1 and _is_front(text[slice(*segments[end])], rules):
        end += 1
    return end


def _document_title(text: str, front: list[Span], rules: StructureRules) -> str | None:
    """The first title-like line of the front matter, joined with the lines that finish it
    when the title is printed over two lines (关于推进 / 政务新媒体健康有序发展的意见)."""
    lines = [text[s:e] for s, e in front]
    for i, line in enumerate(lines):
        if not _title_line(line, rules):
            continue
        title = line
        for following in lines[i + 1 :]:
            if _names_a_document(title, rules) or not _title_line(following, rules):
                break
            if _names_a_document(title + following, rules):
                return title + following
            title += following
        return line
    return None


_TITLE_SUFFIX = re.compile(r"（[^（）]{1,8}）$")


def _names_a_document(title: str, rules: StructureRules) -> bool:
    """Whether ``title`` ends with a kind of document, before a bracketed number or note
    (…的解释（三）, …管理办法（试行）), and is not left unfinished (关于…特别行政区法)."""
    stem = _TITLE_SUFFIX.sub("", title)
    return stem.endswith(rules.document_types) and not rules.unfinished_title.search(stem)


def _title_line(line: str, rules: StructureRules) -> bool:
    return _title_like(line) and len(line) >= 4 and not any(p.search(line) for p in rules.front_matter)


# --- building the tree ----------------------------------------------------------------------


def _build_units(segments: list[Span], headings: list[_Heading | None], front_end: int,
                 body_start: int, *, items_close: bool) -> list[_Unit]:
    units: list[_Unit] = []
    if front_end < body_start:
        preamble_kind = "preamble" if body_start < len(segments) else "body"
        units.append(_Unit(None, preamble_kind, front_end, own=list(range(front_end, body_start)),
                           last=body_start - 1))
    stack: list[_Unit] = []
    following: _Heading | None = None  # the next heading after the current segment
    next_headings: list[_Heading | None] = []
    for heading in reversed(headings):
        next_headings.append(following)
        following = heading or following
    next_headings.reverse()
    for index in range(body_start, len(segments)):
        heading = headings[index]
        if heading is None:
            # A law's 款 after its items belongs to the article, not to the last item; a
            # paragraph before the list's next item is still the item's.
            while items_close and len(stack) > 1 and stack[-1].kind in ("item", "subitem") \
                    and not _continues_list(stack[-1].heading, next_headings[index]):
                stack.pop()
            stack[-1].own.append(index)
        else:
            unit = _Unit(heading, heading.kind, index, own=[index])
            while stack and stack[-1].heading and stack[-1].heading.level >= heading.level:
                stack.pop()
            (stack[-1].children if stack else units).append(unit)
            stack.append(unit)
        for open_unit in stack:
            open_unit.last = index
    return units


def _continues_list(item: _Heading | None, following: _Heading | None) -> bool:
    """Whether ``following`` is the next item of the list ``item`` belongs to."""
    return (item is not None and following is not None and following.kind == item.kind
            and item.number is not None and following.number == item.number + 1)


def _segment_end(all_spans: list[Span], index: int, text_length: int) -> int:
    return all_spans[index + 1][0] if index + 1 < len(all_spans) else text_length


def _paragraph(text: str, span: Span) -> Paragraph:
    s, e = span
    return Paragraph(span=span, text=text[s:e], sentences=split_sentences(text[s:e], s))


def _block(text: str, spans: list[Span], all_spans: list[Span], offset: int) -> Block:
    start = 0 if offset == 0 else spans[0][0]
    end = _segment_end(all_spans, offset + len(spans) - 1, len(text))
    return Block(span=(start, end), paragraphs=tuple(_paragraph(text, s) for s in spans))


@dataclass(frozen=True, slots=True)
class _Context:
    """What freezing the outline needs: the text, every segment's span, the rules."""

    text: str
    all_spans: list[Span]
    rules: StructureRules
    titled: frozenset[str]


def _freeze(unit: _Unit, title: str | None, context: _Context) -> Node:
    text, all_spans = context.text, context.all_spans
    start = all_spans[unit.first][0]
    end = _segment_end(all_spans, unit.last, len(text))
    paragraphs = tuple(_paragraph(text, all_spans[i]) for i in unit.own)
    titles = _titles(unit.children, context)
    return Node(
        kind=NodeKind(unit.kind),
        label=unit.heading.label if unit.heading else None,
        number=unit.heading.number if unit.heading else None,
        title=title,
        span=(start, end),
        paragraphs=paragraphs,
        children=tuple(_freeze(child, t, context) for child, t in zip(unit.children, titles)),
    )


def _titles(siblings: list[_Unit], context: _Context) -> list[str | None]:
    """The titles of sibling units. A title with a comma (推进政务公开，强化解读回应) is
    kept only when every sibling of its kind opens with a short sentence too: headings of
    one level are written alike, while a short first sentence of body text stands alone."""
    candidates = [
        _title_candidate(context.text, context.all_spans[unit.first], unit.heading, context.rules)
        if unit.heading and unit.kind in context.titled else None
        for unit in siblings
    ]
    uniform = {
        kind: all(c is not None for u, c in zip(siblings, candidates) if u.kind == kind)
        for kind in {unit.kind for unit in siblings}
    }
    return [
        candidate if candidate is not None
        and ("，" not in candidate or uniform[unit.kind] or unit.kind in _CONTAINER_KINDS) else None
        for unit, candidate in zip(siblings, candidates)
    ]


def _title_candidate(text: str, span: Span, heading: _Heading, rules: StructureRules) -> str | None:
    """The heading's first sentence if it is short enough to be a title (commas allowed)."""
    rest = text[span[0] + len(heading.label) : span[1]].lstrip(" ")  # 第一章 总则: the label's space
    bracket = rules.title_bracket.match(rest)
    if bracket:
        return bracket.group("title")
    if heading.kind in _CONTAINER_KINDS:
        return rest.rstrip("。；：:") or None  # a 编/章/节 heading line is its title, however long
    if heading.kind == "article" or not rest:
        return None
    first = split_sentences(rest)[0].text
    candidate = first.rstrip("。；：:！？")
    if not candidate or len(candidate) > rules.title_max_length:
        return None
    if first == rest or first[-1] in "。：":
        return candidate
    return None


def _clause_kinds(nodes: tuple[Node, ...], genre_rules: GenreRules) -> tuple[NodeKind, ...]:
    present = {node.kind.value for top in nodes for node in top.walk()}
    for kind in genre_rules.clause_kinds:
        if kind in present:
            return (NodeKind(kind),)
    return ()
