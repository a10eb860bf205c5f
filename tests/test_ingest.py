"""Ingest stage (policydiff.ingest): choosing the reader, input errors, the format table.

Each reader has its own file: test_ingest_text.py (encodings, Markdown), test_ingest_html.py,
test_ingest_docx.py and test_ingest_pdf.py. Every input is generated here; the passage is from
the issued 2020-2021 秋冬季攻坚行动方案 (a seed, tests/builders.py).
"""

from __future__ import annotations

import codecs
import hashlib
import io
import os
import random
import shutil
import sys
import tempfile
import zipfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policydiff.errors import (
    BinaryInput,
    CorruptDocx,
    InputEmpty,
    InputIsDirectory,
    InputNotFound,
    InputTooLarge,
    InputUnreadable,
    PolicydiffError,
    UnsupportedFormat,
)
from policydiff.ingest import MAX_INPUT_BYTES, parse_bytes, read_input
from policydiff.model import InputFormat

from .builders import TEXT
from .conftest import in_child


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


# --- what is recorded of the input, and which reader reads it ------------------------------------

def test_sha256_is_of_the_input_bytes() -> None:
    data = TEXT.encode("gb18030")
    assert parse_bytes(data, source="x.txt").sha256 == hashlib.sha256(data).hexdigest()


def test_html_is_recognised_by_content_whatever_the_suffix() -> None:
    page = "<!doctype html><html><body><p>正文。</p></body></html>"
    assert parse_bytes(page.encode(), source="saved.txt", suffix=".txt").format is InputFormat.HTML


def test_html_suffix_with_tags_is_html() -> None:
    document = parse_bytes("<p>正文。</p><p>第二段。</p>".encode(), source="f.htm", suffix=".htm")
    assert (document.format, document.raw_text) == (InputFormat.HTML, "正文。\n第二段。")


# --- choosing the reader and refusing what is not a document --------------------------------

def _zip(names: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in names.items():
            archive.writestr(name, data)
    return buffer.getvalue()


PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
OLE_DOC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)


