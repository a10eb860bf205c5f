"""Ingest stage, DOCX: a Word document in, its body text as one line per paragraph out.

Read with ``zipfile`` and lxml only. Tracked changes are read as accepted (insertions kept,
deletions dropped), table rows become one line with cells joined by `` | ``, and automatic
numbering is rendered: Chinese government documents often let Word generate the 一、 and
（一） labels, and without them the structure stage would find no clauses.

A DOCX is a zip archive, so it is read defensively: parts are decompressed with a bounded
read (header sizes can lie), and XML is parsed without DTDs, entities or network access.
"""

from __future__ import annotations

import posixpath
import re
import struct
import zipfile
import zlib
from dataclasses import dataclass
from io import BytesIO

from lxml import etree

from policydiff.errors import CorruptDocx, DocxTooLarge
from policydiff.model import InputFormat, SourceDocument

MAX_DOCX_UNCOMPRESSED = 256 * 1024 * 1024
"""Total uncompressed bytes of the parts read from one DOCX."""
MAX_COMPRESSION_RATIO = 200
"""A part that inflates more than this many times is a zip bomb …"""
RATIO_CHECK_FLOOR = 10 * 1024 * 1024
"""… once it is past this size (small XML parts legitimately compress very well)."""

_CHUNK = 1024 * 1024
_RELS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_DC_TITLE = "{http://purl.org/dc/elements/1.1/}title"
_MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"

# Elements whose children hold the runs or blocks of their parent.
_BLOCK_WRAPPERS = frozenset({"sdt", "sdtContent", "customXml"})
_RUN_WRAPPERS = frozenset({
    "r", "hyperlink", "smartTag", "fldSimple", "customXml", "ins", "moveTo", "sdt",
    "sdtContent", "dir", "bdo",
})
_RUN_CHARACTERS = {"tab": "\t", "ptab": "\t", "br": "\n", "cr": "\n", "noBreakHyphen": "-"}
_REVISIONS = ("ins", "del", "moveFrom", "moveTo", "rPrChange", "pPrChange", "sectPrChange",
              "tblPrChange", "trPrChange", "tcPrChange", "cellIns", "cellDel")

_CHINESE_DIGITS = "〇一二三四五六七八九"
_LEGAL_DIGITS = "零壹贰叁肆伍陆柒捌玖"
_HEAVENLY_STEMS = "甲乙丙丁戊己庚辛壬癸"
_EARTHLY_BRANCHES = "子丑寅卯辰巳午未申酉戌亥"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_PARENTHESIZED = "⑴⑵⑶⑷⑸⑹⑺⑻⑼⑽⑾⑿⒀⒁⒂⒃⒄⒅⒆⒇"
_FULL_STOP = "⒈⒉⒊⒋⒌⒍⒎⒏⒐⒑⒒⒓⒔⒕⒖⒗⒘⒙⒚⒛"
_ROMAN = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
          (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))
_PLACEHOLDER = re.compile(r"%([1-9])")


def read_docx(data: bytes, *, source: str, sha256: str) -> SourceDocument:
    """Read the body text of a DOCX file.

    Args:
        data: the file's bytes.
        source: the path or name the user gave.
        sha256: hex digest of ``data``.

    Raises:
        CorruptDocx: not a zip, no main document part, malformed XML or a DTD.
        DocxTooLarge: a part inflates beyond the limits (a zip bomb).
    """
    package = _Package(data, source=source)
    main_name = package.target("_rels/.rels", "officeDocument") or "word/document.xml"
    document = package.xml(main_name)
    if document is None:
        raise CorruptDocx(
            f"{source}: the DOCX has no main document part ({main_name})",
            cause="the zip archive does not contain the word/document.xml part that holds "
                  "a Word document's text",
            fix="open the file in Word or LibreOffice and save it again as DOCX",
        )
    ns = etree.QName(document).namespace or ""
    main_rels = posixpath.join(posixpath.dirname(main_name), "_rels",
                               posixpath.basename(main_name) + ".rels")
    folder = posixpath.dirname(main_name)
    numbering = _parse_numbering(package.xml(
        package.target(main_rels, "numbering") or posixpath.join(folder, "numbering.xml")), ns)
    styles = _parse_styles(package.xml(
        package.target(main_rels, "styles") or posixpath.join(folder, "styles.xml")), ns)
    core = package.xml(package.target("_rels/.rels", "core-properties") or "docProps/core.xml")
    body = document.find(f"{{{ns}}}body")
    reader = _BodyReader(ns, _Numberer(numbering), styles)
    lines = reader.blocks(body) if body is not None else []
    revised = any(True for _ in document.iter(*(f"{{{ns}}}{tag}" for tag in _REVISIONS)))
    title = core.findtext(_DC_TITLE) if core is not None else None
    return SourceDocument(
        source=source,
        format=InputFormat.DOCX,
        raw_text="\n".join(line for part in lines for line in part.split("\n") if line.strip()),
        sha256=sha256,
        title=(title or "").strip() or None,
        metadata=(("tracked_changes", "accepted"),) if revised else (),
    )


