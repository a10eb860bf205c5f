"""Ingest stage, plain text and Markdown: bytes in, decoded text with ``\\n`` line ends out.

Chinese government text files arrive in UTF-8 (with or without a BOM), UTF-16 with a BOM
(Windows Notepad's "Unicode"), the GB family (GB2312, GBK, GB18030) or Big5. The GB family is
always decoded as ``gb18030``: it is a strict superset of GB2312 and GBK, so a file labelled
GBK that uses a rarer character (a name in 生僻字) still decodes.

Only decoding, line ends and Markdown markup are handled here; spaces, full-width forms and
line breaks inside sentences are the normalization stage's job.
"""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

from policydiff.errors import BinaryInput, UndecodableText
from policydiff.model import InputFormat, SourceDocument, input_formats

# Checked longest first: the UTF-32 LE mark starts with the UTF-16 LE one.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# The GB family is decoded with its superset, so that no character is lost.
_SUPERSETS = {"gb2312": "gb18030", "gbk": "gb18030"}

# Every line end str.splitlines() knows that can appear in a document: CR LF, CR, NEL,
# line and paragraph separators, form feed (pdftotext's page break) and vertical tab.
_LINE_ENDS = re.compile("\r\n|[\r\x0b\x0c\x85\u2028\u2029]")

# C0 controls other than tab and line ends: text files hardly ever contain them.
_CONTROLS = re.compile("[\x00-\x08\x0e-\x1f\x7f]")

# Characters examined when judging an encoding: enough for certainty, bounded for speed.
_SAMPLE = 20000
# Below this many non-ASCII characters a statistical guess is unreliable.
_SHORT = 200

_MD_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_MD_HEADING = re.compile(r"^ {0,3}#{1,6}(?:[ \t]+|$)(.*?)(?:[ \t]+#+)?[ \t]*$", re.MULTILINE)


