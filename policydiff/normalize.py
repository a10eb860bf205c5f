"""Normalization stage: raw text → display text + comparison key, with offset maps.

In: ``SourceDocument.raw_text`` as a reader produced it. Out: ``NormalizedText``, whose
``text`` is what a reader sees once formatting artefacts are gone, and whose ``key`` folds
what matching must ignore. Every character of ``text`` maps back to the raw character it
came from, so a change can always be shown in the source.

What counts as formatting (DESIGN.md §4), removed from the display text:
  * HTML remnants: ``<br>`` tags and character entities (``&nbsp;``, ``&#12288;``);
  * sub/superscript markup: ``PM_{2.5}``, ``PM<sub>2.5</sub>``, ``m^{3}`` → ``PM2.5``, ``m3``;
  * width: full-width letters, digits and symbols (``２０２０``, ``％``) → half width;
    half-width Chinese punctuation next to Chinese text (``(征求意见稿)``, ``日期:``) → full width;
  * control characters (C0, DEL, C1; NEL becomes a line break);
  * invisible controls: bidirectional overrides and marks (U+202E …), soft hyphens;
  * spacing: ideographic, non-breaking and zero-width spaces; spaces next to Chinese text
    (``2020 年`` → ``2020年``); runs of full-width indents inside a line mark the paragraph
    breaks a web page lost (``……任务。　　一、总体要求``);
  * line and page breaks inside a sentence (``确\\n\\n保`` → ``确保``).

The result is idempotent: normalizing a display text returns it unchanged.
"""

from __future__ import annotations

import bisect
import html
import re
import unicodedata
from array import array
from collections.abc import Callable, Sequence
from functools import lru_cache

from policydiff import numerals
from policydiff.model import NormalizedText
from policydiff.rules import StructureRules, load_rules
from policydiff.text import (
    BRACKET_CLOSERS,
    BRACKET_OPENERS,
    DECORATED_PAGE_NUMBER,
    OPENERS,
    comparison_key,
)

# A piece of a replacement: new text (mapped to the start of the match), a slice of the
# current text kept as it is (mapped exactly), or new text standing for the character at
# a given index (mapped there: the 「）」 that replaces a 「)」).
Piece = str | tuple[int, int] | tuple[str, int]
Replacer = Callable[[re.Match[str]], Sequence[Piece]]

CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
# Chinese punctuation and brackets that are full width by convention (GB/T 15834-2011).
CJK_PUNCT = "，。、；：？！“”‘’《》〈〉（）【】「」『』〔〕…—～·"
# Full-width forms that stay full width in the display text: the Chinese punctuation set.
KEEP_FULL_WIDTH = frozenset("（）：；，！？")
# Characters that end a sentence or a heading line; a line ending otherwise may be broken.
LINE_TERMINALS = frozenset("。！？；：…")
CLOSING_QUOTES = frozenset("”’」』")

_ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
# Bidirectional controls (marks, embeddings, overrides, isolates): invisible, and in a
# report they could show a passage in reverse order ("Trojan Source", CVE-2021-42574).
_BIDI_CONTROLS = "\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_SPACES = "\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000\t\f\v"
_HALF_TO_FULL = {",": "，", ";": "；", ":": "：", "!": "！", "?": "？", "(": "（", ")": "）"}
_WIDEN = str.maketrans({**_HALF_TO_FULL, "．": "."})
_LABEL_REACH = 24
"""Characters of a line's start that a label, and what follows it in a reference, can take."""