class _Package:
    """The zip archive, read part by part within the size limits."""

    def __init__(self, data: bytes, *, source: str) -> None:
        self.source = source
        self.budget = MAX_DOCX_UNCOMPRESSED
        try:
            self.archive = zipfile.ZipFile(BytesIO(data))
        except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, struct.error) as error:
            raise CorruptDocx(
                f"{source}: is not a readable DOCX (zip) file",
                cause=f"the zip structure is damaged: {error}",
                fix="download the file again, or open it in Word or LibreOffice and save it "
                    "again as DOCX",
            ) from error

    def target(self, rels_name: str, kind: str) -> str | None:
        """The part a relationship of type ``…/kind`` in ``rels_name`` points to."""
        rels = self.xml(rels_name)
        if rels is None:
            return None
        for rel in rels.iter(f"{{{_RELS_NS}}}Relationship"):
            if (rel.get("Type") or "").endswith("/" + kind) and rel.get("TargetMode") != "External":
                base = posixpath.dirname(posixpath.dirname(rels_name))
                return posixpath.normpath(posixpath.join(base, rel.get("Target") or "")).lstrip("/")
        return None

    def xml(self, name: str | None) -> etree._Element | None:
        """Parse a part as XML; None if the package has no such part."""
        data = self._read(name) if name else None
        if data is None:
            return None
        # OOXML never uses a DTD; one here can only be an entity attack or damage.
        if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
            raise self._corrupt(name, "it contains a DTD (<!DOCTYPE or <!ENTITY), which Office "
                                      "never writes: possibly an XML entity attack")
        parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                                 remove_comments=True, remove_pis=True)
        try:
            root = etree.fromstring(data, parser)
        except etree.XMLSyntaxError as error:
            raise self._corrupt(name, f"its XML is malformed: {error}") from error
        if root.getroottree().docinfo.doctype:
            raise self._corrupt(name, "it declares a DTD, which Office never writes")
        return root

    def _corrupt(self, name: str, cause: str) -> CorruptDocx:
        return CorruptDocx(
            f"{self.source}: part {name} of the DOCX cannot be read",
            cause=cause,
            fix="open the file in Word or LibreOffice and save it again as DOCX",
        )

    def _read(self, name: str) -> bytes | None:
        try:
            info = self.archive.getinfo(name)
        except KeyError:
            return None
        self._check_size(name, info.file_size, info.compress_size)
        chunks, size = [], 0
        try:
            with self.archive.open(info) as stream:
                while chunk := stream.read(_CHUNK):
                    size += len(chunk)
                    self._check_size(name, size, info.compress_size)
                    chunks.append(chunk)
        except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError,
                ValueError, struct.error) as error:
            # RuntimeError: zipfile's "password required"; NotImplementedError: a
            # compression method it does not support; ValueError: offsets out of range.
            raise self._corrupt(name, f"the zip entry cannot be decompressed: {error}") from error
        self.budget -= size
        return b"".join(chunks)

    def _check_size(self, name: str, size: int, compressed: int) -> None:
        if size > RATIO_CHECK_FLOOR and size > MAX_COMPRESSION_RATIO * max(compressed, 1):
            cause = (f"part {name} inflates more than {MAX_COMPRESSION_RATIO} times "
                     f"({compressed} bytes to over {size}): a zip bomb")
        elif size > self.budget:
            cause = (f"its parts inflate to more than {MAX_DOCX_UNCOMPRESSED // 2**20} MiB, "
                     "far beyond any real document")
        else:
            return
        raise DocxTooLarge(
            f"{self.source}: the DOCX is too large to read safely",
            cause=cause,
            fix="check where the file came from; a genuine document can be opened in Word or "
                "LibreOffice and saved again, or saved as PDF or TXT",
        )


