"""Ingest stage, PDF: a PDF with a text layer in, its paragraphs as lines of text out.

A PDF knows glyphs and positions, not paragraphs: this module collects the text lines of
each page, drops page numbers (``- 1 -``, ``— 1 —``, ``第 1 页 共 5 页``) and running headers
and footers, then joins lines back into paragraphs by geometry. A paragraph starts at an
indented line (公文 indent each paragraph by two characters), after a line that stops
clearly short of the right margin, or after a vertical gap clearly larger than the line
pitch; a paragraph that runs over a page break is joined. Lines are joined without a space
between CJK characters, with one between two Latin letters or digits.

The text layer is read with pypdfium2 (PDFium, the engine of Chrome's PDF viewer) rather
than pdfplumber/pdfminer.six: on a 17-page 公文 it reads and lays out everything in 0.09 s,
where pdfplumber needs 0.6 s just to extract the lines, which keeps a batch of long notices
or a 100 MB file within a bounded time; it reads damaged files the way a browser does; it
reports a wrong password as an error code rather than an exception from deep inside a
parser; and it logs nothing, so there is no pdfminer logging to silence. pypdfium2 is
already installed as a dependency of pdfplumber.
"""

from __future__ import annotations

import itertools
import re
import statistics
import threading
from dataclasses import dataclass

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from policydiff.errors import CorruptPdf, EncryptedPdf, PdfWithoutText
from policydiff.model import InputFormat, SourceDocument
from policydiff.text import PAGE_NUMBER

# PDFium is not thread-safe; a batch run may read files from several threads.
_PDFIUM_LOCK = threading.Lock()

INDENT_EMS = 1.5
"""A line starting this many character widths right of the body's left edge is indented."""
SLACK_EMS = 0.5
"""A line ends its paragraph when the room left before the right edge could have held the
next line's first word (what a line breaker would have moved up) plus this many widths."""
GAP_FACTOR = 1.35
"""A line further below the previous one than this many line pitches starts a paragraph."""
TITLE_SIZE = 1.15
"""Lines in a font this many times the body's size may be a title (see _continues_centred)."""
BAND = 0.15
"""Fraction of the page height at the top and bottom where headers and footers live."""

_PAGE_NUMBER = re.compile(f"^(?:{PAGE_NUMBER})$", re.IGNORECASE)
_WIDE = re.compile(r"[\u1100-\u11ff\u2e80-\ua4cf\uac00-\ud7af\uf900-\ufaff\ufe30-\ufe4f"
                   r"\uff00-\uff60\uffe0-\uffe6\U00020000-\U0003ffff]")
_LATIN = re.compile(r"[A-Za-z]")
_BRACKETED = re.compile(r"^\s*[（(〔【].*[）)〕】]\s*$")
_NO_LINE_START = frozenset("，。、；：？！）》」』”’〉】〕…—·%％,.;:?!)]}")
_NO_LINE_END = frozenset("（《「『“‘〈【〔([{")
_FILE_NAME_TITLE = re.compile(r"\.(?:docx?|wps|pdf|txt|rtf|odt|xlsx?|html?)$|^Microsoft Word - ",
                              re.IGNORECASE)


_Box = tuple[float, float, float, float]
"""A character's box in PDF coordinates: left, bottom, right, top."""
_Char = tuple[str, _Box, bool]
"""A character, its box, and whether PDFium generated it (an inferred space)."""


@dataclass(frozen=True, slots=True)
class _Line:
    """One text line of a page, in top-down coordinates (points from the page top)."""

    page: int
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    """Height of the characters' boxes: the font size, whatever scaling the PDF applies."""
    em: float
    """Width of a CJK character in this line (``size`` if it has none)."""
    wide: bool
    """Whether the line has CJK characters (``em`` is measured, not ``size``)."""
    lead: float
    """Width of the line's first unbreakable unit: a Latin word or number, or a CJK
    character with the punctuation that may not be separated from it (《关, 划》）)."""
    text: str


@dataclass(frozen=True, slots=True)
class _Page:
    height: float
    lines: tuple[_Line, ...]


@dataclass(frozen=True, slots=True)
class _Layout:
    """The body's geometry, measured over the whole document."""

    left: float
    right: float
    size: float
    em: float
    pitch: float