_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_ENTITY_TAIL = re.compile(r"#?[A-Za-z0-9]+[;；]")
_BR_TAG = re.compile(r"<\s*br\s*/?\s*>", re.IGNORECASE)
_MARKUP = re.compile(
    r"[_^]+\{([^{}\n]{1,16})\}"  # LaTeX-like PM_{2.5}, m^{3}
    r"|<\s*(su[bp])\s*>([^<>\n]{0,16})<\s*/\s*\2\s*>"  # HTML PM<sub>2.5</sub>
    r"|(?<=[A-Za-z])[_^]+(?=[0-9][0-9.]{0,6}\b|[a-z]\b)",  # bare PM_2.5, NO_x, m^3
    re.IGNORECASE,
)
# Two or more indent characters after text on the same line: a lost paragraph break.
_INDENT_BREAK = re.compile(r"(?<=\S) *(?:[\u3000\u00a0] *){2,}")
_SPACE_RUN = re.compile(r" {1,}")
# Half-width parentheses, or a list number in a pair with one half of each width (（二) as
# sources mistype it).
_HALF_PAREN = re.compile(rf"\(([^()\n]{{0,60}})\)|（([{numerals.CHINESE}\d]{{1,4}})\)|\(([{numerals.CHINESE}\d]{{1,4}})）")
_HALF_PUNCT = re.compile(r"[,;:!?](?: *[,;:!?])*")
_NEWLINES = re.compile(r"\n+")
# The lookbehind starts a trailing run at its first space only: without it, a line of n
# spaces before text would be scanned from each of them, n²/2 steps.
_LINE_EDGE_SPACE = re.compile(r"^ +|(?<! ) +$", re.MULTILINE)
_CJK_CHAR = re.compile(f"[{CJK}]")
_WIDE = re.compile(f"[{CJK}{re.escape(CJK_PUNCT)}\uff00-\uffef]")
# A line that is a heading printed letter-spaced, as the NPC database prints short headings:
# two to five single characters apart (目　　录, 总　　则), after an optional 第X章 label.


@lru_cache(maxsize=8)
def _letter_spaced(container_label: str) -> re.Pattern[str]:
    """The letter-spaced heading line, after an optional container label of the pack's styles."""
    return re.compile(
        rf"(?m)^[ \u3000\u00a0]*(?:{container_label}[ \u3000\u00a0]*)?"
        rf"(?P<word>[{CJK}](?:[ \u3000\u00a0]+[{CJK}]){{1,4}})[ \u3000\u00a0]*$"
    )


@lru_cache(maxsize=8)
def _bare_label(container_label: str) -> re.Pattern[str]:
    """A line's start that is only a container label (第三章 before its title's indent)."""
    return re.compile(rf"[ \u3000\u00a0]*{container_label}")

# A line of extracted PDF text that holds only a page number (the line break before it goes too).
_PAGE_NUMBER_LINE = re.compile(
    rf"(?:^|(?<=\n))(?:{DECORATED_PAGE_NUMBER})(?=\n|$)|(?<=\n\n)[ \t]*\d{{1,4}}[ \t]*(?=\n)"
    rf"|(?<=\n)[ \t]*\d{{1,4}}[ \t]*(?=\n\n)",
    re.IGNORECASE,
)
# Words no sentence or title ends with (的 ends a clause that a colon or comma would follow):
# a line ending in one was broken (第二章　听取和审议人民政府、人民法院和 / 人民检察院的专项工作报告).
_CONJUNCTIONS = frozenset("和及与或的")
# How far short of the right margin a wrapped line may end: a line breaks before a character
# that does not fit, or before punctuation that may not start a line.
_WRAP_SLACK = 4
_DATED_NOTE = re.compile(r"[（(](?:\d|根据|一九|二〇|二零)")
"""A (…通过) note under a title: it starts a line even below a title as wide as the page."""
_BRACKET_LINES = 3
"""How many lines a bracket or quotation opened at a line's end may take to close and still
join them."""
_BODY_MARK = re.compile(r"[，。；,;]")
_LIST_NUMBER = re.compile(rf"^[{numerals.CHINESE}\d]{{1,4}}$")


def normalize_text(raw: str, rules: StructureRules | None = None) -> NormalizedText:
    """Normalize ``raw`` into display text and comparison key, keeping offset maps.

    ``rules`` (the shipped pack's when None) says which lines start a unit, for line joining.

    Example: ``"目\\n\\n标完成进度 (征求意见稿)"`` → ``"目标完成进度（征求意见稿）"``.
    """
    structure = rules if rules is not None else load_rules().structure
    text, offsets = raw, array("q", range(len(raw) + 1))
    for step in _STEPS:
        text, offsets = step(text, offsets, structure) if step in _RULED else step(text, offsets)
    key, key_offsets = comparison_key(text)
    return NormalizedText(text=text, offsets=tuple(offsets), key=key, key_offsets=key_offsets)