def bom_encoding(data: bytes) -> str | None:
    """Return the codec named by a byte order mark at the start of ``data``, if any."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return encoding
    return None


def canonical_encoding(name: str) -> str | None:
    """Return the Python codec to decode text labelled ``name`` with, or None if unknown.

    >>> canonical_encoding("GB2312")
    'gb18030'
    """
    try:
        codec = codecs.lookup(name.strip().strip("\"'")).name
        b"a".decode(codec, "ignore")  # refuses codecs that are not text encodings (base64)
    except LookupError:
        return None
    return _SUPERSETS.get(codec, codec)


def decode_text(data: bytes, *, source: str, declared: str | None = None) -> tuple[str, str]:
    """Decode bytes of a text document, returning ``(text, encoding)``.

    Order: byte order mark; then strict UTF-8 (a non-ASCII text that is valid UTF-8 is
    almost never in another encoding, but see ``_may_be_misread_gb``); then the
    ``declared`` charset (an HTML ``<meta>``); then, for a short text, GB18030 or Big5 if
    it decodes into their common characters; then charset-normalizer's guess. Line ends
    are left as they are.

    Args:
        data: the bytes read.
        source: the file name, for messages.
        declared: a charset the document declares about itself, if any.

    Raises:
        BinaryInput: NUL bytes outside UTF-16/32, or no encoding gives plausible text and
            the bytes are full of control codes.
        UndecodableText: the detected encoding fails on some bytes; UTF-8 text has invalid
            bytes; or no one encoding decodes the text (mixed UTF-8 and GBK).
    """
    encoding = bom_encoding(data)
    if encoding is None and b"\x00" in data:
        raise BinaryInput(
            f"{source}: contains NUL bytes, so it is not a text file",
            cause="text files in UTF-8, GB18030 or Big5 never contain NUL bytes; this looks "
                  "like a binary file (or UTF-16 text without its byte order mark)",
            fix=f"give a {input_formats('or')} file; save UTF-16 text as UTF-8",
        )
    if encoding is None:
        encoding = _guess_encoding(data, source=source, declared=declared)
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as error:
        raise UndecodableText(
            f"{source}: byte {error.start} is not valid {encoding}",
            cause=f"the file looks like {encoding} text but contains bytes that encoding "
                  "cannot decode (a truncated or mixed-encoding file)",
            fix="re-save the file as UTF-8 in a text editor",
        ) from error
    sample = text[:_SAMPLE]
    if len(_CONTROLS.findall(sample)) > max(8, len(sample) // 100):
        raise BinaryInput(
            f"{source}: contains control characters, so it is not a text file",
            cause="more than 1% of its characters are control codes",
            fix=f"give a {input_formats('or')} file",
        )
    return text, encoding


def _guess_encoding(data: bytes, *, source: str, declared: str | None) -> str:
    utf8 = _decoded(data, "utf-8")
    if utf8 is not None and not (_may_be_misread_gb(utf8) and _plausible_gb(data)):
        return "utf-8"
    codec = canonical_encoding(declared) if declared else None
    if codec is not None and _decoded(data, codec) is not None:
        return codec
    bad = _first_invalid_utf8(data) if utf8 is None else None
    if bad is not None and _is_utf8_text(data[:bad]):
        # Chinese UTF-8 text up to here: a statistical guess over the whole file would only
        # turn it into mojibake.
        raise UndecodableText(
            f"{source}: byte {bad} (line {_line_of(data, bad)}) is not valid UTF-8, although the text "
            "before it is",
            cause="part of the file is in another encoding (UTF-8 and GBK text pasted together), "
                  "or the file is damaged or cut short",
            fix=_MIXED_FIX,
        )
    # Statistical detection misjudges short Chinese texts (a ten-character GBK title comes
    # out as Korean cp949): for those, a decoding into common Chinese characters wins.
    short = sum(byte > 0x7F for byte in data[: 4 * _SHORT]) < 2 * _SHORT
    if short and _plausible_gb(data):
        return "gb18030"
    if short and _plausible_big5(data):
        return "big5"
    best = from_bytes(data).best()
    codec = canonical_encoding(best.encoding) if best is not None else None
    if codec is None and _plausible_gb(data):
        return "gb18030"
    if codec is None and not _control_heavy(data[:_SAMPLE]):
        found = _encoding_break(data[:_BREAK_SCAN])
        if found is not None:
            encoding, line = found
            what = f"line {line} is not {encoding}, the encoding of the Chinese text before it"
        else:
            bad = _first_invalid_utf8(data) or 0
            what = (f"byte {bad} (line {_line_of(data, bad)}) is not valid UTF-8, and the file does not "
                    "decode as GB18030 or Big5 into Chinese text either")
        raise UndecodableText(
            f"{source}: is not text in any one encoding: {what}",
            cause="the file mixes encodings (lines saved as UTF-8 and as GBK pasted together), or is damaged",
            fix=_MIXED_FIX,
        )
    if codec is None:
        raise BinaryInput(
            f"{source}: is not text in any known encoding",
            cause="the bytes decode neither as UTF-8 nor as GB18030, Big5 or another "
                  "encoding charset-normalizer knows",
            fix=f"give a {input_formats('or')} file; re-save text as UTF-8",
        )
    return codec


_MIXED_FIX = ("open the file in a text editor at that line; convert a part in GBK with "
              "`iconv -f gb18030 -t utf-8` and save the whole file as UTF-8; get a damaged file again")
# Chinese UTF-8 text has many multi-byte characters before any invalid byte; GBK or Big5
# bytes form valid UTF-8 sequences only by accident, a few at a time.
_UTF8_EVIDENCE = 8
# Bytes searched for the line where a mixed file changes encoding (an error message only).
_BREAK_SCAN = 4 * 1024 * 1024


def _first_invalid_utf8(data: bytes) -> int | None:
    """Offset of the first byte that is not valid UTF-8; None if all of ``data`` is."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as error:
        return error.start
    return None


def _is_utf8_text(prefix: bytes) -> bool:
    """Whether ``prefix`` (valid UTF-8) is clearly UTF-8 text: enough multi-byte characters,
    and not only those that GB byte pairs can form by accident (see ``_may_be_misread_gb``)."""
    text = prefix[-4 * _SAMPLE:].decode("utf-8", "ignore")
    wide = sum(1 for char in text if ord(char) > 0x7F)
    return wide >= _UTF8_EVIDENCE and not _may_be_misread_gb(text)