def read_pdf(data: bytes, *, source: str, sha256: str) -> SourceDocument:
    """Read the paragraphs of a PDF's text layer.

    Args:
        data: the file's bytes.
        source: the path or name the user gave.
        sha256: hex digest of ``data``.

    Raises:
        EncryptedPdf: the PDF needs a password to open.
        CorruptPdf: PDFium cannot parse the file.
        PdfWithoutText: no page has any text (a scan without OCR).
    """
    with _PDFIUM_LOCK:
        pages, title = _extract(data, source=source)
    if not any(page.lines for page in pages):
        raise PdfWithoutText(
            f"{source}: the PDF has no text layer ({len(pages)} page(s), no characters)",
            cause="the pages are images, as in a scanned document; there is no text to read",
            fix="run OCR first, e.g. `ocrmypdf -l chi_sim in.pdf out.pdf`, and give the output",
        )
    lines = _drop_page_furniture(pages)
    empty = [str(number + 1) for number, page in enumerate(pages) if not page.lines]
    metadata = [("pages", str(len(pages)))]
    if empty:
        metadata.append(("pages_without_text", ",".join(empty)))
    return SourceDocument(
        source=source,
        format=InputFormat.PDF,
        raw_text="\n".join(_paragraphs(lines)),
        sha256=sha256,
        title=title,
        metadata=tuple(sorted(metadata)),
    )


def _extract(data: bytes, *, source: str) -> tuple[list[_Page], str | None]:
    """The text lines of each page, and the info dictionary's title."""
    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as error:
        raise _open_error(error, source) from error
    try:
        title = document.get_metadata_value("Title").strip()
        pages = []
        for number in range(len(document)):
            page = document[number]
            try:
                pages.append(_Page(page.get_height(), _page_lines(page, number)))
            finally:
                page.close()
    except pdfium.PdfiumError as error:
        raise CorruptPdf(
            f"{source}: a page of the PDF cannot be read",
            cause=f"PDFium failed on it: {error}",
            fix="open the file in a PDF viewer and print it to a new PDF, or export the "
                "document to PDF again",
        ) from error
    finally:
        document.close()
    return pages, (None if not title or _FILE_NAME_TITLE.search(title) else title)


def _open_error(error: pdfium.PdfiumError, source: str) -> EncryptedPdf | CorruptPdf:
    code = getattr(error, "err_code", None)
    if code == pdfium_c.FPDF_ERR_PASSWORD:
        return EncryptedPdf(
            f"{source}: the PDF is encrypted with a password",
            cause="it cannot be opened, let alone read, without its user password",
            fix="decrypt it with the password, e.g. "
                "`qpdf --decrypt --password=PASSWORD in.pdf out.pdf`, and give the output",
        )
    if code == pdfium_c.FPDF_ERR_SECURITY:
        return EncryptedPdf(
            f"{source}: the PDF uses an unsupported security handler",
            cause="it is protected by a DRM or certificate scheme that PDFium cannot open",
            fix="open it in the application that protects it and print it to an unprotected PDF",
        )
    return CorruptPdf(
        f"{source}: is not a readable PDF",
        cause=f"PDFium cannot parse it: {error}",
        fix="download the file again, or export the document to PDF again",
    )


def _page_lines(page: pdfium.PdfPage, number: int) -> tuple[_Line, ...]:
    """Group the page's characters into lines, following PDFium's reading order."""
    height = page.get_height()
    textpage = page.get_textpage()
    try:
        lines: list[_Line] = []
        chars: list[_Char] = []
        for index in range(textpage.count_chars()):
            char = _char(textpage, index)
            generated = pdfium_c.FPDFText_IsGenerated(textpage.raw, index) == 1
            if char in ("", "\r", "\n") or (generated and char != " "):
                if char in ("\r", "\n"):
                    _flush(chars, lines, number, height)
                continue
            # Loose boxes span the font's ascent to descent, so that their height is the
            # font size even when the PDF scales a 1 pt font with its text matrix (which
            # FPDFText_GetFontSize does not account for).
            box = textpage.get_charbox(index, loose=True)
            if chars and _starts_new_line(chars[-1][1], box):
                _flush(chars, lines, number, height)
            chars.append((char, box, generated))
        _flush(chars, lines, number, height)
        return tuple(lines)
    finally:
        textpage.close()


def _char(textpage: pdfium.PdfTextPage, index: int) -> str:
    code = pdfium_c.FPDFText_GetUnicode(textpage.raw, index)
    # 0 and the non-characters U+FFFE/U+FFFF are what PDFium returns for unmapped glyphs.
    if code in (0, 0xFFFE, 0xFFFF) or code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
        return ""
    return chr(code)