@dataclass(frozen=True, slots=True)
class _Level:
    """One level of a numbering definition (``w:lvl``)."""

    start: int
    fmt: str
    text: str
    restart: int | None
    """``w:lvlRestart``: restart after a level with a smaller 1-based index is used; 0 never."""
    legal: bool
    suffix: str


def _attr(element: etree._Element | None, ns: str, default: str | None = None) -> str | None:
    """The ``w:val`` attribute of ``element``."""
    if element is None:
        return default
    return element.get(f"{{{ns}}}val", default)


def _is_on(element: etree._Element | None, ns: str) -> bool:
    """Whether an on/off property (``w:isLgl``, ``w:vanish``) is present and not switched off."""
    return element is not None and _attr(element, ns, "true") not in ("0", "false", "off")


def _int(value: str | None, default: int) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


def _parse_level(lvl: etree._Element, ns: str) -> _Level:
    w = f"{{{ns}}}"
    fmt = lvl.find(f"{w}numFmt")
    if fmt is None:
        # Word 2010 puts custom formats in mc:AlternateContent with a standard fallback.
        fmt = lvl.find(f"{{{_MC_NS}}}AlternateContent/{{{_MC_NS}}}Fallback/{w}numFmt")
    restart = lvl.find(f"{w}lvlRestart")
    return _Level(
        start=_int(_attr(lvl.find(f"{w}start"), ns), 1),
        fmt=_attr(fmt, ns, "decimal") or "decimal",
        text=_attr(lvl.find(f"{w}lvlText"), ns, "") or "",
        restart=_int(_attr(restart, ns), 0) if restart is not None else None,
        legal=_is_on(lvl.find(f"{w}isLgl"), ns),
        suffix={"space": " ", "nothing": ""}.get(_attr(lvl.find(f"{w}suff"), ns) or "", "\t"),
    )


def _parse_numbering(root: etree._Element | None, ns: str) -> dict[str, dict[int, _Level]]:
    """Map each ``w:numId`` to its levels, with ``w:lvlOverride`` applied."""
    if root is None:
        return {}
    w = f"{{{ns}}}"
    abstract: dict[str, dict[int, _Level]] = {}
    for definition in root.iter(f"{w}abstractNum"):
        abstract[definition.get(f"{w}abstractNumId", "")] = {
            _int(lvl.get(f"{w}ilvl"), 0): _parse_level(lvl, ns) for lvl in definition.iter(f"{w}lvl")
        }
    numbering = {}
    for num in root.iter(f"{w}num"):
        levels = dict(abstract.get(_attr(num.find(f"{w}abstractNumId"), ns) or "", {}))
        for override in num.iter(f"{w}lvlOverride"):
            ilvl = _int(override.get(f"{w}ilvl"), 0)
            if (lvl := override.find(f"{w}lvl")) is not None:
                levels[ilvl] = _parse_level(lvl, ns)
            start = override.find(f"{w}startOverride")
            if start is not None and ilvl in levels:
                old = levels[ilvl]
                levels[ilvl] = _Level(_int(_attr(start, ns), old.start), old.fmt, old.text,
                                      old.restart, old.legal, old.suffix)
        numbering[num.get(f"{w}numId", "")] = levels
    return numbering


def _parse_styles(root: etree._Element | None, ns: str) -> dict[str, tuple[str | None, str | None, str | None]]:
    """Map each paragraph style id to ``(numId, ilvl, basedOn)``."""
    if root is None:
        return {}
    w = f"{{{ns}}}"
    styles = {}
    for style in root.iter(f"{w}style"):
        num_pr = style.find(f"{w}pPr/{w}numPr")
        styles[style.get(f"{w}styleId", "")] = (
            _attr(num_pr.find(f"{w}numId"), ns) if num_pr is not None else None,
            _attr(num_pr.find(f"{w}ilvl"), ns) if num_pr is not None else None,
            _attr(style.find(f"{w}basedOn"), ns),
        )
    return styles