# --- the rewriting machinery -------------------------------------------------------------


def _rewrite(text: str, offsets: array, pattern: re.Pattern[str], replace: Replacer) -> tuple[str, array]:
    """Apply ``replace`` to every match of ``pattern``, carrying the offset map along."""
    out: list[str] = []
    out_offsets = array("q")
    pos = 0
    for match in pattern.finditer(text):
        start, end = match.span()
        out.append(text[pos:start])
        out_offsets.extend(offsets[pos:start])
        for piece in replace(match):
            if isinstance(piece, str):
                out.append(piece)
                out_offsets.extend([offsets[start]] * len(piece))
            elif isinstance(piece[0], str):
                out.append(piece[0])
                out_offsets.extend([offsets[piece[1]]] * len(piece[0]))
            else:
                out.append(text[piece[0] : piece[1]])
                out_offsets.extend(offsets[piece[0] : piece[1]])
        pos = end
    if not out:
        return text, offsets
    out.append(text[pos:])
    out_offsets.extend(offsets[pos:])
    return "".join(out), out_offsets


def _translator(table: dict[int, str]) -> Callable[[str, array], tuple[str, array]]:
    """A step mapping single characters (to one character or none); offsets follow them."""
    pattern = re.compile("[" + "".join(re.escape(chr(code)) for code in sorted(table)) + "]")
    return lambda text, offsets: _rewrite(text, offsets, pattern, lambda m: [table[ord(m.group())]])


def _build_width_table() -> dict[int, str]:
    table: dict[int, str] = {}
    for code in range(0xFF01, 0xFF5F):
        char = chr(code)
        if char not in KEEP_FULL_WIDTH:
            table[code] = unicodedata.normalize("NFKC", char)
    for char in "²³¹⁰⁴⁵⁶⁷⁸⁹₀₁₂₃₄₅₆₇₈₉":
        table[ord(char)] = unicodedata.normalize("NFKC", char)
    for char in _ZERO_WIDTH + _BIDI_CONTROLS:
        table[ord(char)] = ""
    # Control characters are never text (a bell, an ANSI colour escape, a C1 CSI pasted from
    # a terminal): dropped, but for the line and space controls the other steps map.
    for code in (*range(0x20), 0x7F, *range(0x80, 0xA0)):
        if chr(code) not in "\t\n\r\f\v":
            table[code] = ""
    table[0x85] = "\n"  # NEL, the C1 line break
    table[ord("\r")] = "\n"
    return table


_WIDTH_TABLE = _build_width_table()
_SPACE_TABLE = {ord(char): " " for char in _SPACES}


# --- the steps, in order ----------------------------------------------------------------


def _line_endings(text: str, offsets: array) -> tuple[str, array]:
    return _rewrite(text, offsets, re.compile(r"\r\n"), lambda m: [(m.start() + 1, m.end())])


def _entities(text: str, offsets: array) -> tuple[str, array]:
    def replace(match: re.Match[str]) -> list[Piece]:
        entity = match.group()
        # "&amp;lt;" stays: decoding it would make a new entity that a second pass would
        # decode too, and normalization must be idempotent.
        if entity == "&amp;" and _ENTITY_TAIL.match(text, match.end()):
            return [match.span()]
        decoded = html.unescape(entity).translate(_WIDTH_TABLE)
        return [decoded] if decoded != entity else [match.span()]

    return _rewrite(text, offsets, _ENTITY, replace)


def _break_tags(text: str, offsets: array) -> tuple[str, array]:
    return _rewrite(text, offsets, _BR_TAG, lambda m: ["\n"])