@pytest.mark.parametrize(("name", "data", "error", "words"), [
    ("empty.txt", b"", InputEmpty, "no content"),
    ("blank.txt", b" \n\t\r\n  ", InputEmpty, "whitespace"),
    ("blank16.txt", codecs.BOM_UTF16_LE + "　\n \n".encode("utf-16-le"), InputEmpty, "no text"),
    ("random.bin", random.Random(7).randbytes(4096), BinaryInput, "NUL"),
    ("scan.png", PNG, BinaryInput, "OCR"),
    ("photo.txt", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00", BinaryInput, "OCR"),
    ("notice.doc", OLE_DOC, UnsupportedFormat, "DOCX"),
    ("table.xlsx", _zip({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<w/>"}),
     UnsupportedFormat, "Excel"),
    ("text.odt", _zip({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<x/>"}),
     UnsupportedFormat, "OpenDocument"),
    ("notice.ofd", _zip({"OFD.xml": b"<ofd:OFD/>"}), UnsupportedFormat, "PDF"),
    ("bundle.zip", _zip({"a.txt": b"x"}), UnsupportedFormat, "zip"),
    ("broken.docx", b"PK\x03\x04" + bytes(40), CorruptDocx, "zip"),
    ("notes.rtf", b"{\\rtf1\\ansi hello}", UnsupportedFormat, "DOCX"),
    ("data.txt.gz", b"\x1f\x8b\x08\x00" + bytes(20), BinaryInput, "gzip"),
    ("nul.txt", "正文\x00正文".encode(), BinaryInput, "NUL"),
    ("controls.txt", bytes(range(1, 9)) * 50, BinaryInput, "control"),
], ids=lambda value: value if isinstance(value, str) and "." in value else "")
def test_inputs_that_are_not_documents(tmp_path: Path, name: str, data: bytes,
                                       error: type[PolicydiffError], words: str) -> None:
    path = write(tmp_path, name, data)
    with pytest.raises(error) as caught:
        read_input(path)
    assert str(path) in caught.value.render()
    assert words in caught.value.render()


def test_content_wins_over_suffix(tmp_path: Path) -> None:
    # A Markdown suffix on HTML content, and a .pdf suffix on plain text.
    page = write(tmp_path, "page.md", b"<html><body><p>\xe6\xad\xa3\xe6\x96\x87</p></body></html>")
    text = write(tmp_path, "notice.pdf", TEXT.encode("utf-8"))
    assert read_input(page).format is InputFormat.HTML
    assert read_input(text).format is InputFormat.TXT


def test_missing_path(tmp_path: Path) -> None:
    path = tmp_path / "nowhere" / "notice.txt"
    with pytest.raises(InputNotFound) as caught:
        read_input(path)
    assert str(path) in caught.value.render()


def test_directory(tmp_path: Path) -> None:
    with pytest.raises(InputIsDirectory) as caught:
        read_input(tmp_path)
    assert str(tmp_path) in caught.value.render()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this platform")
def test_fifo_is_refused_without_blocking(tmp_path: Path) -> None:
    path = tmp_path / "pipe"
    os.mkfifo(path)
    with pytest.raises(InputUnreadable) as caught:
        read_input(path)  # would hang forever if the FIFO were opened for reading
    assert "FIFO" in caught.value.render() and str(path) in caught.value.render()


def read_error_code(path: Path, *, as_nobody: bool) -> str:
    """Read ``path`` in a forked child (as the user "nobody" if asked); the error it raised."""
    def task() -> bytes:
        try:
            read_input(path)
            return b"no error"
        except PolicydiffError as error:
            return f"{error.code}\n{error.render()}".encode()

    return in_child(task, as_nobody=as_nobody).decode()


@pytest.mark.skipif(not hasattr(os, "fork"), reason="POSIX permissions only")
def test_unreadable_file() -> None:
    # Root reads any file whatever its mode, so as root the read runs in a forked child
    # that has dropped to the unprivileged user "nobody"; the folder is made in the system
    # temp folder (pytest's own is private to its user) and opened to others.
    directory = Path(tempfile.mkdtemp(prefix="policydiff-unreadable-"))
    directory.chmod(0o755)
    path = write(directory, "secret.txt", TEXT.encode())
    path.chmod(0)
    try:
        code, message = read_error_code(path, as_nobody=os.geteuid() == 0).split("\n", 1)
        assert code == InputUnreadable.code
        assert str(path) in message and "fix:" in message
    finally:
        shutil.rmtree(directory)


def test_too_large(tmp_path: Path) -> None:
    path = write(tmp_path, "big.txt", TEXT.encode() * 10)
    with pytest.raises(InputTooLarge) as caught:
        read_input(path, max_bytes=100)
    assert str(path) in caught.value.render()
    assert MAX_INPUT_BYTES == 100 * 1024 * 1024


def test_exactly_max_bytes_is_accepted(tmp_path: Path) -> None:
    data = TEXT.encode()
    assert read_input(write(tmp_path, "fit.txt", data), max_bytes=len(data)).raw_text == TEXT


def test_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    stdin = io.TextIOWrapper(io.BytesIO(TEXT.encode("gb18030")))
    monkeypatch.setattr(sys, "stdin", stdin)
    document = read_input("-")
    assert (document.source, document.raw_text, document.encoding) == ("-", TEXT, "gb18030")


def test_stdin_too_large(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"x" * 1000)))
    with pytest.raises(InputTooLarge) as caught:
        read_input("-", max_bytes=999)
    assert caught.value.render().startswith("error E105 (too-large): -:")


_PREFIXES = st.sampled_from([b"", b"%PDF-1.7\n", b"PK\x03\x04", b"<html><body>", b"\xef\xbb\xbf",
                             b"\xff\xfe", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", b"\x89PNG\r\n\x1a\n"])


@settings(max_examples=200, deadline=None)
@given(prefix=_PREFIXES, data=st.binary(max_size=600))
def test_any_bytes_give_a_document_or_our_error(prefix: bytes, data: bytes) -> None:
    try:
        document = parse_bytes(prefix + data, source="fuzz.bin")
    except PolicydiffError as error:
        assert "fuzz.bin" in error.render()
    else:
        assert document.raw_text.strip()


def test_path_with_nul_character() -> None:
    with pytest.raises(InputUnreadable) as caught:
        read_input("notice\x00.txt")
    assert "notice" in caught.value.render()


def test_closed_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", None)
    with pytest.raises(InputUnreadable):
        read_input("-")


# --- the input-format table -------------------------------------------------------------------

def test_every_suffix_of_the_format_table_is_read_as_its_format_and_collected_by_batch(tmp_path) -> None:
    from policydiff.batch import _discover
    from policydiff.model import INPUT_SUFFIXES

    samples = {InputFormat.TXT: "第一条 为了规范管理，制定本办法。", InputFormat.MARKDOWN: "# 办法\n\n第一条 为了规范管理。",
               InputFormat.HTML: "<html><body><p>第一条 为了规范管理。</p></body></html>"}
    names = []
    for fmt, suffixes in INPUT_SUFFIXES.items():
        for n, suffix in enumerate(suffixes):
            names.append(f"{fmt.value}{n}{suffix}")
            if fmt in samples:
                (tmp_path / names[-1]).write_text(samples[fmt], encoding="utf-8")
                assert read_input(tmp_path / names[-1]).format is fmt
            else:
                (tmp_path / names[-1]).write_bytes(b"")
    assert _discover(tmp_path, tmp_path / "out") == sorted(names)