def _encoding_break(data: bytes) -> tuple[str, int] | None:
    """The encoding of the first line of Chinese text (UTF-8 or GB18030), and the number of
    the first later line that is not in it; None if there is no such pair."""
    encoding = None
    for number, line in enumerate(data.split(b"\n"), 1):
        if line.isascii():
            continue
        utf8 = _decoded(line, "utf-8") is not None
        if encoding is None:
            encoding = "UTF-8" if utf8 else "GB18030" if _plausible_gb(line) else None
            if encoding is None:
                return None
        elif not (utf8 if encoding == "UTF-8" else _plausible_gb(line)):
            return encoding, number
    return None


def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def _control_heavy(sample: bytes) -> bool:
    """Whether more than 1% of ``sample`` is C0 control bytes other than tab and line ends."""
    controls = sum(1 for byte in sample if (byte < 0x20 and byte not in b"\t\n\r\x0b\x0c") or byte == 0x7F)
    return controls > max(8, len(sample) // 100)


def _decoded(data: bytes, codec: str) -> str | None:
    try:
        return data.decode(codec)
    except UnicodeDecodeError:
        return None


def _may_be_misread_gb(text: str) -> bool:
    """Whether valid UTF-8 might really be a short GB text (通知 in GBK is valid UTF-8).

    GB byte pairs that happen to form UTF-8 decode to U+0250–U+07FF (IPA, combining
    marks, Hebrew …); text with CJK or with Latin accents is genuine UTF-8.
    """
    wide = [ord(char) for char in text[:_SAMPLE] if ord(char) > 0x7F]
    return bool(wide) and all(0x250 <= code <= 0x7FF for code in wide)


def _plausible_gb(data: bytes) -> bool:
    """Whether ``data`` decodes as GB18030 into (90% or more) GB2312's characters.

    Text really written in GB2312/GBK uses almost only those; Big5 or UTF-8 bytes decoded
    as GB18030 land largely outside them (GBK extensions, user-defined areas).
    """
    text = _decoded(data, "gb18030")
    if text is None:
        return False
    wide = [char for char in text[:_SAMPLE] if ord(char) > 0x7F]
    return bool(wide) and sum(_in_gb2312(char) for char in wide) >= 0.9 * len(wide)


def _plausible_big5(data: bytes) -> bool:
    """Whether ``data`` decodes as Big5 into its common characters (常用字) and symbols."""
    text = _decoded(data, "big5")
    if text is None:
        return False
    wide = [char for char in text[:_SAMPLE] if ord(char) > 0x7F]
    return bool(wide) and sum(_in_big5_common(char) for char in wide) >= 0.9 * len(wide)


def _in_big5_common(char: str) -> bool:
    try:
        lead = char.encode("big5")[0]
    except UnicodeEncodeError:
        return False
    return 0xA1 <= lead <= 0xC6


def _in_gb2312(char: str) -> bool:
    try:
        char.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return True


def unify_line_ends(text: str) -> str:
    """Turn every kind of line end into ``\\n``."""
    return _LINE_ENDS.sub("\n", text)


def strip_markdown(text: str) -> str:
    """Drop ``<!-- -->`` comments and ``#`` heading markers; keep everything else.

    >>> strip_markdown("## 第一章 总 则\\n<!-- INFO END -->\\n第一条 为了…")
    '第一章 总 则\\n\\n第一条 为了…'
    """
    text = _MD_COMMENT.sub("", text)
    return _MD_HEADING.sub(r"\1", text)


def read_text(data: bytes, *, source: str, sha256: str, markdown: bool = False) -> SourceDocument:
    """Read a TXT or Markdown file.

    Args:
        data: the file's bytes.
        source: the path or name the user gave.
        sha256: hex digest of ``data``.
        markdown: strip Markdown comments and heading markers.

    Raises:
        BinaryInput, UndecodableText: see ``decode_text``.
    """
    text, encoding = decode_text(data, source=source)
    text = unify_line_ends(text)
    if markdown:
        text = strip_markdown(text)
    return SourceDocument(
        source=source,
        format=InputFormat.MARKDOWN if markdown else InputFormat.TXT,
        raw_text=text,
        sha256=sha256,
        encoding=encoding,
    )