class _Numberer:
    """Counters of the numbered lists, advanced paragraph by paragraph in document order."""

    def __init__(self, numbering: dict[str, dict[int, _Level]]) -> None:
        self.numbering = numbering
        self.counters: dict[str, dict[int, int]] = {}

    def label(self, num_id: str, ilvl: int) -> str:
        """The label of the next paragraph of list ``num_id`` at level ``ilvl`` ("" if none)."""
        levels = self.numbering.get(num_id, {})
        if ilvl not in levels:
            return ""
        counters = self.counters.setdefault(num_id, {})
        counters[ilvl] = counters[ilvl] + 1 if ilvl in counters else levels[ilvl].start
        for deeper in [level for level in counters if level > ilvl]:
            restart = levels[deeper].restart if deeper in levels else None
            if restart is None or (restart and ilvl < restart):
                del counters[deeper]
        level = levels[ilvl]
        if level.fmt == "bullet":
            return ""

        def number(match: re.Match[str]) -> str:
            index = int(match.group(1)) - 1
            shown = levels.get(index)
            value = counters.get(index, shown.start if shown else 1)
            return _format_number(value, "decimal" if level.legal or shown is None else shown.fmt)

        text = _PLACEHOLDER.sub(number, level.text)
        return text + level.suffix if text else ""