def _starts_new_line(previous: _Box, box: _Box) -> bool:
    """Whether a character sits on another line than the previous one (PDFium usually
    says so with a generated line break; this catches the cases where it does not)."""
    scale = max(box[3] - box[1], previous[3] - previous[1], 1.0)
    centre, previous_centre = (box[1] + box[3]) / 2, (previous[1] + previous[3]) / 2
    return abs(centre - previous_centre) > 0.8 * scale or box[0] < previous[0] - 4 * scale


def _flush(chars: list[_Char], lines: list[_Line], number: int, height: float) -> None:
    """Turn the collected characters into a line (if they hold any text) and clear them."""
    real = [(char, box) for char, box, generated in chars if not generated and not char.isspace()]
    if real:
        text = "".join(_keep_space(chars, at) for at in range(len(chars))).strip()
        # A mark's box is as small as its ink (。 is a dot): the size is read off letters,
        # digits and characters, unless the line holds nothing else.
        sized = [box for char, box in real if char.isalnum()] or [box for _, box in real]
        size = statistics.median(box[3] - box[1] for box in sized)
        wide = [box[2] - box[0] for char, box in real if _WIDE.match(char)]
        lines.append(_Line(
            page=number,
            x0=min(box[0] for _, box in real),
            x1=max(box[2] for _, box in real),
            top=height - max(box[3] for _, box in real),
            bottom=height - min(box[1] for _, box in real),
            size=size,
            em=statistics.median(wide) if wide else size,
            wide=bool(wide),
            lead=_lead_width(chars),
            text=text,
        ))
    chars.clear()


def _lead_width(chars: list[_Char]) -> float:
    """Width of the first unit a line breaker could not split (see ``_Line.lead``)."""
    visible = [(char, box) for char, box, generated in chars if not generated]
    while visible and visible[0][0].isspace():
        visible.pop(0)
    if not visible:
        return 0.0
    end = 1
    if _WIDE.match(visible[0][0]):
        # Chinese line breaking (禁则): opening marks stay with what follows, closing marks
        # and pause punctuation with what precedes.
        while end < len(visible) and (visible[end - 1][0] in _NO_LINE_END
                                      or visible[end][0] in _NO_LINE_START):
            end += 1
    else:
        while end < len(visible) and not (_WIDE.match(visible[end][0]) or visible[end][0].isspace()):
            end += 1
    return visible[end - 1][1][2] - visible[0][1][0]


def _keep_space(chars: list[_Char], at: int) -> str:
    """A character of the line; a space PDFium inferred from a gap is kept only between
    two non-CJK characters (CJK text has no spaces; the gap is typographic)."""
    char, _, generated = chars[at]
    if not generated:
        return char
    before = chars[at - 1][0] if at else ""
    after = chars[at + 1][0] if at + 1 < len(chars) else ""
    return "" if _WIDE.match(before) or _WIDE.match(after) else " "


def _drop_page_furniture(pages: list[_Page]) -> list[_Line]:
    """All lines in order, without page numbers and running headers or footers.

    Only the two lines nearest the top and bottom of a page are candidates, and only when
    they sit in the top or bottom band of the page.
    """
    candidates: list[set[int]] = []
    for page in pages:
        lines, height = page.lines, page.height
        edge = set(range(min(2, len(lines)))) | set(range(max(0, len(lines) - 2), len(lines)))
        candidates.append({at for at in edge
                           if lines[at].top < BAND * height or lines[at].bottom > (1 - BAND) * height})
    repeated = _repeated_texts(pages, candidates)
    kept = []
    for page, edge in zip(pages, candidates, strict=True):
        for at, line in enumerate(page.lines):
            if at in edge and (_PAGE_NUMBER.match(line.text) or _furniture_key(line) in repeated):
                continue
            kept.append(line)
    return kept


def _furniture_key(line: _Line) -> str:
    return re.sub(r"\d+", "#", re.sub(r"\s+", "", line.text))


def _repeated_texts(pages: list[_Page], candidates: list[set[int]]) -> set[str]:
    """Texts (digits masked) of edge lines found on more than half of the pages."""
    counts: dict[str, int] = {}
    for page, edge in zip(pages, candidates, strict=True):
        for key in {_furniture_key(page.lines[at]) for at in edge}:
            counts[key] = counts.get(key, 0) + 1
    return {key for key, count in counts.items() if count >= 2 and 2 * count > len(pages)}