def _markup(text: str, offsets: array) -> tuple[str, array]:
    def replace(match: re.Match[str]) -> list[Piece]:
        if match.group(1) is not None:
            return [match.span(1)]
        if match.group(3) is not None:
            return [match.span(3)]
        return []

    return _rewrite(text, offsets, _MARKUP, replace)


def _page_numbers(text: str, offsets: array) -> tuple[str, array]:
    return _rewrite(text, offsets, _PAGE_NUMBER_LINE, lambda m: [])


def _letter_spacing(text: str, offsets: array, rules: StructureRules) -> tuple[str, array]:
    """Close up a heading printed letter-spaced: 目　　录, 第一章　总　　则 → 目录, 第一章　总则."""

    def replace(match: re.Match[str]) -> list[Piece]:
        start = match.start("word")
        return [(match.start(), start)] + [(i, i + 1) for i in range(start, match.end()) if not text[i].isspace()]

    return _rewrite(text, offsets, _letter_spaced(rules.container_label), replace)


def _indent_breaks(text: str, offsets: array, rules: StructureRules) -> tuple[str, array]:
    bare = _bare_label(rules.container_label)

    def replace(match: re.Match[str]) -> list[Piece]:
        line_start = text.rfind("\n", 0, match.start()) + 1
        # After a bare heading label (第六章　　工作监督) the indent separates the label from
        # its title; anywhere else it is a paragraph break a web page lost.
        return [" "] if bare.fullmatch(text, line_start, match.start()) else ["\n"]

    return _rewrite(text, offsets, _INDENT_BREAK, replace)


_width = _translator(_WIDTH_TABLE)
_space_chars = _translator(_SPACE_TABLE)


def _line_edges(text: str, offsets: array) -> tuple[str, array]:
    return _rewrite(text, offsets, _LINE_EDGE_SPACE, lambda m: [])


def _spaces(text: str, offsets: array, rules: StructureRules) -> tuple[str, array]:
    """Drop spaces next to Chinese text; collapse the rest to one. The space after the label
    that opens a line (第一条　为了…, 第一章　总则) is the reader's, and stays as one space: only
    the comparison key folds it."""

    breaks = [match.start() for match in re.finditer("\n", text)]

    def replace(match: re.Match[str]) -> list[Piece]:
        start, end = match.span()
        before = text[start - 1] if start else "\n"
        after = text[end] if end < len(text) else "\n"
        line = breaks[at - 1] + 1 if (at := bisect.bisect_left(breaks, start)) else 0
        if after != "\n" and _after_label(text, line, start, rules):
            return [" "]
        if _WIDE.match(before) or _WIDE.match(after):
            return []
        return [(start, start + 1)]

    return _rewrite(text, offsets, _SPACE_RUN, replace)


_LABEL_REACH = 40
"""The longest label that opens a line (第一千二百六十条 has 8 characters): a space further into
its line follows no label."""


def _after_label(text: str, line: int, position: int, rules: StructureRules) -> bool:
    """Whether ``position`` ends a label of the pack's styles that opens its line (which starts
    at ``line``), also one still written with half-width brackets ((一) becomes （一） later)."""
    if rules.any_label is None or not 0 < position - line <= _LABEL_REACH:
        return False
    label = rules.any_label.match(text[line:position].translate(_WIDEN))
    return label is not None and label.end() == position - line


def _punctuation(text: str, offsets: array) -> tuple[str, array]:
    """Half-width Chinese punctuation in Chinese context → full width."""

    def paren(match: re.Match[str]) -> list[Piece]:
        group = next(g for g in (1, 2, 3) if match.group(g) is not None)
        inner = match.group(group)
        start = match.start()
        before = text[start - 1] if start else ""
        if group > 1 or _CJK_CHAR.search(inner) or _LIST_NUMBER.match(inner) or (before and _WIDE.match(before)):
            return ["（", match.span(group), ("）", match.end() - 1)]
        return [match.span()]

    text, offsets = _rewrite(text, offsets, _HALF_PAREN, paren)

    def mark(match: re.Match[str]) -> list[Piece]:
        # A run ("；；", "?!", "; ;") is decided as a whole, so a second pass sees the same context.
        start, end = match.span()
        before = text[start - 1] if start else ""
        after = text[end] if end < len(text) else ""
        if (before and _WIDE.match(before)) or (after and _CJK_CHAR.match(after)):
            return [(_HALF_TO_FULL.get(char, char), start + i) for i, char in enumerate(match.group())]
        return [match.span()]

    return _rewrite(text, offsets, _HALF_PUNCT, mark)