def _format_number(value: int, fmt: str) -> str:
    """Spell ``value`` in a ``w:numFmt`` format (decimal for formats not listed)."""
    if fmt in ("chineseCounting", "chineseCountingThousand", "japaneseCounting",
               "taiwaneseCounting", "taiwaneseCountingThousand", "japaneseCountingThousand"):
        return _chinese_number(value, _CHINESE_DIGITS, "十百千")
    if fmt == "chineseLegalSimplified":
        return _chinese_number(value, _LEGAL_DIGITS, "拾佰仟")
    if fmt in ("ideographDigital", "taiwaneseDigital", "japaneseDigitalTenThousand"):
        return "".join(_CHINESE_DIGITS[int(digit)] for digit in str(value))
    if fmt == "ideographTraditional" and value > 0:
        return _HEAVENLY_STEMS[(value - 1) % 10]
    if fmt == "ideographZodiac" and value > 0:
        return _EARTHLY_BRANCHES[(value - 1) % 12]
    enclosed = {"decimalEnclosedCircle": _CIRCLED, "decimalEnclosedCircleChinese": _CIRCLED,
                "decimalEnclosedParen": _PARENTHESIZED, "decimalEnclosedFullstop": _FULL_STOP}
    if fmt in enclosed and 1 <= value <= 20:
        return enclosed[fmt][value - 1]
    if fmt in ("lowerLetter", "upperLetter") and value > 0:
        letter = chr(ord("a") + (value - 1) % 26) * ((value - 1) // 26 + 1)
        return letter if fmt == "lowerLetter" else letter.upper()
    if fmt in ("lowerRoman", "upperRoman") and 0 < value < 4000:
        roman = ""
        for amount, numeral in _ROMAN:
            count, value = divmod(value, amount)
            roman += numeral * count
        return roman.lower() if fmt == "lowerRoman" else roman
    if fmt == "decimalZero":
        return f"{value:02d}"
    if fmt in ("decimalFullWidth", "decimalFullWidth2"):
        return "".join(chr(ord(digit) + 0xFEE0) for digit in str(value))
    if fmt == "none":
        return ""
    return str(value)


def _chinese_number(value: int, digits: str, units: str) -> str:
    """Chinese numerals as written in 公文 labels: 十, 十一, 二十, 一百零一, 一千.

    >>> _chinese_number(110, _CHINESE_DIGITS, "十百千")
    '一百一十'
    """
    if value <= 0 or value >= 10000:
        return str(value)
    zero = "零" if digits is _CHINESE_DIGITS else digits[0]
    parts, pending_zero = [], False
    for power in (3, 2, 1, 0):
        digit = value // 10 ** power % 10
        if digit == 0:
            pending_zero = bool(parts)
            continue
        if pending_zero:
            parts.append(zero)
            pending_zero = False
        parts.append(digits[digit] + ("" if power == 0 else units[power - 1]))
    text = "".join(parts)
    # 10–19 are 十, 十一 …, not 一十一 (but 壹拾壹 in the legal style).
    return text[1:] if digits is _CHINESE_DIGITS and text.startswith("一十") else text


class _BodyReader:
    """Turns the blocks of the body into text lines, numbering paragraphs as it goes."""

    def __init__(self, ns: str, numberer: _Numberer,
                 styles: dict[str, tuple[str | None, str | None, str | None]]) -> None:
        self.w = f"{{{ns}}}"
        self.ns = ns
        self.numberer = numberer
        self.styles = styles

    def _local(self, element: etree._Element) -> str:
        tag = element.tag
        return tag[len(self.w):] if isinstance(tag, str) and tag.startswith(self.w) else ""

    def blocks(self, container: etree._Element) -> list[str]:
        """One string per paragraph and per table row of ``container``, in order."""
        lines: list[str] = []
        merged = ""
        for block in self._block_elements(container):
            if self._local(block) == "tbl":
                lines.extend(self._table_rows(block))
                continue
            text = merged + self._paragraph(block)
            # A deleted paragraph mark joins this paragraph to the next once accepted.
            if block.find(f"{self.w}pPr/{self.w}rPr/{self.w}del") is not None:
                merged = text
                continue
            merged = ""
            lines.append(text)
        if merged:
            lines.append(merged)
        return lines

    def _block_elements(self, container: etree._Element) -> list[etree._Element]:
        found, pending = [], list(reversed(container))
        while pending:
            element = pending.pop()
            name = self._local(element)
            if name in ("p", "tbl"):
                found.append(element)
            elif name in _BLOCK_WRAPPERS:
                pending.extend(reversed(element))
        return found

    def _table_rows(self, table: etree._Element) -> list[str]:
        rows = []
        for row in self._descendants(table, "tr", stop=("tbl",)):
            cells = [" ".join(line for line in self.blocks(cell) if line.strip())
                     for cell in self._descendants(row, "tc", stop=("tbl",))]
            rows.append(" | ".join(cell.replace("\n", " ") for cell in cells))
        return rows

    def _descendants(self, element: etree._Element, name: str,
                     stop: tuple[str, ...]) -> list[etree._Element]:
        """Elements called ``name`` under ``element``, not looking inside ``stop`` ones."""
        found, pending = [], list(reversed(element))
        while pending:
            child = pending.pop()
            local = self._local(child)
            if local == name:
                found.append(child)
            elif local not in stop:
                pending.extend(reversed(child))
        return found

    def _paragraph(self, paragraph: etree._Element) -> str:
        label = self._label(paragraph)
        pieces, pending = [], list(reversed(paragraph))
        while pending:
            element = pending.pop()
            name = self._local(element)
            if name == "t":
                pieces.append(element.text or "")
            elif name in _RUN_CHARACTERS:
                pieces.append(_RUN_CHARACTERS[name])
            elif name == "r" and self._hidden(element):
                continue
            elif name in _RUN_WRAPPERS:
                pending.extend(reversed(element))
            # Anything else (w:del, w:moveFrom, w:instrText, w:delText, properties,
            # drawings) is not part of the accepted, visible text.
        return label + "".join(pieces)

    def _hidden(self, run: etree._Element) -> bool:
        return _is_on(run.find(f"{self.w}rPr/{self.w}vanish"), self.ns)

    def _label(self, paragraph: etree._Element) -> str:
        num_pr = paragraph.find(f"{self.w}pPr/{self.w}numPr")
        num_id = _attr(num_pr.find(f"{self.w}numId"), self.ns) if num_pr is not None else None
        ilvl = _attr(num_pr.find(f"{self.w}ilvl"), self.ns) if num_pr is not None else None
        style_id = _attr(paragraph.find(f"{self.w}pPr/{self.w}pStyle"), self.ns)
        seen: set[str] = set()
        # Numbering may come from the paragraph style or a style it is based on.
        while style_id and style_id not in seen and (num_id is None or ilvl is None):
            seen.add(style_id)
            style_num, style_ilvl, style_id = self.styles.get(style_id, (None, None, None))
            num_id = num_id if num_id is not None else style_num
            ilvl = ilvl if ilvl is not None else style_ilvl
        if num_id is None or num_id == "0":
            return ""
        return self.numberer.label(num_id, _int(ilvl, 0))