def _measure(lines: list[_Line]) -> _Layout:
    """The body's left and right edges, font size, character width and line pitch."""
    em = statistics.median(line.em for line in lines)
    starts = sorted(line.x0 for line in lines)
    # The left edge is the leftmost position where several lines start: a lone line
    # further left (a table, a hanging label) does not move it.
    popular = max(2, len(lines) // 20)
    left = next((x for at, x in enumerate(starts)
                 if sum(1 for other in starts[at:at + popular] if other - x < 1.0) >= popular),
                starts[0])
    right = _most_common_end([line.x1 for line in lines], em)
    steps = [following.top - line.top for line, following in itertools.pairwise(lines)
             if following.page == line.page and 0 < following.top - line.top < 3 * em]
    pitch = statistics.median(steps) if steps else 1.5 * em
    size = statistics.median(line.size for line in lines)
    return _Layout(left=left, right=right, size=size, em=em, pitch=pitch)


def _most_common_end(ends: list[float], em: float) -> float:
    """The right margin: where most lines end (within a quarter character), the furthest
    such place on a tie. Lines with hanging punctuation end beyond it, and tables or
    odd lines do not move it."""
    ends = sorted(ends)
    best, best_count, start = ends[-1], 0, 0
    for stop, end in enumerate(ends):
        while end - ends[start] > 0.25 * em:
            start += 1
        if stop - start + 1 >= best_count:
            best, best_count = end, stop - start + 1
    return best


def _paragraphs(lines: list[_Line]) -> list[str]:
    if not lines:
        return []
    layout = _measure(lines)
    paragraphs = [lines[0].text]
    for previous, line in itertools.pairwise(lines):
        if _starts_paragraph(previous, line, layout):
            paragraphs.append(line.text)
        else:
            paragraphs[-1] = _join(paragraphs[-1], line.text)
    return paragraphs


def _starts_paragraph(previous: _Line, line: _Line, layout: _Layout) -> bool:
    em = layout.em
    if _continues_centred(previous, line, layout):
        return False
    if line.x0 > layout.left + INDENT_EMS * em:
        return True
    if min(line.x0 - layout.left, layout.right - line.x1) >= em and _centred(line, layout):
        return True  # a heading centred in the measure, nearly as wide as it (第四节　犯罪嫌疑人、…程序)
    if layout.right - previous.x1 > line.lead + SLACK_EMS * em:
        return True
    # A change of type size, read off the characters' advance where both lines have Chinese
    # characters (a fallback font's taller boxes change a line's height, not their width).
    sizes = (line.em, previous.em) if line.wide and previous.wide else (line.size, previous.size)
    if abs(sizes[0] - sizes[1]) > 0.2 * max(sizes):
        return True
    if line.page == previous.page:
        step = line.top - previous.top
        # A step upwards is a new column or a text box; a big step down, a paragraph gap.
        return step <= 0 or step > GAP_FACTOR * layout.pitch
    return False


def _continues_centred(previous: _Line, line: _Line, layout: _Layout) -> bool:
    """Whether ``line`` continues a centred title, such as a 公文 title set on two lines.

    Both lines must be centred, close together and in the same font size, larger than the
    body's (GB/T 9704 sets titles in 二号, the body in 三号): a body-size pair of lines
    can be "centred" by accident. A line in brackets, such as （征求意见稿） under a
    title, stands alone.
    """
    return (line.page == previous.page
            and abs(line.size - previous.size) <= 0.05 * previous.size
            and previous.size > TITLE_SIZE * layout.size
            and 0 < line.top - previous.top <= 2.5 * line.size
            and _centred(previous, layout) and _centred(line, layout)
            and not _BRACKETED.match(line.text))


def _centred(line: _Line, layout: _Layout) -> bool:
    """Whether ``line`` stands as far from the right edge as from the left (within an em)."""
    return abs((line.x0 - layout.left) - (layout.right - line.x1)) < line.em


def _join(text: str, following: str) -> str:
    """Join a line to the paragraph so far: a space only between two Latin letters.

    Digits join without one: in Chinese text a number wrapped at the line end
    (2020-2 | 021年, 6 | 5蒸吨) is one number.
    """
    if _LATIN.match(text[-1:]) and _LATIN.match(following[:1]):
        return text + " " + following
    return text + following