def _line_breaks(text: str, offsets: array, rules: StructureRules) -> tuple[str, array]:
    """Drop blank lines, and join lines that break a sentence (PDF wraps, page breaks)."""
    text, offsets = _rewrite(text, offsets, _NEWLINES, lambda m: ["\n"] if m.start() and m.end() < len(text) else [])
    if "\n" not in text:
        return text, offsets
    lines = text.split("\n")
    widths, full = _margin(lines)
    joins: list[bool] = []
    # The sentence built so far is summed up by what _continues reads: its last two
    # characters and whether it has a body mark. Concatenating the lines themselves would
    # copy the sentence at every join, quadratic in a long wrapped text.
    tail, marked = lines[0][-2:], _BODY_MARK.search(lines[0]) is not None
    bracketed = _open_brackets(lines)
    for index, (width, line, inside) in enumerate(zip(widths, lines[1:], bracketed)):
        # The first line without sentence marks is the title, however wide: the outline
        # joins a title printed over two lines, not the line breaks.
        wrapped = full is not None and width >= full and not _DATED_NOTE.match(line) and (index > 0 or marked)
        join = inside or _continues(tail, line, rules, marked=marked, wrapped=wrapped)
        joins.append(join)
        line_marked = _BODY_MARK.search(line) is not None
        tail, marked = ((tail + line)[-2:], marked or line_marked) if join else (line[-2:], line_marked)
    breaks = iter(joins)

    def replace(match: re.Match[str]) -> list[Piece]:
        if not next(breaks):
            return [match.span()]
        # A space only between Latin words; a number wrapped at the line end is one number.
        before, after = text[match.start() - 1], text[match.end()]
        return [" "] if before.isascii() and before.isalpha() and after.isascii() and after.isalpha() else []

    return _rewrite(text, offsets, re.compile("\n"), replace)


def _open_brackets(lines: list[str]) -> list[bool]:
    """For each line break, whether it falls inside brackets that the next few lines close: a
    title cut inside 《》 (关于执行《中华 / 人民共和国刑法》确定罪名的补充规定), a (…通过) note over
    three lines. A bracket left open further than that is a typo, not a wrap. Quotation marks
    do not count: a quoted article (an amendment's “下列…管辖： / （一）… / （二）…”) is several
    paragraphs."""
    depths = [sum(map(line.count, BRACKET_OPENERS)) - sum(map(line.count, BRACKET_CLOSERS)) for line in lines]
    inside = [False] * (len(lines) - 1)
    for start, depth in enumerate(depths):
        if depth <= 0:
            continue
        for stop in range(start + 1, min(start + 1 + _BRACKET_LINES, len(lines))):
            depth += depths[stop]
            if depth <= 0:
                inside[start:stop] = [True] * (stop - start)
                break
    return inside


def _width_of(line: str) -> int:
    """Printed width: 2 for a Chinese or full-width character, 1 for any other."""
    return len(line) + len(_WIDE.findall(line))


def _grid_width(line: str) -> int:
    return 2 * len(line)


def _margin(lines: list[str]) -> tuple[list[int], int | None]:
    """Each line's length, and the length of a full line if the text is wrapped at a fixed
    width (else None), measured the way the text was set: in printed columns (a Chinese
    character 2, a digit or half-width mark 1), as a typeset page fills its lines, or in
    characters (counted 2 each), as a fixed grid does. The measure whose full lines agree
    best wins."""
    best: tuple[int, list[int], int | None] = (0, [], None)
    for measure in (_width_of, _grid_width):
        widths = [measure(line) for line in lines]
        band, full = _full_width(widths)
        if full is not None and band > best[0]:
            best = (band, widths, full)
    return (best[1], best[2]) if best[2] is not None else ([0] * len(lines), None)


