"""Ingest stage: a file (or standard input) in, a ``SourceDocument`` out.

``read_input`` is the only function of the pipeline that reads from disk; ``parse_bytes``
does the rest without I/O. The reader is chosen by the content, the file name's suffix
being only a hint: a PDF saved as ``.txt`` is still read as a PDF, and an image saved as
``.txt`` is refused as binary rather than decoded as gibberish.

Limits (module constants):
    MAX_INPUT_BYTES: largest input read, 100 MiB; a longer file raises InputTooLarge and is
        never read further than one byte past the limit.
    MAX_DOCX_UNCOMPRESSED (``ingest.docx``): total uncompressed size of the parts read from a DOCX, 256 MiB.
    MAX_COMPRESSION_RATIO, RATIO_CHECK_FLOOR (``ingest.docx``): a DOCX part that inflates more than 200
        times and beyond 10 MiB is a zip bomb. Both DOCX limits raise DocxTooLarge; sizes
        are counted while decompressing, never taken from the zip headers alone.

Example:
    >>> parse_bytes("第一条　为了规范…".encode("gb18030"), source="law.txt").encoding
    'gb18030'
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
import struct
import sys
import zipfile
import zlib
from io import BytesIO

from policydiff.errors import (
    BinaryInput,
    CorruptDocx,
    InputEmpty,
    InputIsDirectory,
    InputNotFound,
    InputTooLarge,
    InputUnreadable,
    UnsupportedFormat,
)
from policydiff.ingest.text import bom_encoding, read_text
from policydiff.model import INPUT_SUFFIXES, InputFormat, SourceDocument, input_formats

__all__ = [
    "MAX_INPUT_BYTES",
    "parse_bytes",
    "read_input",
]

MAX_INPUT_BYTES = 100 * 1024 * 1024

_READ_CHUNK = 1024 * 1024
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP = (b"PK\x03\x04", b"PK\x05\x06")
_HTML_START = re.compile(r"<!doctype\s+html|<html[\s>]", re.IGNORECASE)
_ANY_TAG = re.compile(r"<(?:[a-z][a-z0-9]*|!--)[\s>/]", re.IGNORECASE)

# Signatures of binary files people mistake for documents: (magic, what it is, is an image).
_SIGNATURES = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image", True),
    (b"\xff\xd8\xff", "a JPEG image", True),
    (b"GIF87a", "a GIF image", True),
    (b"GIF89a", "a GIF image", True),
    (b"II*\x00", "a TIFF image", True),
    (b"MM\x00*", "a TIFF image", True),
    (b"\x00\x00\x00\x0cjP  ", "a JPEG 2000 image", True),
    (b"\x1f\x8b", "a gzip archive", False),
    (b"\xfd7zXZ\x00", "an xz archive", False),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive", False),
    (b"Rar!\x1a\x07", "a RAR archive", False),
    (b"\x28\xb5\x2f\xfd", "a Zstandard archive", False),
    (b"\x7fELF", "an ELF executable", False),
    (b"\xcf\xfa\xed\xfe", "a Mach-O executable", False),
    (b"SQLite format 3\x00", "an SQLite database", False),
    (b"OggS", "an Ogg media file", False),
    (b"\x1aE\xdf\xa3", "a Matroska/WebM video", False),
)


def read_input(path: str | os.PathLike[str], *, max_bytes: int = MAX_INPUT_BYTES) -> SourceDocument:
    """Read a document from a file, or from standard input when ``path`` is ``"-"``.

    Args:
        path: the file to read; ``"-"`` reads bytes from standard input.
        max_bytes: refuse inputs longer than this.

    Returns:
        The document, read as its content says (see ``parse_bytes``).

    Raises:
        InputNotFound, InputIsDirectory, InputUnreadable, InputTooLarge: the file cannot
            be read (missing, a directory, a FIFO/socket/device or not permitted, too long).
        PolicydiffError: any error of ``parse_bytes``.
    """
    if isinstance(path, str) and path == "-":
        source = "-"
        data = _read_stdin(max_bytes)
    else:
        source = os.fspath(path)
        data = _read_file(source, max_bytes)
    if len(data) > max_bytes:
        raise _too_large(source, max_bytes)
    return parse_bytes(data, source=source, suffix=os.path.splitext(source)[1])


def _read_stdin(max_bytes: int) -> bytes:
    stream = getattr(sys.stdin, "buffer", None)
    if stream is None:
        raise _unreadable("-", "standard input is closed or not a byte stream")
    try:
        return stream.read(max_bytes + 1)
    except OSError as error:
        raise _unreadable("-", error.strerror or str(error)) from error


def _read_file(source: str, max_bytes: int) -> bytes:
    try:
        info = os.stat(source)
    except (FileNotFoundError, NotADirectoryError) as error:
        raise InputNotFound(
            f"{source}: no such file",
            cause="nothing exists at this path",
            fix="check the spelling and the current directory; quote paths with spaces",
        ) from error
    except OSError as error:
        raise _unreadable(source, error.strerror or str(error)) from error
    except ValueError as error:  # a NUL character in the path
        raise _unreadable(source, str(error)) from error
    _check_regular(source, info.st_mode)
    if info.st_size > max_bytes:
        raise _too_large(source, max_bytes)
    try:
        # O_NONBLOCK: should the path be swapped for a FIFO after the check above, opening
        # it must not wait for a writer. Regular files ignore the flag.
        descriptor = os.open(source, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0)
                             | getattr(os, "O_CLOEXEC", 0))
    except OSError as error:
        raise _unreadable(source, error.strerror or str(error)) from error
    try:
        _check_regular(source, os.fstat(descriptor).st_mode)
        chunks, size = [], 0
        while size <= max_bytes:
            chunk = os.read(descriptor, min(_READ_CHUNK, max_bytes + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        return b"".join(chunks)
    except OSError as error:
        raise _unreadable(source, error.strerror or str(error)) from error
    finally:
        os.close(descriptor)


def _check_regular(source: str, mode: int) -> None:
    if stat.S_ISDIR(mode):
        raise InputIsDirectory(
            f"{source}: is a directory, not a document",
            cause="the path names a folder",
            fix="give one file; to compare whole folders use the batch command",
        )
    if not stat.S_ISREG(mode):
        kind = ("a named pipe (FIFO)" if stat.S_ISFIFO(mode) else
                "a socket" if stat.S_ISSOCK(mode) else
                "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else "not a regular file")
        raise InputUnreadable(
            f"{source}: is {kind}, not a regular file",
            cause="policydiff reads documents from regular files only, so that it never "
                  "waits on a pipe or reads an endless device",
            fix="save the content to a file first, or pipe it to standard input with `-`",
        )


def _unreadable(source: str, reason: str) -> InputUnreadable:
    return InputUnreadable(
        f"{source}: cannot be read ({reason})",
        cause="the operating system refused to open or read the file",
        fix="check the file's permissions (ls -l) and that its disk is available",
    )


def _too_large(source: str, max_bytes: int) -> InputTooLarge:
    return InputTooLarge(
        f"{source}: is larger than the {max_bytes // 2**20} MiB limit",
        cause=f"inputs over {max_bytes} bytes are refused to keep time and memory bounded; "
              "no policy document needs that much",
        fix="check that this is the right file; a PDF full of images can be reduced by "
            "saving its text as TXT or DOCX",
    )


def parse_bytes(data: bytes, *, source: str, suffix: str = "") -> SourceDocument:
    """Read a document from its bytes, choosing the reader by content.

    Args:
        data: the whole input.
        source: the path or name to report (``-`` for standard input).
        suffix: the file name's suffix (``.md``, ``.html`` …), a hint for text formats.

    Returns:
        The document with its text, format, encoding, title and SHA-256.

    Raises:
        InputEmpty: no content, or no text once the markup is removed.
        UnsupportedFormat: a document format policydiff does not read (DOC, XLSX, ODT …).
        BinaryInput: not a document at all (an image, an archive, random bytes).
        UndecodableText, UnsafeMarkup, CorruptDocx, DocxTooLarge, CorruptPdf,
            EncryptedPdf, PdfWithoutText: from the format readers.
    """
    if not data.strip():
        raise _empty(source, "the input has no content" if not data else
                     "the input contains only whitespace")
    sha256 = hashlib.sha256(data).hexdigest()
    found = _sniff(data, source=source, suffix=suffix.lower())
    # The PDF, DOCX and HTML readers are imported when needed (50 ms that a text never pays).
    if found is InputFormat.PDF:
        from policydiff.ingest.pdf import read_pdf

        document = read_pdf(data, source=source, sha256=sha256)
    elif found is InputFormat.DOCX:
        from policydiff.ingest.docx import read_docx

        document = read_docx(data, source=source, sha256=sha256)
    elif found is InputFormat.HTML:
        from policydiff.ingest.html import read_html

        document = read_html(data, source=source, sha256=sha256)
    else:
        document = read_text(data, source=source, sha256=sha256,
                             markdown=found is InputFormat.MARKDOWN)
    # str.strip() knows U+3000 and NBSP but not the BOM character.
    if not document.raw_text.strip().strip("\ufeff").strip():
        raise _empty(source, f"the {found.value.upper()} file contains no text")
    return document


def _empty(source: str, cause: str) -> InputEmpty:
    return InputEmpty(
        f"{source}: is empty",
        cause=cause,
        fix="check that the right file was given and that it was saved completely",
    )


def _sniff(data: bytes, *, source: str, suffix: str) -> InputFormat:
    """The format of ``data``, judged by its content; raise if it is not a document."""
    if data.lstrip(b"\t\n\r\f ").startswith(b"%PDF-") or (
            suffix == ".pdf" and b"%PDF-" in data[:1024]):
        return InputFormat.PDF
    if data.startswith(_ZIP):
        return _sniff_zip(data, source=source, suffix=suffix)
    if data.startswith(_OLE2):
        raise UnsupportedFormat(
            f"{source}: is in the old binary Word format (.doc), which policydiff does not read",
            cause="the file is an OLE2 compound file, the format of Word 97–2003 .doc "
                  "(also .xls, .ppt, .wps, and password-protected Office files)",
            fix="open it in Word, WPS or LibreOffice and save it as DOCX, or run "
                "`soffice --headless --convert-to docx FILE`",
        )
    if data.startswith((b"{\\rtf", b"%!PS")):
        what = "RTF" if data.startswith(b"{") else "PostScript"
        raise UnsupportedFormat(
            f"{source}: is an {what} file, which policydiff does not read",
            cause=f"{what} is not one of the formats read ({input_formats('and')})",
            fix="save it as DOCX or PDF" if what == "RTF" else "convert it with `ps2pdf FILE`",
        )
    for magic, what, image in _SIGNATURES:
        if data.startswith(magic):
            raise _binary(source, what, image)
    if data[4:8] == b"ftyp":
        raise _binary(source, "an MP4/HEIF media file", data[8:12] in (b"heic", b"heix", b"avif", b"mif1"))
    if _looks_like_html(data, suffix):
        return InputFormat.HTML
    if suffix in INPUT_SUFFIXES[InputFormat.MARKDOWN]:
        return InputFormat.MARKDOWN
    return InputFormat.TXT


def _binary(source: str, what: str, image: bool) -> BinaryInput:
    if image:
        return BinaryInput(
            f"{source}: is {what}, not a text document",
            cause="an image of a page has no text layer to compare",
            fix="run OCR on it first (e.g. `tesseract page.png out -l chi_sim` or "
                "`ocrmypdf -l chi_sim in.pdf out.pdf` for a scan in a PDF), or get the "
                "document as DOCX, PDF with text, HTML or TXT",
        )
    return BinaryInput(
        f"{source}: is {what}, not a document",
        cause=f"policydiff reads {input_formats('and')} files",
        fix="extract the document from it first and give that file",
    )


def _sniff_zip(data: bytes, *, source: str, suffix: str) -> InputFormat:
    try:
        archive = zipfile.ZipFile(BytesIO(data))
        names = set(archive.namelist())
        mimetype = _small_member(archive, "mimetype") if "mimetype" in names else b""
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, RuntimeError,
            NotImplementedError, struct.error, zlib.error) as error:
        if suffix == ".docx":
            raise CorruptDocx(
                f"{source}: is not a readable DOCX (zip) file",
                cause=f"the zip structure is damaged: {error}",
                fix="download the file again, or open it in Word or LibreOffice and save it "
                    "again as DOCX",
            ) from error
        raise UnsupportedFormat(
            f"{source}: is a damaged zip archive",
            cause=f"it starts like a zip file but cannot be opened: {error}",
            fix=f"give a {input_formats('or')} file",
        ) from error
    if any(name.startswith("word/") for name in names):
        return InputFormat.DOCX
    what = _zip_kind(names, mimetype)
    if what is None and suffix == ".docx":
        return InputFormat.DOCX  # the DOCX reader explains what is missing
    if what is not None and "OFD" in what:
        fix = "open it in an OFD reader (数科, 福昕 OFD) and export it as PDF"
    else:
        fix = "open it in the application that made it and save it as DOCX, PDF or TXT"
    raise UnsupportedFormat(
        f"{source}: looks like {what or 'a zip archive'}, which policydiff does not read",
        cause="it is a zip container but not a Word document (no word/document.xml)",
        fix=fix,
    )


def _small_member(archive: zipfile.ZipFile, name: str) -> bytes:
    with archive.open(name) as stream:
        return stream.read(200)


def _zip_kind(names: set[str], mimetype: bytes) -> str | None:
    """Say what kind of zip-based file this is, for the error message."""
    kinds = (
        (b"opendocument.text", "an OpenDocument text (ODT)"),
        (b"opendocument.spreadsheet", "an OpenDocument spreadsheet (ODS)"),
        (b"opendocument.presentation", "an OpenDocument presentation (ODP)"),
        (b"epub", "an EPUB e-book"),
    )
    for marker, what in kinds:
        if marker in mimetype:
            return what
    if any(name.startswith("xl/") for name in names):
        return "an Excel workbook (XLSX)"
    if any(name.startswith("ppt/") for name in names):
        return "a PowerPoint presentation (PPTX)"
    if "OFD.xml" in names:
        return "an OFD document (the Chinese fixed-layout format)"
    return None


def _looks_like_html(data: bytes, suffix: str) -> bool:
    head = data[:4096].decode(bom_encoding(data) or "latin-1", errors="ignore")
    if _HTML_START.search(head):
        return True
    return suffix in INPUT_SUFFIXES[InputFormat.HTML] and bool(_ANY_TAG.search(head))