def _full_width(line_widths: list[int]) -> tuple[int, int | None]:
    """How many lines reach the right margin, and where it is, if the text is wrapped at a
    fixed width (extracted from a PDF: a body line runs to the right margin, whatever its
    punctuation); else (0, None).

    Wrapped text shows as a band: at least a fifth of its lines (and five) end within a few
    columns of the widest common width. A line that reaches the band was cut by the margin,
    and its sentence goes on (一个标题、一个条目 or 一句 with no comma in it included), unless
    the next line is a dated note: a long title, as wide as the page, above its （…通过） note.
    """
    widths = sorted((width for width in line_widths if width), reverse=True)
    if len(widths) < 10:
        return 0, None
    top = widths[len(widths) // 10]
    band = sum(1 for width in widths if top - _WRAP_SLACK <= width <= top)
    if band >= max(5, len(widths) // 5) and top >= 40:
        return band, top - _WRAP_SLACK
    return 0, None


def _continues(tail: str, following: str, rules: StructureRules, *, marked: bool, wrapped: bool = False) -> bool:
    """Whether ``following`` continues the sentence left unfinished by a line that ends in
    ``tail`` (its last two characters) and has a body mark (``marked``) or not, and was cut
    by the right margin of fixed-width text (``wrapped``) or not.

    A line that opens with a label starts a unit, unless the sentence before it is cut after
    a comma or by the margin: an article only ever follows a finished sentence or a
    heading, so 第十条 after 依照本条例 cut at the margin is a cross-reference (依照本条例第十条
    规定), as is 第四十条 after 第三十九条、. A line without sentence marks cut by the margin
    (a formula, a list of laws) goes on into the label only when a reference plainly goes on
    (第四十七条或者…), and a (…通过) note closing its bracket at the margin never does.

    Half-width marks count as their full-width forms: this runs before punctuation is
    widened, and must decide the same way on text that has been normalized already.
    """
    if not tail or not following or following in rules.contents_headings:
        return False
    # The labels are written for normalized text: read the line's start with its marks widened.
    opening = following[:_LABEL_REACH].translate(_WIDEN)
    last = tail[-1]
    if last in CLOSING_QUOTES and len(tail) > 1:
        last = tail[-2]
    last = _HALF_TO_FULL.get(last, last)
    if last in LINE_TERMINALS:
        # A list's entry ends in ；, and the next entry opens with its label: text after a
        # ； at the margin that opens with none goes on with the entry (…处五千元以上罚款；
        # / 造成航道碍航的，处…).
        return wrapped and last == "；" and not rules.unit_start.match(opening)
    if last in OPENERS:
        return True  # a line never ends with a quotation or bracket it opens: …第二十项“ / （二十）…
    if rules.unit_start.match(opening):
        if not rules.cited_label.match(opening):
            return False
        if last in "，、":
            return True
        if not wrapped or last in "）)":
            return False
        return marked or rules.reference_goes_on.match(opening) is not None
    if last in "，、" or last in _CONJUNCTIONS:
        return True
    # Only a body line is ever wrapped: a title, heading or signature has no sentence marks
    # (unless it runs to the margin).
    return marked or wrapped


# Width comes first, so that markup and entities spelled in full-width forms are seen;
# page-number lines go once digits are half width; letter-spaced headings are closed up
# before indents are read, and indents before spaces are folded; lines are joined before spacing and
# punctuation are settled, so that both see the final neighbours; spacing runs again after
# punctuation, as a widened mark changes what its spaces sit next to.
_STEPS = (_line_endings, _width, _page_numbers, _entities, _markup, _break_tags, _letter_spacing, _indent_breaks,
          _space_chars, _line_edges, _line_breaks, _spaces, _punctuation, _spaces)
_RULED = (_letter_spacing, _indent_breaks, _line_breaks, _spaces)
"""The steps that read the pack's structure rules (its label styles): they take them as a third argument."""
